"""What the site computes from the essays' front-matter: indexes, related essays, the other side, counts.

Pure functions over a list of `Essay`s and the `Vocabulary`; no I/O, no MkDocs.
Everything is built from inverted indexes (theme -> essays) so that it stays
fast at thousands of essays: no function compares every essay with every other.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from scripts.model import Essay, Source, Vocabulary, newest_first

RELATED_MAX = 5
OTHER_SIDE_MAX = 3


@dataclass(frozen=True)
class Link:
    """An essay shown from another one, with the themes that explain why."""

    essay: Essay
    themes: tuple[str, ...]  # the shared (related) or opposing (other side) themes, in the essay's order
    answers: tuple[str, ...] = ()  # other side only: the reader's essay's own themes that these oppose


@dataclass(frozen=True)
class Index:
    """Inverted indexes over one list of essays (normally the published ones)."""

    essays: tuple[Essay, ...]
    by_theme: dict[str, frozenset[int]]
    weight: dict[str, float]  # rarity: a shared rare theme counts more than a shared common one


def build_index(essays: Iterable[Essay]) -> Index:
    ordered = tuple(newest_first(list(essays)))
    postings: dict[str, set[int]] = defaultdict(set)
    for i, essay in enumerate(ordered):
        for theme in essay.themes:
            postings[theme].add(i)
    n = len(ordered)
    weight = {t: math.log(1 + n / len(ids)) for t, ids in postings.items()}
    return Index(ordered, {t: frozenset(ids) for t, ids in postings.items()}, weight)


def essays_with(index: Index, theme: str) -> list[Essay]:
    """The essays carrying a theme, newest first."""
    return [index.essays[i] for i in sorted(index.by_theme.get(theme, ()))]


def _source_keys(essay: Essay) -> set[tuple[str, str]]:
    return {(s.title.casefold(), s.author.casefold()) for s in essay.sources}


def _top_sharing(index: Index, me: int, query: tuple[str, ...], k: int, skip: set[int]) -> list[tuple[int, tuple]]:
    """The k essays sharing the most (rarity-weighted) of `query`, ties broken by sources, commentators, time.

    Subsets of the query are visited from the heaviest down: the essays whose themes meet
    the query in exactly that subset form one group, and every member of a heavier group
    outranks every member of a lighter one. We stop once k essays are ranked, so a
    reader's essay touches only the few groups it needs, never the whole corpus.
    """
    query = tuple(t for t in query if t in index.by_theme)
    if not query:
        return []
    essay = index.essays[me]
    my_sources, my_commentators = _source_keys(essay), set(essay.commentators)
    my_day = essay.date.toordinal()
    query_set = set(query)

    def tie_break(j: int) -> tuple:
        other = index.essays[j]
        return (
            -len(my_sources & _source_keys(other)),
            -len(my_commentators.intersection(other.commentators)),
            abs(other.date.toordinal() - my_day),
            other.slug,
        )

    subsets = [s for r in range(len(query), 0, -1) for s in combinations(query, r)]
    subsets.sort(key=lambda s: -sum(index.weight[t] for t in s))
    ranked: list[tuple[int, tuple]] = []
    seen = set(skip) | {me}
    pos = 0
    while pos < len(subsets) and len(ranked) < k:
        # Subsets of (nearly) equal weight form one tier, ordered among themselves by the tie-break.
        tier_weight = round(sum(index.weight[t] for t in subsets[pos]), 9)
        tier: list[tuple[int, tuple]] = []
        while pos < len(subsets) and round(sum(index.weight[t] for t in subsets[pos]), 9) == tier_weight:
            subset = subsets[pos]
            pos += 1
            rest = query_set.difference(subset)
            members = frozenset.intersection(*(index.by_theme[t] for t in subset)) - seen
            group = [j for j in members if not rest.intersection(index.essays[j].themes)]
            seen.update(group)
            tier.extend((j, subset) for j in group)
        best = heapq.nsmallest(k - len(ranked), tier, key=lambda item: tie_break(item[0]))
        ranked.extend(best)
    return ranked


def related(index: Index, essay: Essay, k: int = RELATED_MAX) -> list[Link]:
    """Essays that share themes with this one, the most telling first."""
    return _related(index, index.essays.index(essay), k) if essay in index.essays else []


def related_all(index: Index, k: int = RELATED_MAX) -> dict[str, list[Link]]:
    return {essay.slug: _related(index, me, k) for me, essay in enumerate(index.essays)}


def _related(index: Index, me: int, k: int) -> list[Link]:
    return [
        Link(index.essays[j], tuple(t for t in index.essays[j].themes if t in shared))
        for j, shared in _top_sharing(index, me, index.essays[me].themes, k, set())
    ]


def other_side(index: Index, vocabulary: Vocabulary, essay: Essay, k: int = OTHER_SIDE_MAX) -> list[Link]:
    """Essays carrying a theme that opposes one of this essay's own (and that it does not carry itself)."""
    return _other_side(index, vocabulary, index.essays.index(essay), k) if essay in index.essays else []


