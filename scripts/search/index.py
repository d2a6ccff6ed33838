"""The site's search index: small files that a reader's browser fetches only as a search needs them.

Material's built-in search sends every page's text before the first result. This index is split by the
first letters of each word: a search fetches a short list of those splits, the one or two files that hold
its words, and then the text of the ten results it shows. The search page's script
(overrides/assets/javascripts/search.js) reads it; the README's Architecture section says why it is ours
and not Pagefind, which held about a third of a megabyte of memory per page until its index was written.

The hook hands each page to `SearchIndex.add` as Markdown leaves it (the fragments the hook adds after
Markdown, listings of other essays among them, are not in it), and calls `write` once the pages are built.
All of it is done in a process of its own (`SearchIndex`, below), which holds the postings in compact arrays
until then and writes each page's text at once.

Files, under `<site>/search-index/`:
- `manifest.json`: {"pages": how many, "keys": the prefixes that name the word files, "named": {a page's
  title as words: its number}, for the site's own pages (themes, lenses, guides), which come first for
  their name: a reader who types a theme's name wants the page that explains it, before essays using it};
- `words/<prefix>.json`: {word: [page, weight, page, weight, ...]}, page numbers as gaps from the last one;
- `pages/<n>.json`: {"url", "title", "text"}, the result and the text its excerpt is cut from;
- `themes.json`: {theme slug: [page numbers of the essays carrying it, newest first]}, for the filters.
"""

from __future__ import annotations

import html
import itertools
import json
import operator
import pickle
import re
import shutil
import subprocess
import sys
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FOLDER = "search-index"
_ROOT = str(Path(__file__).resolve().parents[2])
# How much a word counts where it stands: a page's title most (a theme's page comes first for its name),
# then its summary or description, then its text.
TITLE, LEAD = 10, 3  # each use in the text counts 1
# BM25: a word's weight grows less with each use, and long pages do not win by length alone.
K1, B = 1.2, 0.75
SCALE = 20  # weights are stored as whole numbers: this many steps per unit of BM25's term weight
# A word file larger than this (JSON bytes, roughly) splits by one more letter, so that a search for a
# common prefix does not fetch the postings of every word that shares it.
SHARD_BYTES = 40_000
# A prefix, which names its word file, stops growing here: many long words sharing a prefix would otherwise
# give a file name longer than the file system allows (255 bytes; a letter may take four in UTF-8).
MAX_KEY = 16
_BYTES_PER_POSTING = 8  # "1234,56," on average, to estimate a word file's size before writing it

_WORD = re.compile(r"[^\W_]{2,}")  # letters and digits, two or more: a run of one is skipped by the regex itself
# Markup whose words are not the page's: scripts, styles, the permalink "¶" after each heading and the
# footnotes' "↩"; then any other tag, comment or fragment marker.
_NOT_TEXT = re.compile(
    r"<(script|style)\b.*?</\1>|<a class=\"(?:headerlink|footnote-backref)\".*?</a>|<[^>]*>", re.S | re.I
)


# The accents NFKD splits off letters (the combining diacritical blocks); search.js drops the same range.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> list[str]:
    """The words search matches, as search.js finds them in a query: no accents, lower case, two letters or more."""
    plain = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return _WORD.findall(plain)


def page_text(content_html: str) -> str:
    """A page's readable text, from the HTML Markdown made of it."""
    return " ".join(html.unescape(_NOT_TEXT.sub(" ", content_html)).split())


@dataclass(frozen=True)
class _Page:
    """What the index keeps of a page besides its words' postings."""

    number: int
    themes: tuple[str, ...]
    date: str  # ISO date for essays, "" for other pages: the filters list essays newest first
    name: str  # the title's words, for the pages that come first for their name; "" for essays
    length: int  # the weighted count of its words


