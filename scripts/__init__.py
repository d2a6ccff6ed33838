"""The site's code, one package per stage of the pipeline, each importing only those below it:
content (files to essays, and every rule) → analysis → search → pages → adapter (MkDocs); commands and
bench, on top, are what people run."""
