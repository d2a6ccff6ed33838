"""The Markdown of an essay's page: header, body, and what the site adds around it."""

from __future__ import annotations

from collections.abc import Callable

from scripts.analysis import Link
from scripts.model import Essay, Vocabulary
from scripts.pages.cite import CITE_MARKER
from scripts.pages.format import (
    Fragments,
    attr,
    byline,
    chips,
    commentator_uri,
    published_date,
    text,
    url,
)

# Everything the site adds around the essay's own text is HTML rather than Markdown: it is
# escaped here, and Markdown passes it through instead of parsing it again on every page.
ROOT = "../../"  # from /essays/<slug>/ back to the site's root


def _names(slugs: tuple[str, ...], vocabulary: Vocabulary) -> str:
    return ", ".join(f"<em>{attr(vocabulary.theme[s].name)}</em>" for s in slugs)


def _sources(essay: Essay, fragments: Fragments) -> str:
    if not essay.sources:
        return ""
    items = []
    for s in essay.sources:
        author = f'<a href="{url(ROOT, commentator_uri(s.commentator_slug))}">{attr(s.author)}</a>'
        read = (
            f' <a href="{attr(s.url)}">Read it<span class="visually-hidden">: {attr(s.title)}</span></a>'
            if s.url
            else ""
        )
        items.append(
            f"<li><cite>{attr(s.title)}</cite>, {author}, {attr(s.publisher)}, "
            f"{published_date(s.published)}.{read}</li>"
        )
    return "## Pieces discussed\n" + fragments.defer("<ul>\n" + "\n".join(items) + "\n</ul>\n")


def _lens_strip(essay: Essay, vocabulary: Vocabulary) -> str:
    """For each lens, which of its themes the essay carries: a reader sees at a glance where it stands."""
    rows = []
    for lens in vocabulary.lenses:
        themes = vocabulary.themes_of_lens(lens.slug)
        carried = [t.name for t in themes if t.slug in essay.themes]
        said = "carries " + ", ".join(carried) if carried else "carries none of its themes"
        cells = "".join(
            f'<li class="lens-strip__theme{" lens-strip__theme--on" if t.slug in essay.themes else ""}">'
            f"{attr(t.name)}</li>"
            for t in themes
        )
        rows.append(
            f'<div class="lens-strip__row"><span class="lens-strip__lens">{attr(lens.name)}'
            f'<span class="visually-hidden">: this essay {attr(said)}.</span></span>'
            f'<ul class="lens-strip__themes" aria-hidden="true">{cells}</ul></div>'
        )
    return (
        '<section class="lens-strip" aria-label="Where this essay stands in each lens">\n'
        + "\n".join(rows)
        + "\n</section>\n"
    )


def _essay_links(heading: str, intro: str, items: Callable[[], list[str]], fragments: Fragments) -> str:
    # A fragment is not in the page's search text: searching other essays' titles should find those essays.
    return f"## {heading}\n\n{intro}" + fragments.defer(lambda: "<ul>\n" + "\n".join(items()) + "\n</ul>\n")


def _related(links: list[Link], vocabulary: Vocabulary, fragments: Fragments) -> str:
    if not links:
        return "## Related essays\n\n*No other essay shares a theme with this one yet.*\n"
    return _essay_links(
        "Related essays",
        "",
        lambda: [
            f'<li><a href="{url(ROOT, item.essay.src_uri)}">{attr(item.essay.title)}</a>'
            f" — shares {_names(item.themes, vocabulary)}</li>"
            for item in links
        ],
        fragments,
    )


def _other_side(links: list[Link], vocabulary: Vocabulary, fragments: Fragments) -> str:
    if not links:
        return ""
    return _essay_links(
        "The other side",
        "Essays on a theme that opposes one of this essay's own:\n\n",
        lambda: [
            f'<li><a href="{url(ROOT, item.essay.src_uri)}">{attr(item.essay.title)}</a>'
            f" — on {_names(item.themes, vocabulary)}, the other side of {_names(item.answers, vocabulary)}</li>"
            for item in links
        ],
        fragments,
    )


def search_more(essay: Essay) -> str:
    """The words of the essay's page that join it after Markdown and that a search should find it by:
    its authors and the pieces it discusses (their titles, commentators and outlets)."""
    pieces = (f"{s.title} {s.author} {s.publisher}" for s in essay.sources)
    return " ".join([*essay.authors, *pieces])


def essay_page(
    essay: Essay, vocabulary: Vocabulary, related: list[Link], other_side: list[Link], fragments: Fragments
) -> str:
    header = f"# {text(essay.title)}\n" + fragments.defer(
        f'<p class="essay-meta__byline">By {byline(essay, vocabulary, ROOT)} · {essay.reading_minutes} min read</p>\n'
        f'<p class="essay-meta__themes">{chips(essay, vocabulary, ROOT)}</p>\n'
        f'<p class="essay-summary">{attr(essay.summary)}</p>\n'
    )
    parts = [
        header,
        essay.body.strip() + "\n",
        _sources(essay, fragments),
        CITE_MARKER + "\n",  # the hook puts the cite block, which needs the page's absolute URL, here
        fragments.defer(lambda: _lens_strip(essay, vocabulary)),
        _related(related, vocabulary, fragments),
        _other_side(other_side, vocabulary, fragments),
    ]
    return "\n".join(p for p in parts if p)
