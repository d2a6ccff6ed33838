"""What contributors rely on: the essay template and its scaffold, the editor schema, CI, pre-commit, the guide."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT, make_project, run_mkdocs_build
from conftest import render_html as render

from scripts.commands import new_essay, schema
from scripts.commands.validate import main as validate
from scripts.content.corpus import load_project_vocabulary
from scripts.content.essay_loader import load_essay
from scripts.content.html_policy import check_html
from scripts.content.model import CORRECTION_FIELDS, ESSAY_FIELDS, SLUG_RE, SOURCE_FIELDS, slugify

TODAY = datetime.date(2026, 1, 2)
TEMPLATE_TEXT = (ROOT / "templates" / "essay.md").read_text(encoding="utf-8")


@pytest.fixture
def root(tmp_path) -> Path:
    """A content folder holding only the test vocabulary (its authors are The Editors and Ann Other).

    With the site's `mkdocs.yml`, whose Markdown settings the validator renders essays with.
    """
    return content_folder(tmp_path, FIXTURES / "vocabulary")


def content_folder(folder: Path, vocabularies: Path) -> Path:
    """`folder` as a project with no essays: the two vocabularies from `vocabularies`, and `mkdocs.yml`."""
    (folder / "essays").mkdir()
    for name in ("themes.yml", "authors.yml"):
        shutil.copy(vocabularies / name, folder / "essays" / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def scaffold(root: Path, *args: str, ask=None) -> int:
    """The scaffold's command line; with nobody at a terminal to answer its questions unless `ask` is given."""
    return new_essay.main(list(args), root=root, today=TODAY, ask=ask)


class Answers:
    """A writer at the terminal, giving these answers in turn; `questions` records what was asked."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []

    def __call__(self, question: str) -> str:
        self.questions.append(question)
        return self.answers.pop(0)


def essay_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "essays").glob("*.md"))


def front_matter(text: str) -> dict:
    """The front-matter as an editor's YAML language server sees it: YAML 1.2, so dates stay text."""
    block = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return _dates_as_text(yaml.safe_load(block))


def _dates_as_text(value):
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# The template -------------------------------------------------------------------


def test_template_points_editors_at_the_schema():
    lines = TEMPLATE_TEXT.split("\n")
    assert lines[0] == "---"
    assert lines[1] == "# yaml-language-server: $schema=../schema/essay.schema.json"
    # The path is relative to the file: it resolves from templates/ and from essays/ alike.
    assert (ROOT / "templates" / "../schema/essay.schema.json").resolve().is_file()
    assert (ROOT / "essays" / "../schema/essay.schema.json").resolve().is_file()


@pytest.mark.parametrize("key", ESSAY_FIELDS)
def test_template_explains_each_essay_field_with_its_help_text(key):
    assert f"# {key}: {ESSAY_FIELDS[key].help}\n" in TEMPLATE_TEXT


@pytest.mark.parametrize("key", SOURCE_FIELDS)
def test_template_explains_each_source_field_with_its_help_text(key):
    assert f"#     {key}: {SOURCE_FIELDS[key].help}" in TEMPLATE_TEXT


@pytest.mark.parametrize("key", CORRECTION_FIELDS)
def test_template_explains_each_correction_field_with_its_help_text(key):
    assert f"#     {key}: {CORRECTION_FIELDS[key].help}" in TEMPLATE_TEXT


def uncomment_corrections(text: str) -> str:
    """The essay with the template's example of `corrections:` uncommented, as a writer does once it is published."""
    start = text.index("# corrections:\n")
    end = text.index("# draft:", start)
    example = "".join(line[2:] + "\n" for line in text[start:end].splitlines())
    return text[:start] + example + text[end:]


