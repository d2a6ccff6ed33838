"""Atom feeds: one for the whole site, one per theme, and one of corrections and updates, built from the same
essays and analysis as the pages.

An essay's entry is `updated` on the day of its last correction or update and `published` on its date; the
corrections feed has an entry for each note. Every feed states its `rights` (scripts.pages.licence).

Atom rather than RSS because it has a required `updated` date and an unambiguous
content type; ElementTree escapes every value, so a title holding markup stays text.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from scripts.analysis.findings import Noted
from scripts.content.addresses import CORRECTIONS, page_url
from scripts.content.model import Essay, Vocabulary
from scripts.pages.licence import RIGHTS

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "feed.xml"
CORRECTIONS_FEED = "corrections/feed.xml"
MAX_ENTRIES = 50


def theme_feed(slug: str) -> str:
    return f"themes/{slug}/feed.xml"


def _timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed(title: str, feed_path: str, base: str, newest: datetime.date, alternate: str = "") -> ET.Element:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + feed_path, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base + alternate, type="text/html")
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = RIGHTS
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    return feed


def _document(feed: ET.Element) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def atom(title: str, feed_path: str, site_url: str, essays: list[Essay], vocabulary: Vocabulary) -> str:
    """An Atom document of the newest essays (given newest first); links are absolute, as feed readers need."""
    base = site_url.rstrip("/") + "/"
    listed = essays[:MAX_ENTRIES]
    newest = max((e.last_changed for e in listed), default=datetime.date(2011, 1, 1))
    feed = _feed(title, feed_path, base, newest)
    for essay in listed:
        url = base + page_url(essay.src_uri)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = essay.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url, type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(essay.last_changed)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(essay.date)
        for name in essay.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
        for theme in essay.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=theme, label=vocabulary.theme[theme].name)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = essay.summary
    return _document(feed)


def corrections_atom(title: str, site_url: str, noted: list[Noted]) -> str:
    """An Atom document of the newest notes of corrections and updates (given newest first), one entry a note."""
    base = site_url.rstrip("/") + "/"
    listed = noted[:MAX_ENTRIES]
    newest = listed[0].correction.date if listed else datetime.date(2011, 1, 1)
    feed = _feed(title, CORRECTIONS_FEED, base, newest, alternate=page_url("corrections.md"))
    for item in listed:
        note, essay = item.correction, item.essay
        url = base + page_url(essay.src_uri)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{note.kind.capitalize()}: {essay.title}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{url}#{CORRECTIONS[0]}-{item.anchor}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{url}#{CORRECTIONS[0]}", type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(note.date)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(note.date)
        for name in essay.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
        ET.SubElement(entry, f"{{{ATOM}}}category", term=note.kind)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = note.note
    return _document(feed)


def all_feeds(
    site_name: str, site_url: str, essays: list[Essay], vocabulary: Vocabulary, noted: list[Noted]
) -> dict[str, str]:
    """Path in the built site -> Atom text, for the site, every theme (an empty theme gets an empty feed) and the
    corrections and updates (`noted`, scripts.analysis.findings.corrections_log)."""
    feeds = {SITE_FEED: atom(f"{site_name}: all essays", SITE_FEED, site_url, essays, vocabulary)}
    feeds[CORRECTIONS_FEED] = corrections_atom(f"{site_name}: corrections and updates", site_url, noted)
    for theme in vocabulary.themes:
        carrying = [e for e in essays if theme.slug in e.themes]
        feeds[theme_feed(theme.slug)] = atom(
            f"{site_name}: {theme.name}", theme_feed(theme.slug), site_url, carrying, vocabulary
        )
    return feeds
