"""The search index's pieces that need no build: words, page text, and how word files split."""

from __future__ import annotations

import itertools
import json

import pytest

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


def test_a_page_gone_under_serve_leaves_the_index_with_its_text(tmp_path, indexed):
    index = indexed(shard_bytes=1_000_000)
    index.keep_only({f"p{n}.md" for n in range(39)})
    index.write()
    folder = tmp_path / search_index.FOLDER
    assert json.loads((folder / "manifest.json").read_text())["pages"] == 39
    assert not (folder / "pages" / "39.json").exists()
    postings = json.loads((folder / "words" / "pa.json").read_text())["page"]
    assert sum(postings[0::3]) == 38  # the last page number left


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
    assert not (folder / "pages" / "3.json").exists()
    assert json.loads((folder / "pages" / "40.json").read_text())["parts"] == [[0, "rewritten entirely"]]
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
