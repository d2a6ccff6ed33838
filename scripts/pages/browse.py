"""The Browse page: every essay by theme, author, commentator and year, and a filter that narrows them.

Without JavaScript the page is plain linked lists. The filter form is in the page
from the first paint wherever JavaScript runs (docs/assets/site.css hides it only
under Material's `no-js` class, which overrides/assets/javascripts/md-base.js takes
off in <head>), so nothing moves when docs/assets/browse.js, which only this page
loads, starts: it narrows the list of all essays by the data attributes each item carries, keeping the
filter's state in the address (?theme=a&theme=b&author=x&commentator=y&from=2011&to=2026)
so that a filtered view can be shared and restored. (The site leaves this page out
of the search index: it repeats every title several times.)
"""

from __future__ import annotations

import posixpath

from scripts.content.addresses import author_uri, commentator_uri, page_url, theme_uri
from scripts.content.model import Essay, Vocabulary, slugify
from scripts.pages.format import Fragments, and_list, attr, long_date, plural, to_root, url

URI = "browse.md"
SCRIPT = "assets/browse.js"


def _item(essay: Essay, vocabulary: Vocabulary) -> str:
    """One essay in the filterable list, with what the filter matches on as data attributes."""
    authors = " ".join(vocabulary.author_by_name[n].slug for n in essay.authors)
    commentators = " ".join(slugify(n) for n in essay.commentators)
    themes = ", ".join(vocabulary.theme[t].name for t in essay.themes)
    return (
        f'<li data-themes="{attr(" ".join(essay.themes))}" data-authors="{attr(authors)}" '
        f'data-commentators="{attr(commentators)}" data-year="{essay.year}">'
        f'<a href="{url(to_root(URI), essay.src_uri)}">{attr(essay.title)}</a>'
        f'<span class="browse-list__meta">{attr(and_list(essay.authors))} · {long_date(essay.date)}'
        f" · {attr(themes)}</span></li>"
    )


def theme_boxes(vocabulary: Vocabulary, counts: dict[str, int] | None = None) -> list[str]:
    """A fieldset of theme checkboxes per lens (`name="theme"`, the slug), as Browse and Search filter by them."""
    lenses = []
    for lens in vocabulary.lenses:
        boxes = "".join(
            f'<label class="browse-form__theme"><input type="checkbox" name="theme" value="{attr(t.slug)}"> '
            f"{attr(t.name)}"
            + (f' <span class="browse-form__count">({counts[t.slug]})</span>' if counts is not None else "")
            + "</label>"
            for t in vocabulary.themes_of_lens(lens.slug)
        )
        lenses.append(f'<fieldset class="browse-form__lens"><legend>{attr(lens.name)}</legend>{boxes}</fieldset>')
    return lenses


def _option(value: str, label: str) -> str:
    return f'<option value="{attr(value)}">{attr(label)}</option>'


def _form(
    essays: list[Essay], vocabulary: Vocabulary, authors: dict[str, list[Essay]], commentators: dict[str, list[Essay]]
) -> str:
    """The filter's controls, shown only where JavaScript runs (without it they could do nothing)."""
    counts = {t.slug: sum(t.slug in e.themes for e in essays) for t in vocabulary.themes}
    lenses = theme_boxes(vocabulary, counts)
    author_options = [_option("", "Any author")] + [
        _option(a.slug, f"{a.name} ({len(authors[a.name])})") for a in vocabulary.authors if a.name in authors
    ]
    commentator_options = [_option("", "Any commentator")] + [
        _option(slugify(name), f"{name} ({len(those)})") for name, those in commentators.items()
    ]
    years = sorted({e.year for e in essays})
    year_range = list(range(years[0], years[-1] + 1)) if years else []
    from_options = "".join(_option(str(y), str(y)) for y in year_range)
    to_options = "".join(_option(str(y), str(y)) for y in reversed(year_range))
    return (
        '<form class="browse-form js-only" id="browse-form">\n'
        '<fieldset class="browse-form__themes"><legend>Themes: an essay must carry every theme you tick</legend>'
        + "".join(lenses)
        + "</fieldset>\n"
        '<div class="browse-form__row">'
        '<p class="browse-form__field"><label for="browse-author">Author</label>'
        f'<select id="browse-author" name="author">{"".join(author_options)}</select></p>'
        '<p class="browse-form__field"><label for="browse-commentator">Commentator discussed</label>'
        f'<select id="browse-commentator" name="commentator">{"".join(commentator_options)}</select></p>'
        '<p class="browse-form__field"><label for="browse-from">From year</label>'
        f'<select id="browse-from" name="from">{from_options}</select></p>'
        '<p class="browse-form__field"><label for="browse-to">To year</label>'
        f'<select id="browse-to" name="to">{to_options}</select></p>'
        "</div>\n"
        '<p class="browse-form__actions"><button class="md-button" type="reset">Clear the filters</button></p>\n'
        "</form>\n"
    )


