"""Related essays, the other side, and the counts, on hand-made corpora whose answers are obvious."""

from __future__ import annotations

import datetime

import pytest
from conftest import make_essay
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.analysis import findings as analysis

# Themes with opposites among them, so that the other side is exercised too.
THEMES = ["power", "love", "hierarchy", "solidarity", "individualism", "fatalism"]
TAYLOR = {"title": "Partnering power with love", "author": "Matthew Taylor", "publisher": "HM", "published": "2025-12"}


def corpus():
    return [
        make_essay("me", ("hierarchy", "power"), "2024-06-01", sources=[TAYLOR]),
        make_essay("both", ("hierarchy", "power"), "2020-01-01"),  # shares both themes
        make_essay("rare", ("hierarchy", "solidarity"), "2019-01-01"),  # shares the rare theme
        make_essay("same-source", ("power",), "2018-01-01", sources=[TAYLOR]),  # common theme + a source
        make_essay("near", ("power", "love"), "2024-05-01"),  # common theme, near in time
        make_essay("far", ("power", "love"), "2012-01-01"),  # common theme, far in time
        make_essay("middle", ("power", "love"), "2022-01-01"),
        make_essay("unrelated", ("fatalism",), "2024-06-01"),
        make_essay("individualist", ("individualism",), "2024-01-01"),
    ]


def test_related_ranks_by_rarity_then_sources_then_time():
    index = analysis.build_index(corpus())
    me = next(e for e in index.essays if e.slug == "me")
    links = analysis.related(index, me)
    assert [link.essay.slug for link in links] == ["both", "rare", "same-source", "near", "middle"]
    assert [link.themes for link in links] == [
        ("hierarchy", "power"),
        ("hierarchy",),
        ("power",),
        ("power",),
        ("power",),
    ]


def test_related_never_lists_the_essay_itself_or_unrelated_ones():
    index = analysis.build_index(corpus())
    related = analysis.related_all(index)
    for slug, links in related.items():
        assert slug not in [link.essay.slug for link in links]
    assert "unrelated" not in [link.essay.slug for link in related["me"]]
    assert related["unrelated"] == []


def test_rare_theme_outweighs_common_one():
    index = analysis.build_index(corpus())
    assert index.weight["hierarchy"] > index.weight["power"]


def test_other_side_uses_opposing_themes(vocabulary):
    index = analysis.build_index(corpus())
    me = next(e for e in index.essays if e.slug == "me")
    links = analysis.other_side(index, vocabulary, me)
    # hierarchy is opposed by individualism (rarer: ranks first), power by love.
    assert [link.essay.slug for link in links] == ["individualist", "near", "middle"]
    assert links[0].themes == ("individualism",) and links[0].answers == ("hierarchy",)
    assert links[1].themes == ("love",) and links[1].answers == ("power",)


def test_other_side_ignores_opposites_the_essay_carries_itself(vocabulary):
    essays = [make_essay("a", ("power", "love")), make_essay("b", ("love",)), make_essay("c", ("power",))]
    index = analysis.build_index(essays)
    a = next(e for e in index.essays if e.slug == "a")
    assert analysis.other_side(index, vocabulary, a) == []


def test_cooccurrence_counts_pairs_both_ways():
    counts = analysis.cooccurrence(corpus())
    assert counts["power", "love"] == counts["love", "power"] == 3
    assert counts["hierarchy", "power"] == 2
    assert counts["hierarchy", "solidarity"] == 1
    assert counts["fatalism", "power"] == 0


def test_cooccurring_sorted_by_count(vocabulary):
    counts = analysis.cooccurrence(corpus())
    assert analysis.cooccurring(counts, "power", vocabulary) == [("love", 3), ("hierarchy", 2)]


def test_discussed_per_year_counts_distinct_sources_and_falls_back_to_essay_year():
    essays = [
        make_essay("a", ("power",), "2026-01-01", sources=[TAYLOR]),
        make_essay("b", ("power",), "2026-02-01", sources=[TAYLOR]),  # the same source: counted once
        make_essay("c", ("power",), "2024-03-01"),  # no source: its own year
    ]
    assert analysis.discussed_per_year(essays) == {2024: 1, 2025: 1}


