"""One site, three engines: a small project built with MkDocs, ProperDocs and Zensical gives the same site.

MkDocs and ProperDocs get the generated pages from the hook, Zensical as files (scripts/adapter/files.py).
Compared: the set of pages and files, each page's article text and where its links lead, each page's
`<title>` and `<head>` tags, its footer, its table of contents in the sidebar and in the drawer, the data files,
the feeds and the search index's files. The project has what each engine could read differently: a correction
note, captioned figures, a heading inside an admonition, links between essays.
Every difference is reported; the only ones allowed are those in `ALLOWED`, each with its reason. Each
engine's output has its links checked as well: every `href` and `src` resolves to a file of that output
without leaving it, so the site works at a domain root and under a sub-path alike.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import make_project

ENGINES = ("mkdocs", "properdocs", "zensical")
# Built under a sub-path, as a GitHub Pages project site is: a link that works there works at a domain root too.
SITE_URL = "http://127.0.0.1:8000/nhs-reform/"
PREFIX = urlsplit(SITE_URL).path
# A repository, so that each essay links to its file's history, as the deployed site does.
REPO_URL = "https://github.com/example/nhs-reform"
# What may differ from MkDocs' build, and why. Nothing else may.
ALLOWED = {
    "generator": "each page's <meta name=generator> names the engine that made it",
    "sitemap": "only MkDocs writes a lastmod (the day of the build), and sitemap.xml.gz; the pages listed are compared",
    "theme assets": "each engine ships its own build of Material's scripts and styles under assets/",
}
# The engine's own build of Material's scripts and styles; the site's own (overrides/assets, docs/assets) are compared.
THEME_ASSETS = re.compile(r"^assets/(javascripts/(bundle\.|lunr/|workers/|LICENSE$)|stylesheets/)")

_HEAD = '---\ntitle: "{title}"\nauthor: The Editors\ndate: 2025-03-{day:02d}\nthemes: [{themes}]\nsummary: "{summary}"\n'


def essay(title: str, day: int, body: str, themes: str, *, sources: str = "", corrections: str = "") -> str:
    head = _HEAD.format(title=title, day=day, themes=themes, summary=f"On {title.lower()}.")
    return head + sources + (f"corrections:\n{corrections}" if corrections else "") + "---\n\n" + body


SOURCE = (
    "sources:\n  - title: A column on grip\n    author: Paul Corrigan\n    publisher: The Column\n"
    "    published: 2011-03-04\n    url: https://example.org/grip\n"
)
# Shown under the byline, listed on the Corrections page, in the corrections feed and the data's notes.
CORRECTIONS = (
    '  - date: 2025-04-02\n    kind: correction\n    note: "The year of the bill is now right."\n'
    '  - date: 2025-05-06\n    kind: update\n    note: "A second source was added."\n'
)
ESSAYS = {
    "grip.md": essay(
        "Grip & liberation",
        1,
        "The NHS tried *both*.\n\n## What the NHS wanted {#wanted}\n\nSee [the other one](trusts.md#money).\n\n"
        "### Where `grip` came from\n\nA CCG met.[^1]\n\n[^1]: On a Tuesday.\n",
        "hierarchy, power",
        sources=SOURCE,
        corrections=CORRECTIONS,
    ),
    "trusts.md": essay(
        "Trusts and money",
        2,
        "Trusts borrowed.\n\n## Money\n\nThe ICS paid: see [grip](grip.md).\n\n## A list_with * odd [marks]\n\nText.\n",
        "solidarity, hierarchy",
    ),
    "alone.md": essay("Alone", 3, "A short essay on love.\n", "love"),
    # What a writer may use that an engine could read differently: a heading inside an admonition, a heading
    # with a link, emphasis and an abbreviation of the essay's own, a table and an image with captions, a quotation.
    "every.md": essay(
        "Every construct",
        4,
        "Intro with a picture:\n\n![A chart](images/chart.png)\n\n/// figure-caption\nA chart of *it*.\n///\n\n"
        "!!! note \"Aside\"\n    ## Inside a note\n\n    Noted.\n\n"
        "## The *KF* and [grip](grip.md) {#odd}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "/// table-caption | <\nThe table, see [Figure 1](#__figure-caption_1).\n///\n\n> Quoted.\n\n"
        "*[KF]: King's Fund\n",
        "love, power",
    ),
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _build(engine: str, project: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "REPO_URL": REPO_URL}
    if engine == "zensical":
        command = [sys.executable, "-m", "scripts.adapter.zensical", "--site-dir", str(site)]
    else:
        command = [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{engine}:\n{result.stdout}{result.stderr}"
    assert "WARNING" not in result.stderr, f"{engine}:\n{result.stderr}"
    return time.perf_counter() - started


TIMES: dict[str, float] = {}  # each engine's build of the small project, for the summary


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    project = make_project(folder / "project", ESSAYS)
    (project / "essays" / "images").mkdir()
    (project / "essays" / "images" / "chart.png").write_bytes(PNG)
    built = {}
    for engine in ENGINES:
        built[engine] = folder / engine
        TIMES[engine] = _build(engine, project, built[engine])
    return built


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _resolve(site: Path, page: Path, url: str) -> str | None:
    """The file of `site` a link of `page` loads; None for another host. A link that climbs above the site's
    root, or starts at the host's outside `PREFIX`, is broken under a sub-path."""
    if url.startswith(SITE_URL):  # the canonical link and the like
        url = PREFIX + url[len(SITE_URL) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page.relative_to(site).as_posix()
    if parts.path.startswith("/"):  # only the 404 page needs these, which is served at any address
        if not parts.path.startswith(PREFIX):
            return "<outside the site>"
        joined = posixpath.normpath(unquote(parts.path[len(PREFIX) :]) or ".")
    else:
        joined = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return "<above the root>"
    target = site / joined
    return (joined + "/index.html" if target.is_dir() else joined).removeprefix("./")


_LINKS = re.compile(r'<(?:a|link|img|script)\b[^>]*?\s(?:href|src)="([^"]*)"')


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        for url in _LINKS.findall(page.read_text(encoding="utf-8")):
            target = _resolve(site, page, url.replace("&amp;", "&"))
            if target is not None and not (site / target).is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


@pytest.mark.parametrize("engine", ENGINES)
def test_every_link_of_every_engine_resolves_at_a_root_and_under_a_sub_path(sites, engine):
    assert _broken_links(sites[engine]) == []


def _between(text: str, start: str, end: str) -> str:
    found = re.search(re.escape(start) + r".*?" + re.escape(end), text, re.S)
    return found.group(0) if found else ""


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _contents(text: str, after: str) -> list[tuple[str, str]]:
    """The entries (anchor, text) of the first table of contents after `after`, nested ones included."""
    start = text.find('<nav class="md-nav md-nav--secondary"', text.find(after)) if after in text else -1
    if start < 0:
        return []
    depth = 0
    for tag in re.finditer(r"<(/?)nav\b", text[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            toc = text[start : start + tag.end()]
            return [(a, _text(label)) for a, label in re.findall(r'href="#([^"]+)"[^>]*>(.*?)</a>', toc, re.S)]
    raise AssertionError(f"a table of contents that never ends, after {after}")


def _page(site: Path, path: str) -> dict[str, object]:
    """What is compared of one page: title, head tags (the generator's aside), article text, its glossary
    abbreviations and where its links lead, the footer (the licence), and the table of contents of the sidebar
    and of the drawer (the page's own item, which narrow screens show)."""
    page = site / path
    text = page.read_text(encoding="utf-8")
    head = _between(text, "<head>", "</head>")
    tags = re.findall(r'<meta (?:name|property)="(?!generator)[^>]*>|<link rel="(?:alternate|canonical)"[^>]*>', head)
    tags += re.findall(r'<script type="application/ld\+json">.*?</script>', head, re.S)
    article = _between(text, '<article class="md-content__inner md-typeset">', "</article>")
    footer = _between(text, '<footer class="md-footer">', "</footer>")
    return {
        "title": re.findall(r"<title>(.*?)</title>", text),
        "head tags": sorted(tags),
        "article text": _text(article),
        "glossary": re.findall(r"<abbr [^>]*>[^<]*</abbr>", article),
        "article links": [_resolve(site, page, u.replace("&amp;", "&")) for u in _LINKS.findall(article)],
        "footer text": _text(footer),
        "footer links": [_resolve(site, page, u.replace("&amp;", "&")) for u in _LINKS.findall(footer)],
        "table of contents": _contents(text, 'data-md-type="toc"'),
        "drawer's contents": _contents(text, 'id="__toc"'),
    }


def differences(base: Path, other: Path) -> list[str]:
    """Every way `other` differs from `base`, except those `ALLOWED` (each file or page named once per kind)."""
    found = []
    files, theirs = _files(base), _files(other)
    for name in sorted(files ^ theirs):
        if THEME_ASSETS.search(name) or name == "sitemap.xml.gz":
            continue  # ALLOWED: theme assets, sitemap
        found.append(f"{name}: only in {'the first' if name in files else 'the second'}")
    for name in sorted(files & theirs):
        if name.endswith(".html"):
            ours, yours = _page(base, name), _page(other, name)
            found += [f"{name}: {key} differs: {ours[key]!r} / {yours[key]!r}" for key in ours if ours[key] != yours[key]]
        elif name == "sitemap.xml":
            ours, yours = (sorted(re.findall(r"<loc>(.*?)</loc>", (s / name).read_text())) for s in (base, other))
            found += [f"{name}: lists other pages: {sorted(set(ours) ^ set(yours))}"] if ours != yours else []
        elif not THEME_ASSETS.search(name) and name != "sitemap.xml.gz":
            if (base / name).read_bytes() != (other / name).read_bytes():
                found.append(f"{name}: differs")
    return found


def test_the_three_engines_build_the_same_site(sites, capsys):
    report = {engine: differences(sites["mkdocs"], sites[engine]) for engine in ENGINES[1:]}
    pages = len([n for n in _files(sites["mkdocs"]) if n.endswith(".html")])
    with capsys.disabled():  # the summary shows in a passing run too
        print(
            f"\nengines: {pages} pages compared; "
            + "; ".join(f"{engine}: {len(found)} difference(s) from mkdocs" for engine, found in report.items())
            + f"; allowed: {', '.join(ALLOWED)}; built in "
            + ", ".join(f"{engine} {seconds:.1f} s" for engine, seconds in TIMES.items())
        )
    assert report == {engine: [] for engine in ENGINES[1:]}


def test_zensical_builds_nothing_when_the_check_finds_a_problem(tmp_path):
    # Zensical would publish such an essay without a word: the adapter runs the check first, as the hook does.
    broken = {**ESSAYS, "broken.md": essay("Broken", 4, "Text.\n", "no-such-theme")}
    project = make_project(tmp_path / "project", broken)
    site = tmp_path / "site"
    command = [sys.executable, "-m", "scripts.adapter.zensical", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "essays/broken.md" in result.stderr and "no-such-theme" in result.stderr
    assert not site.exists()
