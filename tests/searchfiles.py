"""The search index's word files read as overrides/assets/javascripts/search.js reads them, for the tests."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

from scripts.search import index as search_index


def file_of(starts: list[str], word: str) -> int:
    """The number of the word file that holds `word` if the index has it: the last to start at or before it."""
    order = search_index._in_javascript_order
    return max(bisect.bisect_right([order(s) for s in starts], order(word)) - 1, 0)


def word_files(folder: Path) -> tuple[list[str], list[dict]]:
    """The manifest's starts and every word file of the index in `folder` (`<site>/search-index`), in order."""
    starts = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["starts"]
    files = [folder / "words" / f"{n}.json" for n in range(len(starts))]
    return starts, [json.loads(file.read_text(encoding="utf-8")) for file in files]
