"""What a reader's first search downloads, measured in a real browser: for the benchmark.

`first_search_bytes(site_dir, query)` serves a built site on 127.0.0.1, opens it in Chromium,
searches the way a reader would and sums the files fetched because of that search. It works for
this site (its own index: `search-index/`) and for a plain Material site (`search/search_index.json`),
so the two can be compared. Sizes are of the files on disk, raw and each compressed with gzip -9,
which is what a static host that compresses would send (headers aside).
"""

from __future__ import annotations

import contextlib
import gzip
import posixpath
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium, as the browser tests use: Playwright cannot download one here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 60_000
# Files that exist only for search. Material requests its index as a page loads, so these count whenever
# they were fetched; anything else counts only if it was fetched after the page had loaded, i.e. because of
# the search.
SEARCH_FILES = (
    "search/search_index.json",
    "search/search_index.js",
    "assets/javascripts/workers/",
    "assets/javascripts/lunr/",
    "search-index/",
)


def _serve(site: Path) -> tuple[ThreadingHTTPServer, list[str]]:
    """The site on 127.0.0.1 in a thread; returns the server and the list it appends each requested path to."""
    requested: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format, *args):  # quiet
            pass

        def do_GET(self):
            requested.append(urlsplit(self.path).path)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
                super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, requested


def _file(site: Path, path: str) -> Path | None:
    """The file a request path was answered with, or None if there was none."""
    relative = posixpath.normpath(unquote(path)).lstrip("/")
    file = site / relative
    if file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def _search_ours(page, base: str, query: str) -> Iterator[None]:
    # The search page fetches the index only when a search runs (overrides/assets/javascripts/search.js), so
    # loading the page first and then searching from its box splits the bytes exactly as arriving with ?q= would.
    page.goto(base + "search/", wait_until="load")
    page.wait_for_load_state("networkidle")
    yield  # the page has loaded: what comes after is the search's
    page.locator("#search-query").fill(query)
    page.locator("#search-query").press("Enter")
    page.wait_for_selector("#search-results > li a", timeout=TIMEOUT_MS)


def _search_material(page, base: str, query: str) -> Iterator[None]:
    page.goto(base, wait_until="load")
    page.wait_for_load_state("networkidle")
    yield  # the page has loaded: what comes after is the search's
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # a narrow window shows only the search icon
        page.locator('label.md-header__button[for="__search"]').first.click()
    box.click()
    # Keys typed before the worker has the index are lost: wait for it, then type as a reader does.
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/Initializing/i.test(m.textContent); }"
    )
    box.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT_MS)


def first_search_bytes(site_dir: Path, query: str, *, chromium: str = CHROMIUM) -> dict[str, int]:
    """Bytes fetched because of a reader's first search on the built site in `site_dir`.

    Returns {"raw": sum of the files' sizes, "gzip": sum of each file's gzip -9 size, "requests": how many files}.
    """
    # Playwright's sync API will not start in a thread where another Playwright already runs (a test session
    # with its browser open), so the measure gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_measure, Path(site_dir), query, chromium).result()


def _measure(site: Path, query: str, chromium: str) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    if (site / "search-index" / "manifest.json").is_file():
        steps = _search_ours
    elif (site / "search" / "search_index.json").is_file():
        steps = _search_material
    else:
        raise ValueError(f"{site} has neither our search index nor Material's search_index.json")
    server, requested = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.set_default_timeout(TIMEOUT_MS)
                run = steps(page, base, query)
                next(run)  # up to the loaded page
                loaded = len(requested)
                next(run, None)  # the search, up to its first result
                page.wait_for_load_state("networkidle")
                time.sleep(0.2)  # a request the last response set off reaches the server log
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    counted = [p for i, p in enumerate(requested) if i >= loaded or p.lstrip("/").startswith(SEARCH_FILES)]
    files = [f for f in dict.fromkeys(_file(site, p) for p in counted) if f is not None]
    data = [f.read_bytes() for f in files]
    return {
        "raw": sum(len(d) for d in data),
        "gzip": sum(len(gzip.compress(d, compresslevel=9, mtime=0)) for d in data),
        "requests": len(files),
    }
