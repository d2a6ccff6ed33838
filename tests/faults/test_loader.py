"""The essay loader: one fixture file per fault, each with the exact messages and lines it must produce."""

from __future__ import annotations

import time

import pytest
from conftest import FIXTURES as FIXTURES_DIR

from scripts.content.essay_loader import load_essay

FIXTURES = FIXTURES_DIR / "essays"

EXPECTED: dict[str, list[tuple[int, str]]] = {
    "no-front-matter": [(1, "no front-matter: the file must start with a line '---', then the fields, then '---'")],
    "front-matter-not-closed": [
        (1, "front-matter is never closed: add a line '---' after the last field, before the essay's text")
    ],
    "yaml-syntax-error": [
        (6, "YAML syntax error: did not find expected ',' or ']'; check the quotes and indentation on this line")
    ],
    "front-matter-not-mapping": [(2, "front-matter must be 'key: value' lines, not a list")],
    "missing-title": [(2, "front-matter has no 'title': add title: the essay's title, in quotes")],
    "empty-summary": [(6, "'summary' is empty; fill it in")],
    "title-wrong-type": [
        (2, "'title' is read as a true/false value (No), not as text; put it in quotes: title: \"No\"")
    ],
    "title-number": [(2, "'title' is read as a number (3.10), not as text; put it in quotes: title: \"3.10\"")],
    "title-comment-dropped": [
        (2, "'title': YAML reads everything after ' #' as a comment and drops it; put the whole value in quotes")
    ],
    "impossible-date": [(4, "'date': '2022-02-30' is not a real date written as YYYY-MM-DD")],
    "date-wrong-format": [(4, "'date': '23/11/2026' is not a real date written as YYYY-MM-DD")],
    "unknown-theme": [
        (5, "unknown theme 'heirarchy' — did you mean 'hierarchy'? Themes are listed in themes.yml"),
    ],
    "theme-listed-twice": [(5, "theme 'hierarchy' is listed twice; remove one")],
    "too-many-themes": [(5, "'themes' has 9 themes; give between 1 and 8")],
    "themes-not-list": [(5, "'themes' must be a list of theme slugs, like: themes: [hierarchy, solidarity]")],
    "duplicate-key": [
        (7, "key 'title' is given twice (first on line 2); YAML would keep only the last, so remove one of them")
    ],
    "unknown-key": [
        (2, "front-matter has no 'themes': add themes: a list of 1 to 8 theme slugs from essays/themes.yml"),
        (
            5,
            "unknown key 'tehmes' in front-matter — did you mean 'themes'? "
            "Allowed keys: title, author, date, themes, summary, sources, corrections, draft",
        ),
    ],
    "unknown-author": [
        (
            3,
            "unknown author 'The Editor' — did you mean 'The Editors'? Authors are listed in authors.yml; "
            "add yourself there (name and a one-line bio)",
        )
    ],
    "invalid-utf8": [(9, "file is not valid UTF-8 (byte 0xff); save it as UTF-8 text")],
    "nul-byte": [(9, "file contains a NUL byte; save it again as plain UTF-8 text")],
    "alias-bomb": [(3, "YAML anchors and aliases (&name, *name) are not allowed here; write the value out")],
    "draft-not-boolean": [(7, "'draft' must be true or false, not maybe")],
    "source-missing-field": [(8, "source 1 has no 'publisher': add publisher: where it was published")],
    "source-bad-url": [
        (12, "'url' must be a web address starting with https:// or http://, not 'javascript:alert(1)'")
    ],
    "empty-body": [(8, "the essay has no text after the front-matter")],
}


def test_every_fault_fixture_has_expectations():
    faults = {p.stem for p in FIXTURES.glob("*.md")} - {"valid", "bom-and-crlf"}
    assert faults == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fault_fixture_gives_exact_messages(name, vocabulary):
    path = FIXTURES / f"{name}.md"
    _, problems = load_essay(f"{name}.md", name, path.read_bytes(), vocabulary)
    assert sorted((p.line, p.message) for p in problems) == EXPECTED[name]
    assert all(p.path == f"{name}.md" for p in problems)


