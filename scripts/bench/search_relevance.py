"""How well each search finds what a reader means: our search, plain Material's (lunr) and Pagefind's, side by side.

    python -m scripts.bench.search_relevance                       # every judged set (QUERIES), each on its own
    python -m scripts.bench.search_relevance --queries scripts/bench/search_queries_smoke.yml --json out.json
    python -m scripts.bench.search_relevance --keep /tmp/sites     # keep the three built sites

A query file is a YAML list of {query, kind, relevant: [paths such as essays/<slug>/ or themes/<slug>/], note},
judged by reading the essays before any engine ran. The command

1. builds our site (`mkdocs build --strict` on the repository as it is, engine and all);
2. builds plain Material with its built-in lunr search over the same pages: a throw-away project with each essay as
   an ordinary page (front-matter title as its title, the same body) and our hand-written docs/ pages, with
   `plugins: [search]`, theme material and no hook of ours (the anchor of `scripts.bench.builds`, search only);
3. runs Pagefind (the `pagefind` package's binary, with its defaults) over a copy of our built site;
4. serves each on 127.0.0.1 and, in Debian's Chromium, runs every query as a reader would: ours from
   search/?q=..., reading #search-results once #search-status is filled; Material by typing in its header box and
   reading `.md-search-result__item`; Pagefind through its JavaScript API (`pagefind.js`, `search`, `data()`).
   Each result is taken as a path from the site's root ending in "/" (no #anchor, no index.html), a page once.

Figures, per engine and per query file (rates over the queries whose `relevant` is not empty), each rate also by
the queries' kind:

- success@1: the first result is relevant; success@5: one of the first five is; MRR@10: the mean of 1/rank of the
  first relevant result within the first ten (0 if none);
- queries with no result at all;
- first-search bytes (gzip): every response the page fetched for its first search (the file's first query), from
  submitting it until its results were shown, beyond the page's own load, plus any file that exists only for search
  whenever it was fetched (Material's worker fetches its whole index as the page loads). Each response counts
  gzip -9 compressed, or as it is when that is smaller (Pagefind's files are gzipped already);
- first-query latency: ms from submitting that query to its results shown, measured in the page, median of three
  fresh page loads (an empty cache each). Ours and Pagefind's load their index then, as part of the search;
  Material's worker has loaded its index with the page, before the query is typed.

- ours only: how many first results' excerpts mark a word, and the bytes (gzip) and files of page text a results
  page fetched for its ten excerpts (median and most over the queries; each query loads the page afresh);
- ours only: every word of RARE_LETTERS letters or more that one essay's text alone holds, searched on its own:
  how many found the essay, and how many of those showed the word marked in its excerpt.

The first search's table is printed, then one table per query file; `--json` writes every figure and each query's
top ten per engine. Pagefind's WebAssembly is refused by our Content-Security-Policy, so its pages run with the
policy off: adopting it would mean allowing 'wasm-unsafe-eval'.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import importlib.metadata
import json
import mimetypes
import os
import posixpath
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import yaml

from scripts.bench.builds import ANCHOR_MKDOCS_YML, CHILD_ENV, ROOT, _write
from scripts.bench.corpora import SyntheticEssay, SyntheticSource, essay_file
from scripts.bench.search_payload import CHROMIUM, CHROMIUM_ARGS, SEARCH_FILES
from scripts.content.corpus import load_corpus

# The judged sets, each reported on its own: names, concepts, inflections, acronyms, misspellings and themes (issue
# 14), then what readers type besides (issue 30): questions, paraphrases, long queries, two concepts, ambiguous
# words, acronyms' plurals, American spellings, a year with a topic.
QUERIES = (ROOT / "scripts" / "bench" / "search_queries.yml", ROOT / "scripts" / "bench" / "search_queries_readers.yml")
ENGINES = ("ours", "material", "pagefind")
NAMES = {"ours": "ours", "material": "Material (lunr)", "pagefind": "Pagefind"}
TOP = 10
LATENCY_LOADS = 3
TIMEOUT_MS = 60_000  # a page load and a first search
QUERY_TIMEOUT_MS = 20_000  # one query on a page already open
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
# Files that exist only for search, counted whenever fetched: Material's and ours (search_payload's), and Pagefind's.
ONLY_FOR_SEARCH = (*SEARCH_FILES, "pagefind/")


# --- The queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    query: str
    kind: str
    relevant: tuple[str, ...]
    note: str = ""


def load_queries(path: Path) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "queries" in data:
        data = data["queries"]
    if not isinstance(data, list) or not data:
        raise SystemExit(f"{path}: expected a non-empty list of {{query, kind, relevant, note}}")
    queries = []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("query"), str) or not entry["query"].strip():
            raise SystemExit(f"{path}: entry {i} has no `query`")
        relevant = entry.get("relevant") or []
        if not isinstance(relevant, list) or not all(isinstance(r, str) for r in relevant):
            raise SystemExit(f"{path}: entry {i} ({entry['query']!r}): `relevant` must be a list of paths")
        queries.append(
            Query(
                entry["query"].strip(),
                str(entry.get("kind") or "other"),
                tuple(dict.fromkeys(normalise(r, "http://site/") for r in relevant)),
                str(entry.get("note") or ""),
            )
        )
    return queries


def normalise(url: str, base: str) -> str:
    """A result's address as a path from the site's root: "essays/x/" (no #anchor, query or index.html)."""
    path = unquote(urlsplit(urljoin(base, url)).path).lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path


# --- The three sites ------------------------------------------------------------------------------


def _mkdocs_build(project: Path, site: Path, what: str) -> None:
    env = {**os.environ, **CHILD_ENV}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{what}: `mkdocs build --strict` failed in {project}:\n{result.stderr[-4000:]}")


def material_project(folder: Path) -> Path:
    """Plain Material over our pages: each essay as an ordinary page (its front-matter title as the page's title,
    the same body), our hand-written docs/ pages, `plugins: [search]`, no hook. The anchor's settings, search only."""
    corpus, problems = load_corpus(ROOT)
    if corpus is None:
        raise SystemExit("the corpus does not load:\n" + "\n".join(map(str, problems[:20])))
    config = yaml.safe_load(ANCHOR_MKDOCS_YML)
    config["site_name"] = "Plain Material"
    config["site_url"] = CHILD_ENV["SITE_URL"]
    config["plugins"] = ["search"]
    # Our docs pages link to pages only our hook writes (themes/, the glossary...): said, not fatal.
    config["validation"] = {
        "nav": {"omitted_files": "info", "not_found": "info"},
        "links": {"not_found": "info", "anchors": "info", "unrecognized_links": "info"},
    }
    _write(folder / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    for page in sorted((ROOT / "docs").glob("*.md")):
        _write(folder / "docs" / page.name, page.read_text(encoding="utf-8"))
    for e in corpus.essays:
        if e.draft:
            continue
        sources = tuple(SyntheticSource(s.title, s.author, s.publisher, s.published, s.url) for s in e.sources)
        essay = SyntheticEssay(e.slug, e.title, e.authors, e.date, e.themes, e.summary, sources, e.body)
        _write(folder / "docs" / "essays" / f"{e.slug}.md", essay_file(essay))
    images = ROOT / "essays" / "images"
    if images.is_dir():
        shutil.copytree(images, folder / "docs" / "essays" / "images", dirs_exist_ok=True)
    return folder


def build_sites(work: Path, log: Callable[[str], None]) -> dict[str, Path]:
    sites = {"ours": work / "ours", "material": work / "material", "pagefind": work / "pagefind"}
    for site in sites.values():
        shutil.rmtree(site, ignore_errors=True)
    log("building our site")
    _mkdocs_build(ROOT, sites["ours"], "our site")
    log("building plain Material")
    project = work / "material-project"
    shutil.rmtree(project, ignore_errors=True)
    _mkdocs_build(material_project(project), sites["material"], "plain Material")
    log("indexing a copy of our site with Pagefind")
    shutil.copytree(sites["ours"], sites["pagefind"])
    cmd = [sys.executable, "-m", "pagefind", "--site", str(sites["pagefind"]), "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (sites["pagefind"] / "pagefind" / "pagefind.js").is_file():
        raise SystemExit(f"Pagefind failed (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return sites


# --- Serving, with each response's size -----------------------------------------------------------


@dataclass
class Sent:
    path: str
    status: int
    raw: int
    gzip: int  # gzip -9, or raw when that is smaller (files gzipped already)


class _Handler(SimpleHTTPRequestHandler):
    """Static files, text gzipped as static hosts send it, the site's 404 page for anything missing; each response
    noted. No validators and `no-cache`, so a fresh context fetches everything."""

    sent: list[Sent]

    def log_message(self, format, *args):  # quiet
        pass

    def do_GET(self):
        root = Path(self.directory)
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        file = (root / path.lstrip("/")).resolve()
        status = 200
        if root.resolve() not in (file, *file.parents):
            status, file = 404, root / "404.html"
        elif file.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_file():
            status, file = 404, root / "404.html"
        data = file.read_bytes() if file.is_file() else b""
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        self.sent.append(Sent(urlsplit(self.path).path, status, len(data), min(len(data), len(packed))))
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(COMPRESSIBLE[:2]) else ""))
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = packed
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
            self.wfile.write(data)


@contextlib.contextmanager
def serving(site: Path):
    sent: list[Sent] = []

    class Handler(_Handler):
        def __init__(self, *args, **kwargs):
            self.sent = sent
            super().__init__(*args, directory=str(site), **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


# --- Each engine in the browser -------------------------------------------------------------------

# Ours: submit the form and wait for the status line, measured in the page.
_OURS_TIMED = """
(q) => new Promise((resolve) => {
  const status = document.getElementById("search-status");
  const input = document.getElementById("search-query");
  const form = document.getElementById("search-form");
  let t0 = 0;
  const seen = new MutationObserver(() => {
    if (status.textContent.trim()) { seen.disconnect(); resolve(performance.now() - t0); }
  });
  seen.observe(status, {childList: true, characterData: true, subtree: true});
  input.value = q;
  t0 = performance.now();
  form.requestSubmit();
})
"""
_OURS_LINKS = """
() => Array.from(document.querySelectorAll("#search-results > li"))
  .map((li) => li.querySelector("a[href]")).filter(Boolean).map((a) => a.href)
"""
# Whether the first result's excerpt marks a word; null with no result.
_OURS_TOP_MARKED = """
() => { const li = document.querySelector("#search-results > li");
        return li ? li.querySelectorAll(".search-results__excerpt mark").length > 0 : null; }
"""
# The marked words of the result at this address, lower-cased; null if it is not among the results shown.
_OURS_MARKS_OF = """
(path) => { const li = Array.from(document.querySelectorAll("#search-results > li"))
              .find((li) => new URL(li.querySelector("a").href).pathname.endsWith("/" + path));
            return li ? Array.from(li.querySelectorAll("mark"))
              .map((m) => m.textContent.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()) : null; }
"""
TEXT_FILES = ("search-index/pages/", "search-index/rest/")  # what our results page fetches for its excerpts

# Material: its box listens to keyup; the meta line above the results changes once the worker has answered.
_MATERIAL_READY = """
() => { const m = document.querySelector(".md-search-result__meta");
        return m && m.textContent.trim() && !/Initializing/i.test(m.textContent); }
"""
_MATERIAL_TYPE = """
(q) => { const box = document.querySelector("input.md-search__input");
         box.value = q; box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true})); }
"""
# Shown: the meta line says how many ("No matching documents", "1 matching document", "12 matching documents")
# and the first page of them (Material renders ten at a time) is in the list.
_MATERIAL_SHOWN = """
(placeholder) => {
  const meta = document.querySelector(".md-search-result__meta").textContent.trim();
  if (!meta || meta === placeholder || /Initializing/i.test(meta)) return false;
  const n = parseInt((meta.match(/\\d+/) || ["0"])[0], 10);
  return document.querySelectorAll(".md-search-result__item").length >= Math.min(n, 10);
}
"""
_MATERIAL_TIMED = (
    """
(q) => new Promise((resolve) => {
  const shown = SHOWN;
  const box = document.querySelector("input.md-search__input");
  const placeholder = document.querySelector(".md-search-result__meta").textContent.trim();
  let t0 = 0;
  const seen = new MutationObserver(() => {
    if (shown(placeholder)) { seen.disconnect(); resolve(performance.now() - t0); }
  });
  seen.observe(document.querySelector(".md-search-result"), {childList: true, characterData: true, subtree: true});
  box.value = q;
  t0 = performance.now();
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
})
"""
).replace("SHOWN", _MATERIAL_SHOWN.strip())
_MATERIAL_LINKS = """
() => Array.from(document.querySelectorAll(".md-search-result__item"))
  .map((li) => li.querySelector("a[href]")).filter(Boolean).map((a) => a.href)
"""

_PAGEFIND = """
async (q) => {
  const t0 = performance.now();
  const pf = await import("/pagefind/pagefind.js");
  const r = await pf.search(q);
  const d = await Promise.all(r.results.slice(0, TOP).map((x) => x.data()));
  return {ms: performance.now() - t0, urls: d.map((x) => x.url)};
}
""".replace("TOP", str(TOP))


@dataclass
class EngineRun:
    results: list[list[str]] = field(default_factory=list)  # per query, the top ten paths
    # Ours only, per query: whether the first result's excerpt marks a word (None: no result), and the bytes
    # (gzip) and files of page text its results page fetched for its ten excerpts.
    top_marked: list[bool | None] = field(default_factory=list)
    excerpt_bytes: list[int] = field(default_factory=list)
    excerpt_files: list[int] = field(default_factory=list)
    # Ours only: the words of RARE_LETTERS letters or more that one essay's text alone uses, searched one by one.
    rare_words: dict[str, int] = field(default_factory=dict)
    latency_ms: list[float] = field(default_factory=list)
    first_search: list[dict] = field(default_factory=list)  # per fresh load: {"gzip", "raw", "requests"}
    missing: list[str] = field(default_factory=list)  # search files the page asked for and the site lacks
    errors: dict[str, str] = field(default_factory=dict)  # query -> why it gave no result list


def _top(urls: list[str], base: str) -> list[str]:
    return list(dict.fromkeys(normalise(u, base) for u in urls))[:TOP]


def _counted(sent: list[Sent], start: int, loaded: int) -> dict[str, int]:
    """What a page load's first search fetched: the responses from `start` (the load) on that came after `loaded`
    (the load had settled), or are of files that exist only for search. Not the favicon, which Chromium asks for
    again when a search puts its query in the address."""
    chosen = [
        s
        for i, s in enumerate(sent[start:], start)
        if (i >= loaded or s.path.lstrip("/").startswith(ONLY_FOR_SEARCH))
        and not posixpath.basename(s.path).startswith("favicon.")
    ]
    return {"gzip": sum(s.gzip for s in chosen), "raw": sum(s.raw for s in chosen), "requests": len(chosen)}


def _settle(page) -> None:
    """Until the network has been quiet: the last fetches a result set off have reached the server's list."""
    page.wait_for_load_state("networkidle")
    time.sleep(0.2)


def _fresh(browser, engine: str, base: str):
    context = browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 900}, bypass_csp=engine == "pagefind"
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def _first_search(browser, engine: str, base: str, sent: list[Sent], query: str) -> tuple[float, dict[str, int]]:
    """One fresh page load, then the first query: its latency in ms and the bytes it fetched."""
    context, page = _fresh(browser, engine, base)
    start = len(sent)
    try:
        page.goto(base + ("search/" if engine == "ours" else ""), wait_until="load")
        if engine == "material":
            page.locator("input.md-search__input").click()
            page.wait_for_function(_MATERIAL_READY)
        _settle(page)
        loaded = len(sent)
        if engine == "ours":
            ms = page.evaluate(_OURS_TIMED, query)
        elif engine == "material":
            ms = page.evaluate(_MATERIAL_TIMED, query)
        else:
            ms = page.evaluate(_PAGEFIND, query)["ms"]
        _settle(page)
        return ms, _counted(sent, start, loaded)
    finally:
        context.close()


def _ours(page, base: str, query: str) -> None:
    """Our search page for this query, its results and their excerpts shown."""
    page.goto(f"{base}search/?q={quote(query)}", wait_until="load")
    page.wait_for_function("() => document.getElementById('search-status').textContent.trim() !== ''")
    page.wait_for_load_state("networkidle")  # anything the results set off (their text) has arrived


def _ask(page, engine: str, base: str, query: str, placeholder: str) -> list[str]:
    """One query on a page already open: the result addresses in order, as the engine shows them."""
    if engine == "ours":
        _ours(page, base, query)
        return page.evaluate(_OURS_LINKS)
    if engine == "material":
        page.evaluate(_MATERIAL_TYPE, "")  # cleared first, so that the list read next is this query's
        page.wait_for_function(
            "(p) => document.querySelector('.md-search-result__meta').textContent.trim() === p", arg=placeholder
        )
        page.evaluate(_MATERIAL_TYPE, query)
        page.wait_for_function(_MATERIAL_SHOWN, arg=placeholder)
        return page.evaluate(_MATERIAL_LINKS)
    return page.evaluate(_PAGEFIND, query)["urls"]


def _rankings(
    browser, engine: str, base: str, sent: list[Sent], queries: list[Query], run: EngineRun, log: Callable[[str], None]
):
    """Every query on one page (ours: one address after another), each one's top ten into `run`. A query that
    fails or never shows its results counts as one with no result, and is said. Ours: also whether the first
    result's excerpt marks a word, and what the excerpts fetched (each address loads the page afresh)."""
    from playwright.sync_api import Error as PlaywrightError

    context, page = _fresh(browser, engine, base)
    placeholder = ""
    try:
        if engine != "ours":
            page.goto(base, wait_until="load")
        if engine == "material":
            page.locator("input.md-search__input").click()
            page.wait_for_function(_MATERIAL_READY)
            placeholder = page.locator(".md-search-result__meta").text_content().strip()
        page.set_default_timeout(QUERY_TIMEOUT_MS)
        for q in queries:
            start = len(sent)
            try:
                urls = _ask(page, engine, base, q.query, placeholder)
            except PlaywrightError as error:
                run.errors[q.query] = str(error).splitlines()[0]
                log(f"  warning: {NAMES[engine]}: {q.query!r}: {run.errors[q.query]}")
                urls = []
            run.results.append(_top(urls, base))
            if engine == "ours":
                run.top_marked.append(page.evaluate(_OURS_TOP_MARKED) if urls else None)
                texts = [s for s in sent[start:] if s.path.lstrip("/").startswith(TEXT_FILES)]
                run.excerpt_bytes.append(sum(s.gzip for s in texts))
                run.excerpt_files.append(len(texts))
        log(f"  {NAMES[engine]}: {len(queries)} queries run")
    finally:
        context.close()


RARE_LETTERS = 9


def rare_words(site: Path) -> list[tuple[str, str]]:
    """(word, the essay's path) for each word of RARE_LETTERS letters or more that one page's text alone holds,
    that page an essay: what a reader types to find an essay they remember."""
    folder = site / "search-index"
    urls = []
    for path in sorted((folder / "pages").glob("*.json"), key=lambda p: int(p.stem)):
        urls += [t["url"] if t else None for t in json.loads(path.read_text(encoding="utf-8"))]
    found = []
    for path in sorted((folder / "words").glob("*.json"), key=lambda p: int(p.stem)):
        for word, flat in json.loads(path.read_text(encoding="utf-8")).items():
            # One posting (page, weight, parts); parts 0: in the title or summary only, not the text.
            if len(word) >= RARE_LETTERS and word.isalpha() and len(flat) == 3 and flat[2]:
                url = urls[flat[0]]
                if url and url.startswith("essays/"):
                    found.append((word, url))
    return sorted(found)


def _rare_words(browser, base: str, site: Path, log: Callable[[str], None]) -> dict[str, int]:
    """Each rare word searched: how many found their essay, and how many of those showed the word marked."""
    words = rare_words(site)
    context, page = _fresh(browser, "ours", base)
    found = marked = 0
    try:
        page.set_default_timeout(QUERY_TIMEOUT_MS)
        for word, path in words:
            _ours(page, base, word)
            marks = page.evaluate(_OURS_MARKS_OF, path)
            found += marks is not None
            marked += marks is not None and word in marks
    finally:
        context.close()
    log(f"  ours: {len(words)} rare words searched")
    return {"words": len(words), "found": found, "marked": marked}


def run_engines(sites: dict[str, Path], queries: list[Query], log: Callable[[str], None]) -> dict[str, EngineRun]:
    # Playwright's sync API will not start in a thread where another runs (a test session with its browser open).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run_engines, sites, queries, log).result()


def _run_engines(sites: dict[str, Path], queries: list[Query], log: Callable[[str], None]) -> dict[str, EngineRun]:
    from playwright.sync_api import sync_playwright

    runs = {engine: EngineRun() for engine in ENGINES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for engine in ENGINES:
                with serving(sites[engine]) as (base, sent):
                    for _ in range(LATENCY_LOADS):
                        ms, fetched = _first_search(browser, engine, base, sent, queries[0].query)
                        runs[engine].latency_ms.append(ms)
                        runs[engine].first_search.append(fetched)
                    log(f"  {NAMES[engine]}: first search {runs[engine].first_search[0]['gzip']} bytes gzip")
                    _rankings(browser, engine, base, sent, queries, runs[engine], log)
                    if engine == "ours":
                        runs[engine].rare_words = _rare_words(browser, base, sites[engine], log)
                    runs[engine].missing = sorted(
                        {s.path for s in sent if s.status >= 400 and s.path.lstrip("/").startswith(ONLY_FOR_SEARCH)}
                    )
                    if runs[engine].missing:  # an engine that cannot load its index finds nothing: say why
                        log(
                            f"  warning: {NAMES[engine]} asked for {len(runs[engine].missing)} search files that the"
                            f" site lacks, such as {runs[engine].missing[0]}"
                        )
        finally:
            browser.close()
    return runs


# --- Figures --------------------------------------------------------------------------------------


def rank(results: list[str], relevant: tuple[str, ...]) -> int | None:
    """The 1-based rank of the first relevant result within the top ten, or None."""
    return next((i for i, path in enumerate(results[:TOP], 1) if path in relevant), None)


def _rates(ranks: list[int | None]) -> dict[str, float]:
    """success@1, success@5 and MRR@10 of these queries' ranks (0 for none)."""
    n = len(ranks) or 1
    return {
        "success@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "success@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1 / r for r in ranks if r is not None) / n,
    }


def figures(queries: list[Query], runs: dict[str, EngineRun]) -> dict:
    """Every figure of one query set: rates over the judged queries (those with a relevant page), the rest over all.
    The first search's bytes and latency are of the first set's first query (`first_search`)."""
    judged = [i for i, q in enumerate(queries) if q.relevant]
    kinds = sorted({queries[i].kind for i in judged})
    engines = {}
    for engine, run in runs.items():
        ranks = {i: rank(run.results[i], queries[i].relevant) for i in judged}
        engines[engine] = {
            **_rates(list(ranks.values())),
            "zero_result_queries": sum(1 for r in run.results if not r),
            "by_kind": {kind: _rates([r for i, r in ranks.items() if queries[i].kind == kind]) for kind in kinds},
            "failed_queries": run.errors,
        }
        if run.top_marked:
            shown = [m for m in run.top_marked if m is not None]
            engines[engine]["excerpts"] = {
                "top_results": len(shown),
                "top_marked": sum(shown),
                "text_bytes_gzip_median": int(statistics.median(run.excerpt_bytes)),
                "text_bytes_gzip_max": max(run.excerpt_bytes),
                "text_files_median": statistics.median(run.excerpt_files),
                "text_files_max": max(run.excerpt_files),
            }
    return {
        "queries": len(queries),
        "judged": len(judged),
        "kinds": {kind: sum(1 for i in judged if queries[i].kind == kind) for kind in kinds},
        "engines": engines,
        "per_query": [
            {
                "query": q.query,
                "kind": q.kind,
                "relevant": list(q.relevant),
                "note": q.note,
                "results": {engine: runs[engine].results[i] for engine in runs},
                "rank": {engine: rank(runs[engine].results[i], q.relevant) for engine in runs},
            }
            for i, q in enumerate(queries)
        ],
    }


def first_search(query: str, runs: dict[str, EngineRun]) -> dict:
    """The first search's bytes and latency per engine, and what ours found of the rare words."""
    return {
        "query": query,
        "engines": {
            engine: {
                "bytes_gzip": int(statistics.median(f["gzip"] for f in run.first_search)),
                "bytes_raw": int(statistics.median(f["raw"] for f in run.first_search)),
                "requests": int(statistics.median(f["requests"] for f in run.first_search)),
                "latency_ms": statistics.median(run.latency_ms),
                "latency_runs_ms": [round(ms, 1) for ms in run.latency_ms],
                "missing_search_files": run.missing,
            }
            for engine, run in runs.items()
        },
        "rare_words": runs["ours"].rare_words,
    }


def _part(run: EngineRun, queries: slice) -> EngineRun:
    """The run's per-query figures for these queries (one set of several run together)."""
    return dataclasses.replace(
        run,
        results=run.results[queries],
        top_marked=run.top_marked[queries],
        excerpt_bytes=run.excerpt_bytes[queries],
        excerpt_files=run.excerpt_files[queries],
    )


RATES = (("success@1", "success@1"), ("success@5", "success@5"), ("MRR@10", "mrr@10"))


def table(name: str, result: dict) -> str:
    """One query set's figures: the rates and empty results, each rate by kind, and our excerpts."""
    engines = result["engines"]
    head = "| | " + " | ".join(NAMES[e] for e in engines) + " |"
    line = "|---" * (len(engines) + 1) + "|"
    lines = [f"{name}: {result['queries']} queries ({result['judged']} judged)", "", head, line]
    for label, key in RATES:
        lines.append(f"| {label} | " + " | ".join(f"{engines[e][key]:.2f}" for e in engines) + " |")
    empty = " | ".join(f"{engines[e]['zero_result_queries']:d}" for e in engines)
    lines.append(f"| queries with no result | {empty} |")
    for label, key in RATES:
        lines += ["", f"{label} by kind", "", head.replace("| |", "| kind (queries) |", 1), line]
        for kind, n in result["kinds"].items():
            cells = " | ".join(f"{engines[e]['by_kind'][kind][key]:.2f}" for e in engines)
            lines.append(f"| {kind} ({n}) | {cells} |")
    excerpts = engines.get("ours", {}).get("excerpts")
    if excerpts:
        lines += [
            "",
            f"ours, excerpts: the first result's excerpt marks a match for {excerpts['top_marked']} of "
            f"{excerpts['top_results']} queries with a result; a results page fetched "
            f"{excerpts['text_bytes_gzip_median']:,} bytes gzip of page text for its ten excerpts (median; "
            f"most {excerpts['text_bytes_gzip_max']:,}) in {excerpts['text_files_median']:g} files (most "
            f"{excerpts['text_files_max']})",
        ]
    return "\n".join(lines)


def first_search_table(result: dict) -> str:
    engines = result["engines"]
    head = "| | " + " | ".join(NAMES[e] for e in engines) + " |"
    lines = [f"first search: “{result['query']}”", "", head, "|---" * (len(engines) + 1) + "|"]
    lines.append("| first-search bytes (gzip) | " + " | ".join(f"{engines[e]['bytes_gzip']:d}" for e in engines) + " |")
    lines.append(
        f"| first-query latency (ms, median of {LATENCY_LOADS}) | "
        + " | ".join(f"{engines[e]['latency_ms']:.0f}" for e in engines)
        + " |"
    )
    rare = result["rare_words"]
    if rare:
        lines += [
            "",
            f"ours, rare words (of {RARE_LETTERS} letters or more, in one essay's text alone): {rare['found']} of "
            f"{rare['words']} searched found their essay, and its excerpt marked the word for {rare['marked']}",
        ]
    return "\n".join(lines)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench.search_relevance", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--queries",
        type=Path,
        action="append",
        help="a file of judged queries, reported on its own; may be given again (default: "
        + " and ".join(q.relative_to(ROOT).as_posix() for q in QUERIES)
        + ")",
    )
    parser.add_argument("--json", type=Path, help="write every figure and each query's top ten per engine here")
    parser.add_argument("--keep", type=Path, help="build the three sites in this folder and leave them there")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    sets = {path: load_queries(path) for path in args.queries or QUERIES}
    queries = [q for found in sets.values() for q in found]
    with contextlib.ExitStack() as stack:
        if args.keep:
            work = args.keep.resolve()
            work.mkdir(parents=True, exist_ok=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-relevance-")))
        sites = build_sites(work, log)
        log(f"running {len(queries)} queries in Chromium")
        runs = run_engines(sites, queries, log)
    result: dict = {"first_search": first_search(queries[0].query, runs), "sets": []}
    start = 0
    for path, found in sets.items():
        part = slice(start, start + len(found))
        start += len(found)
        result["sets"].append(
            {"file": str(path), **figures(found, {engine: _part(run, part) for engine, run in runs.items()})}
        )
    result["versions"] = {
        d: _version(d) for d in ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin", "playwright")
    }
    print(first_search_table(result["first_search"]))
    for one in result["sets"]:
        print("\n" + table(Path(one["file"]).name, one))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
