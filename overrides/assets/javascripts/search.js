/* The search page's script (that page alone loads it; scripts/pages/search.py writes the page).
   It reads the index the build writes to search-index/ (scripts/search/index.py, which describes its files):
   the manifest, then only the word files a query's words fall in, then the text of ten results at a time,
   so a first search downloads a small part of the index. Ranking is BM25 over weights the build computed;
   every word of the query must match, as the start of a word ("commission" finds "commissioning"). The query
   and the ticked themes live in the address (?q=...&theme=a&theme=b), so a search can be bookmarked and
   shared. Without this script the page shows the note that points to the Browse page. */
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
  var base = new URL("search-index/", root);
  var files = {}; // each file of the index is fetched once
  var latest = 0; // counts searches, so that a slow answer to an older query is dropped
  var waiting = []; // page numbers found but not shown yet
  var marked = []; // the words of the query shown: marked in the excerpts
  var typing = null;

  function load(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base).href).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
      files[path].catch(function () { delete files[path]; }); // a failed fetch is tried again next search
    }
    return files[path];
  }

  // The words of a text as the build indexed them (scripts/search/index.py, `words`): accents dropped,
  // lower case, letters and digits, two characters or more.
  var ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g; // as search_index.py
  function plain(text) {
    return text.normalize("NFKD").replace(ACCENTS, "").toLowerCase();
  }
  function words(text) {
    return (plain(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) { return w.length > 1; });
  }

  // Page number -> score for one word of the query: every indexed word that starts with it counts, the word
  // itself fully and longer ones by half, weighed by how rare they are (BM25's idf).
  function scores(word, manifest) {
    // A word file holds the words that start with its key and with no longer key: the ones to read are the
    // key the word starts with and any longer key that starts with the word.
    var keys = manifest.keys.filter(function (k) { return word.indexOf(k) === 0 || k.indexOf(word) === 0; });
    return Promise.all(keys.map(function (k) { return load("words/" + encodeURIComponent(k) + ".json"); }))
      .then(function (shards) {
        var found = new Map();
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (term) {
            if (term.indexOf(word) !== 0) return;
            var list = shard[term];
            var carrying = list.length / 2;
            var idf = Math.log(1 + (manifest.pages - carrying + 0.5) / (carrying + 0.5));
            var share = term === word ? 1 : 0.5;
            for (var i = 0, page = 0; i < list.length; i += 2) {
              page += list[i];
              var score = list[i + 1] * idf * share;
              if (score > (found.get(page) || 0)) found.set(page, score);
            }
          });
        });
        return found;
      });
  }

  // The page numbers that match every word and carry every ticked theme, best first (with no words: the
  // essays carrying the themes, newest first).
  function search(q, slugs) {
    var wanted = words(q);
    return Promise.all([load("manifest.json"), slugs.length ? load("themes.json") : null]).then(function (got) {
      var manifest = got[0];
      var carrying = slugs.map(function (slug) { return new Set((got[1] && got[1][slug]) || []); });
      function allThemes(page) { return carrying.every(function (set) { return set.has(page); }); }
      if (!wanted.length) {
        var first = (got[1] && got[1][slugs[0]]) || [];
        return first.filter(allThemes);
      }
      return Promise.all(wanted.map(function (w) { return scores(w, manifest); })).then(function (each) {
        var total = [];
        each[0].forEach(function (score, page) {
          if (!allThemes(page)) return;
          for (var i = 1; i < each.length; i++) {
            if (!each[i].has(page)) return;
            score += each[i].get(page);
          }
          total.push([page, score]);
        });
        total.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var ranked = total.map(function (pair) { return pair[0]; });
        // The site's page named exactly what was typed (a theme, a lens) comes first.
        var named = manifest.named[wanted.join(" ")];
        var at = ranked.indexOf(named);
        if (at > 0) ranked.unshift(ranked.splice(at, 1)[0]);
        return ranked;
      });
    });
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

  // About thirty words of the page's text from just before the first word found, each word found in <mark>.
  // Built as text nodes: nothing in a page's text can become markup here.
  var AROUND = 30;
  function excerpt(text, wanted) {
    var p = document.createElement("p");
    p.className = "search-results__excerpt";
    var tokens = [];
    var re = /[\p{L}\p{N}\p{M}]+/gu;
    var m;
    while ((m = re.exec(text)) !== null) tokens.push(m);
    function found(token) {
      var w = plain(token[0]);
      return wanted.some(function (q) { return w.indexOf(q) === 0; });
    }
    var at = 0;
    for (var i = 0; i < tokens.length; i++) if (found(tokens[i])) { at = i; break; }
    var from = Math.max(0, at - 8);
    var to = Math.min(tokens.length, from + AROUND);
    if (!tokens.length) return p;
    var start = tokens[from].index;
    var end = to < tokens.length ? tokens[to].index : text.length;
    var last = start;
    if (from > 0) p.appendChild(document.createTextNode("… "));
    for (var j = from; j < to; j++) {
      if (!found(tokens[j])) continue;
      p.appendChild(document.createTextNode(text.slice(last, tokens[j].index)));
      var mark = document.createElement("mark");
      mark.textContent = tokens[j][0];
      p.appendChild(mark);
      last = tokens[j].index + tokens[j][0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last, end).trimEnd() + (to < tokens.length ? " …" : "")));
    return p;
  }

  function item(data, wanted) {
    var li = document.createElement("li");
    var title = document.createElement("p");
    title.className = "search-results__title";
    var link = document.createElement("a");
    link.href = new URL(data.url, root).href;
    link.textContent = data.title || data.url;
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(excerpt(data.text || "", wanted));
    return li;
  }

  // The next results' text, as list items; null if a newer search has started meanwhile.
  function nextItems(mine) {
    var pages = waiting.splice(0, PAGE).map(function (n) { return load("pages/" + n + ".json"); });
    return Promise.all(pages).then(function (data) {
      return mine === latest ? data.map(function (d) { return item(d, marked); }) : null;
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
    // Every ticked theme must be carried, as on the Browse page; with no words, the themes alone choose.
    return search(q, slugs)
      .then(function (found) {
        if (mine !== latest) return null;
        waiting = found.slice();
        marked = words(q);
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
