"""The vocabularies' own checks, the checks across essays, and the validator's command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from scripts.commands import validate
from scripts.content.vocabulary_loader import load_vocabulary

THEMES = (FIXTURES / "vocabulary" / "themes.yml").read_text()
AUTHORS = (FIXTURES / "vocabulary" / "authors.yml").read_bytes()


def problems_of(themes_text: str, authors: bytes = AUTHORS) -> list[tuple[int, str]]:
    vocab, problems = load_vocabulary("themes.yml", themes_text.encode(), "authors.yml", authors)
    assert (vocab is None) == bool(problems)
    return [(p.line, p.message) for p in problems]


def test_fixture_vocabulary_is_valid():
    assert problems_of(THEMES) == []


def test_opposing_theme_that_does_not_exist():
    broken = THEMES.replace("opposing: [individualism]", "opposing: [individualsm]")
    assert (20, "theme 'hierarchy': opposing theme 'individualsm' does not exist — did you mean 'individualism'?") in (
        problems_of(broken)
    )


def test_opposition_must_be_mutual():
    broken = THEMES.replace("    opposing: [hierarchy]\n", "")
    assert problems_of(broken) == [
        (20, "theme 'hierarchy' opposes 'individualism' but 'individualism' does not oppose it; add it to both")
    ]


def test_description_must_have_two_to_four_sentences():
    broken = THEMES.replace("Order by choice. The third theme.", "Order by choice")
    assert problems_of(broken) == [(30, "theme 'individualism': description has 0 sentences; write two to four")]


def test_theme_defined_twice():
    broken = THEMES.replace("slug: fatalism", "slug: solidarity").replace("opposing: [fatalism]", "opposing: []")
    found = problems_of(broken)
    assert any(m == "theme 'solidarity' is defined twice (first on line 21); keep one" for _, m in found)


def test_author_without_bio():
    found = problems_of(THEMES, b"- slug: x\n  name: X\n")
    assert found == [(1, "author has no 'bio': add bio: a one-line biography")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the site's configuration, the test vocabulary and one valid essay."""
    essays = tmp_path / "essays"
    essays.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    shutil.copytree(ROOT / "includes", tmp_path / "includes")
    shutil.copy(FIXTURES / "vocabulary" / "themes.yml", essays)
    shutil.copy(FIXTURES / "vocabulary" / "authors.yml", essays)
    shutil.copy(FIXTURES / "essays" / "valid.md", essays / "first.md")
    return tmp_path


def printed(capsys) -> list[str]:
    """The problems the validator printed, once its closing line has said how many."""
    *problems, closing = capsys.readouterr().out.splitlines()
    assert closing == f"{len(problems)} problem(s) found. Fix them and run the check again."
    return problems


def test_validate_passes_on_a_valid_project(project, capsys):
    assert validate.main([], root=project) == 0
    assert capsys.readouterr().out == "ok: 1 essay(s) and both vocabularies are valid\n"


def test_validate_reports_every_problem_with_path_and_line(project, capsys):
    shutil.copy(FIXTURES / "essays" / "unknown-theme.md", project / "essays" / "second.md")
    shutil.copy(FIXTURES / "essays" / "impossible-date.md", project / "essays" / "third.md")
    assert validate.main([], root=project) == 1
    assert printed(capsys) == [
        "essays/second.md:5: unknown theme 'heirarchy' — did you mean 'hierarchy'? Themes are listed in "
        "essays/themes.yml",
        "essays/third.md:4: 'date': '2022-02-30' is not a real date written as YYYY-MM-DD",
    ]


def test_validate_prints_github_annotations_in_actions(project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    shutil.copy(FIXTURES / "essays" / "unknown-theme.md", project / "essays" / "second.md")
    assert validate.main([], root=project) == 1
    assert "::error file=essays/second.md,line=5::unknown theme 'heirarchy'" in capsys.readouterr().out


def test_duplicate_titles_are_reported(project, capsys):
    shutil.copy(FIXTURES / "essays" / "valid.md", project / "essays" / "copy.md")
    assert validate.main([], root=project) == 1
    assert printed(capsys) == [
        "essays/first.md:2: title is already used by essays/copy.md ('A valid essay'); choose a distinct title"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "My Essay.md",
            "essays/My Essay.md: not an essay: essay files are named <slug>.md with lower-case letters, digits and "
            "hyphens; rename it to essays/my-essay.md",
        ),
        (
            "notes.txt",
            "essays/notes.txt: not an essay: essay files are named <slug>.md with lower-case letters, digits and "
            "hyphens; rename it to essays/notes.md",
        ),
        (
            "image.png",
            "essays/image.png: not an essay: essay files are named <slug>.md with lower-case letters, digits and "
            "hyphens; images go in essays/images/",
        ),
        (
            "notes.docx",
            "essays/notes.docx: not an essay: essay files are named <slug>.md with lower-case letters, digits and "
            "hyphens, and essays/ holds nothing else; move or remove this file",
        ),
    ],
)
def test_stray_files_in_essays_are_reported(project, capsys, name, message):
    (project / "essays" / name).write_text("x")
    assert validate.main([], root=project) == 1
    assert message in capsys.readouterr().out.splitlines()


