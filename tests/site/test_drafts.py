"""Drafts are previewed by `mkdocs serve` and never published by `mkdocs build`."""

from __future__ import annotations

import datetime

from conftest import make_essay, make_project, rendered, run_mkdocs_build

from scripts.content.model import Corpus
from scripts.pages.site import generate

ESSAY = (
    '---\ntitle: "{title}"\nauthor: The Editors\ndate: 2025-03-04\nthemes: [power, love]\nsummary: "S."\n'
    "{extra}---\n\nText.\n"
)


def test_generate_includes_drafts_only_when_asked(vocabulary):
    corpus = Corpus(vocabulary, (make_essay("shown", ("power",)), make_essay("hidden", ("power",), draft=True)))
    today = datetime.date(2026, 1, 1)
    published = generate(corpus, rendered(corpus), include_drafts=False, today=today)
    preview = generate(corpus, rendered(corpus), include_drafts=True, today=today)
    assert "essays/hidden.md" not in published.pages and "essays/hidden.md" in preview.pages
    assert "hidden" not in published.expanded("themes/power.md") and "hidden" in preview.expanded("themes/power.md")


def test_build_publishes_no_trace_of_a_draft(tmp_path):
    project = make_project(
        tmp_path / "p",
        {
            "published.md": ESSAY.format(title="Published essay", extra=""),
            "secret-draft.md": ESSAY.format(title="Secret draft", extra="draft: true\n"),
        },
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "essays" / "published" / "index.html").is_file()
    assert not (site / "essays" / "secret-draft").exists()
    for file in site.rglob("*"):
        if file.suffix in (".html", ".xml", ".json"):
            assert "secret-draft" not in file.read_text(errors="replace"), file
