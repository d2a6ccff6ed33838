"""The search relevance benchmark never rots: the command run on a few judged queries, and its arithmetic.

No time is asserted: only that the table carries the three engines and every figure is a number in its range.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from scripts.bench import search_relevance as bench

SMOKE = ROOT / "scripts" / "bench" / "search_queries_smoke.yml"
# Used only if the smoke set is missing: a few queries whose words occur in the essays, for the command to run on.
FALLBACK = """\
- query: commissioning
  kind: theme
  relevant: [themes/commissioning/, essays/fifteen-years-of-commissioning/]
- query: Kahane
  kind: person
  relevant: [essays/taylor-power-and-love/]
- query: comissioning
  kind: misspelling
  relevant: [themes/commissioning/]
"""
ENGINES = ("ours", "Material (lunr)", "Pagefind")
RATES = ("success@1", "success@5", "MRR@10")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[str, dict, int]:
    folder = tmp_path_factory.mktemp("relevance")
    queries = SMOKE
    if not SMOKE.is_file():
        queries = folder / "queries.yml"
        queries.write_text(FALLBACK, encoding="utf-8")
    out = folder / "relevance.json"
    cmd = [sys.executable, "-m", "scripts.bench.search_relevance", "--queries", str(queries), "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout, json.loads(out.read_text(encoding="utf-8")), len(bench.load_queries(queries))


def _row(table: str, label: str) -> list[str]:
    lines = [line for line in table.splitlines() if line.startswith(f"| {label} ")]
    assert len(lines) >= 1, f"no row {label!r} in\n{table}"
    return [cell.strip() for cell in lines[0].strip("|").split("|")[1:]]


@pytest.mark.browser
def test_the_command_prints_every_figure_for_the_three_engines(run):
    table, result, n = run
    assert "| | " + " | ".join(ENGINES) + " |" in table
    for label in RATES:
        cells = _row(table, label)
        assert len(cells) == 3 and all(0 <= float(c) <= 1 for c in cells), (label, cells)
    zero = _row(table, "queries with no result")
    assert len(zero) == 3 and all(re.fullmatch(r"\d+", c) and int(c) <= n for c in zero), zero
    sizes = _row(table, "first-search bytes (gzip)")
    assert len(sizes) == 3 and all(re.fullmatch(r"\d+", c) and int(c) > 0 for c in sizes), sizes
    latency = _row(table, "first-query latency")
    assert len(latency) == 3 and all(float(c) >= 0 for c in latency), latency
    assert "success@5 by kind" in table
    for kind in result["kinds"]:
        cells = _row(table, kind)
        assert len(cells) == 3 and all(0 <= float(c) <= 1 for c in cells), (kind, cells)


@pytest.mark.browser
def test_the_json_holds_each_engines_figures_and_each_querys_top_ten(run):
    _, result, n = run
    assert result["queries"] == n and len(result["per_query"]) == n
    assert set(result["engines"]) == set(bench.ENGINES)
    for engine, figures in result["engines"].items():
        for key in ("success@1", "success@5", "mrr@10", *figures["success@5_by_kind"]):
            value = figures[key] if key in figures else figures["success@5_by_kind"][key]
            assert isinstance(value, int | float) and 0 <= value <= 1, (engine, key, value)
        assert figures["success@1"] <= figures["success@5"]
        assert isinstance(figures["zero_result_queries"], int) and 0 <= figures["zero_result_queries"] <= n
        assert isinstance(figures["first_search_bytes_gzip"], int) and figures["first_search_bytes_gzip"] > 0
        assert figures["first_search_bytes_gzip"] <= figures["first_search_bytes_raw"]
        assert len(figures["first_query_latency_runs_ms"]) == bench.LATENCY_LOADS
    for query in result["per_query"]:
        for engine, paths in query["results"].items():
            assert len(paths) <= bench.TOP and len(set(paths)) == len(paths)
            assert all(not p.startswith(("/", "http")) and "#" not in p for p in paths), (engine, paths)
            rank = query["rank"][engine]
            assert rank is None or (1 <= rank <= len(paths) and paths[rank - 1] in query["relevant"])
    assert result["versions"]["pagefind"] == "1.5.2"


# The arithmetic, without a browser ------------------------------------------------------------------------


def test_addresses_become_paths_from_the_root_as_the_judgements_write_them():
    base = "http://127.0.0.1:8123/"
    assert bench.normalise("http://127.0.0.1:8123/essays/a-b/?h=x#part", base) == "essays/a-b/"
    assert bench.normalise("/themes/power/index.html", base) == "themes/power/"
    assert bench.normalise("../glossary/", base + "search/") == "glossary/"
    assert bench.normalise("/lenses/power-and-love", base) == "lenses/power-and-love/"
    assert bench.normalise("/", base) == ""
    assert bench.normalise("/404.html", base) == "404.html"


def test_rank_and_rates_count_the_first_relevant_result_within_ten():
    relevant = ("essays/b/", "themes/b/")
    assert bench.rank(["essays/a/", "themes/b/", "essays/b/"], relevant) == 2
    assert bench.rank([f"essays/x{i}/" for i in range(10)] + ["essays/b/"], relevant) is None
    assert bench.rank([], relevant) is None
    rates = bench._rates([1, 2, 6, None])
    assert rates == {"success@1": 0.25, "success@5": 0.5, "mrr@10": pytest.approx((1 + 1 / 2 + 1 / 6) / 4)}


def test_a_query_file_is_read_and_a_bad_one_refused(tmp_path):
    good = tmp_path / "q.yml"
    good.write_text(FALLBACK, encoding="utf-8")
    queries = bench.load_queries(good)
    assert [q.query for q in queries] == ["commissioning", "Kahane", "comissioning"]
    assert queries[0].relevant == ("themes/commissioning/", "essays/fifteen-years-of-commissioning/")
    bad = tmp_path / "bad.yml"
    bad.write_text("- query: x\n  relevant: essays/a/\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="relevant"):
        bench.load_queries(bad)
