"""The open data (`data/`) on a site the test makes, read back and compared with the built pages: every essay,
count and relation in the files is the one the pages show; the files follow their schemas; two builds of the
same project write the same bytes. Then the same properties of the real site."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import make_project, run_mkdocs_build
from htmlscan import SITE_URL

from scripts.pages.licence import CONTENT_URL


def essay(title: str, day: str, themes: str, *, sources: str = "", corrections: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\nauthor: The Editors\ndate: {day}\nthemes: [{themes}]\nsummary: "About {title}, '
        f'with a comma and a \\"quote\\"."\n'
        + (f"sources:\n{sources}" if sources else "")
        + (f"corrections:\n{corrections}" if corrections else "")
        + "---\n\nText of the essay.\n"
    )


def source(title: str, author: str, published: str) -> str:
    return f'  - title: "{title}"\n    author: {author}\n    publisher: A blog\n    published: {published}\n'


ESSAYS = {
    "alpha.md": essay(
        "Alpha",
        "2026-11-01",
        "hierarchy, solidarity",
        sources=source("Grip", "Paul Corrigan", "2011-03-02") + source("Balance", "Matthew Taylor", "2022-11"),
        corrections='  - date: 2026-11-20\n    kind: update\n    note: "A source, added."\n',
    ),
    "beta.md": essay(
        "Beta", "2026-11-05", "hierarchy, individualism", sources=source("Grip", "Paul Corrigan", "2011-03-02")
    ),
    "gamma.md": essay("Gamma", "2026-10-01", "power, love"),
    "delta.md": essay("Delta", "2025-06-01", "individualism, power", sources=source("Later", "Ann Writer", "2015")),
    "epsilon.md": essay("Epsilon", "2024-01-15", "solidarity, love, hierarchy"),
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The same project built twice, into two folders."""
    folder = tmp_path_factory.mktemp("data")
    essays = dict(ESSAYS)
    essays["delta.md"] = essays["delta.md"].replace("published: 2015", "published: 2015-05")
    project = make_project(folder / "project", essays)
    sites = []
    for name in ("one", "two"):
        result = run_mkdocs_build(project, folder / name)
        assert result.returncode == 0, result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        sites.append(folder / name)
    return sites[0], sites[1]


@pytest.fixture(scope="module")
def site(builds) -> Path:
    return builds[0]


def read_json(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def read_csv(site: Path, name: str) -> list[dict[str, str]]:
    data = (site / "data" / name).read_bytes()
    assert b"\r\n" in data and not data.startswith(b"\xef\xbb\xbf")  # RFC 4180 line ends, no byte-order mark
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def section_links(html: str, anchor: str) -> list[str]:
    """The essays a section of an essay's page links to, in order, by slug."""
    found = re.search(rf'<h2 id="{anchor}">.*?</ul>', html, re.S)
    return re.findall(r'<a href="\.\./\.\./essays/([\w-]+)/">', found.group(0)) if found else []


def essay_pages(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "essays").glob("*/index.html")}


