"""The one check: every rule an essay must meet, for the validator, the pre-commit hook, CI and the build.

`check` reads the content folder (`scripts.content.corpus`: front-matter, vocabularies, file names, identity),
renders each essay with the site's own Markdown settings (`scripts.content.rendering`), and judges the HTML
(`scripts.content.html_policy`) and the links, anchors and images (`scripts.content.links`). The build puts that same
rendering in the essay's page, so whatever passes here, the build publishes as it was judged.
Drafts are judged like every other essay; only publishing them differs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from scripts.content.addresses import (
    ESSAY_SECTIONS,
    ESSAYS_DIR,
    IMAGES_DIR,
    INDEX_PAGES,
    author_uri,
    commentator_uri,
    essay_uri,
    lens_uri,
    theme_uri,
    year_uri,
)
from scripts.content.corpus import Loaded, is_editors_file, load_content
from scripts.content.html_policy import check_anchors, check_html, check_raw_html
from scripts.content.links import SitePages, check_links
from scripts.content.model import Corpus, Essay, Vocabulary
from scripts.content.problems import Problem
from scripts.content.rendering import (
    ABBREVIATIONS_FILE,
    MKDOCS_FILE,
    MarkdownSettings,
    Rendered,
    Renderer,
    SecondRenderer,
    parse_glossary,
    read_settings,
)
from scripts.content.unfinished import Template, check_unfinished, read_template


@dataclass(frozen=True)
class Checked:
    """The verdict: every problem, and what passed (the vocabulary, the essays without problems, and their
    rendering, by source path, for the build to publish)."""

    vocabulary: Vocabulary | None
    essays: tuple[Essay, ...]
    problems: tuple[Problem, ...]
    rendered: dict[str, Rendered] = field(default_factory=dict)

    @property
    def corpus(self) -> Corpus | None:
        """The content to build: None while any problem stands."""
        if self.problems or self.vocabulary is None:
            return None
        return Corpus(self.vocabulary, self.essays)


def site_settings(root: Path) -> MarkdownSettings:
    """The Markdown settings of the site at `root`, with its glossary."""
    glossary_file = root / ABBREVIATIONS_FILE
    glossary = parse_glossary(glossary_file.read_text(encoding="utf-8")) if glossary_file.is_file() else {}
    return read_settings(root, glossary)


def site_pages(root: Path, loaded: Loaded, settings: MarkdownSettings) -> SitePages:
    """The pages the published site will have (and the images), as far as an essay may link to them."""
    assert loaded.vocabulary is not None
    vocabulary = loaded.vocabulary
    published = [e for e in loaded.essays if not e.draft]
    pages = set(INDEX_PAGES)
    pages |= {theme_uri(t.slug) for t in vocabulary.themes} | {lens_uri(x.slug) for x in vocabulary.lenses}
    pages |= {author_uri(a.slug) for a in vocabulary.authors}
    pages |= {commentator_uri(s.commentator_slug) for e in published for s in e.sources}
    pages |= {year_uri(e.year) for e in published}
    docs = root / settings.docs_dir
    if docs.is_dir():
        pages |= {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    images_dir = root / IMAGES_DIR
    images = {f"{IMAGES_DIR}/{p.relative_to(images_dir).as_posix()}" for p in image_files(images_dir)}
    essays = {essay_uri(e.slug): e for e in (*loaded.essays, *loaded.unfinished)}
    return SitePages(essays, frozenset(pages), frozenset(images))


def image_files(folder: Path) -> list[Path]:
    """The files of the images folder, in order; not the dot-files (`.gitkeep` keeps the empty folder in git) or
    an editor's other files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not is_editors_file(p.name))


def render_essay(essay: Essay, renderer: Renderer) -> tuple[Rendered | None, list[Problem]]:
    try:
        return renderer.render(essay.body, essay.src_uri), []
    except Exception as err:  # Python-Markdown on hostile text (a RecursionError deep in nested lists...)
        return None, [
            Problem(
                essay.path,
                essay.body_line,
                f"the essay's text could not be rendered ({type(err).__name__}); look for very deeply nested "
                "lists, quotations or HTML and simplify them",
            )
        ]


