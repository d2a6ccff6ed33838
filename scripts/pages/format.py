"""Small helpers every page generator uses to write Markdown safely.

Front-matter values come from contributors, and MkDocs renders templates
without autoescaping, so every value goes through `text()` before it reaches
a page: HTML is escaped and Markdown's own punctuation is backslashed, so a
title such as `<img src=x onerror=...>` or `*bold*` shows as typed.
"""

from __future__ import annotations

import datetime
import html
import posixpath
import re
import secrets
from collections.abc import Callable

from scripts.content.addresses import author_uri, page_url, theme_uri
from scripts.content.model import Essay, Vocabulary

# Exactly the characters Python-Markdown lets a backslash escape (with `|` from the tables extension):
# escaping any other character would leave a visible backslash.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def text(value: str) -> str:
    """A front-matter value as inline Markdown that renders exactly as written."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(value, quote=False))


def attr(value: str) -> str:
    """A value for an HTML attribute inside raw HTML."""
    return html.escape(value, quote=True)


def link(label_markdown: str, from_uri: str, to_uri: str, classes: str = "") -> str:
    """A Markdown link between two source files, which MkDocs checks and rewrites to the page's URL."""
    target = posixpath.relpath(to_uri.split("#")[0], posixpath.dirname(from_uri) or ".")
    anchor = "#" + to_uri.split("#", 1)[1] if "#" in to_uri else ""
    suffix = "{ " + " ".join("." + c for c in classes.split()) + " }" if classes else ""
    return f"[{label_markdown}]({target}{anchor}){suffix}"


def section_heading(anchor: str, heading: str) -> str:
    """An <h2> as Python-Markdown's toc extension writes it, permalink included, for a section a fragment adds."""
    permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
    return f'<h2 id="{anchor}">{attr(heading)}{permalink}</h2>\n'


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def published_date(published: str) -> str:
    """'2016-07-12' -> '12 July 2016'; '2025-12' -> 'December 2025'."""
    year, month, *rest = (int(p) for p in published.split("-"))
    day = datetime.date(year, month, rest[0] if rest else 1)
    return long_date(day) if rest else f"{day:%B %Y}"


def to_root(uri: str) -> str:
    """The relative path from a source file's page back to the site's root: 'themes/x.md' -> '../../'."""
    return "../" * page_url(uri).count("/")


def url(root: str, uri: str) -> str:
    """A relative href to a source file's page, from a page whose way to the root is `root`."""
    return (root + page_url(uri)) or "./"


# Listings repeat every essay many times over (theme, lens, author, archive pages...), so their
# entries are written as HTML, which Markdown passes through, rather than as Markdown to parse:
# at a thousand essays this halves the build. MkDocs does not check these links; tests/site/test_build.py
# follows every link in the built site instead.


def chips(essay: Essay, vocabulary: Vocabulary, root: str) -> str:
    """The essay's themes as links to their pages, styled as chips."""
    items = [
        f'<a class="chip" href="{url(root, theme_uri(t))}">{attr(vocabulary.theme[t].name)}</a>' for t in essay.themes
    ]
    return '<span class="chips">' + " ".join(items) + "</span>"


def and_list(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a and b', 'a, b and c': how the site names several people."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def byline(essay: Essay, vocabulary: Vocabulary, root: str) -> str:
    names = [
        f'<a href="{url(root, author_uri(vocabulary.author_by_name[name].slug))}">{attr(name)}</a>'
        for name in essay.authors
    ]
    return f"{and_list(names)} · {long_date(essay.date)}"


class Fragments:
    """HTML that joins a page after Markdown has been through it.

    Listings repeat every essay on many pages, and the essay page's additions (lens strip,
    related essays) repeat on every essay: passing them through Markdown cost as much as the
    essays themselves. A page's Markdown holds a marker instead, and
    the hook swaps the HTML in as the page is written (`expand`).
    """

    def __init__(self) -> None:
        self.html: dict[str, str | Callable[[], str]] = {}
        self._made: dict[tuple, str] = {}
        # Markers carry a random token, so that an essay cannot name one in its own text (an HTML comment
        # is allowed) and pull another page's HTML into itself or take it from that page.
        self._token = secrets.token_hex(8)

    def once(self, key: tuple, make: Callable[[], str]) -> str:
        """HTML that many pages repeat (an essay's entry in listings, from pages at the same depth), made once."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def defer(self, html: str | Callable[[], str]) -> str:
        """The marker of `html`, or of what `html()` returns when the page is written: a function holds a few
        references where the HTML of a listing holds every entry (listings were half the build's memory)."""
        marker = f"<!--fragment-{self._token}-{len(self.html)}-->"
        self.html[marker] = html
        return f"\n{marker}\n\n"

    def append(self, marker: str, html: str) -> None:
        """Add `html` after what the fragment of `marker` stands for: one marker less for Markdown to pass."""
        before = self.html[marker]
        self.html[marker] = lambda: _made(before) + html

    def expand(self, text: str) -> str:
        return _MARKER.sub(lambda m: _made(self.html.get(m.group(0), m.group(0))), text)

    def take(self, text: str) -> str:
        """`expand` for the last time: each marker is in one page, so once it is written its HTML can go."""
        return _MARKER.sub(lambda m: _made(self.html.pop(m.group(0), m.group(0))), text)


def _made(html: str | Callable[[], str]) -> str:
    return html() if callable(html) else html


_MARKER = re.compile(r"<!--fragment-[0-9a-f]+-\d+-->")


def _entry(essay: Essay, vocabulary: Vocabulary, root: str) -> str:
    return (
        f'<li><p><strong><a href="{url(root, essay.src_uri)}">{attr(essay.title)}</a></strong><br>'
        f'<span class="essay-list__meta">{byline(essay, vocabulary, root)} · {essay.reading_minutes} min read</span>'
        f"<br>{attr(essay.summary)}<br>{chips(essay, vocabulary, root)}</p></li>"
    )


def essay_list(essays: list[Essay], vocabulary: Vocabulary, from_uri: str, fragments: Fragments, *, empty: str) -> str:
    """The listing used everywhere essays are listed: title, byline, summary, theme chips.

    A fragment, so left out of the search index (scripts/search/index.py): a search for a theme's name
    should find the theme's page, not every listing that happens to name the theme.
    """
    if not essays:
        return f"*{empty}*\n"
    root = to_root(from_uri)

    def listing() -> str:
        items = [fragments.once((e.slug, root), lambda e=e: _entry(e, vocabulary, root)) for e in essays]
        return '<div class="essay-list">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>\n"

    return fragments.defer(listing)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
