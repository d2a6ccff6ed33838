"""The site's open data: the corpus and its analysis as files, from the same findings as the pages.

`data_files` gives every file of `data/` (path in the built site, bytes), one at a time, and `data_page` the
page that lists them. Nothing here computes anything of its own: each value is read from the essays, the vocabulary and
`scripts.analysis.findings.Findings`, exactly as the page generators read them, so the files cannot disagree
with the pages (tests/site/test_data.py compares them with the built pages). The bytes depend only on the
content, the site's address and the day's year (the charts run to it): two builds of the same commit give the
same files.

- `data/essays.json`: every published essay's metadata (title, authors, date, last change, themes, summary,
  sources, related essays with the themes they share, the other side with the themes that oppose, the notes of
  corrections and updates, URL and history), described by `data/essays.schema.json`;
- `data/themes.json`: the vocabulary (lenses and themes, with their descriptions, their essays' count and the
  themes they occur with), described by `data/themes.schema.json`;
- `data/essays.csv`, `data/sources.csv`, `data/corrections.csv`: the same, flat, for spreadsheets;
- `data/cooccurrence.csv`: the themes index's matrix; `data/charts/<theme>-per-year.csv` and `.svg`: each
  theme's chart.
"""

from __future__ import annotations

import csv
import datetime
import functools
import gc
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from scripts.analysis.findings import Findings, Link
from scripts.content.addresses import href, page_url, theme_uri
from scripts.content.model import CORRECTION_KINDS, Essay, Vocabulary
from scripts.pages.charts import year_svg
from scripts.pages.format import Fragments, attr
from scripts.pages.licence import CONTENT_NAME, CONTENT_TITLE, CONTENT_URL, HOLDER, QUOTED
from scripts.pages.themes import COOCCURRENCE_CSV, chart_files, theme_chart

URI = "data.md"
ESSAYS_JSON = "data/essays.json"
ESSAYS_SCHEMA = "data/essays.schema.json"
THEMES_JSON = "data/themes.json"
THEMES_SCHEMA = "data/themes.schema.json"
ESSAYS_CSV = "data/essays.csv"
SOURCES_CSV = "data/sources.csv"
CORRECTIONS_CSV = "data/corrections.csv"
LIST_SEPARATOR = "; "  # between the items of a list in one CSV cell

ESSAYS_CSV_COLUMNS = (
    "slug",
    "url",
    "title",
    "authors",
    "date",
    "last_changed",
    "themes",
    "summary",
    "sources",
    "related",
    "other_side",
    "corrections",
)


def _licence() -> dict[str, str]:
    return {"name": CONTENT_TITLE, "url": CONTENT_URL, "attribution": HOLDER, "note": f"{QUOTED.capitalize()}."}


def _url(base: str, uri: str) -> str:
    return base + page_url(uri)


def _link(link: Link, with_answers: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"slug": link.essay.slug, "themes": list(link.themes)}
    if with_answers:
        item["answers"] = list(link.answers)
    return item


def essay_record(essay: Essay, found: Findings, base: str, history: str | None) -> dict[str, Any]:
    """One essay as `data/essays.json` lists it."""
    sources = []
    for s in essay.sources:
        source = {"title": s.title, "author": s.author, "publisher": s.publisher, "published": s.published}
        if s.url:
            source["url"] = s.url
        sources.append(source)
    return {
        "slug": essay.slug,
        "url": _url(base, essay.src_uri),
        "title": essay.title,
        "authors": list(essay.authors),
        "date": essay.date.isoformat(),
        "last_changed": essay.last_changed.isoformat(),
        "themes": list(essay.themes),
        "summary": essay.summary,
        "words": essay.words,
        "sources": sources,
        "related": [_link(link, False) for link in found.related[essay.slug]],
        "other_side": [_link(link, True) for link in found.other_side[essay.slug]],
        "corrections": [{"date": c.date.isoformat(), "kind": c.kind, "note": c.note} for c in essay.corrections],
        "history": history,
    }


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json(data: Any) -> bytes:
    """Compact JSON, keys in the order written, one final newline: the same data gives the same bytes."""
    return (_json_text(data) + "\n").encode("utf-8")


