"""Extra tags for a page's <head>, built here (escaped) because Material's templates do not autoescape.

Every value that comes from a contributor goes through `attr()` (meta tags) or
`json_ld()` (the JSON-LD script), so a title such as `<img src=x onerror=...>`
or `</script>` stays text. The Content-Security-Policy and referrer policy are
the same on every page and sit in overrides/main.html, ahead of everything else
in <head>, because a policy in a meta tag only governs what comes after it.
"""

from __future__ import annotations

import datetime
import html
import json
from typing import Any

from scripts.content.addresses import author_uri, page_url, theme_uri
from scripts.content.model import Essay, Theme, Vocabulary
from scripts.pages.corrections import URI as CORRECTIONS_URI
from scripts.pages.feeds import CORRECTIONS_FEED, SITE_FEED, theme_feed
from scripts.pages.format import attr
from scripts.pages.licence import CONTENT_URL, HOLDER


def to_root(url: str) -> str:
    """The relative path from a page's URL ('themes/power/') back to the site's root."""
    return "../" * url.strip("/").count("/") + ("../" if url.strip("/") else "")


_CORRECTIONS_URL = page_url(CORRECTIONS_URI)


def feed_links(site_name: str, url: str, theme: Theme | None) -> str:
    """The feeds the page at `url` offers: the site's; a theme's page its theme's too, and the Corrections page
    the corrections feed."""
    root = to_root(url)
    feeds = [("all essays", SITE_FEED)]
    if theme is not None:
        feeds.append((theme.name, theme_feed(theme.slug)))
    if url == _CORRECTIONS_URL:
        feeds.append(("corrections and updates", CORRECTIONS_FEED))
    return "\n".join(
        f'<link rel="alternate" type="application/atom+xml" title="{attr(site_name)}: {attr(title)}" '
        f'href="{root}{path}">'
        for title, path in feeds
    )


def page_head(
    site_name: str, site_url: str, url: str, *, theme: Theme | None, essay: Essay | None, vocabulary: Vocabulary
) -> str:
    """Every extra `<head>` tag of the page at `url`: its feeds, and an essay's sharing and citing tags, which
    need the page's public URL (`site_url`)."""
    head = [feed_links(site_name, url, theme)]
    if essay is not None:
        head.append(essay_head(essay, vocabulary, site_name, site_url))
    return "\n".join(head)


def essay_meta(essay: Essay) -> dict[str, str]:
    """An essay page's title and description, escaped: Material's templates print them as they are."""
    return {"title": html.escape(essay.title), "description": html.escape(essay.summary)}


def absolute(site_url: str, uri: str = "") -> str:
    """The public URL of a source file ('essays/x.md'), or of the site's root when no file is given."""
    base = site_url.rstrip("/") + "/"
    return base + (page_url(uri) if uri else "")


def highwire_date(day: datetime.date) -> str:
    """Highwire Press (Google Scholar) wants dates as YYYY/MM/DD."""
    return f"{day:%Y/%m/%d}"


_JSON_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def json_ld(data: Any) -> str:
    """JSON for a <script type="application/ld+json">: `<`, `>` and `&` escaped, so no value can end the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def _agent(name: str, url: str | None = None) -> dict[str, str]:
    """schema.org has people and organisations; a byline such as 'The Editors' names a team, not a person."""
    agent = {"@type": "Organization" if name.startswith("The ") else "Person", "name": name}
    if url:
        agent["url"] = url
    return agent


def article(essay: Essay, vocabulary: Vocabulary, site_name: str, site_url: str) -> dict[str, Any]:
    """The essay as a schema.org Article: its themes as `about`, the pieces it discusses as `citation`."""
    url = absolute(site_url, essay.src_uri)
    site = {"@type": "WebSite", "name": site_name, "url": absolute(site_url)}
    citations = []
    for s in essay.sources:
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "name": s.title,
            "author": {"name": s.author},
            "publisher": {"@type": "Organization", "name": s.publisher},
            "datePublished": s.published,
        }
        if s.url:
            work["url"] = s.url
        citations.append(work)
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": essay.title,
        "description": essay.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en",
        "datePublished": essay.date.isoformat(),
        # The day of the last correction or update (scripts.content.model.Essay.last_changed).
        "dateModified": essay.last_changed.isoformat(),
        "license": CONTENT_URL,
        "copyrightHolder": {"@type": "Organization", "name": HOLDER},
        "author": [
            _agent(name, absolute(site_url, author_uri(vocabulary.author_by_name[name].slug))) for name in essay.authors
        ],
        "publisher": {"@type": "Organization", "name": site_name, "url": absolute(site_url)},
        "isPartOf": site,
        "about": [
            {"@type": "Thing", "name": vocabulary.theme[t].name, "url": absolute(site_url, theme_uri(t))}
            for t in essay.themes
        ],
        "citation": citations,
        "wordCount": essay.words,
    }


def _meta(key: str, name: str, content: str) -> str:
    return f'<meta {key}="{attr(name)}" content="{attr(content)}">'


def essay_head(essay: Essay, vocabulary: Vocabulary, site_name: str, site_url: str) -> str:
    """OpenGraph, Twitter card, Highwire `citation_*` and JSON-LD for an essay's page.

    Material already prints the canonical link (from `site_url`) and the meta
    description (from the page's `description`, which the hook sets to the summary).
    """
    url = absolute(site_url, essay.src_uri)
    og = [
        ("og:type", "article"),
        ("og:site_name", site_name),
        ("og:title", essay.title),
        ("og:description", essay.summary),
        ("og:url", url),
        ("article:published_time", essay.date.isoformat()),
        ("article:modified_time", essay.last_changed.isoformat()),
    ]
    og += [("article:author", absolute(site_url, author_uri(vocabulary.author_by_name[n].slug))) for n in essay.authors]
    og += [("article:tag", vocabulary.theme[t].name) for t in essay.themes]
    # Without twitter:title and twitter:description, X (Twitter) reads og:title and og:description.
    twitter = [("twitter:card", "summary")]
    highwire = [("citation_title", essay.title)]
    highwire += [("citation_author", name) for name in essay.authors]
    highwire += [
        ("citation_publication_date", highwire_date(essay.date)),
        ("citation_journal_title", site_name),
        ("citation_public_url", url),
    ]
    tags = [_meta("property", k, v) for k, v in og]
    tags += [_meta("name", k, v) for k, v in twitter + highwire]
    tags.append(
        f'<script type="application/ld+json">{json_ld(article(essay, vocabulary, site_name, site_url))}</script>'
    )
    return "\n".join(tags)