def test_validate_given_paths_checks_only_those(project, capsys, monkeypatch):
    shutil.copy(FIXTURES / "essays" / "unknown-theme.md", project / "essays" / "broken.md")
    monkeypatch.chdir(project)
    assert validate.main(["essays/first.md"], root=project) == 0
    assert capsys.readouterr().out == "ok: 1 essay(s) and both vocabularies are valid\n"
    assert validate.main(["essays/broken.md"], root=project) == 1
    assert capsys.readouterr().out.startswith("essays/broken.md:5: unknown theme")


def test_missing_vocabulary_is_a_message_not_a_traceback(project, capsys):
    (project / "essays" / "authors.yml").unlink()
    assert validate.main([], root=project) == 1
    assert printed(capsys) == ["essays/authors.yml: file is missing"]


def test_links_between_essays_must_resolve(project, capsys):
    text = (project / "essays" / "first.md").read_text()
    (project / "essays" / "first.md").write_text(
        text + "\nSee [the other](secnd.md) and [this](first.md#x), not `[code](none.md)`.\n"
    )
    shutil.copy(FIXTURES / "essays" / "bom-and-crlf.md", project / "essays" / "second.md")
    assert validate.main([], root=project) == 1
    assert printed(capsys) == [
        "essays/first.md:18: link to 'first.md#x': essays/first.md has no heading or note with that anchor",
        "essays/first.md:18: link to 'secnd.md': there is no essays/secnd.md — did you mean 'second'?",
    ]


def test_in_actions_every_problem_is_in_the_job_summary_and_the_log_says_how_many_are_not_annotated(
    project, capsys, monkeypatch, tmp_path
):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    bad = (FIXTURES / "essays" / "unknown-theme.md").read_text(encoding="utf-8")
    for i in range(12):
        (project / "essays" / f"bad-{i:02d}.md").write_text(bad.replace("title:", f"title: {i}", 1))
    (project / "essays" / "Stray Name.md").write_text("x")
    assert validate.main([], root=project) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith("essays/")]
    annotations = [line for line in out if line.startswith("::error ")]
    assert len(problems) == len(annotations) >= 13
    # Every annotation has a line, the file-level problem its first.
    assert all(re.match(r"::error file=[^:]+,line=[1-9]\d*::", a) for a in annotations)
    assert "::error file=essays/Stray Name.md,line=1::not an essay" in "\n".join(annotations)
    warning = [line for line in out if line.startswith("::warning::")]
    assert warning == [
        f"::warning::{len(problems)} problems: GitHub shows the first 10 on their lines, so {len(problems) - 10} "
        "more are only in this log and in the job summary (the run's Summary page)"
    ]
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| essays/")]
    assert len(rows) == len(problems)
    for problem, row in zip(problems, rows, strict=True):
        path, line, message = re.match(r"(essays/[^:]+):?(\d*): (.*)", problem).groups()
        message = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert row == f"| {path} | {line or 1} | {message.replace('|', chr(92) + '|').replace('`', chr(39))} |"


def test_in_actions_a_clean_check_says_so_in_the_job_summary(project, capsys, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert validate.main([], root=project) == 0
    assert "No problems: 1 essay(s)" in summary.read_text(encoding="utf-8")
    assert "::" not in capsys.readouterr().out


def test_the_test_steps_run_of_the_check_does_not_annotate_twice(project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("NHS_NO_ANNOTATIONS", "1")
    shutil.copy(FIXTURES / "essays" / "unknown-theme.md", project / "essays" / "second.md")
    assert validate.main([], root=project) == 1
    out = capsys.readouterr().out
    assert "essays/second.md:5: unknown theme" in out and "::error" not in out