def _other_side(index: Index, vocabulary: Vocabulary, me: int, k: int) -> list[Link]:
    essay = index.essays[me]
    opposed_by: dict[str, list[str]] = defaultdict(list)
    for own in essay.themes:
        for opposite in vocabulary.theme[own].opposing:
            if opposite not in essay.themes:
                opposed_by[opposite].append(own)
    links = []
    for j, opposing in _top_sharing(index, me, tuple(opposed_by), k, set()):
        answers = tuple(dict.fromkeys(own for t in opposing for own in opposed_by[t]))
        links.append(Link(index.essays[j], tuple(t for t in index.essays[j].themes if t in opposing), answers))
    return links


def other_side_all(index: Index, vocabulary: Vocabulary, k: int = OTHER_SIDE_MAX) -> dict[str, list[Link]]:
    return {essay.slug: _other_side(index, vocabulary, me, k) for me, essay in enumerate(index.essays)}


def cooccurrence(essays: Iterable[Essay]) -> Counter[tuple[str, str]]:
    """How many essays carry each pair of themes; both orders are counted, so lookups need no sorting."""
    counts: Counter[tuple[str, str]] = Counter()
    for essay in essays:
        for a, b in combinations(essay.themes, 2):
            counts[a, b] += 1
            counts[b, a] += 1
    return counts


def cooccurring(counts: Counter[tuple[str, str]], theme: str, vocabulary: Vocabulary) -> list[tuple[str, int]]:
    """The themes that occur with `theme`, most often first (then in vocabulary order)."""
    order = {t.slug: i for i, t in enumerate(vocabulary.themes)}
    pairs = [(other, counts[theme, other]) for other in order if other != theme and counts[theme, other]]
    return sorted(pairs, key=lambda p: (-p[1], order[p[0]]))


def discussed_per_year(essays: Iterable[Essay]) -> dict[int, int]:
    """Distinct discussed sources per year of publication; an essay with no sources counts once, in its own year."""
    sources: dict[tuple[str, str], Source] = {}
    counts: Counter[int] = Counter()
    for essay in essays:
        if not essay.sources:
            counts[essay.year] += 1
        for source in essay.sources:
            sources.setdefault((source.title.casefold(), source.author.casefold()), source)
    for source in sources.values():
        counts[source.year] += 1
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class LensBalance:
    per_theme: list[tuple[str, int]]  # each theme of the lens with its essay count, vocabulary order
    combinations: list[tuple[tuple[str, ...], int]]  # which of the lens's themes essays carry together
    essays: int  # essays carrying at least one theme of the lens


def lens_balance(index: Index, vocabulary: Vocabulary, lens: str) -> LensBalance:
    themes = [t.slug for t in vocabulary.themes_of_lens(lens)]
    ids = set().union(*(index.by_theme.get(t, frozenset()) for t in themes)) if themes else set()
    combos: Counter[tuple[str, ...]] = Counter()
    for i in ids:
        combos[tuple(t for t in themes if t in index.essays[i].themes)] += 1
    return LensBalance(
        per_theme=[(t, len(index.by_theme.get(t, ()))) for t in themes],
        combinations=sorted(combos.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])),
        essays=len(ids),
    )


def by_commentator(essays: Iterable[Essay]) -> dict[str, list[Essay]]:
    """Authors of discussed sources -> the essays that discuss their work, newest first."""
    found: dict[str, list[Essay]] = defaultdict(list)
    for essay in newest_first(list(essays)):
        for name in essay.commentators:
            found[name].append(essay)
    return dict(sorted(found.items(), key=lambda kv: kv[0].casefold()))


def by_author(essays: Iterable[Essay]) -> dict[str, list[Essay]]:
    found: dict[str, list[Essay]] = defaultdict(list)
    for essay in newest_first(list(essays)):
        for name in essay.authors:
            found[name].append(essay)
    return dict(found)


def by_year(essays: Iterable[Essay]) -> dict[int, list[Essay]]:
    found: dict[int, list[Essay]] = defaultdict(list)
    for essay in newest_first(list(essays)):
        found[essay.year].append(essay)
    return dict(sorted(found.items(), reverse=True))


@dataclass(frozen=True)
class Discussed:
    """One published piece on the timeline, with every essay that discusses it."""

    source: Source
    essays: tuple[Essay, ...]


def timeline(essays: Iterable[Essay]) -> list[Discussed]:
    """Every discussed source once, oldest first, so the debate reads forward in time."""
    found: dict[tuple[str, str], tuple[Source, list[Essay]]] = {}
    for essay in newest_first(list(essays)):
        for source in essay.sources:
            key = (source.title.casefold(), source.author.casefold())
            found.setdefault(key, (source, []))[1].append(essay)
    items = [Discussed(s, tuple(es)) for s, es in found.values()]
    return sorted(items, key=lambda d: (d.source.published, d.source.title.casefold()))
