"""The real site, built with --strict into a temporary folder, read back as HTML.

Whatever the corpus holds, every published essay must appear exactly once as a
page, on each of its theme pages, on its author pages and in the archive, and no
internal link may point to a missing page or anchor.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
from pathlib import Path

import feedparser
import pytest
from conftest import CORPUS_ROOT, ROOT, run_mkdocs_build
from htmlscan import as_read, page_path, resolve, scan
from searchfiles import file_of, word_files

from scripts.analysis import findings as analysis
from scripts.pages.feeds import MAX_ENTRIES
from scripts.search import index as search_index


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


def test_every_essay_page_lists_its_own_headings_then_the_sections_the_site_adds(built_site, corpus, published):
    found = analysis.analyse(published, corpus.vocabulary)
    for essay in published:
        html = (built_site / "essays" / essay.slug / "index.html").read_text(encoding="utf-8")
        toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S).group(0)
        anchors = re.findall(r'href="#([^"]+)"', toc)
        own = re.findall(r'<h[2-6] id="([^"]+)"', html.split('class="lens-strip"')[0])
        added = ["pieces-discussed"] if essay.sources else []
        added += ["related-essays", *(["the-other-side"] if found.other_side[essay.slug] else []), "cite-this-essay"]
        assert anchors == own + added, essay.slug
        for anchor in added:
            assert f'<h2 id="{anchor}">' in html, (essay.slug, anchor)


def test_the_navigation_marks_only_the_page_it_is_on(built_site, published):
    # The navigation is rendered once for all pages outside it (scripts/adapter/nav_cache.py): a page in it must
    # still get its own, with its tab active, and no page outside it may inherit one's active tab.
    nav = {"about/": "About", "glossary/": "Glossary", "themes/": "Themes", "": "Home"}
    for url, title in nav.items():
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        active = re.findall(
            r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*(.*?)\s*</a>',
            html,
        )
        assert active == [title], url
    outside = [f"essays/{e.slug}/" for e in published] + [
        "themes/power/",
        "authors/editors/",
        f"archive/{published[0].date.year}/",
    ]
    for url in outside:
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        before_contents = html.split('data-md-component="toc"')[0]
        # Its only active item is its own, which the drawer gives it for its table of contents.
        own = re.search(r'<li class="md-nav__item md-nav__item--active md-nav__item--outside">.*?</label>', html, re.S)
        if own is not None:
            assert 'id="__toc"' in own.group(0), url
            before_contents = before_contents.replace(own.group(0), "")
        assert "--active" not in before_contents, url
        assert '<a href="../../about/" class="md-tabs__link">' in html, url


def test_every_page_reads_as_it_would_from_the_templates_as_written(built_site, tmp_path):
    # The templates' whitespace is taken out as they are loaded (scripts/adapter/compact_templates.py): a
    # build with them as Material and the overrides write them must give pages that read the same, tag for
    # tag, where a browser shows whitespace as one space, and bytes for bytes inside pre, code and scripts.
    as_written = tmp_path / "site"
    uncompacted = "from scripts.adapter import compact_templates\ncompact_templates.install = lambda env: None"
    result = run_mkdocs_build(CORPUS_ROOT, as_written, first=uncompacted)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(as_written) for p in as_written.rglob("*.html"))
    smaller = 0
    for page in pages:
        assert as_read(built_site / page) == as_read(as_written / page), page
        smaller += (built_site / page).stat().st_size < (as_written / page).stat().st_size
    assert smaller == len(pages)  # and every page is smaller for it


def _search_pages(built_site: Path) -> dict[str, dict]:
    """The search index's pages by URL: {"url", "title", "parts"}, with their number added, and as "text"
    the passages the page keeps for its excerpts, joined."""
    folder = built_site / "search-index"
    per = json.loads((folder / "manifest.json").read_text())["per_file"]
    pages = {}
    for file in (folder / "pages").glob("*.json"):
        for i, page in enumerate(json.loads(file.read_text(encoding="utf-8"))):
            text = " ".join(part for _, part in page["parts"])
            pages[page["url"]] = {**page, "number": int(file.stem) * per + i, "text": text}
    return pages


def _postings(built_site: Path) -> dict[str, set[int]]:
    """Each word of the index and the numbers of the pages that carry it (its stem's lists left out)."""
    carrying: dict[str, set[int]] = {}
    for shard in word_files(built_site / "search-index")[1]:
        for word, postings in shard.items():
            if word != "=" and not word.startswith("~"):
                carrying[word] = set(itertools.accumulate(postings[0::3]))
    return carrying


def test_the_search_index_holds_essays_and_theme_pages_and_not_listing_pages(built_site, corpus, published):
    # Our index replaces Material's, which is not built any more.
    assert not (built_site / "search" / "search_index.json").exists()
    manifest = json.loads((built_site / "search-index" / "manifest.json").read_text())
    pages = _search_pages(built_site)
    assert manifest["pages"] == len(pages)
    assert {f"essays/{e.slug}/" for e in published} <= set(pages)
    for theme in corpus.vocabulary.themes:
        page = pages[f"themes/{theme.slug}/"]
        assert page["title"] == theme.name
        # A search for the theme's name puts its page first (search.js reads "named").
        assert manifest["named"][" ".join(search_index.words(theme.name))] == page["number"]
    for uri in ("search/", "browse/", "essays/", "archive/"):
        assert uri not in pages, uri
    for uri in ("", "about/", "glossary/", "themes/", "timeline/"):
        assert uri in pages, uri
    named = set(manifest["named"].values())
    assert not any(page["number"] in named for url, page in pages.items() if url.startswith("essays/"))


def test_every_word_of_every_page_is_in_the_word_file_search_reads_for_it(built_site):
    folder = built_site / "search-index"
    starts, shards = word_files(folder)
    assert len(shards) == len(list((folder / "words").glob("*.json")))
    carrying: dict[str, set[int]] = {}
    for key, shard in enumerate(shards):
        for word, postings in shard.items():
            if word == "=":  # the words of a stem, in each word's file and in its stem's (where a search by the
                # stem learns which words to mark): each a word of this file or of this file's stem list
                for of_stem, stem in postings.items():
                    assert of_stem in shard or "~" + stem in shard, (key, of_stem)
                    assert "~" + stem in shards[file_of(starts, stem)], (key, stem)
                continue
            # A word (or a stem's list, "~stem") sits in the file whose run of words it falls in.
            assert key == file_of(starts, word.lstrip("~")), (word, key)
            assert word not in carrying, word
            carrying[word] = set(itertools.accumulate(postings[0::3]))
            assert all(0 < w < 65536 for w in postings[1::3])
            assert all(0 <= bits < 1 << 16 for bits in postings[2::3])
    for page in _search_pages(built_site).values():
        for word in search_index.words(page["title"] + " " + page["text"]):
            assert page["number"] in carrying[word], (page["url"], word)


def test_listings_and_citations_are_left_out_of_the_search_text(built_site, published):
    # A page's search text is what Markdown made of it; listings, related essays and the citation block
    # join after, so a search for an essay's summary or title finds the essay, not every page listing it.
    summaries = [e.summary for e in published]
    for url, page in _search_pages(built_site).items():
        assert not any(summary in page["text"] for summary in summaries), url
        assert "BibTeX" not in page["text"], url


def test_an_essay_is_found_by_its_authors_and_the_pieces_it_discusses(built_site, published):
    pages, carrying = _search_pages(built_site), _postings(built_site)
    for essay in published:
        number = pages[f"essays/{essay.slug}/"]["number"]
        named = [*essay.authors, *(f"{s.title} {s.author} {s.publisher}" for s in essay.sources)]
        for word in search_index.words(" ".join(named)):
            assert number in carrying[word], (essay.slug, word)


def test_the_theme_filters_list_every_essay_carrying_the_theme_newest_first(built_site, corpus, published):
    by_theme = json.loads((built_site / "search-index" / "themes.json").read_text())
    numbers = {url: page["number"] for url, page in _search_pages(built_site).items()}
    for theme in corpus.vocabulary.themes:
        carrying = analysis.newest_first([e for e in published if theme.slug in e.themes])
        listed = by_theme.get(theme.slug, [])
        assert sorted(listed) == sorted(numbers[f"essays/{e.slug}/"] for e in carrying), theme.slug
        dates = {numbers[f"essays/{e.slug}/"]: e.date for e in carrying}
        assert [dates[n] for n in listed] == sorted(dates.values(), reverse=True), theme.slug


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
    from scripts.content.rendering import ABBREVIATIONS_FILE, parse_glossary

    glossary = parse_glossary((CORPUS_ROOT / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    for essay in published:
        page = (built_site / "essays" / essay.slug / "index.html").read_text(encoding="utf-8")
        for term, meaning in glossary.items():
            if re.search(rf"\b{re.escape(term)}\b", essay.body):
                title = meaning.replace("&", "&amp;").replace('"', "&quot;")
                assert f'<abbr title="{title}">{term}</abbr>' in page, (essay.slug, term)


def test_the_templates_render_without_the_hook(tmp_path):
    """Another engine, or MkDocs without our hook, reads the same overrides: the hand-written pages get
    Material's own tabs and drawer (the hook only renders them once per place), and the essays, being the
    hook's, are absent."""
    import shutil

    for name in ("docs", "overrides", "includes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks:\n  - scripts/adapter/hooks.py\n", "").replace("strict: true", "strict: false")
    config = config[: config.index("watch:")] + config[config.index("# Markdown extensions") :]
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(tmp_path, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert about.count('class="md-tabs__item') == 11 and "md-nav__item" in about
    assert not (tmp_path / "site" / "essays").exists()

