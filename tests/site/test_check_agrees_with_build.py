"""The promise of the one check, as a property: for generated essays, valid and broken, `scripts.commands.validate
essays/<file>`, `scripts.commands.validate` and `mkdocs build --strict` give one verdict; none ends in a traceback;
and an accepted essay is whole on its page, its theme, author and archive pages, the feeds and the search
index. The essays are made here from pieces of every kind the rules are about, not from the fixtures."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import make_project, run_mkdocs_build
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scripts.commands import validate
from scripts.content.check import check
from scripts.content.model import slugify

NEIGHBOUR = """---
title: "The neighbour"
author: The Editors
date: 2025-01-01
themes: [power, love]
summary: "Another essay."
sources:
  - title: "A post"
    author: Paul Corrigan
    publisher: Health Policy Insight
    published: 2011-03
---

Its text.

## A heading

More.
"""

# Words in several scripts, accents and all, and now and then a character no page may carry.
WORD = st.text(
    alphabet=st.sampled_from("abcdefghij" + "éüçñ" + "жЖдП" + "北京" + "αβ" + "'-"), min_size=1, max_size=12
).filter(lambda w: any(c.isalpha() for c in w))
DANGEROUS = st.sampled_from(["\x07", "\x1b", "\ufffe", "\u202e", "\x85"])
GOOD_TITLE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
TITLE = st.one_of(
    GOOD_TITLE,
    st.just("The neighbour"),  # the other essay's title
    st.just("THE NEIGHBOUR!"),  # the same after the URL's normalisation
    st.builds(lambda w, d: f"{w} {d}", WORD, DANGEROUS),
)
# Names with no Latin letter are good names too: they must get a working page.
GOOD_COMMENTATOR = st.sampled_from(["Paul Corrigan", "Михаил Иванов", "北京大学", "Chris Ham"])
COMMENTATOR = st.one_of(GOOD_COMMENTATOR, st.sampled_from(["paul  corrigan", "Раul Corrigan", "Index"]))
GOOD_DATE = st.sampled_from(["2024-02-29", "2026-11-30", "2000-01-01"])
DATE = st.one_of(GOOD_DATE, st.sampled_from(["2426-01-01", "0001-01-01", "1999-12-31", "2024-02-30"]))
GOOD_PUBLISHED = st.sampled_from(["2011-03", "2016-07-12", "1948-07-05"])
PUBLISHED = st.one_of(GOOD_PUBLISHED, st.just("1800-01"))
GOOD_THEMES = st.lists(st.sampled_from(["power", "love", "hierarchy"]), min_size=1, max_size=3, unique=True)
THEMES = st.lists(st.sampled_from(["power", "love", "hierarchy", "heirarchy"]), min_size=1, max_size=3, unique=True)

GOOD_PIECES = [
    "A plain paragraph of analysis.",
    "See [the neighbour](neighbour.md).",
    "See [its heading](neighbour.md#a-heading).",
    "See [the theme](../themes/power.md).",
    "See [elsewhere](https://example.org/x).",
    "## A section of its own",
    "A note.[^n]\n\n[^n]: The note's text.",
    "- one\n- two",
    "> A quotation.",
    'An <abbr title="National Health Service">NHS</abbr> and <kbd>Ctrl</kbd>.',
    "![a chart](images/chart.png)",
    "`<script>` in code is fine.",
    " ".join("counterfactualisation" + "x" * 200 + str(n) for n in range(30)),
]
BAD_PIECES = [
    "See [a lost heading](neighbour.md#no-such-heading).",
    "See [the neighbour](/essays/neighbour/).",
    "See [the neighbour](The neighbour).",
    "See [the neighbour](../neighbour/).",
    "See [nothing](nowhere.md).",
    "Do [not](javascript:alert(1)).",
    "## Related essays",
    "## Search {#__search}",
    '<iframe src="https://video.example/embed"></iframe>',
    "<div>Boxed.</div>",
    '<span class="md-header">Header</span>',
    "Styled.\n{: .md-typeset }",
    "![a chart](images/missing.png)",
    "![a chart](https://example.org/p.png)",
    "A bell \x07 rings.",
    ">" * 150 + " nested",
]


@st.composite
def essays(draw) -> str:
    """An essay that follows every rule (half the time), or one that may break any number of them."""
    good = draw(st.booleans())

    def pick(ok, any_):
        return draw(ok if good else any_)

    lines = [
        "---",
        f"title: {json.dumps(pick(GOOD_TITLE, TITLE))}",
        "author: The Editors",
        f"date: {pick(GOOD_DATE, DATE)}",
        f"themes: [{', '.join(pick(GOOD_THEMES, THEMES))}]",
        f"summary: {json.dumps(' '.join(draw(st.lists(WORD, min_size=1, max_size=8))) + '.')}",
    ]
    if draw(st.booleans()):
        lines += [
            "sources:",
            '  - title: "A piece"',
            f"    author: {json.dumps(pick(GOOD_COMMENTATOR, COMMENTATOR))}",
            "    publisher: An outlet",
            f"    published: {pick(GOOD_PUBLISHED, PUBLISHED)}",
        ]
    if draw(st.booleans()):
        lines.append(f"draft: {draw(st.sampled_from(['true', 'false']))}")
    faults = ["", "tab", "colon", "curly", "placeholder", "unknown key", "unclosed"]
    fault = "" if good else draw(st.sampled_from(faults))
    if fault == "tab":
        lines[3] = "\t" + lines[3]
    elif fault == "colon":
        lines[1] = "title: Power: a second look"
    elif fault == "curly":
        lines[1] = "title: “Curly”"
    elif fault == "placeholder":
        lines[4] = "themes: [{themes}]"
    elif fault == "unknown key":
        lines.append("tehmes: [power]")
    if fault != "unclosed":
        lines.append("---")
    pieces = st.sampled_from(GOOD_PIECES if good else GOOD_PIECES + BAD_PIECES)
    body = "\n\n".join(draw(st.lists(pieces, min_size=1, max_size=5)))
    return "\n".join(lines) + "\n\n" + body + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("agree") / "p", {"neighbour.md": NEIGHBOUR})
    (folder / "essays" / "images").mkdir()
    (folder / "essays" / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def _verdicts(project: Path, monkeypatch, capsys) -> tuple[list[str], list[str]]:
    monkeypatch.chdir(project)
    validate.main(["essays/new.md"], root=project)
    *alone, closing = capsys.readouterr().out.splitlines()  # the closing line says how many, or ok
    assert closing.startswith("ok: " if not alone else f"{len(alone)} problem(s) found")
    validate.main([], root=project)
    *whole, closing = capsys.readouterr().out.splitlines()
    assert closing.startswith("ok: " if not whole else f"{len(whole)} problem(s) found")
    return alone, whole


def _whole_everywhere(project: Path, site: Path) -> None:
    """The essay, accepted and published, is on every page and in every file that should hold it."""
    checked = check(project, keep_html=True)
    essay = next(e for e in checked.essays if e.slug == "new")
    page = (site / "essays" / "new" / "index.html").read_text(encoding="utf-8")
    # Nothing dropped, cut or replaced: the whole rendering the check judged is in the page.
    assert checked.rendered[essay.src_uri].html in page
    listed = 'href="../../essays/new/"'
    for theme in essay.themes:
        assert listed in (site / "themes" / theme / "index.html").read_text(encoding="utf-8"), theme
    assert listed in (site / "authors" / "editors" / "index.html").read_text(encoding="utf-8")
    assert listed in (site / "archive" / str(essay.year) / "index.html").read_text(encoding="utf-8")
    for source in essay.sources:
        commentator = site / "commentators" / slugify(source.author) / "index.html"
        assert listed in commentator.read_text(encoding="utf-8"), source.author
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in ET.parse(site / "feed.xml").getroot()]
    assert essay.title in titles
    index = site / "search-index"
    urls = {page["url"] for p in (index / "pages").glob("*.json") for page in json.loads(p.read_text()) if page}
    assert "essays/new/" in urls


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=essays())
def test_validator_alone_validator_whole_and_build_agree(project, tmp_path_factory, monkeypatch, capsys, text):
    path = project / "essays" / "new.md"
    path.write_text(text, encoding="utf-8")
    site = tmp_path_factory.mktemp("site")
    try:
        alone, whole = _verdicts(project, monkeypatch, capsys)
        result = run_mkdocs_build(project, site)
        assert "Traceback" not in result.stderr, result.stderr
        # One verdict three ways. The messages are the same too, but for a clash between two essays: checked
        # alone, the essay being checked is told; checked whole, the newer of the two.
        assert bool(alone) == bool(whole) == (result.returncode != 0), (text, alone, whole, result.stderr)
        event("accepted" if result.returncode == 0 else "refused")
        clash = ("title is already used by", "has the same address on the site as")
        assert [x for x in alone if not any(c in x for c in clash)] == [
            x for x in whole if x.startswith("essays/new.md") and not any(c in x for c in clash)
        ], text
        for line in whole:  # the build stops with the check's own messages
            assert line in result.stderr, (line, result.stderr)
        if result.returncode == 0:
            for feed in [site / "feed.xml", *site.glob("themes/*/feed.xml")]:
                ET.parse(feed)  # every feed is well-formed XML, whatever the essay held
            if "draft: true" not in text:
                _whole_everywhere(project, site)
    finally:
        path.unlink()
        shutil.rmtree(site)
