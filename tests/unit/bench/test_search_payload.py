"""The benchmark's measure of a first search (scripts/bench/search_payload.py), run on the built test site."""

from __future__ import annotations

import pytest

from scripts.bench.search_payload import first_search_bytes

pytestmark = pytest.mark.browser


def test_a_first_search_fetches_part_of_the_search_index_and_is_measured(built_site):
    folder = built_site / "search-index"
    whole = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    measured = first_search_bytes(built_site, "hierarchy")
    print(f"\nfirst search on the test site: {measured}; the whole index: {whole} bytes")
    # The manifest, the word file of "hi", the text of up to ten results (and the favicon, which Chromium asks
    # for once the page has loaded): more than nothing, less than the whole index.
    assert 3 <= measured["requests"] <= 13
    assert measured["gzip"] > 0 and 0 < measured["raw"] < whole
    assert measured["gzip"] < whole
