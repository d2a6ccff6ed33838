/* The search page's script (that page alone loads it; scripts/pages/search.py writes the page).
   It reads the index the build writes to search-index/ (scripts/search/index.py, which describes its files):
   the manifest, then only the word files a query's words fall in, then the excerpts of ten results at a
   time, so a first search downloads a small part of the index. Ranking is BM25 over weights the build
   computed. A query word matches itself, the other words of its stem (the build stemmed them: "hierarchies"
   finds "hierarchy"), and words it starts ("commission" finds "commissioning"), in that order of weight; a
   word found nowhere is looked for among the words within one or two letters of it, and the page says so.
   Pages with more of the query's words come first, then by score, with a bonus where the words stand near
   each other; a page that is not an essay ranks lower unless the query names it. The query and the ticked
   themes live in the address (?q=...&theme=a&theme=b), so a search can be bookmarked and shared. Without
   this script the page shows the note that points to the Browse page. */
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
  var marked = termsOf({}); // the words the search found: marked in the excerpts
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
  var ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g; // as scripts/search/index.py
  function plain(text) {
    return text.normalize("NFKD").replace(ACCENTS, "").toLowerCase();
  }
  function words(text) {
    return (plain(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) { return w.length > 1; });
  }

  // How much a page counts for a query word, by how the word was found.
  var EXACT = 1, STEM = 0.8, PREFIX = 0.5, SHORTER = 0.6, NEAR = 0.4;
  var NEARBY = 1.5; // all the query's words in one sixteenth of the page

  // The word files to read for a word: the one whose run of words (scripts/search/index.py) would hold it,
  // the last to start at or before it, and the next ones while they start with it (the words it begins).
  function filesFor(word, manifest) {
    var starts = manifest.starts || [], low = 0, high = starts.length - 1; // none in a manifest cached before they were
    if (!starts.length) return [];
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= word) low = middle; else high = middle - 1;
    }
    var found = [low];
    for (var n = low + 1; n < starts.length && starts[n].indexOf(word) === 0; n++) found.push(n);
    return found;
  }
  function shardsFor(words_, manifest, more) {
    var numbers = [];
    function add(n) { if (numbers.indexOf(n) < 0) numbers.push(n); }
    (more || []).forEach(add);
    words_.forEach(function (w) { filesFor(w, manifest).forEach(add); });
    return Promise.all(numbers.map(function (n) { return load("words/" + n + ".json"); }));
  }

  function idfOf(list, manifest) {
    var carrying = list.length / 3;
    return Math.log(1 + (manifest.pages - carrying + 0.5) / (carrying + 0.5));
  }

  // Adds a word's postings [gap, weight, parts, ...] to `found` (page -> {score, parts}), weighed by `share`.
  function collect(found, list, manifest, share) {
    var idf = idfOf(list, manifest);
    for (var i = 0, page = 0; i < list.length; i += 3) {
      page += list[i];
      var score = list[i + 1] * idf * share;
      var had = found.get(page);
      if (!had) found.set(page, { score: score, parts: list[i + 2] });
      else {
        if (score > had.score) had.score = score;
        had.parts |= list[i + 2];
      }
    }
  }

  // Damerau-Levenshtein distance (adjacent swaps count one), up to `most`; more than `most` is most + 1.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push([i]); }
    for (var j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var low = most + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        if (d[i][j] < low) low = d[i][j];
      }
      if (low > most) return most + 1;
    }
    return d[a.length][b.length];
  }

  // The words of the index within reach of a misspelt word: one letter for a short word, two for a longer.
  // Read from the word file the word would be in and the files on either side of it (a slip after the
  // first letters keeps the word's place in the order, give or take a file boundary), and from the files
  // of the word as a slip of its first two letters would have it (swapped, one dropped, one doubled).
  function nearWords(word, manifest) {
    var most = word.length <= 5 ? 1 : 2;
    var starts = [word, word[1] + word[0] + word.slice(2), word[0] + word.slice(2), word.slice(1), word[0] + word];
    var here = filesFor(word, manifest)[0], last = (manifest.starts || []).length - 1;
    var around = here === undefined ? [] : [Math.max(here - 1, 0), Math.min(here + 1, last)];
    return shardsFor(starts.filter(function (w) { return w.length > 1; }), manifest, around).then(function (shards) {
      var best = [], at = most + 1;
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          if (term[0] === "~" || term === "=") return;
          var d = distance(word, term, most);
          if (d < at) { at = d; best = [term]; } else if (d === at && best.indexOf(term) < 0) best.push(term);
        });
      });
      return at <= most ? best : [];
    });
  }

  // A word the index does not hold, in a form the corpus does not use ("hierarchies" where the essays say
  // "hierarchy"): the index's words that start with it less its last one to three letters (keeping four),
  // which is where another ending of the same word would be.
  function shorter(word, manifest, found, terms) {
    var stems = [];
    for (var cut = 1; cut <= 3 && word.length - cut >= 4; cut++) stems.push(word.slice(0, word.length - cut));
    if (!stems.length) return Promise.resolve("none");
    return shardsFor(stems, manifest).then(function (shards) {
      for (var i = 0; i < stems.length; i++) {
        var base = stems[i], hit = false;
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (term) {
            if (term[0] !== "~" && term !== "=" && term.indexOf(base) === 0) {
              collect(found, shard[term], manifest, SHORTER);
              terms.push(term);
              hit = true;
            }
          });
        });
        if (hit) return "exact";
      }
      return "none";
    });
  }

  // What one query word finds: page -> {score, parts}, the index's words that matched (to mark them), and
  // how ("exact", "near" for a misspelling, "none").
  function match(word, manifest, allowNear) {
    return shardsFor([word], manifest).then(function (shards) {
      var found = new Map(), terms = [word], how = "none";
      var stemOf = null;
      shards.forEach(function (shard) {
        if (shard[word]) { collect(found, shard[word], manifest, EXACT); how = "exact"; }
        if (shard["="] && shard["="][word]) stemOf = shard["="][word];
        if (word.length < 3) return; // "co" would find half the index
        Object.keys(shard).forEach(function (term) {
          if (term !== word && term[0] !== "~" && term !== "=" && term.indexOf(word) === 0) {
            collect(found, shard[term], manifest, PREFIX);
            terms.push(term);
            how = "exact";
          }
        });
      });
      var family = stemOf === null ? Promise.resolve() : shardsFor([stemOf], manifest).then(function (more) {
        more.forEach(function (shard) {
          if (shard["~" + stemOf]) collect(found, shard["~" + stemOf], manifest, STEM);
          Object.keys(shard["="] || {}).forEach(function (w) { if (shard["="][w] === stemOf) terms.push(w); });
        });
      });
      return family.then(function () {
        if (how !== "none") return { found: found, terms: terms, how: how, near: [] };
        return (allowNear ? nearWords(word, manifest) : Promise.resolve([])).then(function (near) {
          if (!near.length) {
            return shorter(word, manifest, found, terms).then(function (got) {
              return { found: found, terms: terms, how: got, near: [] };
            });
          }
          return shardsFor(near, manifest).then(function (more) {
            more.forEach(function (shard) {
              near.forEach(function (w) { if (shard[w]) collect(found, shard[w], manifest, NEAR); });
            });
            return { found: found, terms: near, how: "near", near: near };
          });
        });
      });
    });
  }

  // The results: page numbers best first, and what each query word found. Pages carrying more of the
  // query's words come first; with no words, the essays carrying the ticked themes, newest first.
  function search(q, slugs, exact) {
    var wanted = words(q);
    return Promise.all([load("manifest.json"), slugs.length ? load("themes.json") : null]).then(function (got) {
      var manifest = got[0];
      var carrying = slugs.map(function (slug) { return new Set((got[1] && got[1][slug]) || []); });
      function allThemes(page) { return carrying.every(function (set) { return set.has(page); }); }
      if (!wanted.length) {
        var first = (got[1] && got[1][slugs[0]]) || [];
        return { ranked: first.filter(allThemes), each: [] };
      }
      return Promise.all(wanted.map(function (w) { return match(w, manifest, !exact); })).then(function (each) {
        // A page that is not an essay (a theme's, a commentator's, the glossary) comes after the essays
        // that carry as many of the words, unless the query is its name.
        var listing = new Set(manifest.listing || []);
        var named = manifest.named[wanted.join(" ")];
        var pages = new Map();
        each.forEach(function (m) {
          m.found.forEach(function (hit, page) {
            var row = pages.get(page) || { page: page, words: 0, score: 0, parts: 0xffff };
            row.words += 1;
            row.score += hit.score;
            row.parts &= hit.parts;
            pages.set(page, row);
          });
        });
        var rows = [];
        pages.forEach(function (row) {
          if (!allThemes(row.page)) return;
          if (row.words > 1 && row.words === wanted.length && row.parts) row.score *= NEARBY;
          row.essay = listing.has(row.page) && row.page !== named ? 0 : 1;
          rows.push(row);
        });
        rows.sort(function (a, b) {
          return b.words - a.words || b.essay - a.essay || b.score - a.score || a.page - b.page;
        });
        var ranked = rows.map(function (row) { return row.page; });
        // The site's page named exactly what was typed (a theme, a lens) comes first.
        var at = ranked.indexOf(named);
        if (at > 0) ranked.unshift(ranked.splice(at, 1)[0]);
        return { ranked: ranked, each: each, wanted: wanted };
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

  var lastExact = null; // the words the address asks to be searched as typed (?exact=1), if any

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("theme");
    query.value = params.get("q") || "";
    lastExact = params.get("exact") === "1" ? query.value.trim() : null;
    themes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    if (wanted.length && filters) filters.open = true; // a linked search shows which themes narrow it
  }

  function toAddress(q, slugs, exact) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    slugs.forEach(function (slug) { params.append("theme", slug); });
    if (exact) params.set("exact", "1");
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  // The excerpt: of the page's passages the one holding the most, and the rarest, of the words found, then
  // the thirty words of it that hold most of them, every one marked. Built as text nodes: nothing in a
  // page's text can become markup here.
  var AROUND = 30;
  function excerpt(parts, terms) {
    var p = document.createElement("p");
    p.className = "search-results__excerpt";
    var best = null;
    parts.forEach(function (part) {
      var tokens = tokensOf(part[1]);
      var hits = tokens.map(function (t) { return terms.weight(plain(t[0])); });
      var window_ = bestWindow(hits);
      if (!best || window_.score > best.window.score) best = { text: part[1], tokens: tokens, hits: hits, window: window_ };
    });
    if (!best || !best.tokens.length) return p;
    var from = best.window.from, to = Math.min(best.tokens.length, from + AROUND);
    var text = best.text, tokens = best.tokens;
    var start = tokens[from].index, end = to < tokens.length ? tokens[to].index : text.length, last = start;
    if (from > 0) p.appendChild(document.createTextNode("… "));
    for (var j = from; j < to; j++) {
      if (!best.hits[j]) continue;
      p.appendChild(document.createTextNode(text.slice(last, tokens[j].index)));
      var mark = document.createElement("mark");
      mark.textContent = tokens[j][0];
      p.appendChild(mark);
      last = tokens[j].index + tokens[j][0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last, end).trimEnd() + (to < tokens.length ? " …" : "")));
    return p;
  }

  function tokensOf(text) {
    var tokens = [], re = /[\p{L}\p{N}\p{M}]+/gu, m;
    while ((m = re.exec(text)) !== null) tokens.push(m);
    return tokens;
  }

  // The start of the run of AROUND tokens whose hits weigh most, counting each query word once, moved so
  // that its first hit has a few words of context before it.
  function bestWindow(hits) {
    function weigh(from) {
      var seen = {}, score = 0;
      for (var i = from; i < Math.min(hits.length, from + AROUND); i++) {
        var h = hits[i];
        if (h && !seen[h.word]) { seen[h.word] = true; score += h.weight; }
      }
      return score;
    }
    var best = { from: 0, score: -1 };
    for (var from = 0; from < Math.max(1, hits.length - AROUND + 1); from++) {
      var score = weigh(from);
      if (score > best.score) best = { from: from, score: score };
    }
    for (var first = best.from; first < hits.length && !hits[first]; first++);
    var earlier = Math.max(0, Math.min(first - 8, hits.length - AROUND));
    if (first < hits.length && earlier > best.from && weigh(earlier) === best.score) best.from = earlier;
    return best;
  }

  // The words found, to mark: each index word that matched, with the rarity of the query word it answers.
  function termsOf(found) {
    var byTerm = {};
    (found.each || []).forEach(function (m, i) {
      var rarity = 1 / (1 + m.found.size);
      m.terms.forEach(function (t) { byTerm[t] = { word: i, weight: rarity }; });
    });
    return { weight: function (w) { return byTerm[w] || null; } };
  }

  function item(data, terms) {
    var li = document.createElement("li");
    var title = document.createElement("p");
    title.className = "search-results__title";
    var link = document.createElement("a");
    link.href = new URL(data.url, root).href;
    link.textContent = data.title || data.url;
    title.appendChild(link);
    li.appendChild(title);
    li.appendChild(excerpt(data.parts || [], terms));
    return li;
  }

  // The next results' text, as list items; null if a newer search has started meanwhile.
  // Each text file holds `per_file` pages in number order (scripts/search/index.py).
  function nextItems(mine) {
    var numbers = waiting.splice(0, PAGE);
    var pages = load("manifest.json").then(function (manifest) {
      var per = manifest.per_file;
      return Promise.all(numbers.map(function (n) {
        return load("pages/" + Math.floor(n / per) + ".json").then(function (texts) { return texts[n % per]; });
      }));
    });
    return pages.then(function (data) {
      return mine === latest ? data.map(function (d) { return item(d, marked); }) : null;
    });
  }

  function describe(n, q, slugs) {
    var names = andList(slugs.map(themeName));
    if (!q) return (n === 0 ? "No essays carry " : n === 1 ? "1 essay carries " : n + " essays carry ") + names + ".";
    var among = names ? " among essays carrying " + names : "";
    var words_ = "“" + q + "”";
    return (n === 0 ? "No results for " : n === 1 ? "1 result for " : n + " results for ") + words_ + among + ".";
  }

  // The status line: the count, then what was read otherwise than typed, with a way back to the exact words.
  function tell(n, q, slugs, found) {
    status.replaceChildren(document.createTextNode(describe(n, q, slugs)));
    var each = found.each || [];
    var near = each.some(function (m) { return m.how === "near"; });
    if (near) {
      var shown = found.wanted.map(function (w, i) { return each[i].how === "near" ? each[i].near[0] : w; }).join(" ");
      var back = document.createElement("a");
      var params = new URLSearchParams(location.search);
      params.set("exact", "1");
      back.href = "?" + params.toString();
      back.textContent = "search for “" + q + "” only";
      back.className = "search-status__exact";
      status.append(" Showing results for “" + shown + "”; ", back, ".");
    }
    var missing = found.wanted ? found.wanted.filter(function (w, i) { return each[i].how === "none"; }) : [];
    if (missing.length && missing.length < found.wanted.length && n) {
      status.append(" No page has " + andList(missing.map(function (w) { return "“" + w + "”"; })) +
        ": these pages have the other words.");
    }
  }

  function run() {
    var q = query.value.trim();
    var slugs = chosen();
    var mine = ++latest;
    var exact = new URLSearchParams(location.search).get("exact") === "1" && q === lastExact;
    toAddress(q, slugs, exact);
    if (!q && !slugs.length) {
      waiting = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    // Every ticked theme must be carried, as on the Browse page; with no words, the themes alone choose.
    return search(q, slugs, exact)
      .then(function (found) {
        if (mine !== latest) return null;
        waiting = found.ranked.slice();
        marked = termsOf(found);
        var n = waiting.length;
        return nextItems(mine).then(function (items) {
          if (!items) return;
          list.replaceChildren.apply(list, items);
          more.hidden = waiting.length === 0;
          tell(n, q, slugs, found);
        });
      })
      .catch(function () {
        if (mine !== latest) return;
        status.textContent = "Search could not load. The Browse page lists every essay.";
        note.classList.remove("no-js-only");
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
  if (query.value.trim() || chosen().length) run();
})();
