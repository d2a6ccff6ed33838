"""The files handover's two translations for an engine that reads files (links, and an essay's table of contents),
and the data files' writer both handovers share."""

from __future__ import annotations

import re

import markdown
import pytest

from scripts.adapter.files import HandoverError, _from_source, write_data
from scripts.adapter.toc_tokens import carry


def test_a_link_of_a_page_that_is_not_its_folders_index_is_written_relative_to_its_source_file():
    page = '<script src="../assets/browse.js"></script><a href="../essays/x/#a">x</a><img src="../../up.png">'
    assert _from_source(page, "browse.md") == (
        '<script src="assets/browse.js"></script><a href="essays/x/#a">x</a><img src="../up.png">'
    )
    assert _from_source('<a href="../../themes/">t</a>', "essays/x.md") == '<a href="../themes/">t</a>'
    assert _from_source('<a href="../x/">x</a>', "essays/y.md") == '<a href="x/">x</a>'


def test_an_index_page_and_links_that_are_not_relative_paths_are_left_as_written():
    page = '<a href="../x/">x</a>'
    assert _from_source(page, "themes/index.md") == page
    for link in ("#a", "/abs/", "https://example.org/", "mailto:a@b.c", "?q=1"):
        assert _from_source(f'<a href="{link}">x</a>', "browse.md") == f'<a href="{link}">x</a>'


def test_the_carried_tokens_replace_tocs_own_and_leave_no_trace_whatever_a_heading_holds():
    heading = {"level": 2, "id": "a", "name": "a --> b -- c", "html": "a --&gt; <em>b</em>", "data-toc-label": ""}
    tokens = [{**heading, "children": []}]
    md = markdown.Markdown(extensions=["toc", "scripts.adapter.toc_tokens"])
    html = md.convert(carry(tokens) + "\n\n<p>Text.</p>\n\n## Not this one\n")
    assert md.toc_tokens == tokens
    assert "toc-tokens" not in html and html.startswith("<p>Text.</p>")


def test_a_page_without_tokens_keeps_tocs_own():
    md = markdown.Markdown(extensions=["toc", "scripts.adapter.toc_tokens"])
    md.convert("## Own\n")
    assert [t["id"] for t in md.toc_tokens] == ["own"]


def test_the_data_files_are_written_and_none_hides_behind_a_hand_written_file(tmp_path):
    def data():
        yield from ((path, path.encode()) for path in ("data/a.csv", "data/charts/b.svg"))

    written = write_data(tmp_path, data, lambda path: False)
    assert written == {str(tmp_path / "data" / "a.csv"), str(tmp_path / "data" / "charts" / "b.svg")}
    assert (tmp_path / "data" / "charts" / "b.svg").read_bytes() == b"data/charts/b.svg"
    with pytest.raises(HandoverError, match=re.escape("docs/data/charts/b.svg would hide a data file")):
        write_data(tmp_path / "other", data, lambda path: path.endswith(".svg"))
