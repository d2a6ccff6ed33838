"""An essay's text rendered to HTML once, with the site's own Markdown settings, for the check and the build.

The settings are read from `mkdocs.yml` (its `markdown_extensions`, with the three MkDocs always adds) and
the glossary from `includes/abbreviations.md`, so the HTML is what a reader gets. Rendering here, without
MkDocs, is what lets `./tasks check` judge the HTML the build publishes: the build puts this same HTML in
the essay's page instead of handing the text to MkDocs a second time (scripts/adapter/hooks.py).

MkDocs rewrites a Markdown link to a `.md` file into the page's URL; `_Links` does the same here, and
records every link and image for the check to judge (scripts/content/links.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
import posixpath
import re
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

import markdown
import yaml
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString, Registry

from scripts import CODE_ROOT
from scripts.content.addresses import href

ABBREVIATIONS_FILE = "includes/abbreviations.md"
MKDOCS_FILE = "mkdocs.yml"
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")  # mkdocs.config.defaults: always on, before the config's own


@dataclass(frozen=True)
class MarkdownSettings:
    """Python-Markdown's extensions and their settings, as MkDocs would pass them."""

    extensions: tuple[str, ...]
    configs: dict[str, dict]
    docs_dir: str = "docs"


_GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>.+)$")


def parse_glossary(abbreviations: str) -> dict[str, str]:
    """Term -> meaning, from the file's `*[TERM]: meaning` lines (Python-Markdown's abbreviation syntax)."""
    return {
        m["term"]: m["meaning"].strip()
        for line in abbreviations.splitlines()
        if (m := _GLOSSARY_LINE.match(line.strip()))
    }


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses tags of MkDocs' own (`!ENV`); their values do not concern Markdown."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_settings(root: Path, glossary: dict[str, str] | None = None) -> MarkdownSettings:
    config = yaml.load((root / MKDOCS_FILE).read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    names: list[str] = list(MKDOCS_BUILTINS)
    configs: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        configs[name] = dict(options or {})
    if glossary is not None:
        configs.setdefault("abbr", {})["glossary"] = glossary
    return MarkdownSettings(tuple(names), configs, str(config.get("docs_dir") or "docs"))


@dataclass
class Rendered:
    """An essay's text as HTML, with what the page and the check need from the rendering."""

    html: str
    toc_tokens: list[dict]
    anchors: frozenset[str]  # every id in the HTML: what a link to #anchor may name
    links: list[str] = field(default_factory=list)  # hrefs as written, in document order
    images: list[str] = field(default_factory=list)  # srcs as written
    raw_html: list[str] = field(default_factory=list)  # the raw HTML the writer typed, chunk by chunk


def target_of(page_uri: str, written: str) -> tuple[str, str] | None:
    """(source path, anchor) of a relative link as written in the page at `page_uri`; None for a link to
    another site, an absolute path or the page itself. As MkDocs resolves it, `%20` and all."""
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or written.startswith(("/", "\\")) or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), unquote(parts.path)))
    return target, parts.fragment


_LINKING = {"a": "href", "img": "src"}  # the attribute that holds where each element links to


class _Links(Treeprocessor):
    """Records each link, image and id, and writes a link to a source file as the URL of its page, as
    MkDocs' own `_RelativePathTreeprocessor` does (whether the target exists is the check's to say)."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.page_uri = ""  # the page being rendered, set by `Renderer.render`
        self.links: list[str] = []
        self.images: list[str] = []
        self.anchors: set[str] = set()

    def run(self, root: etree.Element) -> None:
        self.links, self.images, self.anchors = [], [], set()
        for element in root.iter():
            attributes = element.attrib
            if not attributes:  # most elements (paragraphs, list items, emphasis): a tenth of the time
                continue
            if attributes.get("id"):
                self.anchors.add(attributes["id"])
            key = _LINKING.get(str(element.tag))
            written = attributes.get(key) if key else None
            if written is None:
                continue
            (self.links if key == "href" else self.images).append(written)
            found = target_of(self.page_uri, written)
            if found is None or (key == "href" and not found[0].endswith(".md")):
                continue
            target, anchor = found
            element.set(key, href(self.page_uri, target) + (f"#{anchor}" if anchor else ""))  # type: ignore[arg-type]


class _LinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After every other treeprocessor (toc gives headings their ids at 5), as MkDocs registers its own.
        md.treeprocessors.register(_Links(md), "site_links", 1)


_WORD = re.compile(r"\w")


@functools.lru_cache(maxsize=32)  # one glossary, and the few essays that add terms of their own
def _terms_finder(terms: tuple[str, ...]) -> re.Pattern[str]:
    """`(?:NHS|ICS|...)\b` with the terms grouped by their first character, each group in the order given."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term[0], []).append(term[1:])
    branches = "|".join(
        re.escape(first) + "(?:" + "|".join(map(re.escape, rest)) + ")" for first, rest in groups.items()
    )
    return re.compile(f"(?:{branches})\\b")