def test_lens_balance_counts_themes_and_combinations(vocabulary):
    index = analysis.build_index(corpus())
    balance = analysis.lens_balance(index, vocabulary, "coordination-theory")
    assert balance.per_theme == [("hierarchy", 3), ("solidarity", 1), ("individualism", 1), ("fatalism", 1)]
    assert balance.combinations == [
        (("hierarchy",), 2),
        (("hierarchy", "solidarity"), 1),
        (("fatalism",), 1),
        (("individualism",), 1),
    ]
    assert balance.essays == 5


def test_timeline_lists_each_source_once_oldest_first():
    older = {"title": "Older", "author": "Paul Corrigan", "publisher": "Blog", "published": "2011-03-02"}
    essays = [
        make_essay("a", ("power",), sources=[TAYLOR, older]),
        make_essay("b", ("power",), sources=[TAYLOR]),
    ]
    items = analysis.timeline(essays)
    assert [i.source.title for i in items] == ["Older", "Partnering power with love"]
    assert sorted(e.slug for e in items[1].essays) == ["a", "b"]


# The ranking restated as plainly as possible: every other essay keyed and sorted. The site's
# version must give exactly this order without keying every essay; random corpora compare them.
def brute_force(index: analysis.Index, me: int, query: tuple[str, ...], k: int) -> list[tuple[str, tuple[str, ...]]]:
    essay = index.essays[me]

    def sources(e):
        return {(s.title.casefold(), s.author.casefold()) for s in e.sources}

    keyed = []
    for j, other in enumerate(index.essays):
        shared = tuple(t for t in other.themes if t in query)  # shown in the listed essay's order
        if j == me or not shared:
            continue
        key = (
            -round(sum(index.weight[t] for t in shared), 9),
            -len(sources(essay) & sources(other)),
            -len(set(essay.commentators) & set(other.commentators)),
            abs((other.date - essay.date).days),
            other.slug,
        )
        keyed.append((key, other.slug, shared))
    keyed.sort()
    return [(slug, shared) for _, slug, shared in keyed[:k]]


POOL = [
    {"title": f"Piece {i}", "author": f"Commentator {i % 4}", "publisher": "P", "published": "2020"} for i in range(7)
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(THEMES), min_size=1, max_size=len(THEMES), unique=True),
            st.integers(0, 60),  # days after the first essay: many essays share a date
            st.lists(st.integers(0, len(POOL) - 1), max_size=3, unique=True),
        ),
        min_size=2,
        max_size=40,
    )
)
def test_related_and_other_side_equal_the_plain_sort_on_random_corpora(vocabulary, rows):
    for list_at_most in (analysis._LIST_AT_MOST, 0):  # both ways of finding the nearest: listing, and the walk
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(analysis, "_LIST_AT_MOST", list_at_most)
            check_against_brute_force(vocabulary, rows)


def check_against_brute_force(vocabulary, rows):
    essays = [
        make_essay(
            f"e{i:02d}",
            tuple(themes),
            (datetime.date(2020, 1, 1) + datetime.timedelta(days=day)).isoformat(),
            sources=[POOL[s] for s in sources],
        )
        for i, (themes, day, sources) in enumerate(rows)
    ]
    index = analysis.build_index(essays)
    for me, essay in enumerate(index.essays):
        got = [(link.essay.slug, link.themes) for link in analysis.related(index, essay)]
        assert got == brute_force(index, me, essay.themes, analysis.RELATED_MAX)
        opposing = tuple(
            dict.fromkeys(o for t in essay.themes for o in vocabulary.theme[t].opposing if o not in essay.themes)
        )
        got = [(link.essay.slug, link.themes) for link in analysis.other_side(index, vocabulary, essay)]
        assert got == brute_force(index, me, opposing, analysis.OTHER_SIDE_MAX)


@given(st.sets(st.integers(0, 5000), max_size=60))
def test_a_bit_sets_members_are_its_positions_in_order_sparse_or_dense(positions):
    assert analysis._members(sum(1 << i for i in positions)) == sorted(positions)
