"""The one model of the site's content: essays, the sources they discuss, and the vocabularies.

Everything else (validator, page generators, feeds, the MkDocs hook, the JSON
Schema for editors) takes these types. `ESSAY_FIELDS` and `SOURCE_FIELDS`
describe the front-matter once; the loader checks against them and
`scripts.commands.schema` turns them into JSON Schema.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_THEMES = 8
# A summary is shown whole in every listing, the search results and the page's description for search engines
# and sharing (which cut at about 160): two sentences fit, an abstract does not.
MAX_SUMMARY_CHARS = 400
# A `{word}` left from the template (templates/essay.md) inside a value or the text.
PLACEHOLDER = re.compile(r"\{[A-Za-z][\w' -]{0,40}\}")
WORDS_PER_MINUTE = 220
# The range of dates the site publishes (the upper bound is today, with a day's grace): an essay's date
# before the first is a typing slip of the year, and so is a piece's publication date before the second.
EARLIEST_ESSAY = datetime.date(2000, 1, 1)
EARLIEST_SOURCE = datetime.date(1900, 1, 1)
# A note of a correction or an update is one plain sentence, shown whole under the byline and in the feeds.
MAX_NOTE_CHARS = 300
CORRECTION_KINDS = ("correction", "update")  # something was wrong and is put right; something was added

_NOT_READ = re.compile(r"\]\([^)]*\)|<[^>]+>")  # a link's target, an HTML tag
WORD = re.compile(r"\w+(?:['’]\w+)*")  # a word: letters, digits and underscores, an apostrophe inside one
# ASCII text as classes: a word's characters "a", an apostrophe itself, anything else a space.
_ASCII_CLASSES = bytes(97 if chr(c).isalnum() or c == 95 else 39 if c == 39 else 32 for c in range(256))
# The characters outside ASCII that English prose uses most, none of them a word's: as ASCII that counts
# the same (the closing quote is also an apostrophe inside a word, as `'` is).
_TYPOGRAPHY = {"’": "'", **dict.fromkeys("‘“”–—…\u00a0£€", " ")}


def count_words(prose: str) -> int:
    """How many `WORD`s `prose` holds. Text that is ASCII, once its typography is, is counted by classes of
    bytes instead: the regular expression took a twentieth of a build of plain prose, the classes a tenth
    of that."""
    for typography, plain in _TYPOGRAPHY.items():
        prose = prose.replace(typography, plain)
    if not prose.isascii():
        return len(WORD.findall(prose))
    classes = prose.encode("ascii").translate(_ASCII_CLASSES)
    while b"a'a" in classes:  # an apostrophe between two word characters joins them
        classes = classes.replace(b"a'a", b"aaa")
    return len(classes.replace(b"'", b" ").split())


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key: what it holds, whether it is required, and what to tell a writer."""

    # text | note | choice | authors | date | month-or-date | change-date | themes | sources | corrections | flag | url
    kind: str
    required: bool
    help: str
    max_chars: int = 0  # for text: the longest it may be, or 0 for no limit
    choices: tuple[str, ...] = ()  # for a choice: the words it may be


ESSAY_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec("text", True, "the essay's title, in quotes"),
    "author": FieldSpec("authors", True, "a name from essays/authors.yml, or a list of names when co-written"),
    "date": FieldSpec("date", True, "when the essay was written, as YYYY-MM-DD"),
    "themes": FieldSpec("themes", True, f"a list of 1 to {MAX_THEMES} theme slugs from essays/themes.yml"),
    "summary": FieldSpec(
        "text", True, "one or two plain sentences, in quotes, shown in listings", max_chars=MAX_SUMMARY_CHARS
    ),
    "sources": FieldSpec("sources", False, "the published pieces the essay discusses"),
    "corrections": FieldSpec(
        "corrections", False, "a dated note of each correction or update made after the essay was published"
    ),
    "draft": FieldSpec("flag", False, "true keeps the essay out of the published site"),
}

SOURCE_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec("text", True, "the piece's title as published"),
    "author": FieldSpec("text", True, "who wrote it (a person or an organisation)"),
    "publisher": FieldSpec("text", True, "where it was published"),
    "published": FieldSpec("month-or-date", True, "when it was published, as YYYY-MM-DD or YYYY-MM"),
    "url": FieldSpec("url", False, "a link to the piece (http or https)"),
}

CORRECTION_FIELDS: dict[str, FieldSpec] = {
    "date": FieldSpec("change-date", True, "the day the essay was changed, as YYYY-MM-DD, after the essay's date"),
    "kind": FieldSpec(
        "choice",
        True,
        "correction (something was wrong and is put right) or update (something was added)",
        choices=CORRECTION_KINDS,
    ),
    "note": FieldSpec("note", True, "one plain sentence saying what changed", max_chars=MAX_NOTE_CHARS),
}


