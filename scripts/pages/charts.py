"""Charts as inline SVG, with the same numbers in a table, so every reader gets the data.

No charting library and no script: a bar chart of counts per year is a few
rectangles, and the table beside it serves screen readers and text browsers.
The same series and the same SVG are published as files (scripts/pages/data.py),
linked under the chart as "Download the data".
"""

from __future__ import annotations

from scripts.pages.format import attr
from scripts.pages.licence import CONTENT_NAME

WIDTH, HEIGHT, PAD = 600, 160, 24
SVG_NS = "http://www.w3.org/2000/svg"
# A chart file is opened alone, without the site's stylesheet: these rules stand in for site.css's.
_FILE_STYLE = (
    "<style>.chart__bar{fill:#3f51b5}.chart__axis{stroke:#757575}"
    ".chart__value,.chart__label{fill:#212121;font:11px sans-serif}</style>"
)


def year_series(counts: dict[int, int], first_year: int, last_year: int) -> list[tuple[int, int]]:
    """(year, count) for every year from first_year to last_year (empty years included, so time reads evenly)."""
    years = range(min([first_year, *counts]), max([last_year, *counts]) + 1)
    return [(year, counts.get(year, 0)) for year in years]


def _description(series: list[tuple[int, int]]) -> str:
    counted = [(n, -y) for y, n in series if n]
    total = sum(n for _, n in series)
    text = f"{total} in all from {series[0][0]} to {series[-1][0]}"
    if not counted:
        return text + "."
    n, minus_year = max(counted)
    return text + f"; the most, {n}, in {-minus_year}."


def year_svg(series: list[tuple[int, int]], *, chart_id: str, title: str, standalone: bool = False) -> str:
    """The bar chart of a series as SVG: inline in a page, or (`standalone`) as a file of its own."""
    top = max([1, *(n for _, n in series)])
    slot = (WIDTH - 2 * PAD) / len(series)
    bars, labels = [], []
    for i, (year, n) in enumerate(series):
        h = (HEIGHT - 2 * PAD) * n / top
        x = PAD + i * slot
        if n:
            bars.append(
                f'<rect class="chart__bar" x="{x + slot * 0.15:.1f}" y="{HEIGHT - PAD - h:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{h:.1f}"><title>{year}: {n}</title></rect>'
                f'<text class="chart__value" x="{x + slot / 2:.1f}" y="{HEIGHT - PAD - h - 4:.1f}" '
                f'text-anchor="middle">{n}</text>'
            )
        if len(series) <= 20 or year % 2 == 0:
            labels.append(
                f'<text class="chart__label" x="{x + slot / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                f"{year if len(series) <= 10 else f'’{year % 100:02d}'}</text>"
            )
    opening = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">{_FILE_STYLE}'
        if standalone
        else f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
    )
    return (
        opening + f'<title id="{chart_id}-title">{attr(title)}</title>'
        f'<desc id="{chart_id}-desc">{attr(_description(series))}</desc>'
        f'<line class="chart__axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
        f"{''.join(bars)}{''.join(labels)}</svg>"
    )


def year_bars(
    series: list[tuple[int, int]], *, chart_id: str, title: str, downloads: tuple[str, str] | None = None
) -> str:
    """The chart in a page: the SVG, a caption, the numbers as a table and, with `downloads` (the hrefs of the
    chart's CSV and SVG files), the links to download them."""
    rows = "".join(f'<tr><th scope="row">{y}</th><td>{n}</td></tr>' for y, n in series)
    download = (
        f'<p class="chart__download">Download the data: <a href="{attr(downloads[0])}" download>CSV</a> · '
        f'<a href="{attr(downloads[1])}" download>the chart as SVG</a> ({CONTENT_NAME})</p>\n'
        if downloads
        else ""
    )
    # The caption first: HTML allows a figure's figcaption only as its first or last child.
    return (
        f'<figure class="chart">\n<figcaption>{attr(title)}: {attr(_description(series))}</figcaption>\n'
        f"{year_svg(series, chart_id=chart_id, title=title)}\n"
        f'<details class="chart__data"><summary>The numbers</summary>\n'
        f'<table><caption>{attr(title)}</caption><thead><tr><th scope="col">Year</th>'
        f'<th scope="col">Count</th></tr></thead><tbody>{rows}</tbody></table>\n'
        f"</details>\n{download}</figure>\n"
    )