def test_the_templates_example_of_corrections_is_judged_by_the_check(root, vocabulary):
    # A scaffolded essay is dated today: the example's date is not after it, and the check says so. Dated
    # before the example's day, the same lines pass, and the essay carries the note.
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy") == 0
    path = root / "essays" / "grip-versus-liberation.md"
    text = uncomment_corrections(path.read_text(encoding="utf-8"))
    today = datetime.date(2026, 12, 7)
    essay, problems = load_essay(str(path), path.stem, text.encode(), vocabulary, today)
    assert [p.message for p in problems] == []  # dated 2026-01-02, before the example's 2026-12-01
    assert essay is not None and [(c.date.isoformat(), c.kind) for c in essay.corrections] == [
        ("2026-12-01", "correction")
    ]
    assert essay.last_changed == datetime.date(2026, 12, 1)
    late = text.replace(f"date: {TODAY.isoformat()}", "date: 2026-12-03")
    _, problems = load_essay(str(path), path.stem, late.encode(), vocabulary, today)
    assert [p.message for p in problems] == [
        "'date': 2026-12-01 is not after the essay's date (2026-12-03); date the note the day the published essay was "
        "changed (a change made before it was published needs no note)"
    ]
    # The editors' schema takes the example too.
    jsonschema.validate(front_matter(text), json.loads((ROOT / schema.SCHEMA_FILE).read_text(encoding="utf-8")))


def test_template_has_the_four_placeholders_once_each():
    for placeholder in ('"{title}"', '"{author}"', "{date}", "[{themes}]"):
        assert TEMPLATE_TEXT.count(placeholder) == 1, placeholder


def test_template_is_outside_the_build():
    assert not (ROOT / "docs" / "templates").exists()
    assert not list((ROOT / "essays").glob("essay.md"))


# new_essay -----------------------------------------------------------------------


def test_scaffolded_essay_validates(root, capsys, vocabulary):
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy,love") == 0
    path = root / "essays" / "grip-versus-liberation.md"
    out = capsys.readouterr().out
    assert out == (
        "wrote essays/grip-versus-liberation.md (a draft dated 2026-01-02)\n"
        "Next: write the essay and its summary and sources in that file, then check it with\n"
        "  ./tasks check essays/grip-versus-liberation.md\n"
    )
    essay, problems = load_essay("essays/grip-versus-liberation.md", path.stem, path.read_bytes(), vocabulary)
    assert problems == []
    assert essay is not None
    assert (essay.title, essay.authors, essay.date, essay.themes, essay.draft) == (
        "Grip versus liberation",
        ("Ann Other",),
        TODAY,
        ("hierarchy", "love"),
        True,
    )
    # The validator's own command line agrees, with the path as a contributor gives it.
    assert validate([str(path)], root=root) == 0


def test_scaffold_keeps_an_awkward_title_and_co_authors(root, vocabulary):
    title = 'No: "grip" #2 \\ 3.10'
    assert scaffold(root, title, "--author", "Ann Other", "--author", "The Editors", "--themes", " power , love ") == 0
    path = root / "essays" / "no-grip-2-3-10.md"
    essay, problems = load_essay("essays/no-grip-2-3-10.md", path.stem, path.read_bytes(), vocabulary)
    assert problems == []
    assert essay is not None
    assert (essay.title, essay.authors, essay.themes) == (title, ("Ann Other", "The Editors"), ("power", "love"))


def test_scaffolded_essay_passes_the_html_policy(root, vocabulary):
    scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy")
    path = root / "essays" / "grip-versus-liberation.md"
    essay, _ = load_essay("essays/grip-versus-liberation.md", path.stem, path.read_bytes(), vocabulary)
    assert essay is not None
    assert check_html(essay.path, render(essay.body), essay.body_line, body=essay.body) == []


def test_scaffolded_essay_builds(root, tmp_path):
    scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy,love")
    text = (root / "essays" / "grip-versus-liberation.md").read_text(encoding="utf-8")
    project = make_project(
        tmp_path / "project", {"grip-versus-liberation.md": text.replace("draft: true", "draft: false")}
    )
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    page = (tmp_path / "site" / "essays" / "grip-versus-liberation" / "index.html").read_text(encoding="utf-8")
    assert "Grip versus liberation" in page


def test_new_essay_refuses_to_overwrite(root, capsys):
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy") == 0
    path = root / "essays" / "grip-versus-liberation.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMy work so far.\n", encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert scaffold(root, "Grip versus Liberation!", "--author", "The Editors", "--themes", "power") == 1
    assert capsys.readouterr().err == (
        "error: essays/grip-versus-liberation.md already exists; choose a different title, or edit that file instead\n"
        "Nothing was written.\n"
    )
    assert path.read_bytes() == before


def test_unknown_theme_suggests_the_nearest_and_writes_nothing(root, capsys):
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "heirarchy,love") == 1
    assert capsys.readouterr().err == (
        "error: --themes: unknown theme 'heirarchy' — did you mean 'hierarchy'? "
        "Themes are listed in essays/themes.yml\n"
        "Nothing was written.\n"
    )
    assert essay_files(root) == []