class _Abbreviations(AbbrTreeprocessor):
    r"""Python-Markdown's `abbr`, which wraps each abbreviation in the text in `<abbr>`, making the same tree.

    With the site's glossary it was a quarter of rendering an essay of plain prose, which names an acronym in
    most sentences (plain Material, with no glossary, pays nothing for it), and most of that was its search:
    `\b(?:NHS|ICS|...)\b` tried at every position of every text. Here the terms are grouped by their first
    character, which lets the regular expression engine skip to the positions where one starts, and the `\b`
    before a term is tested by hand: a term found where it is not at a word's edge is looked for again from
    the next character, so the matches are abbr's own. The tree is walked once rather than recursively.
    """

    @staticmethod
    def _found(text: str, finder: re.Pattern[str]) -> list[re.Match[str]]:
        r"""What abbr's `\b(?:terms)\b` finds in `text`, in order (`finder`: `_terms_finder`)."""
        found, at = [], 0
        while match := finder.search(text, at):
            start = match.start()
            after_word = start > 0 and _WORD.match(text, start - 1) is not None
            if after_word != (_WORD.match(text, start) is not None):  # a word's edge
                found.append(match)
                at = match.end()
            else:
                at = start + 1
        return found

    def _wrapped(self, text: str, finder: re.Pattern[str]) -> tuple[str, list[etree.Element]]:
        """`text` up to its first abbreviation, and an `<abbr>` for each, the text after it its tail."""
        made: list[etree.Element] = []
        for match in reversed(self._found(text, finder)):
            term = match.group(0)
            if self.abbrs[term]:  # a term defined with an empty meaning is left as it is, as abbr leaves it
                made.append(self.create_element(self.abbrs[term], term, text[match.end() :]))
                text = text[: match.start()]
        return text, made[::-1]

    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return
        finder = _terms_finder(tuple(sorted(self.abbrs, key=len, reverse=True)))  # abbr's order: longest first
        for element in list(root.iter()):  # the elements before any `<abbr>` is added: their text is not text
            children = list(element)
            for index in range(len(children) - 1, -1, -1):  # from the end: an insertion moves no child before it
                tail = children[index].tail
                if tail and not isinstance(tail, AtomicString):
                    children[index].tail, made = self._wrapped(tail, finder)
                    element[index + 1 : index + 1] = made
            text = element.text
            if text and not isinstance(text, AtomicString):
                element.text, made = self._wrapped(text, finder)
                element[0:0] = made


# What each of Python-Markdown's inline patterns, block processors and preprocessors (and those of the
# extensions) cannot match without: one of these strings in the whole text (with a line break after it, so
# that a text's trailing spaces count as before one). Python-Markdown tries every one of its fifteen inline
# patterns on every run of text, and its block processors on every block, so plain prose paid for a regular
# expression on each where two or three can match: leaving out, for one text, those it holds none of the
# strings of cut a third of its rendering on each benchmark shape (the block processors a sixth). The tests
# err towards keeping one: every text and block they see is a piece of the page's text, or of it with some
# characters taken away (indentation, list markers) or with the HTML stash's placeholders (which hold
# letters, digits, `:` and the control characters STX and ETX, and only where the text had `<`), so one
# that cannot match the whole text matches none of it. One not named here always runs.
_NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "inline": {
        "backtick": ("`",),
        "escape": ("\\",),
        "footnote": ("[",),
        "reference": ("[",),
        "link": ("[",),
        "short_reference": ("[",),
        "image_link": ("![",),
        "image_reference": ("![",),
        "short_image_ref": ("![",),
        "autolink": ("<",),
        "automail": ("<",),
        "html": ("<",),
        "entity": ("&",),
        # Two spaces before a line break; a tab or a carriage return may become them as Markdown normalises it.
        "linebreak": (" \n", "\t", "\r"),
    },
    # Each tests a block (or, for footnotes, abbreviations and references, looks for its own in it) with a
    # regular expression that needs one of these; the admonition's test also continues one before it.
    "block": {
        "admonition": ("!!!",),
        "hashheader": ("#",),
        "quote": (">",),
        "table": ("|",),
        "footnote": ("[^",),
        "abbr": ("*[",),
        "reference": ("]:",),
        # pymdownx.blocks (the figure and table captions): a block opens with a fence of three slashes or more.
        "blocks": ("///",),
    },
    "pre": {"fenced_code_block": ("```", "~~~")},
    # The captions' numbering walks the whole tree (a map of every element to its parent) on every text; it and
    # pymdownx.blocks' own pass act only on a block's figure, so a text with no block fence needs neither.
    "tree": {"blocks_on_inline_end": ("///",), "caption-auto": ("///",)},
}


