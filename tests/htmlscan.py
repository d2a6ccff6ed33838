"""Read the built site's HTML with the standard library: links, ids and the text of chosen elements."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Scan:
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) for a href, link href, img/script src
    ids: set[str] = field(default_factory=set)
    h1: str = ""
    by_class: dict[str, list[list[str]]] = field(default_factory=dict)  # class -> hrefs inside each element


class _Parser(HTMLParser):
    def __init__(self, watch: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.watch = watch
        self.open: list[tuple[str, list[str] | None]] = []
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.scan.ids.add(a[key])
        url = a.get("href") if tag in ("a", "link") else a.get("src") if tag in ("img", "script") else None
        if url is not None:
            self.scan.links.append((tag, url))
            if tag == "a":
                for _, bucket in self.open:
                    if bucket is not None:
                        bucket.append(url)
        if tag in ("br", "img", "link", "meta", "input", "hr", "source"):
            return
        bucket = None
        for cls in (a.get("class") or "").split():
            if cls in self.watch:
                bucket = []
                self.scan.by_class.setdefault(cls, []).append(bucket)
        self.open.append((tag, bucket))
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_h1:
            self.scan.h1 += data


@cache
def scan(path: Path, watch: tuple[str, ...] = ("essay-list", "chips", "related", "md-content")) -> Scan:
    parser = _Parser(watch)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.scan.h1 = parser.scan.h1.replace("¶", "").strip()
    return parser.scan


def page_path(site: Path, url_path: str) -> Path:
    """The file a site-relative URL path is served from."""
    url_path = url_path.lstrip("/")
    if url_path == "" or url_path.endswith("/"):
        return site / url_path / "index.html"
    return site / url_path


SITE_URL = "http://127.0.0.1:8000/"  # what the tests build with (canonical links and feeds are absolute)


def resolve(site: Path, from_file: Path, url: str) -> tuple[str, str] | None:
    """(site-relative path, fragment) of an internal URL, or None for another host, mailto and the like."""
    if url.startswith(SITE_URL):
        path, _, fragment = url[len(SITE_URL) :].partition("#")
        return path, unquote(fragment)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    base = from_file.parent.relative_to(site).as_posix()
    if not parts.path:
        return from_file.relative_to(site).as_posix(), unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if parts.path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    joined = "" if joined in (".", "./") else joined
    return joined, unquote(parts.fragment)


_AS_WRITTEN = ("pre", "code", "kbd", "textarea", "script", "style")  # whitespace is their content


class _Reader(HTMLParser):
    """A page as a browser reads it: its tags and their attributes, and its text with every run of whitespace
    as one space, except inside the elements whose whitespace is their content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.read: list[tuple] = []
        self.text = ""
        self.as_written = 0  # how deep inside such elements

    def _text(self) -> None:
        if self.text:
            self.read.append(("text", self.text if self.as_written else _spaced(self.text)))
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self._text()
        self.read.append(("<", tag, tuple((k, _spaced(v or "").strip()) for k, v in attrs)))
        if tag in _AS_WRITTEN:
            self.as_written += 1

    def handle_startendtag(self, tag, attrs):
        self._text()
        self.read.append(("<", tag, tuple((k, _spaced(v or "").strip()) for k, v in attrs)))

    def handle_endtag(self, tag):
        self._text()
        self.read.append((">", tag))
        if tag in _AS_WRITTEN and self.as_written:
            self.as_written -= 1

    def handle_data(self, data):
        self.text += data

    def handle_comment(self, data):
        self._text()
        self.read.append(("comment", data))


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def as_read(path: Path) -> list[tuple]:
    """The page at `path` as a browser reads it (`_Reader`): two pages that give the same read the same."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    reader._text()
    return reader.read
