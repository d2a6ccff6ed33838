"""Atom feeds: one for the whole site, one per theme, built from the same essays as the pages.

Atom rather than RSS because it has a required `updated` date and an unambiguous
content type; ElementTree escapes every value, so a title holding markup stays text.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from scripts.content.addresses import page_url
from scripts.content.model import Essay, Vocabulary

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "feed.xml"
MAX_ENTRIES = 50


def theme_feed(slug: str) -> str:
    return f"themes/{slug}/feed.xml"


def _timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(title: str, feed_path: str, site_url: str, essays: list[Essay], vocabulary: Vocabulary) -> str:
    """An Atom document of the newest essays (given newest first); links are absolute, as feed readers need."""
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = base + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + feed_path, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base, type="text/html")
    newest = max((e.date for e in essays), default=datetime.date(2011, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    for essay in essays[:MAX_ENTRIES]:
        url = base + page_url(essay.src_uri)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = essay.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url, type="text/html")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(essay.date)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(essay.date)
        for name in essay.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
        for theme in essay.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=theme, label=vocabulary.theme[theme].name)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = essay.summary
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def all_feeds(site_name: str, site_url: str, essays: list[Essay], vocabulary: Vocabulary) -> dict[str, str]:
    """Path in the built site -> Atom text, for the site and every theme (an empty theme gets an empty feed)."""
    feeds = {SITE_FEED: atom(f"{site_name}: all essays", SITE_FEED, site_url, essays, vocabulary)}
    for theme in vocabulary.themes:
        carrying = [e for e in essays if theme.slug in e.themes]
        feeds[theme_feed(theme.slug)] = atom(
            f"{site_name}: {theme.name}", theme_feed(theme.slug), site_url, carrying, vocabulary
        )
    return feeds
