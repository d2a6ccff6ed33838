"""An essay's word count (its reading time, and the citation's `wordCount`): the quick count of ASCII text
must be the regular expression's count on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.content.model import WORD, count_words

# Word characters, the apostrophes that join them, the typography the quick count turns into ASCII, and
# letters, digits and punctuation outside ASCII that it does not.
PIECES = st.sampled_from([*"aZ9_'’ -.,;\n\t‘“”–—…\u00a0£€éß٣·", "don't", "NHS’s", "a’’b", "x'y'z", "__"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_the_quick_count_is_the_regular_expressions(text):
    assert count_words(text) == len(WORD.findall(text))


def test_an_apostrophe_joins_only_between_word_characters():
    # The, NHS’s, plan, isn't, new, it’s, 2024's
    assert count_words("The NHS’s plan isn't 'new' – it’s 2024's") == 7
