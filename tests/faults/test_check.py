# ruff: noqa: E501  (the expected messages are data, one line each as the writer sees them)
"""The one check (`scripts.content.check`): each fault fixture gives its exact messages at its lines, judged alone
and with the whole corpus, and the same verdict whichever way the check is run."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from scripts.commands import validate
from scripts.content.check import check

FAULTS = FIXTURES / "faults"
TODAY = datetime.date(2026, 12, 1)

NEIGHBOUR = """---
title: "A neighbouring essay"
author: The Editors
date: 2026-11-01
themes: [hierarchy, solidarity]
summary: "The essay the faults link to."
sources:
  - title: "A post"
    author: Paul Corrigan
    publisher: Health Policy Insight
    published: 2011-03
---

Text that links to [the draft's neighbour](neighbour.md).

## A section

More text.
"""
UNFINISHED = NEIGHBOUR.replace('"A neighbouring essay"', '"Unfinished"').replace("sources:", "draft: true\nsources:")


def make_site(folder: Path) -> Path:
    """A site with the real settings and pages, the test vocabulary, a published essay, a draft and an image."""
    shutil.copy(ROOT / "mkdocs.yml", folder)
    for name in ("includes", "docs", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    essays = folder / "essays"
    (essays / "images").mkdir(parents=True)
    (essays / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for name in ("themes.yml", "authors.yml"):
        shutil.copy(FIXTURES / "vocabulary" / name, essays)
    (essays / "neighbour.md").write_text(NEIGHBOUR, encoding="utf-8")
    (essays / "unfinished.md").write_text(UNFINISHED, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return make_site(tmp_path_factory.mktemp("site"))


def verdict(site: Path, name: str, text: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(line, message) of the problems of essays/<name>, checked alone and with the whole corpus."""
    path = site / "essays" / name
    path.write_bytes(text)
    try:
        alone = check(site, {f"essays/{name}"}, today=TODAY).problems
        whole = check(site, today=TODAY).problems
    finally:
        path.unlink()
    assert all(p.path == f"essays/{name}" for p in whole), whole
    return [(p.line, p.message) for p in alone], [(p.line, p.message) for p in whole]


ALLOWED_HTML = "allowed HTML: abbr, sup, sub, br, kbd, mark"
EXPECTED: dict[str, list[tuple[int, str]]] = {
    "template-text-left": [
        (
            6,
            "'summary' is still the template's example ('Replace this with one or two plain sentences…'); write your own",
        ),
        (
            9,
            "this is the template's own text ('write the essay here, below the second line,…'); replace it with your essay, or delete it",
        ),
        (11, "this is the template's own text ('a section heading'); replace it with your essay, or delete it"),
    ],
    "placeholder-in-title": [
        (2, "'title' still holds the template's placeholder {title}; replace it with the essay's title, in quotes"),
        (
            6,
            "'summary' still holds the template's placeholder {topic}; replace it with one or two plain sentences, in quotes, shown in listings",
        ),
        (9, "{author} is a placeholder left from the template; replace it with what it stands for"),
    ],
    "bracketed-title": [
        (
            9,
            "[A neighbouring essay] names the essay 'A neighbouring essay' but links nowhere (it would show as bracketed text); make it a link: [A neighbouring essay](neighbour.md)",
        ),
    ],
    "footnote-without-note": [
        (
            9,
            "footnote [^source] has no note, so it would show as '[^source]'; add the note on a line of its own at the end of the essay ([^source]: the note), or remove the marker",
        ),
    ],
    "note-without-marker": [
        (
            12,
            "the note [^2] is never referred to, so its link back to the text would go nowhere; put [^2] in the text where the note belongs, or remove the note",
        ),
    ],
    # Corrections and updates (the `corrections` key): dated after the essay, not ahead of today, one kind of two,
    # one plain sentence, under the same character rules as every text.
    "correction-before-publication": [
        (
            8,
            "'date': 2026-11-20 is not after the essay's date (2026-11-20); date the note the day the published essay was changed (a change made before it was published needs no note)",
        ),
    ],
    "correction-in-the-future": [
        (
            8,
            "'date': 2026-12-05 is in the future (today is 2026-12-01); date a correction or update the day the published essay was changed",
        ),
    ],
    "correction-reversed-text": [
        (
            10,
            "'note' holds a character that reverses the direction of text (\\u202e), which cannot be published; remove it",
        ),
    ],
    "correction-two-sentences": [
        (
            10,
            "'note' holds more than one sentence; say what changed in one sentence (the essay's text holds the detail)",
        ),
    ],
    "correction-unknown-kind": [(9, "'kind' must be one of correction, update, not 'erratum'")],
    "correction-with-markup": [
        (10, "'note' is shown as plain text, so Markdown and HTML would show as typed ('*'); write it without them"),
    ],
    "correction-without-full-stop": [(10, "'note' must be one sentence ending with a full stop; add the full stop")],
    "correction-without-note": [(8, "correction 1 has no 'note': add note: one plain sentence saying what changed")],
    "corrections-not-a-list": [
        (
            7,
            "'corrections' must be a list of notes, each starting with '- date: YYYY-MM-DD' followed by its kind and note",
        ),
    ],
    "correction-note-too-long": [
        (
            10,
            "'note' is 361 characters long, over the limit of 300; shorten it to one sentence (the essay's text holds the detail)",
        ),
    ],
    "summary-too-long": [
        (
            6,
            "'summary' is 2,199 characters long, over the limit of 400; shorten it to one or two sentences (it is shown whole in every listing)",
        ),
    ],
    "every-problem-at-once": [
        (
            5,
            "unknown theme 'xyzzy': no theme in essays/themes.yml is close to it; choose the nearest from that list, or propose 'xyzzy' as a new theme in the same pull request (CONTRIBUTING.md, 'Proposing a new theme')",
        ),
        (7, "'draft' must be true or false, not maybe"),
        (
            10,
            "<iframe> is not allowed in essays; an essay cannot embed another site's player or page; link to it instead: [what it shows](https://the-address-of-the-video-or-page)",
        ),
        (10, "link to 'neighbor.md': there is no essays/neighbor.md — did you mean 'neighbour'?"),
        (
            12,
            "footnote [^1] has no note, so it would show as '[^1]'; add the note on a line of its own at the end of the essay ([^1]: the note), or remove the marker",
        ),
    ],
    "yaml-broken-body-judged": [
        (3, "YAML syntax error: found unexpected end of stream; check the quotes and indentation on this line"),
        (
            6,
            "link to 'nowhere.md': there is no essays/nowhere.md; the nearest essays are neighbour.md (every essay is in essays/)",
        ),
    ],
    "body-control-character": [
        (9, "this line holds a control character (\\x07), which cannot be published; delete it"),
    ],
    "class-of-the-site": [
        (
            10,
            "on <p>, the class 'md-header' is not one an essay may use; the site's stylesheet sets the look; remove it (an admonition is written `!!! note`)",
        ),
    ],
    "commentator-lookalike": [
        (
            9,
            "commentator 'Раul Corrigan' has the same address on the site as 'Paul Corrigan', which other essays use; write it 'Paul Corrigan' (case, spacing, punctuation, accents and look-alike letters do not make a second name)",
        ),
    ],
    "commentator-spelling": [
        (
            9,
            "commentator 'paul corrigan' has the same address on the site as 'Paul Corrigan', which other essays use; write it 'Paul Corrigan' (case, spacing, punctuation, accents and look-alike letters do not make a second name)",
        ),
    ],
    "date-in-the-future": [
        (
            4,
            "'date': 2426-11-20 is outside the range of an essay's date, 2000-01-01 to today (2026-12-01); check the year",
        ),
    ],
    "date-in-year-one": [
        (
            4,
            "'date': 0001-01-01 is outside the range of an essay's date, 2000-01-01 to today (2026-12-01); check the year",
        ),
    ],
    "deep-nesting": [
        (5, "a value here is nested more than 20 levels deep; front-matter needs at most three"),
    ],
    "draft-with-faults": [
        (
            10,
            "<iframe> is not allowed in essays; an essay cannot embed another site's player or page; link to it instead: [what it shows](https://the-address-of-the-video-or-page)",
        ),
        (
            10,
            "link to 'nowhere.md': there is no essays/nowhere.md; the nearest essays are neighbour.md, unfinished.md (every essay is in essays/)",
        ),
    ],
    "duplicate-title": [
        (2, "title is already used by essays/neighbour.md ('A neighbouring essay'); choose a distinct title"),
    ],
    "id-of-a-section": [
        (
            9,
            "the essay has a heading or element with the anchor #related-essays, which the page's own 'Related essays' section uses; rename the heading (or give it another anchor with {#...})",
        ),
    ],
    "caption-with-a-class": [
        (
            13,
            "on <figure>, the class 'md-header' is not one an essay may use; the site's stylesheet sets the look; remove it (an admonition is written `!!! note`)",
        ),
    ],
    "id-of-the-site": [
        (9, "on <h2>, the id '__search' is the site's own; choose another (or rename the heading that makes it)"),
    ],
    "iframe-embed": [
        (
            11,
            "<iframe> is not allowed in essays; an essay cannot embed another site's player or page; link to it instead: [what it shows](https://the-address-of-the-video-or-page)",
        ),
    ],
    "image-from-the-web": [
        (
            11,
            "external image 'https://example.org/chart.png' is not allowed in essays (a tracking pixel?); put the image in the repository and use its relative path",
        ),
    ],
    "image-missing": [
        (11, "image 'images/chrt.png': there is no file essays/images/chrt.png — did you mean 'chart.png'?"),
    ],
    "image-outside-images": [
        (
            11,
            "image 'chart.png': images go in essays/images/; put the file there and write ![what it shows](images/chart.png)",
        ),
    ],
    "key-with-newline": [
        (
            7,
            "unknown key 'x\n::error file=README.md::forged' in front-matter. Allowed keys: title, author, date, themes, summary, sources, corrections, draft",
        ),
    ],
    "link-by-folder": [
        (
            9,
            "link to '../neighbour/': a link to another essay names its file, like [words](other-essay.md) — did you mean [words](neighbour.md)?",
        ),
    ],
    "link-by-title": [
        (
            9,
            "link to 'A neighbouring essay': a link to another essay names its file, like [words](other-essay.md) — did you mean [words](neighbour.md)?",
        ),
    ],
    "link-by-url": [
        (
            9,
            "link to '/essays/neighbour/' is an address on this site, which breaks when the site moves; link to the essay's file instead — did you mean [words](neighbour.md)?",
        ),
    ],
    "link-into-site-page": [
        (
            9,
            "link to '../themes/hierarchy.md#essays-per-year': link to the page itself, without '#essays-per-year' (only an essay's sections are kept from build to build)",
        ),
    ],
    "link-to-draft": [
        (
            9,
            "link to 'unfinished.md': that essay is a draft, so the published site has no page for it; link to it once it is published",
        ),
    ],
    "link-to-missing-anchor": [
        (
            9,
            "link to 'neighbour.md#a-section-that-is-not-there': essays/neighbour.md has no heading or note with that anchor",
        ),
    ],
    "link-to-missing-essay": [
        (9, "link to 'neighbor.md': there is no essays/neighbor.md — did you mean 'neighbour'?"),
    ],
    "link-to-own-missing-anchor": [
        (9, "link to '#below': this essay has no heading or note with that anchor"),
    ],
    "raw-div": [
        (
            11,
            "<div> typed as HTML is not allowed in essays; write it in Markdown (allowed HTML: abbr, sup, sub, br, kbd, mark)",
        ),
    ],
    "raw-link": [
        (
            9,
            "<a> typed as HTML is not allowed in essays; write a link as [words](address) (allowed HTML: abbr, sup, sub, br, kbd, mark)",
        ),
    ],
    "source-published-too-early": [
        (
            11,
            "'published': 1800-01 is outside the range of a piece's publication date, 1900-01-01 to today (2026-12-01); check the year",
        ),
    ],
    "summary-noncharacter": [
        (6, "'summary' holds a Unicode non-character (\\ufffe), which cannot be published; remove it"),
    ],
    "template-date-placeholder": [
        (
            4,
            "'date' still holds the template's placeholder {date}; replace it with when the essay was written, as YYYY-MM-DD",
        ),
    ],
    "template-placeholder": [
        (
            5,
            "'themes' still holds the template's placeholder {themes}; replace it with a list of 1 to 8 theme slugs from essays/themes.yml",
        ),
    ],
    "title-control-escape": [
        (2, "'title' holds a control character (\\x07), which cannot be published; remove it"),
    ],
    "title-escape-e": [
        (2, "'title' holds a control character (\\x1b), which cannot be published; remove it"),
    ],
    "yaml-curly-quotes": [
        (
            2,
            "'title' is wrapped in curly quotes (“…”), which YAML keeps as part of the text; use straight double quotes: title: \"Curly\"",
        ),
    ],
    "yaml-tab": [
        (4, "this line has a tab character; YAML indents with spaces only, so replace the tab with spaces"),
    ],
    "yaml-unquoted-colon": [
        (
            2,
            "this value has a colon followed by a space, which YAML reads as a second 'key: value'; put the whole value in double quotes, like: title: \"Power: a second look\"",
        ),
    ],
}


def test_every_fault_fixture_has_expectations():
    assert {p.stem for p in FAULTS.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fault_fixture_gives_exact_messages_alone_and_in_the_corpus(site, name):
    alone, whole = verdict(site, f"{name}.md", (FAULTS / f"{name}.md").read_bytes())
    assert alone == whole
    assert sorted(alone) == sorted(EXPECTED[name])


VALID = NEIGHBOUR.replace('"A neighbouring essay"', '"{title}"')


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "My essay.md",
            "essays/My essay.md: not an essay: essay files are named <slug>.md with lower-case letters, digits "
            "and hyphens; rename it to essays/my-essay.md",
        ),
        (
            "grip.markdown",
            "essays/grip.markdown: not an essay: essay files are named <slug>.md with lower-case letters, digits "
            "and hyphens; rename it to essays/grip.md",
        ),
        (
            "index.md",
            "essays/index.md: 'index' is the address of a page the site makes itself; rename the file to another slug",
        ),
        (
            "images.md",
            "essays/images.md: 'images' is the address of a page the site makes itself; rename the file to another slug",
        ),
    ],
)
def test_a_file_named_wrongly_fails_when_checked_alone_as_in_the_corpus(site, monkeypatch, capsys, name, message):
    path = site / "essays" / name
    path.write_text(VALID.format(title=name), encoding="utf-8")
    monkeypatch.chdir(site)
    try:
        assert validate.main([f"essays/{name}"], root=site) == 1
        alone = capsys.readouterr().out.splitlines()
        assert validate.main([], root=site) == 1
        whole = capsys.readouterr().out.splitlines()
    finally:
        path.unlink()
    closing = "1 problem(s) found. Fix them and run the check again."
    assert alone == whole == [message, closing]


def test_a_quoted_value_never_prints_a_raw_line_break_or_an_annotation_of_its_own(site, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    path = site / "essays" / "forged.md"
    path.write_bytes((FAULTS / "key-with-newline.md").read_bytes())
    try:
        assert validate.main([], root=site) == 1
    finally:
        path.unlink()
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "essays/forged.md:7: unknown key 'x\\x0a::error file=README.md::forged' in front-matter. Allowed keys: "
        "title, author, date, themes, summary, sources, corrections, draft",
        "::error file=essays/forged.md,line=7::unknown key 'x\\x0a::error file=README.md::forged' in front-matter. "
        "Allowed keys: title, author, date, themes, summary, sources, corrections, draft",
        "1 problem(s) found. Fix them and run the check again.",
    ]
    # Only the check's own annotation starts a line: a forged one stays inside the message.
    assert [line for line in lines if line.startswith("::")] == [lines[1]]


def test_the_images_folder_and_its_files_are_not_stray(site):
    assert check(site, today=TODAY).problems == ()
