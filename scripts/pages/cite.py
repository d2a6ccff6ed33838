"""The "Cite this essay" block: a Harvard reference and a BibTeX entry, from the essay's own fields only.

The essay's page is generated without knowing the site's public address, so
the MkDocs hook adds `cite_block(...)`, with the page's absolute URL, after the
sections that close the page. Nothing here is invented: the date a reader accessed the
page is theirs to fill in, and names are given exactly as the essay gives them.
"""

from __future__ import annotations

import re

from scripts.content.addresses import CITE
from scripts.content.model import Essay, slugify
from scripts.pages.format import and_list, attr, long_date, section_heading
from scripts.pages.licence import reuse_html

ACCESSED = "the date you read it"

_BIBTEX_SPECIALS = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def harvard(essay: Essay, site_name: str, url: str) -> str:
    """The reference as HTML: Author (Year) ‘Title’, <em>Site</em>, Day Month Year[, last updated Day Month Year].
    Available at: URL (Accessed: …). The last update is named when the essay has a correction or update since,
    so that the reference says which version it cites."""
    changed = f", last updated {long_date(essay.last_changed)}" if essay.corrections else ""
    return (
        f"{attr(and_list(essay.authors))} ({essay.year}) ‘{attr(essay.title)}’, <em>{attr(site_name)}</em>, "
        f'{long_date(essay.date)}{changed}. Available at: <a href="{attr(url)}">{attr(url)}</a> '
        f"(Accessed: <em>{ACCESSED}</em>)."
    )


def version(essay: Essay) -> str:
    """Which version of the essay the block's references cite, in a sentence."""
    if not essay.corrections:
        return f"These references cite the essay as published on {long_date(essay.date)}."
    return (
        f"These references cite the essay as last changed on {long_date(essay.last_changed)}; "
        "the corrections and updates under its byline say what changed since it was published."
    )


def bibtex_text(value: str) -> str:
    """A value for a braced BibTeX field: LaTeX's special characters escaped."""
    return _BIBTEX_SPECIALS.sub(lambda m: _BIBTEX_ESCAPES.get(m[0], "\\" + m[0]), value)


def bibtex(essay: Essay, site_name: str, url: str) -> str:
    """A biblatex @online entry. Each name is braced, so 'The Editors' is not read as a first and last name."""
    authors = " and ".join("{" + bibtex_text(name) + "}" for name in essay.authors)
    fields = [
        ("author", authors),
        ("title", "{" + bibtex_text(essay.title) + "}"),
        ("date", essay.date.isoformat()),
        ("year", str(essay.year)),
        ("version", essay.last_changed.isoformat()),
        ("organization", bibtex_text(site_name)),
        ("url", url.replace("{", "%7B").replace("}", "%7D")),
    ]
    body = ",\n".join(f"  {key:<12} = {{{value}}}" for key, value in fields)
    return f"@online{{{slugify(site_name)}:{essay.slug},\n{body}\n}}"


def cite_block(essay: Essay, site_name: str, url: str) -> str:
    """The block's HTML, heading included, with the page's absolute URL.

    It joins the page after Markdown (which would only parse the HTML again) and after search has indexed it
    (the same words are on every essay: no use to a search).
    """
    return (
        section_heading(*CITE) + '<div class="cite">\n'
        f'<p class="cite__url print-only">This essay is online at {attr(url)}</p>\n'
        f'<p class="cite__version">{version(essay)}</p>\n'
        f'<p class="cite__label">Harvard</p>\n<p class="cite__harvard">{harvard(essay, site_name, url)}</p>\n'
        '<p class="cite__label">BibTeX</p>\n'
        f'<div class="cite__bibtex copy"><pre><code>{attr(bibtex(essay, site_name, url))}</code></pre></div>\n'
        f'<p class="cite__label">Reuse</p>\n<p class="cite__licence">{reuse_html()}</p>\n'
        "</div>\n"
    )
