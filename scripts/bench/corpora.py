"""The synthetic corpora the benchmark builds: deterministic essays, sources, authors and vocabulary files.

Each is made from a seed (`make_corpus`) and written out by `corpus_files`; the three projects of
`scripts.bench.builds` share it."""

from __future__ import annotations

import datetime
import json
import random
import re
from bisect import bisect_right
from dataclasses import dataclass

from scripts.content.corpus import AUTHORS_FILE, THEMES_FILE
from scripts.content.model import slugify
from scripts.content.vocabulary_loader import load_vocabulary

FIRST_DAY = datetime.date(2010, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
MIN_WORDS, MAX_WORDS = 800, 1500
N_AUTHORS, N_COMMENTATORS = 40, 30
ZIPF_S = 1.1

# --- The synthetic corpus -------------------------------------------------------------------------

FIRST_NAMES = (
    "Alex Bea Cal Dana Eli Fay Gus Hana Ivo Jess Kit Lena Max Nia Olu Pia Rafe Sana Tom Uma "
    "Vic Wren Yusuf Zoe Amir Bryn Cora Dev Edie Finn Gita Hal Iris Joel Kemi Luca Mira Ned Orla Priya"
)  # split into names by _people
LAST_NAMES = (
    "Ashby Brand Carver Dunmore Ellery Fenwick Garside Holloway Ingram Jessop Kettle Lister Marsh "
    "Norcott Oldham Pryce Quarry Rendell Stannard Thwaite Underhill Varley Whitlock Yardley Abbot "
    "Bellamy Coombe Drayton Eastwood Fairlie Grange Hartley Ives Judd Kerridge Lomax Mowbray Nettle Orme Pym"
)  # split into names by _people
PUBLISHERS = (
    "Health Policy Review",
    "Public Services Quarterly",
    "The Clinical Register",
    "Care Systems Journal",
    "The Commissioning Letter",
    "Civic Health Institute",
    "Primary Care Today",
    "The Hospital Gazette",
    "Centre for Public Provision",
    "Workforce Observatory",
    "The Integrated Care Bulletin",
    "Northern Health Forum",
    "Treasury Watch",
    "Social Care Review",
    "The Policy Lab",
)
SUBJECTS = (
    "the reform",
    "the white paper",
    "integrated care",
    "the purchaser-provider split",
    "the internal market",
    "clinical commissioning",
    "the Treasury",
    "NHS England",
    "the ICB",
    "local government",
    "the royal colleges",
    "general practice",
    "the acute trusts",
    "the regulator",
    "the workforce plan",
    "the commissioning cycle",
    "the long-term plan",
    "the national tariff",
    "hospital boards",
    "primary care networks",
    "the Secretary of State",
    "the think tanks",
    "the CQC",
    "foundation trust status",
    "payment by results",
    "the GP contract",
    "the provider collaborative",
    "the health and wellbeing board",
)
VERBS = (
    "reshaped",
    "weakened",
    "strengthened",
    "obscured",
    "exposed",
    "rewarded",
    "misread",
    "depended on",
    "displaced",
    "ignored",
    "rediscovered",
    "outlasted",
    "complicated",
    "simplified",
    "centralised",
    "fragmented",
    "assumed",
    "put a price on",
    "quietly undid",
    "gave new weight to",
)
OBJECTS = (
    "the accountability of providers",
    "the role of competition",
    "local autonomy",
    "the balance between hierarchy and solidarity",
    "the pace of change",
    "the relationship with social care",
    "clinical leadership",
    "the money that follows the patient",
    "public trust in the service",
    "the incentives for collaboration",
    "waiting times",
    "the case for prevention",
    "the evidence base",
    "the idea of a market in care",
    "the authority of the centre",
    "the morale of the workforce",
    "the voice of patients",
    "the place of the hospital",
    "the meaning of integration",
    "the old settlement of 1948",
    "the craft of management",
    "the limits of targets",
    "the duty to collaborate",
    "the freedom of trusts",
)
CLAUSES = (
    "",
    "",
    "",
    ", at least on paper",
    " more than its authors admitted",
    " in ways nobody had planned",
    ", whatever the ministers said",
    " long before the pandemic",
    " for most of the decade",
    ", as the figures from {year} show",
    ", and the argument has not gone away",
    " while the money ran short",
    " without saying so in public",
    " in the name of efficiency",
)
OPENERS = (
    "",
    "",
    "In practice, ",
    "By {year}, ",
    "Read today, ",
    "Seen from the wards, ",
    "On this reading, ",
    "Put simply, ",
    "Yet ",
    "Still, ",
    "More importantly, ",
    "For the authors, ",
    "In the regions, ",
)
FRAMES = (
    "{o}{s} {v} {x}{c}.",
    "{o}{s} {v} {x}{c}.",
    "The question is whether {s} {v} {x}, or whether {s2} did.",
    "{S} was never only about {x}; it was about {x2}.",
    "Few would now argue that {s} {v} {x}{c}.",
    "{o}what mattered was {x}, and {s} {v} it{c}.",
    "It is tempting to say that {s} {v} {x}, but the record is more mixed.",
)
HEADINGS = (
    "What the argument says",
    "The moment it was written in",
    "What it sees",
    "What it misses",
    "How it reads now",
    "The evidence",
    "Where the money went",
    "A second reading",
    "What came later",
    "The case against",
    "Lessons for integrated care",
    "The view from general practice",
    "The politics of it",
    "Who carried the risk",
    "An unfinished argument",
)
TITLE_OPENERS = (
    "The limits of",
    "Rethinking",
    "What we got wrong about",
    "In defence of",
    "After",
    "Beyond",
    "The politics of",
    "The quiet return of",
    "Who pays for",
    "Counting",
    "The myth of",
    "Learning from",
    "Against",
    "The case for",
    "Reading",
    "The long shadow of",
    "Measuring",
    "The price of",
    "Governing",
    "Trusting",
    "The end of",
    "Reforming",
    "Questions about",
    "The promise of",
    "Living with",
    "Managing",
    "Remembering",
    "The failure of",
    "The success of",
    "Undoing",
)
TITLE_TOPICS = (
    "integrated care boards",
    "the internal market",
    "GP fundholding",
    "waiting-list targets",
    "clinical leadership",
    "the purchaser-provider split",
    "foundation trusts",
    "payment by results",
    "the four-hour standard",
    "primary care networks",
    "the 2012 Act",
    "commissioning",
    "patient choice",
    "the Five Year Forward View",
    "the Long Term Plan",
    "hospital mergers",
    "the workforce plan",
    "provider collaboratives",
    "social care funding",
    "place-based partnerships",
    "the tariff",
    "competition law in health",
    "regulation by inspection",
    "the national bodies",
    "local accountability",
    "the private sector's role",
    "community services",
    "mental health parity",
    "the elective backlog",
    "capital spending",
    "digital transformation",
    "population health",
    "the cost of agency staff",
    "health inequalities",
    "the NHS constitution",
    "clinical networks",
    "the GP partnership model",
    "hospital at home",
    "urgent care",
    "the public health grant",
    "management consultants",
    "league tables",
    "the duty to collaborate",
    "trust deficits",
    "the Darzi review",
    "the Francis report",
    "sustainability and transformation plans",
    "the Nicholson challenge",
    "vanguards",
    "the NHS Plan of 2000",
)
TITLE_TAILS = (
    "",
    "",
    "",
    " in the 2010s",
    " after the pandemic",
    " and the Treasury",
    " from the ward",
    ", revisited",
    ": a reply",
    " in the regions",
    " and its critics",
    ": ten years on",
    " for managers",
    " for clinicians",
    " and the public",
    ": the evidence",
    " in practice",
    " and the centre",
    ": a second look",
    " under austerity",
)
SOURCE_KINDS = (
    "A plan for",
    "The future of",
    "Making sense of",
    "A new settlement for",
    "Rescuing",
    "The state of",
    "Securing",
    "Towards",
    "Rebuilding",
    "Funding",
    "Understanding",
    "Reconsidering",
)


@dataclass(frozen=True)
class SyntheticSource:
    title: str
    author: str
    publisher: str
    published: str  # YYYY-MM-DD or YYYY-MM
    url: str | None


@dataclass(frozen=True)
class SyntheticEssay:
    slug: str
    title: str
    authors: tuple[str, ...]
    date: datetime.date
    themes: tuple[str, ...]
    summary: str
    sources: tuple[SyntheticSource, ...]
    body: str


@dataclass(frozen=True)
class SyntheticCorpus:
    essays: tuple[SyntheticEssay, ...]
    themes_yml: bytes  # the real vocabulary, as read
    authors_yml: bytes  # the synthetic 40 authors


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _zipf_weights(n: int) -> list[float]:
    return [1 / (rank**ZIPF_S) for rank in range(1, n + 1)]


def _pick_distinct(rng: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    items, weights = list(items), list(weights)
    chosen = []
    for _ in range(min(k, len(items))):
        i = rng.choices(range(len(items)), weights=weights)[0]
        chosen.append(items.pop(i))
        weights.pop(i)
    return chosen


def _day(rng: random.Random, first: datetime.date = FIRST_DAY, last: datetime.date = LAST_DAY) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _people(rng: random.Random, n: int, avoid: frozenset[str] = frozenset()) -> list[str]:
    names = [f"{first} {last}" for first in FIRST_NAMES.split() for last in LAST_NAMES.split()]
    return [name for name in rng.sample(names, n + len(avoid)) if name not in avoid][:n]


def _sentence(rng: random.Random, year: int) -> str:
    s, s2 = rng.sample(SUBJECTS, 2)
    x, x2 = rng.sample(OBJECTS, 2)
    if rng.random() < 0.12:
        x = f"*{x}*"
    out = rng.choice(FRAMES).format(
        o=rng.choice(OPENERS),
        s=s,
        S=s,
        s2=s2,
        v=rng.choice(VERBS),
        x=x,
        x2=x2,
        c=rng.choice(CLAUSES),
    )
    out = out.replace("{year}", str(rng.randint(max(2010, year - 12), year)))
    return out[0].upper() + out[1:]


def _words(markdown: str) -> int:
    return len(re.findall(r"\w+", markdown))  # as `Essay.words` counts them


def _body(rng: random.Random, year: int, links: list[tuple[str, str]]) -> str:
    """800-1,500 words: an introduction, 3-6 `##` sections with lists, a quotation, and the links."""
    target = rng.randint(MIN_WORDS + 100, MAX_WORDS - 100)
    links = list(links)
    blocks: list[str] = []
    count = 0

    def add(block: str) -> None:
        nonlocal count
        blocks.append(block)
        count += _words(block)

    def paragraph(n: int) -> str:
        sentences = [_sentence(rng, year) for _ in range(n)]
        if links and rng.random() < 0.5:
            title, slug = links.pop()
            at = rng.randrange(len(sentences))
            if rng.random() < 0.3:
                sentences.insert(at, f"See [{title}]({slug}.md) on this.")
            else:
                lead = rng.choice(("As [{t}]({s}.md) argued, ", "Compare [{t}]({s}.md): "))
                sentences[at] = lead.format(t=title, s=slug) + sentences[at][0].lower() + sentences[at][1:]
        return " ".join(sentences)

    add(paragraph(rng.randint(3, 5)))
    headings = rng.sample(HEADINGS, len(HEADINGS))
    while count < target - 160 and headings:
        add(f"## {headings.pop()}")
        for _ in range(rng.randint(1, 2)):
            add(paragraph(rng.randint(3, 6)))
            if count >= target - 160:
                break
        roll = rng.random()
        if roll < 0.45:
            marker = "-  " if rng.random() < 0.7 else "1. "
            items = rng.sample(OBJECTS, rng.randint(3, 5))
            lines = [f"{marker} {x[0].upper()}{x[1:]}: {rng.choice(VERBS)} {rng.choice(SUBJECTS)}." for x in items]
            add("\n".join(lines))
        elif roll < 0.6:
            add("> " + _sentence(rng, year))
    add("## " + rng.choice(("Where this leaves us", "In sum", "What to watch")))
    closing = []
    for title, slug in links:  # links not yet placed go in the closing section
        closing.append(f"The argument continues in [{title}]({slug}.md).")
        count += _words(closing[-1])
    while count < target:
        closing.append(_sentence(rng, year))
        count += _words(closing[-1])
    blocks.append(" ".join(closing))
    return "\n\n".join(blocks) + "\n"


def _prose(rng: random.Random, year: int, links: list[tuple[str, str]]) -> str:
    """800-1,500 words of plain paragraphs: two or three `##` headings, at most one short list, and a glossary
    acronym in most sentences (each a separate text node the abbreviation pass looks through)."""
    target = rng.randint(MIN_WORDS + 100, MAX_WORDS - 100)
    links = list(links)
    blocks: list[str] = []
    count = 0
    headings = rng.sample(HEADINGS, rng.randint(2, 3))
    listed = rng.random() < 0.5
    while count < target - 220:  # a paragraph is at most about 200 words; the closing one fills up
        sentences = []
        for _ in range(rng.randint(4, 7)):
            sentence = _sentence(rng, year)
            if rng.random() < 0.7:
                sentence = sentence.rstrip(".") + f", as the {rng.choice(ACRONYMS)} saw it."
            sentences.append(sentence)
        if links and rng.random() < 0.4:
            title, slug = links.pop()
            sentences.append(f"See [{title}]({slug}.md).")
        blocks.append(" ".join(sentences))
        count += _words(blocks[-1])
        if headings and rng.random() < 0.3:
            blocks.append(f"## {headings.pop()}")
            count += _words(blocks[-1])
        if listed and rng.random() < 0.1:
            listed = False
            items = rng.sample(OBJECTS, 3)
            blocks.append("\n".join(f"- {x[0].upper()}{x[1:]}." for x in items))
            count += _words(blocks[-1])
    closing = [f"The argument continues in [{title}]({slug}.md)." for title, slug in links]
    count += sum(_words(c) for c in closing)
    while count < target:
        sentence = _sentence(rng, year)
        if count + _words(sentence) > MAX_WORDS - 10:
            break
        closing.append(sentence)
        count += _words(sentence)
    blocks.append(" ".join(closing))
    return "\n\n".join(blocks) + "\n"


def _titles(rng: random.Random, n: int) -> list[str]:
    """`n` distinct titles (an essay's title must be unique), drawn without replacement."""
    openers, topics, tails = (tuple(dict.fromkeys(words)) for words in (TITLE_OPENERS, TITLE_TOPICS, TITLE_TAILS))
    space = len(openers) * len(topics) * len(tails)
    picks = rng.sample(range(space), min(n, space))
    titles = []
    for i in picks:
        a, rest = divmod(i, len(topics) * len(tails))
        b, c = divmod(rest, len(tails))
        titles.append(f"{openers[a]} {topics[b]}{tails[c]}")
    for i in range(len(titles), n):  # beyond the combinations (never at the sizes we run): numbered parts
        titles.append(f"{titles[i % space]}, part {i // space + 1}")
    return titles


# The corpus shapes, each stressing another cost of a page (the README's essays are closest to "prose"):
# - rich: long essays dense with Markdown (headings, lists, quotations, links), as the benchmark began;
# - prose: plain paragraphs with few headings and lists, glossary acronyms in most sentences, 2-5 themes
#   skewed towards eight, one source each by one of 15 commentators;
# - sources: many commentators (300), 3 to 6 sources an essay, and long theme lists (6 to 8 themes).
SHAPES = ("rich", "prose", "sources")
ACRONYMS = ("NHS", "CCG", "ICB", "ICS", "STP", "PCT", "CQC", "FYFV", "NPM", "PbR", "GP", "DHSC", "SHA", "QIPP")


def make_corpus(n: int, seed: int, themes_yml: bytes, shape: str = "rich") -> SyntheticCorpus:
    """`n` essays of one shape (`SHAPES`), the same for the same seed, size, vocabulary and shape."""
    if shape not in SHAPES:
        raise ValueError(f"unknown corpus shape {shape!r}; one of {', '.join(SHAPES)}")
    rng = random.Random(f"nhs-bench:{seed}:{n}" + ("" if shape == "rich" else f":{shape}"))
    vocabulary, problems = load_vocabulary(THEMES_FILE, themes_yml, AUTHORS_FILE, b"[]")
    if vocabulary is None:
        raise SystemExit("the vocabulary has problems:\n" + "\n".join(map(str, problems)))
    theme_slugs = [t.slug for t in vocabulary.themes]
    rng.shuffle(theme_slugs)  # which themes are common is the seed's choice; how skewed is Zipf's
    theme_weights = _zipf_weights(len(theme_slugs))
    if shape == "prose":  # eight themes carry four fifths of the uses
        theme_weights = [0.8 / 8 if i < 8 else 0.2 / max(1, len(theme_slugs) - 8) for i in range(len(theme_slugs))]

    authors = _people(rng, N_AUTHORS)
    authors_yml = "".join(
        f"- slug: {slugify(name)}\n  name: {_q(name)}\n  bio: {_q(f'A synthetic author ({i + 1} of {N_AUTHORS}).')}\n"
        for i, name in enumerate(authors)
    ).encode()
    author_weights = _zipf_weights(N_AUTHORS)
    n_commentators = {"rich": N_COMMENTATORS, "prose": 15, "sources": 300}[shape]
    commentators = _people(rng, n_commentators, frozenset(authors))
    commentator_weights = _zipf_weights(n_commentators)

    pool = []
    for i in range(max(40, n // 3) * (3 if shape == "sources" else 1)):
        day = _day(rng)
        topic = rng.choice(TITLE_TOPICS)
        title = f"{rng.choice(SOURCE_KINDS)} {topic}{rng.choice(('', f' ({day.year})', ': a discussion paper'))}"
        publisher = rng.choice(PUBLISHERS)
        published = day.isoformat() if rng.random() < 0.6 else day.isoformat()[:7]
        url = f"https://{slugify(publisher)}.example/{slugify(title)}-{i}" if rng.random() < 0.6 else None
        author = rng.choices(commentators, weights=commentator_weights)[0]
        pool.append((day, SyntheticSource(title, author, publisher, published, url)))
    pool.sort(key=lambda item: (item[0], item[1].title))
    pool_days = [day for day, _ in pool]

    titles = _titles(rng, n)
    slugs: list[str] = []
    taken: set[str] = set()
    for title in titles:
        slug = base = slugify(title)
        k = 2
        while slug in taken:
            slug, k = f"{base}-{k}", k + 1
        taken.add(slug)
        slugs.append(slug)

    essays = []
    for i, (title, slug) in enumerate(zip(titles, slugs, strict=True)):
        date = _day(rng)
        n_authors = 2 if rng.random() < 0.1 else 1
        by = tuple(_pick_distinct(rng, authors, author_weights, n_authors))
        n_themes = rng.randint(6, 8) if shape == "sources" else rng.randint(2, 5)
        themes = tuple(_pick_distinct(rng, theme_slugs, theme_weights, min(n_themes, len(theme_slugs))))
        earlier = bisect_right(pool_days, date)
        wanted = {
            "rich": rng.choices((0, 1, 2, 3), weights=(10, 45, 30, 15))[0],
            "prose": 1,
            "sources": rng.randint(3, 6),
        }[shape]
        n_sources = min(earlier, wanted)
        sources = tuple(src for _, src in rng.sample(pool[:earlier], n_sources)) if n_sources else ()
        others = rng.sample(range(n), min(n - 1, rng.randint(2, 5)) + 1)
        links = [(titles[j], slugs[j]) for j in others if j != i][:5]
        summary = f"{_sentence(rng, date.year)} {_sentence(rng, date.year)}"
        body = _prose(rng, date.year, links) if shape == "prose" else _body(rng, date.year, links)
        words = _words("\n" + body)
        assert MIN_WORDS <= words <= MAX_WORDS, (slug, words)
        essays.append(SyntheticEssay(slug, title, by, date, themes, summary, sources, body))
    return SyntheticCorpus(tuple(essays), themes_yml, authors_yml)


def essay_file(essay: SyntheticEssay, *, tags: bool = False) -> str:
    """The essay as our contributors write it; with `tags`, plus Material's `tags:` (the anchor's copy)."""
    lines = ["---", f"title: {_q(essay.title)}"]
    if len(essay.authors) == 1:
        lines.append(f"author: {_q(essay.authors[0])}")
    else:
        lines += ["author:", *(f"  - {_q(a)}" for a in essay.authors)]
    lines += [f"date: {essay.date.isoformat()}", f"themes: [{', '.join(essay.themes)}]"]
    lines.append(f"summary: {_q(essay.summary)}")
    if essay.sources:
        lines.append("sources:")
        for s in essay.sources:
            lines += [
                f"  - title: {_q(s.title)}",
                f"    author: {_q(s.author)}",
                f"    publisher: {_q(s.publisher)}",
                f"    published: {s.published}",
            ]
            if s.url:
                lines.append(f"    url: {s.url}")
    if tags:
        lines.append(f"tags: [{', '.join(essay.themes)}]")
    lines += ["---", "", essay.body]
    return "\n".join(lines)


def hugo_file(essay: SyntheticEssay) -> str:
    return "\n".join(
        [
            "---",
            f"title: {_q(essay.title)}",
            f"date: {essay.date.isoformat()}",
            f"authors: [{', '.join(_q(a) for a in essay.authors)}]",
            f"themes: [{', '.join(essay.themes)}]",
            f"summary: {_q(essay.summary)}",
            "---",
            "",
            essay.body,
        ]
    )


def corpus_files(corpus: SyntheticCorpus) -> dict[str, bytes]:
    """The synthetic essays/ folder: name -> bytes."""
    files = {"themes.yml": corpus.themes_yml, "authors.yml": corpus.authors_yml}
    for essay in corpus.essays:
        files[f"{essay.slug}.md"] = essay_file(essay).encode()
    return files
