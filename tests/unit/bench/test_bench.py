"""The benchmark never rots: a smoke run at a tiny size, and the synthetic corpus it builds on.

No timing is asserted here: only that every figure is measured and the corpus is what it claims.
"""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import Counter

import pytest
from conftest import ROOT

from scripts.bench import __main__ as cli
from scripts.bench import builds, corpora, report
from scripts.content.corpus import load_corpus
from scripts.content.model import slugify


def _themes_yml() -> bytes:
    path = ROOT / "essays" / "themes.yml"
    return (path if path.is_file() else builds.FALLBACK_THEMES).read_bytes()


def _figure(figures: dict, dotted: str) -> object:
    value: object = figures
    for key in dotted.split("."):
        assert isinstance(value, dict) and key in value, f"{dotted} is missing"
        value = value[key]
    return value


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "bench.json"
    args = ["--sizes", "12", "--reps", "1", "--serve-size", "12", "--serve-reps", "1", "--shapes", *corpora.SHAPES]
    assert cli.main([*args, "--json", str(out), "--workdir", str(folder / "work")]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_smoke_run_measures_every_figure(smoke):
    result = smoke
    assert list(result["shapes"]) == list(corpora.SHAPES)
    hugo = builds.hugo_binary() is not None
    for shape, measured in result["shapes"].items():
        figures = measured["sizes"]["12"]
        assert figures["shape"] == shape
        for dotted in builds.FIGURES:
            value = _figure(figures, dotted)
            if not hugo and (".C" in dotted or dotted.endswith("A/C")):
                continue  # C is "n/a" without Hugo, and nothing else is
            assert isinstance(value, int | float) and value > 0, f"{shape}: {dotted} = {value!r}"
        assert set(measured["growth"]) >= {"smallest", "largest", "A", "B", "C"}
    assert result["environment"]["mkdocs"] and result["environment"]["mkdocs-material"]
    serve = result["serve"]
    assert serve["essays"] == 12 and serve["A"]["median"] > 0 and serve["B"]["median"] > 0 and serve["A/B"] > 0


def test_table_prints_from_the_json(smoke):
    result = smoke
    printed = report.table(result)
    # per shape: its name, a blank line, header, rule, one line per row, and a blank line between shapes;
    # then a blank line and the serve table's header, rule and three rows
    shapes = len(corpora.SHAPES)
    assert printed.count("\n") == shapes * (len(report.ROWS) + 4) + (shapes - 1) - 1 + 6
    assert all(f"Corpus shape: {shape}" in printed for shape in corpora.SHAPES)
    assert "A/B CPU" in printed and "12 essays" in printed


def test_synthetic_corpus_validates(tmp_path):
    corpus = corpora.make_corpus(30, 1, _themes_yml())
    (tmp_path / "essays").mkdir()
    for name, data in corpora.corpus_files(corpus).items():
        (tmp_path / "essays" / name).write_bytes(data)
    loaded, problems = load_corpus(tmp_path)
    assert problems == []
    assert loaded is not None and len(loaded.essays) == 30
    assert len(loaded.vocabulary.authors) == corpora.N_AUTHORS
    for essay in loaded.essays:
        assert corpora.MIN_WORDS <= essay.words <= corpora.MAX_WORDS, (essay.slug, essay.words)
        assert 2 <= len(essay.themes) <= 5
        assert "\n## " in essay.body and "](" in essay.body
        assert all(2010 <= s.year <= 2026 for s in essay.sources)
    slugs = {e.slug for e in loaded.essays}
    linked = {target for e in loaded.essays for target in _links(e.body)}
    assert linked and linked <= slugs  # every link goes to another synthetic essay


def _links(body: str) -> set[str]:
    return set(re.findall(r"\]\(([a-z0-9-]+)\.md\)", body))


def test_generator_is_deterministic_for_a_seed():
    themes = _themes_yml()
    first = corpora.corpus_files(corpora.make_corpus(20, 7, themes))
    again = corpora.corpus_files(corpora.make_corpus(20, 7, themes))
    other = corpora.corpus_files(corpora.make_corpus(20, 8, themes))
    assert first == again
    assert first != other


def test_themes_are_skewed():
    corpus = corpora.make_corpus(300, 1, _themes_yml())
    counts = Counter(t for e in corpus.essays for t in e.themes)
    common, least = counts.most_common()[0][1], counts.most_common()[-1][1]
    assert common > 3 * least  # Zipf-like: a few themes carry most essays
    assert all(2 <= len(e.themes) <= 5 for e in corpus.essays)


def test_titles_stay_distinct_at_ten_thousand():
    titles = corpora._titles(random.Random(1), 10_000)
    assert len({t.casefold() for t in titles}) == 10_000
    assert len({slugify(t) for t in titles}) == 10_000


@pytest.mark.parametrize("shape", ["prose", "sources"])
def test_each_corpus_shape_validates_and_has_its_own_shape(tmp_path, shape):
    corpus = corpora.make_corpus(60, 1, _themes_yml(), shape)
    (tmp_path / "essays").mkdir()
    for name, data in corpora.corpus_files(corpus).items():
        (tmp_path / "essays" / name).write_bytes(data)
    loaded, problems = load_corpus(tmp_path)
    assert problems == [] and loaded is not None and len(loaded.essays) == 60
    essays = loaded.essays
    for essay in essays:
        assert corpora.MIN_WORDS <= essay.words <= corpora.MAX_WORDS, (essay.slug, essay.words)
    commentators = {s.author for e in essays for s in e.sources}
    if shape == "prose":
        assert all(len(e.sources) <= 1 for e in essays) and len(commentators) <= 15
        assert all(2 <= len(e.themes) <= 5 and e.body.count("\n## ") <= 3 for e in essays)
        acronyms = sum(e.body.count(f" {a} ") for e in essays for a in corpora.ACRONYMS)
        assert acronyms >= 20 * len(essays)  # dense: a score an essay and more
    else:
        assert all(6 <= len(e.themes) <= 8 for e in essays)
        assert statistics.median(len(e.sources) for e in essays) >= 3 and len(commentators) > 25
    assert corpora.corpus_files(corpora.make_corpus(60, 1, _themes_yml(), shape)) == corpora.corpus_files(corpus)
