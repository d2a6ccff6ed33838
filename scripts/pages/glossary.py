"""The glossary page, from the same abbreviations file that gives every page its tooltips."""

from __future__ import annotations

import re

from scripts.pages.format import text

ABBREVIATIONS_FILE = "includes/abbreviations.md"
_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>.+)$")


def parse_glossary(abbreviations: str) -> dict[str, str]:
    """Term -> meaning, from the file's `*[TERM]: meaning` lines (Python-Markdown's abbreviation syntax)."""
    return {m["term"]: m["meaning"].strip() for line in abbreviations.splitlines() if (m := _LINE.match(line.strip()))}


def glossary_page(glossary: dict[str, str]) -> str:
    entries = sorted(glossary.items())
    rows = "\n".join(f"| **{text(term)}** | {text(meaning)} |" for term, meaning in entries)
    return (
        "# Glossary\n\n"
        "The acronyms our essays use. Wherever one appears on the site, hovering over it or focusing it "
        "shows its meaning.\n\n"
        "| Term | Meaning |\n|---|---|\n" + rows + "\n"
    )
