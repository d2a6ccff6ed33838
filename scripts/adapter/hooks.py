"""The thin MkDocs integration: run the one check, add the generated pages, fail on bad input (under `serve`,
show it in the browser instead).

Everything it adds comes from `scripts.pages.site.generate`, which knows nothing of
MkDocs; this module only moves data between MkDocs' events and those pure
functions. `mkdocs serve` does not reload hook modules, so nothing here
accumulates across builds: each build replaces `_build` whole. Two things are
kept from build to build, so that `mkdocs serve --dirty` (what `./tasks serve`
runs) rebuilds only the pages whose inputs changed: `_built`, what each page
was made from, and `_search`, the search index (and its process), which holds every
page's words while only the rebuilt pages are added again.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import CountHandler

# MkDocs puts only this file's folder on sys.path while loading a hook; the project
# root is needed for `import scripts...` whichever way mkdocs was started.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.adapter import compact_templates, nav_cache
from scripts.adapter.files import HandoverError, write_data, write_feeds
from scripts.analysis.findings import Noted
from scripts.content.addresses import ESSAYS_DIR, IMAGES_DIR, theme_uri
from scripts.content.check import Checked, check, image_files
from scripts.content.corpus import file_name_problem
from scripts.content.model import Corpus, Essay, Theme, Vocabulary
from scripts.content.problems import Problem
from scripts.content.rendering import ABBREVIATIONS_FILE, Rendered, parse_glossary
from scripts.pages import cite
from scripts.pages.essay import EssayFrame
from scripts.pages.format import Fragments
from scripts.pages.head import essay_meta, feed_links, page_head
from scripts.pages.listings import HOME_MARKER
from scripts.pages.problems import page_problems_notice, problems_notice, problems_page
from scripts.pages.search import essay_entry, page_entry
from scripts.pages.site import generate
from scripts.search.index import SearchIndex


@dataclass
class _Build:
    """What the later events need of this build. Not the generated pages' Markdown: MkDocs' files hold it,
    and each is let go once its page is rendered (see on_page_content)."""

    corpus: Corpus
    published: tuple[Essay, ...]  # newest first
    unsearched: frozenset[str]
    home_latest: str
    fragments: Fragments
    essays: dict[str, Essay]  # by source path
    themes: dict[str, Theme]  # by the source path of the theme's page
    frames: dict[str, EssayFrame]  # by essay source path: its marker and the sections the site adds
    rendered: dict[str, Rendered]  # by essay source path: its text as HTML, as the check judged it
    notice: str  # under `serve`, the problems the check found, for the home page; else ""
    made_from: dict[str, tuple[str, str]]  # generated page -> (digest of its inputs, its output file)
    corrections: list[Noted]  # every note of a correction or update, newest first, for the feed
    outputs: set[str]  # every file this build writes or keeps in the site folder, feeds included by on_post_build
    rebuilt: int  # generated pages made again by this build (all but under `serve --dirty`)
    problems: int  # what the check found, and generated pages hidden by hand-written ones (under `serve`)


class _GeneratedPage(File):
    """A generated page that a dirty build may skip.

    MkDocs counts every page held in memory as modified, so `--dirty` alone would still rebuild
    all of them; the hook knows when a page's inputs are what they were at the last build.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class _EssayPage(Page):
    """An essay's page. Its Markdown is one fragment marker, standing for the check's rendering of the essay
    (scripts.content.rendering), so MkDocs' own `render` would set up a Python-Markdown for every essay only to
    pass the marker through (a tenth of a plain Material build's time per page). `on_pre_page` gives each
    essay's page this class; `render` fills in what MkDocs' would from the check's rendering instead: the
    table of contents and the anchors MkDocs checks links against, the site's sections after the text included."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert _build is not None and self.markdown is not None
        uri = self.file.src_uri
        frame, rendered = _build.frames[uri], _build.rendered[uri]
        if self.markdown.strip() != frame.marker:
            raise PluginError(f"{uri}: an essay's page must be its marker alone, as scripts/pages/essay.py writes it")
        sections = [AnchorLink(heading, anchor, 2) for anchor, heading in frame.sections]
        self.content = frame.marker
        self.toc = get_toc(rendered.toc_tokens)
        self.toc.items += sections
        self.present_anchor_ids = set(rendered.anchors) | {a.id for a in sections}
        self.links_to_anchors = {}


log = logging.getLogger("mkdocs.plugins.nhs_reform")
_serving = False
_dirty = False
_build: _Build | None = None
_built: dict[str, tuple[str, str]] = {}  # made_from of the last build that finished
_written: set[str] = set()  # the outputs of the last build that finished
_search: SearchIndex | None = None
_page_problems: list[str] = []  # under `serve`, MkDocs' warnings about the page being rendered


def on_startup(*, command: str, dirty: bool) -> None:
    # `serve` previews drafts (never published by `build` or `gh-deploy`) and runs live reload.
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_warning)
    if _serving:
        for handler in logging.getLogger("mkdocs").handlers:
            handler.addFilter(_one_line_per_build)


def _dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build may leave stale pages: the hook rebuilds every page whose
    inputs changed, so it does not apply, and under `strict` it would fail every build of `./tasks serve`."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _one_line_per_build(record: logging.LogRecord) -> bool:
    """Under `serve`, MkDocs' own news of each rebuild (five lines, and one per page outside the navigation)
    gives way to the one line `on_post_build` prints; warnings and errors, and where it serves, stay."""
    return record.levelno != logging.INFO or "Serving on " in record.getMessage()  # "[12:00:00] Serving on …"


class _ServeProblems(logging.Filter):
    """Under `serve`, a warning (a broken link in a hand-written page, say) is a problem to show, not a reason
    to stop: under `strict`, MkDocs would abort the build, and its server holds every request until a build
    succeeds, so the preview hung until the writer found the fault in the terminal. This filter, on the
    handler that counts warnings for `strict`, keeps it from counting; the page being rendered shows it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING:
            _page_problems.append(record.getMessage())
            return False
        return True


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # abbr's own `glossary` applies the acronyms to every page; appending the definitions to each
    # page's Markdown instead made Python-Markdown parse them again on every page (a fifth of its time).
    glossary = parse_glossary((_root(config) / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
    _page_problems.clear()
    if _serving:
        counting = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
        for handler in counting:  # made by this build, before this event
            handler.addFilter(_ServeProblems())
    return config


def _content(root: Path) -> tuple[Checked, Corpus]:
    """The checked content, and the corpus to build; a build stops at the first problem, a preview goes on.

    Under `./tasks serve` an essay with problems gets a page that lists them instead of its own, and the home
    page lists every problem, so a writer sees them in the browser as well as in the terminal.
    """
    checked = check(root, keep_html=True, share=True)
    if checked.problems and not _serving:
        raise PluginError(
            "The essays have problems; nothing was built. Run `./tasks check` for the same list:\n"
            + "\n".join(str(p) for p in checked.problems)
        )
    # Printed rather than logged: MkDocs counts logged warnings and errors under `strict`, and would stop the
    # preview, which is what shows the problems in the browser.
    for problem in checked.problems:
        print(f"PROBLEM  -  {problem}", file=sys.stderr)
    vocabulary = checked.vocabulary or Vocabulary((), (), ())
    return checked, Corpus(vocabulary, checked.essays)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _build, _search
    root = _root(config)
    # Started first, so that its interpreter starts while the check runs.
    glossary = config.mdx_configs["abbr"]["glossary"]
    if not _dirty or _search is None or _search.folder.parent != Path(config.site_dir):
        if _search is not None:
            _search.close()
        _search = SearchIndex(Path(config.site_dir), glossary=glossary)
    else:
        _search.use_glossary(glossary)  # edited under serve: every page is added again (see _site_inputs)
    checked, corpus = _content(root)
    site = generate(
        corpus,
        checked.rendered,
        include_drafts=_serving,
        today=datetime.date.today(),
        glossary=config.mdx_configs["abbr"]["glossary"],  # read and parsed once, by on_config
        site_name=config.site_name,
        site_url=config.site_url or "",
        repo_url=config.repo_url or "",
    )
    pages = dict(site.pages)
    for path, those in _by_essay(checked).items():
        pages[path] = problems_page(path, those)
    essays = {e.src_uri: e for e in site.essays}
    around = _site_inputs(root, config) if _dirty else ""
    made_from = {}
    hidden = [uri for uri in pages if files.get_file_from_path(uri) is not None]
    for uri in hidden:
        message = f"docs/{uri} would hide a generated page of the same name; rename or remove it"
        if not _serving:
            raise PluginError(message)
        print(f"PROBLEM  -  {message}", file=sys.stderr)
        del pages[uri]  # the preview shows the hand-written page, and the problem on the home page
    for uri, markdown in pages.items():
        page = _GeneratedPage.generated(config, uri, content=markdown)
        if _dirty:
            digest = hashlib.blake2b(f"{around}\n{essays.get(uri)!r}\n{site.fragments.expand(markdown)}".encode())
            digest = digest.hexdigest()
            made_from[uri] = (digest, page.abs_dest_path)
            page.unchanged = _built.get(uri) == made_from[uri] and os.path.isfile(page.abs_dest_path)
        files.append(page)
    _add_images(root, files, config)
    # The open data, written here rather than held as MkDocs' files until it copied them (write_data says why).
    try:
        data_files = write_data(Path(config.site_dir), site.data, lambda uri: files.get_file_from_path(uri) is not None)
    except HandoverError as error:
        raise PluginError(str(error)) from None
    changed = [f.src_uri for f in files if isinstance(f, _GeneratedPage) and not f.unchanged]
    if _dirty:
        log.debug(f"Rebuilding {len(changed)} of {len(made_from)} generated pages, those whose inputs changed")
        for uri in changed:
            log.debug(f"Rebuilding {uri}")
        _rebuild_hand_written_pages(files)
    _search.keep_only({f.src_uri for f in files.documentation_pages()})
    _index_essays(files, site.essays, checked.rendered)
    themes = {theme_uri(t.slug): t for t in corpus.vocabulary.themes}
    # Everything loaded so far lives until the build ends: taking it out of the garbage collector's
    # sight stops every later collection from walking it again (a third off Markdown's time at scale).
    gc.collect()
    gc.freeze()
    _build = _Build(
        corpus,
        site.essays,
        site.unsearched,
        site.home_latest,
        site.fragments,
        essays,
        themes,
        site.frames,
        checked.rendered,
        _notice(checked.problems, hidden),
        made_from,
        site.corrections,
        {f.abs_dest_path for f in files if not f.inclusion.is_excluded()} | data_files,
        len(changed) if _dirty else len(pages),
        len(checked.problems) + len(hidden),
    )
    return files


def _notice(problems: tuple[Problem, ...], hidden: list[str]) -> str:
    found = [*problems, *(Problem(f"docs/{uri}", 0, "would hide a generated page; rename it") for uri in hidden)]
    return problems_notice(found) if found else ""


def _index_essays(files: Files, essays: tuple[Essay, ...], rendered: dict[str, Rendered]) -> None:
    """Hand the search index each essay whose page is to be built, as soon as the check has rendered it: the
    index's process then works on them while MkDocs renders the other pages and the templates."""
    assert _search is not None
    for essay in essays:
        file = files.get_file_from_path(essay.src_uri)
        assert isinstance(file, _GeneratedPage)
        if file.unchanged:
            continue  # under `serve --dirty`, indexed by an earlier build
        _search.add(essay.src_uri, **essay_entry(essay, file.url, rendered[essay.src_uri].html))


def _by_essay(checked: Checked) -> dict[str, list[Problem]]:
    """The problems of each essay file that cannot be published, by the source path its page would have."""
    published = {e.src_uri for e in checked.essays}
    found: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        folder, _, name = problem.path.rpartition("/")
        essay_file = folder == ESSAYS_DIR and name.endswith(".md") and file_name_problem(name) is None
        if essay_file and problem.path not in published:
            found.setdefault(problem.path, []).append(problem)
    return found


def _add_images(root: Path, files: Files, config: MkDocsConfig) -> None:
    """The essays' images (essays/images/), which live beside the essays rather than in docs/."""
    folder = root / IMAGES_DIR
    for path in image_files(folder):
        uri = f"{IMAGES_DIR}/{path.relative_to(folder).as_posix()}"
        files.append(File(uri, str(root), config.site_dir, config.use_directory_urls))


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    nav_cache.install(env)
    compact_templates.install(env)
    return env


def _site_inputs(root: Path, config: MkDocsConfig) -> str:
    """What every page is made from besides its own Markdown: settings, templates, glossary, the hand-written pages."""
    parts = [Path(config.config_file_path).read_text(encoding="utf-8")]
    folders = [(root / ABBREVIATIONS_FILE).parent, Path(config.docs_dir)]
    folders += [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    for folder in folders:
        parts += [f"{p}:{p.stat().st_mtime_ns}" for p in sorted(folder.rglob("*")) if p.is_file()]
    return hashlib.blake2b("\n".join(parts).encode()).hexdigest()


def _rebuild_hand_written_pages(files: Files) -> None:
    """Have the hand-written pages built again under `serve --dirty`.

    The hand-written pages are few, and the home page lists the latest essays, which MkDocs
    cannot know has changed: rebuilding them every time is cheaper than tracking them.
    """
    for file in files.documentation_pages():
        if not isinstance(file, _GeneratedPage) and os.path.isfile(file.abs_dest_path):
            os.remove(file.abs_dest_path)


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    assert _build is not None
    if page.file.src_uri in _build.essays:
        page.__class__ = _EssayPage  # the same object, which MkDocs' navigation and files hold
    return page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    # `mkdocs serve` adds an inline live-reload script to each page: overrides/main.html lets it run there only.
    page.meta["live_reload"] = _serving
    # The warnings of rendering this page come after these; the home page shows those of the whole build so far.
    page.meta["problems_from"] = 0 if page.is_homepage else len(_page_problems)
    if page.is_homepage:
        if HOME_MARKER not in markdown:
            message = f"docs/{page.file.src_uri} must contain {HOME_MARKER} where the latest essays go"
            if not _serving:
                raise PluginError(message)
            log.warning(message)  # under serve, shown at the top of the home page (_ServeProblems)
            markdown += "\n\n" + HOME_MARKER
        page.meta["head_html"] = feed_links(config.site_name, page.url, None)
        return markdown.replace(HOME_MARKER, _build.notice + _build.home_latest)
    essay = _build.essays.get(page.file.src_uri)
    if essay is not None:
        page.meta.update(essay_meta(essay))
    theme = _build.themes.get(page.file.src_uri)
    if page.file.src_uri in _build.unsearched:
        page.meta["search"] = {"exclude": True}  # on_page_content then leaves it out of the search index
    # Sharing and citing need the page's public URL, which only the build knows.
    vocabulary = _build.corpus.vocabulary
    page.meta["head_html"] = page_head(
        config.site_name, config.site_url or "", page.url, theme=theme, essay=essay, vocabulary=vocabulary
    )
    if essay is not None:
        url = page.canonical_url or page.url
        _build.fragments.append(_build.frames[page.file.src_uri].marker, cite.cite_block(essay, config.site_name, url))
    return markdown


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Index the page, unless it is an essay's (on_files has indexed those)."""
    assert _build is not None and _search is not None
    uri = page.file.src_uri
    # MkDocs renders every page before it writes any, and would hold each page's Markdown twice (the
    # generated file's and the page's) beside its HTML until the build ends.
    page.markdown = ""
    if isinstance(page.file, _GeneratedPage):
        page.file.content_string = ""
    found = _page_problems[page.meta.get("problems_from", len(_page_problems)) :]
    if found:  # under `serve` only: MkDocs' warnings while rendering this page, shown at its top
        html_text = page_problems_notice(f"docs/{uri}", found) + html_text
    if uri in _build.essays or (page.meta.get("search") or {}).get("exclude"):
        return html_text
    # Indexed as Markdown left it (page_entry says why).
    theme = _build.themes.get(uri)
    _search.add(uri, **page_entry(config.site_name, page.url, page.title or "", theme, html_text))
    return html_text


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    assert _build is not None
    page.content = None  # in the output now; MkDocs would hold every page's HTML until the build ends
    # An essay's rendering too (its fragment held it, and the page is written): the index has had it, and
    # the build's memory peaks at its end, when every rendering was still held.
    _build.rendered.pop(page.file.src_uri, None)
    page.meta.pop("head_html", None)  # in the output too: an essay's is 4 KB, which MkDocs would hold to the end
    return _build.fragments.take(output)


# Material's language-version code fetches sitemap.xml beside every <link rel="alternate">, and the feed
# links are such links: each theme page asked for themes/<slug>/sitemap.xml (a 404) and every page for the
# whole sitemap. Its own language links carry hreflang; narrowing the selector to them leaves the feeds alone.
_ALTERNATE = (b'M("link[rel=alternate]")', b'M("link[rel=alternate][hreflang]")')


def _narrow_alternate_links(site_dir: Path) -> None:
    """Material's bundle, as copied into the site, with the one selector narrowed (`_ALTERNATE`)."""
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        script = bundle.read_bytes()
        if _ALTERNATE[1] in script and _ALTERNATE[0] not in script:
            continue  # narrowed by an earlier build of `serve --dirty`, which copies a theme file only when newer
        if script.count(_ALTERNATE[0]) != 1:
            raise PluginError(
                f"{bundle.name}: Material's bundle no longer has {_ALTERNATE[0].decode()} once; "
                "see _ALTERNATE in scripts/adapter/hooks.py"
            )
        bundle.write_bytes(script.replace(*_ALTERNATE))
    if not bundles:
        raise PluginError("Material's script bundle is not in the site; see _ALTERNATE in scripts/adapter/hooks.py")


def on_post_build(*, config: MkDocsConfig) -> None:
    assert _build is not None
    site_dir = Path(config.site_dir)
    _narrow_alternate_links(site_dir)
    vocabulary = _build.corpus.vocabulary
    written = write_feeds(
        site_dir, config.site_name, config.site_url or "", _build.published, vocabulary, _build.corrections
    )
    _build.outputs.update(str(path) for path in written)
    # `mkdocs serve` builds again in the same process: let this build's objects be collected.
    gc.unfreeze()
    if _dirty:
        _remove_what_outlived_its_source(_build.outputs)
    _built.clear()
    _built.update(_build.made_from)
    _written.clear()
    _written.update(_build.outputs)
    assert _search is not None
    _search.write()
    if not _dirty:  # only `./tasks serve` builds again with the same index
        _close_search()
    if _serving:
        problems = _build.problems + len(_page_problems)
        print(
            f"{time.strftime('%H:%M:%S')} built: {_build.rebuilt} generated page(s) made again; "
            f"{problems} problem(s){', each above and in the preview' if problems else ''}",
            file=sys.stderr,
            flush=True,
        )


def _remove_what_outlived_its_source(outputs: set[str]) -> None:
    """Under `serve --dirty`, remove every file the last build wrote that this one did not: the page of an essay
    or a hand-written page deleted since, a feed of a theme removed, an image deleted. MkDocs writes a dirty
    build over the last one's folder and never removes anything from it."""
    for path in _written - outputs:
        if os.path.isfile(path):
            os.remove(path)


def on_build_error(*, error: Exception) -> None:
    if not _dirty:
        _close_search()


def _close_search() -> None:
    """Let the search index's process go (scripts/search/index.py)."""
    global _search
    if _search is not None:
        _search.close()
        _search = None
