/* Material for MkDocs 9.8.1's inline content script (partials/javascripts/content.html), moved into a file so
   the site's Content-Security-Policy can forbid inline scripts. Unchanged. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
