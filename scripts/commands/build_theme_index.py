"""Write every generated page, and the data files, to a folder for inspection:
`python -m scripts.commands.build_theme_index --out DIR`.

The MkDocs build makes the same pages in memory (see scripts/adapter/hooks.py);
this command shows them without MkDocs, and fails with the validator's messages
when the content is invalid.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from scripts.commands.validate import ROOT, report
from scripts.content.check import check
from scripts.content.rendering import ABBREVIATIONS_FILE, parse_glossary
from scripts.pages.site import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.commands.build_theme_index", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write the Markdown pages into")
    parser.add_argument("--drafts", action="store_true", help="include draft essays, as `mkdocs serve` does")
    args = parser.parse_args(argv)
    checked = check(ROOT, keep_html=True)
    if checked.corpus is None:
        report(checked.problems)
        return 1
    glossary = parse_glossary((ROOT / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    site = generate(
        checked.corpus, checked.rendered, include_drafts=args.drafts, today=datetime.date.today(), glossary=glossary
    )
    for uri in site.pages:
        target = args.out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(site.expanded(uri), encoding="utf-8")
    written = 0
    for path, data in site.data():  # the open data, as the build publishes it (scripts/pages/data.py)
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    print(f"wrote {len(site.pages)} pages and {written} data files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
