"""What the site computes from the essays' front-matter: indexes, related essays, the other side, counts.

Pure functions over a list of `Essay`s and the `Vocabulary`; no I/O, no MkDocs.
Everything is built from inverted indexes (theme -> essays) so that it stays
fast at thousands of essays: no function compares every essay with every other.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from scripts.content.model import Correction, Essay, Source, Vocabulary, newest_first

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
    """Inverted indexes over one list of essays (normally the published ones), newest first.

    An essay is known by its position in `essays`; because that order is by date, positions
    near each other are essays near each other in time.
    """

    essays: tuple[Essay, ...]
    by_theme: dict[str, frozenset[int]]
    weight: dict[str, float]  # rarity: a shared rare theme counts more than a shared common one
    # The same postings as bit sets (bit i: the essay at position i), for related essays and the
    # other side: intersecting two of them is a few machine words per 64 essays, not a hash per essay.
    theme_bits: dict[str, int]
    source_bits: dict[int, int]  # by the number of a source's (title, author), casefolded
    commentator_bits: dict[int, int]  # by the number of a commentator's name
    day: tuple[int, ...]  # each essay's date as an ordinal
    # Each essay's sources and commentators, by number: the tie-break intersects them for every candidate,
    # and numbers hash faster than the (title, author) pairs and names they stand for.
    sources: tuple[frozenset[int], ...]
    commentators: tuple[frozenset[int], ...]
    carrying: dict[tuple[str, ...], int] = field(default_factory=dict, compare=False)  # a memo of _carrying_all


def _source_key(source: Source) -> tuple[str, str]:
    """What makes two essays' sources the same piece: its title and author, whatever their case."""
    return source.title.casefold(), source.author.casefold()


def _numbered(keys_per_essay: Iterable[Iterable]) -> tuple[frozenset[int], ...]:
    """Each essay's keys as numbers, one number a key."""
    numbers: dict = {}
    return tuple(frozenset(numbers.setdefault(key, len(numbers)) for key in keys) for keys in keys_per_essay)


def _postings(keys_per_essay: Iterable[Iterable]) -> dict:
    postings: dict = defaultdict(set)
    for i, keys in enumerate(keys_per_essay):
        for key in keys:
            postings[key].add(i)
    return {key: frozenset(ids) for key, ids in postings.items()}


def _bits(postings: dict) -> dict:
    return {key: sum(1 << i for i in ids) for key, ids in postings.items()}


def _members(bits: int) -> list[int]:
    """The positions set in a bit set, in order: one lowest bit at a time for a few, else read from its
    binary digits (done in C, but a string as long as the corpus)."""
    if bits.bit_count() <= 16:
        found = []
        while bits:
            low = bits & -bits
            found.append(low.bit_length() - 1)
            bits ^= low
        return found
    digits = bin(bits)[:1:-1]  # least significant first
    found, i = [], digits.find("1")
    while i >= 0:
        found.append(i)
        i = digits.find("1", i + 1)
    return found


def build_index(essays: Iterable[Essay]) -> Index:
    ordered = tuple(newest_first(list(essays)))
    by_theme = _postings(e.themes for e in ordered)
    n = len(ordered)
    weight = {t: math.log(1 + n / len(ids)) for t, ids in by_theme.items()}
    sources = _numbered({_source_key(s) for s in e.sources} for e in ordered)
    commentators = _numbered(e.commentators for e in ordered)
    return Index(
        ordered,
        by_theme,
        weight,
        _bits(by_theme),
        _bits(_postings(sources)),
        _bits(_postings(commentators)),
        tuple(e.date.toordinal() for e in ordered),
        sources,
        commentators,
    )


def essays_with(index: Index, theme: str) -> list[Essay]:
    """The essays carrying a theme, newest first."""
    return [index.essays[i] for i in sorted(index.by_theme.get(theme, ()))]


# Above this many candidates, walking outward from the essay's date over every position (checking
# membership) finds the nearest few sooner than listing the candidates would.
_LIST_AT_MOST = 1024


