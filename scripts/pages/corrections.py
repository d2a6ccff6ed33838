"""The Corrections page: every note of a correction or update, site-wide, newest first, with its feed."""

from __future__ import annotations

from scripts.analysis.findings import Noted
from scripts.content.addresses import CORRECTIONS, href
from scripts.pages.format import Fragments, attr, long_date

URI = "corrections.md"


def corrections_page(noted: list[Noted], feed: str, fragments: Fragments) -> str:
    """`noted` newest first (scripts.analysis.findings.corrections_log); `feed` the path of their Atom feed."""
    intro = (
        "# Corrections and updates\n\n"
        "When a published essay is changed, it says so under its byline: a *correction* where something was wrong "
        "and is put right, an *update* where something was added. Every such note is listed here, newest first, "
        "with the essay it concerns; each essay page also links to every change to its file in the repository.\n\n"
        f'Follow them in a feed reader: <a href="{href(URI, feed)}">the corrections feed</a>.\n'
    )
    if not noted:
        return intro + "\n*No essay has been corrected or updated since it was published.*\n"

    def listing() -> str:
        items = []
        for item in noted:
            note, essay = item.correction, item.essay
            target = href(URI, essay.src_uri) + "#" + CORRECTIONS[0]
            items.append(
                f'<li><p><time datetime="{note.date.isoformat()}">{long_date(note.date)}</time> · {note.kind} · '
                f'<a href="{target}">{attr(essay.title)}</a><br>{attr(note.note)}</p></li>'
            )
        return '<div class="corrections-list">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>\n"

    return intro + "\n" + fragments.defer(listing)
