"""The benchmark's table: every figure of a run, side by side with the baseline, and the ratios the targets are
stated in."""

from __future__ import annotations

from collections.abc import Callable

# --- Reporting ------------------------------------------------------------------------------------


def _s(spread_: dict | None) -> str:
    if not spread_:
        return "n/a"
    return f"{spread_['median']:.2f} s ({spread_['min']:.2f}–{spread_['max']:.2f})"


def _ms(spread_: dict) -> str:
    return f"{spread_['median'] * 1000:.0f} ms ({spread_['min'] * 1000:.0f}–{spread_['max'] * 1000:.0f})"


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def _kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1000:.0f} KB"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} MB"


def _search(value: dict | None) -> str:
    return "n/a" if not value else f"{value['raw'] / 1e6:.2f} MB ({value['gzip'] / 1e6:.2f} MB gzipped)"


ROWS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("A: our `mkdocs build --strict`", lambda f: _s(f["build_s"]["A"])),
    ("B: plain Material, tags + search, essays out of nav", lambda f: _s(f["build_s"]["B"])),
    ("C: Hugo, minimal templates", lambda f: _s(f["build_s"]["C"])),
    ("A: CPU, user + system, its processes together", lambda f: _s(f["cpu_s"]["A"])),
    ("B: CPU, user + system", lambda f: _s(f["cpu_s"]["B"])),
    ("**A/B wall**, median of the pairs (target ≤ 1.10)", lambda f: _x(f["ratios"]["A/B pairs"])),
    ("**A/B CPU**, median of the pairs (target ≤ 1.25)", lambda f: _x(f["ratios"]["A/B cpu"])),
    ("A/B of the medians", lambda f: _x(f["ratios"]["A/B"])),
    ("A/C", lambda f: _x(f["ratios"]["A/C"])),
    ("per-essay build time A / B / C", lambda f: " / ".join(_pe(f["per_essay_ms"][k]) for k in "ABC")),
    ("the one check (`scripts.content.check`, rendering included)", lambda f: _ms(f["validation_s"])),
    ("our theme index + related + charts (`analysis.analyse`)", lambda f: _ms(f["analysis_s"])),
    ("our generated pages' Markdown, analysis included (`site.generate`)", lambda f: _ms(f["generate_s"])),
    ("floor: read + parse front-matter (PyYAML C loader)", lambda f: _ms(f["floor_s"])),
    ("validation / floor", lambda f: _x(f["ratios"]["validation/floor"])),
    ("**analysis / floor** (target ≤ 2 at 10,000)", lambda f: _x(f["ratios"]["analysis/floor"])),
    ("generate / floor", lambda f: _x(f["ratios"]["generate/floor"])),
    ("peak memory A / B", lambda f: f"{_mb(f['peak_rss_mb']['A'])} / {_mb(f['peak_rss_mb']['B'])}"),
    ("**peak memory A/B** (target ≤ 1.5 at 10,000)", lambda f: _x(f["ratios"]["rss A/B"])),
    ("output size A / B / C", lambda f: " / ".join(_mb(f["output_mb"][k]) for k in "ABC")),
    ("first search download A (`search-index/`)", lambda f: _search(f["search_bytes"]["A"])),
    ("first search download B (`search_index.json`)", lambda f: _search(f["search_bytes"]["B"])),
    ("**first search gzip A/B** (target ≤ 0.10 at 5,000)", lambda f: _x(f["ratios"]["search gzip A/B"])),
    (
        "median essay page HTML A / B / C (target A ≤ 40 KB)",
        lambda f: " / ".join(_kb(f["essay_page_bytes"][k]) for k in "ABC"),
    ),
)


def _pe(ms: float | None) -> str:
    return "n/a" if ms is None else f"{ms:.1f} ms"


def table(result: dict) -> str:
    """One table per corpus shape, then the serve timing."""
    lines: list[str] = []
    for shape, measured in result["shapes"].items():
        lines += [*([""] if lines else []), f"Corpus shape: {shape}", "", *_shape_table(measured)]
    serve = result.get("serve")
    if serve:
        lines += [
            "",
            f"| editing one essay under `mkdocs serve`, {serve['essays']:,} essays: save → rebuild done | seconds |",
            "|---|---|",
            f"| A: `./tasks serve` (`--dirty`; the hook rebuilds what the edit changed) | {_s(serve['A'])} |",
            f"| B: plain Material `mkdocs serve` | {_s(serve['B'])} |",
            f"| **A/B** (target ≤ 1.1) | {_x(serve['A/B'])} |",
        ]
    return "\n".join(lines)


def _shape_table(measured: dict) -> list[str]:
    sizes = measured["sizes"]
    head = "| measure | " + " | ".join(f"{int(n):,} essays" for n in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(f) for f in sizes.values()) + " |")
    growth = measured["growth"]
    if growth["A"] is not None:
        lines.append(
            f"| **A per essay at {growth['largest']:,} / at {growth['smallest']:,}** (target ≤ 1.3) | "
            + " | ".join([""] * (len(sizes) - 1) + [_x(growth["A"])])
            + " |"
        )
    return lines
