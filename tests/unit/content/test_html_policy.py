"""The raw-HTML policy, checked on HTML rendered the way the site renders it: one test per hostile case."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from conftest import render_html as render
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bench.corpora import SHAPES, make_corpus
from scripts.content import html_policy
from scripts.content.check import site_settings
from scripts.content.corpus import THEMES_FILE
from scripts.content.html_policy import check_html, normalise_url, url_scheme
from scripts.content.problems import Problem

PATH = "essays/x.md"
BODY_LINE = 9
ALLOWED = "(allowed HTML: abbr, sup, sub, br, kbd, mark)"
LINK_FIX = "link to an https:// address or to another essay's .md file"
IMAGE_FIX = "put the image in the repository and use its relative path"


def check(text: str, *, located: bool = False) -> list[Problem]:
    return check_html(PATH, render(text), BODY_LINE, body=text if located else None)


def tag_message(tag: str) -> str:
    if tag in ("iframe", "embed", "object", "video", "audio"):  # another site's player: link to it instead
        return (
            f"<{tag}> is not allowed in essays; an essay cannot embed another site's player or page; link to it "
            "instead: [what it shows](https://the-address-of-the-video-or-page)"
        )
    return f"<{tag}> is not allowed in essays; remove it {ALLOWED}"


def one(message: str, line: int = BODY_LINE) -> list[Problem]:
    return [Problem(PATH, line, message)]


def test_rendering_uses_the_sites_extensions_after_the_three_mkdocs_adds():
    settings = site_settings(ROOT)
    assert settings.extensions == (
        *("toc", "tables", "fenced_code", "abbr", "attr_list", "footnotes", "admonition"),
        "pymdownx.blocks.caption",
    )
    assert settings.configs["toc"] == {"permalink": True}
    assert settings.configs["abbr"]["glossary"]["FYFV"].startswith("Five Year Forward View")


# Allowed ----------------------------------------------------------------------

ORDINARY_ESSAY = """\
The *NHS* is **large**; see [the King's Fund](https://www.kingsfund.org.uk/) and
[an older piece](http://example.org/old), [another essay](other-essay.md), [a section](#a-section),
[the editors](mailto:editors@example.org) and <https://example.org/autolink>.

## A section

> A quotation of a few words.

1. one
2. two

- three

| Left | Right | Centre |
|:-----|------:|:------:|
| a    | b     | c      |

!!! note "An aside"
    Admonitions are allowed.

A footnote[^1] and a figure: ![A chart](../assets/chart.png "The chart").

Raw HTML on the allow-list: <abbr title="Integrated care board">ICB</abbr>, x<sup>2</sup>, H<sub>2</sub>O,
<kbd>Ctrl</kbd>, <mark>marked</mark>,<br>and a line break.

Some `<script>alert(1)</script>` shown as code, and a block:

    <iframe src="https://evil.example/"></iframe>

<!-- an editor's note -->

A paragraph with an id and a class.
{: #an-id lang="en" }

### Three
#### Four
##### Five
###### Six

*[NHS]: National Health Service

[^1]: The footnote, with [a link](https://example.org/).
"""


def test_an_ordinary_essay_passes():
    html = render(ORDINARY_ESSAY)
    # The rendering really holds what the policy must let through.
    for fragment in ('<div class="footnote">', '<div class="admonition note">', "<abbr", "<table", "<img"):
        assert fragment in html
    assert check_html(PATH, html, BODY_LINE) == []


def test_table_column_alignment_is_the_one_style_allowed():
    html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert 'style="text-align: left;"' in html
    assert check_html(PATH, html, BODY_LINE) == []


# Links --------------------------------------------------------------------------


def test_markdown_link_to_javascript():
    assert check("[x](javascript:alert(1))") == one(
        f"link to 'javascript:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_reference_link_to_javascript():
    assert check("See [the report][r].\n\n[r]: javascript:alert(2)\n") == one(
        f"link to 'javascript:alert(2)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_raw_link_in_mixed_case():
    assert check('<a href="JaVaScRiPt:alert(1)">x</a>') == one(
        f"link to 'JaVaScRiPt:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_raw_link_with_a_numeric_entity():
    assert check('<a href="&#106;avascript:alert(1)">x</a>') == one(
        f"link to 'javascript:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_markdown_link_with_a_hex_entity():
    assert check("[x](&#x6A;avascript:alert(1))") == one(
        f"link to 'javascript:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_link_with_named_entities_hiding_the_scheme():
    assert check('<a href="java&Tab;script&colon;alert(1)">x</a>') == one(
        f"link to 'java\\x09script:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_link_with_leading_space_and_control_character():
    assert check('<a href="\x01 \x0bjavascript:alert(1)">x</a>') == one(
        f"link to '\\x01 \\x0bjavascript:alert(1)' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_link_to_vbscript():
    assert check('<a href="VBScript:MsgBox(1)">x</a>') == one(
        f"link to 'VBScript:MsgBox(1)' uses a vbscript: URL, which is not allowed in essays; {LINK_FIX}"
    )


def test_markdown_link_to_a_data_url():
    assert check("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)") == one(
        "link to 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' uses a data: URL, "
        f"which is not allowed in essays; {LINK_FIX}"
    )


def test_link_to_another_scheme():
    assert check("[x](file:///etc/passwd)") == one(
        "link to 'file:///etc/passwd' uses the file: scheme, which is not allowed in essays; "
        "link to an https:// or http:// address, a mailto: address or another essay's .md file"
    )


def test_long_urls_are_shortened_in_messages():
    url = "data:text/html," + "a" * 200
    assert check(f"[x]({url})") == one(
        f"link to '{url[:59]}…' uses a data: URL, which is not allowed in essays; {LINK_FIX}"
    )


# Images -------------------------------------------------------------------------


def test_raw_image_with_an_event_handler():
    assert check("<img src=x onerror=alert(1)>") == one(
        "the onerror attribute on <img> is not allowed in essays: event handlers run scripts; remove it"
    )


def test_external_image_is_a_tracking_pixel():
    assert check("![](https://tracker.example/p.gif)") == one(
        "external image 'https://tracker.example/p.gif' is not allowed in essays (a tracking pixel?); " + IMAGE_FIX
    )


def test_scheme_relative_image():
    assert check("![](//evil.example/p.gif)") == one(
        f"external image '//evil.example/p.gif' is not allowed in essays (a tracking pixel?); {IMAGE_FIX}"
    )


def test_backslash_image_is_another_site_too():
    assert check('<img src="/\\evil.example/p.gif">') == one(
        f"external image '/\\evil.example/p.gif' is not allowed in essays (a tracking pixel?); {IMAGE_FIX}"
    )


def test_reference_image_to_another_site():
    assert check("![pixel][p]\n\n[p]: http://tracker.example/p.gif\n") == one(
        f"external image 'http://tracker.example/p.gif' is not allowed in essays (a tracking pixel?); {IMAGE_FIX}"
    )


def test_image_from_a_data_url():
    assert check("![](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)") == one(
        "image 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' uses a data: URL, which is not allowed in essays; "
        + IMAGE_FIX
    )


def test_image_with_a_javascript_source():
    assert check('<img src="jav&#x0A;ascript:alert(1)">') == one(
        f"image 'jav\\x0aascript:alert(1)' uses a javascript: URL, which is not allowed in essays; {IMAGE_FIX}"
    )


def test_image_from_the_site_root():
    assert check("![](/assets/chart.png)") == one(
        "image '/assets/chart.png' starts with '/'; use a path relative to the essay's file instead"
    )


def test_image_without_a_source():
    assert check("<img/src/onerror=alert(1)>") == [
        Problem(
            PATH,
            BODY_LINE,
            "the onerror attribute on <img> is not allowed in essays: event handlers run scripts; remove it",
        ),
        Problem(PATH, BODY_LINE, "image without a source; give the path of an image file in the repository"),
    ]


# Tags ---------------------------------------------------------------------------

SCRIPT_SPELLINGS = {
    "plain": "<script>alert(1)</script>",
    "upper-case": "<SCRIPT>alert(1)</SCRIPT>",
    "mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "external": '<script src="https://evil.example/x.js"></script>',
    "slash-separated": "<script/src=//evil.example/x.js></script>",
    "newline-in-tag": "<script\n>alert(1)</script>",
    "with-type": '<script type="text/javascript">alert(1)</script>',
    "inline": "Some text <script>alert(1)</script> and more.",
    "in-div": "<div>\n*hi* <script>alert(1)</script>\n</div>",
    "in-admonition": "!!! note\n    Text <script>alert(1)</script>",
    "in-list": "- item <script>alert(1)</script>",
    "in-table": "| a |\n|---|\n| <script>alert(1)</script> |",
    "in-footnote": "Text[^1]\n\n[^1]: Note <script>alert(1)</script>",
    "in-blockquote": "> <script>alert(1)</script>",
}


@pytest.mark.parametrize("markdown_text", SCRIPT_SPELLINGS.values(), ids=SCRIPT_SPELLINGS.keys())
def test_script_in_any_spelling(markdown_text):
    assert check(markdown_text) == one(tag_message("script"))


@pytest.mark.parametrize(
    ("tag", "markdown_text"),
    [
        ("iframe", '<iframe src="https://evil.example/"></iframe>'),
        ("object", '<object data="x.swf"></object>'),
        ("embed", '<embed src="x.swf">'),
        ("form", '<form action="https://evil.example/"><input name="password"></form>'),
        ("style", "<style>body { display: none }</style>"),
        ("button", "<button>Click</button>"),
        ("link", '<link rel="stylesheet" href="https://evil.example/x.css">'),
        ("meta", '<meta http-equiv="refresh" content="0; url=https://evil.example/">'),
        ("base", '<base href="https://evil.example/">'),
        ("svg", "<svg><circle r=1></circle></svg>"),
        ("math", "<math><mi>x</mi></math>"),
        ("textarea", "<textarea>x</textarea>"),
        ("marquee", "<marquee>x</marquee>"),
    ],
)
def test_tag_outside_the_allow_list(tag, markdown_text):
    assert check(markdown_text)[0] == Problem(PATH, BODY_LINE, tag_message(tag))


def test_form_and_its_input_are_both_reported():
    assert check('<form action="https://evil.example/"><input name="password"></form>') == [
        Problem(PATH, BODY_LINE, tag_message("form")),
        Problem(PATH, BODY_LINE, tag_message("input")),
    ]


def test_svg_with_onload_reports_the_tag():
    assert check("<svg/onload=alert(1)>") == one(tag_message("svg"))


def test_top_level_heading():
    assert check("# A second title\n\nText.") == one(
        "<h1> is not allowed in essays: the title is the page's only top-level heading; start sections with ## (<h2>)"
    )


# Attributes ---------------------------------------------------------------------


def test_event_handler_added_with_attr_list():
    assert check('A paragraph.\n{: onclick="alert(1)" }') == one(
        "the onclick attribute on <p> is not allowed in essays: event handlers run scripts; remove it"
    )


def test_event_handler_on_an_allowed_raw_tag():
    assert check("<mark onmouseover=alert(1)>x</mark>") == one(
        "the onmouseover attribute on <mark> is not allowed in essays: event handlers run scripts; remove it"
    )


def test_style_attribute():
    assert check('<span style="position:fixed;top:0">x</span>') == one(
        "the style attribute on <span> is not allowed in essays: the site's stylesheet sets the look; remove it"
    )


def test_style_attribute_added_with_attr_list():
    assert check('A paragraph.\n{: style="display:none" }') == one(
        "the style attribute on <p> is not allowed in essays: the site's stylesheet sets the look; remove it"
    )


def test_attribute_outside_the_allow_list():
    assert check('<a href="https://example.org/" ping="https://tracker.example/">x</a>') == one(
        "the ping attribute on <a> is not allowed in essays; remove it (allowed on <a>: class, dir, href, id, lang, "
        "rel, title)"
    )


# Markup this parser and a browser would read differently ------------------------


def test_comment_closed_early_by_a_browser():
    assert check("<!--><script>alert(1)</script>-->") == one(
        "malformed HTML comment: browsers end '<!-->', '<!--->' and '--!>' early, so what follows would be "
        "read as HTML; write a comment as <!-- text --> or remove it"
    )


def test_comment_ended_with_bang():
    # Markdown rewrites this comment itself (and the script is then caught as a tag); the checker
    # must still refuse it in HTML that reaches it as written.
    assert check("<!-- x --!><script>alert(1)</script> -->") == one(tag_message("script"))
    assert check_html(PATH, "<!-- x --!><script>alert(1)</script> -->", BODY_LINE) == one(
        "malformed HTML comment: browsers end '<!-->', '<!--->' and '--!>' early, so what follows would be "
        "read as HTML; write a comment as <!-- text --> or remove it"
    )


def test_comment_opened_and_closed_at_once():
    assert check_html(PATH, "<!---><script>alert(1)</script>-->", BODY_LINE) == one(
        "malformed HTML comment: browsers end '<!-->', '<!--->' and '--!>' early, so what follows would be "
        "read as HTML; write a comment as <!-- text --> or remove it"
    )


def test_doctype():
    assert check_html(PATH, "<!DOCTYPE html><p>x</p>", BODY_LINE) == one(
        "'<!DOCTYPE html>' is not allowed in essays; remove it"
    )


def test_processing_instruction():
    assert check_html(PATH, "<?php echo 1 ?><p>x</p>", BODY_LINE) == one(
        "'<?php echo 1 ?' is not allowed in essays; remove it"
    )


def test_cdata_section():
    assert check("<![CDATA[><script>alert(1)</script>]]>") == one(
        "'<![CDATA[><script>alert(1)</script>' is not allowed in essays; remove it"
    )


def test_unfinished_tag_at_the_end():
    # Markdown escapes a bare '<img', but the hook may see HTML from elsewhere; the checker is pure.
    assert check_html(PATH, "<p>Text</p>\n<img src=x onerror=alert(1)", BODY_LINE) == one(
        "the essay ends inside an unfinished HTML tag ('<img src=x onerror=alert(1)'); finish it with '>' or remove it"
    )


# Lines --------------------------------------------------------------------------


def test_problem_is_placed_on_the_line_that_holds_it():
    text = "First paragraph.\n\nSecond, with `<script>` as code.\n\n<script>alert(1)</script>\n\n[x](javascript:go)\n"
    assert check(text, located=True) == [
        Problem(PATH, BODY_LINE + 4, tag_message("script")),
        Problem(
            PATH,
            BODY_LINE + 6,
            f"link to 'javascript:go' uses a javascript: URL, which is not allowed in essays; {LINK_FIX}",
        ),
    ]


def test_repeated_problems_are_placed_on_their_own_lines():
    text = "<iframe></iframe>\n\nText.\n\n<iframe></iframe>\n"
    assert check(text, located=True) == [
        Problem(PATH, BODY_LINE, tag_message("iframe")),
        Problem(PATH, BODY_LINE + 4, tag_message("iframe")),
    ]


def test_reference_link_is_placed_on_its_definition():
    text = "See [the report][r].\n\nMore.\n\n[r]: javascript:alert(2)\n"
    assert [p.line for p in check(text, located=True)] == [BODY_LINE + 4]


# Helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://example.org/", "https"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        (" \x01java\tscript:x", "javascript"),
        ("java\u200bscript:x", "javascript"),
        ("other-essay.md", None),
        ("#anchor", None),
        ("../a/b.png", None),
        ("/x:y", None),
    ],
)
def test_url_scheme(url, scheme):
    assert url_scheme(url) == scheme


def test_normalise_url_drops_spaces_and_control_characters():
    assert normalise_url(" j\na\tv\x00a\u00adscript :") == "javascript:"


# The fast path ------------------------------------------------------------------

_PIECES = (
    # What Markdown writes, and what the fast path must let through.
    "text &amp; more",
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    '<h2 id="a">',
    "</h2>",
    '<abbr title="x">',
    "</abbr>",
    "<br />",
    "<hr />",
    '<li id="fn:1">',
    '<div class="footnote">',
    "</div>",
    "<a>",
    "</a>",
    '<a href="https://example.org/a:b">',
    '<a href="../other/">',
    '<a href="#fn:1" class="footnote-ref">',
    '<a href="mailto:x@example.org">',
    '<td style="text-align: left;">',
    # What the policy forbids, however spelled.
    "<script>",
    "<SCRIPT>",
    "<h1>",
    '<img src="x.png">',
    '<img src="https://t.example/p.gif">',
    "<iframe>",
    '<p onclick="x">',
    '<p style="color:red">',
    '<p href="x">',
    '<a href="javascript:x">',
    '<a href="java&#115;cript:x">',
    '<a href="JavaScript:x">',
    '<a href=" javascript:x">',
    '<a href="data:x">',
    "<a href='javascript:x'>",
    '<a href="\tjavascript:x">',
    "<a href=javascript:x>",
    "<!-- c -->",
    "<!-->",
    "<![CDATA[x]]>",
    "<?pi?>",
    "<!DOCTYPE x>",
    "<p",
    "<",
    "&lt;",
    '<a title="x" onmouseover="y">',
    "<p\n>",
    '<a href="//evil.example">',
    '<a href="vbscript:x">',
    "<math>",
    "<svg>",
    '<p id="x"onclick="y">',
    '<p class="md-header">',
    '<h2 id="__search">',
    '<h2 id="md-top">',
    '<h2 id="pieces-discussed">',
    '<span class="admonition">',
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_html_the_fast_path_lets_through_the_parser_lets_through_too(pieces):
    html = "".join(pieces)
    if html_policy.passes_fast(html):
        assert html_policy._parsed(PATH, html, BODY_LINE, None) == [], html


@pytest.mark.parametrize("shape", SHAPES)
def test_the_fast_path_takes_ordinary_essays(shape):
    # Otherwise the parser would still run on every essay and the fast path would only add time. Ordinary
    # essays are the benchmark's shapes (prose, rich Markdown, many sources), not whichever the corpus holds.
    corpus = make_corpus(30, 5, (ROOT / THEMES_FILE).read_bytes(), shape)
    for essay in corpus.essays:
        html = render(essay.body)
        if "<img" not in html and "<!--" not in html:
            assert html_policy.passes_fast(html), essay.slug


CAPTIONED = """A chart, then a table, each with a caption (CONTRIBUTING.md, "Figures and tables with a caption").

![Waiting lists by year](images/waiting.png)

/// figure-caption
Waiting lists in England, *2010 to 2024*.
///

| Year | Essays |
|---|---|
| 2011 | 3 |

/// table-caption | <
Essays by year.
///

![A second chart](images/second.png)

/// figure-caption
The second figure.
///
"""


def test_captioned_figures_and_tables_are_numbered_and_pass_the_check():
    html = render(CAPTIONED)
    figures = re.findall(r'<figure id="([^"]+)">(.*?)</figure>', html, re.S)
    assert [i for i, _ in figures] == ["__figure-caption_1", "__table-caption_1", "__figure-caption_2"]
    chart, table, second = (body for _, body in figures)
    # The caption last under an image, first over a table (`<`), and numbered by kind.
    assert chart.strip().startswith("<p><img") and chart.strip().endswith("</figcaption>")
    assert '<span class="caption-prefix">Figure 1.</span> Waiting lists in England, <em>2010 to 2024</em>.' in chart
    assert table.strip().startswith("<figcaption>") and "<table>" in table
    assert '<span class="caption-prefix">Table 1.</span> Essays by year.' in table
    assert '<span class="caption-prefix">Figure 2.</span>' in second
    assert check_html("essays/x.md", html, 1) == []


def test_the_captions_contributing_shows_are_numbered_figures_the_check_passes():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("### Figures and tables with a caption", 1)[1].split("\n### ", 1)[0]
    example = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    html = render(example)
    assert re.findall(r'<figure id="([^"]+)">', html) == ["__figure-caption_1", "__table-caption_1"]
    assert "Figure 1.</span> Waiting lists in England" in html and "Table 1.</span> Waiting lists at" in html
    assert check_html("essays/x.md", html, 1) == []
    for link in ("#__figure-caption_1", "#__table-caption_1"):
        assert link in section


def test_a_caption_cannot_take_an_id_or_class_of_the_sites():
    for argument, problem in (
        ("#__search", "the id '__search' is the site's own"),
        ("#md-content", "the id 'md-content' is the site's own"),
        (".md-header", "the class 'md-header' is not one an essay may use"),
    ):
        html = render(f"![x](images/x.png)\n\n/// figure-caption | {argument}\nA chart.\n///\n")
        problems = check_html("essays/x.md", html, 1)
        assert [p.message.split(";")[0] for p in problems] == [f"on <figure>, {problem}"], argument
