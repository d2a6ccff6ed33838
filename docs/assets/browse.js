/* The Browse page's filter (loaded by that page only). Without JavaScript the page is plain linked lists.
   The form is laid out from the first paint wherever JavaScript runs (site.css: .js-only), so that nothing moves
   when this script starts; it narrows the list of all essays as the reader chooses, announces how many match,
   and keeps the choice in the address (?theme=a&theme=b&author=x&commentator=y&from=2011&to=2026) so that a
   filtered view can be bookmarked, shared and restored. */
(function () {
  "use strict";
  var form = document.getElementById("browse-form");
  var list = document.getElementById("browse-list");
  var status = document.getElementById("browse-status");
  if (!form || !list || !status) return;

  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var themes = Array.prototype.slice.call(form.querySelectorAll('input[name="theme"]'));
  var author = form.elements.author;
  var commentator = form.elements.commentator;
  var from = form.elements.from;
  var to = form.elements.to;
  var first = from.options.length ? from.options[0].value : "";
  var last = to.options.length ? to.options[0].value : "";

  function words(value) {
    return (value || "").split(" ").filter(Boolean);
  }

  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) {
        select.value = value;
        return;
      }
    }
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("theme");
    themes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    author.value = "";
    commentator.value = "";
    from.value = first;
    to.value = last;
    choose(author, params.get("author") || "");
    choose(commentator, params.get("commentator") || "");
    choose(from, params.get("from") || first);
    choose(to, params.get("to") || last);
  }

  function toAddress(state) {
    var params = new URLSearchParams();
    state.themes.forEach(function (t) { params.append("theme", t); });
    if (state.author) params.set("author", state.author);
    if (state.commentator) params.set("commentator", state.commentator);
    if (state.from !== first) params.set("from", state.from);
    if (state.to !== last) params.set("to", state.to);
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  function update() {
    var state = {
      themes: themes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; }),
      author: author.value,
      commentator: commentator.value,
      from: from.value,
      to: to.value
    };
    var low = Number(state.from), high = Number(state.to);
    if (low > high) { var swap = low; low = high; high = swap; }
    var shown = 0;
    items.forEach(function (item) {
      var carried = words(item.getAttribute("data-themes"));
      var year = Number(item.getAttribute("data-year"));
      var match =
        state.themes.every(function (t) { return carried.indexOf(t) !== -1; }) &&
        (!state.author || words(item.getAttribute("data-authors")).indexOf(state.author) !== -1) &&
        (!state.commentator || words(item.getAttribute("data-commentators")).indexOf(state.commentator) !== -1) &&
        (!from.value || year >= low) && (!to.value || year <= high);
      item.hidden = !match;
      if (match) shown++;
    });
    status.textContent = shown === 0 ? "No essays match these filters." :
      shown === 1 ? "1 essay matches." : shown + " essays match.";
    toAddress(state);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", update);
  form.addEventListener("reset", function () {
    // The reset has not happened yet when the event fires; read the form once it has.
    setTimeout(function () { from.value = first; to.value = last; update(); }, 0);
  });
  window.addEventListener("popstate", function () { fromAddress(); update(); });
  fromAddress();
  update();
})();
