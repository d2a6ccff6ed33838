"""`./tasks serve` (mkdocs serve --dirty) rebuilds only what an edit changed, and everything it changed.

A real server on a free port, a real edit on disk, and the pages read back over HTTP. The tests wait on
what the server does, never on a length of time or on a line of its log: a page's new content over HTTP,
the live-reload epoch the server moves on when a build has finished (what a browser's live reload waits
for), and the files of its site folder that the rebuild wrote (their mtimes), which tells a rebuild of one
page from one of all. Each wait has a generous deadline; on a timeout the message carries the server's log.

Why not the log: MkDocs puts a `DuplicateFilter` on its build logger that drops any message it has logged
before in the process, so "Documentation built in 0.49 seconds" is never written when a rebuild takes the
same hundredths of a second as an earlier build; waiting for that line timed out although the rebuild had
finished (issue 13).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import make_project
from searchfiles import file_of

ESSAY = (
    '---\ntitle: "{title}"\nauthor: The Editors\ndate: 2025-03-{day:02d}\nthemes: [{themes}]\nsummary: "S."\n'
    "---\n\n{body}\n"
)
DEADLINE = 240  # seconds for any one wait: a loaded two-core machine can take many seconds per build


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _try_get(url: str) -> tuple[int, str] | None:
    """(status, body) of a GET, or None when the server does not answer (not listening yet, or too busy)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return None


