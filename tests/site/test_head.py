"""Meta for sharing and citing: the pure functions with hostile values, then every page of the real site.

The head tags, the JSON-LD, the citation and the Browse page are built from
contributors' values and printed without autoescaping, so each test here feeds
them markup and quotes and reads the result back the way a browser or a
reference manager would.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import make_essay

from scripts.content.model import slugify
from scripts.pages import browse, cite, head
from scripts.pages.format import Fragments

SITE = "NHS Reform Commentary"
SITE_URL = "https://example.org/nhs/"
HOSTILE = "<img src=x onerror=\"alert(1)\"> & </script><script>alert(2)</script> 'quoted'"


class _Head(HTMLParser):
    """The <meta>, <link> and <script> elements of an HTML fragment, with their attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def meta(self, key: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for tag, attrs in self.elements:
            if tag == "meta" and key in attrs:
                found.setdefault(attrs[key], []).append(attrs.get("content", ""))
        return found


def parse(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def hostile_essay():
    return make_essay(
        "hostile",
        ("power", "love"),
        "2025-03-04",
        title=HOSTILE,
        summary=f"Summary with {HOSTILE}",
        authors=("The Editors", "Ann Other"),
        sources=[
            {
                "title": HOSTILE,
                "author": 'Jo "Quote" Bloggs',
                "publisher": "<b>Press</b> & Co",
                "published": "2025-02",
                "url": 'https://example.org/a?b="><script>alert(3)</script>',
            },
            {"title": "Plain", "author": "The King's Fund", "publisher": "The King's Fund", "published": "2011-03-15"},
        ],
    )


# The head: OpenGraph, Twitter, Highwire, JSON-LD ----------------------------------------------------------


def test_essay_head_values_come_out_escaped_and_round_trip(hostile_essay, vocabulary):
    html = head.essay_head(hostile_essay, vocabulary, SITE, SITE_URL)
    assert "<img" not in html and "<b>" not in html
    parsed = parse(html)
    # The only element the markup may open is the JSON-LD script; every value reads back as typed.
    assert {tag for tag, _ in parsed.elements} == {"meta", "script"}
    assert len(parsed.scripts) == 1
    props, names = parsed.meta("property"), parsed.meta("name")
    url = SITE_URL + "essays/hostile/"
    assert props["og:title"] == [HOSTILE]
    assert props["og:description"] == [f"Summary with {HOSTILE}"]
    assert props["og:url"] == [url]
    assert props["og:type"] == ["article"]
    assert props["article:tag"] == ["Power", "Love"]
    assert names["twitter:card"] == ["summary"]
    assert "twitter:title" not in names and "twitter:description" not in names  # X reads og:title, og:description
    assert names["citation_title"] == [HOSTILE]
    assert names["citation_author"] == ["The Editors", "Ann Other"]
    assert names["citation_publication_date"] == ["2025/03/04"]
    assert names["citation_journal_title"] == [SITE]
    assert names["citation_public_url"] == [url]


def test_json_ld_is_an_article_that_parses_and_cannot_close_its_script(hostile_essay, vocabulary):
    html = head.essay_head(hostile_essay, vocabulary, SITE, SITE_URL)
    (attrs, text), *_ = parse(html).scripts
    assert attrs == {"type": "application/ld+json"}
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == HOSTILE
    assert data["datePublished"] == "2025-03-04"
    assert data["url"] == SITE_URL + "essays/hostile/"
    assert [a["name"] for a in data["author"]] == ["The Editors", "Ann Other"]
    assert [a["@type"] for a in data["author"]] == ["Organization", "Person"]
    assert [a["url"] for a in data["author"]] == [SITE_URL + "authors/editors/", SITE_URL + "authors/ann-other/"]
    assert [t["name"] for t in data["about"]] == ["Power", "Love"]
    assert data["about"][0]["url"] == SITE_URL + "themes/power/"
    first, second = data["citation"]
    assert first == {
        "@type": "CreativeWork",
        "name": HOSTILE,
        "author": {"name": 'Jo "Quote" Bloggs'},
        "publisher": {"@type": "Organization", "name": "<b>Press</b> & Co"},
        "datePublished": "2025-02",
        "url": 'https://example.org/a?b="><script>alert(3)</script>',
    }
    assert "url" not in second and second["datePublished"] == "2011-03-15"


def test_json_ld_escapes_every_character_that_could_end_a_script():
    text = head.json_ld({"x": "</script><!-- & \u2028"})
    assert text == '{"x":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"x": "</script><!-- & \u2028"}


def test_feed_links_are_escaped_and_relative_to_the_page(vocabulary):
    links = head.feed_links('A "site" <b>', "themes/power/", vocabulary.theme["power"])
    assert "<b>" not in links
    hrefs = [attrs["href"] for tag, attrs in parse(links).elements if tag == "link"]
    assert hrefs == ["../../feed.xml", "../../themes/power/feed.xml"]
    assert [a["title"] for _, a in parse(links).elements] == ['A "site" <b>: all essays', 'A "site" <b>: Power']


# Cite this essay ---------------------------------------------------------------------------------------------


def test_harvard_reference_is_escaped_and_invents_nothing(hostile_essay):
    url = SITE_URL + "essays/hostile/"
    ref = cite.harvard(hostile_essay, SITE, url)
    assert "<img" not in ref and "<script>" not in ref
    text = re.sub(r"<[^>]+>", "", ref)
    assert html.unescape(text) == (
        f"The Editors and Ann Other (2025) ‘{HOSTILE}’, {SITE}, 4 March 2025. Available at: {url} "
        "(Accessed: the date you read it)."
    )


def test_bibtex_entry_escapes_latex_and_braces_each_name(vocabulary):
    essay = make_essay(
        "odd", ("power",), "2024-12-01", title="50% of {braces} & $money_# ~^\\", authors=("The Editors", "Ann Other")
    )
    entry = cite.bibtex(essay, SITE, SITE_URL + "essays/odd/")
    assert entry.startswith("@online{nhs-reform-commentary:odd,\n")
    fields = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", entry, re.M))
    assert fields["author"] == "{The Editors} and {Ann Other}"
    assert fields["title"] == (
        r"{50\% of \{braces\} \& \$money\_\# \textasciitilde{}\textasciicircum{}\textbackslash{}}"
    )
    assert fields["date"] == "2024-12-01" and fields["year"] == "2024"
    assert fields["organization"] == SITE
    assert fields["url"] == SITE_URL + "essays/odd/"
    assert entry.count("{") == entry.count("}")


def test_cite_block_shows_the_url_for_print_and_escapes_the_bibtex(hostile_essay):
    url = SITE_URL + "essays/hostile/"
    block = cite.cite_block(hostile_essay, SITE, url)
    assert '<h2 id="cite-this-essay">Cite this essay<a class="headerlink" href="#cite-this-essay"' in block
    assert f'<p class="cite__url print-only">This essay is online at {url}</p>' in block
    assert '<div class="cite__bibtex copy"><pre><code>@online{' in block
    assert "<img" not in block and "<script>" not in block


# Browse --------------------------------------------------------------------------------------------------------


def test_browse_page_escapes_titles_and_carries_what_the_filter_reads(hostile_essay, vocabulary):
    other = make_essay("plain", ("hierarchy",), "2011-05-01")
    fragments = Fragments()
    markdown = browse.browse_page(
        [hostile_essay, other],
        vocabulary,
        {2025: [hostile_essay], 2011: [other]},
        {"The Editors": [hostile_essay, other], "Ann Other": [hostile_essay]},
        {'Jo "Quote" Bloggs': [hostile_essay], "The King's Fund": [hostile_essay]},
        fragments,
    )
    page = fragments.expand(markdown)
    assert "<img" not in page and "<script>alert" not in page
    item = re.search(r'<li data-themes="power love"[^>]*>', page).group(0)
    assert 'data-authors="editors ann-other"' in item
    assert f'data-commentators="{slugify("Jo Quote Bloggs")} the-king-s-fund"' in item
    assert 'data-year="2025"' in item
    # Labelled controls, in the page wherever JavaScript runs (no layout shift); a live region; the script on
    # this page only.
    assert '<form class="browse-form js-only" id="browse-form">' in page
    for control in ("browse-author", "browse-commentator", "browse-from", "browse-to"):
        assert f'<label for="{control}">' in page and f'id="{control}"' in page
    assert '<option value="2011">2011</option>' in page and '<option value="2025">2025</option>' in page
    assert 'role="status" aria-live="polite"' in page
    assert '<script src="../assets/browse.js" defer></script>' in page
    assert page.count('href="../essays/plain/"') == 4  # the list, and by theme, author, year (no commentator)


def test_browse_page_with_no_essays(vocabulary):
    fragments = Fragments()
    page = fragments.expand(browse.browse_page([], vocabulary, {}, {}, {}, fragments))
    assert "0 essays." in page and "No essays are published yet." in page


# The real site ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(corpus):
    return corpus, [e for e in corpus.essays if not e.draft]


def _page(site: Path, url: str) -> _Head:
    return parse((site / url / "index.html").read_text(encoding="utf-8"))


def test_every_essay_page_has_its_sharing_and_citing_meta(built_site, published):
    corpus, essays = published
    for essay in essays:
        url = f"http://127.0.0.1:8000/essays/{essay.slug}/"
        page = _page(built_site, f"essays/{essay.slug}")
        canonical = [a["href"] for tag, a in page.elements if tag == "link" and a.get("rel") == "canonical"]
        assert canonical == [url], essay.slug
        names, props = page.meta("name"), page.meta("property")
        assert names["description"] == [essay.summary]
        assert props["og:title"] == [essay.title] and props["og:url"] == [url]
        assert names["twitter:card"] == ["summary"]
        assert names["citation_title"] == [essay.title]
        assert names["citation_author"] == list(essay.authors)
        assert names["citation_publication_date"] == [essay.date.strftime("%Y/%m/%d")]
        (data,) = [json.loads(t) for a, t in page.scripts if a.get("type") == "application/ld+json"]
        assert data["@type"] == "Article" and data["headline"] == essay.title
        assert [a["name"] for a in data["author"]] == list(essay.authors)
        assert data["datePublished"] == essay.date.isoformat()
        assert [t["name"] for t in data["about"]] == [corpus.vocabulary.theme[t].name for t in essay.themes]
        assert [c["name"] for c in data["citation"]] == [s.title for s in essay.sources]


def test_every_essay_page_has_a_cite_block_with_its_url(built_site, published):
    _, essays = published
    for essay in essays:
        html = (built_site / "essays" / essay.slug / "index.html").read_text(encoding="utf-8")
        url = f"http://127.0.0.1:8000/essays/{essay.slug}/"
        assert 'id="cite-this-essay"' in html
        assert f"This essay is online at {url}</p>" in html
        assert f"@online{{nhs-reform-commentary:{essay.slug}," in html
        assert "<!--fragment-" not in html


def test_every_page_has_the_security_policy_first_and_no_inline_script(built_site):
    for file in built_site.rglob("*.html"):
        page = parse(file.read_text(encoding="utf-8"))
        first_meta = next(a for tag, a in page.elements if tag == "meta" and "charset" not in a)
        assert first_meta.get("http-equiv") == "Content-Security-Policy", file
        policy = dict(d.strip().split(" ", 1) for d in first_meta["content"].split(";"))
        # No page may run inline or eval'd script, nor compile WebAssembly.
        assert policy["script-src"] == "'self'", file
        assert policy["default-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
        assert policy["style-src"] == "'self'" and policy["img-src"] == "'self' data:"
        assert page.meta("name")["referrer"] == ["strict-origin-when-cross-origin"]
        data = ("application/json", "application/ld+json")
        inline = [a for a, _ in page.scripts if "src" not in a and a.get("type") not in data]
        assert inline == [], file


def test_sitemap_lists_every_essay(built_site, published):
    _, essays = published
    tree = ET.parse(built_site / "sitemap.xml")
    locations = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for essay in essays:
        assert f"http://127.0.0.1:8000/essays/{essay.slug}/" in locations


def test_the_site_feed_and_each_theme_feed_are_linked_as_alternates(built_site, published):
    corpus, _ = published
    for url in ("", "essays", "themes"):
        links = [a for tag, a in _page(built_site, url).elements if tag == "link" and a.get("rel") == "alternate"]
        assert any(a["href"].endswith("feed.xml") and a["type"] == "application/atom+xml" for a in links), url
    for theme in corpus.vocabulary.themes:
        links = [
            a["href"]
            for tag, a in _page(built_site, f"themes/{theme.slug}").elements
            if tag == "link" and a.get("rel") == "alternate"
        ]
        assert links == ["../../feed.xml", f"../../themes/{theme.slug}/feed.xml"], theme.slug
        assert (built_site / "themes" / theme.slug / "feed.xml").is_file()
