"""Read the two vocabularies, `essays/themes.yml` and `essays/authors.yml`, into a `Vocabulary`.

They are checked like essays (located YAML, exact keys, `path:line:` messages),
plus the references between themes: a related or opposing theme must exist,
and opposition goes both ways.
"""

from __future__ import annotations

import re

from scripts.content.fields import Context, check_mapping
from scripts.content.frontmatter import decode, parse_yaml
from scripts.content.model import Author, FieldSpec, Lens, Theme, Vocabulary, slugify
from scripts.content.problems import Problem, did_you_mean
from scripts.content.yamltree import Node

LENS_FIELDS = {
    "slug": FieldSpec("slug", True, "the lens's URL name"),
    "name": FieldSpec("text", True, "the lens's name"),
    "summary": FieldSpec("text", True, "one line for the lens overview"),
    "description": FieldSpec("text", True, "a paragraph explaining the framework"),
}
# A lens's, theme's or author's slug of this name would take the address of the folder's own index page.
RESERVED_SLUGS = frozenset({"index"})
THEME_FIELDS = {
    "slug": FieldSpec("slug", True, "the theme's URL name, used in essays' themes lists"),
    "name": FieldSpec("text", True, "the theme's name as readers see it"),
    "lens": FieldSpec("slug", True, "the slug of the lens the theme belongs to"),
    "description": FieldSpec("text", True, "two to four sentences in our own words"),
    "related": FieldSpec("slugs", False, "slugs of related themes"),
    "opposing": FieldSpec("slugs", False, "slugs of opposing themes"),
}
AUTHOR_FIELDS = {
    "slug": FieldSpec("slug", True, "the author's URL name"),
    "name": FieldSpec("text", True, "the name as written in essays' author field"),
    "bio": FieldSpec("text", True, "a one-line biography"),
}


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text))


def _entries(node: Node | None, key: str | None, ctx: Context, what: str) -> list[Node]:
    """The list under `key` of a mapping (or the document itself when key is None)."""
    if node is None:
        return []
    if key is not None:
        if not isinstance(node.value, dict) or key not in node.value:
            ctx.report(node.line, f"expected a top-level '{key}:' list of {what}")
            return []
        node = node.value[key]
    if not isinstance(node.value, list):
        ctx.report(node.line, f"expected a list of {what}, each starting with '- slug: ...'")
        return []
    return node.value


def _read(path: str, data: bytes) -> tuple[Node | None, list[Problem]]:
    text, problems = decode(path, data)
    if text is None:
        return None, problems
    return parse_yaml(path, text)


def _unique(items: list[tuple[str, int]], ctx: Context, what: str, *, address: bool = False) -> None:
    """Each value once, compared as its address (`slugify`): 'Paul Corrigan' and 'paul corrigan' are one."""
    seen: dict[str, tuple[str, int]] = {}
    for value, line in items:
        key = slugify(value) or value
        if key in seen:
            first, at = seen[key]
            same = "" if first == value else f", as '{first}'"
            ctx.report(line, f"{what} '{value}' is defined twice (first on line {at}{same}); keep one")
        elif address and key in RESERVED_SLUGS:
            ctx.report(line, f"{what} '{value}' would take the address of a page the site makes itself; choose another")
        seen.setdefault(key, (value, line))


def load_vocabulary(
    themes_path: str, themes_data: bytes, authors_path: str, authors_data: bytes
) -> tuple[Vocabulary | None, list[Problem]]:
    themes_doc, problems = _read(themes_path, themes_data)
    tctx = Context(themes_path, None)  # type: ignore[arg-type]
    tctx.problems.extend(problems)
    lenses: list[Lens] = []
    for node in _entries(themes_doc, "lenses", tctx, "lenses"):
        values = check_mapping(node, LENS_FIELDS, tctx, "lens")
        if values is not None:
            lenses.append(Lens(**values))  # type: ignore[arg-type]
    themes: list[Theme] = []
    theme_lines: list[int] = []
    lines: dict[str, Node] = {}
    for node in _entries(themes_doc, "themes", tctx, "themes"):
        values = check_mapping(node, THEME_FIELDS, tctx, "theme")
        if values is None:
            continue
        theme = Theme(**{**values, "related": values.get("related") or (), "opposing": values.get("opposing") or ()})  # type: ignore[arg-type]
        themes.append(theme)
        theme_lines.append(node.line)
        lines.setdefault(theme.slug, node)
    _unique([(lens.slug, 0) for lens in lenses], tctx, "lens", address=True)
    _unique([(t.slug, line) for t, line in zip(themes, theme_lines, strict=True)], tctx, "theme", address=True)
    _unique([(t.name, line) for t, line in zip(themes, theme_lines, strict=True)], tctx, "theme name")
    lens_slugs = {lens.slug for lens in lenses}
    by_slug = {t.slug: t for t in themes}
    for t in themes:
        fields = lines[t.slug].value
        assert isinstance(fields, dict)
        if t.lens not in lens_slugs:
            tctx.report(
                fields["lens"].line, f"theme '{t.slug}': unknown lens '{t.lens}'{did_you_mean(t.lens, lens_slugs)}"
            )
        n = _sentences(t.description)
        if not 2 <= n <= 4:
            tctx.report(
                fields["description"].line, f"theme '{t.slug}': description has {n} sentences; write two to four"
            )
        for key in ("related", "opposing"):
            for other in getattr(t, key):
                if other not in by_slug:
                    hint = did_you_mean(other, by_slug)
                    tctx.report(fields[key].line, f"theme '{t.slug}': {key} theme '{other}' does not exist{hint}")
                elif other == t.slug:
                    tctx.report(fields[key].line, f"theme '{t.slug}' lists itself as {key}")
        for other in t.opposing:
            if other in by_slug and t.slug not in by_slug[other].opposing:
                tctx.report(
                    fields["opposing"].line,
                    f"theme '{t.slug}' opposes '{other}' but '{other}' does not oppose it; add it to both",
                )
    for lens in lenses:
        if not any(t.lens == lens.slug for t in themes):
            tctx.report(0, f"lens '{lens.slug}' has no themes; remove it or add a theme to it")

    authors_doc, problems = _read(authors_path, authors_data)
    actx = Context(authors_path, None)  # type: ignore[arg-type]
    actx.problems.extend(problems)
    authors: list[Author] = []
    author_lines: list[int] = []
    for node in _entries(authors_doc, None, actx, "authors"):
        values = check_mapping(node, AUTHOR_FIELDS, actx, "author")
        if values is not None:
            authors.append(Author(**values))  # type: ignore[arg-type]
            author_lines.append(node.line)
    _unique([(a.slug, line) for a, line in zip(authors, author_lines, strict=True)], actx, "author", address=True)
    _unique([(a.name, line) for a, line in zip(authors, author_lines, strict=True)], actx, "author name")

    problems = tctx.problems + actx.problems
    if problems:
        return None, problems
    return Vocabulary(tuple(lenses), tuple(themes), tuple(authors), themes_path, authors_path), []
