"""The site's search index: Pagefind, run over the built HTML once MkDocs has written it.

Pagefind splits the index into small chunks that a reader's browser fetches as a search needs them,
where Material's built-in search sent the whole index (every page's text) before the first result.
It indexes only the elements marked `data-pagefind-body` (see overrides/main.html) and writes its
files to `<site>/pagefind/`, which the search page's script loads (overrides/assets/javascripts/search.js).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

BUNDLE = "pagefind"  # the folder, inside the built site, that Pagefind writes
# Markdown's permalink "¶" after every heading would show in every excerpt.
EXCLUDED = ".headerlink"
# Pagefind's ready-made interfaces, which the site does not use (overrides/assets/javascripts/search.js is
# its own): not published, so that no unused script is served.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site: the build must not publish a site whose search is broken."""


def index_site(site_dir: Path) -> None:
    """Index the built site in `site_dir` with the Pagefind binary pinned in requirements.txt."""
    # The binary ships in the pagefind-bin wheel, so no download happens at build time (the site builds offline).
    from pagefind_bin import get_executable

    try:
        executable = get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind binary is missing; reinstall requirements.txt ({error})") from error
    result = subprocess.run(
        [
            str(executable),
            "--site",
            str(site_dir),
            "--output-subdir",
            BUNDLE,
            "--exclude-selectors",
            EXCLUDED,
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind failed to index {site_dir} (exit {result.returncode}):\n{result.stderr or result.stdout}"
        )
    if not (site_dir / BUNDLE / "pagefind.js").is_file():
        # The one file the search page loads: without it search would fail for readers, not for the build.
        raise SearchIndexError(f"Pagefind wrote no index in {site_dir / BUNDLE}:\n{result.stderr or result.stdout}")
    for pattern in UNUSED:
        for path in (site_dir / BUNDLE).glob(pattern):
            path.unlink()
