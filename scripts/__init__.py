"""The site's code, one package per stage of the pipeline, each importing only those below it:
content (files to essays, and every rule) → analysis → search → pages → adapter (MkDocs); commands and
bench, on top, are what people run."""

from pathlib import Path

# Where `python -m scripts...` runs: the helper processes (the second renderer, the search index) start there.
CODE_ROOT = str(Path(__file__).resolve().parent.parent)