class _CsvText:
    """RFC 4180 CSV (comma, double quotes where needed, CRLF line ends), UTF-8 without a byte-order mark, written
    a row at a time."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self._out = io.StringIO()
        self._writer = csv.writer(self._out, lineterminator="\r\n")
        self._writer.writerow(header)

    def write(self, row: list[Any]) -> None:
        self._writer.writerow(row)

    def bytes(self) -> bytes:
        return self._out.getvalue().encode("utf-8")


def _csv(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    out = _CsvText(header)
    for row in rows:
        out.write(row)
    return out.bytes()


def _collector_paused(make: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """`make`'s items with the garbage collector paused until the last is made (consume them all)."""

    @functools.wraps(make)
    def paused(*args: Any, **kwargs: Any) -> Iterator[Any]:
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield from make(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_collector_paused
def data_files(
    essays: list[Essay],
    vocabulary: Vocabulary,
    found: Findings,
    *,
    site_name: str,
    site_url: str,
    today: datetime.date,
    histories: dict[str, str | None],
) -> Iterator[tuple[str, bytes]]:
    """Every file of `data/`, one at a time: (path in the built site, bytes). `essays` are the published ones,
    newest first; `histories` the repository's history of each essay's file, by slug (None where the build has
    no repository). Made as they are asked for, so that the caller can write each and let it go: held together
    until MkDocs wrote them, they added a twentieth to a 5,000-essay build's peak memory.

    The garbage collector is paused until the last is made: every object made here lives until its file is
    written, and at 5,000 essays the collections, each walking the whole corpus, were a third of the time."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    # One essay at a time: its record becomes its JSON text and its CSV row at once, and is let go, so the
    # records of every essay (small objects by the million at 5,000 essays) are never held together.
    join = LIST_SEPARATOR.join
    parts: list[str] = []
    rows = _CsvText(ESSAYS_CSV_COLUMNS)
    for e in essays:
        r = essay_record(e, found, base, histories.get(e.slug))
        parts.append(_json_text(r))
        rows.write(
            [
                r["slug"],
                r["url"],
                r["title"],
                join(r["authors"]),
                r["date"],
                r["last_changed"],
                join(r["themes"]),
                r["summary"],
                len(r["sources"]),
                join(link["slug"] for link in r["related"]),
                join(link["slug"] for link in r["other_side"]),
                len(r["corrections"]),
            ]
        )
    head = {"$schema": "essays.schema.json", "title": f"{site_name}: essays", "url": base, "licence": _licence()}
    # The same bytes as _json(head | {"essays": records}): the head's text without its closing brace, then the list.
    essays_json = _json_text(head)[:-1] + ',"essays":[' + ",".join(parts) + "]}\n"
    del parts
    yield ESSAYS_JSON, essays_json.encode("utf-8")
    del essays_json
    yield ESSAYS_CSV, rows.bytes()
    del rows
    yield ESSAYS_SCHEMA, _json(essays_schema(site_name))
    yield THEMES_JSON, _json(themes_record(vocabulary, found, site_name, base))
    yield THEMES_SCHEMA, _json(themes_schema(site_name))
    yield (
        SOURCES_CSV,
        _csv(
            ("essay", "title", "author", "publisher", "published", "url"),
            [[e.slug, s.title, s.author, s.publisher, s.published, s.url or ""] for e in essays for s in e.sources],
        ),
    )
    yield (
        CORRECTIONS_CSV,
        _csv(
            ("date", "kind", "essay", "title", "note", "url"),
            [
                [
                    n.correction.date.isoformat(),
                    n.correction.kind,
                    n.essay.slug,
                    n.essay.title,
                    n.correction.note,
                    _url(base, n.essay.src_uri),
                ]
                for n in found.corrections
            ],
        ),
    )
    themes = [t.slug for lens in vocabulary.lenses for t in vocabulary.themes_of_lens(lens.slug)]
    yield (
        COOCCURRENCE_CSV,
        _csv(
            ("theme", "other_theme", "essays"),
            [[a, b, found.pairs[a, b]] for a in themes for b in themes if a != b and found.pairs[a, b]],
        ),
    )
    for theme in vocabulary.themes:
        chart = theme_chart(theme, found, today)
        csv_path, svg_path = chart_files(theme.slug)
        yield csv_path, _csv(("year", "pieces_discussed"), [[y, n] for y, n in chart.series])
        svg = year_svg(chart.series, chart_id=chart.chart_id, title=chart.title, standalone=True)
        yield svg_path, ('<?xml version="1.0" encoding="utf-8"?>\n' + svg + "\n").encode("utf-8")


def themes_record(vocabulary: Vocabulary, found: Findings, site_name: str, base: str) -> dict[str, Any]:
    """The vocabulary as `data/themes.json` holds it: each theme with the counts its page shows."""
    index = found.index
    return {
        "$schema": "themes.schema.json",
        "title": f"{site_name}: themes",
        "url": base,
        "licence": _licence(),
        "lenses": [
            {
                "slug": lens.slug,
                "name": lens.name,
                "summary": lens.summary,
                "description": lens.description,
                "themes": [t.slug for t in vocabulary.themes_of_lens(lens.slug)],
            }
            for lens in vocabulary.lenses
        ],
        "themes": [
            {
                "slug": t.slug,
                "name": t.name,
                "lens": t.lens,
                "url": _url(base, theme_uri(t.slug)),
                "description": t.description,
                "related": list(t.related),
                "opposing": list(t.opposing),
                "essays": len(index.by_theme.get(t.slug, ())),
                "occurs_with": [
                    {"theme": other, "essays": n}
                    for other, n in sorted(
                        ((o, found.pairs[t.slug, o]) for o in vocabulary.theme if found.pairs[t.slug, o]),
                        key=lambda p: (-p[1], list(vocabulary.theme).index(p[0])),
                    )
                ],
            }
            for t in vocabulary.themes
        ],
    }


_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}


def _obj(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
        "additionalProperties": False,
    }


def _described(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, **schema}


def _licence_schema() -> dict[str, Any]:
    return _described(
        "The licence of the data: Creative Commons Attribution 4.0, credited to the holder named in attribution.",
        _obj({k: {"type": "string"} for k in ("name", "url", "attribution", "note")}),
    )


def essays_schema(site_name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `data/essays.json`, each field described."""
    text = {"type": "string"}
    slugs = {"type": "array", "items": _SLUG}
    link = {
        "slug": _described("the other essay's slug, as in this file", _SLUG),
        "themes": _described("the themes that explain the link, in the other essay's order", slugs),
    }
    return {
        "$schema": _DRAFT,
        "title": f"{site_name}: essays",
        "description": (
            "Every published essay's metadata, newest first, as the site shows it. Generated with the site by "
            "scripts/pages/data.py; licensed CC BY 4.0."
        ),
        **_obj(
            {
                "$schema": text,
                "title": text,
                "url": _described("the site's address", text),
                "licence": _licence_schema(),
                "essays": {
                    "type": "array",
                    "items": _obj(
                        {
                            "slug": _described("the essay's file name without .md, and the end of its address", _SLUG),
                            "url": _described("the essay's page", text),
                            "title": text,
                            "authors": _described(
                                "the essay's authors, as the byline names them", {"type": "array", "items": text}
                            ),
                            "date": _described("the day the essay was published", _DATE),
                            "last_changed": _described(
                                "the day of its newest correction or update, else its date", _DATE
                            ),
                            "themes": _described("theme slugs of data/themes.json, in the essay's order", slugs),
                            "summary": text,
                            "words": _described("the words a reader reads", {"type": "integer", "minimum": 0}),
                            "sources": _described(
                                "the published pieces the essay discusses",
                                {
                                    "type": "array",
                                    "items": _obj(
                                        {
                                            "title": text,
                                            "author": _described("a person or an organisation", text),
                                            "publisher": text,
                                            "published": _described(
                                                "YYYY-MM-DD, or YYYY-MM where the day is not known",
                                                {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"},
                                            ),
                                            "url": text,
                                        },
                                        optional=("url",),
                                    ),
                                },
                            ),
                            "related": _described(
                                "the related essays the page lists, most telling first, with the themes they share",
                                {"type": "array", "items": _obj(link)},
                            ),
                            "other_side": _described(
                                "the essays on a theme that opposes one of this essay's own, with those themes "
                                "(themes) and the essay's own themes they oppose (answers)",
                                {"type": "array", "items": _obj({**link, "answers": slugs})},
                            ),
                            "corrections": _described(
                                "the notes of corrections and updates since publication, newest first",
                                {
                                    "type": "array",
                                    "items": _obj(
                                        {"date": _DATE, "kind": {"enum": list(CORRECTION_KINDS)}, "note": text}
                                    ),
                                },
                            ),
                            "history": _described(
                                "every change to the essay's file, in the repository (null without one)",
                                {"type": ["string", "null"]},
                            ),
                        }
                    ),
                },
            }
        ),
    }


def themes_schema(site_name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `data/themes.json`, each field described."""
    text = {"type": "string"}
    slugs = {"type": "array", "items": _SLUG}
    count = {"type": "integer", "minimum": 0}
    return {
        "$schema": _DRAFT,
        "title": f"{site_name}: themes",
        "description": (
            "The site's vocabulary: lenses and their themes, each theme with the count of published essays "
            "carrying it and the themes it occurs with. Generated with the site by scripts/pages/data.py; "
            "licensed CC BY 4.0."
        ),
        **_obj(
            {
                "$schema": text,
                "title": text,
                "url": text,
                "licence": _licence_schema(),
                "lenses": {
                    "type": "array",
                    "items": _obj(
                        {
                            "slug": _SLUG,
                            "name": text,
                            "summary": text,
                            "description": text,
                            "themes": _described("the lens's themes, in vocabulary order", slugs),
                        }
                    ),
                },
                "themes": {
                    "type": "array",
                    "items": _obj(
                        {
                            "slug": _SLUG,
                            "name": text,
                            "lens": _described("the slug of its lens", _SLUG),
                            "url": _described("the theme's page", text),
                            "description": text,
                            "related": slugs,
                            "opposing": slugs,
                            "essays": _described("published essays carrying the theme", count),
                            "occurs_with": _described(
                                "the themes published essays carry with it, most often first, with how many",
                                {"type": "array", "items": _obj({"theme": _SLUG, "essays": count})},
                            ),
                        }
                    ),
                },
            }
        ),
    }


def _row(path: str, what: str, fmt: str) -> str:
    name = attr(path.removeprefix("data/"))
    return f'<tr><td><a href="{href(URI, path)}" download>{name}</a></td><td>{fmt}</td><td>{what}</td></tr>'


def data_page(
    vocabulary: Vocabulary, site_name: str, site_url: str, newest: datetime.date | None, fragments: Fragments
) -> str:
    """The Data page: every file of `data/`, its licence and how to cite it. `newest`: the day of the newest
    essay or change, the year the reference gives."""
    rows = [
        _row(
            ESSAYS_JSON, "every published essay: metadata, sources, related essays, the other side, corrections", "JSON"
        ),
        _row(ESSAYS_SCHEMA, "the JSON Schema of essays.json, each field described", "JSON Schema"),
        _row(ESSAYS_CSV, f"one row per essay; lists in a cell are separated by “{LIST_SEPARATOR.strip()}”", "CSV"),
        _row(SOURCES_CSV, "one row per piece an essay discusses", "CSV"),
        _row(CORRECTIONS_CSV, "one row per note of a correction or update, newest first", "CSV"),
        _row(THEMES_JSON, "the vocabulary: lenses, themes, their descriptions and counts", "JSON"),
        _row(THEMES_SCHEMA, "the JSON Schema of themes.json", "JSON Schema"),
        _row(COOCCURRENCE_CSV, "how many essays carry each pair of themes (the themes index's matrix)", "CSV"),
    ]
    charts = []
    for theme in vocabulary.themes:
        csv_path, svg_path = chart_files(theme.slug)
        charts.append(
            f'<li>{attr(theme.name)}: <a href="{href(URI, csv_path)}" download>CSV</a> · '
            f'<a href="{href(URI, svg_path)}" download>SVG</a></li>'
        )
    year = newest.year if newest else ""
    listing = (
        '<table><thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">What it holds</th>'
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n"
        "<p>Each theme's chart of pieces discussed per year, as its page shows it:</p>\n<ul>"
        + "".join(charts)
        + "</ul>\n"
    )
    return "\n".join(
        [
            "# Data\n",
            "The essays' metadata and the site's analysis, as files to download and reuse. They are written by the "
            "same build as the pages, from the same analysis, so each count and relation in them is the one the "
            "pages show; they change when an essay is published, corrected or updated.\n",
            "## The files\n",
            fragments.defer(listing),
            "## Licence\n",
            f"The data, like the essays, the vocabulary's descriptions and the charts, is published under the "
            f"[{CONTENT_TITLE} licence ({CONTENT_NAME})]({CONTENT_URL}): you may share and adapt it, for any "
            f"purpose, if you credit *{HOLDER}* and link to this page. Quoted material in the essays' summaries and "
            "notes remains its authors'. The site's code is under the MIT licence.\n",
            "## How to cite\n",
            f"{HOLDER} ({year}) *{site_name}: essays and themes data*. Available at: "
            + (f"<{site_url.rstrip('/')}/{page_url(URI)}>" if site_url else "the address of this page")
            + " (Accessed: the date you downloaded it).\n",
            "Cite an essay itself with the reference under its text, which names the version it cites.\n",
        ]
    )
