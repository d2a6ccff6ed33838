"""Whitespace between tags collapsed: the page reads the same, and nothing written as it must be is touched."""

import re

from hypothesis import given
from hypothesis import strategies as st

from scripts.pages.format import collapse_whitespace

_SPACE = st.text(alphabet=" \t\n", min_size=1, max_size=6)
_WORD = st.sampled_from(["NHS", "a", "reform", "&gt;", "x&amp;y", "—"])
_TAG = st.sampled_from(
    ["<p>", "</p>", "<li>", "</li>", '<a href="../x/">', "</a>", "<br>", '<div class="a">', "</div>"]
)
# A tag whose attribute holds line breaks and indentation, which must stay as they are.
_TAG_WITH_SPACES = st.builds(lambda s: f'<abbr title="one{s}two &gt;{s}three">', _SPACE)
# Elements whose whitespace is content (Material sets pre-wrap on code and kbd).
_WRITTEN = st.builds(
    lambda name, inner, attrs: f"<{name}{attrs}>{inner}</{name}>",
    st.sampled_from(["pre", "code", "kbd", "textarea", "script", "style", "PRE"]),
    st.lists(st.one_of(_SPACE, _WORD, st.just("<span>"), st.just("</span>")), max_size=8).map("".join),
    st.sampled_from(["", ' class="language-py"']),
)
_PAGE = st.lists(st.one_of(_SPACE, _WORD, _TAG, _TAG_WITH_SPACES, _WRITTEN), max_size=30).map("".join)
_PROTECTED = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def _as_read(page: str) -> str:
    """What a browser shows outside the protected elements: every run of whitespace as one space."""
    pieces = re.split(
        r"(<(?:pre|code|kbd|textarea|script|style)\b.*?</(?:pre|code|kbd|textarea|script|style)\s*>)",
        page,
        flags=re.S | re.I,
    )
    return "".join(p if i % 2 else re.sub(r"\s+", " ", p) for i, p in enumerate(pieces))


@given(_PAGE)
def test_the_page_reads_the_same_and_keeps_its_tags_and_written_elements(page):
    out = collapse_whitespace(page)
    assert _as_read(out) == _as_read(page)
    assert _TAG_RE.findall(_PROTECTED.sub("", out)) == _TAG_RE.findall(_PROTECTED.sub("", page))
    assert [m.group(0) for m in _PROTECTED.finditer(out)] == [m.group(0) for m in _PROTECTED.finditer(page)]
    assert len(out) <= len(page)


def test_blank_lines_and_indentation_between_tags_become_one_line_break():
    page = "<div>\n\n    <p>One</p>\n      \n  <p>Two</p>  \n</div>\n<pre><code>  kept\n\n    as is\n</code></pre>"
    assert (
        collapse_whitespace(page)
        == "<div>\n<p>One</p>\n<p>Two</p>\n</div>\n<pre><code>  kept\n\n    as is\n</code></pre>"
    )
    assert collapse_whitespace("<p>two  spaces</p> <p>no line break</p>") == "<p>two  spaces</p> <p>no line break</p>"
