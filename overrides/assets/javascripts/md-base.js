/* Material for MkDocs 9.8.1's inline head script (partials/javascripts/base.html), moved into a file so the
   site's Content-Security-Policy can forbid inline scripts. The scope is the site's root, found from this
   file's own address (assets/javascripts/md-base.js) instead of the page's relative base_url. */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

/* The search index is the heaviest file on the site, and most readers never search. Material requests it
   as soon as a page loads; this holds that one request back until the reader opens search (or arrives from
   a search result, whose ?h= highlighting needs the index, or with ?q= to search at once). */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:$|[?#])/;
  var released = /[?&](?:q|h)=/.test(location.search);
  var waiting = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__mdIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.__mdIndex || released) return send.apply(this, arguments);
    var xhr = this, args = arguments;
    waiting.push(function () { send.apply(xhr, args); });
  };
  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  }, true);
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el && el.getAttribute && el.getAttribute("data-md-component") === "search-query") release();
  }, true);
})();
