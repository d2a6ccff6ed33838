"""Check essays and vocabularies: `python -m scripts.validate [PATH ...]`.

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

from scripts.corpus import ESSAYS_DIR, load_corpus
from scripts.problems import Problem

ROOT = Path(__file__).resolve().parent.parent


def report(problems: list[Problem]) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem)
        if annotate:
            print(problem.github_annotation())


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.validate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="essay files to check (default: all of essays/)")
    args = parser.parse_args(argv)
    problems: list[Problem] = []
    only = None
    if args.paths:
        only = []
        for path in args.paths:
            full = path if path.is_absolute() else Path.cwd() / path
            if full.resolve().parent != (root / ESSAYS_DIR).resolve():
                problems.append(Problem(str(path), 0, f"essays live in {ESSAYS_DIR}/; move the file there"))
            elif not full.is_file():
                problems.append(Problem(str(path), 0, "no such file"))
            elif full.suffix == ".md":
                only.append(full)
    corpus, found = load_corpus(root, only)
    problems = sorted(problems + found)
    report(problems)
    if problems:
        print(f"{len(problems)} problem(s) found. Fix them and run the check again.", file=sys.stderr)
        return 1
    assert corpus is not None
    checked = len(only) if only is not None else len(corpus.essays)
    print(f"ok: {checked} essay(s) and both vocabularies are valid", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