class Served:
    """A running `mkdocs serve --dirty`, and what the tests ask of it."""

    def __init__(self, process: subprocess.Popen, project: Path, base: str, log: Path, tmp: Path) -> None:
        self.process, self.project, self.base, self._log, self._tmp = process, project, base, log, tmp

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    # Waiting ------------------------------------------------------------------------------------------------

    def log(self) -> str:
        """The end of the server's log without its DEBUG lines (each request, each setting), and where it all is."""
        text = self._log.read_text(encoding="utf-8", errors="replace")
        tail = "\n".join(line for line in text.splitlines() if not line.startswith("DEBUG"))[-4000:]
        return f"{tail}\n(the whole log, DEBUG lines too: {self._log})"

    def wait_for(self, predicate, what: str) -> None:
        end = time.monotonic() + DEADLINE
        while True:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise AssertionError(f"the server ended (exit {code}) while waiting for {what}; its log:\n{self.log()}")
            if predicate():
                return
            if time.monotonic() > end:
                raise AssertionError(f"timed out after {DEADLINE} s waiting for {what}; server log:\n{self.log()}")
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, str]:
        """GET a path of the site, asked again until the server answers (it holds requests while it builds)."""
        answer = None

        def answered() -> bool:
            nonlocal answer
            answer = _try_get(self.base + path)
            return answer is not None

        self.wait_for(answered, f"an answer to GET /{path}")
        assert answer is not None
        return answer

    def wait_for_page(self, path: str, text: str) -> None:
        self.wait_for(lambda: text in self.get(path)[1], f"{text!r} on /{path}")

    def epoch(self) -> int:
        """The version of the site the server last finished building: MkDocs' live reload moves it on after
        each build that succeeds (`/livereload/0/…` answers at once with it)."""
        return int(self.get("livereload/0/0")[1])

    def wait_for_rebuild(self, epoch: int) -> None:
        """Until a build that began after `epoch` has finished."""
        self.wait_for(lambda: self.epoch() > epoch, "the rebuild to finish (the live-reload epoch to move on)")

    # Editing and what the server wrote ----------------------------------------------------------------------

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace text in an essay at once (written aside, then renamed over it), so that the server, which
        polls the folder, never reads a half-written file."""
        path = self.project / "essays" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        aside = self._tmp / f"{name}.edit"
        aside.write_text(text.replace(old, new), encoding="utf-8")
        os.replace(aside, path)

    def written(self) -> dict[str, int]:
        """Each page of the served site folder (its URL) and the mtime of its HTML file."""
        (site,) = self._tmp.glob("mkdocs_*")  # the folder `mkdocs serve` builds into (TMPDIR is ours)
        pages = {}
        for html in site.rglob("index.html"):
            url = html.parent.relative_to(site).as_posix()
            with contextlib.suppress(FileNotFoundError):  # a page the server is removing
                pages["" if url == "." else url + "/"] = html.stat().st_mtime_ns
        return pages

    def rebuilt_since(self, before: dict[str, int]) -> set[str]:
        """The pages whose HTML was written again (or first) since `before` was taken."""
        return {url for url, mtime in self.written().items() if before.get(url) != mtime}


def _search(server: Served, word: str) -> set[str] | None:
    """The URLs of the pages the served search index holds `word` for, read as search.js reads it;
    None if a file of the index is missing."""
    status, manifest = server.get("search-index/manifest.json")
    if status != 200:
        return None
    starts = json.loads(manifest)["starts"]
    status, shard = server.get(f"search-index/words/{file_of(starts, word)}.json") if starts else (404, "")
    if status != 200 or word not in json.loads(shard):
        return set()
    numbers, number = [], 0
    for gap in json.loads(shard)[word][0::3]:  # [gap, weight, parts, ...]
        number += gap
        numbers.append(number)
    per = json.loads(manifest)["per_file"]
    files = [(server.get(f"search-index/pages/{n // per}.json"), n % per) for n in numbers]
    if any(status != 200 for (status, _), _ in files):
        return None
    return {json.loads(texts)[i]["url"] for (_, texts), i in files}


def _start(project: Path, tmp_path: Path, *, verbose: bool = True) -> Served:
    """`mkdocs serve` on a free port, once its first build is done (it listens only then, and watches the
    folders from then on). A port taken by another process in the meantime is given up for another one."""
    for attempt in range(1, 4):
        tmp = tmp_path / f"tmp-{attempt}"  # the server's TMPDIR: `mkdocs serve` makes the folder it builds into there
        tmp.mkdir()
        port = _free_port()
        log = tmp_path / f"serve-{attempt}.log"
        with log.open("w", encoding="utf-8") as out:
            # The same command as `./tasks serve`; -v keeps every file change and rebuilt page in the log file.
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "mkdocs", "serve", "--dirty"),
                    *(["-v"] if verbose else []),
                    *("--dev-addr", f"127.0.0.1:{port}"),
                ],
                cwd=project,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)},
            )
        served = Served(process, project, f"http://127.0.0.1:{port}/", log, tmp)
        try:
            served.wait_for(lambda s=served: s.get("essays/essay-0/")[0] == 200, "the first build")
            return served
        except AssertionError:
            served.stop()
            if attempt == 3 or "Address already in use" not in log.read_text(encoding="utf-8", errors="replace"):
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def server(tmp_path):
    essays = {
        f"essay-{i}.md": ESSAY.format(title=f"Essay {i}", day=i + 1, themes="power, love", body=f"Body {i}.")
        for i in range(6)
    }
    essays["other.md"] = ESSAY.format(title="Other", day=20, themes="hierarchy, solidarity", body="Elsewhere.")
    served = _start(make_project(tmp_path / "p", essays), tmp_path)
    try:
        yield served
    finally:
        served.stop()


def test_editing_one_essay_rebuilds_its_page_and_only_what_shows_it(server):
    before, epoch = server.written(), server.epoch()
    server.edit("essay-3.md", "Body 3.", "Body 3, edited.")
    server.wait_for_page("essays/essay-3/", "Body 3, edited.")
    server.wait_for_rebuild(epoch)
    built = server.rebuilt_since(before)
    assert "essays/essay-3/" in built
    # The body shows on no other page: the other essays and the theme pages were left as they were.
    assert not built & {"essays/essay-0/", "essays/other/", "themes/power/", "themes/hierarchy/"}, built
    # Search finds the new word on that page, and still finds the pages that were not rebuilt.
    server.wait_for(lambda: _search(server, "edited") == {"essays/essay-3/"}, "search to find the edit")
    assert _search(server, "elsewhere") == {"essays/other/"}


def test_a_new_title_reaches_every_page_that_lists_the_essay(server):
    before, epoch = server.written(), server.epoch()
    server.edit("essay-2.md", "Essay 2", "Essay two renamed")
    for page in ("essays/essay-2/", "themes/power/", "themes/love/", "essays/essay-0/"):  # essay-0 relates to it
        server.wait_for_page(page, "Essay two renamed")
    server.wait_for_rebuild(epoch)
    assert "Essay two renamed" not in server.get("essays/other/")[1]
    assert "essays/other/" not in server.rebuilt_since(before)


def test_a_removed_essay_is_gone_from_the_served_site(server):
    (server.project / "essays" / "essay-5.md").unlink()
    server.wait_for(lambda: server.get("essays/essay-5/")[0] == 404, "the removed essay's page to go")
    assert "Essay 5" not in server.get("themes/power/")[1]

    def forgotten() -> bool:
        found = _search(server, "body")
        return found is not None and "essays/essay-5/" not in found

    server.wait_for(forgotten, "search to forget the removed essay")
    found = _search(server, "body")
    assert found is not None
    essays = {url for url in found if url.startswith("essays/")}
    assert essays == {f"essays/essay-{i}/" for i in range(5)}
