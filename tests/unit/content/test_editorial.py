"""Part of the editorial checklist (CONTRIBUTING.md), held by tests: list in `sources` what you discuss.

Two signs that an essay discusses a piece, each taken together with the essay's body naming the
piece's commentator (by surname, or by name without a leading "The" for an organisation):

- the body quotes, in double quotes (straight or curly), a phrase that occurs in the commentator's
  captured text of that piece (the files in ../shared/sources; where they are absent, only the
  piece's title is known, and the check falls back to phrases from titles);
- a paragraph of the body that names the commentator gives the day and month of that piece's
  publication ("his post of 9 March", "on 9 and 18 March").

Either sign, for a commentator the body names, means the essay must list in `sources` the piece the
date points to, or at least one of that commentator's pieces in which the quoted phrase occurs. The
pieces, with their titles and authors, are those the corpus already lists somewhere, so the rule
catches an essay that leaves out a piece other essays cite.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, make_essay

from scripts.content.model import Essay, Source

SOURCES_DIR = ROOT.parent / "shared" / "sources"
MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
_DAYS = re.compile(r"\b(\d{1,2}(?:(?:,|,? and| to|–)\s*\d{1,2})*)\s+(" + "|".join(MONTHS) + r")\b")
_QUOTED = (re.compile(r'"([^"\n]+)"'), re.compile(r"“([^”\n]+)”"))
_NOT_PROSE = re.compile(r"(`+).*?\1|\]\([^)]*\)|<[^>]+>")  # code spans, link targets, HTML tags


def words(text: str) -> tuple[str, ...]:
    """Lower-case words, apostrophes folded: how ../shared/tools/source_overlap.py compares text."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return tuple(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def surname(author: str) -> str:
    """How an essay names a commentator: a person by surname, an organisation without its 'The'."""
    return author[4:] if author.startswith("The ") else author.split()[-1]


@dataclass(frozen=True)
class Piece:
    source: Source  # as the corpus lists it
    text: tuple[str, ...]  # the captured text's words, or the title's where there is no capture

    @property
    def key(self) -> tuple[str, ...]:
        return words(self.source.title)


