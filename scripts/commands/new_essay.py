"""Start a new essay from the template: `./tasks new "Title" --author "Name" --themes a,b`.

Writes `essays/<slug>.md` (the slug made from the title) from
`templates/essay.md`, dated today and marked as a draft. It never overwrites
a file, and checks the author and themes against `essays/authors.yml` and
`essays/themes.yml` before writing anything, with a suggestion for a
misspelling.

A writer who is not yet in `essays/authors.yml` is added there in the same
step: give `--new-author "a one-line bio"` (once per new `--author`, in the
same order), or, at a terminal, answer the question the command asks. The
entry (slug, name, bio) is appended to `essays/authors.yml` and the whole
vocabulary is checked again before anything is written. Nothing else needs
regenerating: the editor schema does not list authors.

Exits 1, having written nothing, on any problem.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scripts.content.corpus import AUTHORS_FILE, ESSAYS_DIR, THEMES_FILE, load_project_vocabulary
from scripts.content.essay_loader import load_essay
from scripts.content.fields import unknown_author, unknown_theme
from scripts.content.model import MAX_THEMES, Vocabulary, slugify
from scripts.content.problems import did_you_mean
from scripts.content.vocabulary_loader import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "essay.md"
NEW_AUTHOR_HINT = 'or give --new-author "one line about you" and this command adds you'

# Asks the writer one question and returns the answer (`input` at a terminal).
Ask = Callable[[str], str]


@dataclass(frozen=True)
class NewAuthor:
    slug: str
    name: str
    bio: str

    def entry(self) -> str:
        """The author's entry as `essays/authors.yml` holds it (YAML; JSON strings are valid YAML)."""
        return f"- slug: {self.slug}\n  name: {_quoted(self.name)}\n  bio: {_quoted(self.bio)}\n"


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted string (JSON's string syntax is valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def fill_template(template: str, title: str, authors: list[str], date: datetime.date, themes: list[str]) -> str:
    """The template with its four placeholders filled in."""
    author = _quoted(authors[0]) if len(authors) == 1 else "[" + ", ".join(_quoted(a) for a in authors) + "]"
    return (
        template.replace('"{title}"', _quoted(title))
        .replace('"{author}"', author)
        .replace("{date}", date.isoformat())
        .replace("{themes}", ", ".join(themes))
    )


def check_arguments(
    title: str, authors: list[str], themes: list[str], vocabulary: Vocabulary, adding: bool = False
) -> list[str]:
    """What is wrong with the command's title, authors and themes, as messages a writer can act on.

    With `adding`, authors missing from the vocabulary are not reported: they are about to be added.
    """
    errors = []
    if not slugify(title):
        errors.append(f"the title {title!r} has no letters or digits to make a file name from; give a real title")
    if not adding:
        for name in authors:
            if name not in vocabulary.author_by_name:
                errors.append(f"--author: {unknown_author(name, vocabulary)}, {NEW_AUTHOR_HINT}")
    if len(set(authors)) != len(authors):
        errors.append("--author: an author is given twice; give each name once")
    if not themes:
        errors.append(
            f"--themes: give 1 to {MAX_THEMES} theme slugs separated by commas, like --themes hierarchy,power"
        )
    elif len(themes) > MAX_THEMES:
        errors.append(f"--themes: {len(themes)} themes given; give between 1 and {MAX_THEMES}")
    for slug in themes:
        if slug not in vocabulary.theme:
            errors.append(f"--themes: {unknown_theme(slug, vocabulary)}")
    for slug in dict.fromkeys(s for s in themes if themes.count(s) > 1):
        errors.append(f"--themes: theme '{slug}' is given twice; give it once")
    return errors


def check_new_names(names: list[str], vocabulary: Vocabulary) -> tuple[dict[str, str], list[str]]:
    """The author-page slug of each name about to be added, or why a name cannot be added as it is."""
    errors = []
    # A name is taken if its slug is an author's slug or the slug of an author's name: "the editors" is
    # "The Editors" (slug editors) spelt another way, and would otherwise get a second page of its own.
    taken = {slugify(a.name): a.name for a in vocabulary.authors} | {a.slug: a.name for a in vocabulary.authors}
    slugs = {}
    for name in names:
        slug = slugify(name)
        if not slug:
            errors.append(f"--author: no author page address can be made from '{name}'; give a name with letters in it")
        elif slug in slugs.values():
            other = next(n for n, s in slugs.items() if s == slug)
            errors.append(f"--author: '{name}' and '{other}' are one name spelt two ways; give it once")
        elif slug in taken:
            errors.append(
                f"--author: '{name}' is too like '{taken[slug]}', already in {AUTHORS_FILE}; if that is you, "
                f'write --author "{taken[slug]}", otherwise add yourself to {AUTHORS_FILE} by hand with a '
                "slug of your own"
            )
        else:
            slugs[name] = slug
    return slugs, errors


def new_authors(slugs: dict[str, str], bios: list[str]) -> tuple[list[NewAuthor], list[str]]:
    """The entries to append, one per new name and bio, or why a bio will not do."""
    entries, errors = [], []
    for (name, slug), bio in zip(slugs.items(), bios, strict=True):
        bio = " ".join(bio.split())
        if bio:
            entries.append(NewAuthor(slug, name, bio))
        else:
            errors.append(f"--new-author: the bio for '{name}' is empty; write one line about them")
    return entries, errors


def ask_for_bios(names: list[str], vocabulary: Vocabulary, ask: Ask) -> list[str] | None:
    """Ask whether to add each unlisted name, and for a bio; None when the writer declines one."""
    bios = []
    for name in names:
        print(f"'{name}' is not in {AUTHORS_FILE}{did_you_mean(name, vocabulary.author_by_name)}", file=sys.stderr)
        if ask(f"Add '{name}' to {AUTHORS_FILE} as a new author? [y/N] ").strip().lower() not in ("y", "yes"):
            return None
        bios.append(ask(f"One line about {name}, shown on the author page: "))
    return bios


def appended(text: str, entries: list[NewAuthor]) -> str:
    """`essays/authors.yml` with the new entries at its end."""
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(entry.entry() for entry in entries)


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    print("Nothing was written.", file=sys.stderr)
    return 1


def _terminal_ask() -> Ask | None:
    """`input` when a person is at the terminal; None in scripts and CI, which must use --new-author."""
    return input if sys.stdin.isatty() else None


def main(
    argv: list[str] | None = None,
    root: Path = ROOT,
    today: datetime.date | None = None,
    ask: Ask | Literal["terminal"] | None = "terminal",
) -> int:
    """The command; `ask` puts the questions about a new author (None: nobody to ask, so --new-author is needed)."""
    parser = argparse.ArgumentParser(prog="./tasks new", description=__doc__.splitlines()[0])
    parser.add_argument("title", help="the essay's title, in quotes")
    parser.add_argument(
        "--author",
        action="append",
        required=True,
        help=f"your name as listed in {AUTHORS_FILE}; repeat --author for each co-author",
    )
    parser.add_argument("--themes", required=True, help=f"theme slugs from {THEMES_FILE}, separated by commas")
    parser.add_argument(
        "--new-author",
        action="append",
        default=[],
        metavar="BIO",
        help=(
            f"add an --author who is not yet in {AUTHORS_FILE}, with this one-line bio; give it once per new "
            "author, in the order of their --author (at a terminal, the command asks instead)"
        ),
    )
    args = parser.parse_args(argv)
    authors = [" ".join(name.split()) for name in args.author]
    themes = [slug.strip() for slug in args.themes.split(",") if slug.strip()]

    vocabulary, problems = load_project_vocabulary(root)
    if vocabulary is None:
        return _fail([str(p) for p in problems] + ["fix the vocabularies first"])
    unlisted = [name for name in dict.fromkeys(authors) if name not in vocabulary.author_by_name]
    asker = _terminal_ask() if ask == "terminal" else ask
    adding = bool(unlisted) and (bool(args.new_author) or asker is not None)
    errors = check_arguments(args.title, authors, themes, vocabulary, adding=adding)
    if args.new_author and not unlisted:
        errors.append(f"--new-author: every --author is already in {AUTHORS_FILE}; leave out --new-author")
    elif args.new_author and len(args.new_author) != len(unlisted):
        listed = ", ".join(f"'{name}'" for name in unlisted)
        errors.append(
            f"--new-author: given {len(args.new_author)} times for {len(unlisted)} author(s) not yet in "
            f"{AUTHORS_FILE} ({listed}); give one --new-author per new author, in the order of their --author"
        )
    slug = slugify(args.title)
    relative = f"{ESSAYS_DIR}/{slug}.md"
    target = root / relative
    if slug and target.exists():
        errors.append(f"{relative} already exists; choose a different title, or edit that file instead")
    slugs, name_errors = check_new_names(unlisted, vocabulary) if adding else ({}, [])
    if errors or name_errors:
        return _fail(errors + name_errors)

    entries: list[NewAuthor] = []
    if unlisted:
        bios: list[str] | None = args.new_author
        if not bios:
            assert asker is not None
            try:
                bios = ask_for_bios(unlisted, vocabulary, asker)
            except (EOFError, KeyboardInterrupt):
                bios = None
            if bios is None:
                return _fail([f"--author: every author of an essay must be listed in {AUTHORS_FILE}; none was added"])
        entries, errors = new_authors(slugs, bios)
        if errors:
            return _fail(errors)

    authors_path = root / AUTHORS_FILE
    authors_before = authors_path.read_text(encoding="utf-8")
    authors_after = appended(authors_before, entries)
    if entries:  # the vocabulary as it will be, checked whole, so the new entry cannot break it
        vocabulary, problems = load_vocabulary(
            THEMES_FILE, (root / THEMES_FILE).read_bytes(), AUTHORS_FILE, authors_after.encode("utf-8")
        )
        if vocabulary is None:
            return _fail([str(p) for p in problems] + [f"the new entry would break {AUTHORS_FILE}"])

    text = fill_template(
        TEMPLATE.read_text(encoding="utf-8"), args.title, authors, today or datetime.date.today(), themes
    )
    essay, problems = load_essay(relative, slug, text.encode("utf-8"), vocabulary)
    # The template and this command disagree with the loader: a bug, not the writer's fault.
    if essay is None or problems:
        return _fail([str(p) for p in problems] + ["the new essay would not validate; please report this"])

    if entries:
        authors_path.write_text(authors_after, encoding="utf-8")
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        if entries:
            authors_path.write_text(authors_before, encoding="utf-8")
        return _fail([f"{relative} already exists; choose a different title, or edit that file instead"])
    for entry in entries:
        print(f"added {entry.name} to {AUTHORS_FILE} (author page slug: {entry.slug})")
    print(f"wrote {relative} (a draft dated {essay.date.isoformat()})")
    print("Next: write the essay and its summary and sources in that file, then check it with")
    print(f"  ./tasks check {relative}")
    if entries:
        print(f"Commit {AUTHORS_FILE} with the essay: it lists you as an author.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
