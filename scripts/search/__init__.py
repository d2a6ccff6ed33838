"""The site's own search: the index written as the pages are built (`index`: its files are the contract with
the browser script that reads them, overrides/assets/javascripts/search.js); the search page itself is
`scripts.pages.search`."""
