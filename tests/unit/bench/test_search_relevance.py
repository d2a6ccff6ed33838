"""The search relevance benchmark never rots: the command run on a few judged queries, and its arithmetic.

No time is asserted: only that the table carries the three engines and every figure is a number in its range.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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


# A second set, to show that each file is reported on its own.
SECOND = """\
- query: commissioning group
  kind: two concepts
  relevant: [themes/commissioning/]
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[str, dict, int]:
    folder = tmp_path_factory.mktemp("relevance")
    queries = SMOKE
    if not SMOKE.is_file():
        queries = folder / "queries.yml"
        queries.write_text(FALLBACK, encoding="utf-8")
    second = folder / "second.yml"
    second.write_text(SECOND, encoding="utf-8")
    out = folder / "relevance.json"
    cmd = [sys.executable, "-m", "scripts.bench.search_relevance", "--queries", str(queries), "--queries", str(second)]
    done = subprocess.run(
        [*cmd, "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout, json.loads(out.read_text(encoding="utf-8")), len(bench.load_queries(queries))


def _rows(table: str, label: str) -> list[list[str]]:
    lines = [line for line in table.splitlines() if line.startswith(f"| {label} ")]
    assert len(lines) >= 1, f"no row {label!r} in\n{table}"
    return [[cell.strip() for cell in line.strip("|").split("|")[1:]] for line in lines]


def _row(table: str, label: str) -> list[str]:
    return _rows(table, label)[0]


@pytest.mark.browser
def test_the_command_prints_every_figure_for_the_three_engines(run):
    out, result, n = run
    assert "| | " + " | ".join(ENGINES) + " |" in out
    sizes = _row(out, "first-search bytes (gzip)")
    assert len(sizes) == 3 and all(re.fullmatch(r"\d+", c) and int(c) > 0 for c in sizes), sizes
    latency = _row(out, "first-query latency")
    assert len(latency) == 3 and all(float(c) >= 0 for c in latency), latency
    rare = re.search(r"rare words .*: (\d+) of (\d+) searched found their essay, .* marked the word for (\d+)", out)
    assert rare and int(rare[3]) <= int(rare[1]) <= int(rare[2]), out
    # A table per query file, in the order given, each with its rates by kind and our excerpts.
    headings = [f"{Path(one['file']).name}: {one['queries']} queries" for one in result["sets"]]
    assert [out.index(h) for h in headings] == sorted(out.index(h) for h in headings)
    for label in ("MRR@10 by kind", "success@1 by kind", "success@5 by kind", "ours, excerpts: the first result's"):
        assert out.count(label) == 2, label
    for label in RATES:
        for cells in _rows(out, label):
            assert len(cells) == 3 and all(0 <= float(c) <= 1 for c in cells), (label, cells)
    for cells in _rows(out, "queries with no result"):
        assert len(cells) == 3 and all(re.fullmatch(r"\d+", c) and int(c) <= n for c in cells), cells
    for one in result["sets"]:
        for kind in one["kinds"]:
            for cells in _rows(out, kind):
                assert len(cells) == 3 and all(0 <= float(c) <= 1 for c in cells), (kind, cells)


@pytest.mark.browser
def test_the_json_holds_each_engines_figures_and_each_querys_top_ten(run):
    _, result, n = run
    assert [one["queries"] for one in result["sets"]] == [n, 1]
    assert set(result["first_search"]["engines"]) == set(bench.ENGINES)
    for engine, first in result["first_search"]["engines"].items():
        assert isinstance(first["bytes_gzip"], int) and 0 < first["bytes_gzip"] <= first["bytes_raw"], engine
        assert len(first["latency_runs_ms"]) == bench.LATENCY_LOADS
    rare = result["first_search"]["rare_words"]
    assert 0 <= rare["marked"] <= rare["found"] <= rare["words"]
    for one in result["sets"]:
        assert len(one["per_query"]) == one["queries"]
        assert set(one["engines"]) == set(bench.ENGINES)
        for engine, figures in one["engines"].items():
            rates = [figures, *figures["by_kind"].values()]
            assert all(0 <= r[key] <= 1 for r in rates for key in ("success@1", "success@5", "mrr@10")), engine
            assert all(r["success@1"] <= r["success@5"] for r in rates)
            assert isinstance(figures["zero_result_queries"], int) and 0 <= figures["zero_result_queries"] <= n
        excerpts = one["engines"]["ours"]["excerpts"]
        assert 0 <= excerpts["top_marked"] <= excerpts["top_results"] <= one["queries"]
        assert 0 < excerpts["text_bytes_gzip_median"] <= excerpts["text_bytes_gzip_max"]
        for query in one["per_query"]:
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


def test_each_set_is_figured_on_its_own_queries_and_each_rate_by_kind():
    queries = [
        bench.Query("a", "question", ("essays/a/",)),
        bench.Query("b", "question", ("essays/b/",)),
        bench.Query("c", "long", ("essays/c/",)),
    ]
    run = bench.EngineRun(
        results=[["essays/a/"], ["essays/x/", "essays/b/"], []],
        top_marked=[True, False, None],
        excerpt_bytes=[10, 30, 0],
        excerpt_files=[1, 3, 0],
    )
    second = bench.figures(queries[1:], {"ours": bench._part(run, slice(1, 3))})["engines"]["ours"]
    assert second["by_kind"] == {
        "long": {"success@1": 0, "success@5": 0, "mrr@10": 0},
        "question": {"success@1": 0, "success@5": 1, "mrr@10": 0.5},
    }
    assert second["zero_result_queries"] == 1
    assert second["excerpts"] == {
        "top_results": 1,
        "top_marked": 0,
        "text_bytes_gzip_median": 15,
        "text_bytes_gzip_max": 30,
        "text_files_median": 1.5,
        "text_files_max": 3,
    }
