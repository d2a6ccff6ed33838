"""The one error type of the project: a problem in a file, at a line, with a fix.

Every check (front-matter, vocabularies, file names, rendered HTML) reports
`Problem`s instead of raising, so a contributor sees every mistake in one run
rather than one per attempt.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


def shown(text: str) -> str:
    """Text as it may be printed on one line: every control, format or unassigned character written as an
    escape, so that nothing a file holds (a newline in a YAML key, a terminal escape) reaches the terminal or
    the CI log as itself, where `::error` at the start of a line is read as GitHub's workflow command."""
    if text.isascii() and text.isprintable():  # the common case, which the escapes leave as it is
        return text
    return "".join(
        c
        if c == " " or unicodedata.category(c)[0] not in "CZ"
        else f"\\u{ord(c):04x}"
        if ord(c) > 0xFF
        else f"\\x{ord(c):02x}"
        for c in text
    )


# What no page or feed may carry. XML 1.0, which the feeds are, allows tab, newline and carriage return of the
# control characters, and no surrogate or non-character (U+FDD0 to U+FDEF and the last two of every plane);
# the direction overrides would let a line read otherwise than it is stored.
_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
UNREADABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]"
)


# Every character of `UNREADABLE` in the first plane, and every character from U+FFFE on: a class the regular
# expression engine tests by a table, where `UNREADABLE`'s non-characters of the other planes make it a list of
# ranges tried one by one, which took half of reading an essay. A character past U+FFFF is rare, and is then
# tested against `UNREADABLE` itself.
_MAYBE_UNREADABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u202a-\u202e\u2066-\u2069\ufffe-\U0010ffff]"
)


def first_unreadable(text: str) -> int | None:
    """Where the first character of `UNREADABLE` is in `text`, or None."""
    at = 0
    while found := _MAYBE_UNREADABLE.search(text, at):
        if UNREADABLE.match(text, found.start()):
            return found.start()
        at = found.start() + 1
    return None


def unreadable_character(text: str) -> str:
    """'a control character (\\x01)' when `text` holds a character no page or feed can carry, else ''."""
    at = first_unreadable(text)
    if at is None:
        return ""
    c = text[at]
    if unicodedata.category(c) == "Cc":
        return f"a control character ({shown(c)})"
    if unicodedata.category(c) == "Cs":
        return f"a broken character ({shown(c)})"
    if unicodedata.category(c) == "Cf":
        return f"a character that reverses the direction of text ({shown(c)})"
    return f"a Unicode non-character ({shown(c)})"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}" if self.line else shown(self.path)
        return f"{where}: {shown(self.message)}"

    def github_annotation(self) -> str:
        """GitHub Actions' workflow command, so the message lands on the line in a pull request."""
        # GitHub's escapes for a workflow command: % in both, and , and : in a property's value.
        text = shown(self.message).replace("%", "%25")
        path = shown(self.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        # A problem of the whole file goes on its first line: GitHub shows an annotation without a line only in
        # the Checks tab, where a writer looking at "Files changed" never sees it.
        return f"::error file={path},line={self.line or 1}::{text}"


class InvalidContent(Exception):
    """Raised by the build when any essay or vocabulary has problems."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The end of a message about a misspelt entry: " — did you mean 'x'?" when one is close, else "."."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else "."
