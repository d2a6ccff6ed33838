"""Under `./tasks serve`, an essay with problems shows them in the browser, where the essay would be."""

from __future__ import annotations

from conftest import make_project
from test_serve import ESSAY, _start


def test_an_invalid_essay_shows_its_problems_in_its_page_and_on_the_home_page(tmp_path):
    essays = {
        "essay-0.md": ESSAY.format(title="Good", day=1, themes="power", body="Fine."),
        "draft.md": ESSAY.format(title="Draft", day=2, themes="love", body="Being written."),
    }
    server = _start(make_project(tmp_path / "p", essays), tmp_path)
    try:
        assert server.get("essays/draft/")[0] == 200
        epoch = server.epoch()
        # The writer pastes a video: the preview keeps serving, with the problem where the essay was.
        server.edit("draft.md", "Being written.", 'Being written.\n\n<iframe src="https://video.example/x"></iframe>')
        server.wait_for_page("essays/draft/", "This essay has problems")
        page = server.get("essays/draft/")[1]
        assert "essays/draft.md:11: &lt;iframe&gt; is not allowed in essays" in page
        # Then mistypes a theme: the page follows, and still shows the problem in the text (all at once).
        server.edit("draft.md", "themes: [love]", "themes: [lvoe]")
        server.wait_for_page("essays/draft/", "unknown theme &#x27;lvoe&#x27;")
        page = server.get("essays/draft/")[1]
        assert "essays/draft.md:5: unknown theme &#x27;lvoe&#x27; — did you mean &#x27;love&#x27;?" in page
        assert "essays/draft.md:11: &lt;iframe&gt; is not allowed in essays" in page
        assert "<iframe" not in page  # shown as text, never as the element
        home = server.get("")[1]
        assert "2 problem(s) in the essays" in home and "essays/draft.md:5:" in home
        assert server.get("essays/essay-0/")[0] == 200  # the other essays are still there
        # Fixed, the essay comes back and the notice goes.
        server.edit("draft.md", "themes: [lvoe]", "themes: [love]")
        server.edit("draft.md", '<iframe src="https://video.example/x"></iframe>', "A link instead.")
        server.wait_for_page("essays/draft/", "A link instead.")
        server.wait_for_rebuild(epoch)
        assert "problem(s) in the essays" not in server.get("")[1]
    finally:
        server.stop()
