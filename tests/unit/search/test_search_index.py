"""The search index's pieces that need no build: words, page text, and how word files split."""

from __future__ import annotations

import itertools
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_page_text_leaves_out_markup_scripts_permalinks_and_fragment_markers():
    html = (
        '<h2 id="x">Power &amp; love<a class="headerlink" href="#x">¶</a></h2>\n<!--fragment-3-->\n'
        "<script>var secret = 1;</script><p>Kahane’s <em>two</em> drives</p>"
    )
    assert search_index.page_text(html) == "Power & love Kahane’s two drives"


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


def _shards(tmp_path) -> tuple[list[str], dict[str, dict]]:
    folder = tmp_path / search_index.FOLDER
    keys = json.loads((folder / "manifest.json").read_text())["keys"]
    return keys, {k: json.loads((folder / "words" / f"{k}.json").read_text()) for k in keys}


def test_a_large_word_file_splits_by_one_more_letter_and_each_word_stays_findable(tmp_path, indexed):
    indexed(shard_bytes=200)
    keys, shards = _shards(tmp_path)
    # "co" holds the word "co" itself; the longer words moved on to longer keys.
    assert "co" in keys and any(len(k) > 2 and k.startswith("co") for k in keys)
    for key, shard in shards.items():
        for word in _words(shard):
            assert key == max((k for k in keys if word.startswith(k)), key=len), (word, key)
    assert sum(len(_words(s)) for s in shards.values()) == len({w for s in shards.values() for w in _words(s)})


def test_small_word_files_stay_at_two_letters(tmp_path, indexed):
    indexed(shard_bytes=1_000_000)
    keys, _ = _shards(tmp_path)
    assert all(len(k) == 2 for k in keys)


def _text(folder, number: int) -> dict | None:
    """Page `number`'s entry in the text files, read as search.js reads it."""
    per = json.loads((folder / "manifest.json").read_text())["per_file"]
    return json.loads((folder / "pages" / f"{number // per}.json").read_text())[number % per]


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
    assert _text(folder, 39) is None and not _anywhere(folder, "Page 39")
    assert _text(folder, 38)["title"] == "Page 38"
    postings = json.loads((folder / "words" / "pa.json").read_text())["page"]
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
    shards = _shards(tmp_path)[1]
    assert list(itertools.accumulate(shards["re"]["rewritten"][0::3])) == [40]
    every_page_had_it = set(itertools.accumulate(shards["co"]["coordination"][0::3]))
    assert every_page_had_it == set(range(40)) - {3}


def test_many_long_words_sharing_a_prefix_give_file_names_the_file_system_takes(tmp_path):
    # Each word file is named by its prefix: unbounded, 300-letter words split letter by letter would
    # have given a name past the 255 bytes a file system allows ("File name too long").
    index = SearchIndex(tmp_path, shard_bytes=50)
    try:
        words = ["ж" * 300 + "абвгде"[n % 6] + str(n) for n in range(60)]
        index.add("p.md", url="p/", title="Page", lead="", content_html="<p>" + " ".join(words) + "</p>")
        index.write()
    finally:
        index.close()
    keys, shards = _shards(tmp_path)
    assert max(len(k) for k in keys) <= search_index.MAX_KEY
    assert {w for s in shards.values() for w in _words(s)} >= set(words)


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
    for key in manifest["keys"]:
        for word, value in json.loads((folder / "words" / f"{key}.json").read_text()).items():
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


def _passages_by_hand(parts: list[set[str]], weight: dict[str, float], keep: int) -> list[int]:
    """The greedy choice said plainly: each time, every part not chosen is weighed again."""
    chosen: list[int] = []
    for _ in range(min(keep, len(parts))):
        held = set().union(*(parts[i] for i in chosen))
        gains = [(sum(weight.get(w, 0.0) for w in ws - held), -i) for i, ws in enumerate(parts) if i not in chosen]
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
