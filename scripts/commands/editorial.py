"""The editor's checklist, as far as a program can hold it: `./tasks editorial [--captures DIR] [PATH ...]`.

An editor's tool, not a rule of the check: it never fails a writer's pull request or the test suite, since
its findings are judgements for the editor (CONTRIBUTING.md, "Editorial checklist"). Each finding is a
`path:line: message`, and the command exits 1 when there is any, so an editor can run it before merging.

- **Pieces discussed but not listed.** An essay that names a commentator (by surname, or an organisation
  without its leading "The") and, in the same body, quotes in double quotes a phrase of two words or more
  from one of that commentator's pieces, or, in a paragraph that names them, gives the day and month of one
  of their pieces ("his post of 9 March"), must list that piece in `sources`. The pieces are those the
  corpus lists somewhere. With `--captures DIR` (a folder of captured texts, one `.txt` per page, and a
  `titles.txt` with one title a line, such as ../shared/sources), a quotation is matched against the
  captured text of each piece; without it, against the pieces' titles.
- **The shape of an essay:** 600 to 1,500 words, 3 to 6 themes, at least one link to another essay.
- **Every theme is used** by at least one published essay.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scripts.content.addresses import ESSAYS_DIR
from scripts.content.corpus import THEMES_FILE, load_content
from scripts.content.model import Essay, Source, Vocabulary
from scripts.content.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
WORDS = (600, 1500)
THEMES = (3, 6)
MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
_DAYS = re.compile(r"\b(\d{1,2}(?:(?:,|,? and| to|–)\s*\d{1,2})*)\s+(" + "|".join(MONTHS) + r")\b")
_QUOTED = (re.compile(r'"([^"\n]+)"'), re.compile(r"“([^”\n]+)”"))
_NOT_PROSE = re.compile(r"(`+).*?\1|\]\([^)]*\)|<[^>]+>")  # code spans, link targets, HTML tags
_ESSAY_LINK = re.compile(r"\]\(([a-z0-9-]+)\.md(?:#[^)]*)?\)")
_MIN_QUOTED_WORDS = 2  # one word in quotation marks is a term held at a distance, not a quotation


def words(text: str) -> tuple[str, ...]:
    """Lower-case words, apostrophes folded: how ../shared/tools/source_overlap.py compares text."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return tuple(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def surname(author: str) -> str:
    """How an essay names a commentator: a person by surname, an organisation without its 'The'."""
    return author[4:] if author.startswith("The ") else author.split()[-1]


def names(text: str, author: str) -> bool:
    return re.search(r"\b" + re.escape(surname(author).replace("\u2019", "'")) + r"\b", text) is not None


@dataclass(frozen=True)
class Piece:
    source: Source  # as the corpus lists it
    text: tuple[str, ...]  # the captured text's words, or the title's where there is no capture

    @property
    def key(self) -> tuple[str, ...]:
        return words(self.source.title)


