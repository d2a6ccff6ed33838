"""The real site, built with --strict into a temporary folder, read back as HTML.

Whatever the corpus holds, every published essay must appear exactly once as a
page, on each of its theme pages, on its author pages and in the archive, and no
internal link may point to a missing page or anchor.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import feedparser
import pytest
from htmlscan import page_path, resolve, scan

from scripts import analysis
from scripts.feeds import MAX_ENTRIES


@pytest.fixture(scope="module")
def published(corpus):
    return [e for e in corpus.essays if not e.draft]


def essay_hrefs(site: Path, page: Path, cls: str = "essay-list") -> list[str]:
    """Site-relative paths of the essay pages listed in `cls` elements of a page."""
    found = []
    for bucket in scan(page).by_class.get(cls, []):
        for url in bucket:
            target = resolve(site, page, url)
            if target and target[0].startswith("essays/") and target[0].count("/") == 2:
                found.append(target[0])
    return found


def test_corpus_is_not_empty(published):
    assert len(published) >= 3


def test_every_essay_has_its_page_with_its_title(built_site, published):
    for essay in published:
        page = built_site / "essays" / essay.slug / "index.html"
        assert page.is_file(), essay.slug
        assert scan(page).h1 == essay.title


def test_drafts_are_not_published(built_site, corpus):
    for essay in corpus.essays:
        assert (built_site / "essays" / essay.slug / "index.html").exists() == (not essay.draft)


def test_every_chip_links_to_an_existing_theme_page(built_site, published):
    for essay in published:
        page = built_site / "essays" / essay.slug / "index.html"
        chips = [resolve(built_site, page, u)[0] for b in scan(page).by_class["chips"] for u in b]
        assert chips == [f"themes/{t}/" for t in essay.themes]
        for target in chips:
            assert page_path(built_site, target).is_file()


def test_every_theme_page_lists_exactly_the_essays_carrying_it(built_site, corpus, published):
    for theme in corpus.vocabulary.themes:
        page = built_site / "themes" / theme.slug / "index.html"
        listed = essay_hrefs(built_site, page)
        expected = [f"essays/{e.slug}/" for e in analysis.newest_first(published) if theme.slug in e.themes]
        assert listed == expected, theme.slug


def test_every_essay_once_on_its_author_pages_and_in_the_archive(built_site, corpus, published):
    for essay in published:
        target = f"essays/{essay.slug}/"
        for name in essay.authors:
            author = corpus.vocabulary.author_by_name[name]
            page = built_site / "authors" / author.slug / "index.html"
            assert essay_hrefs(built_site, page).count(target) == 1
        year_page = built_site / "archive" / str(essay.year) / "index.html"
        assert essay_hrefs(built_site, year_page).count(target) == 1


def test_themes_index_shows_every_theme_grouped_by_lens_with_counts(built_site, corpus, published):
    text = (built_site / "themes" / "index.html").read_text()
    for theme in corpus.vocabulary.themes:
        n = sum(theme.slug in e.themes for e in published)
        label = "awaiting essays" if n == 0 else f"{n} essay" + ("s" if n != 1 else "")
        assert re.search(
            rf'href="{theme.slug}/">{re.escape(theme.name)}</a></strong> '
            rf'<span class="theme-count">{label}</span>',
            text.replace("&amp;", "&"),
        ), theme.slug
    for lens in corpus.vocabulary.lenses:
        assert f">{lens.name}<" in text.replace("&amp;", "&")


def test_no_internal_link_points_to_a_missing_file_or_anchor(built_site):
    broken = []
    for page in built_site.rglob("*.html"):
        for tag, url in scan(page).links:
            target = resolve(built_site, page, url)
            if target is None:
                assert tag == "a", f"{page}: {tag} loads {url} from another host"
                continue
            path, fragment = target
            file = page_path(built_site, path)
            if not file.is_file():
                broken.append(f"{page.relative_to(built_site)}: {url}")
            elif fragment and file.suffix == ".html" and fragment not in scan(file).ids:
                broken.append(f"{page.relative_to(built_site)}: {url} (no such anchor)")
    assert broken == []


def _searchable(page: Path) -> bool:
    return "data-pagefind-body" in page.read_text(encoding="utf-8")


def test_pagefind_indexes_essays_and_theme_pages_and_not_listings(built_site, corpus, published):
    # Pagefind's index replaces Material's, which is not built any more.
    assert not (built_site / "search" / "search_index.json").exists()
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind" / "index").glob("*.pf_index"))
    assert not list((built_site / "pagefind").glob("pagefind-ui.*"))  # the unused ready-made interface
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    searchable = [p for p in built_site.rglob("*.html") if _searchable(p)]
    assert entry["languages"]["en"]["page_count"] == len(searchable)

    for essay in published:
        page = built_site / "essays" / essay.slug / "index.html"
        assert _searchable(page), essay.slug
        # Its theme chips give the search page's filters the essay's themes, and nothing else does.
        assert re.findall(r'data-pagefind-filter="theme:([^"]+)"', page.read_text()) == list(essay.themes)
    for theme in corpus.vocabulary.themes:
        page = (built_site / "themes" / theme.slug / "index.html").read_text()
        assert f'data-pagefind-meta="title:{theme.name}"' in page.replace("&#39;", "'")
        assert re.search(r'<h1 data-pagefind-weight="10"', page)
        assert "data-pagefind-filter" not in page  # its listing is ignored whole, filters included
    for uri in ("search/", "browse/", "essays/", "archive/"):
        assert not _searchable(built_site / uri / "index.html"), uri
    for uri in ("", "about/", "glossary/", "themes/", "timeline/"):
        assert _searchable(built_site / uri / "index.html"), uri


def test_every_essay_listing_is_left_out_of_the_search_index(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count('<div class="essay-list"') == text.count(
            '<div class="essay-list" data-pagefind-ignore="all">'
        ), page


def test_site_feed_and_theme_feeds_parse_and_hold_the_right_essays(built_site, corpus, published):
    ordered = analysis.newest_first(published)
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.link for e in feed.entries] == [f"http://127.0.0.1:8000/essays/{e.slug}/" for e in ordered[:MAX_ENTRIES]]
    for theme in corpus.vocabulary.themes:
        feed = feedparser.parse((built_site / "themes" / theme.slug / "feed.xml").read_bytes())
        assert not feed.bozo, (theme.slug, feed.get("bozo_exception"))
        expected = [f"http://127.0.0.1:8000/essays/{e.slug}/" for e in ordered if theme.slug in e.themes]
        assert [e.link for e in feed.entries] == expected[:MAX_ENTRIES]
        page = (built_site / "themes" / theme.slug / "index.html").read_text()
        assert 'rel="alternate" type="application/atom+xml"' in page and "feed.xml" in page


def test_every_theme_chart_shows_the_counts_computed_from_the_essays(built_site, corpus, published):
    for theme in corpus.vocabulary.themes:
        page = (built_site / "themes" / theme.slug / "index.html").read_text()
        table = re.search(r'<details class="chart__data">.*?</details>', page, re.S).group(0)
        shown = {int(y): int(n) for y, n in re.findall(r'<th scope="row">(\d{4})</th><td>(\d+)</td>', table)}
        counts = analysis.discussed_per_year([e for e in published if theme.slug in e.themes])
        assert {y: n for y, n in shown.items() if n} == counts, theme.slug
        assert min(shown) <= 2011 and max(shown) >= datetime.date.today().year


def test_no_page_loads_anything_from_another_host(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for tag, url in scan(page).links:
            if tag != "a":
                assert resolve(built_site, page, url) is not None, f"{page}: {url}"


def test_glossary_acronyms_show_their_meaning_on_every_page_that_uses_them(built_site, published):
    from scripts.pages.glossary import ABBREVIATIONS_FILE, parse_glossary

    glossary = parse_glossary((Path(__file__).parent.parent / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    checked = 0
    for essay in published:
        page = (built_site / "essays" / essay.slug / "index.html").read_text(encoding="utf-8")
        for term, meaning in glossary.items():
            if re.search(rf"\b{re.escape(term)}\b", essay.body):
                title = meaning.replace("&", "&amp;").replace('"', "&quot;")
                assert f'<abbr title="{title}">{term}</abbr>' in page, (essay.slug, term)
                checked += 1
    assert checked > 0  # the corpus uses the glossary's acronyms: otherwise this test proves nothing
