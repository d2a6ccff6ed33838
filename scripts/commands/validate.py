"""Check essays and vocabularies: `python -m scripts.commands.validate [PATH ...]`.

Prints one `path:line: message` per problem and exits 1 if there is any, 0
otherwise. With no PATH, checks everything in essays/. Under GitHub Actions
(GITHUB_ACTIONS=true) it also prints `::error` annotations, so each message
lands on its line in the pull request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scripts.content.addresses import ESSAYS_DIR, IMAGES_DIR
from scripts.content.check import check
from scripts.content.problems import Problem

ROOT = Path(__file__).resolve().parents[2]


def report(problems: list[Problem] | tuple[Problem, ...]) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem)
        if annotate:
            print(problem.github_annotation())


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.commands.validate", description=__doc__.splitlines()[0])
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
    report(problems)
    if problems:
        print(f"{len(problems)} problem(s) found. Fix them and run the check again.", file=sys.stderr)
        return 1
    count = len(only) if only is not None else len(checked.essays)
    print(f"ok: {count} essay(s) and both vocabularies are valid", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
