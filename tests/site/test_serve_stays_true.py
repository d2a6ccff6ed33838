"""Under `./tasks serve`, nothing outlives its source: after each edit of a seeded sequence (essays, the glossary,
the themes, images, an editor's own files, a broken link in a hand-written page), the folder the server serves
holds what a server started afresh on the same files builds: the same files, the same pages, the same feeds and
a search index that finds the same pages for every word."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import time
from pathlib import Path

from conftest import make_project
from test_serve import ESSAY, Served, _start

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
_PORT = re.compile(rb"127\.0\.0\.1:(\d+)")
_LIVE_RELOAD = re.compile(rb"livereload\(\d+, \d+\)")


def now() -> int:
    """The clock of MkDocs' live-reload epochs (the system's monotonic clock, in milliseconds): a build whose
    epoch is later began after every edit made before this, and so read them all."""
    return round(time.monotonic() * 1000)


def site_folder(server: Served) -> Path:
    (site,) = server._tmp.glob("mkdocs_*")
    return site


def normalised(path: Path) -> bytes:
    """A file as it would read from any server: the port and the live-reload epochs taken out."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return _LIVE_RELOAD.sub(b"livereload()", _PORT.sub(b"HOST", data))


def search_index(site: Path) -> dict[str, object]:
    """What the index says, whatever its numbering: for each word, the URLs of its pages; each page's text."""
    folder = site / "search-index"
    texts: list[dict | None] = []
    rests: list[list | None] = []
    for path in sorted(folder.glob("pages/*.json"), key=lambda p: int(p.stem)):
        texts += json.loads(path.read_text(encoding="utf-8"))
        rests += json.loads((folder / "rest" / path.name).read_text(encoding="utf-8"))
    urls = [t["url"] if t else None for t in texts]
    # Under serve the site's address is the server's, which a page may print (the Data page's citation).
    port = _PORT.search((site / "sitemap.xml").read_bytes())
    found: dict[str, list] = {}
    for path in folder.glob("words/*.json"):
        for word, flat in json.loads(path.read_text(encoding="utf-8")).items():
            if word == "=" or (port and word.encode() == port.group(1)):
                continue
            numbers, number = [], 0
            for gap in flat[0::3]:
                number += gap
                numbers.append(urls[number])
            found[word] = sorted(numbers)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    named = {name: urls[n] for name, n in manifest["named"].items()}
    themes = json.loads((folder / "themes.json").read_text(encoding="utf-8"))
    return {
        "words": found,
        # Each page's URL, title and whole text; not which passages it keeps for a first search, which are
        # chosen by the words' rarity among the pages added so far (scripts/search/index.py), so by the order
        # pages came in.
        "texts": sorted(
            (t["url"], t["title"], [_PORT.sub(b"HOST", text.encode()) for _, text in sorted(t["parts"] + rest)])
            for t, rest in zip(texts, rests, strict=True)
            if t
        ),
        "named": named,
        "themes": {slug: [urls[n] for n in numbers] for slug, numbers in themes.items()},
        "pages": manifest["pages"],
    }


def differences(served: Path, fresh: Path) -> list[str]:
    def files(folder: Path) -> set[str]:
        return {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("search-index/")
        }

    mine, theirs = files(served), files(fresh)
    found = [f"only in the served folder: {p}" for p in sorted(mine - theirs)]
    found += [f"missing from the served folder: {p}" for p in sorted(theirs - mine)]
    found += [f"differs: {p}" for p in sorted(mine & theirs) if normalised(served / p) != normalised(fresh / p)]
    mine_index, their_index = search_index(served), search_index(fresh)
    for key, value in mine_index.items():
        if value != their_index[key]:
            if isinstance(value, dict):
                words = sorted(
                    w for w in value.keys() | their_index[key].keys() if value.get(w) != their_index[key].get(w)
                )
                found.append(
                    f"the search index's {key} differ: {[(w, value.get(w), their_index[key].get(w)) for w in words[:3]]}"
                )
            else:
                found.append(f"the search index's {key} differ: {value!r:.300} against {their_index[key]!r:.300}")
    return found


