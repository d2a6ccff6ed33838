"""Facts about the published corpus that could regress as essays are added or edited."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

SOURCES = ROOT.parent / "shared" / "sources" / "SOURCES.md"
LINK = re.compile(r"\]\(([a-z0-9-]+)\.md(?:#[^)]*)?\)")


def source_titles() -> list[str]:
    """The titles of the pieces SOURCES.md describes: each file's heading and each listed blog post."""
    text = SOURCES.read_text(encoding="utf-8")
    headings = re.findall(r'^## \S+ — "(.+)"$', text, re.M)
    posts = re.findall(r'^\s+- \d\d-\d\d-\d{4} "(.+?)" \(', text, re.M)
    return headings + posts


def norm(title: str) -> str:
    return re.sub(r"\W+", " ", title.replace("’", "'")).strip().casefold()


@pytest.mark.skipif(not SOURCES.exists(), reason="../shared/sources is not beside this checkout")
def test_every_source_is_discussed_by_an_essay(corpus):
    titles = source_titles()
    assert len(titles) == 14  # four long articles and ten blog posts
    discussed = {norm(s.title) for e in corpus.essays for s in e.sources}
    assert [t for t in titles if norm(t) not in discussed] == []


def test_every_theme_is_used(corpus):
    used = {t for e in corpus.essays for t in e.themes}
    assert [t.slug for t in corpus.vocabulary.themes if t.slug not in used] == []


def test_corpus_size_and_shape(corpus):
    assert len(corpus.essays) >= 18
    assert 20 <= len(corpus.vocabulary.themes) <= 30
    for essay in corpus.essays:
        assert 3 <= len(essay.themes) <= 6, essay.slug
        assert 600 <= essay.words <= 1500, (essay.slug, essay.words)


def test_every_essay_links_to_another_that_exists(corpus):
    slugs = {e.slug for e in corpus.essays}
    for essay in corpus.essays:
        targets = set(LINK.findall(essay.body))
        assert targets - {essay.slug}, f"{essay.slug} links to no other essay"
        assert targets <= slugs, (essay.slug, targets - slugs)
