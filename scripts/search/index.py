"""The site's search index: small files that a reader's browser fetches only as a search needs them.

Material's built-in search sends every page's text before the first result. This index is split into runs of
words in alphabetical order: a search fetches the list of where each run starts, the one or two files that
hold its words, and then the text of the ten results it shows. The search page's script
(overrides/assets/javascripts/search.js) reads it; ARCHITECTURE.md says why it is ours
and not Pagefind, which held about a third of a megabyte of memory per page until its index was written.

The hook hands each page to `SearchIndex.add` as Markdown leaves it (the fragments the hook adds after
Markdown, listings of other essays among them, are not in it), and calls `write` once the pages are built.
All of it is done in a process of its own (`SearchIndex`, below), which holds the postings in compact arrays
until then and writes each page's text at once.

What the browser needs no code of its own for is done here: English stemming (Snowball, and an acronym's
plural to the acronym), so that a search for "hierarchies" finds "hierarchy"; the glossary's acronyms and
their expansions, each indexed where the other is written, in the plural too; and the choice of each page's
few passages that can serve as an excerpt.

Files, under `<site>/search-index/`:
- `manifest.json`: {"pages": how many, "per_file": PER_FILE, "starts": the first word of each word file,
  "named": {a page's title as words: its number}, for the site's own pages (themes, lenses, commentators,
  guides), which come first when a query names them, in any form of its words: a reader who types a theme's
  name wants the page that explains it, before essays using it; "listing": the numbers of the pages that
  are not essays, which count for less unless named: they explain or list many topics; "expansions": {a
  glossary acronym: its expansion's words}, so that an excerpt found by the one marks the other};
- `words/<n>.json`: the words from `starts[n]` up to `starts[n + 1]`, in the order of JavaScript's string
  comparison (UTF-16 code units), about SHARD_BYTES each: {word: [page, weight, parts, page, weight, parts,
  ...]}: page numbers as gaps from the last one, BM25 weights (of counts in half uses: USE, TITLE, LEAD and
  MORE say what each place counts), and the sixteenths of the page's text the
  word is in, as bits (words near each other share one; the excerpt is cut from one). Besides the words:
  "~<stem>": the same for every word of one stem together, in the file the stem would be in, and "=":
  {word: its stem} for the words of a stem with more than one word, in the word's own file and in its stem's
  (where a search by the stem learns which words to mark). A search reads the file that holds its
  word and, for the words it begins, the next files that start with it. Files by ranges of equal size,
  rather than by first letters: most two-letter prefixes hold a few words, and creating a file costs more
  than writing its bytes (half the index's files were under 2 KB);
- `pages/<n // PER_FILE>.json`: a list of PER_FILE pages in number order, each {"url", "title", "parts":
  [[sixteenth, text], ...]} (null for a page since removed): the result and the few passages its excerpt is
  cut from, chosen to hold the page's rarest words (not its whole text: a first search fetches the files of
  ten of these). Several pages a file: with a file a page, creating the files took up to a third of the
  index's time on the machines measured (PERFORMANCE.md);
- `rest/<n // PER_FILE>.json`: the same pages' other parts, a list in the same order of [[sixteenth, text],
  ...] (null for a page since removed): together with `pages/` the whole text, so that a result found by a
  word in no kept passage can still show it. Fetched only for such a result, which the word's sixteenths in
  its postings tell before any text is read;
- `themes.json`: {theme slug: [page numbers of the essays carrying it, newest first]}, for the filters.
"""

from __future__ import annotations

import dataclasses
import heapq
import html
import itertools
import json
import math
import operator
import pickle
import queue
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from scripts import CODE_ROOT

