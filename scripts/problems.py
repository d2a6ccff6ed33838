"""The one error type of the project: a problem in a file, at a line, with a fix.

Every check (front-matter, vocabularies, file names, rendered HTML) reports
`Problem`s instead of raising, so a contributor sees every mistake in one run
rather than one per attempt.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def github_annotation(self) -> str:
        """GitHub Actions' workflow command, so the message lands on the line in a pull request."""
        # GitHub requires %, CR and LF escaped in the message of a workflow command.
        text = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        line = f",line={self.line}" if self.line else ""
        return f"::error file={self.path}{line}::{text}"


class InvalidContent(Exception):
    """Raised by the build when any essay or vocabulary has problems."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The end of a message about a misspelt entry: " — did you mean 'x'?" when one is close, else "."."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else "."
