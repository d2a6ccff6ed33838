"""Hostile and broken input: nothing crashes, nothing renders raw, nothing is lost."""

from __future__ import annotations

import re
import string

import yaml
from conftest import make_project, run_mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.content.essay_loader import load_essay
from scripts.content.model import ESSAY_FIELDS

HOSTILE_TITLE = '<img src=x onerror="alert(1)"> & *not bold* [x](y)'
HOSTILE_SUMMARY = '</script><script>alert(2)</script> "quoted" summary.'

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
keys = st.one_of(st.sampled_from([*ESSAY_FIELDS, "tehmes", "sources"]), st.text(max_size=10))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=st.dictionaries(keys, values, max_size=9), body=st.text(max_size=200))
def test_loader_accepts_or_reports_random_front_matter(vocabulary, meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    essay, problems = load_essay("r.md", "r", text.encode("utf-8", "surrogatepass"), vocabulary)
    assert problems or essay is not None  # an essay with problems is kept for its text to be judged
    assert all(p.path == "r.md" and p.line >= 0 and p.message for p in problems)


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=400)
    | st.text(alphabet=string.printable + "-:[]{}&*!|>'\"%@`#\u00e9\ufeff", max_size=400).map(str.encode)
)
def test_loader_never_raises_on_arbitrary_bytes(vocabulary, data):
    essay, problems = load_essay("r.md", "r", b"---\n" + data, vocabulary)
    assert problems or essay is not None  # an essay with problems is kept for its text to be judged


def test_front_matter_markup_shows_as_text_on_every_page(tmp_path):
    essay = (
        f"---\ntitle: {yaml.safe_dump(HOSTILE_TITLE).strip().removesuffix('...').strip()}\n"
        "author: The Editors\ndate: 2025-03-04\nthemes: [power, love]\n"
        f"summary: {yaml.safe_dump(HOSTILE_SUMMARY).strip().removesuffix('...').strip()}\n---\n\nBody text.\n"
    )
    project = make_project(tmp_path / "p", {"hostile.md": essay})
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    pages = [
        "essays/hostile/index.html",
        "index.html",
        "essays/index.html",
        "themes/power/index.html",
        "authors/editors/index.html",
        "archive/2025/index.html",
    ]
    for page in pages:
        html = (site / page).read_text()
        assert "<img src=x" not in html, page  # the markup never becomes a tag
        assert "&lt;img src=x onerror=" in html, page
        assert "*not bold*" in html, page  # Markdown punctuation is shown, not interpreted
    essay_html = (site / "essays/hostile/index.html").read_text()
    assert "<script>alert(2)</script>" not in essay_html
    assert re.search(r"<title>&lt;img src=x onerror=&(quot|#34);alert\(1\)&(quot|#34);&gt;", essay_html)
    for feed in ("feed.xml", "themes/power/feed.xml"):
        assert "<img src=x" not in (site / feed).read_text()


BASE = '---\ntitle: "T"\nauthor: The Editors\ndate: 2025-03-04\nthemes: [power]\nsummary: "S."\n---\n\n'


def test_build_fails_on_forbidden_html_naming_file_and_line(tmp_path):
    body = "Fine text.\n\nA [link](javascript:alert(1)) here.[^1]\n\n[^1]: A note with <iframe src=x></iframe>.\n"
    project = make_project(tmp_path / "p", {"bad.md": BASE + body})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "essays/bad.md:11: " in result.stderr and "javascript:" in result.stderr
    assert "essays/bad.md:13: <iframe> is not allowed" in result.stderr


def test_build_fails_on_a_heading_taking_the_anchor_of_a_section_the_page_adds(tmp_path):
    # The site's sections (Related essays, Cite this essay...) are HTML after the essay, listed in the
    # table of contents by anchor: an essay's heading with the same anchor would capture their links.
    body = "Intro.\n\n## Related Essays!\n\nText.\n\n## Notes {#cite-this-essay}\n\nMore.\n"
    project = make_project(tmp_path / "p", {"bad.md": BASE + body})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "essays/bad.md:11: the essay has a heading or element with the anchor #related-essays" in result.stderr
    assert "essays/bad.md:15: the essay has a heading or element with the anchor #cite-this-essay" in result.stderr
    assert "'Cite this essay' section uses; rename the heading" in result.stderr


def test_build_accepts_the_allowed_raw_html(tmp_path):
    body = 'Press <kbd>Ctrl</kbd>, <mark>note</mark> H<sub>2</sub>O, x<sup>2</sup>, an <abbr title="x">X</abbr>.\n'
    project = make_project(tmp_path / "p", {"ok.md": BASE + body})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "essays" / "ok" / "index.html").read_text()
    assert "<kbd>Ctrl</kbd>" in html and "<!--" not in html.split('<div class="md-content"')[1].split("</article>")[0]