FOLDER = "search-index"
# How much a word counts where it stands, in half uses (USE a use in the text): a page's title most, then its
# summary or description, then its text; least what the site lists beside an essay's text (`more`, once).
USE = 2
TITLE, LEAD, MORE = 10 * USE, 3 * USE, 1
# BM25: a word's weight grows less with each use, and long pages do not win by length alone.
K1, B = 1.2, 0.75
SCALE = 20  # weights are stored as whole numbers: this many steps per unit of BM25's term weight
# A word file ends before the word that would take it past this (JSON bytes, roughly): a search fetches the
# file of each of its words, so this is most of what a word costs a first search.
SHARD_BYTES = 16_000
_BYTES_PER_POSTING = 12  # "1234,56,4096," on average, to estimate a word file's size before writing it
PARTS = 16  # a page's text is cut into this many parts: the bits of a posting's third number
PART_WORDS = 30  # and none shorter than this
PASSAGES = 5  # the parts a page's text keeps for its excerpt
TEXT_FOLDERS = ("pages", "rest")  # the kept parts of each page (a first search's), then the others
# The pages a text file holds: a quarter of the files, for at most four times the bytes of a first search's
# ten results (about 3 KB gzipped a file).
PER_FILE = 4
# The page's words that choose those parts: the heaviest (rare on the site, frequent on the page). Choosing
# among all of a page's words took a third of the index's time, and the light ones rarely change the choice.
CANDIDATES = 32

_WORD = re.compile(r"[^\W_]{2,}")  # letters and digits, two or more: a run of one is skipped by the regex itself
# Markup whose words are not the page's: scripts, styles, the permalink "¶" after each heading and the
# footnotes' "↩"; then any other tag, comment or fragment marker.
_NOT_TEXT = re.compile(
    r"<(script|style)\b.*?</\1>|<a class=\"(?:headerlink|footnote-backref)\".*?</a>|<[^>]*>", re.S | re.I
)


# The accents NFKD splits off letters (the combining diacritical blocks); search.js drops the same range.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# The same words in ASCII text, lower-cased: a fifth quicker than the Unicode class on it.
_ASCII_WORD = re.compile(r"[a-z0-9]{2,}")


def words(text: str) -> list[str]:
    """The words search matches, as search.js finds them in a query: no accents, lower case, two letters or more."""
    if text.isascii():  # ASCII has no accents to drop (the test is a tenth of the search for them)
        return _ASCII_WORD.findall(text.lower())
    return _WORD.findall(_ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower())


_STEMMER = snowballstemmer.stemmer("english")


_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The word's English stem (Snowball), cached: a corpus repeats its words many times over. Snowball leaves a
    plural with no vowel before its "s" alone ("ccgs"): that is an acronym's plural, stemmed to the acronym."""
    found = _STEMMER.stemWord(word)
    if found == word and len(word) > 2 and word[-1] == "s" and _VOWELS.isdisjoint(word[:-1]):
        return word[:-1]
    return found


