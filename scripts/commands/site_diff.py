"""What a change does to the site: `./tasks diff [BASE]` (BASE a git ref, `main` when not given).

Builds the site as BASE has it (its own code and content, taken from git) and as the working tree has it
(into `site/`, the folder a pull request uploads as its preview), then prints, in Markdown:

- the pages added, removed and changed, compared file by file;
- for each essay added, changed or removed, the essays whose related lists or "other side" now include it
  or no longer do;
- the theme, lens, author and commentator counts that move.

The second part reads both trees' essays with this tree's loader and analysis (`scripts.analysis.findings`,
the same that makes the pages); the first compares what each tree's own code built. With `--summary FILE`
the report is also appended to FILE (in a pull request, `$GITHUB_STEP_SUMMARY`).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scripts.analysis.findings import Findings, analyse
from scripts.content.corpus import load_content
from scripts.content.model import Essay

ROOT = Path(__file__).resolve().parents[2]
# The files a reader or a feed reader fetches as pages; the search index and the theme's assets are data.
PAGE_SUFFIXES = (".html", ".xml")
LISTED = 30  # pages named in each list before "and N more"


@dataclass(frozen=True)
class PageChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def pages_of(site: Path) -> dict[str, bytes]:
    """Every page file of a built site, by its path in the site."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in PAGE_SUFFIXES
    }


def compare_pages(base: dict[str, bytes], head: dict[str, bytes]) -> PageChanges:
    return PageChanges(
        added=tuple(sorted(head.keys() - base.keys())),
        removed=tuple(sorted(base.keys() - head.keys())),
        changed=tuple(sorted(p for p in base.keys() & head.keys() if base[p] != head[p])),
    )


@dataclass(frozen=True)
class Analysed:
    """What a tree's published essays come to: the essays by slug and the findings the pages show."""

    essays: dict[str, Essay]
    findings: Findings
    themes: dict[str, str]  # slug -> name
    lenses: dict[str, tuple[str, ...]]  # lens name -> its themes' slugs


def analysed(root: Path) -> Analysed:
    loaded = load_content(root)
    published = [e for e in loaded.essays if not e.draft]
    vocabulary = loaded.vocabulary
    if vocabulary is None:
        raise SystemExit(f"{root}: the vocabularies have problems; run ./tasks check")
    lenses = {lens.name: tuple(t.slug for t in vocabulary.themes_of_lens(lens.slug)) for lens in vocabulary.lenses}
    return Analysed(
        {e.slug: e for e in published},
        analyse(published, vocabulary),
        {t.slug: t.name for t in vocabulary.themes},
        lenses,
    )


def _linked(findings: Findings, which: str) -> dict[str, set[str]]:
    lists = findings.related if which == "related" else findings.other_side
    return {slug: {link.essay.slug for link in links} for slug, links in lists.items()}


def essay_changes(base: Analysed, head: Analysed) -> list[str]:
    """Lines of Markdown: the essays added, changed and removed, and the lists of other essays that now
    include them or no longer do."""
    added = sorted(head.essays.keys() - base.essays.keys())
    removed = sorted(base.essays.keys() - head.essays.keys())
    changed = sorted(s for s in head.essays.keys() & base.essays.keys() if head.essays[s] != base.essays[s])
    lines = []
    for label, slugs, side in (("Added", added, head), ("Changed", changed, head), ("Removed", removed, base)):
        lines += [f"- {label}: **{side.essays[s].title}** (`{side.essays[s].path}`)" for s in slugs]
    for which, heading in (("related", "related essays"), ("other", '"the other side"')):
        before, after = _linked(base.findings, which), _linked(head.findings, which)
        for slug in sorted(after.keys() | before.keys()):
            now, then = after.get(slug, set()), before.get(slug, set())
            if slug not in head.essays:
                continue  # a removed essay's own lists go with it
            title = head.essays[slug].title
            for other in sorted(now - then):
                lines.append(f"- *{title}*: its {heading} now include *{head.essays[other].title}*")
            for other in sorted(then - now):
                lines.append(f"- *{title}*: its {heading} no longer include *{base.essays[other].title}*")
    return lines


def _counts(side: Analysed) -> dict[tuple[str, str], int]:
    index = side.findings.index
    counts = {("theme", name): len(index.by_theme.get(slug, ())) for slug, name in side.themes.items()}
    for lens, slugs in side.lenses.items():
        carrying = set().union(*(index.by_theme.get(s, frozenset()) for s in slugs)) if slugs else set()
        counts[("lens", lens)] = len(carrying)
    counts |= {("author", name): len(those) for name, those in side.findings.authors.items()}
    counts |= {("commentator", name): len(those) for name, those in side.findings.commentators.items()}
    return counts


def count_changes(base: Analysed, head: Analysed) -> list[str]:
    """Lines of Markdown: every theme, lens, author and commentator whose count of essays moves."""
    before, after = _counts(base), _counts(head)
    lines = []
    for kind, name in sorted(before.keys() | after.keys()):
        then, now = before.get((kind, name), 0), after.get((kind, name), 0)
        if then != now:
            lines.append(f"- {kind} *{name}*: {then} → {now} essay(s)")
    return lines


def _listed(paths: Iterable[str]) -> str:
    paths = list(paths)
    shown = ", ".join(f"`{p}`" for p in paths[:LISTED])
    return shown + (f" and {len(paths) - LISTED} more" if len(paths) > LISTED else "")


def report(base_ref: str, pages: PageChanges, essays: list[str], counts: list[str]) -> str:
    parts = [
        f"### What this change does to the site (against `{base_ref}`)",
        "",
        f"**Pages:** {len(pages.added)} added, {len(pages.removed)} removed, {len(pages.changed)} changed.",
        "",
    ]
    for label, paths in (("Added", pages.added), ("Removed", pages.removed), ("Changed", pages.changed)):
        if paths:
            parts += [f"- {label}: {_listed(paths)}"]
    parts += ["", "**Essays and their links:**", "", *(essays or ["- none"]), ""]
    parts += ["**Counts that move:**", "", *(counts or ["- none"]), ""]
    return "\n".join(parts)


def export(ref: str, root: Path, dest: Path) -> None:
    """The tree of `ref` in the repository at `root`, written to `dest` (git's own archive: no checkout)."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=root, capture_output=True, check=False)
    if archive.returncode:
        raise SystemExit(f"git archive {ref}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


def build(project: Path, site: Path) -> None:
    """The published site of `project`, with that project's own code, as `./tasks build` makes it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://example.org/"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the build of {project} failed:\n{done.stderr[-4000:]}")


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="./tasks diff", description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="main", help="the git ref to compare with (default: main)")
    parser.add_argument("--summary", type=Path, help="also append the report to this file")
    parser.add_argument("--site-dir", type=Path, default=root / "site", help="where to build this tree's site")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        base_root = Path(scratch) / "base"
        export(args.base, root, base_root)
        build(base_root, Path(scratch) / "base-site")
        build(root, args.site_dir)
        pages = compare_pages(pages_of(Path(scratch) / "base-site"), pages_of(args.site_dir))
        base, head = analysed(base_root), analysed(root)
    text = report(args.base, pages, essay_changes(base, head), count_changes(base, head))
    print(text)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
