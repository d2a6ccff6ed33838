"""Where an essay's links and images may point, judged on the links its rendering found.

A link to another essay names its file (`other-essay.md`, `other-essay.md#a-heading`); a link to a page the
site makes names that page's file (`../themes/hierarchy.md`); anything else is a full web address. An image
is a file in `essays/images/`. Each rule is what the build needs for the link to work: MkDocs never sees an
essay's links (the page holds the check's rendering), so a link this passes is a link that works.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from scripts.content.addresses import CORRECTIONS, ESSAY_SECTIONS, ESSAYS_DIR, IMAGES_DIR, OTHER_SIDE, PIECES
from scripts.content.model import Essay, slugify
from scripts.content.problems import Problem, did_you_mean, shown
from scripts.content.rendering import Rendered, target_of

# The footnotes extension links each note back to its marker: a note without one is reported by
# scripts/content/unfinished.py, with the fix, rather than here as a link to a missing anchor.
FOOTNOTE_BACKLINK = "#fnref"
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")


@dataclass(frozen=True)
class SitePages:
    """What an essay may link to: the pages of the published site and the images."""

    essays: dict[str, Essay]  # by source path, drafts included
    pages: frozenset[str]  # every other page's source path
    images: frozenset[str]  # the image files, as paths from the project's root


def section_anchors(essay: Essay) -> set[str]:
    """The anchors of the sections the site adds to this essay's page (the other side only when it has one,
    which the analysis knows; a link to it is allowed, as the section is there whenever an opposing theme has
    essays)."""
    anchors = {anchor for anchor, _ in ESSAY_SECTIONS}
    if not essay.sources:
        anchors.discard(PIECES[0])
    if not essay.corrections:
        anchors.discard(CORRECTIONS[0])
    return anchors | {OTHER_SIDE[0]}


def _line_of(essay: Essay, written: str) -> int:
    """The body line where the writer wrote this target; the body's first line if it cannot be found."""
    for offset, line in enumerate(essay.body.split("\n")):
        if written in line:
            return essay.body_line + offset
    return essay.body_line


def _essay_hint(written: str, site: SitePages) -> str:
    """' — did you mean [words](slug.md)?' when the target looks like an essay's URL or title."""
    by_address = {e.slug: e.slug for e in site.essays.values()}
    by_address |= {slugify(e.title): e.slug for e in site.essays.values()}
    stem = slugify(posixpath.basename(written.rstrip("/").split("#")[0]).removesuffix(".md"))
    close = difflib.get_close_matches(stem, list(by_address), n=1, cutoff=0.6)
    return f" — did you mean [words]({by_address[close[0]]}.md)?" if close else "."


def _nearest_essays(stem: str, essay: Essay, site: SitePages, count: int = 3) -> str:
    """The end of a message about a link to a missing essay: the one it was surely meant to be, or else the
    published essays whose file names are nearest, so the writer has a way forward either way."""
    slugs = sorted(e.slug for e in site.essays.values() if e.slug != essay.slug and (essay.draft or not e.draft))
    close = did_you_mean(stem, slugs)
    if close != "." or not slugs:
        return close
    ranked = sorted(slugs, key=lambda s: -difflib.SequenceMatcher(None, stem, s).ratio())[:count]
    return "; the nearest essays are " + ", ".join(f"{s}.md" for s in ranked) + " (every essay is in essays/)"


def check_links(
    essay: Essay, rendered: Rendered, site: SitePages, anchors_of: Callable[[Essay], frozenset[str]]
) -> list[Problem]:
    """Every link and image of `essay` that would not work on the site; `anchors_of` renders another essay
    when a link names one of its sections."""
    problems: list[Problem] = []

    def report(written: str, message: str) -> None:
        problem = Problem(essay.path, _line_of(essay, written), message)
        if problem not in problems:
            problems.append(problem)

    own = rendered.anchors | section_anchors(essay)
    for written in rendered.links:
        shown_link = shown(written)
        if written.startswith("#"):
            if written.startswith(FOOTNOTE_BACKLINK):
                continue  # the footnotes extension's own link back: a note without a marker is its own problem
            if written[1:] not in own:
                report(written, f"link to '{shown_link}': this essay has no heading or note with that anchor")
            continue
        if _SCHEME.match(written) or written.startswith("//"):
            continue  # another site: html_policy judges the scheme
        if written.startswith(("/", "\\")):
            report(
                written,
                f"link to '{shown_link}' is an address on this site, which breaks when the site moves; "
                f"link to the essay's file instead{_essay_hint(written, site)}",
            )
            continue
        found = target_of(essay.src_uri, written)
        if found is None:
            continue
        target, anchor = found
        if not target.endswith(".md"):
            report(
                written,
                f"link to '{shown_link}': a link to another essay names its file, like [words](other-essay.md)"
                f"{_essay_hint(written, site)}",
            )
            continue
        other = site.essays.get(target)
        if other is not None:
            if other.draft and not essay.draft:
                report(
                    written,
                    f"link to '{shown_link}': that essay is a draft, so the published site has no page for it; "
                    "link to it once it is published",
                )
            elif anchor and anchor not in anchors_of(other) | section_anchors(other):
                report(written, f"link to '{shown_link}': {other.path} has no heading or note with that anchor")
            continue
        if target in site.pages:
            if anchor:
                report(
                    written,
                    f"link to '{shown_link}': link to the page itself, without '#{shown(anchor)}' "
                    "(only an essay's sections are kept from build to build)",
                )
            continue
        stem = posixpath.basename(target).removesuffix(".md")
        where = f"essays/{stem}.md" if posixpath.dirname(target) == ESSAYS_DIR else target
        report(written, f"link to '{shown_link}': there is no {shown(where)}{_nearest_essays(stem, essay, site)}")
    for written in rendered.images:
        if _SCHEME.match(written) or written.startswith(("/", "\\", "//")):
            continue  # html_policy reports external and absolute images
        found = target_of(essay.src_uri, written)
        target = found[0] if found else ""
        if not target.startswith(IMAGES_DIR + "/"):
            report(
                written,
                f"image '{shown(written)}': images go in {IMAGES_DIR}/; put the file there and write "
                f"![what it shows](images/{shown(posixpath.basename(written))})",
            )
        elif target not in site.images:
            names = [posixpath.basename(i) for i in site.images]
            report(
                written,
                f"image '{shown(written)}': there is no file {shown(target)}"
                f"{did_you_mean(posixpath.basename(target), names)}",
            )
    return problems
