"""What HTML an essay may contain, checked on its rendered HTML.

Essays arrive from anyone on the internet, so the check runs on the HTML that
Markdown produced, not on the Markdown: whatever way a writer spells a tag or
a link (raw HTML, a Markdown link, a reference link, mixed case, character
entities, attributes added with `{: ...}`), it is judged as the browser will
see it. Everything outside a small allow-list is a `Problem`:

- tags: what Markdown itself writes (paragraphs, headings from <h2>, lists,
  links, images, tables, footnotes, admonitions, abbreviations, the numbered
  figures and tables of pymdownx.blocks.caption) plus the raw HTML a writer may
  use, `RAW_HTML_ALLOWED`;
- raw HTML (what the writer typed as HTML rather than Markdown) holds only
  `RAW_HTML_ALLOWED`: Markdown's own tags are written in Markdown;
- attributes: a short list per tag, never an event handler (`on...`) and never
  `style` (except the column alignment Markdown tables write); a `class` only
  of those the site's Markdown extensions write, and no `id` of the site's own
  (Material's `__` ids, `md-`, the ids of the page around the essay), so that
  an essay cannot dress its text as the site's header or take its anchors;
- links: http, https, mailto or a relative path; never javascript:, vbscript:
  or data:, however written;
- images: a relative path inside the repository only; an external image could
  be a tracking pixel.

Rendered HTML has no source lines: a problem is reported at the essay's first
body line, or, when the Markdown body is given, at the first body line that
holds the offending text.

Usage: `check_html("essays/x.md", html, essay.body_line, body=essay.body)`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

from markdown.extensions.toc import slugify

from scripts.content.problems import Problem, shown

# The raw HTML a writer may type in an essay.
RAW_HTML_ALLOWED = ("abbr", "sup", "sub", "br", "kbd", "mark")
ALLOWED_HINT = f"allowed HTML: {', '.join(RAW_HTML_ALLOWED)}"

# Every tag Markdown and the site's extensions write (footnotes, admonitions, abbreviations, tables).
MARKDOWN_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre")
MARKDOWN_TAGS += ("hr", "table", "thead", "tbody", "tr", "th", "td", "img", "div", "section", "span")
MARKDOWN_TAGS += ("figure", "figcaption")  # pymdownx.blocks.caption: `/// figure-caption`, `/// table-caption`
ALLOWED_TAGS = frozenset(MARKDOWN_TAGS + RAW_HTML_ALLOWED)

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})

# The classes the site's Markdown extensions write: admonitions of Material's types (`!!! note`), footnotes,
# the headings' permalinks, a code block's language.
ADMONITION_TYPES = frozenset(
    [
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
    ]
)
# What embeds another site's player or page: a link to it serves the reader (and makes no request to that site).
EMBEDS = frozenset({"iframe", "embed", "object", "video", "audio"})
EMBED_FIX = (
    "an essay cannot embed another site's player or page; link to it instead: "
    "[what it shows](https://the-address-of-the-video-or-page)"
)
EXTENSION_CLASSES = frozenset({"admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref"})
EXTENSION_CLASSES |= {"headerlink", "caption-prefix"} | ADMONITION_TYPES
# The ids pymdownx.blocks.caption gives a numbered figure or table ("__figure-caption_2", "__table-caption_1_3"):
# Material's ids begin with "__" too, but none of them so.
CAPTION_ID = re.compile(r"__(?:figure|table)-caption(?:_[1-9][0-9]*)+")
# The ids of the page around an essay's text: Material's begin with "__" (tests/unit/content/test_html_policy.py checks
# that the templates have no other) and the site's header's; the sections the site adds after the text are
# `check_anchors`'s, which names the heading that takes one.
SITE_IDS = frozenset({"site-search-query"})
CLASS_HINT = "the site's stylesheet sets the look; remove it (an admonition is written `!!! note`)"
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "th": frozenset({"align", "colspan", "rowspan"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
}
# Markdown tables align columns with a style attribute; that one is allowed.
TABLE_ALIGN_STYLE = re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*", re.IGNORECASE)

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data"})
SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)

LINK_FIX = "link to an https:// address or to another essay's .md file"
IMAGE_FIX = "put the image in the repository and use its relative path"

SHOWN_MAX = 60  # characters of a URL or tag quoted in a message


def _shown(text: str) -> str:
    """Text fit to quote in a one-line message: control characters escaped, long values cut."""
    text = shown(text)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def id_problem(value: str) -> str:
    """Why an essay may not give an element this id, or ''."""
    if (value.startswith(("__", "md-")) and not CAPTION_ID.fullmatch(value)) or value in SITE_IDS:
        return f"the id '{_shown(value)}' is the site's own; choose another (or rename the heading that makes it)"
    return ""


def class_problem(value: str) -> str:
    """Why an essay may not give an element this class attribute, or ''."""
    bad = [c for c in value.split() if c not in EXTENSION_CLASSES and not re.fullmatch(r"language-[\w+#.-]+", c)]
    return f"the class '{_shown(' '.join(bad))}' is not one an essay may use; {CLASS_HINT}" if bad else ""


def normalise_url(url: str) -> str:
    """The URL with every space and control or format character removed, as a scheme check needs.

    Browsers drop tabs and newlines anywhere in a URL and spaces and control
    characters around it, so `java&#9;script:` is still javascript:. Removing
    more than a browser does can only make the check stricter.
    """
    return "".join(c for c in url if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf")))


def url_scheme(url: str) -> str | None:
    """The lower-case scheme of `url` (`javascript` for `JaVaScRiPt:...`), or None for a relative URL."""
    match = SCHEME_RE.match(normalise_url(url))
    return match.group(1).lower() if match else None


def _network_path(url: str) -> bool:
    """`//host/...` (browsers read a backslash as a slash here): another site, not a path."""
    return normalise_url(url)[:2].replace("\\", "/") == "//"


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Each problem with what to look for in the Markdown to find its line: (text, which occurrence).
        self.found: list[tuple[str, list[tuple[str, int]]]] = []
        self._seen: dict[str, int] = {}  # how often each text has been looked for, counted once per element
        self._element: dict[str, int] = {}

    def _report(self, message: str, *needles: str) -> None:
        located = []
        for text in needles:
            if not text:
                continue
            key = text.lower()
            if key not in self._element:
                self._element[key] = self._seen.get(key, 0)
                self._seen[key] = self._element[key] + 1
            located.append((text, self._element[key]))
        self.found.append((message, located))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element = {}
        raw = self.get_starttag_text() or f"<{tag}"
        if tag == "h1":
            self._report(
                "<h1> is not allowed in essays: the title is the page's only top-level heading; "
                "start sections with ## (<h2>)",
                raw,
                "\n# ",
            )
        elif tag not in ALLOWED_TAGS:  # its attributes go with it
            instead = EMBED_FIX if tag in EMBEDS else f"remove it ({ALLOWED_HINT})"
            self._report(f"<{tag}> is not allowed in essays; {instead}", raw, f"<{tag}")
            return
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._report(
                    f"the {name} attribute on <{tag}> is not allowed in essays: event handlers run scripts; remove it",
                    raw,
                    f"{name}=",
                    name,
                )
            elif name == "style":
                if tag in ("th", "td") and TABLE_ALIGN_STYLE.fullmatch(value):
                    continue
                self._report(
                    f"the style attribute on <{tag}> is not allowed in essays: the site's stylesheet sets the look; "
                    "remove it",
                    raw,
                    "style=",
                )
            elif name not in allowed and not name.startswith("aria-"):
                self._report(
                    f"the {name} attribute on <{tag}> is not allowed in essays; remove it "
                    f"(allowed on <{tag}>: {', '.join(sorted(allowed))})",
                    raw,
                    f"{name}=",
                    name,
                )
            elif name == "id" and id_problem(value):
                self._report(f"on <{tag}>, {id_problem(value)}", f"#{value}", f'id="{value}"', raw)
            elif name == "class" and class_problem(value):
                self._report(f"on <{tag}>, {class_problem(value)}", f".{value.split()[0]}", raw)
            elif tag == "a" and name == "href":
                self._check_link(value, raw)
            elif tag == "img" and name == "src":
                self._check_image(value, raw)
        if tag == "img" and not any(name == "src" and value for name, value in attrs):
            self._report("image without a source; give the path of an image file in the repository", raw, "![")

    def _check_link(self, url: str, raw: str) -> None:
        scheme = url_scheme(url)
        if scheme is None or scheme in LINK_SCHEMES:
            return
        if scheme in DANGEROUS_SCHEMES:
            self._report(
                f"link to '{_shown(url)}' uses a {scheme}: URL, which is not allowed in essays; {LINK_FIX}", url, raw
            )
        else:
            self._report(
                f"link to '{_shown(url)}' uses the {scheme}: scheme, which is not allowed in essays; "
                "link to an https:// or http:// address, a mailto: address or another essay's .md file",
                url,
                raw,
            )

    def _check_image(self, src: str, raw: str) -> None:
        scheme = url_scheme(src)
        if scheme in DANGEROUS_SCHEMES:
            self._report(
                f"image '{_shown(src)}' uses a {scheme}: URL, which is not allowed in essays; {IMAGE_FIX}", src, raw
            )
        elif scheme is not None or _network_path(src):
            self._report(
                f"external image '{_shown(src)}' is not allowed in essays (a tracking pixel?); {IMAGE_FIX}", src, raw
            )
        elif normalise_url(src).startswith(("/", "\\")):
            self._report(
                f"image '{_shown(src)}' starts with '/'; use a path relative to the essay's file instead", src, raw
            )

    def handle_comment(self, data: str) -> None:
        self._element = {}
        # Browsers end a comment at '<!-->', '<!--->' and '--!>'; this parser does not,
        # so such a "comment" could hide a <script> from the check but not from the reader.
        if data.startswith((">", "->")) or "--!>" in data:
            self._report(
                "malformed HTML comment: browsers end '<!-->', '<!--->' and '--!>' early, so what follows would be "
                "read as HTML; write a comment as <!-- text --> or remove it",
                "<!--",
            )

    def unknown_decl(self, data: str) -> None:
        self._element = {}
        # <![CDATA[...]]>: browsers end it at the first '>' outside SVG and MathML.
        self._report(f"'<![{_shown(data)}' is not allowed in essays; remove it", "<![")

    def handle_decl(self, decl: str) -> None:
        self._element = {}
        self._report(f"'<!{_shown(decl)}>' is not allowed in essays; remove it", f"<!{decl}")

    def handle_pi(self, data: str) -> None:
        self._element = {}
        self._report(f"'<?{_shown(data)}' is not allowed in essays; remove it", "<?")


CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _without_code_spans(body: str) -> str:
    """The body with inline code blanked out (newlines kept): `<script>` shown as code is not the culprit."""
    if "`" not in body:  # most essays: looking for a span was a quarter of judging one
        return body
    return CODE_SPAN_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def _line_of(needles: list[tuple[str, int]], body: str, body_line: int) -> int:
    """The body line of the first needle found in the body at its occurrence; else `body_line`."""
    for text, occurrence in needles:
        if text.startswith("\n"):  # a Markdown construct at the start of a line, the first line included
            positions = [m.start() for m in re.finditer(re.escape(text), "\n" + body, re.IGNORECASE)]
        else:
            positions = [m.start() for m in re.finditer(re.escape(text), body, re.IGNORECASE)]
        if occurrence < len(positions):
            return body_line + body.count("\n", 0, positions[occurrence])
    return body_line


# HTML that passes without being parsed: text, and tags from the allow-list written as Python-Markdown
# writes them (lower case, double-quoted values), with only the global attributes, and on links an href that
# can carry no scheme but http(s) or mailto (no ':' nor '&', which could hide one, unless it starts with one
# of those or with '#'). Anything else, images, comments and raw HTML a writer typed in another way included,
# goes to the parser. Parsing costs ~1.7 ms an essay, this ~0.1 ms: a tenth of the build's time at 5,000
# essays was the parser's. tests/unit/content/test_html_policy.py checks that what passes here the parser passes too.
_VALUE = '"[^"<>]*"'
_GLOBAL = "|".join(sorted(GLOBAL_ATTRIBUTES - {"class", "id"}))
# Ids the fast path lets through: not the site's own by their start (SITE_IDS are looked for after).
_ID = 'id="(?!__|md-)[^"<>]*"'
_IDS = re.compile(r' id="([^"<>]*)"')  # as Python-Markdown writes attributes; `\b` made it a tenth as fast
# Classes as the extensions write them: one of theirs, or an admonition and its type.
_ONE_CLASS = "|".join(sorted(EXTENSION_CLASSES - ADMONITION_TYPES))
_CLASS = f'class="(?:{_ONE_CLASS}|admonition (?:{"|".join(sorted(ADMONITION_TYPES))}))"'
_SAFE_HREF = 'href="(?:(?:https?://|mailto:|#)[^"<>]*|[^"<>:&]*)"'
_PLAIN_TAGS = "|".join(sorted(ALLOWED_TAGS - {"img"}, key=len, reverse=True))
_PLAIN = re.compile(
    rf"(?:[^<]++"
    rf"|<(?:{_PLAIN_TAGS})(?: (?:(?:{_GLOBAL})={_VALUE}|{_ID}|{_CLASS}))*+(?: /)?>"
    rf"|<a(?: (?:(?:{_GLOBAL})={_VALUE}|{_ID}|{_CLASS}|{_SAFE_HREF}))*+>"
    rf"|</(?:{_PLAIN_TAGS})>)*+"
)


def check_html(path: str, html: str, body_line: int, *, body: str | None = None) -> list[Problem]:
    """Every way the rendered HTML of the essay at `path` breaks the policy, in document order.

    `body_line` is the essay's first body line (`Essay.body_line`). Given the
    Markdown `body` (`Essay.body`), each problem is placed at the first body line
    holding the offending tag, attribute or URL instead; without it, at `body_line`.
    """
    if passes_fast(html):
        return []
    return _parsed(path, html, body_line, body)


def passes_fast(html: str) -> bool:
    """Whether the HTML is of the plain kind the parser would pass without looking closer."""
    return _PLAIN.fullmatch(html) is not None and not any(v in SITE_IDS for v in _IDS.findall(html))


# A fenced code block, which Python-Markdown keeps with the raw HTML: its text is escaped, so it holds no tag.
_CODE_BLOCK = re.compile(r'<pre><code(?: class="[^"<>]*")?>[^<]*</code></pre>\s*')
_RAW_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_RAW_HINT = {"a": "write a link as [words](address)", "img": "write an image as ![description](images/file.png)"}


def check_raw_html(path: str, chunks: list[str], body_line: int, body: str) -> list[Problem]:
    """The tags typed as HTML that are not `RAW_HTML_ALLOWED` (`chunks`: Python-Markdown's stash of raw HTML).

    `check_html` judges the rendered HTML whatever wrote it; this says, besides, that a writer types only the
    short list as HTML and writes links, images, lists and the rest in Markdown.
    """
    problems: list[Problem] = []
    searchable = _without_code_spans(body)
    for chunk in chunks:
        if _CODE_BLOCK.fullmatch(chunk):
            continue
        for name in dict.fromkeys(m.group(1).lower() for m in _RAW_TAG.finditer(chunk)):
            if name in RAW_HTML_ALLOWED or name not in ALLOWED_TAGS:  # check_html reports the tags it refuses
                continue
            line = _line_of([(f"<{name}", 0)], searchable, body_line)
            problem = Problem(
                path,
                line,
                f"<{name}> typed as HTML is not allowed in essays; "
                f"{_RAW_HINT.get(name, 'write it in Markdown')} ({ALLOWED_HINT})",
            )
            if problem not in problems:
                problems.append(problem)
    return problems


def check_anchors(path: str, html: str, body_line: int, body: str, taken: Iterable[tuple[str, str]]) -> list[Problem]:
    """The anchors of the page's own sections, `taken` as (anchor, heading), that the essay's HTML uses too:
    a link to the section would land on the essay's element instead."""
    problems = []
    for anchor, heading in taken:
        # The plain search first: the regex alone took 0.2 ms an anchor over an essay's HTML.
        if anchor in html and re.search(rf"""\bid=["']?{re.escape(anchor)}["'\s/>]""", html):
            problems.append(
                Problem(
                    path,
                    _heading_line(anchor, body, body_line),
                    f"the essay has a heading or element with the anchor #{anchor}, which the page's own "
                    f"'{heading}' section uses; rename the heading (or give it another anchor with {{#...}})",
                )
            )
    return problems


def _heading_line(anchor: str, body: str, body_line: int) -> int:
    """The body line of the heading whose anchor is `anchor`, named by its text or by {#anchor}; else `body_line`."""
    for number, line in enumerate(body.splitlines()):
        words = line.strip()
        named = f"#{anchor}" in words or f'id="{anchor}"' in words or f"id='{anchor}'" in words
        if named or (words.startswith("#") and slugify(words.strip("# "), "-") == anchor):
            return body_line + number
    return body_line


def _parsed(path: str, html: str, body_line: int, body: str | None) -> list[Problem]:
    checker = _Checker()
    try:
        checker.feed(html)
        unfinished = re.search(r"<[a-zA-Z/!?]", checker.rawdata)
        if unfinished:
            # An unfinished tag at the very end would swallow the page's own markup that follows it.
            tail = checker.rawdata[unfinished.start() :].strip()
            checker._element = {}
            checker._report(
                f"the essay ends inside an unfinished HTML tag ('{_shown(tail)}'); finish it with '>' or remove it",
                tail[:20],
            )
        checker._element = {}
        checker.close()
    except Exception as err:  # html.parser is lenient, but a crash must become a message
        checker._element = {}
        checker._report(f"the essay's HTML could not be read ({err}); check the raw HTML in it", "<")
    searchable = _without_code_spans(body) if body is not None else None
    problems: list[Problem] = []
    for message, needles in checker.found:
        line = _line_of(needles, searchable, body_line) if searchable is not None else body_line
        problem = Problem(path, line, message)
        if problem not in problems:
            problems.append(problem)
    return problems
