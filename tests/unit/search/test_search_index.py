"""The search index's pieces that need no build: words, page text, and how word files split."""

from __future__ import annotations

import itertools
import json
import math
import threading
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from searchfiles import file_of, word_files

from scripts.search import index as search_index
from scripts.search.index import SearchIndex


def test_words_drop_accents_case_and_single_letters_as_search_js_does():
    assert search_index.words("Système de santé: A&E, the NHS's 2024 plan") == [
        "systeme",
        "de",
        "sante",
        "the",
        "nhs",
        "2024",
        "plan",
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=60))
def test_ascii_and_other_text_give_the_words_of_one_rule(text):
    """ASCII text takes a quicker regular expression: the same words as the Unicode rule gives."""
    plain = search_index._ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()
    unicode_rule = search_index._WORD.findall(plain)
    assert search_index.words(text) == unicode_rule


def test_page_tokens_leave_out_markup_scripts_permalinks_and_fragment_markers():
    html = (
        '<h2 id="x">Power &amp; love<a class="headerlink" href="#x">¶</a></h2>\n<!--fragment-3-->\n'
        "<script>var secret = 1;</script><p>Kahane’s <em>two</em> drives</p>"
    )
    assert " ".join(search_index.page_tokens(html)) == "Power & love Kahane’s two drives"


@pytest.fixture
def indexed(tmp_path):
    """Makes an index of forty pages in tmp_path, with the given word-file size; closes it after the test."""
    made: list[SearchIndex] = []

    def make(shard_bytes: int) -> SearchIndex:
        index = SearchIndex(tmp_path, shard_bytes=shard_bytes)
        made.append(index)
        vocabulary = ["co", "coordination", "commissioning", "commission", "comparison", "cost", "care", "c1"]
        for n in range(40):
            text = " ".join(vocabulary[: 2 + n % len(vocabulary)])
            index.add(f"p{n}.md", url=f"p{n}/", title=f"Page {n}", lead="", content_html=f"<p>{text}</p>")
        index.write()
        return index

    yield make
    for index in made:
        index.close()


def _words(shard: dict) -> list[str]:
    """The words of a word file, without the stems' lists ("~stem") and the words' stems ("=")."""
    return [w for w in shard if w != "=" and not w.startswith("~")]


def _shards(tmp_path) -> tuple[list[str], list[dict]]:
    return word_files(tmp_path / search_index.FOLDER)


def _file_with(tmp_path, word: str) -> dict:
    starts, shards = _shards(tmp_path)
    return shards[file_of(starts, word)]


def test_word_files_are_runs_of_the_words_in_order_each_word_in_the_file_search_reads(tmp_path, indexed):
    indexed(shard_bytes=200)
    starts, shards = _shards(tmp_path)
    assert len(shards) > 2 and len(list((tmp_path / search_index.FOLDER / "words").glob("*.json"))) == len(shards)
    seen = []
    for number, shard in enumerate(shards):
        assert starts[number] in shard or "~" + starts[number] in shard
        for word in shard.keys() - {"="}:  # a stem's list ("~stem") in the file the stem would be in
            assert file_of(starts, word.lstrip("~")) == number, word
        seen += _words(shard)
    assert seen == sorted(set(seen))  # in order, and each word once


def test_a_small_index_is_one_word_file(tmp_path, indexed):
    indexed(shard_bytes=1_000_000)
    starts, shards = _shards(tmp_path)
    assert len(starts) == 1 and "coordination" in shards[0]


_SIZED_WORDS = st.dictionaries(
    st.text(alphabet=st.characters(categories=("Ll", "Lo", "Nd")), min_size=2, max_size=12),
    st.integers(min_value=0, max_value=400),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_SIZED_WORDS, st.integers(min_value=1, max_value=3_000))
