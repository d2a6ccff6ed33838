"""The renderer leaves out, for each text, the inline patterns, block processors and preprocessors that cannot
match it: the HTML must be what Python-Markdown makes with every one of them, on any text."""

from __future__ import annotations

import markdown
import pytest
from conftest import CORPUS_ROOT, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bench.corpora import SHAPES, make_corpus
from scripts.content.check import site_settings
from scripts.content.corpus import THEMES_FILE
from scripts.content.rendering import Renderer, _LinksExtension

SETTINGS = site_settings(ROOT)
RENDERER = Renderer(SETTINGS)

# Markdown's own punctuation, the characters the patterns look for, whitespace of every kind and a few
# words (glossary acronyms among them), so that the texts drawn hold links, emphasis, code, HTML, entities,
# footnotes, captions and line breaks, well formed or not.
PIECES = st.sampled_from(
    [
        *"`\\[]()!<>&*_^#-:|>~=\"'.;/",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\n\n",
        "    ",
        "NHS",
        "ICS",
        "word",
        "[a](b.md)",
        "![i](p.png)",
        "<b>",
        "</b>",
        "&amp;",
        "&#169;",
        "[^1]",
        "[^1]: note",
        "**",
        "__",
        "`x`",
        "<https://example.org>",
        "<a@b.org>",
        "- ",
        "1. ",
        "> ",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "!!! note",
        "## H",
        "{: #id }",
        "*[NHS]: x",
        "&",
        "&#x;",
        "```",
        "~~~",
        "[r]: b.md",
        "[r]:",
        "[^1]:",
        "[r]",
        "---",
        "***",
        "===",
        "\n    - ",
        "   ",
        "+ ",
        "2.",
        "!!!",
        "??? note",
        "///",
        "/// figure-caption",
        "/// table-caption | <",
    ]
)


def _every_pattern(text: str) -> str:
    """The HTML Python-Markdown makes of `text` with the site's settings and every processor."""
    md = markdown.Markdown(extensions=[*SETTINGS.extensions, _LinksExtension()], extension_configs=SETTINGS.configs)
    md.treeprocessors["site_links"].page_uri = "essays/x.md"
    return md.convert(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_renders_as_with_every_processor(text):
    assert RENDERER.render(text, "essays/x.md").html == _every_pattern(text)


# Block syntax counts at the start of a line, and most of it before a word: texts of short lines, half of
# whose pieces are words, put the pieces there far more often.
WORDS = st.sampled_from(["NHS", "note", "word", "b.md", "x1"])
LINES = st.lists(st.lists(st.one_of(PIECES, WORDS), max_size=6).map("".join), max_size=10).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_any_text_of_lines_renders_as_with_every_processor(text):
    assert RENDERER.render(text, "essays/x.md").html == _every_pattern(text)


# Each block processor's and preprocessor's syntax at its tightest (no space where one may be left out),
# and the images', alone and after a paragraph: what a test of too many characters would miss.
TIGHT = [
    "!!!note\n    Inside.",
    "#H",
    "######H#",
    ">quote",
    "a|b\n-|-\n1|2",
    "[^1]:note",
    "Text.[^1]\n\n[^1]:note",
    "*[NHS]:x\n\nThe NHS.",
    "[r]:b.md\n\n[a][r]",
    "~~~\ncode\n~~~",
    "```\ncode\n```",
    "Title\n=",
    "Title\n-",
    "---",
    "*\t*\t*",
    "1.\titem",
    "-\titem",
    "![x](p.png)",
    "![x][r]\n\n[r]: p.png",
    "![r]\n\n[r]: p.png",
    "a  \nb",
    "![x](p.png)\n\n///figure-caption\nA caption.\n///",
    "a|b\n-|-\n1|2\n\n///table-caption|<\nA caption.\n///",
]


@pytest.mark.parametrize("text", [*TIGHT, *(f"A paragraph.\n\n{t}" for t in TIGHT)])
def test_each_processors_tightest_syntax_renders_as_with_every_processor(text):
    assert RENDERER.render(text, "essays/x.md").html == _every_pattern(text)


def test_plain_prose_is_parsed_without_the_patterns_it_cannot_use():
    used = RENDERER._registry_for("inline", "Plain words about the NHS, and [a link](b.md).")
    assert "link" in used and "reference" in used and "em_strong" not in used
    assert not any(name in used for name in ("backtick", "escape", "html", "entity", "image_link", "linebreak"))
    assert "em_strong" in RENDERER._registry_for("inline", "Some *emphasis*.")


def test_plain_prose_is_parsed_without_the_block_processors_it_cannot_use():
    prose = "## A heading\n\nPlain words about the NHS, and [a link](b.md).\n\n- a list\n"
    used = RENDERER._registry_for("block", prose)
    assert all(name in used for name in ("hashheader", "ulist", "olist", "paragraph", "code", "indent"))
    assert not any(name in used for name in ("admonition", "quote", "table", "footnote", "abbr", "reference"))
    assert "fenced_code_block" not in RENDERER._registry_for("pre", prose)
    assert "footnote" in RENDERER._registry_for("block", "A claim.[^1]\n\n[^1]: The note.")
    assert "blocks" not in used and "caption-auto" not in RENDERER._registry_for("tree", prose)
    assert "caption-auto" in RENDERER._registry_for("tree", "![x](p.png)\n\n/// figure-caption\nA chart.\n///")


@pytest.mark.corpus
def test_the_site_essays_render_as_with_every_processor():
    for path in sorted((CORPUS_ROOT / "essays").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert RENDERER.render(text, "essays/x.md").html == _every_pattern(text), path.name


@pytest.mark.parametrize("shape", SHAPES)
def test_the_benchmark_shapes_render_as_with_every_processor(shape):
    corpus = make_corpus(40, 3, (ROOT / THEMES_FILE).read_bytes(), shape)
    for essay in corpus.essays:
        assert RENDERER.render(essay.body, "essays/x.md").html == _every_pattern(essay.body), essay.slug