def captured_texts(folder: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Title words -> words of that piece's captured text, from every capture in `folder`.

    A capture may hold several pieces (a blog's index page, an article followed by the outlet's
    news items): a line that is one of the titles in titles.txt starts that piece. Text before the
    first title (a page's header) belongs to no piece.
    """
    titles = {words(t) for t in (folder / "titles.txt").read_text(encoding="utf-8").splitlines() if t.strip()}
    found: dict[tuple[str, ...], list[str]] = {}
    for capture in sorted(folder.glob("*.txt")):
        if capture.name == "titles.txt":
            continue
        current = None
        for line in capture.read_text(encoding="utf-8", errors="replace").splitlines():
            if words(line) in titles:
                current = words(line)
            if current is not None:
                found.setdefault(current, []).append(line)
    return {key: words("\n".join(lines)) for key, lines in found.items()}


def known_pieces(essays: list[Essay] | tuple[Essay, ...], folder: Path | None) -> list[Piece]:
    """Every piece some essay lists, with its captured text where `folder` holds one."""
    texts = captured_texts(folder) if folder is not None else {}
    first: dict[tuple[str, ...], Source] = {}
    for essay in essays:
        for source in essay.sources:
            first.setdefault(words(source.title), source)
    return [Piece(source, texts.get(key, key)) for key, source in first.items()]


def prose(essay: Essay) -> str:
    return _NOT_PROSE.sub(" ", essay.body).replace("\u2019", "'")


def quotations(text: str) -> list[str]:
    return [q for pattern in _QUOTED for q in pattern.findall(text)]


def names(text: str, author: str) -> bool:
    return re.search(r"\b" + re.escape(surname(author).replace("\u2019", "'")) + r"\b", text) is not None


def unlisted(essay: Essay, pieces: list[Piece]) -> list[str]:
    """What `essay` discusses without listing it: one message per quotation or date that points nowhere."""
    listed = {words(s.title) for s in essay.sources}
    body = prose(essay)
    problems: list[str] = []
    commentators = sorted({p.source.author for p in pieces if names(body, p.source.author)})

    def require(why: str, author: str, pointed: list[Piece]) -> None:
        if pointed and not any(p.key in listed for p in pointed):
            titles = " or ".join(f'"{p.source.title}"' for p in pointed)
            problems.append(f"{essay.slug}: {why} and names {author}, but does not list {titles} in sources")

    for quote in quotations(body):
        for author in commentators:
            pointed = [p for p in pieces if p.source.author == author and contains(p.text, words(quote))]
            require(f'quotes "{quote}"', author, pointed)
    for paragraph in body.split("\n\n"):
        for match in _DAYS.finditer(paragraph):
            days = {int(d) for d in re.findall(r"\d+", match.group(1))}
            month = MONTHS.index(match.group(2)) + 1
            for author in (a for a in commentators if names(paragraph, a)):
                for day in sorted(days):  # each day named points to the piece of that day
                    published = f"-{month:02d}-{day:02d}"
                    pointed = [p for p in pieces if p.source.author == author and p.source.published[4:] == published]
                    require(f'gives the date "{match.group(0)}"', author, pointed)
    return problems


def corpus_pieces(corpus) -> list[Piece]:
    return known_pieces(corpus.essays, SOURCES_DIR if SOURCES_DIR.is_dir() else None)


# The rule, on the real corpus ---------------------------------------------------------


def test_every_essay_lists_the_pieces_it_quotes_or_dates(corpus):
    pieces = corpus_pieces(corpus)
    assert [m for essay in corpus.essays for m in unlisted(essay, pieces)] == []


def test_the_rule_has_something_to_check(corpus):
    """Not vacuous: essays do name commentators and quote their pieces."""
    pieces = corpus_pieces(corpus)
    pointing = [
        (essay.slug, quote)
        for essay in corpus.essays
        for quote in quotations(prose(essay))
        if any(names(prose(essay), p.source.author) and contains(p.text, words(quote)) for p in pieces)
    ]
    minimum = 40 if SOURCES_DIR.is_dir() else 1  # without the captures only titles can be quoted
    assert len(pointing) >= minimum, pointing


def test_captures_are_read_piece_by_piece(corpus):
    pieces = {p.key: p for p in corpus_pieces(corpus)}
    if not SOURCES_DIR.is_dir():  # CI has ../shared beside the checkout; elsewhere, titles alone
        assert pieces and all(p.text == p.key for p in pieces.values())
        return
    captured = [p for p in pieces.values() if p.text != p.key]
    # Four articles and ten blog posts are captured; the Ham report is known only from the King's Fund post.
    assert len(captured) == 14, sorted(" ".join(p.key) for p in captured)
    post = pieces[words("Where there is no vision NHS reform perishes")]
    assert contains(post.text, words("Chatham House rules"))
    assert not contains(post.text, words("Nuffield Health Summit")), "the 10 March post leaked into 9 March"
    column = pieces[words("Partnering power with love")]
    assert not contains(column.text, words("wave of strikes")), "the outlet's news items are not the column"


def test_checker_catches_a_real_essay_without_its_sources(corpus):
    essay = next(e for e in corpus.essays if e.slug == "corrigan-clinical-followership")
    stripped = dataclasses.replace(essay, sources=tuple(s for s in essay.sources if s.author != "Paul Corrigan"))
    found = unlisted(stripped, corpus_pieces(corpus))
    assert any('gives the date "15 March"' in m for m in found), found  # dates need no capture
    if SOURCES_DIR.is_dir():
        assert any('quotes "followership"' in m for m in found), found


# The checker, on made-up essays, so that its assertion can fail ----------------------

POST = Source(title="A compass, not a map", author="Ann Commentator", publisher="A blog", published="2020-05-03")
REPORT = Source(
    title="A made-up report", author="The Made-up Institute", publisher="The Made-up Institute", published="2020-06"
)
PIECES = [
    Piece(POST, words("A compass, not a map\nReform needs a sense of direction more than a detailed plan.")),
    Piece(REPORT, words("A made-up report")),  # no capture: the title is all that is known
]
LISTED_POST = {"title": POST.title, "author": POST.author, "publisher": POST.publisher, "published": POST.published}


def essay(body: str, *sources: dict) -> Essay:
    return make_essay("made-up", ("hierarchy",), body=body, sources=sources)


def test_checker_reports_a_quoted_piece_left_out():
    found = unlisted(essay("Commentator says reform needs “a sense of direction” first."), PIECES)
    assert found == [
        'made-up: quotes "a sense of direction" and names Ann Commentator, but does not list '
        '"A compass, not a map" in sources'
    ]


def test_checker_accepts_the_quoted_piece_once_listed():
    assert unlisted(essay('Commentator says reform needs "a sense of direction" first.', LISTED_POST), PIECES) == []


def test_checker_needs_the_commentator_named():
    assert unlisted(essay("Reform needs “a sense of direction” first, some say."), PIECES) == []


def test_checker_ignores_quotations_that_are_not_the_commentators():
    assert unlisted(essay("Commentator wants “a roadmap”, in our words."), PIECES) == []


def test_checker_reports_a_dated_post_left_out():
    found = unlisted(essay("In her posts of 3 and 9 May, Commentator turned to direction."), PIECES)
    assert found == [
        'made-up: gives the date "3 and 9 May" and names Ann Commentator, but does not list '
        '"A compass, not a map" in sources'
    ]
    assert unlisted(essay("In her post of 3 May, Commentator turned to direction.", LISTED_POST), PIECES) == []
    # The date must be in a paragraph that names the commentator.
    assert unlisted(essay("Commentator wrote often.\n\nOn 3 May it rained."), PIECES) == []


def test_checker_names_an_organisation_without_its_article():
    found = unlisted(essay("The Made-up Institute called it “a made-up report” itself."), PIECES)
    assert found == [
        'made-up: quotes "a made-up report" and names The Made-up Institute, but does not list '
        '"A made-up report" in sources'
    ]


def test_checker_skips_link_targets_and_code():
    body = 'Commentator, [see](https://example.org/ "a sense of direction") and `"a sense of direction"`.'
    assert unlisted(essay(body), PIECES) == []


def test_captured_texts_split_a_page_into_its_pieces(tmp_path):
    (tmp_path / "titles.txt").write_text("First post\nSecond post\n", encoding="utf-8")
    (tmp_path / "000_page.txt").write_text(
        "Page header\nFirst post\nAlpha beta.\nSecond post\nGamma delta.\n", encoding="utf-8"
    )
    assert captured_texts(tmp_path) == {
        ("first", "post"): ("first", "post", "alpha", "beta"),
        ("second", "post"): ("second", "post", "gamma", "delta"),
    }