class SearchIndex:
    """The index of one site folder, built in a process of its own while MkDocs renders the pages.

    Counting a page's words and writing its text took as long as a fifth of MkDocs' own work on it; on a
    machine with a second core, this runs there. The calls go in order down a pipe to
    `python -m scripts.search.index` (a fresh interpreter: a fork would share, and be counted with, all of
    MkDocs' memory); an error there is raised by the next `write`. Under `mkdocs serve` the same index, and
    its process, are kept across rebuilds.
    """

    def __init__(self, site_dir: Path, *, shard_bytes: int = SHARD_BYTES) -> None:
        self.folder = Path(site_dir) / FOLDER
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "scripts.search.index", str(Path(site_dir).resolve()), str(shard_bytes)],
            cwd=_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def add(self, uri: str, **page: object) -> None:
        """Index the page built from `uri`, replacing what it was (`_Index.add` says what `page` holds)."""
        self._call("add", uri, **page)

    def keep_only(self, uris: set[str]) -> None:
        """Forget the pages no longer built (an essay deleted under `mkdocs serve`), text files included."""
        self._call("keep_only", uris)

    def write(self) -> None:
        """Write the word files, the theme lists and the manifest for the pages added so far."""
        self._call("write")
        assert self._worker.stdin is not None and self._worker.stdout is not None
        try:
            self._worker.stdin.flush()
            error = pickle.load(self._worker.stdout)
        except (BrokenPipeError, EOFError):
            error = "its process ended (its error is above)"
        if error:
            raise RuntimeError(f"The search index could not be written: {error}")

    def close(self) -> None:
        """End the process (it ends when its input does) and the pipes."""
        with self._worker:  # Popen's exit closes the pipes and waits
            pass

    def _call(self, method: str, *args: object, **kwargs: object) -> None:
        assert self._worker.stdin is not None
        try:
            pickle.dump((method, args, kwargs), self._worker.stdin)
        except BrokenPipeError:
            raise RuntimeError("The search index's process ended (its error is above)") from None


def _serve(site_dir: str, shard_bytes: str) -> None:
    """The worker: run each call that comes down stdin; after each `write`, answer on stdout with the first
    error since the last answer, or None."""
    index = _Index(Path(site_dir), int(shard_bytes))
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    error = None
    while True:
        try:
            method, args, kwargs = pickle.load(calls)
        except EOFError:
            return
        try:
            getattr(index, method)(*args, **kwargs)
        except Exception as err:  # reported to the build, which fails with it
            error = error or f"{type(err).__name__}: {err}"
        if method == "write":
            pickle.dump(error, answers)
            answers.flush()
            error = None


class _Index:
    """What the worker holds: postings appended as pages come, as compact arrays (five bytes each). BM25's
    weights, which need the average page length, are computed as the files are written. A page added again
    gets a new number; the postings under its old one are skipped from then on."""

    def __init__(self, site_dir: Path, shard_bytes: int) -> None:
        self.folder = Path(site_dir) / FOLDER
        self._shard_bytes = shard_bytes
        self._pages: dict[str, _Page] = {}  # by source path
        self._postings: dict[str, tuple[array, array]] = {}  # word -> (page numbers, weighted counts)
        self._numbers = 0  # numbers given so far
        (self.folder / "pages").mkdir(parents=True, exist_ok=True)

    def add(
        self,
        uri: str,
        *,
        url: str,
        title: str,
        lead: str,
        content_html: str,
        more: str = "",
        themes: tuple[str, ...] = (),
        date: str = "",
        named: bool = False,
    ) -> None:
        """Index the page built from `uri`, at `url` (relative to the site's root), replacing what it was.

        `lead` weighs more than the text (an essay's summary, a theme's description); `more` is text the page
        shows that joins it after Markdown (an essay's byline and the pieces it discusses). A `named` page
        comes first for a search of its title.
        """
        body = page_text(content_html) + (" " + more if more else "")
        counts = Counter(words(body))
        titled = words(title)
        for weight, part in ((TITLE, titled), (LEAD, words(lead))):
            for word in part:
                counts[word] += weight
        self._forget(uri)
        number = self._numbers
        self._numbers += 1
        for word, count in counts.items():
            pages, weights = self._postings.get(word) or self._postings.setdefault(word, (array("I"), array("B")))
            pages.append(number)
            weights.append(min(count, 255))
        name = " ".join(titled) if named else ""
        self._pages[uri] = _Page(number, themes, date, name, sum(counts.values()))
        data = json.dumps({"url": url, "title": title, "text": body}, ensure_ascii=False)
        (self.folder / "pages" / f"{number}.json").write_text(data, encoding="utf-8")

    def _forget(self, uri: str) -> None:
        if uri in self._pages:
            (self.folder / "pages" / f"{self._pages.pop(uri).number}.json").unlink(missing_ok=True)

    def keep_only(self, uris: set[str]) -> None:
        """Forget the pages no longer built (an essay deleted under `mkdocs serve`), text files included."""
        for uri in [u for u in self._pages if u not in uris]:
            self._forget(uri)

    def write(self) -> None:
        pages = sorted(self._pages.values(), key=lambda p: p.number)
        average = sum(p.length for p in pages) / max(len(pages), 1)
        # BM25's length normalisation per page number; None for numbers whose page was added again or removed.
        norms: list[float | None] = [None] * self._numbers
        for page in pages:
            norms[page.number] = K1 * (1 - B + B * page.length / average)
        gone = None in norms
        words_dir = self.folder / "words"
        shutil.rmtree(words_dir, ignore_errors=True)  # a rebuild under serve may split the words otherwise
        words_dir.mkdir(parents=True)
        keys = []
        for key, terms in _shards({t: len(p[0]) for t, p in self._postings.items()}, self._shard_bytes):
            shard = {}
            for term in terms:
                flat = _weighted(*self._postings[term], norms, gone)
                if flat:
                    shard[term] = flat
            if shard:
                keys.append(key)
                (words_dir / f"{key}.json").write_text(json.dumps(shard, separators=(",", ":")), encoding="utf-8")
        themes: dict[str, list[_Page]] = {}
        for page in pages:
            for slug in page.themes:
                themes.setdefault(slug, []).append(page)
        by_theme = {
            slug: [p.number for p in sorted(carrying, key=lambda p: (p.date, -p.number), reverse=True)]
            for slug, carrying in sorted(themes.items())
        }
        (self.folder / "themes.json").write_text(json.dumps(by_theme, separators=(",", ":")), encoding="utf-8")
        named: dict[str, int] = {}
        for page in pages:
            if page.name:
                named.setdefault(page.name, page.number)
        manifest = {"pages": len(pages), "keys": sorted(keys), "named": named}
        (self.folder / "manifest.json").write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")