def expansions(glossary: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(acronym, its expansion's words) from the glossary's `term: Expansion — explanation` entries."""
    found = []
    for term, meaning in glossary.items():
        acronym, expansion = words(term), words(meaning.split(" — ")[0])
        if len(acronym) == 1 and len(expansion) > 1:
            found.append((acronym[0], expansion))
    return found


def _parts(tokens: list[str]) -> list[str]:
    """The text, as its runs of non-space, in PARTS runs of words of about equal length, of PART_WORDS words
    at least (so fewer for a short text: an excerpt needs a few words of context)."""
    size = max(PART_WORDS, math.ceil(len(tokens) / PARTS))
    return [" ".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]


def page_tokens(content_html: str) -> list[str]:
    """A page's readable text, from the HTML Markdown made of it, as its runs of non-space (which `_parts`
    cuts up: joining them to split them again was a twentieth of the index's work)."""
    return html.unescape(_NOT_TEXT.sub(" ", content_html)).split()


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
    MkDocs' memory); an error there is raised by the next `write`. A thread of the build's own writes them to
    the pipe, so that the build goes on while the index catches up (it waited on a full pipe for a sixth of a
    build). Under `mkdocs serve` the same index, and its process, are kept across rebuilds.
    """

    def __init__(self, site_dir: Path, *, shard_bytes: int = SHARD_BYTES, glossary: dict[str, str] | None = None):
        self.folder = Path(site_dir) / FOLDER
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "scripts.search.index", str(Path(site_dir).resolve()), str(shard_bytes)],
            cwd=CODE_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._calls: queue.SimpleQueue[tuple | None] = queue.SimpleQueue()
        self._sent = threading.Event()  # set by the thread when every call so far is down the pipe
        self._broken = False  # the process ended early: its error is on the terminal
        # Started by the first page: until then the build has no other thread, so that the check's second
        # renderer can be a fork (scripts/content/rendering.py).
        self._feeder = threading.Thread(target=self._feed, name="search index", daemon=True)
        self._calls.put(("use_glossary", (glossary or {},), {}))

    def add(self, uri: str, **page: object) -> None:
        """Index the page built from `uri`, replacing what it was (`_Index.add` says what `page` holds)."""
        self._call("add", uri, **page)

    def keep_only(self, uris: set[str]) -> None:
        """Forget the pages no longer built (an essay deleted under `mkdocs serve`), text files included."""
        self._call("keep_only", uris)

    def use_glossary(self, glossary: dict[str, str]) -> None:
        """The acronyms and expansions for the pages added from now on (under serve, the glossary as edited)."""
        self._call("use_glossary", glossary)

    def write(self) -> None:
        """Write the word files, the theme lists and the manifest for the pages added so far."""
        self._call("write")
        self._sent.clear()
        self._calls.put(())  # the thread sets `_sent` when it takes this, every call before it being sent
        self._sent.wait()
        assert self._worker.stdout is not None
        ended = "its process ended (its error is above)"
        try:
            error = ended if self._broken else pickle.load(self._worker.stdout)
        except EOFError:
            error = ended
        if error:
            raise RuntimeError(f"The search index could not be written: {error}")

    def close(self) -> None:
        """End the thread, then the process (it ends when its input does) and the pipes."""
        self._calls.put(None)
        self._feeding()
        self._feeder.join()
        with self._worker:  # Popen's exit closes the pipes and waits
            pass

    def _call(self, method: str, *args: object, **kwargs: object) -> None:
        self._calls.put((method, args, kwargs))
        self._feeding()

    def _feeding(self) -> None:
        if self._feeder.ident is None:  # not started yet
            self._feeder.start()

    def _feed(self) -> None:
        """The thread: pickle each call down the pipe, in order; () asks for a flush and `_sent`, None ends."""
        pipe = self._worker.stdin
        assert pipe is not None
        while (call := self._calls.get()) is not None:
            if not self._broken:
                try:
                    pickle.dump(call, pipe) if call else pipe.flush()
                except OSError:  # a broken pipe: the process ended
                    self._broken = True
            if not call:
                self._sent.set()


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
        # word -> (page numbers, weighted counts, the parts of the page it is in)
        self._postings: dict[str, tuple[array, array, array]] = {}
        self._numbers = 0  # numbers given so far
        self._expansions: list[tuple[str, list[str]]] = []
        self._df: Counter[str] = Counter()  # pages so far that carry each word: its rarity as pages come
        self._seen = 0  # pages added so far (under serve, again and again: the rarities are estimates)
        # The JSON of each page of the last text file, which is not full yet: its kept parts, and the others.
        self._texts: list[tuple[str, str]] = []
        self._stale: set[int] = set()  # text files written with a page that has gone since (under serve)
        for folder in TEXT_FOLDERS:
            (self.folder / folder).mkdir(parents=True, exist_ok=True)

    def use_glossary(self, glossary: dict[str, str]) -> None:
        self._expansions = expansions(glossary)

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
        shows that joins it after Markdown (an essay's byline and the pieces it discusses): it finds the page,
        each word as if used once, but is not the page's text, and no excerpt is cut from it (a reader who
        searched for a word the essay discusses wants the passage, not a bibliography line). A `named` page
        (not an essay: a theme's, a lens's, a listing) counts each word of its text once: what such a page is
        about is its title and description, and a listing repeats the words of the pages it lists.
        """
        parts = _parts(page_tokens(content_html))
        in_order = [words(part) for part in parts]
        in_parts = [set(found) for found in in_order]
        counts = Counter(itertools.chain.from_iterable(in_order))
        counts = Counter(dict.fromkeys(counts, USE) if named else {w: USE * n for w, n in counts.items()})
        where: dict[str, int] = {}
        for bit, found in enumerate(in_parts):
            flag = 1 << bit
            for word in found:
                where[word] = where.get(word, 0) | flag
        kept = self._passages(in_parts, counts)
        self._add_expansions(in_order, counts, where)
        titled = words(title)
        for weight, part in ((TITLE, titled), (LEAD, words(lead)), (MORE, set(words(more)))):
            for word in part:
                counts[word] += weight
        self._forget(uri)
        number = self._numbers
        self._numbers += 1
        postings = self._postings
        for word, count in counts.items():
            made = postings.get(word) or postings.setdefault(word, (array("I"), array("B"), array("H")))
            made[0].append(number)
            made[1].append(count if count < 256 else 255)
            made[2].append(where.get(word, 0))
        name = " ".join(titled) if named else ""
        self._pages[uri] = _Page(number, themes, date, name, sum(counts.values()))
        data = {"url": url, "title": title, "parts": [[bit, parts[bit]] for bit in kept]}
        rest = [[bit, part] for bit, part in enumerate(parts) if bit not in kept]
        self._texts.append((json.dumps(data, ensure_ascii=False), json.dumps(rest, ensure_ascii=False)))
        if len(self._texts) == PER_FILE:
            self._write_texts()
            self._texts = []

    def _passages(self, in_parts: list[set[str]], counts: Counter[str]) -> list[int]:
        """The parts the page's file keeps, chosen as the page is added (so on the second core, as MkDocs goes
        on): a word weighs by its use on the page and its rarity among the pages added so far, the corpus's
        rarity as far as it is known."""
        self._seen += 1
        seen, df = self._seen, self._df
        df.update(counts.keys())
        weight = {w: math.log(1 + seen / df[w]) * math.log(1 + n) for w, n in counts.items()}
        heaviest = dict(heapq.nlargest(CANDIDATES, weight.items(), key=operator.itemgetter(1)))
        top = set(heaviest)
        return passages([part & top for part in in_parts], heaviest, PASSAGES)

    def _add_expansions(self, in_order: list[list[str]], counts: Counter[str], where: dict[str, int]) -> None:
        """An acronym counts where its expansion is written, and the expansion's words where the acronym is;
        either in the plural too ("CCGs", "clinical commissioning groups"). `in_order`: the page's words, part
        by part."""
        joined = ""
        for acronym, expansion in self._expansions:
            plural, *first, last = acronym + "s", *expansion
            if acronym not in counts and plural not in counts and expansion[0] not in counts:
                continue  # neither is on the page: the common case, and no need to search the text
            spelt = 0
            if all(word in counts for word in first) and (last in counts or last + "s" in counts):
                joined = joined or " " + " ".join(itertools.chain.from_iterable(in_order)) + " "
                phrase = " " + " ".join(expansion)
                spelt = joined.count(phrase + " ") + joined.count(phrase + "s ")
            if spelt and acronym not in counts:
                counts[acronym] += USE * spelt
                where[acronym] = where.get(expansion[0], 0)
            used = counts[acronym] or counts[plural]  # a Counter: 0 for a word not on the page
            if used:
                for word in expansion:
                    if word not in counts:
                        counts[word] += used
                        where[word] = where.get(acronym, 0) | where.get(plural, 0)

    def _forget(self, uri: str) -> None:
        if uri in self._pages:
            number = self._pages.pop(uri).number
            if number // PER_FILE == self._numbers // PER_FILE:  # in the file not written yet
                self._texts[number % PER_FILE] = ("null", "null")
            else:
                self._stale.add(number // PER_FILE)

    def _write_texts(self) -> None:
        """The text files of the last pages numbered, full or not (under serve, written again as more come)."""
        name = f"{(self._numbers - 1) // PER_FILE}.json"
        for i, folder in enumerate(TEXT_FOLDERS):
            texts = ",".join(text[i] for text in self._texts)
            (self.folder / folder / name).write_text("[" + texts + "]", encoding="utf-8")

    def _drop_gone_texts(self) -> None:
        """Write again the text files that hold a page since removed, without it: its text is then nowhere."""
        live = {page.number for page in self._pages.values()}
        for file, folder in itertools.product(sorted(self._stale), TEXT_FOLDERS):
            path = self.folder / folder / f"{file}.json"
            texts = json.loads(path.read_text(encoding="utf-8"))
            kept = [text if file * PER_FILE + i in live else None for i, text in enumerate(texts)]
            path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        self._stale.clear()

    def keep_only(self, uris: set[str]) -> None:
        """Forget the pages no longer built (an essay deleted under `mkdocs serve`), text files included."""
        for uri in [u for u in self._pages if u not in uris]:
            self._forget(uri)

    def _compact(self) -> None:
        """Number the pages again from 0, leaving out the numbers of pages added again or removed since.

        Under `mkdocs serve` every save adds the pages it changed again, under new numbers: without this, the
        postings, the text files and so the word files grew with every save for as long as the server ran.
        """
        if self._texts:
            self._write_texts()
        live = sorted(self._pages.items(), key=lambda item: item[1].number)
        renumbered = {page.number: new for new, (_, page) in enumerate(live)}
        texts: dict[int, list[str]] = {}
        for folder in TEXT_FOLDERS:
            for path in (self.folder / folder).glob("*.json"):
                first = int(path.stem) * PER_FILE
                for i, text in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                    if first + i in renumbered:
                        texts.setdefault(renumbered[first + i], []).append(json.dumps(text, ensure_ascii=False))
                path.unlink()
        for word, (pages, counts, parts) in list(self._postings.items()):
            kept = [i for i, number in enumerate(pages) if number in renumbered]
            if not kept:
                del self._postings[word]
                continue
            self._postings[word] = (
                array("I", (renumbered[pages[i]] for i in kept)),
                array("B", (counts[i] for i in kept)),
                array("H", (parts[i] for i in kept)),
            )
        self._pages = {uri: dataclasses.replace(page, number=renumbered[page.number]) for uri, page in live}
        self._numbers, self._texts, self._stale = 0, [], set()
        for number in range(len(live)):
            self._numbers += 1
            kept, rest = texts[number]
            self._texts.append((kept, rest))
            if len(self._texts) == PER_FILE:
                self._write_texts()
                self._texts = []

    def write(self) -> None:
        if self._numbers > 2 * len(self._pages) + PER_FILE:
            self._compact()
        if self._texts:
            self._write_texts()
        self._drop_gone_texts()
        pages = sorted(self._pages.values(), key=lambda p: p.number)
        average = sum(p.length for p in pages) / max(len(pages), 1) or 1.0  # pages of no words: no division by 0
        # BM25's length normalisation per page number; None for numbers whose page was added again or removed.
        norms: list[float | None] = [None] * self._numbers
        for page in pages:
            norms[page.number] = K1 * (1 - B + B * page.length / average)
        gone = None in norms
        words_dir = self.folder / "words"
        shutil.rmtree(words_dir, ignore_errors=True)  # a rebuild under serve may split the words otherwise
        words_dir.mkdir(parents=True)
        # Under serve, a word may be left only on pages since added again or removed: it is in no file, and in
        # no family of words of one stem (where it would make a family of a word alone).
        live = [t for t, p in self._postings.items() if not gone or any(norms[n] is not None for n in p[0])]
        stems = {word: stem(word) for word in live}
        families = _families(stems)
        sizes = {t: len(self._postings[t][0]) for t in live}
        for root, members in families.items():
            sizes.setdefault(root, 0)
            sizes[root] += sum(sizes[m] for m in members)
        starts = []
        for number, terms in enumerate(_ranges(sizes, self._shard_bytes)):
            shard: dict[str, object] = {}
            of_stem: dict[str, str] = {}
            for term in terms:
                if term in self._postings:
                    flat = _weighted(*self._postings[term], norms, gone)
                    if flat:
                        shard[term] = flat
                if term in families:
                    merged = _merged([self._postings[m] for m in families[term]], norms, gone)
                    if merged:
                        shard["~" + term] = merged
            for term in terms:
                root = stems.get(term)
                if term in shard and root in families and term in families[root]:
                    of_stem[term] = root
                if "~" + term in shard:
                    of_stem.update(dict.fromkeys(families[term], term))
            if of_stem:
                shard["="] = of_stem
            starts.append(terms[0])
            (words_dir / f"{number}.json").write_text(json.dumps(shard, separators=(",", ":")), encoding="utf-8")
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
        listing = [page.number for page in pages if not page.date]
        manifest = {
            "pages": len(pages),
            "per_file": PER_FILE,
            "starts": starts,
            "named": named,
            "listing": listing,
            "expansions": dict(self._expansions),
        }
        (self.folder / "manifest.json").write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")


def _weighted(pages: array, counts: array, parts: array, norms: list[float | None], gone: bool) -> list[int]:
    """[page, weight, parts, ...] for the pages still in the index: each page number as its distance from the
    previous one (shorter to send), each weight BM25's term weight in steps of 1/SCALE. `gone`: some page
    numbers are no longer in the index (a page added again or removed under `mkdocs serve`), and their
    postings are left out."""
    if gone:
        kept = [(p, c, w) for p, c, w in zip(pages, counts, parts, strict=True) if norms[p] is not None]
        pages = array("I", (p for p, _, _ in kept))
        counts, parts = array("B", (c for _, c, _ in kept)), array("H", (w for _, _, w in kept))
    # Whole lists at a time rather than a loop over each posting: millions of them at thousands of pages.
    flat = [0] * (3 * len(pages))
    flat[0::3] = map(operator.sub, pages, itertools.chain((0,), pages))
    flat[1::3] = [
        round(SCALE * c * (K1 + 1) / (c + USE * norms[p])) or 1  # type: ignore[operator]
        for p, c in zip(pages, counts, strict=True)
    ]
    flat[2::3] = parts
    return flat


def _families(stems: dict[str, str]) -> dict[str, list[str]]:
    """stem -> its words, for the stems of more than one indexed word (one alone needs no entry of its own);
    `stems`: each indexed word's stem."""
    by_stem: dict[str, list[str]] = {}
    for word, root in stems.items():
        if len(word) > 2 and not word.isdigit():
            by_stem.setdefault(root, []).append(word)
    return {root: sorted(members) for root, members in by_stem.items() if len(members) > 1 and len(root) > 1}


def _merged(members: list[tuple[array, array, array]], norms: list[float | None], gone: bool) -> list[int]:
    """The postings of several words as one word's: per page the largest count, and every part any is in."""
    best: dict[int, list[int]] = {}
    for pages, counts, parts in members:
        for page, count, bits in zip(pages, counts, parts, strict=True):
            seen = best.get(page)
            if seen is None:
                best[page] = [count, bits]
            else:
                seen[0], seen[1] = max(seen[0], count), seen[1] | bits
    order = sorted(best)
    return _weighted(
        array("I", order), array("B", (best[p][0] for p in order)), array("H", (best[p][1] for p in order)), norms, gone
    )


def passages(parts: list[set[str]], weight: dict[str, float], keep: int) -> list[int]:
    """The parts (by number, in page order) that together hold the most weight of words: each next one adds
    the most weight of words not held yet. The first part comes first when nothing else adds any."""

    def gain(i: int) -> float:
        # Summed exactly: a plain sum, in the order a set gives its words (which changes with Python's hash
        # seed from one build to the next), made equal gains unequal, and the same page's passages differ.
        return math.fsum(weight.get(w, 0.0) for w in parts[i] - held)

    chosen: list[int] = []
    held: set[str] = set()
    gains = {i: gain(i) for i in range(len(parts))}
    for _ in range(min(keep, len(parts))):
        # Among equal gains the earliest part: the largest of (gain, minus its number).
        best, first = max((g, -i) for i, g in gains.items())
        if best <= 0 and chosen:
            break
        newly = parts[-first] - held
        chosen.append(-first)
        del gains[-first]
        held |= newly
        # Only the parts that share a word just taken gain less; the others' sums are what they were.
        for i in gains:
            if not newly.isdisjoint(parts[i]):
                gains[i] = gain(i)
    return sorted(chosen)


def _in_javascript_order(term: str) -> bytes:
    """A sort key that orders words as JavaScript's `<` does, by UTF-16 code units (search.js compares them
    with the manifest's starts): Python's own order, by code points, differs past U+FFFF."""
    return term.encode("utf-16-be")


def _ranges(sizes: dict[str, int], shard_bytes: int) -> list[list[str]]:
    """The words (with how many postings each stands for) in JavaScript's order, cut into runs of about
    `shard_bytes`: a run ends before the word that would take it past that, and a larger word has a run of
    its own."""
    runs: list[list[str]] = []
    size = shard_bytes + 1  # so the first word starts a run
    for term in sorted(sizes, key=_in_javascript_order):
        grows = len(term) + 4 + _BYTES_PER_POSTING * sizes[term]
        if size + grows > shard_bytes:
            runs.append([])
            size = 0
        runs[-1].append(term)
        size += grows
    return runs


if __name__ == "__main__":
    _serve(*sys.argv[1:])
