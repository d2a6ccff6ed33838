"""The templates' whitespace between tags collapsed as they are loaded: every page reads the same, and nothing
written as it must be is touched."""

import re

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.adapter.compact_templates import compact, install

_SPACE = st.text(alphabet=" \t\n", min_size=1, max_size=6)
_WORD = st.sampled_from(["NHS", "a", "reform", "&gt;", "x&amp;y", "—", "50%"])
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
_HTML = st.lists(st.one_of(_SPACE, _WORD, _TAG, _TAG_WITH_SPACES, _WRITTEN), max_size=30).map("".join)
# Templates: that HTML, variables, and Jinja statements (conditions, loops, sets, comments), nested, each
# with whitespace of its own around it as Material's templates have.
_VARIABLE = st.sampled_from(["{{ name }}", "{{ html }}", "{{- name }}", "{{ name -}}"])
_STATEMENT_INSIDE = st.sampled_from(["{% set y = 1 %}", "{# a comment #}", "{%- set z = 2 -%}"])


def _block(inner):
    return st.builds(
        lambda kind, s1, body, s2, other: {
            "if": f"{{% if flag %}}{s1}{body}{s2}{{% else %}}{other}{{% endif %}}",
            "for": f"{{% for i in items %}}{s1}{body}{s2}{{% endfor %}}",
            "with": f"{{% with %}}{s1}{body}{s2}{{% endwith %}}",
        }[kind],
        st.sampled_from(["if", "for", "with"]),
        _SPACE,
        inner,
        _SPACE,
        inner,
    )


_TEMPLATE = st.recursive(
    st.lists(st.one_of(_HTML, _VARIABLE, _STATEMENT_INSIDE, _SPACE), max_size=6).map("".join),
    lambda inner: st.lists(st.one_of(inner, _block(inner), _SPACE), max_size=5).map("".join),
    max_leaves=12,
)
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


@settings(max_examples=500, deadline=None)  # no deadline: a loaded machine is not a failure
@given(_HTML)
def test_html_reads_the_same_and_keeps_its_tags_and_written_elements(page):
    out = compact(page)
    assert _as_read(out) == _as_read(page)
    assert _TAG_RE.findall(_PROTECTED.sub("", out)) == _TAG_RE.findall(_PROTECTED.sub("", page))
    assert [m.group(0) for m in _PROTECTED.finditer(out)] == [m.group(0) for m in _PROTECTED.finditer(page)]
    assert len(out) <= len(page)


def _environments(template: str) -> tuple[jinja2.Environment, jinja2.Environment]:
    as_written = jinja2.Environment(loader=jinja2.DictLoader({"t.html": template}))
    compacted = jinja2.Environment(loader=jinja2.DictLoader({"t.html": template}))
    install(compacted)
    return as_written, compacted


@settings(max_examples=300, deadline=None)
@given(_TEMPLATE, st.booleans(), st.integers(min_value=0, max_value=2))
def test_a_template_renders_a_page_that_reads_the_same(template, flag, count):
    context = {"flag": flag, "items": range(count), "name": "Kahane", "html": "<em>a\n  b</em>"}
    as_written, compacted = _environments(template)
    expected = as_written.get_template("t.html").render(context)
    out = compacted.get_template("t.html").render(context)
    assert _as_read(out) == _as_read(expected)
    assert [m.group(0) for m in _PROTECTED.finditer(out)] == [m.group(0) for m in _PROTECTED.finditer(expected)]
    assert len(out) <= len(expected)


def test_blank_lines_and_indentation_between_tags_and_statements_become_one_line_break():
    template = (
        "<div>\n\n    <p>One</p>\n      \n  {% if flag %}\n    <p>Two</p>  \n  {% endif %}\n</div>\n"
        "<pre><code>  kept\n\n    as is\n</code></pre>"
    )
    assert compact(template) == (
        "<div>\n<p>One</p>\n{% if flag %}\n<p>Two</p>\n{% endif %}\n</div>\n"
        "<pre><code>  kept\n\n    as is\n</code></pre>"
    )
    assert compact("<p>two  spaces</p> <p>no line break</p>") == "<p>two  spaces</p> <p>no line break</p>"
    _, compacted = _environments(template)
    assert compacted.get_template("t.html").render(flag=True).startswith("<div>\n<p>One</p>\n\n<p>Two</p>\n\n</div>")
