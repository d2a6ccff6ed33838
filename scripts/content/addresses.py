"""Where each thing of the content lives on the site: source paths (as MkDocs names files) and their URLs.

The check resolves an essay's links against these addresses and the page generators write them, so
both layers name a page the same way. The site builds with directory URLs (MkDocs' default):
`themes/x.md` is served at `themes/x/`.
"""

from __future__ import annotations

import posixpath

ESSAYS_DIR = "essays"
IMAGES_DIR = f"{ESSAYS_DIR}/images"  # an essay's images, `![alt](images/<file>)` from the essay

# The anchors of the sections the site adds after an essay's text, (anchor, heading), in page order:
# an essay's own heading or element may not take one (a link to the section would land on it).
PIECES = ("pieces-discussed", "Pieces discussed")
RELATED = ("related-essays", "Related essays")
OTHER_SIDE = ("the-other-side", "The other side")
CITE = ("cite-this-essay", "Cite this essay")
# The notes of corrections and updates, under the byline (before the text, so not in the table of contents).
CORRECTIONS = ("corrections", "Corrections and updates")
ESSAY_SECTIONS = (PIECES, RELATED, OTHER_SIDE, CITE, CORRECTIONS)


def essay_uri(slug: str) -> str:
    return f"{ESSAYS_DIR}/{slug}.md"


def theme_uri(slug: str) -> str:
    return f"themes/{slug}.md"


def lens_uri(slug: str) -> str:
    return f"lenses/{slug}.md"


def author_uri(slug: str) -> str:
    return f"authors/{slug}.md"


def commentator_uri(slug: str) -> str:
    return f"commentators/{slug}.md"


def year_uri(year: int) -> str:
    return f"archive/{year}.md"


# The generated pages that are not one per essay, theme, lens, author, commentator or year.
INDEX_PAGES = (
    "essays/index.md",
    "themes/index.md",
    "archive/index.md",
    "authors/index.md",
    "commentators/index.md",
    "timeline.md",
    "glossary.md",
    "browse.md",
    "search.md",
    "corrections.md",
    "data.md",
)


def page_url(uri: str) -> str:
    """The URL path MkDocs gives a source file with directory URLs: 'themes/x.md' -> 'themes/x/'."""
    stem = uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def file_url(uri: str) -> str:
    """The URL path of any source file: a page's folder, or a static file's own path."""
    return page_url(uri) if uri.endswith(".md") else uri


def href(from_uri: str, to_uri: str) -> str:
    """A relative href from a page to a page or a static file, as MkDocs writes it for a Markdown link."""
    # With directory URLs every page is a folder, so links resolve from the page's own URL.
    target = file_url(to_uri)
    rel = posixpath.relpath(target or ".", page_url(from_uri) or ".")
    if rel == ".":
        return "./"
    return rel + "/" if target.endswith("/") or not target else rel
