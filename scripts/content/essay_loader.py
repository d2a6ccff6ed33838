"""Read one essay file into an `Essay`, or into the problems that stop it.

The checks follow `ESSAY_FIELDS` and `SOURCE_FIELDS` in `scripts.content.model`, so a
new field is declared once. Every problem found is returned, not just the
first, each at the line of the key it concerns.
"""

from __future__ import annotations

import datetime

from scripts.content.fields import Context, check_mapping
from scripts.content.frontmatter import decode, split
from scripts.content.model import ESSAY_FIELDS, Essay, Vocabulary
from scripts.content.problems import Problem


def load_essay(
    path: str, slug: str, data: bytes, vocabulary: Vocabulary, today: datetime.date | None = None
) -> tuple[Essay | None, list[Problem]]:
    """The essay in `data` (the bytes of `path`), or None and every problem found; `today` bounds its date."""
    text, problems = decode(path, data)
    if text is None:
        return None, problems
    parts, problems = split(path, text)
    if parts is None:
        return None, problems
    ctx = Context(path, vocabulary, today)
    if not isinstance(parts.meta.value, dict):
        ctx.report(parts.meta.line, f"front-matter must be 'key: value' lines, not a {parts.meta.kind}")
        return None, ctx.problems
    values = check_mapping(parts.meta, ESSAY_FIELDS, ctx, "front-matter")
    if not parts.body.strip():
        ctx.report(parts.body_line, "the essay has no text after the front-matter")
    if values is None or ctx.problems:
        return None, ctx.problems
    essay = Essay(
        slug=slug,
        path=path,
        title=values["title"],  # type: ignore[arg-type]
        authors=values["author"],  # type: ignore[arg-type]
        date=datetime.date.fromisoformat(values["date"]),  # type: ignore[arg-type]
        themes=values["themes"],  # type: ignore[arg-type]
        summary=values["summary"],  # type: ignore[arg-type]
        sources=values.get("sources") or (),  # type: ignore[arg-type]
        draft=bool(values.get("draft", False)),
        body=parts.body,
        body_line=parts.body_line,
        lines={key: node.line for key, node in parts.meta.value.items()},
    )
    return essay, []
