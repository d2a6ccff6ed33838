"""Build the site with Zensical: `python -m scripts.adapter.zensical [--site-dir DIR]` (`./tasks build --engine
zensical`).

Zensical reads `mkdocs.yml` but runs no hooks, so it is handed the site as files (`files.py`): the check runs
first and stops the build on any problem (Zensical would not run it), every page is written into
`build/zensical/docs/` with a configuration of its own beside it (`mkdocs.yml` with what only the hook did made
explicit), Zensical builds that under `--strict`, and the data files, the feeds and the search index are written
into its output.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from scripts.adapter import nav_cache
from scripts.adapter.files import DOCS_DIR, HandoverError, finish, stage

TOC_TOKENS = "scripts.adapter.toc_tokens"

STAGE = Path("build") / "zensical"  # under the project: Zensical wants its pages and output inside its own root
# Zensical's own search index: the site has its own (search-index/), and nothing links to this one.
OWN_SEARCH = "search.json"
OVERRIDES = "overrides"  # in the stage: the project's overrides, and Zensical's drawer as the hook gives MkDocs its


def config(root: Path, glossary: dict[str, str]) -> dict:
    """The project's `mkdocs.yml` as Zensical is to read it: the hook's part made explicit."""
    settings = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    for key in ("hooks", "watch"):  # Zensical runs no hooks; `watch` is for `mkdocs serve`
        settings.pop(key, None)
    settings["docs_dir"] = DOCS_DIR
    settings["site_dir"] = "site"
    theme = settings["theme"]
    theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    # Material's look: Zensical's default ("modern") has other fonts, icons and layout.
    theme["variant"] = "classic"
    # The glossary, which the hook hands to `abbr` as it starts.
    settings["markdown_extensions"] = [
        {"abbr": {"glossary": glossary}} if extension == "abbr" else extension
        for extension in settings["markdown_extensions"]
    ] + [TOC_TOKENS]  # an essay's table of contents, which its page carries (files.py)
    return settings


def _overrides(source: Path, out: Path) -> None:
    """The project's overrides into `out`, with Zensical's own drawer (partials/nav.html) given what the hook gives
    MkDocs' (`nav_cache`): on a page outside the navigation, the page's own item with its contents, first."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    spec = importlib.util.find_spec("zensical")
    assert spec is not None and spec.origin is not None
    drawer = (Path(spec.origin).parent / "templates" / "partials" / "nav.html").read_text(encoding="utf-8")
    head, found, rest = drawer.partition(nav_cache.DRAWER_LIST)
    if not found:
        raise HandoverError(f"Zensical's drawer has no {nav_cache.DRAWER_LIST!r} any more: see {__name__}")
    # A page in the navigation marks itself active, and Zensical gives it its contents there.
    item = (
        '{%- if page and page.url and not (nav.items | selectattr("active") | list) -%}'
        f'{{%- include "{nav_cache.PAGE_ITEM}" -%}}{{%- endif -%}}'
    )
    (out / "partials").mkdir(exist_ok=True)
    (out / "partials" / "nav.html").write_text(head + found + item + rest, encoding="utf-8")
    (out / nav_cache.PAGE_ITEM).write_text(nav_cache.PAGE_ITEM_TEMPLATE, encoding="utf-8")


def _titles(nav: list) -> list[tuple[str, str]]:
    """(source path, title) of each page the navigation names, at any depth."""
    found = []
    for item in nav:
        for title, value in item.items() if isinstance(item, dict) else ():
            found += _titles(value) if isinstance(value, list) else [(value, title)]
    return found


class _Loader(yaml.SafeLoader):
    """`!ENV [NAME, default]`, resolved as MkDocs resolves it."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if v in os.environ), default)


_Loader.add_constructor("!ENV", _env)


def build(root: Path, site_dir: Path) -> float:
    """Build the site at `root` into `site_dir` with Zensical; its time in seconds. Raises on any problem."""
    started = time.perf_counter()
    folder = root / STAGE
    settings = config(root, {})
    staged = stage(
        root,
        folder / DOCS_DIR,
        site_name=settings["site_name"],
        site_url=settings.get("site_url") or "",
        repo_url=settings.get("repo_url") or "",
        nav_titles=dict(_titles(settings.get("nav") or [])),
    )
    settings = config(root, staged.glossary)
    _overrides(Path(settings["theme"]["custom_dir"]), folder / OVERRIDES)
    settings["theme"]["custom_dir"] = OVERRIDES
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")
    built = folder / "site"
    if built.exists():
        shutil.rmtree(built)
    # --clean: Zensical keeps a cache in the folder; nothing of an earlier build is to reach this one (and here
    # the cache saved no time).
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "--config-file", "mkdocs.yml"],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])},  # TOC_TOKENS
        capture_output=True,
        text=True,
        check=False,
    )
    # Zensical reports a problem and still ends with 0; "No issues found" is what it says of a clean build.
    if result.returncode != 0 or "No issues found" not in result.stdout + result.stderr:
        raise HandoverError(f"Zensical's build failed:\n{result.stdout}{result.stderr}")
    (built / OWN_SEARCH).unlink(missing_ok=True)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)
    finish(site_dir, staged)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.adapter.zensical", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes (site/)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project to build (this folder)")
    args = parser.parse_args(argv)
    try:
        seconds = build(args.root.resolve(), args.site_dir.resolve())
    except HandoverError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Zensical built the site into {args.site_dir} in {seconds:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
