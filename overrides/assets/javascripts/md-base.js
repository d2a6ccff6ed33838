/* Material for MkDocs 9.8.1's inline head script (partials/javascripts/base.html), moved into a file so the
   site's Content-Security-Policy can forbid inline scripts. The scope is the site's root, found from this
   file's own address (assets/javascripts/md-base.js) instead of the page's relative base_url. */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};


/* Ours: Material's bundle takes `no-js` off the root at the end of <body>, after the first paint; taken off here,
   in <head>, the forms that need JavaScript (the Browse filter, the search page's) are laid out from the first
   paint, and nothing moves when the bundle runs (docs/assets/site.css, .js-only and .no-js-only). */
document.documentElement.classList.remove("no-js");