class Renderer:
    """One Python-Markdown with the site's settings, reset between essays: setting up its extensions took
    a sixth of an essay's rendering, which MkDocs, making one for every page, pays on every page. Each text
    is parsed with only the inline patterns, block processors and preprocessors that can match it (`_NEEDS`)."""

    def __init__(self, settings: MarkdownSettings):
        self._settings = settings
        self._set_up()

    def _set_up(self) -> None:
        self._md = markdown.Markdown(
            extensions=[*self._settings.extensions, _LinksExtension()], extension_configs=self._settings.configs
        )
        trees = self._md.treeprocessors
        if "abbr" in trees and type(trees["abbr"]) is AbbrTreeprocessor:  # abbr's, at the priority abbr gives it
            trees.register(_Abbreviations(self._md, trees["abbr"].abbrs), "abbr", 7)  # type: ignore[attr-defined]
        links = self._md.treeprocessors["site_links"]
        inline = self._md.treeprocessors["inline"]
        assert isinstance(links, _Links) and isinstance(inline, InlineProcessor)
        self._links = links
        # The registries the tests choose from: where each is read from, and where the text is parsed with it.
        self._registries: dict[str, tuple[Registry, Callable[[Registry], None]]] = {
            "inline": (self._md.inlinePatterns, lambda some: setattr(inline, "inlinePatterns", some)),
            "block": (self._md.parser.blockprocessors, lambda some: setattr(self._md.parser, "blockprocessors", some)),
            "pre": (self._md.preprocessors, lambda some: setattr(self._md, "preprocessors", some)),
            "tree": (self._md.treeprocessors, lambda some: setattr(self._md, "treeprocessors", some)),
        }
        self._needs = {kind: dict(needs) for kind, needs in _NEEDS.items()}
        delimiters = self._md.delimiters  # emphasis: `*` and `_`, or whatever tokens an extension added
        if delimiters is not None:
            self._needs["inline"]["em_strong"] = tuple(delimiters.tokens)
        self._some: dict[tuple[str, frozenset[str]], Registry] = {}  # by kind and the names left out

    def _registry_for(self, kind: str, body: str) -> Registry:
        """The processors of `kind` that can match `body`, in Python-Markdown's order (a registry less some)."""
        every, text = self._registries[kind][0], body + "\n"  # a trailing space counts as before a line break
        left_out = frozenset(
            name for name, needs in self._needs[kind].items() if name in every and not any(n in text for n in needs)
        )
        if (kind, left_out) not in self._some:
            some = every[:]
            for name in left_out:
                some.deregister(name)
            self._some[kind, left_out] = some
        return self._some[kind, left_out]

    def render(self, body: str, page_uri: str) -> Rendered:
        """The HTML of `body`, the text of the page at `page_uri` (such as 'essays/x.md')."""
        md = self._md.reset()
        self._links.page_uri = page_uri
        for kind, (_, use) in self._registries.items():
            use(self._registry_for(kind, body))
        try:
            html = md.convert(body)
        except BaseException:
            # A text Markdown gave up on (a RecursionError deep in nested lists) leaves its parser's state
            # half-way, which `reset` does not clear: the next text would come out wrong.
            self._set_up()
            raise
        # What the writer typed as HTML, before Markdown placed it: the check holds it to the short list of raw tags.
        raw = [str(chunk) for chunk in md.htmlStash.rawHtmlBlocks]
        processor = self._links
        anchors = processor.anchors | {a for chunk in raw for a in _RAW_ID.findall(chunk)}
        return Rendered(
            html, list(getattr(md, "toc_tokens", [])), frozenset(anchors), processor.links, processor.images, raw
        )


def render(body: str, settings: MarkdownSettings, page_uri: str) -> Rendered:
    """The HTML of one text, with a renderer of its own (`Renderer` renders many)."""
    return Renderer(settings).render(body, page_uri)


