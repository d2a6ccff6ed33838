"""Every generated page as Markdown and HTML fragments, and the Atom feeds, from the corpus and its analysis
(`site.generate`): pure functions, no MkDocs."""
