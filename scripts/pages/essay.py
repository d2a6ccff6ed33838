"""The Markdown of an essay's page: header, body, and what the site adds around it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from scripts.analysis.findings import Link
from scripts.content.addresses import CITE, CORRECTIONS, OTHER_SIDE, PIECES, RELATED, commentator_uri
from scripts.content.model import Essay, Vocabulary
from scripts.pages.format import Fragments, attr, byline, chips, long_date, published_date, section_heading, url

# Everything the site adds around the essay's own text is HTML rather than Markdown: it is
# escaped here, and Markdown passes it through instead of parsing it again on every page.
ROOT = "../../"  # from /essays/<slug>/ back to the site's root


def _names(slugs: tuple[str, ...], vocabulary: Vocabulary) -> str:
    return ", ".join(f"<em>{attr(vocabulary.theme[s].name)}</em>" for s in slugs)


def _sources(essay: Essay) -> str:
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
    return section_heading(*PIECES) + "<ul>\n" + "\n".join(items) + "\n</ul>\n"


def history_url(repo_url: str, src_uri: str) -> str | None:
    """Where the repository shows every change to an essay's file (GitHub's history of one file on `main`, the
    branch the site is deployed from), or None when `repo_url` names no repository (a local build's fallback,
    the bare host: DEVELOPING.md)."""
    parts = urlsplit(repo_url)
    if parts.scheme not in ("http", "https") or len(parts.path.strip("/").split("/")) < 2:
        return None
    return f"{repo_url.rstrip('/')}/commits/main/{src_uri}"


def _when(day) -> str:
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def changes(essay: Essay, history: str | None) -> str:
    """Under the byline: the essay's notes of corrections and updates, newest first, with the day of the last
    change, and the link to every change to its file; "" for an essay with neither."""
    link = f'<a href="{attr(history)}">Every change to this essay, in the repository</a>' if history else ""
    if not essay.corrections:
        return f'<p class="essay-changes__history">{link}</p>\n' if link else ""
    kinds = {c.kind for c in essay.corrections}
    said = "Corrected and updated" if len(kinds) == 2 else "Corrected" if "correction" in kinds else "Updated"
    notes = "".join(f"<li>{_when(c.date)}, {c.kind}: {attr(c.note)}</li>" for c in essay.corrections)
    return (
        f'<section class="essay-changes" id="{CORRECTIONS[0]}" aria-label="{CORRECTIONS[1]}">\n'
        f'<p class="essay-changes__head"><strong>{said}</strong> since publication · last changed '
        f"{_when(essay.last_changed)}</p>\n<ul>{notes}</ul>\n"
        + (f'<p class="essay-changes__history">{link}</p>\n' if link else "")
        + "</section>\n"
    )


def _lens_strip(essay: Essay, vocabulary: Vocabulary) -> str:
    """For each lens, which of its themes the essay carries: a reader sees at a glance where it stands."""
    rows = []
    for lens in vocabulary.lenses:
        themes = vocabulary.themes_of_lens(lens.slug)
        carried = [t.name for t in themes if t.slug in essay.themes]
        said = "carries " + ", ".join(carried) if carried else "carries none of its themes"
        on = ' class="lens-strip__theme--on"'  # the others need no class: the strip's CSS styles its items
        cells = "".join(f"<li{on if t.slug in essay.themes else ''}>{attr(t.name)}</li>" for t in themes)
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


def _essay_links(section: tuple[str, str], intro: str, items: list[str]) -> str:
    return section_heading(*section) + intro + "<ul>\n" + "\n".join(items) + "\n</ul>\n"


def _related(links: list[Link], vocabulary: Vocabulary) -> str:
    if not links:
        return section_heading(*RELATED) + "<p><em>No other essay shares a theme with this one yet.</em></p>\n"
    return _essay_links(
        RELATED,
        "",
        [
            f'<li><a href="{url(ROOT, item.essay.src_uri)}">{attr(item.essay.title)}</a>'
            f" — shares {_names(item.themes, vocabulary)}</li>"
            for item in links
        ],
    )


def _other_side(links: list[Link], vocabulary: Vocabulary) -> str:
    return _essay_links(
        OTHER_SIDE,
        "<p>Essays on a theme that opposes one of this essay's own:</p>\n",
        [
            f'<li><a href="{url(ROOT, item.essay.src_uri)}">{attr(item.essay.title)}</a>'
            f" — on {_names(item.themes, vocabulary)}, the other side of {_names(item.answers, vocabulary)}</li>"
            for item in links
        ],
    )


def search_more(essay: Essay) -> str:
    """The words of the essay's page that join it after Markdown and that a search should find it by:
    its authors and the pieces it discusses (their titles, commentators and outlets)."""
    pieces = (f"{s.title} {s.author} {s.publisher}" for s in essay.sources)
    return " ".join([*essay.authors, *pieces])


@dataclass(frozen=True)
class EssayFrame:
    """What the hook needs of an essay's page: the marker its HTML stands behind, and the sections the site
    adds after the essay's text, to list in the page's table of contents."""

    marker: str  # the fragment marker that is the page's whole Markdown
    sections: tuple[tuple[str, str], ...]  # (anchor, heading) of each section the site adds after the text


def essay_page(
    essay: Essay,
    body_html: str,
    vocabulary: Vocabulary,
    related: list[Link],
    other_side: list[Link],
    fragments: Fragments,
    history: str | None = None,
) -> tuple[str, EssayFrame]:
    """The page's Markdown, and its frame.

    The essay's text comes rendered (`body_html`, by scripts.content.rendering, which the check judged): the page
    is one fragment, header, text and the site's sections, so MkDocs' Markdown has nothing to convert and
    the published HTML is the HTML that was checked. The title is Material's: its template writes the page
    title as the <h1> when the content has none.
    """
    header = (
        f'<p class="essay-meta__byline">By {byline(essay, vocabulary, ROOT)} · {essay.reading_minutes} min read</p>\n'
        + changes(essay, history)
        + f'<p class="essay-meta__themes">{chips(essay, vocabulary, ROOT)}</p>\n'
        f'<p class="essay-summary">{attr(essay.summary)}</p>\n'
    )
    # The sections after the text, each with what makes it when the page is written: one list, so that the
    # frame names exactly the sections the page shows.
    after: list[tuple[tuple[str, str], Callable[[], str]]] = []
    if essay.sources:
        after.append((PIECES, lambda: _sources(essay)))
    after.append((RELATED, lambda: _related(related, vocabulary)))
    if other_side:
        after.append((OTHER_SIDE, lambda: _other_side(other_side, vocabulary)))
    page = fragments.defer(
        lambda: (
            header
            + body_html
            + "\n"
            # The same for every essay of the same themes: made once for each set of them.
            + fragments.once(("lens strip", frozenset(essay.themes)), lambda: _lens_strip(essay, vocabulary))
            + "".join(make() for _, make in after)
        )
    )
    return page, EssayFrame(marker=page.strip(), sections=(*(s for s, _ in after), CITE))