@pytest.mark.parametrize("name", ["yaml-syntax-error", "unknown-theme", "no-front-matter", "front-matter-not-mapping"])
def test_a_faulty_front_matter_still_gives_the_text_to_judge(name, vocabulary):
    data = (FIXTURES / f"{name}.md").read_bytes()
    essay, problems = load_essay(f"{name}.md", name, data, vocabulary)
    assert problems and essay is not None
    lines = data.decode().split("\n")
    assert "\n".join(lines[essay.body_line - 1 :]) == essay.body
    assert essay.body.strip()


@pytest.mark.parametrize("name", ["front-matter-not-closed", "invalid-utf8", "nul-byte"])
def test_no_text_is_given_where_it_cannot_be_found(name, vocabulary):
    essay, problems = load_essay(f"{name}.md", name, (FIXTURES / f"{name}.md").read_bytes(), vocabulary)
    assert essay is None and problems


def test_a_utf16_file_is_told_to_be_saved_as_utf8(vocabulary):
    data = (FIXTURES / "valid.md").read_text(encoding="utf-8").encode("utf-16")
    essay, problems = load_essay("u.md", "u", data, vocabulary)
    assert essay is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "file is saved as UTF-16; save it again as UTF-8 (in the editor's 'Save as' or encoding menu)")
    ]


def test_valid_essay_loads_every_field(vocabulary):
    essay, problems = load_essay("valid.md", "valid", (FIXTURES / "valid.md").read_bytes(), vocabulary)
    assert problems == []
    assert essay is not None
    assert essay.title == "A valid essay"
    assert essay.authors == ("The Editors",)
    assert essay.date.isoformat() == "2026-11-23"
    assert essay.themes == ("hierarchy", "solidarity")
    assert essay.sources[0].published == "2025-12"
    assert essay.sources[0].url == "https://healthcare-management.uk/partnering-power-love"
    assert essay.draft is False
    assert essay.body.strip() == "Some text."
    assert essay.body_line == 15


def test_bom_and_crlf_are_accepted(vocabulary):
    essay, problems = load_essay("b.md", "b", (FIXTURES / "bom-and-crlf.md").read_bytes(), vocabulary)
    assert problems == []
    assert essay is not None
    assert essay.title == "A title"
    assert "\r" not in essay.body


def test_alias_bomb_is_refused_within_a_second(vocabulary):
    start = time.perf_counter()
    load_essay("bomb.md", "bomb", (FIXTURES / "alias-bomb.md").read_bytes(), vocabulary)
    assert time.perf_counter() - start < 1.0


def test_file_over_the_size_limit_is_refused_before_parsing(vocabulary):
    data = b"---\ntitle: x\n---\n" + b"a" * 1_000_001
    essay, problems = load_essay("big.md", "big", data, vocabulary)
    assert essay is None
    assert [(p.line, p.message) for p in problems] == [
        (0, f"file is {len(data):,} bytes, over the limit of 1,000,000; split it up")
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[The Editors, Ann Other]", None),
        ("[]", "'author' is an empty list; name at least one author"),
        ("[The Editors, The Editors]", "author 'The Editors' is listed twice; remove one"),
    ],
)
def test_author_may_be_a_list(vocabulary, value, message):
    text = f'---\ntitle: "T"\nauthor: {value}\ndate: 2024-02-29\nthemes: [love]\nsummary: "S."\n---\n\nBody.\n'
    _essay, problems = load_essay("a.md", "a", text.encode(), vocabulary)
    assert [p.message for p in problems] == ([message] if message else [])


@pytest.mark.parametrize("published", ["2016-07-12", "2016-07", "2016-02-29"])
def test_source_dates_accept_day_or_month(vocabulary, published):
    text = (
        '---\ntitle: "T"\nauthor: The Editors\ndate: 2024-01-01\nthemes: [love]\nsummary: "S."\n'
        f'sources:\n  - title: "P"\n    author: A\n    publisher: B\n    published: {published}\n---\n\nBody.\n'
    )
    essay, problems = load_essay("a.md", "a", text.encode(), vocabulary)
    assert problems == []
    assert essay is not None and essay.sources[0].published == published
