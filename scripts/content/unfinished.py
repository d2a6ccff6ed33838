"""Half-finished text: what a writer meant to replace or complete, and would otherwise publish as it stands.

Python-Markdown renders all of it without a word: the template's own sentences as prose, `{title}` as
braces, `[An essay's title]` (a link without its address) as bracketed text, `[^2]` without its note as
itself, and a note nobody refers to not at all. The rules read the essay's source, outside code, where
each of these is still what the writer typed, so each problem is reported at its line with the fix.

The template is `templates/essay.md`, read where the check runs: what it says is what a writer copied.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scripts.content.frontmatter import split
from scripts.content.model import PLACEHOLDER, Essay, slugify
from scripts.content.problems import Problem

TEMPLATE_FILE = "templates/essay.md"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
# `[words]` standing alone: not an image (`![`), a footnote (`[^`), an abbreviation (`*[`), a reference
# link (`[words][ref]`, `[words](...)`) or a definition (`[words]: ...`).
_BRACKETED = re.compile(r"(?<![!\]\\*])\[([^\[\]\n^][^\[\]\n]*)\](?![(\[:])")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MIN_PASSAGE_WORDS = 4  # shorter than this, a sentence of the template could be a writer's own


@dataclass(frozen=True)
class Template:
    """What a writer copies from the template and must replace: its front-matter's example values, and the
    sentences and headings of its body, each as `_plain` gives it. A short sentence or heading ("A section
    heading") counts only as a whole paragraph, for inside a longer one it could be the writer's own words;
    a longer one counts wherever it is found."""

    values: dict[str, str]
    anywhere: tuple[str, ...]
    whole: frozenset[str]


def read_template(root: Path) -> Template | None:
    """The template of the project at `root`, or None where it has none (a test's project)."""
    path = root / TEMPLATE_FILE
    if not path.is_file():
        return None
    parts, _ = split(TEMPLATE_FILE, path.read_text(encoding="utf-8"))
    if parts is None or parts.meta is None:
        return None
    values = {}
    if isinstance(parts.meta.value, dict):
        values = {k: n.value for k, n in parts.meta.value.items() if n.kind == "text" and isinstance(n.value, str)}
    passages = []
    for paragraph in _paragraphs(_prose_lines(parts.body)):
        text = " ".join(line for _, line in paragraph)
        passages += [p for s in _SENTENCE_END.split(text) if (p := _plain(s))]
    passages = list(dict.fromkeys(passages))
    return Template(
        values,
        tuple(p for p in passages if len(p.split()) >= _MIN_PASSAGE_WORDS),
        frozenset(p for p in passages if len(p.split()) < _MIN_PASSAGE_WORDS),
    )


def _plain(text: str) -> str:
    """Text as compared with the template: lower case, one space between words, Markdown's marks gone."""
    return " ".join(re.sub(r"[#*_`>\[\]()]", " ", text).casefold().split())


def _prose_lines(body: str) -> list[tuple[int, str]]:
    """(offset in the body, line) of every line outside fenced code, with code spans blanked out."""
    lines = []
    fence = ""
    for offset, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        # Each rule's pattern is tried only on lines holding the character it starts with: the regular
        # expressions scanned every line of every essay, a tenth of the check's time at 1,000 essays.
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        lines.append((offset, line))
    return lines


def _paragraphs(lines: list[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    """Runs of consecutive non-blank lines; a heading is a paragraph of its own."""
    run: list[tuple[int, str]] = []
    for offset, line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            if run:
                yield run
            run = [(offset, line)] if line.strip() else []
            if run:
                yield run
                run = []
        else:
            run.append((offset, line))
    if run:
        yield run


def _quoted(text: str, words: int = 8) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")


def check_unfinished(essay: Essay, template: Template | None, titles: Iterable[Essay]) -> list[Problem]:
    """Every half-finished piece of `essay`'s text; `titles`, the essays a bracketed title may name."""
    problems: list[Problem] = []
    lines = _prose_lines(essay.body)

    def report(offset: int, message: str) -> None:
        problems.append(Problem(essay.path, essay.body_line + offset, message))

    if template is not None:
        for key, value in template.values.items():
            if key in essay.lines and getattr(essay, key, None) == value:
                problems.append(
                    Problem(
                        essay.path,
                        essay.lines[key],
                        f"'{key}' is still the template's example ('{_quoted(value)}'); write your own",
                    )
                )
        for paragraph in _paragraphs(lines):
            plain_lines = [(offset, _plain(line)) for offset, line in paragraph]
            text = " ".join(line for _, line in plain_lines)
            found = [(text.find(passage), passage) for passage in template.anywhere]
            found += [(0, text)] if text in template.whole else []
            for at, passage in found:
                if at >= 0:
                    report(
                        _offset_at(plain_lines, at),
                        f"this is the template's own text ('{_quoted(passage)}'); replace it with your essay, or "
                        "delete it",
                    )
    for offset, line in lines:
        for left in PLACEHOLDER.finditer(line) if "{" in line else ():
            report(
                offset,
                f"{left.group()} is a placeholder left from the template; replace it with what it stands for",
            )
    problems += _bracketed_titles(essay, lines, titles)
    problems += _footnotes(essay, lines)
    return problems


def _offset_at(plain_lines: list[tuple[int, str]], at: int) -> int:
    """The body offset of the line that holds character `at` of the paragraph's lines joined by spaces."""
    seen = 0
    for offset, line in plain_lines:
        seen += len(line) + 1
        if at < seen:
            return offset
    return plain_lines[-1][0]


@functools.cache
def _title_keys(title: str) -> tuple[str, ...]:
    """What a bracketed text is compared with: the title, and its main part before a subtitle ("The missing
    narrative: who tells…") when that is more than one word. Remembered: every essay is compared with every
    title, and making them again for each essay was most of the check's time at 1,000 essays."""
    main = slugify(re.split(r"[:?]", title)[0])
    return (slugify(title), main) if main.count("-") >= 1 else (slugify(title),)


def _bracketed_titles(essay: Essay, lines: list[tuple[int, str]], titles: Iterable[Essay]) -> list[Problem]:
    """`[An essay's title]` without an address: meant as a link, shown as bracketed text."""
    found_any = [(offset, found) for offset, line in lines if "[" in line for found in _BRACKETED.finditer(line)]
    if not found_any:
        return []  # most essays: no bracketed text, so no title to compare it with
    by_slug: dict[str, Essay] = {}
    for other in titles:
        if other.slug != essay.slug:
            for key in _title_keys(other.title):
                by_slug.setdefault(key, other)
    defined = {slugify(d) for d in _REFERENCE_DEF.findall(essay.body)}
    problems = []
    for offset, found in found_any:
        words = slugify(found.group(1))
        if not words or words in defined:
            continue
        close = difflib.get_close_matches(words, list(by_slug), n=1, cutoff=0.85)
        if close:
            other = by_slug[close[0]]
            problems.append(
                Problem(
                    essay.path,
                    essay.body_line + offset,
                    f"[{found.group(1)}] names the essay '{other.title}' but links nowhere (it would show "
                    f"as bracketed text); make it a link: [{found.group(1)}]({other.slug}.md)",
                )
            )
    return problems


def _footnotes(essay: Essay, lines: list[tuple[int, str]]) -> list[Problem]:
    """A footnote marker with no note (shown as `[^2]` itself) and a note no marker refers to (shown at the
    end, with a link back to a marker that is not there)."""
    notes: dict[str, int] = {}
    markers: dict[str, int] = {}
    for offset, line in lines:
        if "[^" not in line:
            continue
        note = _FOOTNOTE_DEF.match(line)
        if note:
            notes.setdefault(note.group(1), offset)
        for marker in _FOOTNOTE_REF.finditer(line[note.end() :] if note else line):
            markers.setdefault(marker.group(1), offset)
    problems = []
    for name, offset in markers.items():
        if name not in notes:
            problems.append(
                Problem(
                    essay.path,
                    essay.body_line + offset,
                    f"footnote [^{name}] has no note, so it would show as '[^{name}]'; add the note on a line of "
                    f"its own at the end of the essay ([^{name}]: the note), or remove the marker",
                )
            )
    for name, offset in notes.items():
        if name not in markers:
            problems.append(
                Problem(
                    essay.path,
                    essay.body_line + offset,
                    f"the note [^{name}] is never referred to, so its link back to the text would go nowhere; put "
                    f"[^{name}] in the text where the note belongs, or remove the note",
                )
            )
    return problems