def test_unknown_author_suggests_the_nearest_and_writes_nothing(root, capsys):
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Othr", "--themes", "love") == 1
    assert capsys.readouterr().err == (
        "error: --author: unknown author 'Ann Othr' — did you mean 'Ann Other'? Authors are listed in "
        "essays/authors.yml; add yourself there (name and a one-line bio), "
        'or give --new-author "one line about you" and this command adds you\n'
        "Nothing was written.\n"
    )
    assert essay_files(root) == []


def test_every_problem_is_reported_at_once(root, capsys):
    assert scaffold(root, "!!!", "--author", "Nobody", "--themes", "love,xyzzy,love") == 1
    assert capsys.readouterr().err == (
        "error: the title '!!!' has no letters or digits to make a file name from; give a real title\n"
        "error: --author: unknown author 'Nobody'. Authors are listed in essays/authors.yml; "
        'add yourself there (name and a one-line bio), or give --new-author "one line about you" and this '
        "command adds you\n"
        "error: --themes: unknown theme 'xyzzy': no theme in essays/themes.yml is close to it; choose the nearest "
        "from that list, or propose 'xyzzy' as a new theme in the same pull request (CONTRIBUTING.md, "
        "'Proposing a new theme')\n"
        "error: --themes: theme 'love' is given twice; give it once\n"
        "Nothing was written.\n"
    )
    assert essay_files(root) == []


def test_no_themes_is_an_error(root, capsys):
    assert scaffold(root, "A title", "--author", "Ann Other", "--themes", " , ") == 1
    assert "error: --themes: give 1 to 8 theme slugs separated by commas" in capsys.readouterr().err
    assert essay_files(root) == []


# Becoming an author: one step, in the scaffold -----------------------------------------

NEW_WRITER_ENTRY = '- slug: sam-writer\n  name: "Sam Writer"\n  bio: "A GP in Leeds who writes on commissioning."\n'


def test_scaffold_adds_a_new_author_given_a_bio(root, capsys):
    before = (root / "essays" / "authors.yml").read_text(encoding="utf-8")
    args = ("Grip versus liberation", "--author", "Sam Writer", "--themes", "hierarchy")
    assert scaffold(root, *args, "--new-author", "  A GP in Leeds   who writes on commissioning. ") == 0
    assert capsys.readouterr().out == (
        "added Sam Writer to essays/authors.yml (author page slug: sam-writer)\n"
        "wrote essays/grip-versus-liberation.md (a draft dated 2026-01-02)\n"
        "Next: write the essay and its summary and sources in that file, then check it with\n"
        "  ./tasks check essays/grip-versus-liberation.md\n"
        "Commit essays/authors.yml with the essay: it lists you as an author.\n"
    )
    # Appended as an entry like the others, the file's existing text untouched.
    assert (root / "essays" / "authors.yml").read_text(encoding="utf-8") == before + NEW_WRITER_ENTRY
    # The essay and the vocabulary validate, by the validator's own command line.
    assert validate([], root=root) == 0
    assert validate([str(root / "essays" / "grip-versus-liberation.md")], root=root) == 0
    vocabulary, problems = load_project_vocabulary(root)
    assert problems == []
    assert vocabulary is not None
    assert vocabulary.author_by_name["Sam Writer"].slug == "sam-writer"


def test_a_new_author_leaves_nothing_stale(tmp_path):
    """In a copy of the project: scaffold with a new author, then the validator and the schema check."""
    project = make_project(tmp_path / "project", {})
    assert schema.main([], root=project) == 0
    args = ["Grip versus liberation", "--author", "Sam Writer", "--author", "The Editors", "--themes", "love"]
    assert new_essay.main([*args, "--new-author", "A GP."], root=project, today=TODAY, ask=None) == 0
    for command in (
        ["-m", "scripts.commands.validate"],
        ["-m", "scripts.commands.validate", "essays/grip-versus-liberation.md"],
    ):
        result = subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    # The editor schema does not list authors, so adding one cannot make it out of date.
    assert schema.main(["--check"], root=project) == 0


