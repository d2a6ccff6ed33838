"""Load the content folder: both vocabularies, then every essay, then the rules that span files.

This is the only place that reads `essays/` from disk. The rules across files are about identity: every
name that becomes a page or a URL (an essay's file, a title, an author, a commentator, a theme) must be
one name after the normalisation the URL uses (`model.slugify`), so that no page can replace another.
Two spellings of one name are reported where the rarer spelling stands, with the usual one to use.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from scripts.content.addresses import ESSAYS_DIR, IMAGES_DIR
from scripts.content.essay_loader import load_essay
from scripts.content.model import SLUG_RE, Corpus, Essay, Vocabulary, slugify
from scripts.content.problems import Problem
from scripts.content.vocabulary_loader import load_vocabulary

THEMES_FILE = f"{ESSAYS_DIR}/themes.yml"
AUTHORS_FILE = f"{ESSAYS_DIR}/authors.yml"
# File names that would give an essay the address of a page the site makes itself (essays/ is the list of
# essays) or of the folder of images.
RESERVED_SLUGS = frozenset({"index", Path(IMAGES_DIR).name})


# What editors leave beside a file while it is open or saved: lock files and swap files (hidden, `.#x.md`,
# `.x.md.swp`), backups (`x.md~`), Emacs's autosaves (`#x.md#`) and the file Vim writes to test a folder (4913).
_EDITORS_FILES = re.compile(r"^\.|~$|^#.*#$|\.sw[a-p]$|^4913$")


def is_editors_file(name: str) -> bool:
    """Whether a file in essays/ is an editor's own, never content: the check, the build and the preview all
    pass it by, so a writer's open editor is never reported as a problem."""
    return _EDITORS_FILES.search(name) is not None


def file_name_problem(name: str) -> Problem | None:
    """What is wrong with a file in essays/ that is neither a vocabulary nor `<slug>.md`, if anything."""
    if name in (Path(THEMES_FILE).name, Path(AUTHORS_FILE).name) or is_editors_file(name):
        return None
    path = f"{ESSAYS_DIR}/{name}"
    stem, dot, ext = name.rpartition(".")
    if dot and ext == "md" and SLUG_RE.fullmatch(stem):
        if stem in RESERVED_SLUGS:
            return Problem(
                path, 0, f"'{stem}' is the address of a page the site makes itself; rename the file to another slug"
            )
        return None
    if dot and ext.lower() in ("md", "markdown", "txt"):
        hint = f"; rename it to {ESSAYS_DIR}/{slugify(stem) or 'my-essay'}.md"
    else:
        hint = f", and {ESSAYS_DIR}/ holds nothing else; move or remove this file"
        if ext.lower() in ("png", "jpg", "jpeg", "gif", "svg", "webp"):
            hint = f"; images go in {IMAGES_DIR}/"
    return Problem(
        path, 0, "not an essay: essay files are named <slug>.md with lower-case letters, digits and hyphens" + hint
    )


def _settled(essay: Essay, new: set[str] | None) -> tuple[bool, datetime.date, str]:
    """Order of essays from the longest settled: those outside the change being checked (`new`), then the
    oldest by date. Of two essays that clash, the later one in this order is told."""
    return (new is not None and essay.path in new, essay.date, essay.path)


def _spellings(uses: list[tuple[str, Essay, int]], what: str, new: set[str] | None) -> list[Problem]:
    """Where one address is written in several spellings: a problem at each use of a rarer spelling.

    `uses` holds (spelling, essay, line) for every use of one address. The usual spelling is the one of the
    essays outside the change, if any use it; then the one most used; between equals, the longest settled.
    """
    counts = Counter(spelling for spelling, _, _ in uses)
    if len(counts) < 2:
        return []
    settled: dict[str, tuple] = {}
    for spelling, essay, _ in uses:
        settled[spelling] = min(settled.get(spelling, _settled(essay, new)), _settled(essay, new))
    usual = min(counts, key=lambda s: (settled[s][0], -counts[s], settled[s]))
    return [
        Problem(
            essay.path,
            line,
            f"{what} '{spelling}' has the same address on the site as '{usual}', which other essays use; "
            f"write it '{usual}' (case, spacing, punctuation, accents and look-alike letters do not make "
            "a second name)",
        )
        for spelling, essay, line in uses
        if spelling != usual
    ]


