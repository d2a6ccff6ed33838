"""The search page's matching and ranking, in Chromium, on a small corpus made for it: other forms of a word,
misspellings, partial matches, acronyms, nearness, essays before listings, and excerpts that show the words
(a word in no passage kept for a first search among them).
The expected orders are written here from the essays below, not read off the engine."""

from __future__ import annotations

import json
import random
import string

import pytest
from conftest import make_project, run_mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_browser import open_search, result_paths, serve

pytestmark = pytest.mark.browser

HEAD = (
    '---\ntitle: "{title}"\nauthor: The Editors\ndate: 2025-03-{day:02d}\nthemes: [{themes}]\n'
    'summary: "{summary}"\n{sources}---\n\n'
)
FILLER = " ".join(f"filler{n}" for n in range(60))  # distinct words that no query uses


def essay(title: str, day: int, body: str, themes: str = "power", summary: str = "An essay.", source: str = "") -> str:
    """An essay's file; `source`: the title of one piece it discusses."""
    sources = (
        f"sources:\n  - title: {source}\n    author: A Writer\n    publisher: A Journal\n    published: 2024-01\n"
        if source
        else ""
    )
    return HEAD.format(title=title, day=day, themes=themes, summary=summary, sources=sources) + body + "\n"


ESSAYS = {
    "plural.md": essay("On care", 1, "The hierarchies of care are many. " + FILLER),
    "single.md": essay("On trusts", 2, "A hierarchy of trusts, and little else. " + FILLER),
    "corrigan.md": essay("A reading", 3, "Paul Corrigan wrote of grip. Corrigan again. " + FILLER),
    "acronym.md": essay("Boards", 4, "The CCG met on Tuesday. " + FILLER),
    "spelt.md": essay("Groups", 5, "Each clinical commissioning group met on Monday. " + FILLER),
    # The same words, once each: together in one, at the two ends of the other.
    "near.md": essay("Near", 6, "Solidarity and reciprocity go together. " + FILLER),
    "far.md": essay("Far", 7, "Solidarity goes first. " + FILLER + " Then reciprocity and together."),
    "late.md": essay("Late", 8, FILLER + " " + FILLER.replace("filler", "more") + " At last the word kahanesque."),
    # An acronym the corpus has only in the singular, and words as near to its plural ("acts", "puts").
    "pct.md": essay("Trusts", 22, "The PCT closed. " + FILLER),
    "acts.md": essay("Statutes", 23, "Two acts puts it plainly. " + FILLER),
    # The word typed, far from other words of its stem ("account"), which open the essay.
    "siblings.md": essay("Ledgers", 21, "An account, an account. " + FILLER + " At the end, accountabilities."),
    # Function words, and words they begin ("the": "theme", "let": "letter"), many times over.
    "wordy.md": essay("Why the letter", 9, "Why is the theme the letter, and if so, why is it not? " * 5 + FILLER),
    # A common word many times on four pages; a rare one once on another.
    **{
        f"common{n}.md": essay(f"Minutes {n}", 10 + n, "The board met. The board agreed. The board rose. " + FILLER)
        for n in range(4)
    },
    "rare.md": essay("Rare", 15, "A quangocracy grew. " + FILLER),
    # An acronym's plural, and its expansion's.
    "ccgs.md": essay("Mergers", 16, "Several CCGs merged in 2019. " + FILLER),
    "groups.md": essay("Bodies", 17, "The clinical commissioning groups merged. " + FILLER),
    # Two words of two theme descriptions, which the themes' index lists together.
    "values.md": essay("Values", 18, "Shared values gave way to resignation. " + FILLER),
    # A word in the list of pieces the essay discusses, and the same word in another essay's text.
    "listed.md": essay("Listed", 19, FILLER, source="Bureaucratisation"),
    "written.md": essay("Written", 20, "The bureaucratisation of care. " + FILLER),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("ranking")
    project = make_project(folder / "p", ESSAYS)
    site = folder / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    server, base = serve(site)
    context = browser.new_context(base_url=base)
    yield context.new_page(), base
    context.close()
    server.shutdown()
    server.server_close()


def essays_in(paths: list[str]) -> list[str]:
    return [p.removeprefix("essays/").removesuffix("/") for p in paths if p.startswith("essays/")]


def test_another_form_of_a_word_finds_it_and_the_form_typed_comes_first(small):
    page, base = small
    open_search(page, "hierarchies")
    paths = result_paths(page, base)
    assert paths[0] == "themes/hierarchy/"  # named, in another form of its name
    assert essays_in(paths)[:2] == ["plural", "single"]
    open_search(page, "hierarchy")
    paths = result_paths(page, base)
    assert paths[0] == "themes/hierarchy/"  # named exactly
    assert essays_in(paths)[:2] == ["single", "plural"]


def test_a_page_the_query_names_comes_first_in_any_form_and_with_function_words(small):
    page, base = small
    for query in ("power and love", "love & power", "What is power and love?"):
        open_search(page, query)
        assert result_paths(page, base)[0] == "lenses/power-and-love/", query
    open_search(page, "powers")
    assert result_paths(page, base)[0] == "themes/power/"


def test_function_words_neither_rank_pages_nor_widen_to_the_words_they_begin(small):
    page, base = small
    open_search(page, "why is the kahanesque")
    assert essays_in(result_paths(page, base)) == ["late"]
    open_search(page, "if the")  # nothing but function words: then they are what was asked for
    assert essays_in(result_paths(page, base))[0] == "wordy"


def test_a_rare_word_weighs_more_than_a_common_one(small):
    page, base = small
    open_search(page, "board quangocracy")
    found = essays_in(result_paths(page, base))
    assert found[0] == "rare"
    assert set(found[1:5]) == {f"common{n}" for n in range(4)}


def test_an_acronyms_plural_and_possessive_meet_the_acronym_and_its_expansion(small):
    page, base = small
    every = {"acronym", "spelt", "ccgs", "groups"}
    for query in ("CCGs'", "CCGs", "ccg", "CCG's", "clinical commissioning groups", "clinical commissioning group"):
        open_search(page, query)
        assert set(essays_in(result_paths(page, base))[:4]) == every, query


def test_an_acronyms_plural_the_corpus_lacks_is_its_singular_not_a_misspelling(small):
    page, base = small
    for query in ("PCTs", "PCTs'"):
        status = open_search(page, query)
        assert essays_in(result_paths(page, base)) == ["pct"], query
        assert "Showing results for" not in status


def test_a_listing_of_many_topics_does_not_win_by_holding_their_words(small):
    page, base = small
    open_search(page, "shared values resignation")
    paths = result_paths(page, base)
    assert paths[0] == "essays/values/"
    assert paths.index("essays/values/") < paths.index("themes/")


def test_a_page_is_scored_on_its_own_text_before_the_pieces_it_lists(small):
    page, base = small
    open_search(page, "bureaucratisation")
    assert essays_in(result_paths(page, base))[:2] == ["written", "listed"]
    excerpt = page.locator("#search-results > li").filter(has=page.locator('a[href$="/essays/listed/"]'))
    assert "Bureaucratisation" not in excerpt.inner_text()  # a bibliography line is not an excerpt


def test_a_misspelt_word_is_read_as_the_nearest_word_and_the_page_says_so(small):
    page, base = small
    status = open_search(page, "corigan")
    assert "Showing results for “corrigan”" in status
    assert essays_in(result_paths(page, base))[0] == "corrigan"
    page.get_by_role("link", name="search for “corigan” only").click()
    page.wait_for_url("**exact=1**")
    page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('No results')")
    assert page.locator("#search-status").inner_text() == "No results for “corigan”."
    open_search(page, "solidartiy")  # two letters swapped
    assert "Showing results for “solidarity”" in page.locator("#search-status").inner_text()


def test_a_word_found_nowhere_leaves_the_pages_of_the_others_and_is_named(small):
    page, base = small
    status = open_search(page, "corrigan zzqqxxv")
    assert "No page has “zzqqxxv”: these pages have the other words." in status
    assert essays_in(result_paths(page, base)) == ["corrigan"]


def test_words_near_each_other_rank_above_the_same_words_far_apart(small):
    page, base = small
    open_search(page, "solidarity reciprocity")
    found = essays_in(result_paths(page, base))
    assert found.index("near") < found.index("far")


def test_the_excerpt_shows_the_word_found_late_in_a_long_page_marked(small):
    page, _ = small
    open_search(page, "kahanesque")
    item = page.locator("#search-results > li").first
    assert item.locator("a").get_attribute("href").endswith("/essays/late/")
    assert item.locator("mark").all_inner_texts() == ["kahanesque"]
    assert item.locator(".search-results__excerpt *:not(mark)").count() == 0


def test_the_excerpt_shows_the_word_as_typed_before_other_words_of_its_stem(small):
    page, _ = small
    open_search(page, "accountabilities")
    item = page.locator("#search-results > li").filter(has=page.locator('a[href$="/essays/siblings/"]'))
    assert "accountabilities" in [m.lower() for m in item.locator("mark").all_inner_texts()]


def test_an_excerpt_found_by_an_acronym_marks_its_expansion_and_the_reverse(small):
    page, _ = small

    def marks(slug: str) -> list[str]:
        item = page.locator("#search-results > li").filter(has=page.locator(f'a[href$="/essays/{slug}/"]'))
        return [m.lower() for m in item.locator("mark").all_inner_texts()]

    open_search(page, "CCGs")
    assert {"clinical", "commissioning", "group"} <= set(marks("spelt"))
    assert "clinical" not in marks("acronym")  # nothing spelt out there: the acronym is what is marked
    assert "ccg" in marks("acronym")
    open_search(page, "clinical commissioning groups")
    assert "ccg" in marks("acronym") and "ccgs" in marks("ccgs")


# A corpus where most of each essay's rare words lie outside the five passages kept for its first excerpt:
# forty rare words an essay, across its sixteen parts, among common words every essay uses.
_DRAW = random.Random(30)
_COMMON = ["care", "board", "trust", "money", "staff", "plan", "ward", "patient", "doctor", "nurse", "year", "cost"]
_RARE = {
    f"rare{n}": ["".join(_DRAW.choice(string.ascii_lowercase) for _ in range(_DRAW.randint(9, 12))) for _ in range(40)]
    for n in range(6)
}


def _long_essay(slug: str, day: int) -> str:
    body = [_DRAW.choice(_COMMON) for _ in range(1200)]
    for word, at in zip(_RARE[slug], _DRAW.sample(range(len(body)), len(_RARE[slug])), strict=True):
        body[at] = word
    return essay(f"Essay {slug}", day, " ".join(body))


@pytest.fixture(scope="module")
def rare(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("rare")
    project = make_project(folder / "p", {f"{slug}.md": _long_essay(slug, n + 1) for n, slug in enumerate(_RARE)})
    site = folder / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    server, base = serve(site)
    context = browser.new_context(base_url=base)
    server.site = site
    yield context.new_page(), server
    context.close()
    server.shutdown()
    server.server_close()


def _typed(word: str, form: str) -> str:
    """The word as a reader might type it: whole, its start, or with two of its middle letters swapped."""
    if form == "start":
        return word[:-2]
    if form == "swapped":
        return word[:3] + word[4] + word[3] + word[5:]
    return word


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=st.sampled_from(sorted(_RARE)), at=st.integers(0, 39), form=st.sampled_from(["whole", "start", "swapped"]))
def test_a_page_found_by_a_word_of_its_text_shows_that_word_marked_in_its_excerpt(rare, slug, at, form):
    page, server = rare
    word = _RARE[slug][at]
    asked = len(server.sent)
    open_search(page, _typed(word, form))
    item = page.locator("#search-results > li").filter(has=page.locator(f'a[href$="/essays/{slug}/"]'))
    assert item.count() == 1
    assert word in [m.lower() for m in item.locator("mark").all_inner_texts()]
    # The page's other parts are fetched only when its kept passages do not hold the word.
    fetched = any("/search-index/rest/" in path for path, *_ in server.sent[asked:])
    assert fetched == (word not in _kept_text(server.site, slug))


def _kept_text(site, slug: str) -> str:
    for path in (site / "search-index" / "pages").glob("*.json"):
        for data in json.loads(path.read_text(encoding="utf-8")):
            if data and data["url"] == f"essays/{slug}/":
                return " ".join(text for _, text in data["parts"])
    raise AssertionError(f"essays/{slug}/ is in no text file")