def _grouped(title: str, groups: list[tuple[str, list[Essay]]], root: str, fragments: Fragments) -> str:
    """A heading and a nested list: each group's label (HTML), then its essays as links."""
    if not groups:
        return f"## {title}\n\n*No essays are published yet.*\n"
    items = [
        f"<li>{label} ({plural(len(those), 'essay')})<ul>"
        + "".join(f'<li><a href="{url(root, e.src_uri)}">{attr(e.title)}</a></li>' for e in those)
        + "</ul></li>"
        for label, those in groups
    ]
    return f"## {title}\n" + fragments.defer('<ul class="browse-groups">\n' + "\n".join(items) + "\n</ul>\n")


def browse_page(
    essays: list[Essay],
    vocabulary: Vocabulary,
    years: dict[int, list[Essay]],
    authors: dict[str, list[Essay]],
    commentators: dict[str, list[Essay]],
    fragments: Fragments,
) -> str:
    """The page's Markdown; `essays` newest first, the groupings as `scripts.analysis.findings` makes them.

    Everything that grows with the corpus is HTML deferred past Markdown (see `Fragments`).
    """
    root = to_root(URI)

    def label(name: str, uri: str) -> str:
        return f'<strong><a href="{url(root, uri)}">{attr(name)}</a></strong>'

    by_theme = [
        (label(t.name, theme_uri(t.slug)), [e for e in essays if t.slug in e.themes]) for t in vocabulary.themes
    ]
    by_author = [(label(a.name, author_uri(a.slug)), authors[a.name]) for a in vocabulary.authors if a.name in authors]
    by_commentator = [(label(name, commentator_uri(slugify(name))), those) for name, those in commentators.items()]
    by_year = [(f"<strong>{year}</strong>", those) for year, those in years.items()]
    script = posixpath.relpath(SCRIPT, page_url(URI))
    items = "\n".join(_item(e, vocabulary) for e in essays)
    return (
        "# Browse the essays\n\n"
        "Every essay on the site, listed by theme, by author, by the commentators whose work it discusses and by "
        "year. With JavaScript on, the form below narrows the list of essays as you choose, and the address in "
        "your browser keeps your choice, so you can bookmark or share it.\n"
        + fragments.defer(_form(essays, vocabulary, authors, commentators))
        + "## Essays\n"
        + fragments.defer(
            '<p class="browse-status" id="browse-status" role="status" aria-live="polite">'
            f"{plural(len(essays), 'essay')}.</p>\n"
            f'<ul class="browse-list" id="browse-list">\n{items}\n</ul>\n'
        )
        + _grouped("Essays by theme", [(lab, those) for lab, those in by_theme if those], root, fragments)
        + _grouped("Essays by author", by_author, root, fragments)
        + _grouped("Essays by commentator discussed", by_commentator, root, fragments)
        + _grouped("Essays by year", by_year, root, fragments)
        + f'\n<script src="{script}" defer></script>\n'
    )
