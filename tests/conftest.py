"""Shared fixtures: the test vocabulary, a factory of essays, and the real site built once per session."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from htmlscan import SITE_URL

from scripts.content.check import site_settings
from scripts.content.corpus import load_corpus
from scripts.content.model import Corpus, Essay, Source, Vocabulary
from scripts.content.rendering import Rendered, render
from scripts.content.vocabulary_loader import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
# The project whose essays the corpus-facing tests judge (those marked `corpus`): this checkout, or a copy of it
# with more essays, which tests/site/test_growing_corpus.py makes to run those tests again on.
CORPUS_ROOT = Path(os.environ.get("NHS_TEST_CORPUS") or ROOT)
# The fixtures that hold the essays of CORPUS_ROOT, or the site built from them: a test that uses any of
# them, directly or through another fixture, is corpus-facing.
CORPUS_FIXTURES = frozenset({"corpus", "built_site"})
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright cannot download its own browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that judges the real essays `corpus`, so that `-m corpus` runs them on another corpus."""
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    folder = FIXTURES / "vocabulary"
    vocab, problems = load_vocabulary(
        "themes.yml", (folder / "themes.yml").read_bytes(), "authors.yml", (folder / "authors.yml").read_bytes()
    )
    assert problems == []
    assert vocab is not None
    return vocab


def make_essay(slug: str, themes: tuple[str, ...], day: str = "2024-01-01", **extra) -> Essay:
    """A small valid essay for tests that need no file."""
    return Essay(
        slug=slug,
        path=f"essays/{slug}.md",
        title=extra.pop("title", slug.replace("-", " ").title()),
        authors=extra.pop("authors", ("The Editors",)),
        date=datetime.date.fromisoformat(day),
        themes=themes,
        summary=extra.pop("summary", f"About {slug}."),
        body=extra.pop("body", "Text."),
        sources=tuple(Source(**s) for s in extra.pop("sources", ())),
        **extra,
    )


def rendered(corpus: Corpus) -> dict[str, Rendered]:
    """Each essay's text rendered with the site's own settings, as `scripts.content.check` gives it to the pages."""
    settings = site_settings(ROOT)
    return {e.src_uri: render(e.body, settings, e.src_uri) for e in corpus.essays}


def render_html(text: str) -> str:
    """Markdown as the site renders an essay's text (scripts.content.rendering, the site's own settings)."""
    return render(text, site_settings(ROOT), "essays/x.md").html


def run_mkdocs_build(
    project: Path, site_dir: Path, *, strict: bool = True, first: str = ""
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a contributor runs it (without -q, which hides warnings in MkDocs 1.6); with
    `strict=False`, as the project's own mkdocs.yml says. `first`: Python run in MkDocs' process before it
    starts, for a build with one part of the site replaced."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    args = ["build", *(["--strict"] if strict else []), "--site-dir", str(site_dir)]
    mkdocs = ["-m", "mkdocs"]
    if first:
        mkdocs = ["-c", f"{first}\nimport sys\nfrom mkdocs.__main__ import cli\nsys.argv[0] = 'mkdocs'\ncli()"]
    return subprocess.run(
        [sys.executable, *mkdocs, *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def corpus():
    """The real corpus (CORPUS_ROOT's), which must be valid."""
    corpus, problems = load_corpus(CORPUS_ROOT)
    assert problems == []
    return corpus


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (CORPUS_ROOT's), built once for every test that reads the output."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(CORPUS_ROOT, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def make_project(folder: Path, essays: dict[str, str]) -> Path:
    """A copy of the site's code and pages with the test vocabulary and the given essays (name -> text)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "includes", "scripts"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, folder / name)
    (folder / "essays").mkdir()
    for vocab in ("themes.yml", "authors.yml"):
        shutil.copy(FIXTURES / "vocabulary" / vocab, folder / "essays" / vocab)
    for name, text in essays.items():
        (folder / "essays" / name).write_text(text, encoding="utf-8")
    return folder


SHOWCASE = """---
title: "Every construct"
author: The Editors
date: 2025-03-01
themes: [hierarchy, power]
summary: "An essay with every construct a writer may use."
---

Text with *emphasis*, **strong**, a [link](https://example.org/), `code`, <mark>marked</mark>, <kbd>Ctrl</kbd>,
H<sub>2</sub>O, x<sup>2</sup>, the NHS and a footnote.[^1]

## Notices

!!! note
    A note.

!!! abstract "A summary"
    An abstract.

!!! info
    Information.

!!! tip
    A tip.

!!! success
    A success.

!!! question
    A question.

!!! warning
    A warning.

!!! failure
    A failure.

!!! danger
    A danger.

!!! bug
    A bug.

!!! example
    An example.

!!! quote
    A quotation.

## Figures and tables

![A bar chart of waiting lists](images/chart.png)

/// figure-caption
Waiting lists in England, *2010 to 2024*, as [the plan](https://example.org/) gives them.
///

### A table

| Year | Essays |
|---|---:|
| 2011 | 3 |
| 2012 | 5 |

/// table-caption | <
Essays by year.
///

> A quotation of a sentence or two.

```text
A block of code.
```

1. A list
2. in order

- and one
- without

[^1]: The note, with [a link](https://example.org/).
"""


def make_showcase(folder: Path) -> Path:
    """A project whose one essay uses every construct a writer may (admonitions of each kind, captions, tables,
    code, footnotes, the raw HTML allowed), beside a plain one, with the image it shows."""
    import struct
    import zlib

    project = make_project(
        folder,
        {
            "every-construct.md": SHOWCASE,
            "plain.md": SHOWCASE.split("Text with")[0]
            .replace("Every construct", "Plain")
            .replace("2025-03-01", "2024-05-01")
            + "Plain text.\n",
        },
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"\x00\x40\x51\xb5")) + chunk(b"IEND", b"")
    (project / "essays" / "images").mkdir()
    (project / "essays" / "images" / "chart.png").write_bytes(png)
    return project


@pytest.fixture(scope="session")
def showcase_site(tmp_path_factory) -> Path:
    """The built site of `make_showcase`'s project."""
    folder = tmp_path_factory.mktemp("showcase")
    site = folder / "site"
    result = run_mkdocs_build(make_showcase(folder / "project"), site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, one for the whole session: Playwright's sync API allows one
    instance at a time in a thread, so every browser test module shares this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def classic_browser(browser):
    """The same Chromium with classic scrollbars, which take their width from the page (Windows, most Linux):
    Playwright's default `--hide-scrollbars` left out. Launched from the session's Playwright (one a thread)."""
    classic = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    yield classic
    classic.close()
