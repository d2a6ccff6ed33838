"""A table of contents for an engine that takes it from Python-Markdown's `toc_tokens` (Zensical 0.0.x).

An essay's page is the check's HTML, whose headings `toc` cannot see (raw HTML is never parsed). The hook gives
MkDocs the check's own tokens; for an engine that reads files, `files.py` writes them into the page as a comment
(`carry`), and this extension, named in that engine's configuration, puts them in place after `toc` has run and
takes the comment out. The tokens are the check's, so the table is MkDocs' whatever a heading holds or stands in
(an admonition, say).
"""

from __future__ import annotations

import json

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

_MARK = "<!--toc-tokens "
_END = " -->"


def carry(tokens: list[dict]) -> str:
    """`tokens` as a comment on a line of its own. Every "-" is escaped, so no "--" can end the comment early."""
    return _MARK + json.dumps(tokens, ensure_ascii=False).replace("-", "\\u002d") + _END


class _Tokens(Postprocessor):
    def run(self, text: str) -> str:
        start = text.find(_MARK)
        if start < 0:
            return text
        end = text.index(_END, start)
        self.md.toc_tokens = json.loads(text[start + len(_MARK) : end])  # type: ignore[attr-defined]
        return text[:start] + text[end + len(_END) :].lstrip("\n")


class TocTokensExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Tokens(md), "toc_tokens", 0)  # last: after raw HTML is put back


def makeExtension(**kwargs: object) -> TocTokensExtension:
    return TocTokensExtension(**kwargs)
