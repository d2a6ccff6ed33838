"""The editor's checklist (`./tasks editorial`), on made-up essays and captures only: it is an editor's tool,
whose findings never fail the suite, so its rules are tested here where each assertion can fail."""

from __future__ import annotations

from conftest import make_essay, make_project

from scripts.commands import editorial
from scripts.commands.editorial import Piece, captured_texts, review, shape, unlisted, words
from scripts.content.model import Source

POST = Source(title="A compass, not a map", author="Ann Commentator", publisher="A blog", published="2020-05-03")
REPORT = Source(
    title="A made-up report", author="The Made-up Institute", publisher="The Made-up Institute", published="2020-06"
)
PIECES = [
    Piece(POST, words("A compass, not a map\nReform needs a sense of direction more than a detailed plan.")),
    Piece(REPORT, words("A made-up report")),  # no capture: the title is all that is known
]
LISTED_POST = {"title": POST.title, "author": POST.author, "publisher": POST.publisher, "published": POST.published}


def essay(body: str, *sources: dict):
    return make_essay("made-up", ("hierarchy",), body=body, sources=sources)


def found(body: str, *sources: dict) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in unlisted(essay(body, *sources), PIECES)]


def test_a_quoted_piece_left_out_is_found_at_its_line():
    assert found("First paragraph.\n\nCommentator says reform needs\n“a sense of direction” first.") == [
        (4, 'quotes "a sense of direction" and names Ann Commentator; list "A compass, not a map" in sources')
    ]


def test_the_quoted_piece_once_listed_is_fine():
    assert found('Commentator says reform needs "a sense of direction" first.', LISTED_POST) == []


def test_one_word_in_quotation_marks_is_not_a_quotation():
    # "reform" occurs in the capture, and the commentator is named: a scare-quoted word is still not a quote.
    assert found('Commentator wants more "reform", in our words.') == []
    assert found('Commentator wants more "reform needs", in our words.') != []


def test_the_commentator_must_be_named():
    assert found("Reform needs “a sense of direction” first, some say.") == []


def test_quotations_that_are_not_the_commentators_are_ignored():
    assert found("Commentator wants “a roadmap to nowhere”, in our words.") == []


def test_a_dated_post_left_out_is_found():
    assert found("In her posts of 3 and 9 May, Commentator turned to direction.") == [
        (1, 'gives the date "3 and 9 May" and names Ann Commentator; list "A compass, not a map" in sources')
    ]
    assert found("In her post of 3 May, Commentator turned to direction.", LISTED_POST) == []
    # The date must be in a paragraph that names the commentator.
    assert found("Commentator wrote often.\n\nOn 3 May it rained.") == []


def test_an_organisation_is_named_without_its_article():
    assert found("The Made-up Institute called it “a made-up report” itself.") == [
        (1, 'quotes "a made-up report" and names The Made-up Institute; list "A made-up report" in sources')
    ]


def test_link_targets_and_code_are_not_prose():
    assert found('Commentator, [see](https://example.org/ "a sense of direction") and `"a sense of direction"`.') == []


def test_captured_texts_split_a_page_into_its_pieces(tmp_path):
    (tmp_path / "titles.txt").write_text("First post\nSecond post\n", encoding="utf-8")
    (tmp_path / "000_page.txt").write_text(
        "Page header\nFirst post\nAlpha beta.\nSecond post\nGamma delta.\n", encoding="utf-8"
    )
    assert captured_texts(tmp_path) == {
        ("first", "post"): ("first", "post", "alpha", "beta"),
        ("second", "post"): ("second", "post", "gamma", "delta"),
    }


def test_shape_holds_length_themes_and_a_link_to_another_essay():
    short = make_essay("short", ("hierarchy",), body="A few words only.")
    messages = [p.message for p in shape(short, {"short", "other"})]
    assert messages == [
        "4 words; an essay has 600 to 1,500",
        "1 themes; an essay has 3 to 6",
        "links to no other essay; link to one it answers or builds on",
    ]
    body = "word " * 700 + "See [the other](other.md)."
    fine = make_essay("fine", ("hierarchy", "solidarity", "fatalism"), body=body)
    assert shape(fine, {"fine", "other"}) == []
    assert [p.message for p in shape(fine, {"fine"})] == [messages[2]]  # a link to an essay that is not there


ESSAY = """---
title: "{title}"
author: The Editors
date: 2026-11-01
themes: [hierarchy, solidarity, fatalism]
summary: "A summary."
sources:
  - title: "A compass, not a map"
    author: Ann Commentator
    publisher: A blog
    published: 2020-05-03
---

{body}
"""


UNSOURCED = ESSAY.split("sources:")[0] + "---\n\n{body}\n"


def test_review_reads_a_project_and_its_captures(tmp_path):
    text = "word " * 650
    project = make_project(
        tmp_path / "p",
        {
            "listing.md": ESSAY.format(title="Listing", body=text + "\n\nSee [the other](quoting.md)."),
            "quoting.md": UNSOURCED.format(
                title="Quoting",
                body=text + '\n\nAnn Commentator wants "more than a detailed plan" and [the other](listing.md).',
            ),
        },
    )
    captures = tmp_path / "captures"
    captures.mkdir()
    (captures / "titles.txt").write_text("A compass, not a map\n", encoding="utf-8")
    (captures / "001.txt").write_text("A compass, not a map\nReform needs more than a detailed plan.\n")
    with_captures = [(p.path, p.message) for p in review(project, captures)]
    assert (
        "essays/quoting.md",
        'quotes "more than a detailed plan" and names Ann Commentator; list "A compass, not a map" in sources',
    ) in with_captures
    # Without the captures only titles can be quoted: the same essays give no such finding.
    assert not any("quotes" in p.message for p in review(project, None))
    # Themes of the test vocabulary that no essay uses are reported on the vocabulary.
    assert any(path == "essays/themes.yml" and "is used by no published essay" in m for path, m in with_captures)


def test_main_prints_findings_and_never_raises(tmp_path, capsys):
    project = make_project(tmp_path / "p", {"one.md": ESSAY.format(title="One", body="Too short.")})
    assert editorial.main([], root=project) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("essays/one.md:13: 2 words")
    assert out[-1] == f"{len(out) - 1} finding(s) for the editor"