# Letters of other scripts that look like Latin ones, as typed by a keyboard set to another alphabet or
# pasted from elsewhere: "Раul" with a Cyrillic Р is the same name to a reader, so it gets the same address.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТУХаеорсуххіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιυνρκ",
    "ABEKMHOPCTYXaeopcyxxijsdqwABEZHIKMNOPTYXaoiuvpk",
)


def slugify(text: str) -> str:
    """The URL form of a name or title: lower-case ASCII words joined by hyphens.

    Accents go (é is e), look-alike letters of other scripts become the Latin ones, and case, spacing and
    punctuation do not count, so two spellings a reader would take for one name get one address. A name with
    no Latin letter or digit at all gets a stable address made from its letters (`n-` and a short hash), so
    that its page is written and its links work.
    """
    words = unicodedata.normalize("NFKC", text).split()
    # Only within a word that has Latin letters: a word wholly in another script is that script's own word.
    mixed = " ".join(w.translate(_LOOKALIKES) if re.search("[A-Za-z]", w) else w for w in words)
    folded = unicodedata.normalize("NFKD", mixed)
    ascii_text = folded.encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    if slug or not any(c.isalnum() for c in text):
        return slug
    letters = "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())
    return "n-" + hashlib.blake2b(letters.encode(), digest_size=4).hexdigest()


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    publisher: str
    published: str  # YYYY-MM-DD or YYYY-MM, as written
    url: str | None = None
    line: int = field(default=0, compare=False)  # the file's line of its `author`, for messages

    @property
    def year(self) -> int:
        return int(self.published[:4])

    @property
    def commentator_slug(self) -> str:
        return slugify(self.author)


@dataclass(frozen=True)
class Correction:
    """A dated note of a change made to an essay after it was published."""

    date: datetime.date
    kind: str  # one of CORRECTION_KINDS
    note: str  # one plain sentence
    line: int = field(default=0, compare=False)  # the file's line of its `date`, for messages


def newest_notes_first(notes: list[Correction] | tuple[Correction, ...]) -> tuple[Correction, ...]:
    """The order notes are shown in: newest first; on one day, as the file lists them."""
    return tuple(sorted(notes, key=lambda c: -c.date.toordinal()))


@dataclass(frozen=True)
class Essay:
    slug: str
    path: str  # as given to the loader, for messages
    title: str
    authors: tuple[str, ...]
    date: datetime.date
    themes: tuple[str, ...]
    summary: str
    body: str
    sources: tuple[Source, ...] = ()
    corrections: tuple[Correction, ...] = ()  # newest first (`newest_notes_first`)
    draft: bool = False
    body_line: int = 1  # the file's line on which the body starts
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)  # key -> its line

    @cached_property
    def words(self) -> int:
        """Words a reader reads: link targets and HTML tags are not counted."""
        return count_words(_NOT_READ.sub(" ", self.body))

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    @property
    def src_uri(self) -> str:
        return f"essays/{self.slug}.md"

    @property
    def commentators(self) -> tuple[str, ...]:
        """Authors of the discussed sources, in order, each once."""
        return tuple(dict.fromkeys(s.author for s in self.sources))

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def last_changed(self) -> datetime.date:
        """The day of the newest correction or update, or the essay's date when it has none."""
        return max((c.date for c in self.corrections), default=self.date)


def newest_first(essays: list[Essay] | tuple[Essay, ...]) -> list[Essay]:
    """The site's one order of essays: newest first, then by title, then slug (deterministic)."""
    return sorted(essays, key=lambda e: (-e.date.toordinal(), e.title.casefold(), e.slug))


@dataclass(frozen=True)
class Lens:
    slug: str
    name: str
    summary: str
    description: str


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    lens: str
    description: str
    related: tuple[str, ...] = ()
    opposing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    bio: str


@dataclass(frozen=True)
class Vocabulary:
    lenses: tuple[Lens, ...]
    themes: tuple[Theme, ...]
    authors: tuple[Author, ...]
    themes_path: str = "essays/themes.yml"
    authors_path: str = "essays/authors.yml"

    @cached_property
    def theme(self) -> dict[str, Theme]:
        return {t.slug: t for t in self.themes}

    @cached_property
    def lens(self) -> dict[str, Lens]:
        return {lens.slug: lens for lens in self.lenses}

    @cached_property
    def author_by_name(self) -> dict[str, Author]:
        return {a.name: a for a in self.authors}

    def themes_of_lens(self, lens: str) -> list[Theme]:
        return [t for t in self.themes if t.lens == lens]


@dataclass(frozen=True)
class Corpus:
    """What the loader made of the content folder: the vocabulary and every valid essay."""

    vocabulary: Vocabulary
    essays: tuple[Essay, ...] = field(default=())
