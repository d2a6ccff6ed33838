"""The second renderer: the same HTML as the build's own renderer, and no essay lost when it fails."""

from __future__ import annotations

import pytest
from conftest import ROOT, make_project

from scripts.content import check as check_module
from scripts.content.check import check, site_settings
from scripts.content.rendering import Renderer, SecondRenderer

NESTED = "".join("    " * i + "- x\n" for i in range(400))  # Python-Markdown recurses once a level


def _essay(n: int, body: str) -> str:
    return (
        f'---\ntitle: "Essay number {n}"\nauthor: The Editors\ndate: 2025-03-{n % 28 + 1:02d}\n'
        f'themes: [power]\nsummary: "S."\n---\n\n{body}\n'
    )


def test_it_renders_what_this_process_renders_and_gives_back_none_for_what_it_cannot():
    settings = site_settings(ROOT)
    texts = [
        ("Plain *text* with the NHS and a [link](other.md#part).", "essays/a.md"),
        ("## A heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]\n\n[^1]: A note.", "essays/b.md"),
        (NESTED, "essays/c.md"),
    ]
    second = SecondRenderer(settings)
    try:
        second.start(texts)
        made = second.results()
    finally:
        second.close()
    here = Renderer(settings)
    assert made[:2] == [here.render(body, uri) for body, uri in texts[:2]]
    assert made[2] is None


def test_a_second_renderer_that_ends_early_loses_nothing():
    second = SecondRenderer(site_settings(ROOT))
    second.close()  # before it was given anything, as when the check stops early
    second.start([("Text.", "essays/a.md")])
    assert second.results() == [None]  # so the check renders it itself


def test_a_shared_check_gives_the_verdict_and_the_html_of_one_process(tmp_path, monkeypatch):
    essays = {f"essay-{n}.md": _essay(n, f"Text {n} on the NHS, see [one](essay-0.md).") for n in range(7)}
    essays["broken.md"] = _essay(99, NESTED)
    project = make_project(tmp_path / "p", essays)
    alone = check(project, keep_html=True)
    monkeypatch.setattr(check_module, "SHARE_FROM", 2)
    shared = check(project, keep_html=True, share=True)
    assert shared == alone
    assert any("could not be rendered" in p.message and p.path == "essays/broken.md" for p in shared.problems)
    assert len(shared.rendered) == 7


def test_a_text_markdown_gives_up_on_does_not_change_how_the_next_is_rendered():
    settings = site_settings(ROOT)
    text = "Plain *text*, see [one](other.md)."
    expected = Renderer(settings).render(text, "essays/a.md")
    renderer = Renderer(settings)
    with pytest.raises(RecursionError):
        renderer.render(NESTED, "essays/c.md")
    assert renderer.render(text, "essays/a.md") == expected
