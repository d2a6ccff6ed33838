"""Pages that list essays by something other than theme: home, essays, authors, archive, commentators, timeline."""

from __future__ import annotations

from scripts.analysis.findings import Discussed
from scripts.content.addresses import author_uri, commentator_uri, theme_uri, year_uri
from scripts.content.model import Author, Essay, Vocabulary, slugify
from scripts.pages.format import Fragments, attr, essay_list, link, plural, published_date, text, to_root, url

LATEST = 10
HOME_MARKER = "<!-- latest-essays -->"


def latest(essays: list[Essay], vocabulary: Vocabulary, from_uri: str, fragments: Fragments, n: int = LATEST) -> str:
    return essay_list(essays[:n], vocabulary, from_uri, fragments, empty="No essays are published yet.")


def essays_index(
    essays: list[Essay], years: dict[int, list[Essay]], vocabulary: Vocabulary, fragments: Fragments
) -> str:
    uri = "essays/index.md"
    by_year = " · ".join(link(f"{y} ({len(es)})", uri, year_uri(y)) for y, es in years.items())
    return (
        "# Essays\n\n"
        f"{plural(len(essays), 'essay')} so far. The latest are below; every essay is in the "
        f"{link('archive', uri, 'archive/index.md')} by year ({by_year or 'none yet'}), and under its "
        f"{link('themes', uri, 'themes/index.md')}.\n\n" + latest(essays, vocabulary, uri, fragments, n=20)
    )


def archive_index(years: dict[int, list[Essay]]) -> str:
    uri = "archive/index.md"
    lines = ["# Archive\n", "Every essay, by the year it was written.\n"]
    lines += [f"-   {link(str(y), uri, year_uri(y))}: {plural(len(es), 'essay')}" for y, es in years.items()]
    if not years:
        lines.append("*No essays are published yet.*")
    return "\n".join(lines) + "\n"


def archive_year(year: int, essays: list[Essay], vocabulary: Vocabulary, fragments: Fragments) -> str:
    return f"# Essays of {year}\n\n" + essay_list(essays, vocabulary, year_uri(year), fragments, empty="None.")


def authors_index(authors: dict[str, list[Essay]], vocabulary: Vocabulary) -> str:
    uri = "authors/index.md"
    lines = ["# Authors\n", "The people who write the essays on this site.\n"]
    for author in vocabulary.authors:
        n = len(authors.get(author.name, []))
        lines.append(
            f"-   **{link(text(author.name), uri, author_uri(author.slug))}** ({plural(n, 'essay')})  \n"
            f"    {text(author.bio)}"
        )
    return "\n".join(lines) + "\n"


def author_page(author: Author, essays: list[Essay], vocabulary: Vocabulary, fragments: Fragments) -> str:
    uri = author_uri(author.slug)
    return f"# {text(author.name)}\n\n{text(author.bio)}\n\n## Essays\n\n" + essay_list(
        essays, vocabulary, uri, fragments, empty="No published essays yet."
    )


def _themes_carried(essays: list[Essay], vocabulary: Vocabulary, from_uri: str, fragments: Fragments) -> str:
    """The themes of the essays, most carried first, as a fragment: a list of theme names is no words of the
    page's own, and in its search text it would pull the page up for every theme it lists."""
    counts: dict[str, int] = {}
    for essay in essays:
        for t in essay.themes:
            counts[t] = counts.get(t, 0) + 1
    order = {t.slug: i for i, t in enumerate(vocabulary.themes)}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    root = to_root(from_uri)
    items = [f'<a href="{url(root, theme_uri(t))}">{attr(vocabulary.theme[t].name)}</a> ({n})' for t, n in ranked]
    return fragments.defer("<p>" + ", ".join(items) + "</p>\n")


def commentators_index(commentators: dict[str, list[Essay]]) -> str:
    uri = "commentators/index.md"
    lines = [
        "# Commentators\n",
        "The authors of the published pieces our essays discuss, and the essays that discuss their work.\n",
    ]
    lines += [
        f"-   {link(text(name), uri, commentator_uri(slugify(name)))}: {plural(len(es), 'essay')}"
        for name, es in commentators.items()
    ]
    return "\n".join(lines) + "\n"


def commentator_page(name: str, essays: list[Essay], vocabulary: Vocabulary, fragments: Fragments) -> str:
    uri = commentator_uri(slugify(name))
    pieces: dict[str, str] = {}
    for essay in essays:
        for s in essay.sources:
            if s.author == name:
                pieces.setdefault(
                    (s.published, s.title),
                    f"-   *{text(s.title)}*, {text(s.publisher)}, {published_date(s.published)}",
                )
    listed = [pieces[key] for key in sorted(pieces)]  # oldest first, as the timeline reads
    return (
        f"# {text(name)}\n\n"
        f"{plural(len(essays), 'essay').capitalize()} on this site discuss{'es' if len(essays) == 1 else ''} "
        "published work by this commentator.\n\n"
        f"## Pieces discussed\n\n" + "\n".join(listed) + "\n\n"
        f"## Themes of the essays on their work\n\n{_themes_carried(essays, vocabulary, uri, fragments)}\n"
        "## Essays\n\n" + essay_list(essays, vocabulary, uri, fragments, empty="None.")
    )


def timeline_page(items: list[Discussed], fragments: Fragments) -> str:
    """Every discussed piece on one time axis, oldest first, with the essays about it.

    Each year's list is a fragment: it grows with the corpus (1.4 s of Markdown at 5,000 essays as Markdown),
    and its titles belong to the essays, which search finds by the pieces they discuss.
    """
    uri = "timeline.md"
    root = to_root(uri)
    lines = [
        "# Timeline\n",
        "Every published piece our essays discuss, in the order it appeared, so the debate can be followed "
        "from the Health and Social Care Bill of 2011 onwards. Under each piece, the essays that discuss it.\n",
    ]
    years: dict[int, list[Discussed]] = {}
    for item in items:
        years.setdefault(item.source.year, []).append(item)
    for year, those in years.items():
        lines.append(f"\n## {year}\n")
        lines.append(fragments.defer(lambda those=those: _timeline_year(those, root)))
    if not items:
        lines.append("*No published piece is discussed yet.*")
    return "\n".join(lines) + "\n"


def _timeline_year(items: list[Discussed], root: str) -> str:
    entries = []
    for item in items:
        s = item.source
        essays = ", ".join(f'<a href="{url(root, e.src_uri)}">{attr(e.title)}</a>' for e in item.essays)
        entries.append(
            f"<li><strong>{published_date(s.published)}</strong>: <em>{attr(s.title)}</em>, "
            f'<a href="{url(root, commentator_uri(s.commentator_slug))}">{attr(s.author)}</a>, {attr(s.publisher)}'
            f"<br>\nDiscussed in: {essays}</li>"
        )
    return "<ul>\n" + "\n".join(entries) + "\n</ul>\n"
