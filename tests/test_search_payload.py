"""The benchmark's measure of a first search (scripts/search_payload.py), run on the built test site."""

from __future__ import annotations

import pytest

from scripts.search_payload import first_search_bytes

pytestmark = pytest.mark.browser


def test_a_first_search_fetches_part_of_the_pagefind_index_and_is_measured(built_site):
    folder = built_site / "pagefind"
    whole = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    measured = first_search_bytes(built_site, "hierarchy")
    print(f"\nfirst search on the test site: {measured}; the whole Pagefind folder: {whole} bytes")
    # Pagefind's script, its WebAssembly, the entry file, one index chunk and the first results' fragments:
    # more than nothing, less than the whole index.
    assert measured["requests"] >= 5
    assert measured["gzip"] > 0 and 0 < measured["raw"] < whole
    assert measured["gzip"] < whole
