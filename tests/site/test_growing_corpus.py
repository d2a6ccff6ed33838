"""The suite never depends on which essays the corpus holds: every corpus-facing test (marked `corpus`, see
tests/conftest.py) passes again on a copy of this project with valid essays of kinds the real corpus may not
have yet: a new author with a name outside ASCII, a new commentator, rare words, scare quotes, footnotes, a
table, an image, links to essays already there, a co-written essay and a draft. The essays are made here, from
a seed, so that they differ from anything the tests were written against."""

from __future__ import annotations

import datetime
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from scripts.content.check import check
from scripts.content.corpus import load_corpus

COPIED = ("mkdocs.yml", "docs", "overrides", "includes", "scripts", "templates", "essays")
# Ordinary words to write with, and rare ones no essay of ours uses: what a reader of a new essay searches for.
COMMON = (
    "the board asked whether local leaders could shape services with patients and staff while the centre "
    "kept its targets money and rules in view as trusts and councils tried to plan care together over years"
).split()
RARE = ("quinquennial", "ombudsmanship", "palimpsestic", "hydrodynamics", "cartographers", "shibboleths")
NEW_AUTHOR = "Siân Ó Dálaigh"
NEW_COMMENTATOR = "Zoë Brennan-Łukasiewicz"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def prose(rng: random.Random, words: int, rare: str) -> list[str]:
    """Paragraphs of about `words` words, with `rare` once in the middle."""
    paragraphs, left = [], words
    while left > 0:
        n = min(left, rng.randint(60, 110))
        sentence = [rng.choice(COMMON) for _ in range(n)]
        for at in range(rng.randint(8, 14), n, rng.randint(9, 15)):
            sentence[at - 1] += "."
        paragraphs.append(" ".join(sentence).capitalize().rstrip(".") + ".")
        left -= n
    middle = len(paragraphs) // 2
    paragraphs[middle] = paragraphs[middle].replace(" the ", f" the {rare} ", 1)
    return paragraphs


def front(title: str, authors: list[str], day: datetime.date, themes: list[str], sources: str, draft: bool) -> str:
    listed = ", ".join(f'"{a}"' for a in authors)
    return (
        f'---\ntitle: "{title}"\nauthor: [{listed}]\ndate: {day.isoformat()}\n'
        f"themes: [{', '.join(themes)}]\nsummary: \"What {title.lower()} argues, in a sentence.\"\n"
        f"{sources}draft: {'true' if draft else 'false'}\n---\n\n"
    )


def grow(project: Path, seed: int) -> list[str]:
    """Add the made essays (and their author and image) to the project; their slugs."""
    rng = random.Random(seed)
    corpus, problems = load_corpus(project)
    assert problems == [] and corpus is not None
    themes = [t.slug for t in corpus.vocabulary.themes]
    published = sorted(e.slug for e in corpus.essays if not e.draft)
    existing_source = next(s for e in corpus.essays for s in e.sources)
    authors_file = project / "essays" / "authors.yml"
    authors_file.write_text(
        authors_file.read_text(encoding="utf-8").rstrip("\n")
        + f'\n- slug: sian-o-dalaigh\n  name: "{NEW_AUTHOR}"\n  bio: "A writer new to the site."\n',
        encoding="utf-8",
    )
    (project / "essays" / "images").mkdir(exist_ok=True)
    (project / "essays" / "images" / f"growing-{seed}.png").write_bytes(PNG)
    editors = corpus.vocabulary.authors[0].name
    today = datetime.date.today()
    kinds = ["new-voices", "footnotes-and-tables", "scare-quotes", "co-written", "draft"]
    slugs = []
    for n, kind in enumerate(kinds):
        slug = f"growing-{seed}-{kind}"
        title = f"{kind.replace('-', ' ').capitalize()} {seed}: a test of growth"
        day = today - datetime.timedelta(days=rng.randint(0, 400))
        chosen = rng.sample(themes, rng.randint(1, 6))
        link = rng.choice(published)
        body = prose(rng, rng.randint(600, 1200), RARE[(seed + n) % len(RARE)])
        body.insert(1, f"This builds on [an essay already here]({link}.md), and on the CCG's record.")
        sources = (
            "sources:\n"
            f'  - title: "{existing_source.title}"\n    author: "{existing_source.author}"\n'
            f'    publisher: "{existing_source.publisher}"\n    published: {existing_source.published}\n'
        )
        authors = [editors]
        if kind == "new-voices":
            authors = [NEW_AUTHOR]
            sources += (
                f'  - title: "A piece by a commentator new to the site {seed}"\n    author: "{NEW_COMMENTATOR}"\n'
                f'    publisher: "A journal"\n    published: 2024-05\n'
            )
            body.append(f"![A one-pixel image, for the test](images/growing-{seed}.png)")
        elif kind == "footnotes-and-tables":
            body[0] += " A claim with a note.[^1]"
            body.append("| Year | Plans |\n|---|---|\n| 2011 | Consortia |\n| 2022 | Boards |")
            body.append("[^1]: The note, which says where the claim comes from.")
        elif kind == "scare-quotes":
            body[0] += ' Matthew Taylor\'s readers speak of "integration", and of “reform”, as if settled.'
        elif kind == "co-written":
            authors = [NEW_AUTHOR, editors]
            body.append("## A closing section\n\nWhat follows from it, for a board, in a few words.")
        text = front(title, authors, day, chosen, sources, draft=kind == "draft") + "\n\n".join(body) + "\n"
        (project / "essays" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def copy_project(dest: Path) -> Path:
    dest.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, dest / name)
    return dest


def test_the_made_essays_are_valid_and_of_every_kind(tmp_path):
    project = copy_project(tmp_path / "grown")
    slugs = grow(project, seed=7)
    assert check(project).problems == ()
    corpus, _ = load_corpus(project)
    made = {e.slug: e for e in corpus.essays if e.slug in slugs}
    assert len(made) == 5 and sum(e.draft for e in made.values()) == 1
    assert any(NEW_AUTHOR in e.authors for e in made.values())
    assert any(NEW_COMMENTATOR in e.commentators for e in made.values())
    assert all(600 <= e.words for e in made.values())


def test_every_corpus_facing_test_passes_on_the_corpus_with_new_essays(tmp_path):
    project = copy_project(tmp_path / "grown")
    grow(project, seed=2)
    assert check(project).problems == ()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "corpus", "-p", "no:cacheprovider", "-x"],
        cwd=ROOT,
        env={**os.environ, "NHS_TEST_CORPUS": str(project)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
