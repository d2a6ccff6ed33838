"""The files handover: the site's generated pages as files, for an engine that runs no hooks.

MkDocs and ProperDocs get every generated page in memory from `hooks.py`. An engine that reads only files
(Zensical) gets the same pages, from the same `scripts.pages.site.generate`, written into a folder of its own
before it runs (`stage`); once it has built them, the fragments go into its pages and the data files, the feeds
and the search index into its output (`finish`). What the hook sets on a page as it builds (title, description,
`<head>` tags, the citation block, the home page's latest essays) goes into each file's front-matter or text,
where such an engine reads it.

The pages are staged as the hook hands them to MkDocs, fragment markers and all: the engine's Markdown passes
each marker through as a comment, and `finish` puts its HTML in, as the hook does as each page is written. So
the listings and the essays' HTML never go through the engine's Markdown (at a thousand essays, passing them
through took two fifths of a Zensical build's CPU time and three fifths of its memory), and their links, written
relative to the page's URL, reach the output as written. Such an engine still reads two things differently from MkDocs:

- it takes every relative `href` and `src` it renders, raw HTML included, as relative to the page's *source
  file* and rebases it to the page's URL, where the generators write them relative to the page's URL (what
  MkDocs, which passes raw HTML through, publishes): `_from_source` writes those outside fragments (a page's
  script, say) the way it reads them, so that both publish the same URL;
- its `toc` sees no heading inside raw HTML, and an essay's page is the check's HTML: each essay's page carries
  the check's table of contents (`toc_tokens.carry`), for `toc_tokens.py` to hand the engine's Python-Markdown.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.adapter.toc_tokens import carry
from scripts.analysis.findings import Noted
from scripts.content.addresses import IMAGES_DIR, page_url, theme_uri
from scripts.content.check import check, image_files, site_settings
from scripts.content.model import Corpus, Essay, Vocabulary
from scripts.content.rendering import ABBREVIATIONS_FILE, Renderer, parse_glossary
from scripts.pages import cite
from scripts.pages.feeds import all_feeds
from scripts.pages.format import Fragments, attr
from scripts.pages.head import absolute, essay_meta, page_head
from scripts.pages.listings import HOME_MARKER
from scripts.pages.search import essay_entry, page_entry
from scripts.pages.site import generate
from scripts.search.index import SearchIndex

DOCS_DIR = "docs"


class HandoverError(Exception):
    """The content has problems, or a hand-written file would hide a generated page or data file."""


@dataclass
class Staged:
    """What `finish` needs once the engine has built the staged pages."""

    site_name: str
    site_url: str
    corpus: Corpus
    published: tuple[Essay, ...]  # newest first
    glossary: dict[str, str]
    fragments: Fragments  # the HTML the staged pages' markers stand for, put in once the engine has built them
    corrections: list[Noted]  # every note of a correction or update, newest first, for the feed
    data: Callable[[], Iterator[tuple[str, bytes]]]  # the open data, made when called (scripts/pages/site.py)
    docs: Path  # the hand-written pages and files, none of which may hide a data file
    searched: list[tuple[str, dict]] = field(default_factory=list)  # (source path, what the index is given)
    pages: list[str] = field(default_factory=list)  # source paths of every page staged


def stage(root: Path, out: Path, *, site_name: str, site_url: str, repo_url: str, nav_titles: dict[str, str]) -> Staged:
    """Write every page of the site at `root`, hand-written and generated, with the essays' images, into `out`;
    `nav_titles`: the title the navigation gives a page (source path -> title), which MkDocs makes its title."""
    checked = check(root, keep_html=True, share=True)  # the second core renders half, as in the hook's build
    if checked.problems or checked.corpus is None:
        raise HandoverError(
            "The essays have problems; nothing was built. Run `./tasks check` for the same list:\n"
            + "\n".join(str(p) for p in checked.problems)
        )
    corpus = checked.corpus
    glossary = parse_glossary((root / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    site = generate(
        corpus,
        checked.rendered,
        include_drafts=False,
        today=datetime.date.today(),
        glossary=glossary,
        site_name=site_name,
        site_url=site_url,
        repo_url=repo_url,
    )
    docs = root / DOCS_DIR
    hidden = [uri for uri in site.pages if (docs / uri).is_file()]
    if hidden:
        raise HandoverError(
            "\n".join(f"docs/{uri} would hide a generated page of the same name; rename or remove it" for uri in hidden)
        )
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(docs, out)
    for path in image_files(root / IMAGES_DIR):
        target = out / IMAGES_DIR / path.relative_to(root / IMAGES_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)

    staged = Staged(
        site_name, site_url, corpus, site.essays, glossary, site.fragments, site.corrections, site.data, docs
    )
    themes = {theme_uri(t.slug): t for t in corpus.vocabulary.themes}
    essays = {e.src_uri: e for e in site.essays}
    renderer = Renderer(site_settings(root))
    for essay in site.essays:  # indexed first, as the hook does
        entry = essay_entry(essay, page_url(essay.src_uri), checked.rendered[essay.src_uri].html)
        staged.searched.append((essay.src_uri, entry))
    hand_written = sorted((p.relative_to(docs).as_posix() for p in docs.rglob("*.md")), key=_as_mkdocs_sorts)
    for uri in [*hand_written, *site.pages]:
        url = page_url(uri)
        essay = essays.get(uri)
        meta, markdown = _front_matter(site.pages[uri] if uri in site.pages else (docs / uri).read_text("utf-8"))
        if url == "":
            if HOME_MARKER not in markdown:
                raise HandoverError(f"docs/{uri} must contain {HOME_MARKER} where the latest essays go")
            markdown = markdown.replace(HOME_MARKER, site.home_latest)
        theme = themes.get(uri)
        meta["head_html"] = page_head(site_name, site_url, url, theme=theme, essay=essay, vocabulary=corpus.vocabulary)
        if essay is not None:
            meta.update(essay_meta(essay))
            marker = site.frames[uri].marker
            site.fragments.append(marker, cite.cite_block(essay, site_name, absolute(site_url, uri)))
        elif uri not in site.unsearched and not (meta.get("search") or {}).get("exclude"):
            # Indexed as Markdown leaves it, the fragments (listings of other essays) left out, as the hook does.
            rendered = renderer.render(markdown, uri)
            title = nav_titles.get(uri) or meta.get("title") or _first_h1(rendered.toc_tokens) or _title_from_name(uri)
            staged.searched.append((uri, page_entry(site_name, url, title, theme, rendered.html)))
        text = markdown
        if essay is not None:
            # The check's headings and the sections the site adds, as the hook's `_EssayPage` gives MkDocs them.
            added = [
                {"level": 2, "id": a, "name": h, "html": attr(h), "data-toc-label": "", "children": []}
                for a, h in site.frames[uri].sections
            ]
            text = carry(checked.rendered[uri].toc_tokens + added) + "\n\n" + text
        staged.pages.append(uri)
        target = out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_with_front_matter(meta, _from_source(text, uri)), encoding="utf-8")
    return staged


def finish(site_dir: Path, staged: Staged) -> None:
    """Put the fragments into the engine's pages, as the hook's `on_post_page` does, and write the data files, as
    its `on_files` does, and the feeds and the search index into its output, as its `on_post_build` does."""
    for uri in staged.pages:
        page = site_dir / page_url(uri) / "index.html"
        text = page.read_text(encoding="utf-8")
        page.write_text(staged.fragments.take(text), encoding="utf-8")
    write_data(site_dir, staged.data, lambda path: (staged.docs / path).is_file())
    vocabulary = staged.corpus.vocabulary
    write_feeds(site_dir, staged.site_name, staged.site_url, staged.published, vocabulary, staged.corrections)
    index = SearchIndex(site_dir, glossary=staged.glossary)
    try:
        for uri, page in staged.searched:
            index.add(uri, **page)
        index.write()
    finally:
        index.close()


def write_data(
    site_dir: Path, data: Callable[[], Iterator[tuple[str, bytes]]], hand_written: Callable[[str], bool]
) -> set[str]:
    """Write the site's open data (`Site.data`) into `site_dir` (the hook's way and this module's alike), one file
    at a time and let go: held as MkDocs' files until it copied them, they added a twentieth to the peak memory
    of a build of 5,000 essays. The files written; raises if `hand_written(path)` says a hand-written file of
    the same path would hide one."""
    written = set()
    for path, content in data():
        if hand_written(path):
            raise HandoverError(f"docs/{path} would hide a data file of the same name; rename or remove it")
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.add(str(target))
    return written


def write_feeds(
    site_dir: Path,
    site_name: str,
    site_url: str,
    published: tuple[Essay, ...],
    vocabulary: Vocabulary,
    corrections: list[Noted],
) -> list[Path]:
    """Write the site's Atom feeds, the corrections' among them, into `site_dir` (the hook's way and this
    module's alike); the files written."""
    written = []
    for path, text in all_feeds(site_name, site_url, list(published), vocabulary, corrections).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def _front_matter(text: str) -> tuple[dict, str]:
    found = _FRONT.match(text)
    if not found:
        return {}, text
    return yaml.safe_load(found.group(1)) or {}, text[found.end() :]


def _with_front_matter(meta: dict, text: str) -> str:
    # libyaml's emitter: PyYAML's own took a tenth of a Zensical build at a thousand essays.
    front = yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return "---\n" + front + "---\n\n" + text


def _as_mkdocs_sorts(uri: str) -> tuple:
    """MkDocs' order of a folder's files, which is the order the hook hands pages to the search index in."""
    folder, name = posixpath.split(uri)
    return (folder.split("/") if folder else [], name not in ("index.md", "README.md"), name)


def _first_h1(tokens: list[dict]) -> str:
    """MkDocs' title of a page without one in its front-matter: its first level-one heading."""
    return next((t["name"] for t in tokens if t["level"] == 1), "")


def _title_from_name(uri: str) -> str:
    """MkDocs' title of a page with neither: its file (or folder, for an index) name, capitalised."""
    stem = posixpath.splitext(uri)[0]
    name = posixpath.basename(posixpath.dirname(stem)) if posixpath.basename(stem) == "index" else stem
    name = posixpath.basename(name).replace("-", " ").replace("_", " ")
    return name[:1].upper() + name[1:]


_LINK = re.compile(r'(\s(?:href|src)=")([^"#:?/][^":]*)"')


def _from_source(text: str, uri: str) -> str:
    """Every relative href and src of the page, written relative to its URL, rewritten relative to its source
    file (the form an engine that rebases them reads): the same target either way."""
    url_dir = page_url(uri).rstrip("/")
    source_dir = posixpath.dirname(uri)
    if url_dir == source_dir:  # an index page: its URL is its source file's folder
        return text

    def rebase(found: re.Match) -> str:
        written = found.group(2)
        path, sep, rest = written.partition("#")
        target = posixpath.normpath(posixpath.join(url_dir, path)) + ("/" if path.endswith("/") else "")
        rebased = posixpath.relpath(target, source_dir or ".") + ("/" if target.endswith("/") else "")
        rebased = "./" if rebased in (".", "./") else rebased
        return f'{found.group(1)}{rebased}{sep}{rest}"'

    return _LINK.sub(rebase, text)
