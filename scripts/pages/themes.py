"""The theme index, one page per theme, one per lens, and one per pair of themes."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from scripts.analysis.findings import Findings, Index, LensBalance, cooccurring, essays_with
from scripts.content.addresses import href, lens_uri, theme_uri
from scripts.content.model import Theme, Vocabulary
from scripts.pages.charts import year_bars, year_series
from scripts.pages.format import Fragments, attr, essay_list, link, plural, text, to_root, url
from scripts.pages.licence import CONTENT_NAME

INDEX_URI = "themes/index.md"
FIRST_YEAR = 2011  # the debate the site follows starts with the Health and Social Care Bill


# The data behind the charts and the matrix, as files (scripts/pages/data.py writes them).
COOCCURRENCE_CSV = "data/cooccurrence.csv"


def chart_files(slug: str) -> tuple[str, str]:
    """The CSV and SVG files of a theme's chart."""
    return f"data/charts/{slug}-per-year.csv", f"data/charts/{slug}-per-year.svg"


@dataclass(frozen=True)
class Chart:
    """A theme's chart: what its page shows and its files hold."""

    chart_id: str
    title: str
    series: list[tuple[int, int]]  # (year, pieces discussed that year), every year from FIRST_YEAR on


def theme_chart(theme: Theme, found: Findings, today: datetime.date) -> Chart:
    return Chart(
        chart_id=f"years-{theme.slug}",
        title=f"Pieces discussed per year under {theme.name}",
        series=year_series(found.per_year[theme.slug], FIRST_YEAR, today.year),
    )


def pair_anchor(other: str) -> str:
    """The anchor, on a theme's page, of the essays it shares with another theme."""
    return f"with-{other}"


def _theme_links(slugs: tuple[str, ...], vocabulary: Vocabulary, from_uri: str) -> str:
    return ", ".join(link(text(vocabulary.theme[s].name), from_uri, theme_uri(s)) for s in slugs) or "none"


def _count_label(n: int) -> str:
    return plural(n, "essay") if n else "awaiting essays"


def _balance(balance: LensBalance, vocabulary: Vocabulary, lens_slug: str, from_uri: str) -> str:
    """How the essays that use a lens spread across its themes, and which they combine: HTML, for a fragment
    (as Markdown tables, Python-Markdown took a few milliseconds a page over them)."""
    lens = vocabulary.lens[lens_slug]

    def table(head: str, rows: list[tuple[str, int]]) -> str:
        body = "".join(f"<tr><td>{label}</td><td>{n}</td></tr>" for label, n in rows)
        return (
            f'<table><thead><tr><th scope="col">{head}</th><th scope="col">Essays</th></tr></thead>'
            f"<tbody>{body}</tbody></table>\n"
        )

    def name(t: str) -> str:
        return attr(vocabulary.theme[t].name)

    parts = [
        f"<p>Of {plural(balance.essays, 'essay')} drawing on {attr(lens.name).lower()}, "
        "how many carry each of its themes:</p>\n",
        table("Theme", [(f'<a href="{href(from_uri, theme_uri(t))}">{name(t)}</a>', n) for t, n in balance.per_theme]),
    ]
    if balance.combinations:
        parts += [
            "<p>Which of them essays carry together:</p>\n",
            table("Combination", [(" + ".join(name(t) for t in combo), n) for combo, n in balance.combinations]),
        ]
    return "<div>" + "".join(parts) + "</div>\n"


def theme_page(
    theme: Theme,
    vocabulary: Vocabulary,
    found: Findings,
    today: datetime.date,
    fragments: Fragments,
) -> str:
    uri = theme_uri(theme.slug)
    index = found.index
    essays = essays_with(index, theme.slug)
    lens = vocabulary.lens[theme.lens]
    together = cooccurring(found.pairs, theme.slug, vocabulary)
    chart = theme_chart(theme, found, today)
    parts = [
        f"# {text(theme.name)}\n",
        f"A theme of the {link(text(lens.name), uri, lens_uri(lens.slug))} lens"
        f" · {_count_label(len(essays))}\n{{ .theme-lens }}\n",
        f"{text(theme.description)}\n",
        f"**Related themes:** {_theme_links(theme.related, vocabulary, uri)}  \n"
        f"**Opposing themes:** {_theme_links(theme.opposing, vocabulary, uri)}\n",
        "## Over time\n",
        # A fragment: Python-Markdown's HTML block parser took 10 ms a page over the chart's SVG and table.
        fragments.defer(
            year_bars(
                chart.series,
                chart_id=chart.chart_id,
                title=chart.title,
                downloads=(href(uri, chart_files(theme.slug)[0]), href(uri, chart_files(theme.slug)[1])),
            )
        ),
        "## Themes that occur with it\n",
    ]
    if together:
        parts.append(fragments.defer(lambda: _together(theme, together, index, vocabulary, uri)))
    else:
        parts.append("*No essay carries this theme with another yet.*\n")
    parts += [
        f"## Across the {text(lens.name).lower()} lens\n",
        fragments.defer(_balance(found.balance[lens.slug], vocabulary, lens.slug, uri)),
    ]
    parts += [
        f"## Essays on {text(theme.name).lower()}\n",
        essay_list(essays, vocabulary, uri, fragments, empty="No essay carries this theme yet: it awaits essays."),
    ]
    return "\n".join(parts)


