"""The renderer finds abbreviations its own way (`rendering._Abbreviations`): the HTML must be what
Python-Markdown's `abbr` makes, whatever the glossary holds and whatever the text."""

from __future__ import annotations

import dataclasses

import markdown
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.content.check import site_settings
from scripts.content.rendering import Renderer, _Abbreviations, _LinksExtension

SETTINGS = site_settings(ROOT)

# Terms that share first characters, hold one another ("NHS" in "NHS England", "A" in "AB"), begin or end with
# a character that is not a word's ("+", ".", " "), hold a regular expression's punctuation, or letters and
# digits of other scripts: where finding them by their first character could differ from abbr's `\b...\b`.
TERMS = st.sampled_from(
    [
        "NHS",
        "NHS England",
        "England",
        "N",
        "A",
        "AB",
        "ABC",
        "C++",
        "+1",
        ".NET",
        "a.b",
        "É",
        "ÉCU",
        "x_y",
        "_x",
        "1",
        "12",
        "٣",
        " NHS",
        "(A)",
        "A|B",
        "[x]",
    ]
)
GLOSSARIES = st.dictionaries(TERMS, st.sampled_from(["Meaning", "", "A & B <c>", '"quoted"']), max_size=8)
PIECES = st.one_of(
    TERMS,
    st.sampled_from(
        [
            " ",
            "  ",
            "x",
            "é",
            "_",
            "-",
            ".",
            ",",
            "+",
            "'",
            "\n",
            "\n\n",
            "## ",
            "*",
            "`",
            "[",
            "](b.md)",
            "<b>",
            "</b>",
            "&",
        ]
    ),
)


def _renderer(glossary: dict[str, str]) -> Renderer:
    configs = {**SETTINGS.configs, "abbr": {"glossary": glossary}}
    return Renderer(dataclasses.replace(SETTINGS, configs=configs))


def _with_abbr(glossary: dict[str, str], text: str) -> str:
    """The HTML Python-Markdown makes of `text` with its own `abbr` and the glossary."""
    configs = {**SETTINGS.configs, "abbr": {"glossary": glossary}}
    md = markdown.Markdown(extensions=[*SETTINGS.extensions, _LinksExtension()], extension_configs=configs)
    md.treeprocessors["site_links"].page_uri = "essays/x.md"
    return md.convert(text)


@settings(max_examples=400, deadline=None)
@given(GLOSSARIES, st.lists(PIECES, max_size=30).map("".join))
def test_any_glossary_and_text_render_as_with_abbr(glossary, text):
    assert _renderer(glossary).render(text, "essays/x.md").html == _with_abbr(glossary, text)


@settings(max_examples=200, deadline=None)
@given(GLOSSARIES, st.lists(PIECES, max_size=20).map("".join), st.lists(PIECES, max_size=20).map("".join))
def test_an_essays_own_abbreviations_count_for_it_alone(glossary, first, second):
    own = first + "\n\n*[ABC]: Its own\n*[NHS]: Redefined\n"
    renderer = _renderer(glossary)
    assert renderer.render(own, "essays/x.md").html == _with_abbr(glossary, own)
    assert renderer.render(second, "essays/x.md").html == _with_abbr(glossary, second)


def test_a_term_found_inside_a_word_is_looked_for_again_from_the_next_character():
    html = _renderer({"NHS England": "The body", "England": "The country"}).render("xNHS England", "essays/x.md").html
    assert html == '<p>xNHS <abbr title="The country">England</abbr></p>'


def test_the_renderer_uses_its_own_abbreviations():
    assert isinstance(Renderer(SETTINGS)._md.treeprocessors["abbr"], _Abbreviations)
