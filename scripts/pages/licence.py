"""The terms the site is published under, stated once: every page's footer, the About and Data pages, the
essays' JSON-LD, the feeds and the data files take them from here (LICENSE and LICENSE-CONTENT.md hold the texts).

The code is under the MIT licence; the essays, the vocabulary's descriptions, the charts and the data under
Creative Commons Attribution 4.0, with quoted material remaining its authors'.
"""

from __future__ import annotations

HOLDER = "NHS Reform Commentary contributors"
CONTENT_NAME = "CC BY 4.0"
CONTENT_TITLE = "Creative Commons Attribution 4.0 International"
CONTENT_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_NAME = "MIT"
QUOTED = "quoted material remains its authors'"

# Atom's <rights>: text a feed reader shows beside the entries.
RIGHTS = f"© {HOLDER}. Essays licensed under {CONTENT_TITLE} ({CONTENT_NAME}, {CONTENT_URL}); {QUOTED}."


def reuse_html(what: str = "This essay") -> str:
    """One sentence, as HTML, on reusing `what` (the text of an essay, a file, the data)."""
    return (
        f'{what} is published under <a href="{CONTENT_URL}" rel="license">{CONTENT_NAME}</a>: you may share and '
        f"adapt it, for any purpose, if you credit {HOLDER} and link to the source; {QUOTED}."
    )
