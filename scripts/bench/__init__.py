"""Measuring, never part of the site: the benchmark (`python -m scripts.bench`: corpora it makes, the three
builds it runs, the table it prints), build profiling (`render_times`) and search payload (`search_payload`)."""