def _weighted(pages: array, counts: array, norms: list[float | None], gone: bool) -> list[int]:
    """[page, weight, ...] for the pages still in the index: each page number as its distance from the previous
    one (shorter to send), each weight BM25's term weight in steps of 1/SCALE. `gone`: some page numbers are
    no longer in the index (a page added again or removed under `mkdocs serve`), and their postings are left out."""
    if gone:
        kept = [(page, count) for page, count in zip(pages, counts, strict=True) if norms[page] is not None]
        pages, counts = array("I", (p for p, _ in kept)), array("B", (c for _, c in kept))
    # Whole lists at a time rather than a loop over each posting: millions of them at thousands of pages.
    flat = [0] * (2 * len(pages))
    flat[0::2] = map(operator.sub, pages, itertools.chain((0,), pages))
    flat[1::2] = [
        max(1, round(SCALE * c * (K1 + 1) / (c + norms[p])))  # type: ignore[operator]
        for p, c in zip(pages, counts, strict=True)
    ]
    return flat


def _shards(postings: dict[str, int], shard_bytes: int) -> list[tuple[str, list[str]]]:
    """Group the words (with how many pages carry each) by prefix: two letters, and one more wherever a file
    would exceed `shard_bytes`.

    A word shorter than its group's prefix stays in the group of its own letters, so every word is in the
    file of the longest prefix (among the keys) it starts with, which is how search.js finds it.
    """
    done: list[tuple[str, list[str]]] = []
    todo: list[tuple[str, list[str]]] = []
    groups: dict[str, list[str]] = {}
    for term in postings:
        groups.setdefault(term[:2], []).append(term)
    todo.extend(groups.items())
    while todo:
        key, terms = todo.pop()
        size = sum(len(t) + 4 + _BYTES_PER_POSTING * postings[t] for t in terms)
        longer = [t for t in terms if len(t) > len(key)]
        if size <= shard_bytes or not longer or len(key) >= MAX_KEY:
            done.append((key, terms))
            continue
        own = [t for t in terms if len(t) == len(key)]
        if own:
            done.append((key, own))
        split: dict[str, list[str]] = {}
        for term in longer:
            split.setdefault(term[: len(key) + 1], []).append(term)
        todo.extend(split.items())
    return done


if __name__ == "__main__":
    _serve(*sys.argv[1:])
