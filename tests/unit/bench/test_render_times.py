"""`python -m scripts.bench.render_times`, the profiling aid of PERFORMANCE.md, run on a small project."""

from __future__ import annotations

import re

from conftest import make_project

from scripts.bench import render_times


def test_render_times_prints_each_kind_of_page_and_the_whole_build(tmp_path, capsys):
    essay = '---\ntitle: "One"\nauthor: The Editors\ndate: 2025-03-01\nthemes: [power]\nsummary: "S."\n---\n\nBody.\n'
    project = make_project(tmp_path / "p", {"one.md": essay})
    render_times.main([str(project)])
    out = capsys.readouterr().out
    # The essay and the essays index, both under essays/.
    assert re.search(r"^essays\s+2\s+[\d.]+\s+[\d.]+$", out, re.M), out
    assert re.search(r"^themes\s+\d+", out, re.M), out
    assert re.search(r"garbage collection [\d.]+ s; whole build [\d.]+ s", out), out
    # The phases: our hook's events and the theme's templates, each timed apart.
    for phase in ("Markdown (Page.render)", "templates", "files", "page_content", "the rest of MkDocs"):
        assert re.search(rf"^{re.escape(phase)}\s+-?[\d.]+$", out, re.M), (phase, out)