def captured_texts(folder: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Title words -> words of that piece's captured text, from every capture in `folder`.

    A capture may hold several pieces (a blog's index page, an article followed by the outlet's news items):
    a line that is one of the titles in titles.txt starts that piece. Text before the first title (a page's
    header) belongs to no piece.
    """
    found: dict[tuple[str, ...], list[str]] = {}
    titles = captured_titles(folder)
    for capture in sorted(folder.glob("*.txt")):
        if capture.name == "titles.txt":
            continue
        current = None
        for line in capture.read_text(encoding="utf-8", errors="replace").splitlines():
            if words(line) in titles:
                current = words(line)
            if current is not None:
                found.setdefault(current, []).append(line)
    return {key: words("\n".join(lines)) for key, lines in found.items()}


def captured_titles(folder: Path) -> set[tuple[str, ...]]:
    return {words(t) for t in (folder / "titles.txt").read_text(encoding="utf-8").splitlines() if t.strip()}


def known_pieces(essays: tuple[Essay, ...], captures: dict[tuple[str, ...], tuple[str, ...]]) -> list[Piece]:
    """Every piece some essay lists, with its captured text where there is one."""
    first: dict[tuple[str, ...], Source] = {}
    for essay in essays:
        for source in essay.sources:
            first.setdefault(words(source.title), source)
    return [Piece(source, captures.get(key, key)) for key, source in first.items()]


def paragraphs(essay: Essay) -> Iterator[tuple[int, str]]:
    """(file line, prose) of each paragraph of the body: link targets, code and tags blanked out."""
    line = essay.body_line
    for block in essay.body.split("\n\n"):
        yield line, _NOT_PROSE.sub(lambda m: " " * len(m.group()), block).replace("\u2019", "'")
        line += block.count("\n") + 2


def unlisted(essay: Essay, pieces: list[Piece]) -> list[Problem]:
    """What `essay` discusses without listing it: one finding per quotation or date that points nowhere."""
    listed = {words(s.title) for s in essay.sources}
    body = "\n\n".join(text for _, text in paragraphs(essay))
    commentators = sorted({p.source.author for p in pieces if names(body, p.source.author)})
    found: list[Problem] = []

    def require(line: int, why: str, author: str, pointed: list[Piece]) -> None:
        if pointed and not any(p.key in listed for p in pointed):
            titles = " or ".join(f'"{p.source.title}"' for p in pointed)
            found.append(Problem(essay.path, line, f"{why} and names {author}; list {titles} in sources"))

    for start, text in paragraphs(essay):
        for pattern in _QUOTED:
            for quote in pattern.finditer(text):
                quoted = words(quote.group(1))
                if len(quoted) < _MIN_QUOTED_WORDS:
                    continue
                line = start + text.count("\n", 0, quote.start())
                for author in commentators:
                    pointed = [p for p in pieces if p.source.author == author and contains(p.text, quoted)]
                    require(line, f'quotes "{quote.group(1)}"', author, pointed)
        for match in _DAYS.finditer(text):
            days = {int(d) for d in re.findall(r"\d+", match.group(1))}
            month = MONTHS.index(match.group(2)) + 1
            line = start + text.count("\n", 0, match.start())
            for author in (a for a in commentators if names(text, a)):
                for day in sorted(days):  # each day named points to the piece of that day
                    published = f"-{month:02d}-{day:02d}"
                    pointed = [p for p in pieces if p.source.author == author and p.source.published[4:] == published]
                    require(line, f'gives the date "{match.group(0)}"', author, pointed)
    return found


def shape(essay: Essay, slugs: set[str]) -> list[Problem]:
    """The length, the number of themes and the links to other essays an editor expects."""
    found = []
    if not WORDS[0] <= essay.words <= WORDS[1]:
        found.append(
            Problem(essay.path, essay.body_line, f"{essay.words} words; an essay has {WORDS[0]} to {WORDS[1]:,}")
        )
    if not THEMES[0] <= len(essay.themes) <= THEMES[1]:
        line = essay.lines.get("themes", 1)
        found.append(Problem(essay.path, line, f"{len(essay.themes)} themes; an essay has {THEMES[0]} to {THEMES[1]}"))
    targets = set(_ESSAY_LINK.findall(essay.body)) - {essay.slug}
    if not targets & slugs:
        found.append(
            Problem(essay.path, essay.body_line, "links to no other essay; link to one it answers or builds on")
        )
    return found


def unused_themes(vocabulary: Vocabulary, essays: tuple[Essay, ...]) -> list[Problem]:
    used = {t for e in essays for t in e.themes}
    return [
        Problem(THEMES_FILE, 1, f"theme '{t.slug}' is used by no published essay")
        for t in vocabulary.themes
        if t.slug not in used
    ]


def review(root: Path, captures: Path | None, only: set[str] | None = None) -> list[Problem]:
    """Every finding of the checklist on the published essays at `root` (or those of `only`)."""
    loaded = load_content(root)
    if loaded.vocabulary is None or loaded.problems:
        return list(loaded.problems)  # the check's problems come first: run ./tasks check
    published = tuple(e for e in loaded.essays if not e.draft)
    pieces = known_pieces(published, captured_texts(captures) if captures else {})
    slugs = {e.slug for e in published}
    chosen = [e for e in published if only is None or e.path in only]
    found = [p for essay in chosen for p in (*unlisted(essay, pieces), *shape(essay, slugs))]
    if only is None:
        found += unused_themes(loaded.vocabulary, published)
    return sorted(found)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="./tasks editorial", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="essays to review (default: every published essay)")
    parser.add_argument("--captures", type=Path, help="a folder of captured sources with titles.txt")
    args = parser.parse_args(argv)
    only = {f"{ESSAYS_DIR}/{p.name}" for p in args.paths} if args.paths else None
    found = review(root, args.captures, only)
    for finding in found:
        print(finding)
    print(f"{len(found)} finding(s) for the editor" if found else "the editorial checklist finds nothing")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
