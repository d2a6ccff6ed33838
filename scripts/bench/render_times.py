"""Where a build's time goes, page by page: for profiling what `python -m scripts.bench` measures whole.

`python -m scripts.bench.render_times PROJECT` builds the MkDocs project in PROJECT (one that the benchmark kept
with `--keep`: A is ours, B plain Material) and prints, by the first folder of each page's source path, how
many pages there are and the time MkDocs spent turning their Markdown into HTML (`Page.render`: Markdown
with its extensions, our hook's `on_page_markdown` not included), then the time spent collecting garbage
and the wall time of the whole build. It then splits the build by phase: each MkDocs event (where our hook
and B's plugins run), Markdown, the theme's templates and writing files. Sampling profilers count these too,
but a profile of the whole build says less about which kind of page, or which phase, costs what; and a
profiler's own overhead grows with the number of calls, which differs between the phases.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.render_times", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a folder holding mkdocs.yml")
    args = parser.parse_args(argv)

    import jinja2
    from mkdocs import utils
    from mkdocs.commands import build as build_module
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.pages import Page

    times: dict[str, list[float]] = defaultdict(list)

    def timed_render(render):
        def run(page: Page, config, files) -> None:
            start = time.perf_counter()
            render(page, config, files)
            times[page.file.src_uri.split("/")[0]].append(time.perf_counter() - start)

        return run

    def page_classes(cls: type) -> list[type]:
        """Page and the kinds of page a hook makes (an essay's page renders its own way)."""
        return [cls, *(c for sub in cls.__subclasses__() for c in page_classes(sub))]

    phases: dict[str, float] = defaultdict(float)

    def timed(name: str | None, function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name or args[1]] += time.perf_counter() - start  # run_event's first argument: the event

        return run

    patches = [
        (PluginCollection, "run_event", timed(None, PluginCollection.run_event)),
        (jinja2.Template, "render", timed("templates", jinja2.Template.render)),
        (utils, "write_file", timed("writing files", utils.write_file)),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]

    collecting = {"seconds": 0.0, "since": 0.0}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["seconds"] += time.perf_counter() - collecting["since"]

    before = Path.cwd()
    os.chdir(args.project)  # the hook and the project's own scripts are found from there
    sys.path.insert(0, str(Path.cwd()))
    for owner, name, patched in patches:
        setattr(owner, name, patched)
    gc.callbacks.append(on_gc)
    renders: list[tuple[type, object]] = []
    try:
        with tempfile.TemporaryDirectory() as site:
            config = load_config("mkdocs.yml", site_dir=site, strict=True)  # loads the hook, and its kinds of page
            renders = [(cls, cls.__dict__["render"]) for cls in page_classes(Page) if "render" in cls.__dict__]
            for cls, render in renders:
                cls.render = timed_render(render)
            start = time.perf_counter()
            config.plugins.on_startup(command="build", dirty=False)
            build_module.build(config)
            wall = time.perf_counter() - start
    finally:
        for cls, render in renders:
            cls.render = render
        for owner, name, original in originals:
            setattr(owner, name, original)
        gc.callbacks.remove(on_gc)
        sys.path.remove(str(Path.cwd()))
        os.chdir(before)
    print(f"{'pages':<16} {'how many':>8} {'render s':>9} {'ms each':>8}")
    for kind, spent in sorted(times.items(), key=lambda item: -sum(item[1])):
        print(f"{kind:<16} {len(spent):>8} {sum(spent):>9.2f} {1000 * sum(spent) / len(spent):>8.1f}")
    print(f"{'all pages':<16} {sum(map(len, times.values())):>8} {sum(map(sum, times.values())):>9.2f}")
    print(f"garbage collection {collecting['seconds']:.2f} s; whole build {wall:.2f} s")
    phases["Markdown (Page.render)"] = sum(map(sum, times.values()))
    print(f"\n{'phase':<28} {'seconds':>8}")
    for name, spent in sorted(phases.items(), key=lambda item: -item[1]):
        print(f"{name:<28} {spent:>8.2f}")
    print(f"{'the rest of MkDocs':<28} {wall - sum(phases.values()):>8.2f}")


if __name__ == "__main__":
    main()
