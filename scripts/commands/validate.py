"""Check essays and vocabularies: `./tasks check [PATH ...]` (`python -m scripts.commands.validate`).

Prints one `path:line: message` per problem, then how many, and exits 1 if there is any, 0 otherwise. With
no PATH, checks everything in essays/. Under GitHub Actions (GITHUB_ACTIONS=true) it also prints `::error`
annotations, so each message lands on its line in the pull request, and writes every problem to the job's
summary (GITHUB_STEP_SUMMARY), where none is cut off.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from pathlib import Path

from scripts.content.addresses import ESSAYS_DIR, IMAGES_DIR
from scripts.content.check import check
from scripts.content.problems import Problem, shown

ROOT = Path(__file__).resolve().parents[2]
# GitHub shows at most this many error annotations of one step in a pull request; the rest are in the log.
ANNOTATED_PER_STEP = 10


def summary(problems: list[Problem] | tuple[Problem, ...], checked: int) -> str:
    """The job summary: every problem with its fix, as a Markdown table by file and line."""
    if not problems:
        return f"### The essays' check\n\nNo problems: {checked} essay(s) and both vocabularies are valid.\n"
    rows = [f"| {_cell(p.path)} | {p.line or 1} | {_cell(p.message)} |" for p in problems]
    return "\n".join(
        [
            "### The essays' check",
            "",
            f"{len(problems)} problem(s) found. Each row says where and what to do; fix them and push again.",
            "",
            "| File | Line | Problem and fix |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )


def _cell(text: str) -> str:
    """Text as one cell of GitHub's Markdown table: a | would end the cell, a ` start code, and a <slug> or an
    <iframe> in a message would be read as HTML."""
    return html.escape(shown(text), quote=False).replace("|", "\\|").replace("`", "'")


def report(problems: list[Problem] | tuple[Problem, ...], checked: int) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true" and not os.environ.get("NHS_NO_ANNOTATIONS")
    for problem in problems:
        print(problem)
        if annotate:
            print(problem.github_annotation())
    if annotate and len(problems) > ANNOTATED_PER_STEP:
        more = len(problems) - ANNOTATED_PER_STEP
        print(
            f"::warning::{len(problems)} problems: GitHub shows the first {ANNOTATED_PER_STEP} on their lines, "
            f"so {more} more are only in this log and in the job summary (the run's Summary page)"
        )
    if annotate and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(summary(problems, checked))


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="./tasks check", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="essay files to check (default: all of essays/)")
    args = parser.parse_args(argv)
    problems: list[Problem] = []
    only = None
    if args.paths:
        only = set()
        for path in args.paths:
            full = path if path.is_absolute() else Path.cwd() / path
            if full.resolve().is_relative_to((root / IMAGES_DIR).resolve()):
                continue  # an image: what matters is that the essays showing it find it
            if full.resolve().parent != (root / ESSAYS_DIR).resolve():
                problems.append(Problem(str(path), 0, f"essays live in {ESSAYS_DIR}/; move the file there"))
            elif not full.is_file():
                problems.append(Problem(str(path), 0, "no such file"))
            else:
                only.add(f"{ESSAYS_DIR}/{full.name}")
    checked = check(root, only)
    problems = sorted(problems + list(checked.problems))
    count = len(only) if only is not None else len(checked.essays)
    report(problems, count)
    if problems:
        print(f"{len(problems)} problem(s) found. Fix them and run the check again.")
        return 1
    print(f"ok: {count} essay(s) and both vocabularies are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
