"""What people run, each as `python -m scripts.commands.<name>`: `validate` (`./tasks check`), `new_essay`
(the scaffold), `schema` (the editors' JSON Schema) and `build_theme_index` (the generated pages to a folder)."""
