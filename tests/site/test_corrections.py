"""Corrections and updates, and the licence, on a site the test makes: under the byline, on the Corrections page
and its feed, in each essay's feed entry, JSON-LD and citation, and in every page's footer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from conftest import make_project, run_mkdocs_build
from htmlscan import SITE_URL

from scripts.pages.licence import CONTENT_URL, HOLDER

REPO = "https://github.com/example/nhs-reform"


def essay(title: str, day: str, themes: str, corrections: str = "", draft: bool = False) -> str:
    return (
        f'---\ntitle: "{title}"\nauthor: The Editors\ndate: {day}\nthemes: [{themes}]\nsummary: "About {title}."\n'
        + (f"corrections:\n{corrections}" if corrections else "")
        + ("draft: true\n" if draft else "")
        + "---\n\nText of the essay.\n"
    )


# Written oldest first on purpose: the site shows them newest first.
NOTES_A = """  - date: 2026-11-10
    kind: correction
    note: "The date of the report is now right."
  - date: 2026-11-20
    kind: update
    note: "A second source was added."
"""
NOTES_B = """  - date: 2026-11-10
    kind: correction
    note: "A quotation is now given in the author's own words."
"""
NOTES_DRAFT = """  - date: 2026-11-12
    kind: update
    note: "A draft's note, never published."
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module) -> Path:
    folder = tmp_path_factory.mktemp("corrections")
    project = make_project(
        folder / "project",
        {
            "alpha.md": essay("Alpha", "2026-11-01", "hierarchy, solidarity", NOTES_A),
            "beta.md": essay("Beta", "2026-11-05", "hierarchy", NOTES_B),
            "gamma.md": essay("Gamma", "2026-10-01", "power, love"),
            "draft.md": essay("Draft", "2026-11-02", "power", NOTES_DRAFT, draft=True),
        },
    )
    monkeypatch_module.setenv("REPO_URL", REPO)
    result = run_mkdocs_build(project, folder / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def page(site: Path, slug: str) -> str:
    return (site / "essays" / slug / "index.html").read_text(encoding="utf-8")


def shown_notes(html: str) -> list[tuple[str, str, str]]:
    section = re.search(r'<section class="essay-changes" id="corrections".*?</section>', html, re.S)
    if section is None:
        return []
    return re.findall(r'<li><time datetime="([\d-]+)">[^<]+</time>, (\w+): ([^<]+)</li>', section.group(0))


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_an_essay_shows_its_notes_under_the_byline_newest_first_with_the_last_change(site):
    html = page(site, "alpha")
    assert shown_notes(html) == [
        ("2026-11-20", "update", "A second source was added."),
        ("2026-11-10", "correction", "The date of the report is now right."),
    ]
    assert 'last changed <time datetime="2026-11-20">20 November 2026</time>' in html
    assert "<strong>Corrected and updated</strong>" in html
    # Under the byline, before the essay's own text.
    assert html.index("essay-meta__byline") < html.index('id="corrections"') < html.index("Text of the essay.")
    assert "<strong>Corrected</strong>" in page(site, "beta")


def test_every_essay_links_to_its_files_history_and_one_without_notes_shows_none(site):
    for slug in ("alpha", "beta", "gamma"):
        assert f'href="{REPO}/commits/main/essays/{slug}.md"' in page(site, slug)
    assert shown_notes(page(site, "gamma")) == [] and 'id="corrections"' not in page(site, "gamma")


def test_json_ld_carries_the_last_change_and_the_licence(site):
    alpha, gamma = json_ld(page(site, "alpha")), json_ld(page(site, "gamma"))
    assert (alpha["datePublished"], alpha["dateModified"]) == ("2026-11-01", "2026-11-20")
    assert (gamma["datePublished"], gamma["dateModified"]) == ("2026-10-01", "2026-10-01")
    assert alpha["license"] == gamma["license"] == CONTENT_URL
    assert alpha["copyrightHolder"]["name"] == HOLDER
    assert '<meta property="article:modified_time" content="2026-11-20">' in page(site, "alpha")


def test_the_citation_says_which_version_it_cites(site):
    alpha, gamma = page(site, "alpha"), page(site, "gamma")
    assert "1 November 2026, last updated 20 November 2026. Available at:" in alpha
    assert "These references cite the essay as last changed on 20 November 2026" in alpha
    assert re.search(r"version\s+= \{2026-11-20\}", alpha)
    assert "last updated" not in gamma.split('id="cite-this-essay"')[1]
    assert "These references cite the essay as published on 1 October 2026." in gamma
    assert re.search(r"version\s+= \{2026-10-01\}", gamma)
    assert f'<a href="{CONTENT_URL}" rel="license">CC BY 4.0</a>' in alpha.split('id="cite-this-essay"')[1]


def test_the_site_feed_dates_each_entry_by_its_last_change_and_states_its_rights(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert CONTENT_URL in feed.feed.rights and HOLDER in feed.feed.rights
    entries = {e.link: e for e in feed.entries}
    alpha = entries[f"{SITE_URL}essays/alpha/"]
    assert (alpha.updated[:10], alpha.published[:10]) == ("2026-11-20", "2026-11-01")
    gamma = entries[f"{SITE_URL}essays/gamma/"]
    assert gamma.updated[:10] == gamma.published[:10] == "2026-10-01"
    assert feed.feed.updated[:10] == "2026-11-20"  # the newest change of any entry
    for theme in ("hierarchy", "power"):
        themed = feedparser.parse((site / "themes" / theme / "feed.xml").read_bytes())
        assert not themed.bozo and CONTENT_URL in themed.feed.rights


PUBLISHED_NOTES = [  # every published note, newest first; on one day, by the essay's title
    ("2026-11-20", "update", "alpha", "A second source was added."),
    ("2026-11-10", "correction", "alpha", "The date of the report is now right."),
    ("2026-11-10", "correction", "beta", "A quotation is now given in the author's own words."),
]


def test_the_corrections_feed_has_an_entry_for_each_published_note_newest_first(site):
    feed = feedparser.parse((site / "corrections" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert CONTENT_URL in feed.feed.rights
    got = [
        (e.updated[:10], e.tags[0].term, e.link.removeprefix(f"{SITE_URL}essays/").split("/")[0], e.summary)
        for e in feed.entries
    ]
    assert got == PUBLISHED_NOTES
    assert all(e.link.endswith("/#corrections") for e in feed.entries)
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert feed.entries[0].title == "Update: Alpha" and feed.feed.updated[:10] == "2026-11-20"


def test_the_corrections_page_lists_every_published_note_newest_first_and_links_its_feed(site):
    html = (site / "corrections" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(
        r'<li><p><time datetime="([\d-]+)">[^<]+</time> · (\w+) · <a href="\.\./essays/([\w-]+)/#corrections">'
        r"[^<]+</a><br>([^<]+)</p></li>",
        html.replace("&#x27;", "'"),
    )
    assert listed == PUBLISHED_NOTES
    assert '<a href="feed.xml">the corrections feed</a>' in html
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*corrections[^"]*" href="\.\./corrections/feed\.xml">', html)
    assert "never published" not in html


def test_every_page_states_the_licence_in_its_footer(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for html_file in pages:
        footer = html_file.read_text(encoding="utf-8").split('<div class="md-copyright">', 1)[1]
        assert f'<a href="{CONTENT_URL}" rel="license">CC BY 4.0</a>' in footer, html_file
        assert "MIT licence" in footer and "NHS Reform Commentary contributors" in footer, html_file
