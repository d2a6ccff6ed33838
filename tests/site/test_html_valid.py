"""Every page of the built site is valid HTML, as the W3C Nu Html Checker (vnu.jar) judges it.

`./tasks test` installs the checker pinned from npm (the `vnu-jar` package, into .venv/nu/) and Debian's Java.
Every error fails the test but those in `KNOWN`, each named with why it is left: markup the site does not write
and cannot change without copying a template of Material's whole.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT

NU_JAR = ROOT / ".venv" / "nu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Every message left out, and why. Each must still be met, so the list never outlives its reason.
KNOWN: list[tuple[str, str]] = [
    (
        r"^Attribute “autocomplete” is only allowed when the input type is ",
        "Material's base.html gives its two hidden drawer and search toggles (`type=checkbox`) autocomplete=off, "
        "so that Firefox does not restore them checked on reload; the site has no template of base.html's body "
        "to change it in, and the attribute does nothing wrong in any browser.",
    ),
]


def nu_errors(pages: list[Path]) -> list[dict]:
    """The checker's errors over the given pages: each a dict with `url`, `message`, `extract`."""
    assert NU_JAR.is_file(), f"{NU_JAR} is missing: `./tasks test` installs it (npm vnu-jar, pinned)"
    result = subprocess.run(
        ["java", "-jar", str(NU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: errors found; anything else: the checker failed
    return [m for m in json.loads(result.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


def test_the_checker_finds_an_error_where_there_is_one(tmp_path):
    """The test below could fail: the checker, as the suite runs it, reports the errors the issue named."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><label for="nothing">x</label>'
        "<figure><svg></svg><figcaption>c</figcaption><details><summary>s</summary></details></figure></body></html>",
        encoding="utf-8",
    )
    messages = [m["message"] for m in nu_errors([page])]
    assert any("“for” attribute of the “label” element" in m for m in messages), messages
    assert any("not allowed as child of element “figure”" in m for m in messages), messages


def unexplained(site: Path) -> tuple[list[str], dict[str, int], int, int]:
    """The checker's errors on every page of the built `site` that `KNOWN` does not explain ('page:line: message'),
    how many each known message was met, and how many pages and errors there were."""
    pages = sorted(site.rglob("*.html"))
    errors = nu_errors(pages)
    met = {pattern: 0 for pattern, _ in KNOWN}
    left = []
    for message in errors:
        pattern = next((p for p, _ in KNOWN if re.search(p, message["message"])), None)
        if pattern is None:
            page = Path(message.get("url", "").removeprefix("file:")).relative_to(site)
            left.append(f"{page}:{message.get('lastLine')}: {message['message']}")
        else:
            met[pattern] += 1
    return left, met, len(pages), len(errors)


def test_every_page_is_valid_html(built_site):
    left, met, pages, errors = unexplained(built_site)
    print(f"\nNu Html Checker over {pages} pages: {errors} errors, {errors - len(left)} of them known")
    assert pages > 50
    assert left == []
    assert [p for p, n in met.items() if n == 0] == [], "known messages no longer met: take them off KNOWN"


def test_every_construct_a_writer_may_use_is_valid_html(showcase_site):
    """An essay with each kind of notice, numbered figures and tables, code and footnotes (conftest.SHOWCASE)."""
    assert (showcase_site / "essays" / "every-construct" / "index.html").is_file()
    left, _, _, _ = unexplained(showcase_site)
    assert left == []
