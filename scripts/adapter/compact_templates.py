"""The theme's templates without the whitespace a browser does not show, taken out once as each is loaded
rather than from every page as it is written.

Material's templates indent their HTML and give each Jinja tag a line of its own: a tenth of an essay page's
bytes was that whitespace. Taking it out of every page's output with regular expressions cost a quarter of a
millisecond a page, about a tenth of the build's own work on the pages (PERFORMANCE.md). `compact` takes it
out of each template's text instead, once a template and build: each run of whitespace between two tags,
HTML or Jinja. What a page's variables hold is left as it is: Python-Markdown and our generators write it
without indentation.

Whitespace that a browser shows is kept: preformatted text, code, scripts and styles are left as written, and
a run that is shortened keeps a line break, so that wherever a page had whitespace it still has some. (Jinja's
own `trim_blocks` and `lstrip_blocks` remove whitespace whole, and took the space from between two elements
of Material's header.) tests/site/test_build.py compares every page with a build from the templates as
written; tests/unit/adapter/test_compact_templates.py renders random templates both ways.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

# Where whitespace is the page's content: preformatted and code text (Material sets `white-space: pre-wrap`
# on code and kbd too), scripts and styles.
_AS_WRITTEN = re.compile(
    r"(<(?:pre|code|kbd|textarea|script|style)\b.*?</(?:pre|code|kbd|textarea|script|style)\s*>)", re.S | re.I
)
# A run of whitespace with a line break in it, from the end of one tag to the start of the next: HTML (`>`,
# `<`), a Jinja statement (`%}`, `{%`) or a value (`}}`, `{{`). A `>` in a template's text or in an
# attribute's value is written `&gt;`; a run between two Jinja tags inside a value keeps its line break, which
# separates a class list's names as well as the run did.
_BETWEEN_TAGS = re.compile(r"(>|%\}|\}\})[ \t]*\n\s*(?=<|\{%|\{\{)")


def compact(source: str) -> str:
    """The text with each run of whitespace between two tags that holds a line break written as one line break."""
    pieces = _AS_WRITTEN.split(source)  # text, an element as written, text, ...
    return "".join(piece if i % 2 else _BETWEEN_TAGS.sub("\\1\n", piece) for i, piece in enumerate(pieces))


class CompactLoader(jinja2.BaseLoader):
    """Another loader's templates, compacted (`compact`)."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self._loader = loader

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self._loader.get_source(environment, template)
        return compact(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self._loader.list_templates()


def install(env: jinja2.Environment) -> None:
    """Compile the environment's templates, from now on, without the whitespace between their tags."""
    assert env.loader is not None
    env.loader = CompactLoader(env.loader)
