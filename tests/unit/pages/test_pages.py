"""The page generators, without MkDocs: Markdown in, checked as text."""

from __future__ import annotations

import datetime
import re
from collections import Counter

from conftest import make_essay, rendered

from scripts.analysis import findings as analysis
from scripts.commands import build_theme_index
from scripts.content.addresses import href
from scripts.content.model import Corpus
from scripts.pages import themes
from scripts.pages.charts import year_bars, year_series, year_svg
from scripts.pages.format import Fragments, link, text
from scripts.pages.site import generate

TODAY = datetime.date(2026, 11, 23)


def corpus(vocabulary):
    return Corpus(
        vocabulary,
        (
            make_essay("older", ("power", "hierarchy"), "2023-01-01", title="Older essay"),
            make_essay("newer", ("power", "love"), "2025-01-01", title="Newer essay"),
        ),
    )


def test_text_escapes_html_and_markdown():
    assert text("<b>*x*</b> [a](b)") == "&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(b\\)"


def test_links_are_relative_between_source_files():
    assert link("X", "essays/a.md", "themes/power.md", "chip") == "[X](../themes/power.md){ .chip }"
    assert href("themes/index.md", "themes/pairs/a--b.md") == "pairs/a--b/"
    assert href("essays/a.md", "themes/power.md") == "../../themes/power/"


def test_theme_page_lists_its_essays_newest_first_and_links_related_themes(vocabulary):
    site = generate(corpus(vocabulary), rendered(corpus(vocabulary)), include_drafts=False, today=TODAY)
    page = site.expanded("themes/power.md")
    listing = page[page.index("## Essays on power") :]
    assert listing.index("Newer essay") < listing.index("Older essay")
    assert "**Opposing themes:** [Love](love.md)" in page
    assert '<td><a href="../../themes/hierarchy/">Hierarchy</a></td><td><a href="#with-hierarchy">1</a></td>' in page
    shared = (
        '<h3 id="with-hierarchy">With Hierarchy (1 essay)</h3>\n<p><a href="../../essays/older/">Older essay</a></p>'
    )
    assert shared in page


def test_theme_without_essays_is_shown_as_awaiting(vocabulary):
    site = generate(corpus(vocabulary), rendered(corpus(vocabulary)), include_drafts=False, today=TODAY)
    assert "awaiting essays" in site.expanded("themes/fatalism.md")
    assert '[Fatalism](fatalism.md)** <span class="theme-count">awaiting essays</span>' in site.pages["themes/index.md"]


def test_lens_and_theme_pages_show_the_lens_balance_with_linked_themes(vocabulary):
    essays = corpus(vocabulary).essays
    found = analysis.analyse(list(essays), vocabulary)
    site = generate(corpus(vocabulary), rendered(corpus(vocabulary)), include_drafts=False, today=TODAY)
    for uri in ("lenses/power-and-love.md", "themes/love.md"):
        page = site.expanded(uri)
        for slug, n in found.balance["power-and-love"].per_theme:
            name, target = vocabulary.theme[slug].name, href(uri, f"themes/{slug}.md")
            assert f'<tr><td><a href="{target}">{name}</a></td><td>{n}</td></tr>' in page, (uri, slug)
        for combo, n in found.balance["power-and-love"].combinations:
            label = " + ".join(vocabulary.theme[t].name for t in combo)
            assert f"<tr><td>{label}</td><td>{n}</td></tr>" in page, (uri, combo)


def test_html_appended_to_a_fragment_follows_it_and_goes_with_it():
    fragments = Fragments()
    made = fragments.defer(lambda: "<p>made late</p>")
    fragments.append(made.strip(), "<p>after</p>")
    page = "text" + made
    assert fragments.take(page) == "text\n<p>made late</p><p>after</p>\n\n"
    assert fragments.take(page) == page  # taken once, like any fragment


def test_themes_index_groups_by_lens_in_vocabulary_order(vocabulary):
    page = generate(corpus(vocabulary), rendered(corpus(vocabulary)), include_drafts=False, today=TODAY).pages[
        "themes/index.md"
    ]
    assert page.index("## Coordination theory") < page.index("[Hierarchy]") < page.index("## Power and love")
    assert page.index("## Power and love") < page.index("[Power](power.md)")


def test_matrix_cells_link_to_the_shared_essays_with_counts(vocabulary):
    essays = corpus(vocabulary).essays
    html = themes.matrix(vocabulary, analysis.cooccurrence(essays), "themes/index.md")
    assert '<a href="power/#with-love" title="Power and Love: 1 essay">1</a>' in html
    assert html.count("<tr>") == len(vocabulary.themes) + 1  # and the header row


def test_year_chart_has_a_bar_per_counted_year_and_a_data_table():
    series = year_series({2011: 3, 2014: 1}, 2011, 2015)
    assert series == [(2011, 3), (2012, 0), (2013, 0), (2014, 1), (2015, 0)]
    svg = year_bars(series, chart_id="c", title="T", downloads=("c.csv", "c.svg"))
    assert svg.count('class="chart__bar"') == 2
    assert '<th scope="row">2012</th><td>0</td>' in svg
    assert '<title id="c-title">T</title>' in svg and "4 in all from 2011 to 2015" in svg
    assert 'Download the data: <a href="c.csv" download>CSV</a>' in svg and '<a href="c.svg" download>' in svg


def test_a_chart_file_is_the_pages_chart_as_a_document_of_its_own():
    import xml.etree.ElementTree as ET

    series = year_series({2011: 3, 2014: 1}, 2011, 2015)
    inline, alone = (
        year_svg(series, chart_id="c", title="T"),
        year_svg(series, chart_id="c", title="T", standalone=True),
    )
    root = ET.fromstring(alone)  # a file of its own: well-formed, in SVG's namespace, styled without the site's CSS
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.find("{http://www.w3.org/2000/svg}style") is not None
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert [b.find("{http://www.w3.org/2000/svg}title").text for b in bars] == ["2011: 3", "2014: 1"]
    assert inline[inline.index("<title") :] == alone[alone.index("<title") :]  # the same chart


def test_command_line_writes_every_generated_page(tmp_path, capsys):
    assert build_theme_index.main(["--out", str(tmp_path)]) == 0
    assert (tmp_path / "themes" / "index.md").is_file()
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    assert {"themes/index.md", "archive/index.md", "authors/index.md", "timeline.md"} <= written
    assert {"corrections.md", "data.md"} <= written
    assert (tmp_path / "data" / "essays.json").is_file() and (tmp_path / "data" / "themes.json").is_file()
    assert "the address of this page" in (tmp_path / "data.md").read_text(encoding="utf-8")  # no site_url here
    assert "wrote" in capsys.readouterr().err


def test_every_fragment_belongs_to_one_page_which_the_hook_lets_go_once_written(vocabulary):
    # The hook takes a fragment's HTML away once its page is written (Fragments.take): were a marker in two
    # pages, the second would show an HTML comment where its listing should be.
    site = generate(corpus(vocabulary), rendered(corpus(vocabulary)), include_drafts=False, today=TODAY)
    markdown = "\n".join([*site.pages.values(), site.home_latest])
    counts = Counter(re.findall(r"<!--fragment-[0-9a-f]+-\d+-->", markdown))
    assert set(counts) == set(site.fragments.html) and set(counts.values()) == {1}
    page = site.pages["essays/newer.md"]
    taken = site.fragments.take(page)
    assert "<!--fragment-" not in taken and not any(marker in page for marker in site.fragments.html)
    assert site.fragments.take(page) == page  # gone: a second take leaves the markers, as an essay's own would