def test_runs_hold_every_word_once_in_javascript_order_within_their_size(sizes, shard_bytes):
    runs = search_index._ranges(sizes, shard_bytes)
    flat = [word for run in runs for word in run]
    assert sorted(flat) == sorted(sizes) and all(runs)
    # UTF-16 code units, as search.js compares the words with the manifest's starts.
    assert [w.encode("utf-16-be") for w in flat] == sorted(w.encode("utf-16-be") for w in flat)
    starts = [run[0] for run in runs]
    for number, run in enumerate(runs):
        size = sum(len(w) + 4 + search_index._BYTES_PER_POSTING * sizes[w] for w in run)
        assert size <= shard_bytes or len(run) == 1
        assert all(file_of(starts, w) == number for w in run)


def _text(folder, number: int) -> dict | None:
    """Page `number`'s entry in the text files, read as search.js reads it."""
    per = json.loads((folder / "manifest.json").read_text())["per_file"]
    return json.loads((folder / "pages" / f"{number // per}.json").read_text())[number % per]


def _rest(folder, number: int) -> list | None:
    """Page `number`'s other parts, those not kept for a first search."""
    per = json.loads((folder / "manifest.json").read_text())["per_file"]
    return json.loads((folder / "rest" / f"{number // per}.json").read_text())[number % per]


def _anywhere(folder, title: str) -> bool:
    return any(f'"title": "{title}"' in file.read_text() for file in (folder / "pages").glob("*.json"))


