"""Charts as inline SVG, with the same numbers in a table, so every reader gets the data.

No charting library and no script: a bar chart of counts per year is a few
rectangles, and the table beside it serves screen readers and text browsers.
"""

from __future__ import annotations

from scripts.pages.format import attr

WIDTH, HEIGHT, PAD = 600, 160, 24


def year_bars(counts: dict[int, int], *, chart_id: str, title: str, first_year: int, last_year: int) -> str:
    """A bar per year from first_year to last_year (empty years included, so time reads evenly)."""
    years = list(range(min([first_year, *counts]), max([last_year, *counts]) + 1))
    top = max([1, *counts.values()])
    slot = (WIDTH - 2 * PAD) / len(years)
    bars, labels = [], []
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = (HEIGHT - 2 * PAD) * n / top
        x = PAD + i * slot
        if n:
            bars.append(
                f'<rect class="chart__bar" x="{x + slot * 0.15:.1f}" y="{HEIGHT - PAD - h:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{h:.1f}"><title>{year}: {n}</title></rect>'
                f'<text class="chart__value" x="{x + slot / 2:.1f}" y="{HEIGHT - PAD - h - 4:.1f}" '
                f'text-anchor="middle">{n}</text>'
            )
        if len(years) <= 20 or year % 2 == 0:
            labels.append(
                f'<text class="chart__label" x="{x + slot / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                f"{year if len(years) <= 10 else f'’{year % 100:02d}'}</text>"
            )
    busiest = max(counts, key=lambda y: (counts[y], -y)) if counts else None
    total = sum(counts.values())
    description = f"{total} in all from {years[0]} to {years[-1]}" + (
        f"; the most, {counts[busiest]}, in {busiest}." if busiest is not None else "."
    )
    rows = "".join(f'<tr><th scope="row">{y}</th><td>{counts.get(y, 0)}</td></tr>' for y in years)
    # The caption first: HTML allows a figure's figcaption only as its first or last child.
    return (
        f'<figure class="chart">\n'
        f"<figcaption>{attr(title)}: {attr(description)}</figcaption>\n"
        f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{attr(title)}</title>'
        f'<desc id="{chart_id}-desc">{attr(description)}</desc>'
        f'<line class="chart__axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
        f"{''.join(bars)}{''.join(labels)}</svg>\n"
        f'<details class="chart__data"><summary>The numbers</summary>\n'
        f'<table><caption>{attr(title)}</caption><thead><tr><th scope="col">Year</th>'
        f'<th scope="col">Count</th></tr></thead><tbody>{rows}</tbody></table>\n'
        f"</details>\n</figure>\n"
    )