def test_scaffold_asks_at_a_terminal_and_adds_the_answer(root, capsys):
    answers = Answers("y", "Writes about integrated care.")
    assert scaffold(root, "Grip versus liberation", "--author", "Ann Othen", "--themes", "love", ask=answers) == 0
    assert answers.questions == [
        "Add 'Ann Othen' to essays/authors.yml as a new author? [y/N] ",
        "One line about Ann Othen, shown on the author page: ",
    ]
    # Before asking, it says which listed name is close, in case the writer only mistyped it.
    assert capsys.readouterr().err == "'Ann Othen' is not in essays/authors.yml — did you mean 'Ann Other'?\n"
    assert (
        (root / "essays" / "authors.yml")
        .read_text(encoding="utf-8")
        .endswith('- slug: ann-othen\n  name: "Ann Othen"\n  bio: "Writes about integrated care."\n')
    )
    assert validate([], root=root) == 0


@pytest.mark.parametrize("answers", [("n",), ("",), ("y", "   ")])
def test_declining_at_the_terminal_writes_nothing(root, capsys, answers):
    before = (root / "essays" / "authors.yml").read_bytes()
    assert scaffold(root, "A title", "--author", "Sam Writer", "--themes", "love", ask=Answers(*answers)) == 1
    assert capsys.readouterr().err.endswith("Nothing was written.\n")
    assert (root / "essays" / "authors.yml").read_bytes() == before
    assert essay_files(root) == []


def test_end_of_input_at_the_question_writes_nothing(root, capsys):
    def closed(question: str) -> str:
        raise EOFError

    assert scaffold(root, "A title", "--author", "Sam Writer", "--themes", "love", ask=closed) == 1
    assert capsys.readouterr().err.endswith(
        "error: --author: every author of an essay must be listed in essays/authors.yml; none was added\n"
        "Nothing was written.\n"
    )
    assert essay_files(root) == []


def test_two_new_co_authors_take_their_bios_in_order(root, vocabulary):
    args = ["A title", "--author", "Sam Writer", "--author", "The Editors", "--author", "Jo Bloggs", "--themes", "love"]
    assert scaffold(root, *args, "--new-author", "First.", "--new-author", "Second.") == 0
    text = (root / "essays" / "authors.yml").read_text(encoding="utf-8")
    assert text.endswith(
        '- slug: sam-writer\n  name: "Sam Writer"\n  bio: "First."\n'
        '- slug: jo-bloggs\n  name: "Jo Bloggs"\n  bio: "Second."\n'
    )
    assert validate([], root=root) == 0


def test_an_awkward_name_and_bio_are_written_as_valid_yaml(root):
    name, bio = 'Zoë O\'Neill: "Jo" #1', 'Writes on "grip": No, 3.10 #2 \\ and more.'
    assert scaffold(root, "A title", "--author", name, "--themes", "love", "--new-author", bio) == 0
    vocabulary, problems = load_project_vocabulary(root)
    assert problems == []
    assert vocabulary is not None
    author = vocabulary.author_by_name[name]
    assert (author.slug, author.bio) == ("zoe-o-neill-jo-1", bio)
    assert validate([], root=root) == 0


def test_a_name_in_another_script_gets_an_author_page_address(root, capsys):
    name = "Сергей Иванов"
    if not slugify(name):  # the model makes no address for it: a clear refusal, and nothing written
        assert scaffold(root, "A title", "--author", name, "--themes", "love", "--new-author", "A bio.") == 1
        assert "no author page address can be made from" in capsys.readouterr().err
        assert essay_files(root) == []
        return
    assert scaffold(root, "A title", "--author", name, "--themes", "love", "--new-author", "A bio.") == 0
    vocabulary, problems = load_project_vocabulary(root)
    assert problems == []
    assert vocabulary is not None
    assert vocabulary.author_by_name[name].slug == slugify(name)
    assert SLUG_RE.fullmatch(slugify(name))
    assert validate([], root=root) == 0