def fresh_folder(project: Path, tmp: Path) -> tuple[Served, Path]:
    tmp.mkdir()
    fresh = _start(project, tmp)
    return fresh, site_folder(fresh)


class Edits:
    """The edits a writer and an editor make, each leaving the project valid or showing its problems."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.essays = project / "essays"

    def write(self, path: Path, text: str) -> None:
        aside = path.with_name(path.name + ".aside~")  # an editor's own file name: the server passes it by
        aside.write_text(text, encoding="utf-8")
        os.replace(aside, path)

    def replace(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        self.write(path, text.replace(old, new))

    def edit_body(self, rng: random.Random) -> str:
        n = rng.randrange(3)
        self.replace(self.essays / f"essay-{n}.md", f"Body {n}", f"Body {n} with ombudsmanship{rng.randrange(99)}")
        return f"essays/essay-{n}/"

    def add_essay(self, rng: random.Random) -> str:
        n = rng.randrange(100, 999)
        body = "A new essay about the CCG and palimpsests."
        self.write(self.essays / f"new-{n}.md", ESSAY.format(title=f"New {n}", day=9, themes="hierarchy", body=body))
        return f"essays/new-{n}/"

    def remove_essay(self, rng: random.Random) -> str:
        (self.essays / "essay-4.md").unlink(missing_ok=True)
        return ""

    def glossary_entry(self, rng: random.Random) -> str:
        glossary = self.project / "includes" / "abbreviations.md"
        text = glossary.read_text(encoding="utf-8")
        entry = "*[PALM]: Palimpsest Authority for Local Medicine\n"
        self.write(glossary, text.replace(entry, "") if entry in text else text + entry)
        return ""

    def remove_unused_theme(self, rng: random.Random) -> str:
        themes = self.essays / "themes.yml"
        text = themes.read_text(encoding="utf-8")
        start = text.index("  - slug: fatalism")
        end = text.index("  - slug:", start + 1)
        self.write(themes, (text[:start] + text[end:]).replace("opposing: [fatalism]", "opposing: []"))
        return ""

    def break_and_mend_themes(self, rng: random.Random) -> str:
        themes = self.essays / "themes.yml"
        self.replace(themes, "themes:\n", "themes: [\n")
        return "broken"

    def mend_themes(self) -> None:
        self.replace(self.essays / "themes.yml", "themes: [\n", "themes:\n")

    def add_image(self, rng: random.Random) -> str:
        (self.essays / "images").mkdir(exist_ok=True)
        (self.essays / "images" / "chart.png").write_bytes(PNG)
        self.replace(self.essays / "essay-1.md", "Body 1", "Body 1 ![a chart](images/chart.png)")
        return "essays/images/chart.png"

    def remove_image(self, rng: random.Random) -> str:
        path = self.essays / "essay-1.md"
        if "![a chart](images/chart.png)" in path.read_text(encoding="utf-8"):
            self.replace(path, " ![a chart](images/chart.png)", "")
        (self.essays / "images" / "chart.png").unlink(missing_ok=True)
        return ""

    def editors_files(self, rng: random.Random) -> str:
        (self.essays / ".essay-2.md.swp").write_bytes(b"\x00swap")
        (self.essays / "essay-2.md~").write_text("backup", encoding="utf-8")
        lock = self.essays / ".#essay-2.md"
        if not lock.is_symlink():
            lock.symlink_to("user@host.1234:1700000000")  # Emacs's lock: a link to nowhere
        self.replace(self.essays / "essay-2.md", "Body 2", "Body 2, edited in an editor")
        return "essays/essay-2/"


def test_a_seeded_sequence_of_edits_leaves_what_a_fresh_server_builds(tmp_path):
    essays = {
        f"essay-{i}.md": ESSAY.format(title=f"Essay {i}", day=i + 1, themes="power, love", body=f"Body {i}.")
        for i in range(5)
    }
    essays["other.md"] = ESSAY.format(
        title="Other", day=20, themes="hierarchy, solidarity", body="About the CCG and the PALM."
    )
    project = make_project(tmp_path / "p", essays)
    edits = Edits(project)
    rng = random.Random(28)
    steps = [
        edits.edit_body,
        edits.add_essay,
        edits.glossary_entry,
        edits.add_image,
        edits.editors_files,
        edits.remove_unused_theme,
        edits.remove_image,
        edits.remove_essay,
        edits.glossary_entry,
        edits.break_and_mend_themes,
        edits.edit_body,
    ]
    rng.shuffle(steps)
    (tmp_path / "served").mkdir()
    server = _start(project, tmp_path / "served")
    try:
        for number, step in enumerate(steps):
            changed = step(rng)
            if changed == "broken":
                # Every theme's feed goes with the themes, and the preview keeps answering, with the problem.
                server.wait_for_rebuild(now())
                assert "problem(s) in the essays" in server.get("")[1]
                assert not list(site_folder(server).glob("themes/*/feed.xml")), "a theme's feed outlived its theme"
                edits.mend_themes()
            server.wait_for_rebuild(now())
            if changed.endswith("/") and changed.startswith("essays/"):
                server.wait_for(lambda c=changed: server.get(c)[0] == 200, f"{changed} to be served")
            home = server.get("")[1]
            assert "problem(s) in the essays" not in home, (step.__name__, home)
            fresh, folder = fresh_folder(project, tmp_path / f"fresh-{number}")
            try:
                assert differences(site_folder(server), folder) == [], f"after step {number}, {step.__name__}"
            finally:
                fresh.stop()
    finally:
        server.stop()


def test_a_broken_link_in_a_hand_written_page_shows_as_a_problem_not_a_hang(tmp_path):
    project = make_project(
        tmp_path / "p", {"essay-0.md": ESSAY.format(title="Essay 0", day=1, themes="power", body="Body 0.")}
    )
    (tmp_path / "served").mkdir()
    server = _start(project, tmp_path / "served")
    try:
        about = project / "docs" / "about.md"
        text = about.read_text(encoding="utf-8")
        Edits(project).write(about, text + "\n\nSee [the plan](no-such-page.md).\n")
        server.wait_for_rebuild(now())  # the build went through: the server answers at once
        page = server.get("about/")[1]
        assert "docs/about.md has 1 problem(s): the published build would stop here" in page
        assert "no-such-page.md" in page
        assert server.get("essays/essay-0/")[0] == 200
        Edits(project).write(about, text)
        server.wait_for_rebuild(now())
        assert "the published build would stop here" not in server.get("about/")[1]
    finally:
        server.stop()


def test_the_preview_prints_one_line_per_rebuild_and_every_problem_in_full(tmp_path):
    """As `./tasks serve` runs it (no -v): MkDocs' news of each rebuild, and its line for each page outside the
    navigation, give way to one line; a problem is printed whole, with its file and line."""
    project = make_project(
        tmp_path / "p",
        {
            f"essay-{i}.md": ESSAY.format(title=f"Essay {i}", day=i + 1, themes="power", body=f"Body {i}.")
            for i in range(3)
        },
    )
    (tmp_path / "served").mkdir()
    server = _start(project, tmp_path / "served", verbose=False)
    try:
        edits = Edits(project)
        edits.replace(
            project / "essays" / "essay-1.md", "Body 1.", 'Body 1.\n\n<iframe src="https://v.example/"></iframe>'
        )
        server.wait_for_rebuild(now())
        edits.replace(project / "essays" / "essay-1.md", "<iframe", "<p")
        server.wait_for_rebuild(now())
    finally:
        server.stop()
    lines = [line for line in server._log.read_text(encoding="utf-8").splitlines() if line.strip()]
    built = [
        line for line in lines if re.fullmatch(r"\d\d:\d\d:\d\d built: \d+ generated page\(s\) made again; .*", line)
    ]
    problems = [line for line in lines if line.startswith("PROBLEM  -  ")]
    assert len(built) >= 3  # the first build and one for each edit (an edit may take two)
    assert "essays/essay-1.md:11: <iframe> is not allowed in essays; an essay cannot embed" in "\n".join(problems)
    others = [line for line in lines if line not in built and line not in problems]
    assert [line for line in others if "Serving on http://127.0.0.1:" not in line] == [], others
