"""The MkDocs adapter, the only code that imports MkDocs: the hooks that feed the checked content and the
generated pages to the build (`hooks`, named in mkdocs.yml), and the navigation rendered once per place."""