def judge(essay: Essay, rendered: Rendered, site: SitePages, anchors_of, template: Template | None) -> list[Problem]:
    """Every problem of one rendered essay: its HTML, the HTML it typed, its anchors, its links, and any text
    left half-finished."""
    problems = check_unfinished(essay, template, site.essays.values())
    problems += check_html(essay.path, rendered.html, essay.body_line, body=essay.body)
    problems += check_raw_html(essay.path, rendered.raw_html, essay.body_line, essay.body)
    problems += check_anchors(essay.path, rendered.html, essay.body_line, essay.body, ESSAY_SECTIONS)
    problems += check_links(essay, rendered, site, anchors_of)
    return problems


# From this many essays on, `check(share=True)` renders half of them in a second process: below it, starting
# one costs more than it saves.
SHARE_FROM = 200


def check(
    root: Path,
    only: set[str] | None = None,
    *,
    today: datetime.date | None = None,
    keep_html: bool = False,
    share: bool = False,
) -> Checked:
    """Judge the content folder at `root`; with `only` (paths such as 'essays/x.md'), report the problems of
    those files (and the vocabularies) alone, each still judged against the whole corpus.

    With `keep_html`, the rendering of each essay that passed is kept for the build. With `share`, a second
    process renders half the essays (`SecondRenderer`) when there are SHARE_FROM or more.
    """
    settings = site_settings(root) if (root / MKDOCS_FILE).is_file() else None
    essay_files = len(list((root / ESSAYS_DIR).glob("*.md"))) if share and settings else 0
    second = SecondRenderer(settings) if settings and essay_files >= SHARE_FROM else None
    try:
        return _check(root, only, today, keep_html, settings, second)
    finally:
        if second is not None:
            second.close()


def _check(
    root: Path,
    only: set[str] | None,
    today: datetime.date | None,
    keep_html: bool,
    settings: MarkdownSettings | None,
    second: SecondRenderer | None,
) -> Checked:
    loaded = load_content(root, only, today)
    if settings is None:  # the site's settings: the essays cannot be rendered without them
        return Checked(None, (), (*loaded.problems, Problem(MKDOCS_FILE, 0, "file is missing; the check needs it")))
    if loaded.vocabulary is None:
        return Checked(None, (), loaded.problems)
    site = site_pages(root, loaded, settings)
    rendered: dict[str, Rendered] = {}
    problems = list(loaded.problems)
    renderer = Renderer(settings)

    def rendering(essay: Essay) -> Rendered | None:
        if essay.src_uri not in rendered:
            made, found = render_essay(essay, renderer)
            if made is None:
                if only is None or essay.path in only:
                    problems.extend(found)
                return None
            rendered[essay.src_uri] = made
        return rendered[essay.src_uri]

    def anchors_of(other: Essay) -> frozenset[str]:
        made = rendering(other)
        return made.anchors if made else frozenset()

    template = read_template(root)
    judged = [e for e in (*loaded.essays, *loaded.unfinished) if only is None or e.path in only]
    if second is not None:
        # The second process takes the later half, while this one renders the first.
        theirs = judged[len(judged) // 2 :]
        second.start([(e.body, e.src_uri) for e in theirs])
        for essay in judged[: len(judged) // 2]:
            rendering(essay)
        rendered.update((e.src_uri, made) for e, made in zip(theirs, second.results(), strict=True) if made)
    failed = {p.path for p in loaded.problems}
    passed = []
    for essay in judged:
        made = rendering(essay)
        if made is None:
            continue
        found = judge(essay, made, site, anchors_of, template)
        problems += found
        if not found and essay.path not in failed:
            passed.append(essay)
    kept = {e.src_uri: rendered[e.src_uri] for e in passed if e.src_uri in rendered} if keep_html else {}
    return Checked(loaded.vocabulary, tuple(passed), tuple(sorted(set(problems))), kept)
