"""Extra tags for a page's <head>, built here (escaped) because Material's templates do not autoescape."""

from __future__ import annotations

from scripts.feeds import SITE_FEED, theme_feed
from scripts.model import Theme
from scripts.pages.format import attr


def to_root(url: str) -> str:
    """The relative path from a page's URL ('themes/power/') back to the site's root."""
    return "../" * url.strip("/").count("/") + ("../" if url.strip("/") else "")


def feed_links(site_name: str, url: str, theme: Theme | None) -> str:
    root = to_root(url)
    links = [
        f'<link rel="alternate" type="application/atom+xml" title="{attr(site_name)}: all essays" '
        f'href="{root}{SITE_FEED}">'
    ]
    if theme is not None:
        links.append(
            f'<link rel="alternate" type="application/atom+xml" title="{attr(site_name)}: {attr(theme.name)}" '
            f'href="{root}{theme_feed(theme.slug)}">'
        )
    return "\n".join(links)
