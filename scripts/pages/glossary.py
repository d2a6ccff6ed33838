"""The glossary page, from the same abbreviations file that gives every page its tooltips."""

from __future__ import annotations

from scripts.pages.format import text


def glossary_page(glossary: dict[str, str]) -> str:
    entries = sorted(glossary.items())
    rows = "\n".join(f"| **{text(term)}** | {text(meaning)} |" for term, meaning in entries)
    return (
        "# Glossary\n\n"
        "The acronyms our essays use. Wherever one appears on the site, hovering over it or focusing it "
        "shows its meaning.\n\n"
        "| Term | Meaning |\n|---|---|\n" + rows + "\n"
    )
