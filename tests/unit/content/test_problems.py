"""The characters no page or feed may carry, found by the short search the loader uses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.content.problems import UNREADABLE, first_unreadable, shown

# Printable text with, now and then, a character from each range UNREADABLE names and the characters beside them.
_EDGES = "\x00\x08\t\n\x0b\x0c\x0d\x0e\x1f\x20\x7e\x7f\x9f\xa0\ud7ff\ud800\udfff\ue000\ufdcf\ufdd0\ufdef\ufdf0"
_EDGES += "\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a\ufffd\ufffe\uffff\U0001fffe\U0010ffff\U0010fffd—’é"


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_EDGES)), max_size=60))
def test_the_short_search_finds_what_the_full_list_finds(text):
    found = UNREADABLE.search(text)
    assert first_unreadable(text) == (found.start() if found else None)


@pytest.mark.parametrize("c", _EDGES)
def test_each_edge_of_the_ranges_is_found_as_the_full_list_finds_it(c):
    for text in (c, f"text {c}", f"’ {c} é", f"{c}\U0001f600"):
        found = UNREADABLE.search(text)
        assert first_unreadable(text) == (found.start() if found else None), repr(text)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_is_shown_as_itself_but_for_its_control_characters(text):
    assert shown(text) == "".join(c if " " <= c < "\x7f" else f"\\x{ord(c):02x}" for c in text)
