"""Load the content folder: both vocabularies, then every essay, then the checks across essays.

This is the only place that reads `essays/` from disk; the validator, the page
generators' command line and the MkDocs hook all start here.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.essay_loader import load_essay
from scripts.model import SLUG_RE, Corpus, Essay, Vocabulary, slugify
from scripts.problems import Problem, did_you_mean
from scripts.vocabulary_loader import load_vocabulary

ESSAYS_DIR = "essays"
THEMES_FILE = f"{ESSAYS_DIR}/themes.yml"
AUTHORS_FILE = f"{ESSAYS_DIR}/authors.yml"


def stray_files(names: list[str]) -> list[Problem]:
    """Anything in essays/ that is neither a vocabulary nor `<slug>.md` is reported, not ignored."""
    problems = []
    vocabularies = {Path(THEMES_FILE).name, Path(AUTHORS_FILE).name}
    for name in sorted(names):
        if name in vocabularies:
            continue
        stem, dot, ext = name.rpartition(".")
        if dot and ext == "md" and SLUG_RE.fullmatch(stem):
            continue
        hint = ""
        if dot and ext.lower() in ("md", "markdown", "txt"):
            hint = f"; rename it to {ESSAYS_DIR}/{slugify(stem) or 'my-essay'}.md"
        problems.append(
            Problem(
                f"{ESSAYS_DIR}/{name}",
                0,
                "not an essay: essay files are named <slug>.md with lower-case letters, digits and hyphens"
                + (hint or f", and {ESSAYS_DIR}/ holds nothing else; move or remove this file"),
            )
        )
    return problems


_CODE_SPAN = re.compile(r"(`+).*?\1")  # `[x](y.md)` in code is an example, not a link
_ESSAY_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s]*)?>?(?:\s+[\"'][^)]*)?\)")


def broken_links(essay: Essay, slugs: set[str]) -> list[Problem]:
    """Links from one essay to another by file name must name an essay that exists.

    The build would catch them too, but without the line; a contributor wants the line.
    """
    problems = []
    for offset, line in enumerate(essay.body.split("\n")):
        if ".md" not in line:  # most lines link to no essay; the regexes below cost 0.2 ms an essay
            continue
        for target in _ESSAY_LINK.findall(_CODE_SPAN.sub("", line)):
            if "/" in target or target[: -len(".md")] in slugs:
                continue
            hint = did_you_mean(target[: -len(".md")], slugs)
            problems.append(
                Problem(essay.path, essay.body_line + offset, f"link to '{target}': there is no essays/{target}{hint}")
            )
    return problems


def cross_checks(essays: list[Essay]) -> list[Problem]:
    """Two essays may not share a slug (the URL) or a title; links between essays must resolve."""
    problems = []
    slugs = {e.slug for e in essays}
    for essay in essays:
        problems += broken_links(essay, slugs)
    first_slug: dict[str, Essay] = {}
    first_title: dict[str, Essay] = {}
    for essay in sorted(essays, key=lambda e: e.path):
        if essay.slug in first_slug:
            other = first_slug[essay.slug].path
            problems.append(Problem(essay.path, 0, f"slug '{essay.slug}' is already used by {other}; rename the file"))
        first_slug.setdefault(essay.slug, essay)
        key = essay.title.casefold()
        if key in first_title:
            other = first_title[key].path
            problems.append(Problem(essay.path, 2, f"title is already used by {other}; choose a distinct title"))
        first_title.setdefault(key, essay)
    return problems


def load_project_vocabulary(root: Path) -> tuple[Vocabulary | None, list[Problem]]:
    """Both vocabularies of the project at `root`, or the problems found in them."""
    missing = [
        Problem(name, 0, "file is missing") for name in (THEMES_FILE, AUTHORS_FILE) if not (root / name).is_file()
    ]
    if missing:
        return None, missing
    return load_vocabulary(
        THEMES_FILE, (root / THEMES_FILE).read_bytes(), AUTHORS_FILE, (root / AUTHORS_FILE).read_bytes()
    )


def load_corpus(root: Path, only: list[Path] | None = None) -> tuple[Corpus | None, list[Problem]]:
    """Every essay under root/essays (drafts included) with the vocabulary, or the problems found.

    With `only`, problems are reported for those essay files (and the vocabularies) alone, but
    titles are still compared with every other essay.
    """
    vocabulary, problems = load_project_vocabulary(root)
    if vocabulary is None:
        return None, problems
    folder = root / ESSAYS_DIR
    names = [p.name for p in folder.iterdir()]
    selected = {p.resolve() for p in only} if only is not None else None
    if selected is None:
        problems += stray_files(names)
    essays: list[Essay] = []
    for name in sorted(names):
        path = folder / name
        if not name.endswith(".md") or not path.is_file():
            continue
        rel = f"{ESSAYS_DIR}/{name}"
        essay, found = load_essay(rel, name[:-3], path.read_bytes(), vocabulary)
        if selected is None or path.resolve() in selected:
            problems += found
        if essay is not None:
            essays.append(essay)
    chosen = {f"{ESSAYS_DIR}/{p.name}" for p in selected} if selected is not None else None
    problems += [p for p in cross_checks(essays) if chosen is None or p.path in chosen]
    if problems:
        return None, sorted(problems)
    return Corpus(vocabulary, tuple(essays)), []
