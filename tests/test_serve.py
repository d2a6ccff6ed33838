"""`./tasks serve` (mkdocs serve --dirty) rebuilds only what an edit changed, and everything it changed.

A real server on a free port, a real edit on disk, and the pages read back over HTTP; MkDocs'
verbose log names each generated page the hook has rebuilt, which tells a rebuild of one page from one of all.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import make_project

ESSAY = (
    '---\ntitle: "{title}"\nauthor: The Editors\ndate: 2025-03-{day:02d}\nthemes: [{themes}]\nsummary: "S."\n'
    "---\n\n{body}\n"
)
BUILT = re.compile(r"Rebuilding (\S+\.md)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:  # not listening yet
        return 0, ""


def _wait_for(predicate, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _search(base: str, word: str) -> set[str]:
    """The URLs of the pages the served search index holds `word` for, read as search.js reads it."""
    index = base + "search-index/"
    keys = json.loads(_get(index + "manifest.json")[1])["keys"]
    key = max((k for k in keys if word.startswith(k)), key=len, default=None)
    status, shard = _get(f"{index}words/{key}.json") if key else (404, "")
    if status != 200 or word not in json.loads(shard):
        return set()
    numbers, number = [], 0
    for gap in json.loads(shard)[word][0::2]:
        number += gap
        numbers.append(number)
    return {json.loads(_get(f"{index}pages/{n}.json")[1])["url"] for n in numbers}


@pytest.fixture
def server(tmp_path):
    essays = {
        f"essay-{i}.md": ESSAY.format(title=f"Essay {i}", day=i + 1, themes="power, love", body=f"Body {i}.")
        for i in range(6)
    }
    essays["other.md"] = ESSAY.format(title="Other", day=20, themes="hierarchy, solidarity", body="Elsewhere.")
    project = make_project(tmp_path / "p", essays)
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 - closed by the fixture
    # The same command as `./tasks serve`, with -v so that the hook names every page it rebuilds.
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-v", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    base = f"http://127.0.0.1:{port}/"

    def built_since(mark: int) -> list[str]:
        """The pages built by the first rebuild after `mark`, once it has finished."""
        text = ""

        def finished() -> bool:
            nonlocal text
            text = Path(log.name).read_text(encoding="utf-8")[mark:]
            return "Documentation built in" in text

        try:
            _wait_for(finished, "the rebuild to finish")
        except AssertionError as error:
            # The server's own words say why: a build that failed logs its error instead of finishing.
            tail = "\n".join(line for line in text.splitlines() if not line.startswith("DEBUG"))[-3000:]
            raise AssertionError(f"{error}; the server's log since the edit:\n{tail}") from None
        return BUILT.findall(text.split("Documentation built in")[0])

    try:
        _wait_for(lambda: _get(base + "essays/essay-0/")[0] == 200, "the first build")
        yield project, base, lambda: len(Path(log.name).read_text(encoding="utf-8")), built_since
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_editing_one_essay_rebuilds_its_page_and_only_what_shows_it(server):
    project, base, mark, built_since = server
    start = mark()
    path = project / "essays" / "essay-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Body 3.", "Body 3, edited."), encoding="utf-8")
    _wait_for(lambda: "Body 3, edited." in _get(base + "essays/essay-3/")[1], "the edited essay")
    built = set(built_since(start))
    assert "essays/essay-3.md" in built
    # The body shows on no other page: the other essays and the theme pages were left as they were.
    assert not built & {"essays/essay-0.md", "essays/other.md", "themes/power.md", "themes/hierarchy.md"}, built
    # Search finds the new word on that page, and still finds the pages that were not rebuilt.
    _wait_for(lambda: _search(base, "edited") == {"essays/essay-3/"}, "search to find the edit")
    assert _search(base, "elsewhere") == {"essays/other/"}


def test_a_new_title_reaches_every_page_that_lists_the_essay(server):
    project, base, mark, built_since = server
    start = mark()
    path = project / "essays" / "essay-2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Essay 2", "Essay two renamed"), encoding="utf-8")
    for page in ("essays/essay-2/", "themes/power/", "themes/love/", "essays/essay-0/"):  # essay-0 relates to it
        _wait_for(lambda page=page: "Essay two renamed" in _get(base + page)[1], page)
    assert "Essay two renamed" not in _get(base + "essays/other/")[1]
    assert "essays/other.md" not in built_since(start)


def test_a_removed_essay_is_gone_from_the_served_site(server):
    project, base, _, _ = server
    (project / "essays" / "essay-5.md").unlink()
    _wait_for(lambda: _get(base + "essays/essay-5/")[0] == 404, "the removed essay's page to go")
    assert "Essay 5" not in _get(base + "themes/power/")[1]
    _wait_for(lambda: "essays/essay-5/" not in _search(base, "body"), "search to forget the removed essay")
    essays = {url for url in _search(base, "body") if url.startswith("essays/")}
    assert essays == {f"essays/essay-{i}/" for i in range(5)}
