"""Read one essay file into an `Essay`, or into the problems that stop it.

The checks follow `ESSAY_FIELDS` and `SOURCE_FIELDS` in `scripts.content.model`, so a
new field is declared once. Every problem found is returned, not just the
first, each at the line of the key it concerns.
"""

from __future__ import annotations

import datetime

from scripts.content.fields import Context, checked_values
from scripts.content.frontmatter import decode, split
from scripts.content.model import EARLIEST_ESSAY, ESSAY_FIELDS, Essay, Vocabulary
from scripts.content.problems import Problem


def load_essay(
    path: str, slug: str, data: bytes, vocabulary: Vocabulary, today: datetime.date | None = None
) -> tuple[Essay | None, list[Problem]]:
    """The essay in `data` (the bytes of `path`) and every problem found; `today` bounds its date.

    With no problem, the essay is complete. With problems, it is never to be published, but it is still
    returned whenever its text could be found, with what of its front-matter passed (the rest left empty), so
    that the check can judge the text in the same run: a writer sees every problem at once, not in rounds.
    None when not even the text could be found.
    """
    text, problems = decode(path, data)
    if text is None:
        return None, problems
    parts, problems = split(path, text)
    if parts is None:
        return None, problems
    ctx = Context(path, vocabulary, today)
    ctx.problems += problems
    values: dict[str, object] = {}
    if parts.meta is not None:
        if isinstance(parts.meta.value, dict):
            values = checked_values(parts.meta, ESSAY_FIELDS, ctx, "front-matter") or {}
        else:
            ctx.report(parts.meta.line, f"front-matter must be 'key: value' lines, not a {parts.meta.kind}")
    if not parts.body.strip() and parts.meta is not None:  # with no front-matter at all, that is the problem
        ctx.report(parts.body_line, "the essay has no text after the front-matter")
    date = values.get("date")
    corrections = values.get("corrections") or ()
    if isinstance(date, str):
        for note in corrections:  # type: ignore[attr-defined]
            if note.date <= datetime.date.fromisoformat(date):
                ctx.report(
                    note.line,
                    f"'date': {note.date.isoformat()} is not after the essay's date ({date}); date the note the day "
                    "the published essay was changed (a change made before it was published needs no note)",
                )
                corrections = ()
    essay = Essay(
        slug=slug,
        path=path,
        title=values.get("title") or slug,  # type: ignore[arg-type]
        authors=values.get("author") or (),  # type: ignore[arg-type]
        date=datetime.date.fromisoformat(date) if isinstance(date, str) else EARLIEST_ESSAY,
        themes=values.get("themes") or (),  # type: ignore[arg-type]
        summary=values.get("summary") or "",  # type: ignore[arg-type]
        sources=values.get("sources") or (),  # type: ignore[arg-type]
        corrections=corrections,  # type: ignore[arg-type]
        draft=bool(values.get("draft", False)),
        body=parts.body,
        body_line=parts.body_line,
        lines={key: node.line for key, node in parts.meta.value.items()} if values else {},
    )
    return essay, ctx.problems