def test_each_text_file_holds_its_pages_in_number_order(tmp_path, indexed):
    indexed(shard_bytes=1_000_000)
    folder = tmp_path / search_index.FOLDER
    assert [_text(folder, n)["title"] for n in range(40)] == [f"Page {n}" for n in range(40)]
    assert len(list((folder / "pages").glob("*.json"))) == -(-40 // search_index.PER_FILE)


def test_a_page_gone_under_serve_leaves_the_index_with_its_text(tmp_path, indexed):
    index = indexed(shard_bytes=1_000_000)
    index.keep_only({f"p{n}.md" for n in range(39)})
    index.write()
    folder = tmp_path / search_index.FOLDER
    assert json.loads((folder / "manifest.json").read_text())["pages"] == 39
    assert _text(folder, 39) is None and _rest(folder, 39) is None and not _anywhere(folder, "Page 39")
    assert _text(folder, 38)["title"] == "Page 38" and _rest(folder, 38) == []
    postings = _file_with(tmp_path, "page")["page"]
    assert sum(postings[0::3]) == 38  # the last page number left


def test_a_page_gone_from_a_text_file_not_yet_full_leaves_it_too(tmp_path, indexed):
    index = indexed(shard_bytes=1_000_000)
    index.add("p40.md", url="p40/", title="Page 40", lead="", content_html="<p>new</p>")
    index.add("p41.md", url="p41/", title="Page 41", lead="", content_html="<p>newer</p>")
    index.write()  # the file of pages 40 and 41 is written before it is full
    index.keep_only({f"p{n}.md" for n in range(41)})
    index.write()
    folder = tmp_path / search_index.FOLDER
    assert _text(folder, 40)["title"] == "Page 40" and _text(folder, 41) is None and not _anywhere(folder, "Page 41")
    assert _rest(folder, 41) is None


def test_an_error_in_the_index_process_fails_the_write_with_its_message(tmp_path, indexed):
    index = indexed(shard_bytes=1_000_000)
    index.add("p.md", url="p/", title="P", lead="", content_html="<p>x</p>", colour="red")  # no such field
    with pytest.raises(RuntimeError, match=r"The search index could not be written: TypeError: .*colour"):
        index.write()
    index.add("q.md", url="q/", title="Q", lead="", content_html="<p>y</p>")
    index.write()  # the error was reported once; the index goes on


def test_a_page_added_again_under_serve_is_found_by_its_new_words_only(tmp_path, indexed):
    index = indexed(shard_bytes=1_000_000)
    index.add("p3.md", url="p3/", title="Page 3", lead="", content_html="<p>rewritten entirely</p>")
    index.write()
    folder = tmp_path / search_index.FOLDER
    assert json.loads((folder / "manifest.json").read_text())["pages"] == 40
    assert _text(folder, 3) is None and _text(folder, 2)["title"] == "Page 2"
    assert _text(folder, 40)["parts"] == [[0, "rewritten entirely"]]
    assert list(itertools.accumulate(_file_with(tmp_path, "rewritten")["rewritten"][0::3])) == [40]
    every_page_had_it = set(itertools.accumulate(_file_with(tmp_path, "coordination")["coordination"][0::3]))
    assert every_page_had_it == set(range(40)) - {3}


def test_stems_join_the_forms_of_a_word_and_leave_other_words_alone():
    assert search_index.stem("hierarchies") == search_index.stem("hierarchy")
    assert search_index.stem("commissioning") == search_index.stem("commissioned")
    assert search_index.stem("leaders") == search_index.stem("leader")
    assert search_index.stem("solidarity") != search_index.stem("solitary")


def _index_of(tmp_path, pages: dict[str, str], glossary=None) -> tuple[dict, dict[str, dict]]:
    """Index {name: text} (one page each, as essays) and read back the manifest and every word file merged."""
    index = SearchIndex(tmp_path, glossary=glossary or {})
    try:
        for name, text in pages.items():
            index.add(f"{name}.md", url=f"{name}/", title=name, lead="", content_html=f"<p>{text}</p>", date="2025")
        index.write()
    finally:
        index.close()
    folder = tmp_path / search_index.FOLDER
    manifest = json.loads((folder / "manifest.json").read_text())
    merged: dict[str, dict] = {}
    for shard in word_files(folder)[1]:
        for word, value in shard.items():
            merged.setdefault(word, {}).update(value) if word == "=" else merged.__setitem__(word, value)
    return manifest, merged


def _pages_of(postings: list[int]) -> list[int]:
    return list(itertools.accumulate(postings[0::3]))


def test_the_words_of_one_stem_are_also_written_as_one_list_and_each_names_its_stem(tmp_path):
    _, merged = _index_of(
        tmp_path, {"a": "a hierarchy of needs", "b": "two hierarchies compared", "c": "nothing of the kind"}
    )
    root = search_index.stem("hierarchy")
    assert merged["="]["hierarchy"] == merged["="]["hierarchies"] == root
    assert _pages_of(merged["~" + root]) == [0, 1]
    assert _pages_of(merged["hierarchy"]) == [0] and _pages_of(merged["hierarchies"]) == [1]
    assert "kind" not in merged["="]  # a word alone in its stem needs no list of its own


def test_the_file_of_a_stems_list_names_every_word_of_the_stem(tmp_path):
    # A search by one form reads its stem's file for the list; the other forms, which it marks in excerpts,
    # may be in other files (tiny files here: a word or two each).
    index = search_index._Index(tmp_path, 40)
    for n, text in enumerate(["a hierarchy of needs", "two hierarchies compared", "hierarchical order"]):
        index.add(f"{n}.md", url=f"{n}/", title=str(n), lead="", content_html=f"<p>{text}</p>")
    index.write()
    root = search_index.stem("hierarchy")
    (holding,) = [shard for shard in _shards(tmp_path)[1] if "~" + root in shard]
    assert {w for w, r in holding["="].items() if r == root} == {"hierarchy", "hierarchies"}
    assert _pages_of(holding["~" + root]) == [0, 1]


_VOCABULARY = [f"w{n}" for n in range(40)]


@settings(max_examples=60, deadline=None)
@given(
    pages=st.lists(
        st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=700).map(" ".join), min_size=1, max_size=6
    )
)
def test_a_pages_text_is_all_in_its_files_and_each_word_names_the_parts_that_hold_it(tmp_path_factory, pages):
    """What lets every result show the word it was found by: the kept parts and the rest are the whole text,
    and a word's postings name exactly the parts whose text holds it, kept or not."""
    folder = tmp_path_factory.mktemp("index")
    index = search_index._Index(folder, 1_000_000)
    for n, text in enumerate(pages):
        index.add(f"{n}.md", url=f"{n}/", title=f"T{n}", lead="", content_html=f"<p>{text}</p>")
    index.write()
    (shard,) = _shards(folder)[1]
    for n, text in enumerate(pages):
        kept, rest = _text(index.folder, n)["parts"], _rest(index.folder, n)
        assert {bit for bit, _ in kept}.isdisjoint(bit for bit, _ in rest)
        whole = [part for _, part in sorted(kept + rest)]
        assert " ".join(whole) == text
        assert [bit for bit, _ in sorted(kept + rest)] == list(range(len(whole)))
        for word in set(text.split()):
            at = _pages_of(shard[word]).index(n)
            bits = shard[word][3 * at + 2]
            assert bits == sum(1 << bit for bit, part in enumerate(whole) if word in part.split())


