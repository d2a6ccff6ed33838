"""Essays and vocabulary in, every generated page out: the site as a dict of Markdown pages.

This is what `python -m scripts.commands.build_theme_index` writes to a folder and what
the MkDocs hook adds to the build, so the two can never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from scripts.analysis import findings as analysis
from scripts.content.addresses import author_uri, commentator_uri, lens_uri, theme_uri, year_uri
from scripts.content.model import Corpus, Essay, slugify
from scripts.content.rendering import Rendered
from scripts.pages import browse, corrections, data, listings, search, themes
from scripts.pages.essay import EssayFrame, essay_page, history_url
from scripts.pages.feeds import CORRECTIONS_FEED
from scripts.pages.format import Fragments
from scripts.pages.glossary import glossary_page


@dataclass(frozen=True)
class Site:
    essays: tuple[Essay, ...]  # the essays this build publishes, newest first
    pages: dict[str, str]  # source path (as MkDocs names files) -> Markdown
    unsearched: frozenset[str]  # pages that only list essays: searching them would find every essay twice
    home_latest: str  # the latest essays, for the hand-written home page
    fragments: Fragments  # HTML the pages' markers stand for, put in as each page is written
    frames: dict[str, EssayFrame]  # by essay source path: its marker, the sections the site adds
    # The open data, made when called: (path in the built site, bytes), one file at a time (scripts/pages/data.py).
    data: Callable[[], Iterator[tuple[str, bytes]]]
    corrections: list[analysis.Noted]  # every note of a correction or update, newest first, for the feed

    def expanded(self, uri: str) -> str:
        """A page's Markdown with its fragments in place, as it reads once built."""
        return self.fragments.expand(self.pages[uri])


def published(corpus: Corpus, *, include_drafts: bool) -> list[Essay]:
    return [e for e in corpus.essays if include_drafts or not e.draft]


def generate(
    corpus: Corpus,
    rendered: dict[str, Rendered],
    *,
    include_drafts: bool,
    today: datetime.date,
    glossary: dict[str, str] | None = None,
    site_name: str = "NHS Reform Commentary",
    site_url: str = "",
    repo_url: str = "",
) -> Site:
    """Every page of the site and its data files; `rendered` holds each essay's text as HTML, by source path
    (`scripts.content.check`). `site_url` makes the data's addresses absolute; `repo_url` gives each essay the
    link to its file's history (none when it names no repository)."""
    vocabulary = corpus.vocabulary
    found = analysis.analyse(published(corpus, include_drafts=include_drafts), vocabulary)
    index, pairs, years, authors, commentators = (
        found.index,
        found.pairs,
        found.years,
        found.authors,
        found.commentators,
    )
    essays = list(index.essays)

    pages: dict[str, str] = {}
    fragments = Fragments()
    frames: dict[str, EssayFrame] = {}
    histories = {essay.slug: history_url(repo_url, essay.src_uri) for essay in essays}
    for essay in essays:
        pages[essay.src_uri], frames[essay.src_uri] = essay_page(
            essay,
            rendered[essay.src_uri].html,
            vocabulary,
            found.related[essay.slug],
            found.other_side[essay.slug],
            fragments,
            histories[essay.slug],
        )
    pages["essays/index.md"] = listings.essays_index(essays, years, vocabulary, fragments)
    pages[themes.INDEX_URI] = themes.themes_index(vocabulary, index, pairs, fragments)
    for theme in vocabulary.themes:
        pages[theme_uri(theme.slug)] = themes.theme_page(theme, vocabulary, found, today, fragments)
    for lens in vocabulary.lenses:
        pages[lens_uri(lens.slug)] = themes.lens_page(lens.slug, vocabulary, found, fragments)
    pages["archive/index.md"] = listings.archive_index(years)
    for year, those in years.items():
        pages[year_uri(year)] = listings.archive_year(year, those, vocabulary, fragments)
    pages["authors/index.md"] = listings.authors_index(authors, vocabulary)
    for author in vocabulary.authors:
        pages[author_uri(author.slug)] = listings.author_page(
            author, authors.get(author.name, []), vocabulary, fragments
        )
    pages["commentators/index.md"] = listings.commentators_index(commentators)
    for name, those in commentators.items():
        pages[commentator_uri(slugify(name))] = listings.commentator_page(name, those, vocabulary, fragments)
    pages["timeline.md"] = listings.timeline_page(found.timeline, fragments)
    pages["glossary.md"] = glossary_page(glossary or {})
    pages[browse.URI] = browse.browse_page(essays, vocabulary, years, authors, commentators, fragments)
    pages[search.URI] = search.search_page(vocabulary, fragments)
    pages[corrections.URI] = corrections.corrections_page(found.corrections, CORRECTIONS_FEED, fragments)
    newest = max((e.last_changed for e in essays), default=None)
    pages[data.URI] = data.data_page(vocabulary, site_name, site_url, newest, fragments)

    def files() -> Iterator[tuple[str, bytes]]:
        return data.data_files(
            essays, vocabulary, found, site_name=site_name, site_url=site_url, today=today, histories=histories
        )

    home = listings.latest(essays, vocabulary, "index.md", fragments)
    listing_only = {"essays/index.md", browse.URI}
    unsearched = {uri for uri in pages if uri.startswith("archive/")} | listing_only
    return Site(tuple(essays), pages, frozenset(unsearched), home, fragments, frames, files, found.corrections)
