"""Essays and vocabulary in, every generated page out: the site as a dict of Markdown pages.

This is what `python -m scripts.build_theme_index` writes to a folder and what
the MkDocs hook adds to the build, so the two can never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scripts import analysis
from scripts.model import Corpus, Essay, slugify
from scripts.pages import browse, listings, themes
from scripts.pages.essay import essay_page
from scripts.pages.format import author_uri, commentator_uri, lens_uri, theme_uri, year_uri
from scripts.pages.glossary import glossary_page


@dataclass(frozen=True)
class Site:
    essays: tuple[Essay, ...]  # the essays this build publishes, newest first
    pages: dict[str, str]  # source path (as MkDocs names files) -> Markdown
    home_latest: str  # the latest essays, for the hand-written home page


def published(corpus: Corpus, *, include_drafts: bool) -> list[Essay]:
    return [e for e in corpus.essays if include_drafts or not e.draft]


def generate(corpus: Corpus, *, include_drafts: bool, today: datetime.date, abbreviations: str = "") -> Site:
    vocabulary = corpus.vocabulary
    index = analysis.build_index(published(corpus, include_drafts=include_drafts))
    essays = list(index.essays)
    pairs = analysis.cooccurrence(essays)
    related = analysis.related_all(index)
    other_side = analysis.other_side_all(index, vocabulary)
    years = analysis.by_year(essays)
    authors = analysis.by_author(essays)
    commentators = analysis.by_commentator(essays)

    pages: dict[str, str] = {}
    for essay in essays:
        pages[essay.src_uri] = essay_page(essay, vocabulary, related[essay.slug], other_side[essay.slug])
    pages["essays/index.md"] = listings.essays_index(essays, years, vocabulary)
    pages[themes.INDEX_URI] = themes.themes_index(vocabulary, index, pairs)
    for theme in vocabulary.themes:
        pages[theme_uri(theme.slug)] = themes.theme_page(theme, vocabulary, index, pairs, today)
    for lens in vocabulary.lenses:
        pages[lens_uri(lens.slug)] = themes.lens_page(lens.slug, vocabulary, index)
    for (a, b), _ in pairs.items():
        if a < b:
            both = [index.essays[i] for i in sorted(index.by_theme[a] & index.by_theme[b])]
            pages[themes.pair_uri(a, b)] = themes.pair_page(a, b, vocabulary, both)
    pages["archive/index.md"] = listings.archive_index(years)
    for year, those in years.items():
        pages[year_uri(year)] = listings.archive_year(year, those, vocabulary)
    pages["authors/index.md"] = listings.authors_index(authors, vocabulary)
    for author in vocabulary.authors:
        pages[author_uri(author.slug)] = listings.author_page(author, authors.get(author.name, []), vocabulary)
    pages["commentators/index.md"] = listings.commentators_index(commentators)
    for name, those in commentators.items():
        pages[commentator_uri(slugify(name))] = listings.commentator_page(name, those, vocabulary)
    pages["timeline.md"] = listings.timeline_page(analysis.timeline(essays))
    pages["glossary.md"] = glossary_page(abbreviations)
    pages[browse.URI] = browse.browse_page(essays, vocabulary, years, authors, commentators)
    home = listings.latest(essays, vocabulary, "index.md")
    return Site(tuple(essays), pages, home)