def test_an_acronym_is_indexed_where_its_expansion_is_written_and_the_reverse(tmp_path):
    glossary = {
        "CCG": "Clinical commissioning group — the GP-led bodies of 2013 to 2022",
        "NHS": "National Health Service",
    }
    _, merged = _index_of(
        tmp_path,
        {
            "spelt": "The clinical commissioning group met.",
            "short": "The CCG met.",
            "neither": "The board met.",
        },
        glossary,
    )
    assert _pages_of(merged["ccg"]) == [0, 1]  # written out on page 0, as the acronym on page 1
    assert _pages_of(merged["clinical"]) == [0, 1]
    assert "national" not in merged  # no page has NHS or its expansion


def test_a_word_indexed_only_for_its_acronym_names_its_stem_too(tmp_path):
    # "clinical" is on no page: it is indexed where "CCG" is written. A search for it should still find
    # "clinic", the other word of its stem.
    glossary = {"CCG": "Clinical commissioning group — the GP-led bodies of 2013 to 2022"}
    _, merged = _index_of(tmp_path, {"short": "The CCG met.", "other": "A clinic opened."}, glossary)
    assert merged["="]["clinical"] == merged["="]["clinic"] == search_index.stem("clinical")
    assert _pages_of(merged["~" + search_index.stem("clinic")]) == [0, 1]


def _passages_by_hand(parts: list[set[str]], weight: dict[str, float], keep: int) -> list[int]:
    """The greedy choice said plainly: each time, every part not chosen is weighed again."""
    chosen: list[int] = []
    for _ in range(min(keep, len(parts))):
        held = set().union(*(parts[i] for i in chosen))
        gains = [
            (math.fsum(weight.get(w, 0.0) for w in ws - held), -i) for i, ws in enumerate(parts) if i not in chosen
        ]
        gain, first = max(gains)
        if gain <= 0 and chosen:
            break
        chosen.append(-first)
    return sorted(chosen)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sets(st.sampled_from("abcdefghij"), max_size=6), min_size=1, max_size=16),
    weights=st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from([0.0, 0.5, 1.0, 3.25]) | st.floats(0, 10)),
    keep=st.integers(1, 6),
)
def test_the_passages_are_the_plain_greedy_choice(parts, weights, keep):
    assert search_index.passages(parts, weights, keep) == _passages_by_hand(parts, weights, keep)