def check_against_pages(site: Path) -> None:
    """Every property the data shares with the pages, for any valid corpus."""
    data = read_json(site, "essays.json")
    jsonschema.validate(data, read_json(site, "essays.schema.json"))
    themes = read_json(site, "themes.json")
    jsonschema.validate(themes, read_json(site, "themes.schema.json"))
    assert data["licence"]["url"] == themes["licence"]["url"] == CONTENT_URL
    records = data["essays"]
    assert {r["slug"] for r in records} == essay_pages(site)
    # Newest first, as the Essays page lists them (the latest of them: the archive has every one).
    listing = (site / "essays" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<strong><a href="\.\./essays/([\w-]+)/">', listing)
    assert shown and [r["slug"] for r in records][: len(shown)] == shown
    for r in records:
        html = (site / "essays" / r["slug"] / "index.html").read_text(encoding="utf-8")
        assert f"<title>{r['title']} - " in html.replace("&#x27;", "'")
        assert r["url"].endswith(f"essays/{r['slug']}/")
        chips = re.search(r'<p class="essay-meta__themes">(.*?)</p>', html).group(1)
        assert re.findall(r'themes/([\w-]+)/"', chips) == r["themes"]
        assert section_links(html, "related-essays") == [link["slug"] for link in r["related"]]
        assert section_links(html, "the-other-side") == [link["slug"] for link in r["other_side"]]
        for link in r["related"]:  # the reasons: the shared themes the page names
            item = re.search(rf'<li><a href="\.\./\.\./essays/{link["slug"]}/">.*?</li>', html.split('id="related-essays"')[1])
            names = re.findall(r"<em>([^<]+)</em>", item.group(0))
            assert names == [next(t["name"] for t in themes["themes"] if t["slug"] == s) for s in link["themes"]]
        pieces = re.search(r'<h2 id="pieces-discussed">.*?</ul>', html, re.S)
        assert (pieces.group(0).count("<li>") if pieces else 0) == len(r["sources"])
        shown = re.findall(r'<li><time datetime="([\d-]+)">[^<]+</time>, (\w+): ([^<]+)</li>', html)
        assert shown == [(c["date"], c["kind"], c["note"].replace("'", "&#x27;")) for c in r["corrections"]]
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert (ld["datePublished"], ld["dateModified"]) == (r["date"], r["last_changed"])
    # The CSV is the JSON, flat.
    rows = read_csv(site, "essays.csv")
    assert [row["slug"] for row in rows] == [r["slug"] for r in records]
    for row, r in zip(rows, records, strict=True):
        assert (row["title"], row["summary"], row["date"], row["last_changed"]) == (
            r["title"],
            r["summary"],
            r["date"],
            r["last_changed"],
        )
        assert row["themes"].split("; ") == r["themes"] and row["authors"].split("; ") == r["authors"]
        assert row["related"] == "; ".join(link["slug"] for link in r["related"])
        assert int(row["sources"]) == len(r["sources"]) and int(row["corrections"]) == len(r["corrections"])
    assert len(read_csv(site, "sources.csv")) == sum(len(r["sources"]) for r in records)
    notes = read_csv(site, "corrections.csv")
    assert sorted((n["essay"], n["date"], n["note"]) for n in notes) == sorted(
        (r["slug"], c["date"], c["note"]) for r in records for c in r["corrections"]
    )
    assert [n["date"] for n in notes] == sorted((n["date"] for n in notes), reverse=True)
    # The vocabulary and its counts, as the themes index and each theme's page show them.
    index = (site / "themes" / "index.html").read_text(encoding="utf-8")
    for theme in themes["themes"]:
        shown = re.search(
            rf'href="{theme["slug"]}/">[^<]+</a></strong> <span class="theme-count">([^<]+)</span>', index
        ).group(1)
        expected = (
            "awaiting essays" if theme["essays"] == 0 else f"{theme['essays']} essay" + "s" * (theme["essays"] != 1)
        )
        assert shown == expected, theme["slug"]
        assert theme["essays"] == sum(theme["slug"] in r["themes"] for r in records)
        page = (site / "themes" / theme["slug"] / "index.html").read_text(encoding="utf-8")
        together = re.findall(
            r'<tr><td><a href="\.\./\.\./themes/([\w-]+)/">[^<]+</a></td><td><a href="#with-[\w-]+">(\d+)</a>', page
        )
        assert [(o["theme"], o["essays"]) for o in theme["occurs_with"]] == [(t, int(n)) for t, n in together]
        # The chart's files: the numbers of the page's table, the chart itself, linked under it.
        table = re.search(r'<details class="chart__data">.*?</details>', page, re.S).group(0)
        numbers = [(y, n) for y, n in re.findall(r'<th scope="row">(\d{4})</th><td>(\d+)</td>', table)]
        series = read_csv(site, f"charts/{theme['slug']}-per-year.csv")
        assert [(row["year"], row["pieces_discussed"]) for row in series] == numbers
        svg = ET.parse(site / "data" / "charts" / f"{theme['slug']}-per-year.svg").getroot()
        bars = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")][1:]
        assert bars == [f"{y}: {n}" for y, n in numbers if n != "0"]
        slug = theme["slug"]
        assert f'Download the data: <a href="../../data/charts/{slug}-per-year.csv" download>CSV</a>' in page
        assert f'<a href="../../data/charts/{slug}-per-year.svg" download>' in page
    # The matrix, as the themes index shows it.
    cells = dict(
        ((a, b), int(n)) for a, b, n in re.findall(r'<a href="([\w-]+)/#with-([\w-]+)" title="[^"]*">(\d+)</a>', index)
    )
    pairs = {(row["theme"], row["other_theme"]): int(row["essays"]) for row in read_csv(site, "cooccurrence.csv")}
    assert pairs == cells
    assert '<a href="../data/cooccurrence.csv" download>CSV</a>' in index
    # The Data page links every file it lists, and each exists.
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="([\w./-]+)" download>', data_page)
    files = {p.relative_to(site / "data").as_posix() for p in (site / "data").rglob("*") if p.is_file()}
    assert set(linked) == files - {"index.html"}
    assert CONTENT_URL in data_page


def test_the_data_agrees_with_the_pages(site):
    check_against_pages(site)


def test_the_made_corpus_gives_the_relations_the_test_relies_on(site):
    records = {r["slug"]: r for r in read_json(site, "essays.json")["essays"]}
    assert records["alpha"]["related"] and records["alpha"]["other_side"][0]["answers"] == ["hierarchy"]
    assert records["alpha"]["corrections"] == [{"date": "2026-11-20", "kind": "update", "note": "A source, added."}]
    assert records["alpha"]["url"] == f"{SITE_URL}essays/alpha/"
    assert records["beta"]["summary"] == 'About Beta, with a comma and a "quote".'


def test_two_builds_of_the_same_project_write_the_same_data_and_feeds(builds):
    one, two = builds
    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file() and "data" in p.parts)
    assert len(files) > 10
    for name in files + ["feed.xml", "corrections/feed.xml"]:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_the_real_sites_data_agrees_with_its_pages(built_site):
    check_against_pages(built_site)
