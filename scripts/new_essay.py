"""Start a new essay from the template: `python -m scripts.new_essay "Title" --author "Name" --themes a,b`.

Writes `essays/<slug>.md` (the slug made from the title) from
`templates/essay.md`, dated today and marked as a draft. It never overwrites
a file, and checks the author and themes against `essays/authors.yml` and
`essays/themes.yml` before writing anything, with a suggestion for a
misspelling. Exits 1, having written nothing, on any problem.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from scripts.corpus import AUTHORS_FILE, ESSAYS_DIR, THEMES_FILE, load_project_vocabulary
from scripts.essay_loader import load_essay
from scripts.fields import unknown_author, unknown_theme
from scripts.model import MAX_THEMES, Vocabulary, slugify

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "essay.md"


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


def check_arguments(title: str, authors: list[str], themes: list[str], vocabulary: Vocabulary) -> list[str]:
    """What is wrong with the command's title, authors and themes, as messages a writer can act on."""
    errors = []
    if not slugify(title):
        errors.append(f"the title {title!r} has no letters or digits to make a file name from; give a real title")
    for name in authors:
        if name not in vocabulary.author_by_name:
            errors.append(f"--author: {unknown_author(name, vocabulary)}")
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


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    print("Nothing was written.", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None, root: Path = ROOT, today: datetime.date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.new_essay", description=__doc__.splitlines()[0])
    parser.add_argument("title", help="the essay's title, in quotes")
    parser.add_argument(
        "--author",
        action="append",
        required=True,
        help=f"your name as listed in {AUTHORS_FILE}; repeat --author for each co-author",
    )
    parser.add_argument("--themes", required=True, help=f"theme slugs from {THEMES_FILE}, separated by commas")
    args = parser.parse_args(argv)
    authors = [" ".join(name.split()) for name in args.author]
    themes = [slug.strip() for slug in args.themes.split(",") if slug.strip()]

    vocabulary, problems = load_project_vocabulary(root)
    if vocabulary is None:
        return _fail([str(p) for p in problems] + ["fix the vocabularies first"])
    errors = check_arguments(args.title, authors, themes, vocabulary)
    if errors:
        return _fail(errors)

    slug = slugify(args.title)
    relative = f"{ESSAYS_DIR}/{slug}.md"
    target = root / relative
    if target.exists():
        return _fail([f"{relative} already exists; choose a different title, or edit that file instead"])
    text = fill_template(
        TEMPLATE.read_text(encoding="utf-8"), args.title, authors, today or datetime.date.today(), themes
    )
    essay, problems = load_essay(relative, slug, text.encode("utf-8"), vocabulary)
    if essay is None:  # the template and this command disagree with the loader: a bug, not the writer's fault
        return _fail([str(p) for p in problems] + ["the new essay would not validate; please report this"])
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        return _fail([f"{relative} already exists; choose a different title, or edit that file instead"])
    print(f"wrote {relative} (a draft dated {essay.date.isoformat()})")
    print("Next: write the essay and its summary and sources in that file, then check it with")
    print(f"  python -m scripts.validate {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