def test_the_passages_do_not_depend_on_the_order_a_set_gives_its_words_in():
    # 0.1 + 0.2 + 0.3 is 0.6 summed from the end and more than 0.6 from the start: part 1 would win or tie
    # with part 0 as the hash seed orders the set. Summed exactly it ties, and the earlier part wins.
    weight = {"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.6}
    assert search_index.passages([{"d"}, {"a", "b", "c"}], weight, 1) == [0]
    assert search_index.passages([{"a", "b", "c"}, {"d"}], weight, 1) == [0]


def test_a_page_keeps_the_passages_that_hold_the_words_it_would_be_searched_by():
    parts = [{"the", "and", "of"}, {"the", "kahane"}, {"the", "of"}, {"and", "tillich", "kahane"}]
    weight = {"kahane": 3.0, "tillich": 2.0, "the": 0.1, "and": 0.1, "of": 0.1}
    # Part 3 holds the most weight, part 0 then adds most of what is left; both in page order.
    assert search_index.passages(parts, weight, 2) == [0, 3]
    assert search_index.passages(parts, weight, 1) == [3]
    assert search_index.passages([{"x"}], {}, 3) == [0]  # a page whose words weigh nothing keeps its first part


def test_the_manifest_names_the_pages_that_are_not_essays(tmp_path):
    index = SearchIndex(tmp_path)
    try:
        index.add("essays/a.md", url="essays/a/", title="A", lead="", content_html="<p>x y</p>", date="2025-01-01")
        index.add("themes/b.md", url="themes/b/", title="Beta", lead="", content_html="<p>x y</p>", named=True)
        index.write()
    finally:
        index.close()
    manifest = json.loads((tmp_path / search_index.FOLDER / "manifest.json").read_text())
    assert manifest["listing"] == [1] and manifest["named"] == {"beta": 1}


def test_the_index_starts_its_thread_with_the_first_page_so_that_the_check_can_fork(tmp_path):
    threads = threading.active_count()
    index = SearchIndex(tmp_path)
    try:
        assert threading.active_count() == threads  # its process is started; the thread that feeds it is not
        index.add("essays/a.md", url="essays/a/", title="A", lead="", content_html="<p>x y</p>")
        assert threading.active_count() == threads + 1
        index.write()
    finally:
        index.close()
    assert threading.active_count() == threads


def test_an_index_given_no_page_closes(tmp_path):
    SearchIndex(tmp_path).close()


def _folder_contents(folder) -> dict[str, object]:
    return {p.relative_to(folder).as_posix(): json.loads(p.read_text()) for p in sorted(folder.rglob("*.json"))}


def _add_page(index, n: int, edit: int = 0) -> None:
    words = ["care", "board", "trust", "plan", "money", "staff"]
    text = " ".join(words[: 1 + (n + edit) % len(words)]) + f" page{n} edit{edit}"
    index.add(f"p{n}.md", url=f"p{n}/", title=f"Page {n}", lead="", content_html=f"<p>{text}</p>")


def test_saving_again_and_again_under_serve_leaves_the_index_a_fresh_build_makes(tmp_path):
    """Each save adds its pages again under new numbers: the index numbers them again from 0 before it grows
    past twice its pages, so that after many saves (and a removal) it holds what a fresh build's holds."""
    served = search_index._Index(tmp_path / "served", 400)
    for n in range(10):
        _add_page(served, n)
    served.write()
    first = _folder_contents(served.folder)
    for save in range(1, 60):  # a writer saving one page, and now and then another
        _add_page(served, 3, save)
        if save % 7 == 0:
            _add_page(served, save % 10, save)
        served.write()
        assert served._numbers <= 2 * len(served._pages) + search_index.PER_FILE
    served.keep_only({f"p{n}.md" for n in range(10) if n != 5})
    served.write()
    fresh = search_index._Index(tmp_path / "fresh", 400)
    for n in range(10):  # every page as the served index last had it, in the order it numbered them
        if n == 5:
            continue
        last = max([s for s in range(1, 60) if s % 7 == 0 and s % 10 == n], default=0)
        _add_page(fresh, n, 59 if n == 3 else last)
    fresh.write()
    assert len(first["manifest.json"]["starts"]) >= 1
    grown, made = _folder_contents(served.folder), _folder_contents(fresh.folder)
    assert len(grown) <= 2 * len(first)  # bounded by the pages, not by the saves
    # The same pages, words and texts, whatever the numbers: compared by page URL.
    assert _by_url(grown) == _by_url(made)


def _by_url(contents: dict[str, object]) -> dict[str, object]:
    """word -> the URLs of its pages, and url -> the page's text, from an index's files."""
    texts = [t for name, page in sorted(contents.items()) if name.startswith("pages/") for t in page]
    rests = [r for name, page in sorted(contents.items()) if name.startswith("rest/") for r in page]
    urls = [t["url"] if t else None for t in texts]
    postings = {}
    for name, shard in contents.items():
        if name.startswith("words/"):
            for word, flat in shard.items():
                if word in ("=",) or word.startswith("~"):
                    continue
                numbers, number = [], 0
                for gap in flat[0::3]:
                    number += gap
                    numbers.append(urls[number])
                postings[word] = sorted(numbers)
    # Each page's whole text: which parts a page keeps for a first search depends on the order pages came in.
    whole = [{**t, "parts": sorted(t["parts"] + rest)} for t, rest in zip(texts, rests, strict=True) if t]
    return {"postings": postings, "texts": sorted(json.dumps(t, sort_keys=True) for t in whole)}


def test_an_acronyms_plural_has_the_acronym_as_its_stem_and_other_words_keep_snowballs():
    assert search_index.stem("ccgs") == search_index.stem("ccg") == "ccg"
    assert search_index.stem("gps") == "gp"
    for word in ("bus", "has", "hierarchies", "its", "us"):  # a vowel before the "s", or two letters
        assert search_index.stem(word) == search_index._STEMMER.stemWord(word)


def test_an_acronyms_plural_and_its_expansions_plural_meet_the_other(tmp_path):
    glossary = {"CCG": "Clinical commissioning group — the GP-led bodies of 2013 to 2022"}
    _, merged = _index_of(
        tmp_path,
        {"short": "Two CCGs met.", "spelt": "The clinical commissioning groups met.", "no": "A group."},
        glossary,
    )
    assert _pages_of(merged["ccg"]) == [1]  # written out in the plural on page 1
    assert _pages_of(merged["clinical"]) == [0, 1]  # the acronym's plural on page 0
    assert _pages_of(merged["~ccg"]) == [0, 1] and merged["="]["ccgs"] == "ccg"


def test_the_manifest_tells_the_browser_each_acronyms_expansion_so_an_excerpt_can_mark_it(tmp_path):
    glossary = {"CCG": "Clinical commissioning group — the GP-led bodies", "NHS": "National Health Service"}
    manifest, _ = _index_of(tmp_path, {"a": "A CCG."}, glossary)
    assert manifest["expansions"] == {
        "ccg": ["clinical", "commissioning", "group"],
        "nhs": ["national", "health", "service"],
    }


def _weights(tmp_path, pages: list[dict]) -> dict[str, list[int]]:
    """word -> its weight on each page that has it, for pages given as `add`'s keywords."""
    index = search_index._Index(tmp_path, 1_000_000)
    for n, page in enumerate(pages):
        index.add(f"{n}.md", url=f"{n}/", title=f"t{n}", lead="", **page)
    index.write()
    (shard,) = _shards(tmp_path)[1]
    return {word: flat[1::3] for word, flat in shard.items() if word != "=" and not word.startswith("~")}


def test_the_pieces_an_essay_lists_find_it_weigh_less_than_its_text_and_give_no_excerpt(tmp_path):
    text = "<p>" + " ".join(f"w{n}" for n in range(40)) + "</p>"
    pages = [
        {"content_html": text, "more": "Bureaucratisation A Journal", "date": "2025-01-01"},
        {"content_html": text.replace("w0 ", "bureaucratisation "), "more": "A Writer Journal", "date": "2025-01-02"},
    ]
    weights = _weights(tmp_path, pages)
    listed, written = weights["bureaucratisation"]
    assert 0 < listed < written
    (shard,) = _shards(tmp_path)[1]
    assert shard["bureaucratisation"][2] == 0  # in no part of page 0's text
    texts = [_text(tmp_path / search_index.FOLDER, 0), _rest(tmp_path / search_index.FOLDER, 0)]
    assert "Bureaucratisation" not in json.dumps(texts)


def test_a_named_page_counts_each_word_of_its_text_once(tmp_path):
    pages = [
        {"content_html": "<p>care care care board</p>", "named": True},
        {"content_html": "<p>care board</p>", "named": True},
    ]
    weights = _weights(tmp_path, pages)
    assert weights["care"][0] == weights["care"][1] == weights["board"][0]
