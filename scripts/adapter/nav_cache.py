"""Material's navigation (the tabs and the drawer), rendered once for every page that shows it alike.

Material renders both on every page, and they are the same HTML on every page that is not itself in the
navigation: no item is active there, and the links differ only by the page's place (they are relative).
At thousands of essays that was a twentieth of the build, spent writing the same eleven links again.
`install` puts a template of one line in front of the theme's loader for each of Material's two partials,
calling `once_per_place(name)`: that renders Material's own partial (reached as `material/partials/...`, so
nothing of Material's is copied) and keeps the result for every page at the same place, where the
navigation's relative links come out the same. The overrides folder holds neither partial, so a build that
reads the templates without this hook (another engine, or MkDocs without hooks) gets Material's own
navigation, rendered on every page as Material does.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import jinja2
import material
from markupsafe import Markup

PREFIX = "material/"  # Material's own templates, past the site's overrides of the same name
CACHED = ("partials/nav.html", "partials/tabs.html")
PAGE_ITEM = "nav-page-item.html"  # the page's own item, for a page outside the navigation
# Material's item for the current page (partials/nav-item.html, `nav_item == page`, with toc.html and toc-item.html)
# written tight, for the essay page's bytes are held to a budget (PERFORMANCE.md): without the link to the page
# itself, which Material hides wherever the contents toggle shows, and without the ellipsis span around each entry
# (in the drawer a long heading wraps instead of being cut). The list keeps Material's `toc` component, so its
# script marks the section being read here as in the sidebar. Marked `--outside`, so that docs/assets/site.css
# leaves it out of the wide layout, where it had no place. Nothing for a page without contents, for an engine
# whose drawer includes it on every page outside the navigation (scripts/adapter/zensical.py).
PAGE_ITEM_TEMPLATE = (
    "{%- macro entries(items) -%}{%- for entry in items -%}"
    '<li class="md-nav__item"><a href="{{ entry.url }}" class="md-nav__link">{{ entry.title }}</a>'
    "{%- if entry.children -%}"
    '<nav class="md-nav" aria-label="{{ entry.title | striptags | e }}"><ul class="md-nav__list">'
    "{{ entries(entry.children) }}</ul></nav>{%- endif -%}</li>{%- endfor -%}{%- endmacro -%}"
    "{%- set toc = page.toc -%}{%- set first = toc | first -%}"
    "{%- if first and first.level == 1 -%}{%- set toc = first.children -%}{%- endif -%}{%- if toc -%}"
    '<li class="md-nav__item md-nav__item--active md-nav__item--outside">'
    '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    '<label class="md-nav__link md-nav__link--active" for="__toc"><span class="md-ellipsis">{{ page.title }}</span>'
    '<span class="md-nav__icon md-icon"></span></label>'
    '<nav class="md-nav md-nav--secondary" aria-label="{{ lang.t(\'toc\') | e }}">'
    '<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>{{ lang.t(\'toc\') }}</label>'
    '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>{{ entries(toc) }}</ul></nav></li>'
    "{%- endif -%}"
)
DRAWER_LIST = '<ul class="md-nav__list" data-md-scrollfix>'  # the drawer's first list: its top level
_SPACE = re.compile(r"[ \t]*\n\s*")
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"


def install(env: jinja2.Environment) -> None:
    """Render Material's tabs and drawer through `once_per_place`, with a cache for this build only."""
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader(
                {name: f'{{{{ once_per_place("{name}") }}}}' for name in CACHED} | {PAGE_ITEM: PAGE_ITEM_TEMPLATE}
            ),
            env.loader,
            jinja2.PrefixLoader({PREFIX.rstrip("/"): jinja2.FileSystemLoader(MATERIAL_TEMPLATES)}),
        ]
    )
    made: dict[tuple, Markup] = {}

    @jinja2.pass_context
    def once_per_place(context: jinja2.runtime.Context, name: str) -> Markup:
        nav, page = context.get("nav"), context.get("page")
        if nav is None or page is None or not page.url or any(item.active for item in nav.items):
            return _render(env, name, context)  # a page in the navigation marks itself active
        key = (name, *_place(page.url, nav))
        if key not in made:
            made[key] = _render(env, name, context)
        if name == "partials/nav.html" and _contents(page):
            return page_item(env, context, made[key])
        return made[key]

    env.globals["once_per_place"] = once_per_place


def page_item(env: jinja2.Environment, context: jinja2.runtime.Context, drawer: Markup) -> Markup:
    """The drawer with the page's own item (its title, and its contents behind the `__toc` toggle) first."""
    item = _tight(env.get_template(PAGE_ITEM).render(context.get_all()))
    head, found, rest = drawer.partition(DRAWER_LIST)
    if not found:
        raise ValueError(f"Material's drawer has no {DRAWER_LIST!r} any more: see scripts/adapter/nav_cache.py")
    return Markup(f"{head}{found}{item}{rest}")


def _contents(page) -> bool:
    """Whether the page has contents to show, as Material's toc.html decides (a lone h1 is not contents)."""
    toc = list(page.toc or ())
    if toc and toc[0].level == 1:
        toc = toc[0].children
    return bool(toc)


def _render(env: jinja2.Environment, name: str, context: jinja2.runtime.Context) -> Markup:
    return Markup(_tight(env.get_template(PREFIX + name).render(context.get_all())))


def _tight(html: str) -> str:
    """Each run of white space that holds a line break as one line break: Material's partials indent and space
    every item over lines (a twentieth of an essay page's bytes, held to a budget in PERFORMANCE.md), and the
    navigation has no `<pre>` or `<textarea>` in which white space would show."""
    return _SPACE.sub("\n", html)


def _place(url: str, nav) -> tuple[str, tuple[str, ...]]:
    """What the navigation's relative links depend on, for a page at `url` ('essays/x/'): its folder
    ('essays'), and the navigation's pages inside its own folder, which only it reaches downwards.
    Computing the links themselves to compare them took a tenth of a millisecond a page."""
    return posixpath.dirname(url.rstrip("/")), tuple(p.url for p in nav.pages if p.url.startswith(url))