def _by_tie_break(index: Index, me: int, tier: int, k: int) -> list[int]:
    """The k best of a tier: most shared sources, then most shared commentators, then nearest in time, then slug.

    Only the few essays that share a source, or more than one commentator, are compared one by
    one; the rest of the tier falls into two classes (one shared commentator, none) that differ
    only in time, so each is searched outward from the essay's own date rather than sorted.
    """
    my_sources, my_commentators = index.sources[me], index.commentators[me]
    tier &= ~(1 << me)
    sharing_source = tier & functools.reduce(operator.or_, (index.source_bits[s] for s in my_sources), 0)
    commentated = [index.commentator_bits[c] for c in my_commentators]
    several = tier & functools.reduce(operator.or_, (a & b for a, b in combinations(commentated, 2)), 0)
    keyed = sharing_source | several
    ones = tier & functools.reduce(operator.or_, commentated, 0) & ~keyed
    nones = tier & ~keyed & ~ones
    day = index.day[me]

    def key(j: int) -> tuple:
        return (
            -len(my_sources & index.sources[j]),
            -len(my_commentators & index.commentators[j]),
            abs(index.day[j] - day),
            index.essays[j].slug,
        )

    ranked = heapq.nsmallest(k, _members(keyed), key=key) if keyed else []
    for members in ones, nones:
        if len(ranked) < k:
            ranked += _nearest(index, me, k - len(ranked), members)
    return ranked


def _nearest(index: Index, me: int, k: int, members: int) -> list[int]:
    """The k members nearest to essay `me` in time (ties by slug).

    Positions run newest first, so walking outward from `me` meets essays nearest first; we
    collect members until k are found and the next is farther than the last, then settle
    equal distances by slug. Few members are listed and walked; many are dense enough that
    walking every position meets the nearest few within a few steps.
    """
    if not members:
        return []
    few = members.bit_count() <= _LIST_AT_MOST
    positions: Sequence[int] = _members(members) if few else range(len(index.essays))
    day = index.day[me]
    right = bisect.bisect_left(positions, me)
    left = right - 1
    taken: list[int] = []
    while left >= 0 or right < len(positions):
        l_gap = abs(index.day[positions[left]] - day) if left >= 0 else math.inf
        r_gap = abs(index.day[positions[right]] - day) if right < len(positions) else math.inf
        if len(taken) >= k and min(l_gap, r_gap) > abs(index.day[taken[-1]] - day):
            break
        if l_gap <= r_gap:
            j = positions[left]
            left -= 1
        else:
            j = positions[right]
            right += 1
        if few or members >> j & 1:
            taken.append(j)
    taken.sort(key=lambda j: (abs(index.day[j] - day), index.essays[j].slug))
    return taken[:k]


def _carrying_all(index: Index, subset: tuple[str, ...]) -> int:
    """The essays carrying every theme of `subset`, remembered: the same subsets recur across thousands of essays."""
    found = index.carrying.get(subset)
    if found is None:
        found = index.carrying[subset] = functools.reduce(operator.and_, (index.theme_bits[t] for t in subset))
    return found


def _top_sharing(index: Index, me: int, query: tuple[str, ...], k: int) -> list[tuple[int, tuple[str, ...]]]:
    """The k essays sharing the most (rarity-weighted) of `query`, ties broken by sources, commentators, time.

    Subsets of the query are visited from the heaviest down: the essays whose themes meet
    the query in exactly that subset form one group, and every member of a heavier group
    outranks every member of a lighter one. We stop once k essays are ranked, so a
    reader's essay touches only the few groups it needs, never the whole corpus, and each
    group is found with operations on the inverted index's bit sets.
    """
    query = tuple(t for t in query if t in index.by_theme)
    if not query:
        return []
    # Every subset as a bit mask over the query, weighed by adding one theme to a smaller subset's weight:
    # an essay of eight themes has 255 subsets, and listing each as a tuple to sum it was most of the work.
    # Only the subsets visited become tuples.
    sums = [0.0] * (1 << len(query))
    for mask in range(1, len(sums)):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + index.weight[query[low.bit_length() - 1]]
    # Heaviest first. Sums of the same weights in another order may differ in the last bit, and rounding
    # keeps their order, so the subsets of one tier (equal when rounded) are next to each other here too.
    weighted = sorted(range(1, len(sums)), key=sums.__getitem__, reverse=True)
    ranked: list[tuple[int, tuple[str, ...]]] = []
    pos = 0
    while pos < len(weighted) and len(ranked) < k:
        # Subsets of (nearly) equal weight form one tier, ordered among themselves by the tie-break.
        tier_weight = round(sums[weighted[pos]], 9)
        groups: list[tuple[tuple[str, ...], int]] = []
        while pos < len(weighted) and round(sums[weighted[pos]], 9) == tier_weight:
            subset = tuple(t for i, t in enumerate(query) if weighted[pos] >> i & 1)
            pos += 1
            rest = functools.reduce(operator.or_, (index.theme_bits[t] for t in query if t not in subset), 0)
            groups.append((subset, _carrying_all(index, subset) & ~rest))
        tier = functools.reduce(operator.or_, (g for _, g in groups)) & ~(1 << me)
        if not tier:
            continue  # most subsets of a long query are carried by no other essay: nothing to break ties in
        for j in _by_tie_break(index, me, tier, k - len(ranked)):
            ranked.append((j, next(subset for subset, g in groups if g >> j & 1)))
    return ranked


