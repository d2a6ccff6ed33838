"""`./tasks diff`: what a change does to the site, on a project and a git history the test makes."""

from __future__ import annotations

import subprocess

from conftest import make_project

from scripts.commands import site_diff

ESSAY = """---
title: "{title}"
author: {author}
date: {date}
themes: [{themes}]
summary: "About {title}."
sources:
  - title: "A post"
    author: {commentator}
    publisher: A blog
    published: 2011-03
---

Text about {title}, with [a link](first.md).
"""


def essay(title: str, themes: str, date: str, author: str = "The Editors", commentator: str = "Paul Corrigan") -> str:
    return ESSAY.format(title=title, themes=themes, date=date, author=author, commentator=commentator)


def git(project, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_the_report_names_the_pages_links_and_counts_a_new_essay_moves(tmp_path, capsys):
    project = make_project(
        tmp_path / "project",
        {
            "first.md": essay("First", "hierarchy, solidarity", "2026-01-01"),
            "second.md": essay("Second", "hierarchy, power", "2026-01-02"),
        },
    )
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    (project / "essays" / "third.md").write_text(
        essay("Third", "hierarchy, solidarity, individualism", "2026-02-01", "Ann Other", "Ann Commentator"),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    assert site_diff.main(["main", "--summary", str(summary), "--site-dir", str(tmp_path / "site")], root=project) == 0
    text = capsys.readouterr().out
    assert text.strip() == summary.read_text(encoding="utf-8").strip()
    assert (tmp_path / "site" / "essays" / "third" / "index.html").is_file()  # the preview to upload
    pages_added = text.split("- Added: ", 1)[1].split("\n", 1)[0]
    assert "`essays/third/index.html`" in pages_added and "`essays/first/index.html`" not in pages_added
    assert "- Added: **Third** (`essays/third.md`)" in text
    assert "- *First*: its related essays now include *Third*" in text
    # Individualism opposes hierarchy in the test vocabulary: Third is now the other side of Second.
    assert "- *Second*: its \"the other side\" now include *Third*" in text
    assert "- theme *Individualism*: 0 → 1 essay(s)" in text
    assert "- theme *Hierarchy*: 2 → 3 essay(s)" in text
    assert "- commentator *Ann Commentator*: 0 → 1 essay(s)" in text
    assert "- author *Ann Other*: 0 → 1 essay(s)" in text
    assert "theme *Power*" not in text  # a count that does not move is not reported
    changed = text.split("- Changed: ", 1)[1].split("\n", 1)[0]
    assert "`essays/first/index.html`" in changed and "`themes/hierarchy/index.html`" in changed


def test_compare_pages_sorts_added_removed_and_changed():
    base = {"a.html": b"1", "b.html": b"2", "c.html": b"3"}
    head = {"a.html": b"1", "b.html": b"two", "d.html": b"4"}
    assert site_diff.compare_pages(base, head) == site_diff.PageChanges(("d.html",), ("c.html",), ("b.html",))