def _together(theme: Theme, together: list[tuple[str, int]], index: Index, vocabulary: Vocabulary, uri: str) -> str:
    """The co-occurring themes with counts, each count linking to the essays carrying both, listed below."""
    root = to_root(uri)
    rows = "".join(
        f'<tr><td><a href="{url(root, theme_uri(o))}">{attr(vocabulary.theme[o].name)}</a></td>'
        f'<td><a href="#{pair_anchor(o)}">{n}</a></td></tr>'
        for o, n in together
    )
    mine = index.by_theme[theme.slug]
    lists = []
    for o, n in together:
        both = [index.essays[i] for i in sorted(mine & index.by_theme[o])]
        links = ", ".join(f'<a href="{url(root, e.src_uri)}">{attr(e.title)}</a>' for e in both)
        lists.append(
            f'<h3 id="{pair_anchor(o)}">With {attr(vocabulary.theme[o].name)} ({plural(n, "essay")})</h3>\n'
            f"<p>{links}</p>"
        )
    return (
        "<div>"  # a fragment, out of search: other essays' titles should find those essays, not this page
        '<table><thead><tr><th scope="col">Theme</th><th scope="col">Essays carrying both</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>\n" + "\n".join(lists) + "\n</div>\n"
    )


def _shade(n: int, top: int) -> int:
    """0 to 4: how dark a matrix cell is, relative to the busiest pair."""
    return 0 if n == 0 else 1 + min(3, (4 * n - 1) // max(top, 1))


def matrix(vocabulary: Vocabulary, pairs: Counter[tuple[str, str]], from_uri: str) -> str:
    """The co-occurrence matrix as an HTML table, themes in lens order, each count linking to its pair page."""
    themes = [t for lens in vocabulary.lenses for t in vocabulary.themes_of_lens(lens.slug)]
    top = max(pairs.values(), default=0)
    head = "".join(f'<th scope="col" class="matrix__col"><span>{attr(t.name)}</span></th>' for t in themes)
    rows = []
    for row in themes:
        cells = []
        for col in themes:
            if col.slug == row.slug:
                cells.append('<td class="matrix__self">—</td>')
                continue
            n = pairs[row.slug, col.slug]
            label = f"{attr(row.name)} and {attr(col.name)}: {plural(n, 'essay')}"
            target = href(from_uri, theme_uri(row.slug)) + "#" + pair_anchor(col.slug)
            content = f'<a href="{target}" title="{label}">{n}</a>' if n else ""
            cells.append(f'<td class="matrix__cell matrix__cell--{_shade(n, top)}">{content}</td>')
        rows.append(
            f'<tr><th scope="row"><a href="{href(from_uri, theme_uri(row.slug))}">{attr(row.name)}</a></th>'
            f"{''.join(cells)}</tr>"
        )
    return (
        '<div class="matrix" role="region" aria-label="Co-occurrence matrix" tabindex="0">\n'
        '<table class="matrix__table">\n<caption>How many essays carry each pair of themes; '
        "darker cells are more frequent pairs. Each number links to the essays.</caption>\n"
        f"<thead><tr><td></td>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n"
        f'<p class="chart__download">Download the data: <a href="{href(from_uri, COOCCURRENCE_CSV)}" download>CSV'
        f"</a> ({CONTENT_NAME})</p>\n"
    )


def themes_index(vocabulary: Vocabulary, index: Index, pairs: Counter[tuple[str, str]], fragments: Fragments) -> str:
    uri = INDEX_URI
    parts = [
        "# Themes\n",
        "Every essay carries between one and eight themes from our vocabulary. The themes are grouped by "
        "*lens*: a way of looking at reform that the commentary itself uses. Each theme's page explains it, "
        "charts it over time, and lists its essays.\n",
    ]
    for lens in vocabulary.lenses:
        parts.append(f"## {text(lens.name)}\n")
        parts.append(f"{text(lens.summary)} {link('About this lens', uri, lens_uri(lens.slug))}\n")
        for theme in vocabulary.themes_of_lens(lens.slug):
            n = len(index.by_theme.get(theme.slug, ()))
            parts.append(
                f"-   **{link(text(theme.name), uri, theme_uri(theme.slug))}** "
                f'<span class="theme-count">{_count_label(n)}</span>  \n'
                f"    {text(theme.description)}"
            )
        parts.append("")
    # A fragment: the matrix is HTML, which Python-Markdown's HTML block parser took 50 ms to pass through.
    parts += ["## Which themes travel together\n", fragments.defer(lambda: matrix(vocabulary, pairs, uri))]
    return "\n".join(parts)


def lens_page(lens_slug: str, vocabulary: Vocabulary, found: Findings, fragments: Fragments) -> str:
    index = found.index
    lens = vocabulary.lens[lens_slug]
    uri = lens_uri(lens_slug)
    themes = vocabulary.themes_of_lens(lens_slug)
    ids = set().union(*(index.by_theme.get(t.slug, frozenset()) for t in themes))
    essays = [index.essays[i] for i in sorted(ids)]
    parts = [
        f"# {text(lens.name)}\n",
        f"A lens of {plural(len(themes), 'theme')} · {_count_label(len(essays))}\n{{ .theme-lens }}\n",
        f"{text(lens.description)}\n",
        "## Its themes\n",
    ]
    parts += [f"-   **{link(text(t.name), uri, theme_uri(t.slug))}**: {text(t.description)}" for t in themes]
    parts += [
        "",
        "## How the essays balance it\n",
        fragments.defer(_balance(found.balance[lens_slug], vocabulary, lens_slug, uri)),
    ]
    parts += [
        "## Essays that use it\n",
        essay_list(essays, vocabulary, uri, fragments, empty="No essay uses this lens yet."),
    ]
    return "\n".join(parts)
