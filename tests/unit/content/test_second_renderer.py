"""The second renderer: the same HTML as the build's own renderer, and no essay lost when it fails."""

from __future__ import annotations

import os
import signal
import threading

import pytest
from conftest import ROOT, make_project

from scripts.content import check as check_module
from scripts.content import rendering
from scripts.content.check import check, site_settings
from scripts.content.rendering import Renderer, SecondRenderer

NESTED = "".join("    " * i + "- x\n" for i in range(400))  # Python-Markdown recurses once a level


def _essay(n: int, body: str) -> str:
    return (
        f'---\ntitle: "Essay number {n}"\nauthor: The Editors\ndate: 2025-03-{n % 28 + 1:02d}\n'
        f'themes: [power]\nsummary: "S."\n---\n\n{body}\n'
    )


@pytest.fixture(params=["fork", "fresh interpreter"])
def kind(request, monkeypatch):
    """A second renderer is a fork where this process has no other thread, else a fresh interpreter: each
    test runs with both, as if this process had no other thread (the suite may have left some) and with one
    kept waiting."""
    if request.param == "fork":
        monkeypatch.setattr(rendering.threading, "active_count", lambda: 1)
        yield request.param
        return
    done = threading.Event()
    waiting = threading.Thread(target=done.wait)
    waiting.start()
    try:
        yield request.param
    finally:
        done.set()
        waiting.join()


def _is(second: SecondRenderer, kind: str) -> bool:
    return (second._forked is not None) == (kind == "fork") and (second._process is None) == (kind == "fork")


def test_it_renders_what_this_process_renders_and_gives_back_none_for_what_it_cannot(kind):
    settings = site_settings(ROOT)
    texts = [
        ("Plain *text* with the NHS and a [link](other.md#part).", "essays/a.md"),
        ("## A heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]\n\n[^1]: A note.", "essays/b.md"),
        (NESTED, "essays/c.md"),
    ]
    second = SecondRenderer(settings)
    assert _is(second, kind)
    try:
        second.start(texts)
        made = second.results()
    finally:
        second.close()
    here = Renderer(settings)
    assert made[:2] == [here.render(body, uri) for body, uri in texts[:2]]
    assert made[2] is None


def test_a_second_renderer_that_ends_early_loses_nothing(kind):
    second = SecondRenderer(site_settings(ROOT))
    assert _is(second, kind)
    second.close()  # before it was given anything, as when the check stops early
    second.start([("Text.", "essays/a.md")])
    assert second.results() == [None]  # so the check renders it itself


def test_a_fork_that_is_killed_while_it_renders_loses_nothing(monkeypatch):
    monkeypatch.setattr(rendering.threading, "active_count", lambda: 1)
    second = SecondRenderer(site_settings(ROOT))
    forked = second._forked
    assert forked is not None
    try:
        os.kill(forked, signal.SIGKILL)
        second.start([("Text.", "essays/a.md"), ("More.", "essays/b.md")])
        assert second.results() == [None, None]
    finally:
        second.close()
    with pytest.raises(ChildProcessError):  # close waited for it: nothing is left of it
        os.waitpid(forked, os.WNOHANG)


def test_a_shared_check_gives_the_verdict_and_the_html_of_one_process(tmp_path, monkeypatch, kind):
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