def test_authors_file_without_a_final_newline_gets_one_before_the_entry(root):
    path = root / "essays" / "authors.yml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    assert scaffold(root, "A title", "--author", "Sam Writer", "--themes", "love", "--new-author", "A GP.") == 0
    assert validate([], root=root) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--author", "ann other"],
            "error: --author: 'ann other' is too like 'Ann Other', already in essays/authors.yml; if that is you, "
            'write --author "Ann Other", otherwise add yourself to essays/authors.yml by hand with a slug of your own',
        ),
        (
            ["--author", "the editors"],  # the slug of its name
            "error: --author: 'the editors' is too like 'The Editors', already in essays/authors.yml; if that is "
            'you, write --author "The Editors", otherwise add yourself to essays/authors.yml by hand with a slug of '
            "your own",
        ),
        (
            ["--author", "Editors"],  # the slug of The Editors
            "error: --author: 'Editors' is too like 'The Editors', already in essays/authors.yml; if that is you, "
            'write --author "The Editors", otherwise add yourself to essays/authors.yml by hand with a slug of your '
            "own",
        ),
        (
            ["--author", "!!!"],
            "error: --author: no author page address can be made from '!!!'; give a name with letters in it",
        ),
        (
            ["--author", "Sam Writer", "--author", "Sam  writer!"],
            "error: --author: 'Sam writer!' and 'Sam Writer' are one name spelt two ways; give it once",
        ),
    ],
)
def test_a_new_name_that_would_clash_or_has_no_page_address_is_refused(root, capsys, args, message):
    before = (root / "essays" / "authors.yml").read_bytes()
    bios = [arg for name in args[1::2] for arg in ("--new-author", "A bio.")]
    assert scaffold(root, "A title", *args, "--themes", "love", *bios) == 1
    assert capsys.readouterr().err == message + "\nNothing was written.\n"
    assert (root / "essays" / "authors.yml").read_bytes() == before
    assert essay_files(root) == []


# The schema ------------------------------------------------------------------------


def test_committed_schema_is_the_generated_one():
    text, problems = schema.generate(ROOT)
    assert problems == []
    committed = (ROOT / schema.SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == text, (
        "schema/essay.schema.json is out of date: run `python -m scripts.commands.schema` and commit it"
    )


def test_schema_check_command(root, capsys):
    assert schema.main(["--check"], root=root) == 1
    assert "schema/essay.schema.json is out of date" in capsys.readouterr().err
    assert schema.main([], root=root) == 0
    assert schema.main(["--check"], root=root) == 0
    # A new author leaves the schema as it is: it does not list authors.
    (root / "essays" / "authors.yml").write_text(
        (root / "essays" / "authors.yml").read_text(encoding="utf-8")
        + '- slug: new-writer\n  name: New Writer\n  bio: "New."\n',
        encoding="utf-8",
    )
    assert schema.main(["--check"], root=root) == 0
    # A new theme does change it: themes are offered as completions.
    themes = root / "essays" / "themes.yml"
    themes.write_text(
        themes.read_text(encoding="utf-8")
        + "  - slug: new-theme\n    name: New theme\n    lens: power-and-love\n"
        + '    description: "A theme for the test. It is new."\n',
        encoding="utf-8",
    )
    assert load_project_vocabulary(root)[1] == []
    assert schema.main(["--check"], root=root) == 1


def test_schema_and_model_agree(vocabulary):
    generated = schema.build_schema(vocabulary)
    jsonschema.Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for fields, node in ((ESSAY_FIELDS, generated), (SOURCE_FIELDS, generated["properties"]["sources"]["items"])):
        assert list(node["properties"]) == list(fields)
        assert node["required"] == [key for key, spec in fields.items() if spec.required]
        assert node["additionalProperties"] is False
        for key, spec in fields.items():
            assert node["properties"][key]["description"] == spec.help
    assert generated["properties"]["themes"]["items"]["enum"] == [t.slug for t in vocabulary.themes]
    # Authors are any non-blank text: the validator checks them against essays/authors.yml.
    author = json.dumps(generated["properties"]["author"])
    assert "enum" not in author
    assert not any(a.name in author for a in vocabulary.authors)


def test_committed_schema_names_no_author():
    committed = (ROOT / schema.SCHEMA_FILE).read_text(encoding="utf-8")
    vocabulary, problems = load_project_vocabulary(ROOT)
    assert vocabulary is not None, problems
    assert not any(a.name in committed for a in vocabulary.authors)


@pytest.fixture
def validator(vocabulary) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.build_schema(vocabulary))


