"""The Markdown of an essay's page: header, body, and what the site adds around it."""

from __future__ import annotations

from scripts.analysis import Link
from scripts.model import Essay, Vocabulary
from scripts.pages.cite import CITE_MARKER
from scripts.pages.format import (
    attr,
    byline,
    chips,
    commentator_uri,
    link,
    published_date,
    text,
)


def _names(slugs: tuple[str, ...], vocabulary: Vocabulary) -> str:
    return ", ".join(f"*{text(vocabulary.theme[s].name)}*" for s in slugs)


def _sources(essay: Essay) -> str:
    if not essay.sources:
        return ""
    lines = ["## Pieces discussed", ""]
    for s in essay.sources:
        author = link(text(s.author), essay.src_uri, commentator_uri(s.commentator_slug))
        read = f" [Read it]({attr(s.url)})" if s.url else ""
        lines.append(f"-   *{text(s.title)}*, {author}, {text(s.publisher)}, {published_date(s.published)}.{read}")
    return "\n".join(lines) + "\n"


def _lens_strip(essay: Essay, vocabulary: Vocabulary) -> str:
    """For each lens, which of its themes the essay carries: a reader sees at a glance where it stands."""
    rows = []
    for lens in vocabulary.lenses:
        cells = []
        for theme in vocabulary.themes_of_lens(lens.slug):
            on = theme.slug in essay.themes
            state = "carried" if on else "not carried"
            cells.append(
                f'<li class="lens-strip__theme{" lens-strip__theme--on" if on else ""}">'
                f'{attr(theme.name)}<span class="visually-hidden"> ({state})</span></li>'
            )
        rows.append(
            f'<div class="lens-strip__row"><span class="lens-strip__lens">{attr(lens.name)}</span>'
            f'<ul class="lens-strip__themes">{"".join(cells)}</ul></div>'
        )
    return (
        '<section class="lens-strip" aria-label="Where this essay stands in each lens">\n'
        + "\n".join(rows)
        + "\n</section>\n"
    )


def _related(essay: Essay, links: list[Link], vocabulary: Vocabulary) -> str:
    lines = ["## Related essays", ""]
    if not links:
        lines.append("*No other essay shares a theme with this one yet.*")
    for item in links:
        lines.append(
            f"-   {link(text(item.essay.title), essay.src_uri, item.essay.src_uri)}"
            f" — shares {_names(item.themes, vocabulary)}"
        )
    return "\n".join(lines) + "\n"


def _other_side(essay: Essay, links: list[Link], vocabulary: Vocabulary) -> str:
    if not links:
        return ""
    lines = ["## The other side", "", "Essays on a theme that opposes one of this essay's own:", ""]
    for item in links:
        lines.append(
            f"-   {link(text(item.essay.title), essay.src_uri, item.essay.src_uri)}"
            f" — on {_names(item.themes, vocabulary)}, the other side of {_names(item.answers, vocabulary)}"
        )
    return "\n".join(lines) + "\n"


def essay_page(essay: Essay, vocabulary: Vocabulary, related: list[Link], other_side: list[Link]) -> str:
    uri = essay.src_uri
    # Paragraphs carry their classes through attr_list: raw <p> blocks would not render Markdown inside.
    header = (
        f"# {text(essay.title)}\n\n"
        f"By {byline(essay, vocabulary, uri)} · {essay.reading_minutes} min read\n{{ .essay-meta__byline }}\n\n"
        f"{chips(essay, vocabulary, uri)}\n{{ .essay-meta__themes }}\n\n"
        f"{text(essay.summary)}\n{{ .essay-summary }}\n\n"
    )
    parts = [
        header,
        essay.body.strip() + "\n",
        _sources(essay),
        CITE_MARKER + "\n",  # the hook puts the cite block, which needs the page's absolute URL, here
        _lens_strip(essay, vocabulary),
        _related(essay, related, vocabulary),
        _other_side(essay, other_side, vocabulary),
    ]
    return "\n".join(p for p in parts if p)