class SecondRenderer:
    """A process of its own that renders a share of the texts while this one renders the rest.

    Rendering is most of a build's own work before MkDocs starts on the pages, and the second core was idle
    through it. The process is made before the texts are known, so that it is ready by then, and renders with
    the same settings, so its HTML is what this process would make. It is a fork of this one where this one
    has no other thread (a build: the search index's thread starts after the check), which saves a fresh
    interpreter's start and imports, a sixteenth of its work on 500 prose essays; the fork is made before the
    essays are read and ends once it has rendered, so the memory it shares is MkDocs' alone, for that while. Where
    there are other threads (under `mkdocs serve`), whose locks a fork could inherit held, or no fork, it is
    `python -m scripts.content.rendering`, a fresh interpreter. A text it cannot render comes back as None,
    and this process renders it again, so that its error is reported as any other
    (`scripts.content.check.render_essay`); if the process ends early, every text does.
    """

    def __init__(self, settings: MarkdownSettings):
        self._count = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._forked: int | None = None  # the fork's process id
        if hasattr(os, "fork") and threading.active_count() == 1:
            self._forked, self._texts, self._made = _fork(settings)
        else:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "scripts.content.rendering"],
                cwd=CODE_ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            assert self._process.stdin is not None and self._process.stdout is not None
            self._texts, self._made = self._process.stdin, self._process.stdout
            self._send(settings)

    def start(self, texts: list[tuple[str, str]]) -> None:
        """Begin rendering `texts`, each (text, its page's source path); `results` gives them."""
        self._count = len(texts)
        self._send(texts)
        with contextlib.suppress(OSError):  # it ended, or was ended, with the texts still buffered
            self._texts.close()

    def results(self) -> list[Rendered | None]:
        """The renderings of the texts given to `start`, in order; None for those it could not render."""
        try:
            made = pickle.load(self._made)
        except (EOFError, pickle.UnpicklingError, OSError, ValueError):  # it ended early, or was ended
            made = []
        return made if len(made) == self._count else [None] * self._count

    def close(self) -> None:
        """End the process: after `results` it has nothing left to do, and the check may stop before then."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            with self._process:  # closes the pipes and waits
                pass
        elif self._forked is not None:
            os.kill(self._forked, signal.SIGKILL)  # it may have ended: it is not waited for until the next line
            os.waitpid(self._forked, 0)
            self._forked = None
            for pipe in (self._texts, self._made):
                with contextlib.suppress(OSError):
                    pipe.close()

    def _send(self, value: object) -> None:
        try:
            pickle.dump(value, self._texts)
            self._texts.flush()
        except (OSError, ValueError):
            pass  # it ended, or was ended: `results` then gives None for every text


def _fork(settings: MarkdownSettings) -> tuple[int, BinaryIO, BinaryIO]:
    """A fork of this process that renders the texts that come down the first pipe (`SecondRenderer`); its
    process id, the pipe the texts go down and the one the renderings come up."""
    texts_out, texts_in = os.pipe()
    made_out, made_in = os.pipe()
    gc.freeze()  # so that the fork's collector leaves alone the objects it shares with this process
    pid = os.fork()
    if pid == 0:  # the fork: it renders, and leaves without running this process's exit handlers
        try:
            os.close(texts_in)
            os.close(made_out)
            with open(texts_out, "rb") as calls, open(made_in, "wb") as answers:
                _render_all(Renderer(settings), calls, answers)
        finally:
            os._exit(0)
    gc.unfreeze()
    os.close(texts_out)
    os.close(made_in)
    return pid, open(texts_in, "wb"), open(made_out, "rb")


def _render_all(renderer: Renderer, calls: BinaryIO, answers: BinaryIO) -> None:
    """The second renderer's work: the texts from `calls`, their renderings (None where one failed) to `answers`."""
    made: list[Rendered | None] = []
    for body, page_uri in pickle.load(calls):
        try:
            made.append(renderer.render(body, page_uri))
        except Exception:  # rendered again by the build, which reports it
            made.append(None)
    pickle.dump(made, answers)
    answers.flush()


def _serve() -> None:
    """The second renderer as a fresh interpreter: settings, then the texts, on stdin; renderings on stdout."""
    _render_all(Renderer(pickle.load(sys.stdin.buffer)), sys.stdin.buffer, sys.stdout.buffer)


_RAW_ID = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""")


if __name__ == "__main__":
    # Run from the module by its name, not as __main__: the renderings it sends are unpickled as its classes.
    from scripts.content import rendering

    rendering._serve()