def test_schema_accepts_the_valid_fixture(validator):
    data = front_matter((FIXTURES / "essays" / "valid.md").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []


def test_schema_accepts_the_scaffolded_essay(root, validator):
    scaffold(root, "Grip versus liberation", "--author", "Ann Other", "--themes", "hierarchy,love")
    data = front_matter((root / "essays" / "grip-versus-liberation.md").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    ("fixture", "error"),
    [
        ("unknown-theme", "'heirarchy' is not one of"),
        ("unknown-key", "Additional properties are not allowed ('tehmes' was unexpected)"),
        ("missing-title", "'title' is a required property"),
        ("title-wrong-type", "False is not of type 'string'"),
        ("title-number", "3.1 is not of type 'string'"),
        ("date-wrong-format", "'23/11/2026' does not match"),
        ("too-many-themes", "is too long"),
        ("theme-listed-twice", "has non-unique elements"),
        ("themes-not-list", "'hierarchy' is not of type 'array'"),
        ("draft-not-boolean", "'maybe' is not of type 'boolean'"),
        ("source-bad-url", "'javascript:alert(1)' does not match"),
        ("source-missing-field", "'publisher' is a required property"),
        ("empty-summary", "'' does not match"),
    ],
)
def test_schema_rejects_invalid_front_matter(validator, fixture, error):
    data = front_matter((FIXTURES / "essays" / f"{fixture}.md").read_text(encoding="utf-8"))
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(error in m for m in messages), messages


@pytest.mark.parametrize("author", ["Sam Writer", ["Sam Writer", "The Editors"], "The Editor"])
def test_schema_accepts_any_author_name_and_leaves_the_list_to_the_validator(validator, author):
    data = front_matter((FIXTURES / "essays" / "valid.md").read_text(encoding="utf-8"))
    assert list(validator.iter_errors({**data, "author": author})) == []


@pytest.mark.parametrize("author", ["", "   ", [], ["The Editors", "The Editors"], 3, [""]])
def test_schema_still_rejects_an_author_that_is_no_name(validator, author):
    data = front_matter((FIXTURES / "essays" / "valid.md").read_text(encoding="utf-8"))
    assert list(validator.iter_errors({**data, "author": author})) != []


def test_schema_rejects_an_impossible_month():
    assert not re.fullmatch(schema.DATE_PATTERN, "2026-13-01")
    assert re.fullmatch(schema.MONTH_OR_DATE_PATTERN, "2025-12")


# CI, pre-commit, editors -----------------------------------------------------------


def workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def run_steps(data: dict) -> list[str]:
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pull_request_workflow_runs_the_test_entry_point():
    data = workflow("pr.yml")
    assert "pull_request" in data["on"]
    assert "pull_request_target" not in data["on"]  # never run a contributor's code with write access
    (job,) = data["jobs"].values()
    assert uses(job) == ["actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, for the preview
    assert run_steps(data) == [
        "./tasks check",
        './tasks diff "origin/$BASE_REF" --summary "$GITHUB_STEP_SUMMARY"',
        "./tasks test",
    ]
    steps = {s.get("run") or s["uses"].split("@")[0]: s for s in job["steps"]}
    # The check annotates once, in a step of its own (GitHub annotates ten problems a step).
    assert steps["./tasks test"]["env"]["NHS_NO_ANNOTATIONS"] == "1"
    assert steps["actions/upload-artifact"]["with"]["path"] == "site/"
    # The base branch's name reaches the shell as a variable, never pasted into the script.
    assert "${{" not in next(r for r in run_steps(data) if "diff" in r)


def test_deploy_workflow_builds_with_the_entry_point_and_deploys_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    assert run_steps(data) == ["./tasks build"]
    step = next(s for s in build["steps"] if s.get("run") == "./tasks build")
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages"))
    assert step["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert uses(deploy) == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_ci_readme_and_workflow_share_one_test_command():
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().split("\n")[-1] == "./tasks test"
    assert "./tasks test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pre_commit_validates_changed_essays_only():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert (hook["language"], hook["entry"]) == ("system", "python -m scripts.commands.validate")
    assert hook.get("pass_filenames", True) is True  # the changed files are given to the validator
    pattern = re.compile(hook["files"])
    assert pattern.search("essays/grip-versus-liberation.md")
    for misnamed in ("essays/My essay.md", "essays/grip.markdown", "essays/index.md"):  # reported, not skipped
        assert pattern.search(misnamed), misnamed
    for other in (
        "essays/themes.yml",
        "essays/images/a.png",
        "docs/index.md",
        "templates/essay.md",
        "scripts/commands/validate.py",
    ):
        assert not pattern.search(other), other


def test_vscode_maps_the_schema_to_essays():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    (target, globs), *_ = settings["yaml.schemas"].items()
    assert (ROOT / target).resolve() == (ROOT / schema.SCHEMA_FILE).resolve()
    assert "essays/*.md" in globs


def test_pull_request_template_is_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 5
    assert "./tasks check essays/<slug>.md" in text  # the writer's one command, not a bare python -m
    assert "python -m scripts.commands.validate" not in text


def test_deploy_sets_the_repository_address():
    build = workflow("deploy.yml")["jobs"]["build"]
    step = next(s for s in build["steps"] if s.get("run") == "./tasks build")
    assert step["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def mkdocs_config() -> dict:
    from mkdocs.utils.yaml import get_yaml_loader

    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def test_repo_url_comes_from_the_environment_with_a_fallback_that_names_no_repository(monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://github.com/owner/name")
    assert mkdocs_config()["repo_url"] == "https://github.com/owner/name"
    monkeypatch.delenv("REPO_URL")
    # The host only: the real address is not known to a local build, and Material fetches nothing for it.
    assert mkdocs_config()["repo_url"] == "https://github.com/"


# The guide ---------------------------------------------------------------------------


def test_contributing_example_front_matter_is_valid(validator):
    """Against the site's own vocabulary, not the tests': the example's author and themes exist."""
    vocabulary, problems = load_project_vocabulary(ROOT)
    assert vocabulary is not None, problems
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(---\n.*?\n---\n)```", text, re.DOTALL)
    assert example is not None
    essay_text = example.group(1) + "\nThe essay.\n"
    essay, problems = load_essay(
        "essays/grip-versus-liberation.md", "grip-versus-liberation", essay_text.encode(), vocabulary
    )
    assert problems == []
    assert essay is not None
    assert list(validator.iter_errors(front_matter(essay_text))) == []


def test_contributing_quotes_the_validators_message_exactly(root, capsys):
    (root / "essays" / "x.md").write_text(
        '---\ntitle: "X"\nauthor: Ann Other\nthemes: [heirarchy]\ndate: 2026-01-02\nsummary: "S."\n---\n\nText.\n',
        encoding="utf-8",
    )
    assert validate([str(root / "essays" / "x.md")], root=root) == 1
    line, closing = capsys.readouterr().out.splitlines()
    assert closing == "1 problem(s) found. Fix them and run the check again."
    assert line == (
        "essays/x.md:4: unknown theme 'heirarchy' — did you mean 'hierarchy'? Themes are listed in essays/themes.yml"
    )
    assert line in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


WRITER_DOCS = ("CONTRIBUTING.md", "docs/contribute.md", "templates/essay.md", "README.md", "DEVELOPING.md")
YOUR_NAME = "Your Name"  # the writer's own name, which the scaffold adds: the one placeholder the guides use


def author_entry_example() -> str:
    """The authors.yml entry CONTRIBUTING.md shows a new author adding."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Becoming an author\n", 1)[1]
    example = re.search(r"```yaml\n(- slug: .*?)```", section, re.DOTALL)
    assert example is not None
    return example.group(1)


def test_the_author_entry_example_is_a_valid_entry(tmp_path):
    (tmp_path / "essays").mkdir()
    shutil.copy(ROOT / "essays" / "themes.yml", tmp_path / "essays" / "themes.yml")
    authors = (ROOT / "essays" / "authors.yml").read_text(encoding="utf-8")
    (tmp_path / "essays" / "authors.yml").write_text(authors + author_entry_example(), encoding="utf-8")
    vocabulary, problems = load_project_vocabulary(tmp_path)
    assert problems == []
    assert vocabulary is not None
    # It is what the scaffold would have written for the same name and bio.
    (entry,) = [a for a in vocabulary.authors if a.name not in authors]
    assert new_essay.NewAuthor(entry.slug, entry.name, entry.bio).entry() == author_entry_example()


def test_every_author_name_in_the_guides_is_listed_or_added_by_the_example():
    vocabulary, problems = load_project_vocabulary(ROOT)
    assert vocabulary is not None, problems
    added = {yaml.safe_load(author_entry_example())[0]["name"]}
    patterns = (
        r'--author "([^"]+)"',
        r'^author: "([^"{}]+)"',
        r'`author: "([^"]+)"`',
        r"unknown author '[^']+' — did you mean '([^']+)'",
    )
    for name in WRITER_DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        names = [m for p in patterns for m in re.findall(p, text, re.MULTILINE)]
        names += [n for listed in re.findall(r"author: \[([^\]{}]+)\]", text) for n in re.findall(r'"([^"]+)"', listed)]
        for author in names:
            assert author in vocabulary.author_by_name or author in added or author == YOUR_NAME, (name, author)
        assert "Ann Other" not in text, name


def test_the_guides_local_command_works_for_a_new_writer(tmp_path):
    """The scaffold command of CONTRIBUTING.md's first screen, run in a copy of the site's vocabulary."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (command,) = set(re.findall(r"`\./tasks new (.+?)`", text))
    args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', command)]
    content_folder(tmp_path, ROOT / "essays")
    assert new_essay.main(args, root=tmp_path, today=TODAY, ask=Answers("y", "One line about me.")) == 0
    assert validate([], root=tmp_path) == 0


def first_screen(text: str) -> str:
    """What a writer sees before scrolling: the first 40 lines."""
    return "\n".join(text.split("\n")[:40])


def test_contributing_fits_both_paths_on_its_first_screen():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    screen = first_screen(text)
    for heading in ("## In the browser, on GitHub\n", "## On your own computer\n"):
        assert heading in screen
        steps = screen.split(heading, 1)[1].split("\n## ", 1)[0]
        numbered = re.findall(r"^(\d+)\. ", steps, re.MULTILINE)
        assert 3 <= len(numbered) <= 6, (heading, numbered)
        assert numbered == [str(i) for i in range(1, len(numbered) + 1)]
    assert "./tasks check essays/" in screen
    assert "`essays/images/`" in screen and "](images/" in screen
    assert "DEVELOPING.md" in screen


def test_developer_material_is_in_developing_md_not_the_writers_guide():
    writers = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    developers = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    for word in ("ruff", "pytest", "python -m scripts.commands.schema", "REPO_URL"):
        assert word not in writers, word
        assert word in developers, word
    # CONTRIBUTING.md's links to DEVELOPING.md's sections land on headings that exist.
    headings = {
        re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in re.findall(r"^#+ (.+)$", developers, re.M)
    }
    for anchor in re.findall(r"\(DEVELOPING\.md#([^)]+)\)", writers):
        assert anchor in headings, anchor


def test_contributing_links_land_on_its_own_headings():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in re.findall(r"^#+ (.+)$", text, re.M)
    }
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in headings, anchor


def test_readme_first_screen_points_writers_to_the_guide():
    screen = first_screen((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in screen
    assert "./tasks check essays/<slug>.md" in screen
    assert "[DEVELOPING.md](DEVELOPING.md)" in screen


def test_the_sites_contribute_page_gives_the_writers_command_and_the_repository():
    text = (ROOT / "docs" / "contribute.md").read_text(encoding="utf-8")
    assert "./tasks check essays/<slug>.md" in text
    assert "python -m scripts.commands.validate" not in text
    assert "`essays/images/`" in text and "](images/" in text
    assert "repository" in text and "CONTRIBUTING.md" in text
    # The repository link it points to is the header's, drawn from repo_url.
    header = (ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    assert "{% if config.repo_url %}" in header and 'include "partials/source.html"' in header
    assert mkdocs_config()["repo_url"]


def test_the_template_says_where_an_image_goes():
    assert "`essays/images/`" in TEMPLATE_TEXT and "](images/" in TEMPLATE_TEXT
    assert "./tasks check essays/<slug>.md" in TEMPLATE_TEXT


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", "docs/contribute.md"])
def test_both_paths_of_each_writers_guide_say_to_change_draft_to_false(doc):
    """An essay left a draft never appears: the browser path and the computer's path each say so."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    browser, computer = re.split(r"On your own computer", text, maxsplit=1)
    for path in (browser, computer.split("\n## ", 1)[0]):
        assert re.search(r"change `draft: true` to\s+`draft: false`", path, re.IGNORECASE), doc


def test_the_scaffolds_help_names_the_command_a_writer_types(capsys):
    with pytest.raises(SystemExit):
        new_essay.main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: ./tasks new ") and "python -m" not in out
