"""From a file's bytes to its front-matter (as located YAML) and its body.

Decoding rules are the same for essays and vocabularies: UTF-8 only, a
byte-order mark and CRLF line endings are accepted (editors on Windows write
them), NUL bytes are not, and a file over `MAX_BYTES` is refused before
YAML sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scripts.content.problems import Problem, first_unreadable, unreadable_character
from scripts.content.yamltree import Node, YamlError, parse

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Split:
    meta: Node | None  # None when the YAML cannot be read: the body is still there to judge
    body: str
    body_line: int


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """The file's text with LF line endings and no BOM, or the problems that stop us reading it."""
    if len(data) > MAX_BYTES:
        return None, [Problem(path, 0, f"file is {len(data):,} bytes, over the limit of {MAX_BYTES:,}; split it up")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:2]):
        return None, [
            Problem(
                path, 1, "file is saved as UTF-16; save it again as UTF-8 (in the editor's 'Save as' or encoding menu)"
            )
        ]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(path, line, "file contains a NUL byte; save it again as plain UTF-8 text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [
            Problem(path, line, f"file is not valid UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8 text")
        ]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = first_unreadable(text)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        what = unreadable_character(text[bad])
        return None, [Problem(path, line, f"this line holds {what}, which cannot be published; delete it")]
    return text, []


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    try:
        return parse(text, first_line), []
    except YamlError as err:
        return None, [Problem(path, err.line, err.message)]


def split(path: str, text: str) -> tuple[Split | None, list[Problem]]:
    """Separate the `---` fenced front-matter from the Markdown body. The body is kept when the front-matter
    has problems (the whole file when there is none), so the check can still judge the text; None only when
    the front-matter is never closed, and where the text starts cannot be known."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, text, 1), [
            Problem(path, 1, "no front-matter: the file must start with a line '---', then the fields, then '---'")
        ]
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            meta, problems = parse_yaml(path, "\n".join(lines[1:i]), first_line=2)
            return Split(meta, "\n".join(lines[i + 1 :]), i + 2), problems
    return None, [
        Problem(path, 1, "front-matter is never closed: add a line '---' after the last field, before the essay's text")
    ]
