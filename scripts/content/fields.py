"""Checks of located YAML values against field specs, shared by every loader.

Each check takes the key, the located value and a `Context`, reports what is
wrong at the value's line, and returns the clean value or None.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Container

from scripts.content.model import (
    CORRECTION_FIELDS,
    EARLIEST_ESSAY,
    EARLIEST_SOURCE,
    ESSAY_FIELDS,
    MAX_THEMES,
    PLACEHOLDER,
    SLUG_RE,
    SOURCE_FIELDS,
    Correction,
    FieldSpec,
    Source,
    Vocabulary,
    newest_notes_first,
)
from scripts.content.problems import Problem, did_you_mean, unreadable_character
from scripts.content.yamltree import CURLY_QUOTES, Node, parse_date

Check = Callable[[str, Node, "Context"], object]


class Context:
    """What a field check needs besides the value: where it is, and the vocabulary."""

    def __init__(self, path: str, vocabulary: Vocabulary, today: datetime.date | None = None):
        self.path = path
        self.vocabulary = vocabulary
        self.today = today or datetime.date.today()
        self.problems: list[Problem] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


def unknown_author(name: str, vocabulary: Vocabulary) -> str:
    """The message for a name missing from the authors vocabulary (also used by scripts.commands.new_essay)."""
    return (
        f"unknown author '{name}'{did_you_mean(name, vocabulary.author_by_name)} Authors are listed in "
        f"{vocabulary.authors_path}; add yourself there (name and a one-line bio)"
    )


def unknown_theme(slug: str, vocabulary: Vocabulary) -> str:
    """The message for a slug missing from the themes vocabulary (also used by scripts.commands.new_essay)."""
    close = did_you_mean(slug, vocabulary.theme)
    if close != ".":
        return f"unknown theme '{slug}'{close} Themes are listed in {vocabulary.themes_path}"
    return (
        f"unknown theme '{slug}': no theme in {vocabulary.themes_path} is close to it; choose the nearest from "
        f"that list, or propose '{slug}' as a new theme in the same pull request (CONTRIBUTING.md, "
        "'Proposing a new theme')"
    )


def _text(key: str, node: Node, ctx: Context) -> str | None:
    if node.kind == "empty value":
        ctx.report(node.line, f"'{key}' is empty; fill it in")
        return None
    if node.kind == "placeholder":
        ctx.report(node.line, placeholder(key, node.raw, ESSAY_FIELDS.get(key)))
        return None
    if node.kind != "text":
        ctx.report(
            node.line,
            f"'{key}' is read as a {node.kind} ({node.raw or '...'}), not as text; "
            f'put it in quotes: {key}: "{node.raw}"',
        )
        return None
    assert isinstance(node.value, str)
    if node.comment_dropped:
        ctx.report(
            node.line,
            f"'{key}': YAML reads everything after ' #' as a comment and drops it; put the whole value in quotes",
        )
        return None
    bad = unreadable_character(node.value)
    if bad:
        ctx.report(node.line, f"'{key}' holds {bad}, which cannot be published; remove it")
        return None
    text = " ".join(node.value.split())
    if not text:
        ctx.report(node.line, f"'{key}' is empty; fill it in")
        return None
    if text[0] in CURLY_QUOTES and text[-1] in CURLY_QUOTES and len(text) > 1:
        ctx.report(
            node.line,
            f"'{key}' is wrapped in curly quotes ({text[0]}…{text[-1]}), which YAML keeps as part of the text; "
            f'use straight double quotes: {key}: "{text[1:-1]}"',
        )
        return None
    return text


def placeholder(key: str, raw: str, spec: FieldSpec | None) -> str:
    """The message for a `{word}` left from the template (templates/essay.md), with what to write instead."""
    what = f"replace it with {spec.help}" if spec else "replace it with the value"
    return f"'{key}' still holds the template's placeholder {raw}; {what}"


def _listed(
    key: str,
    items: list[Node],
    ctx: Context,
    what: str,
    known: Container[str],
    unknown: Callable[[str, Vocabulary], str],
) -> tuple[str, ...] | None:
    """Each item a text that the vocabulary knows, each once; None if any is not."""
    found: list[str] = []
    for item in items:
        value = _text(key, item, ctx)
        if value is None:
            continue
        if value not in known:
            ctx.report(item.line, unknown(value, ctx.vocabulary))
        elif value in found:
            ctx.report(item.line, f"{what} '{value}' is listed twice; remove one")
        else:
            found.append(value)
    return tuple(found) if len(found) == len(items) else None


def _authors(key: str, node: Node, ctx: Context) -> tuple[str, ...] | None:
    items = node.value if isinstance(node.value, list) else [node]
    if isinstance(node.value, list) and not items:
        ctx.report(node.line, f"'{key}' is an empty list; name at least one author")
        return None
    return _listed(key, items, ctx, "author", ctx.vocabulary.author_by_name, unknown_author)


def _date(key: str, node: Node, ctx: Context, *, month_allowed: bool = False, changed: bool = False) -> str | None:
    """An essay's date (or, with `month_allowed`, a source's; with `changed`, a correction's), within the range the
    site publishes."""
    form = "YYYY-MM-DD or YYYY-MM" if month_allowed else "YYYY-MM-DD"
    raw = node.raw if node.kind in ("date", "text", "number") else ""
    if node.kind not in ("date", "text"):
        ctx.report(node.line, f"'{key}' must be a date written as {form}, not {node.raw or node.kind}")
        return None
    day = parse_date(raw, month_allowed=month_allowed)
    if day is None:
        ctx.report(node.line, f"'{key}': {raw!r} is not a real date written as {form}")
        return None
    earliest = EARLIEST_SOURCE if month_allowed else EARLIEST_ESSAY
    # A day's grace: a writer ahead of UTC may date an essay tomorrow by our clock.
    latest = ctx.today + datetime.timedelta(days=1)
    if changed and day > latest:
        ctx.report(
            node.line,
            f"'{key}': {raw.strip()} is in the future (today is {ctx.today.isoformat()}); date a correction or "
            "update the day the published essay was changed",
        )
        return None
    if not earliest <= day <= latest:
        what = "a piece's publication date" if month_allowed else "an essay's date"
        ctx.report(
            node.line,
            f"'{key}': {raw.strip()} is outside the range of {what}, {earliest.isoformat()} to today "
            f"({ctx.today.isoformat()}); check the year",
        )
        return None
    return raw.strip()


def _month_or_date(key: str, node: Node, ctx: Context) -> str | None:
    return _date(key, node, ctx, month_allowed=True)


def _change_date(key: str, node: Node, ctx: Context) -> str | None:
    return _date(key, node, ctx, changed=True)


def _themes(key: str, node: Node, ctx: Context) -> tuple[str, ...] | None:
    if not isinstance(node.value, list):
        ctx.report(node.line, f"'{key}' must be a list of theme slugs, like: {key}: [hierarchy, solidarity]")
        return None
    if not 1 <= len(node.value) <= MAX_THEMES:
        ctx.report(node.line, f"'{key}' has {len(node.value)} themes; give between 1 and {MAX_THEMES}")
        return None
    return _listed(key, node.value, ctx, "theme", ctx.vocabulary.theme, unknown_theme)


def _flag(key: str, node: Node, ctx: Context) -> bool | None:
    if node.kind != "true/false value":
        ctx.report(node.line, f"'{key}' must be true or false, not {node.raw or node.kind}")
        return None
    return bool(node.value)


def _url(key: str, node: Node, ctx: Context) -> str | None:
    url = _text(key, node, ctx)
    if url is not None and not url.startswith(("https://", "http://")):
        ctx.report(node.line, f"'{key}' must be a web address starting with https:// or http://, not {url!r}")
        return None
    return url


def check_mapping(node: Node, fields: dict[str, FieldSpec], ctx: Context, what: str) -> dict[str, object] | None:
    """Check a mapping against its field specs; the checked values, or None if any failed."""
    before = len(ctx.problems)
    values = checked_values(node, fields, ctx, what)
    return values if len(ctx.problems) == before else None


def checked_values(node: Node, fields: dict[str, FieldSpec], ctx: Context, what: str) -> dict[str, object] | None:
    """Check a mapping against its field specs, reporting every problem: the value of each key that passed, None
    for each that did not (so what passed can still be used to judge the rest of the file); None if `node` is
    not a mapping."""
    if not isinstance(node.value, dict):
        ctx.report(node.line, f"{what} must be a set of 'key: value' lines, not a {node.kind}")
        return None
    values: dict[str, object] = {}
    for key, value_node in node.value.items():
        spec = fields.get(key)
        if spec is None:
            ctx.report(
                value_node.line,
                f"unknown key '{key}' in {what}{did_you_mean(key, fields)} Allowed keys: {', '.join(fields)}",
            )
            continue
        if value_node.kind == "placeholder":
            ctx.report(value_node.line, placeholder(key, value_node.raw, spec))
            values[key] = None
            continue
        if spec.kind == "choice":
            values[key] = value = _choice(key, value_node, ctx, spec.choices)
        else:
            values[key] = value = CHECKS[spec.kind](key, value_node, ctx)
        if isinstance(value, str) and (left := PLACEHOLDER.search(value)):
            ctx.report(value_node.line, placeholder(key, left.group(), spec))
            values[key] = None
        elif isinstance(value, str) and spec.max_chars and len(value) > spec.max_chars:
            ctx.report(
                value_node.line,
                f"'{key}' is {len(value):,} characters long, over the limit of {spec.max_chars}; "
                + (
                    "shorten it to one sentence (the essay's text holds the detail)"
                    if spec.kind == "note"
                    else "shorten it to one or two sentences (it is shown whole in every listing)"
                ),
            )
            values[key] = None
    for key, spec in fields.items():
        if spec.required and key not in node.value:
            ctx.report(node.line, f"{what} has no '{key}': add {key}: {spec.help}")
    return values


def _sources(key: str, node: Node, ctx: Context) -> tuple[Source, ...] | None:
    if not isinstance(node.value, list):
        ctx.report(node.line, f"'{key}' must be a list of pieces, each starting with '- title: ...'")
        return None
    sources = []
    for i, item in enumerate(node.value, 1):
        values = check_mapping(item, SOURCE_FIELDS, ctx, f"source {i}")
        if values is not None:
            assert isinstance(item.value, dict)
            sources.append(Source(**values, line=item.value["author"].line))  # type: ignore[arg-type]
    return tuple(sources) if len(sources) == len(node.value) else None


# A note is shown as typed, in pages and feeds: Markdown's and HTML's marks would show as themselves.
_MARKUP = re.compile(r"[<>`*_\[\]]")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*$")
# A sentence ending inside the note: its mark, perhaps a closing quote or bracket, a space, and a capital letter
# or an opening quote.
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'’”)]*\s+[\"'‘“(]?[A-Z]")


def _note(key: str, node: Node, ctx: Context) -> str | None:
    """One plain sentence: text, with no Markdown or HTML, ending with a full stop (or ? or !)."""
    note = _text(key, node, ctx)
    if note is None:
        return None
    if mark := _MARKUP.search(note):
        ctx.report(
            node.line,
            f"'{key}' is shown as plain text, so Markdown and HTML would show as typed ({mark.group()!r}); "
            "write it without them",
        )
        return None
    if not _SENTENCE_END.search(note):
        ctx.report(node.line, f"'{key}' must be one sentence ending with a full stop; add the full stop")
        return None
    if _SENTENCE_INSIDE.search(note[:-1]):
        ctx.report(
            node.line,
            f"'{key}' holds more than one sentence; say what changed in one sentence (the essay's text holds "
            "the detail)",
        )
        return None
    return note


def _choice(key: str, node: Node, ctx: Context, choices: tuple[str, ...] = ()) -> str | None:
    word = _text(key, node, ctx)
    if word is not None and word not in choices:
        ctx.report(node.line, f"'{key}' must be one of {', '.join(choices)}, not {word!r}")
        return None
    return word


def _corrections(key: str, node: Node, ctx: Context) -> tuple[Correction, ...] | None:
    """Dated notes, each a mapping of `CORRECTION_FIELDS`; newest first. That each is dated after the essay is
    judged with the essay's own date (scripts.content.essay_loader)."""
    if not isinstance(node.value, list) or not node.value:
        ctx.report(
            node.line,
            f"'{key}' must be a list of notes, each starting with '- date: YYYY-MM-DD' followed by its kind and note",
        )
        return None
    notes = []
    for i, item in enumerate(node.value, 1):
        values = check_mapping(item, CORRECTION_FIELDS, ctx, f"correction {i}")
        if values is not None:
            assert isinstance(item.value, dict) and isinstance(values["date"], str)
            notes.append(
                Correction(
                    date=datetime.date.fromisoformat(values["date"]),
                    kind=str(values["kind"]),
                    note=str(values["note"]),
                    line=item.value["date"].line,
                )
            )
    return newest_notes_first(notes) if len(notes) == len(node.value) else None


def _slug(key: str, node: Node, ctx: Context) -> str | None:
    slug = _text(key, node, ctx)
    if slug is not None and not SLUG_RE.fullmatch(slug):
        ctx.report(node.line, f"'{key}': {slug!r} is not a slug; use lower-case letters, digits and hyphens")
        return None
    return slug


def _slugs(key: str, node: Node, ctx: Context) -> tuple[str, ...] | None:
    """A list of slugs that may be empty; whether they exist is the vocabulary's check."""
    if not isinstance(node.value, list):
        ctx.report(node.line, f"'{key}' must be a list, like: {key}: [hierarchy, solidarity]")
        return None
    slugs = [_slug(key, item, ctx) for item in node.value]
    return tuple(s for s in slugs if s is not None) if None not in slugs else None


CHECKS: dict[str, Check] = {
    "slug": _slug,
    "slugs": _slugs,
    "text": _text,
    "note": _note,
    "choice": _choice,
    "authors": _authors,
    "date": _date,
    "month-or-date": _month_or_date,
    "change-date": _change_date,
    "themes": _themes,
    "sources": _sources,
    "corrections": _corrections,
    "flag": _flag,
    "url": _url,
}