def related(index: Index, essay: Essay, k: int = RELATED_MAX) -> list[Link]:
    """Essays that share themes with this one, the most telling first."""
    return _related(index, index.essays.index(essay), k) if essay in index.essays else []


def related_all(index: Index, k: int = RELATED_MAX) -> dict[str, list[Link]]:
    return {essay.slug: _related(index, me, k) for me, essay in enumerate(index.essays)}


def _related(index: Index, me: int, k: int) -> list[Link]:
    return [
        Link(index.essays[j], tuple(t for t in index.essays[j].themes if t in shared))
        for j, shared in _top_sharing(index, me, index.essays[me].themes, k)
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
    for j, opposing in _top_sharing(index, me, tuple(opposed_by), k):
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
            sources.setdefault(_source_key(source), source)
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
            found.setdefault(_source_key(source), (source, []))[1].append(essay)
    items = [Discussed(s, tuple(es)) for s, es in found.values()]
    return sorted(items, key=lambda d: (d.source.published, d.source.title.casefold()))


@dataclass(frozen=True)
class Noted:
    """One note of a correction or update, with its essay, as the site-wide log lists it."""

    correction: Correction
    essay: Essay
    number: int  # 1 for the essay's first note of that day (as its file lists them), 2 for the second...

    @property
    def anchor(self) -> str:
        """What tells this note from every other of its essay: its day and number (the feed's entry id)."""
        return f"{self.correction.date.isoformat()}-{self.number}"


def corrections_log(essays: Iterable[Essay]) -> list[Noted]:
    """Every note of every essay, newest first; on one day, by the essay's title, then as its file lists them."""
    noted = []
    for essay in essays:
        per_day: Counter = Counter()
        for note in sorted(essay.corrections, key=lambda c: c.line):
            per_day[note.date] += 1
            noted.append(Noted(note, essay, per_day[note.date]))
    return sorted(
        noted, key=lambda n: (-n.correction.date.toordinal(), n.essay.title.casefold(), n.essay.slug, n.number)
    )


@dataclass(frozen=True)
class Findings:
    """Everything the site computes from the essays, before any page is written.

    What the benchmark times as "theme index + related essays + charts": the pages are
    then only a rendering of these.
    """

    index: Index
    pairs: Counter[tuple[str, str]]
    related: dict[str, list[Link]]  # by essay slug
    other_side: dict[str, list[Link]]  # by essay slug
    per_year: dict[str, dict[int, int]]  # each theme's chart: pieces discussed per year
    balance: dict[str, LensBalance]  # by lens slug
    years: dict[int, list[Essay]]
    authors: dict[str, list[Essay]]
    commentators: dict[str, list[Essay]]
    timeline: list[Discussed]
    corrections: list[Noted]  # every note of a correction or update, newest first


def analyse(essays: Iterable[Essay], vocabulary: Vocabulary) -> Findings:
    index = build_index(essays)
    ordered = list(index.essays)
    return Findings(
        index=index,
        pairs=cooccurrence(ordered),
        related=related_all(index),
        other_side=other_side_all(index, vocabulary),
        per_year={t.slug: discussed_per_year(essays_with(index, t.slug)) for t in vocabulary.themes},
        balance={lens.slug: lens_balance(index, vocabulary, lens.slug) for lens in vocabulary.lenses},
        years=by_year(ordered),
        authors=by_author(ordered),
        commentators=by_commentator(ordered),
        timeline=timeline(ordered),
        corrections=corrections_log(ordered),
    )