def identity_checks(essays: list[Essay], new: set[str] | None = None) -> list[Problem]:
    """No two essays share a title, and each commentator has one spelling, as their page's address needs.

    A clash is reported on the essay being added or changed (`new`, the files being checked), else on the
    newer essay: not on the one already published."""
    problems = []
    by_title: dict[str, list[Essay]] = {}
    for essay in essays:
        by_title.setdefault(slugify(essay.title) or essay.title.casefold(), []).append(essay)
    for same in by_title.values():
        kept, *later = sorted(same, key=lambda e: _settled(e, new))
        for essay in later:
            problems.append(
                Problem(
                    essay.path,
                    essay.lines.get("title", 2),
                    f"title is already used by {kept.path} ('{kept.title}'); choose a distinct title",
                )
            )
    commentators: dict[str, list[tuple[str, Essay, int]]] = {}
    for essay in sorted(essays, key=lambda e: e.path):
        for source in essay.sources:
            commentators.setdefault(source.commentator_slug, []).append((source.author, essay, source.line))
    for slug, uses in commentators.items():
        problems += _spellings(uses, "commentator", new)
        if slug in RESERVED_SLUGS:
            problems += [
                Problem(
                    e.path,
                    line,
                    f"commentator '{name}' would take the address of the site's list of "
                    "commentators; write the name in full",
                )
                for name, e, line in uses
            ]
    return problems


@dataclass(frozen=True)
class Loaded:
    """What the content folder holds: the vocabulary (None if it has problems), the valid essays, every problem."""

    vocabulary: Vocabulary | None
    essays: tuple[Essay, ...]
    problems: tuple[Problem, ...]
    # Essays whose front-matter has problems, with what of it passed: never published, but their text is
    # judged in the same run, and other essays' links to them are not reported as missing.
    unfinished: tuple[Essay, ...] = ()


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


def load_content(root: Path, only: set[str] | None = None, today: datetime.date | None = None) -> Loaded:
    """Every essay under root/essays (drafts included) and the vocabulary, with every problem found.

    With `only` (paths such as 'essays/x.md'), problems are reported for those files (and the
    vocabularies) alone, but each is still judged against every other essay.
    """
    vocabulary, problems = load_project_vocabulary(root)
    folder = root / ESSAYS_DIR
    names = sorted(p.name for p in folder.iterdir() if not is_editors_file(p.name)) if folder.is_dir() else []
    for name in names:
        if (folder / name).is_dir() and f"{ESSAYS_DIR}/{name}" == IMAGES_DIR:
            continue
        found = file_name_problem(name)
        if found is not None:
            problems.append(found)
    if vocabulary is None:
        return Loaded(None, (), tuple(_chosen(problems, only)))
    essays: list[Essay] = []
    unfinished: list[Essay] = []
    for name in names:
        path = folder / name
        if not name.endswith(".md") or not path.is_file() or name[:-3] in RESERVED_SLUGS:
            continue
        rel = f"{ESSAYS_DIR}/{name}"
        essay, found = load_essay(rel, name[:-3], path.read_bytes(), vocabulary, today)
        problems += found
        if essay is not None and SLUG_RE.fullmatch(essay.slug):
            (unfinished if found else essays).append(essay)
    problems += identity_checks(essays, only)
    return Loaded(vocabulary, tuple(essays), tuple(sorted(_chosen(problems, only))), tuple(unfinished))


def _chosen(problems: list[Problem], only: set[str] | None) -> list[Problem]:
    """The problems to report: all, or those of the chosen files and of the vocabularies."""
    if only is None:
        return problems
    keep = only | {THEMES_FILE, AUTHORS_FILE}
    return [p for p in problems if p.path in keep]


def load_corpus(root: Path, only: list[Path] | None = None) -> tuple[Corpus | None, list[Problem]]:
    """The corpus, or None and the problems (of the files in `only`, when given) that stop it.

    For tools that need the content alone (the benchmark, tests); the site and the validator use
    `scripts.content.check.check`, which also judges each essay's rendered HTML and links.
    """
    chosen = {f"{ESSAYS_DIR}/{p.name}" for p in only} if only is not None else None
    loaded = load_content(root, chosen)
    if loaded.problems or loaded.vocabulary is None:
        return None, list(loaded.problems)
    return Corpus(loaded.vocabulary, loaded.essays), []
