"""What `./tasks serve` shows in the browser when the check finds problems: a writer previewing an essay
sees them where the essay would be, not only in the terminal."""

from __future__ import annotations

from collections.abc import Iterable

from scripts.content.problems import Problem
from scripts.pages.format import attr


def _items(problems: Iterable[Problem]) -> str:
    return "<ul>\n" + "\n".join(f"<li><code>{attr(str(p))}</code></li>" for p in problems) + "\n</ul>\n"


def problems_page(path: str, problems: list[Problem]) -> str:
    """The page in place of an essay that cannot be published: its problems, each with file, line and fix."""
    return (
        "# This essay has problems\n\n"
        f'<div class="admonition failure" role="alert"><p class="admonition-title">'
        f"{attr(path)} cannot be shown until these are fixed</p>\n{_items(problems)}"
        "<p>Save the file after fixing them: this page reloads by itself. "
        "<code>./tasks check</code> gives the same list.</p></div>\n"
    )


def problems_notice(problems: Iterable[Problem]) -> str:
    """The list at the top of the home page under `serve`: every problem, the vocabularies' included."""
    listed = list(problems)
    return (
        f'\n<div class="admonition failure" role="alert"><p class="admonition-title">'
        f"{len(listed)} problem(s) in the essays: the published build would stop here</p>\n"
        f"{_items(listed)}</div>\n\n"
    )


def page_problems_notice(path: str, warnings: list[str]) -> str:
    """At the top of a hand-written page under `serve`: what MkDocs warned of while rendering it (a link to
    no page, say), which the published build would stop on."""
    items = "\n".join(f"<li><code>{attr(w)}</code></li>" for w in warnings)
    return (
        f'<div class="admonition failure" role="alert"><p class="admonition-title">{attr(path)} has '
        f"{len(warnings)} problem(s): the published build would stop here</p>\n<ul>\n{items}\n</ul>\n"
        "<p>Save the file after fixing them: this page reloads by itself.</p></div>\n"
    )
