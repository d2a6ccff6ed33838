/* The search page's script (that page alone loads it; scripts/pages/search.py writes the page).
   It asks Pagefind's index, which the build writes to pagefind/ (scripts/search_index.py). Pagefind's own
   script fetches only the index chunks a query needs, and this one asks for the text of ten results at a
   time, so a first search downloads a small part of the index. Pagefind's ready-made interface is not used:
   it is several times the size of this file, styles itself inline (which the Content-Security-Policy
   forbids) and would not match the Browse page's filters. The query and the ticked themes live in the
   address (?q=...&theme=a&theme=b), so a search can be bookmarked and shared. Without this script the page
   shows the note that points to the Browse page. */
(function () {
  "use strict";
  var PAGE = 10; // results whose text is fetched at a time
  var form = document.getElementById("search-form");
  var query = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var note = document.getElementById("search-needs-js");
  if (!form || !query || !status || !list || !more || !note || !document.currentScript) return;

  // The site's root, from this file's own address (assets/javascripts/search.js), so that the site works
  // wherever it is served, at a host's root or under a path.
  var root = new URL("../../", document.currentScript.src);
  var themes = Array.prototype.slice.call(form.querySelectorAll('input[name="theme"]'));
  var filters = form.querySelector("details");
  var engine = null; // Pagefind, once loaded
  var latest = 0; // counts searches, so that a slow answer to an older query is dropped
  var waiting = []; // results found but not shown yet
  var typing = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Result addresses start from the site's root, not the host's. Ranking: a page's title is its <h1>,
        // already counted with the heading's weight, so the title metadata adds nothing (otherwise every title
        // counts twice); and the weighted count of a word ranks, not its share of the page, so a theme's page,
        // whose name and description weigh 10 (scripts/pages/themes.py), comes before long essays that use the
        // name often. tests/test_browser.py checks that every theme's page comes first for its name.
        var ranking = { termFrequency: 0, metaWeights: { title: 0 } };
        return module.options({ baseUrl: root.pathname, ranking: ranking }).then(function () { return module; });
      });
    }
    return engine;
  }

  function chosen() {
    return themes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function themeName(slug) {
    var box = themes.filter(function (b) { return b.value === slug; })[0];
    return box ? box.parentNode.textContent.trim() : slug;
  }

  function andList(items) {
    return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("theme");
    query.value = params.get("q") || "";
    themes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    if (wanted.length && filters) filters.open = true; // a linked search shows which themes narrow it
  }

  function toAddress(q, slugs) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    slugs.forEach(function (slug) { params.append("theme", slug); });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  // Pagefind's excerpt is HTML: the page's text with <mark> around the words found. It is parsed in an inert
  // document (nothing in it runs or loads) and only its text and its marks are copied into the page.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "search-results__excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    var title = document.createElement("p");
    title.className = "search-results__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  // The next results' text, as list items; null if a newer search has started meanwhile.
  function nextItems(mine) {
    return Promise.all(waiting.splice(0, PAGE).map(function (r) { return r.data(); })).then(function (data) {
      return mine === latest ? data.map(item) : null;
    });
  }

  function describe(n, q, slugs) {
    var names = andList(slugs.map(themeName));
    if (!q) return (n === 0 ? "No essays carry " : n === 1 ? "1 essay carries " : n + " essays carry ") + names + ".";
    var among = names ? " among essays carrying " + names : "";
    var words = "“" + q + "”";
    return (n === 0 ? "No results for " : n === 1 ? "1 result for " : n + " results for ") + words + among + ".";
  }

  function run() {
    var q = query.value.trim();
    var slugs = chosen();
    var mine = ++latest;
    toAddress(q, slugs);
    if (!q && !slugs.length) {
      waiting = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    return pagefind()
      .then(function (module) {
        // Every ticked theme must be carried, as on the Browse page; with no words, the themes alone choose.
        return module.search(q || null, slugs.length ? { filters: { theme: slugs } } : {});
      })
      .then(function (found) {
        if (mine !== latest) return null;
        waiting = found.results.slice();
        var n = waiting.length;
        return nextItems(mine).then(function (items) {
          if (!items) return;
          list.replaceChildren.apply(list, items);
          more.hidden = waiting.length === 0;
          status.textContent = describe(n, q, slugs);
        });
      })
      .catch(function () {
        if (mine !== latest) return;
        status.textContent = "Search could not load. The Browse page lists every essay.";
        note.hidden = false;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "theme") run();
  });
  query.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 300);
  });
  more.addEventListener("click", function () {
    var mine = latest;
    nextItems(mine).then(function (items) {
      if (!items || !items.length) return;
      items.forEach(function (li) { list.appendChild(li); });
      more.hidden = waiting.length === 0;
      items[0].querySelector("a").focus(); // the reader carries on from the first new result
    });
  });

  fromAddress();
  form.hidden = false;
  note.hidden = true;
  if (query.value.trim() || chosen().length) run();
})();
