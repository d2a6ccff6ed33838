"""The search page: a query, theme filters, and the results the site's search index finds.

The header's search box on every page is a plain GET form that lands here with ?q=...
The form is shown from the first paint wherever JavaScript runs, and the note that
searching needs it only where it does not (docs/assets/site.css, by Material's `no-js`
class), so nothing moves when our own script (overrides/assets/javascripts/search.js,
loaded by this page only) starts: it asks the search index (written by the build, scripts/search/index.py) and lists the
results, keeping the query and the ticked themes in the address (?q=...&theme=a&theme=b, the same
`theme` parameter as the Browse page) so a search can be linked. Without JavaScript nothing can
search a static site, so the page says so and points to the Browse page, which works without it.
"""

from __future__ import annotations

import html
import posixpath

from scripts.content.addresses import page_url
from scripts.content.model import Essay, Theme, Vocabulary
from scripts.pages.browse import theme_boxes
from scripts.pages.essay import search_more
from scripts.pages.format import Fragments, to_root, url

URI = "search.md"
SCRIPT = "assets/javascripts/search.js"
BROWSE_URI = "browse.md"

# `search.exclude` keeps this page out of the search index (the hook indexes every other page but listings).
_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n\n"


def essay_entry(essay: Essay, url: str, content_html: str) -> dict[str, object]:
    """What the search index (scripts/search/index.py, `add`) is given of an essay's page: its text as the check
    rendered it, and the words that join the page after Markdown that it should be found by."""
    return dict(
        url=url,
        title=essay.title,
        lead=essay.summary,
        content_html=content_html,
        more=search_more(essay),
        themes=essay.themes,
        date=essay.date.isoformat(),
    )


def page_entry(site_name: str, url: str, title: str, theme: Theme | None, content_html: str) -> dict[str, object]:
    """What the search index is given of any other page: its HTML as Markdown leaves it, before the fragments
    (listings of other essays, the citation block) join it, so a search for a title finds that essay, not
    every list of it. `title` as the engine gives it, HTML-escaped; the home page is named by the site."""
    return dict(
        url=url,
        title=site_name if url == "" else html.unescape(title),
        lead=theme.description if theme else "",
        content_html=content_html,
        named=True,
    )


def _form(vocabulary: Vocabulary) -> str:
    """The query and the theme filters, shown only where JavaScript runs (without it they do nothing)."""
    lenses = theme_boxes(vocabulary)
    return (
        '<form class="browse-form search-form js-only" id="search-form" action="./" method="get" role="search">\n'
        '<p class="search-form__query"><label for="search-query">Search the essays and themes</label>'
        '<span class="not-found__row"><input id="search-query" type="search" name="q" autocomplete="off">'
        '<button class="md-button md-button--primary" type="submit">Search</button></span></p>\n'
        # Folded: two dozen themes would push the results below the first screen; open when themes are ticked.
        '<details class="search-form__filters"><summary>Filter by theme</summary>\n'
        '<fieldset class="browse-form__themes"><legend>Only essays carrying every theme you tick</legend>'
        + "".join(lenses)
        + "</fieldset>\n</details>\n</form>\n"
    )


def search_page(vocabulary: Vocabulary, fragments: Fragments) -> str:
    root = to_root(URI)
    script = posixpath.relpath(SCRIPT, page_url(URI))
    return (
        _FRONT_MATTER
        + "# Search\n"
        + fragments.defer(
            _form(vocabulary)
            + '<p class="search-needs-js no-js-only" id="search-needs-js">Searching needs JavaScript, which is off or '
            f'could not run in your browser. The <a href="{url(root, BROWSE_URI)}">Browse page</a> lists every essay '
            "by theme, author, commentator and year without it.</p>\n"
            '<p class="search-status" id="search-status" role="status" aria-live="polite"></p>\n'
            '<ol class="search-results" id="search-results"></ol>\n'
            '<p class="search-more"><button class="md-button" id="search-more" type="button" hidden>'
            "Show more results</button></p>\n"
        )
        + f'\n<script src="{script}" defer></script>\n'
    )
