/* Material for MkDocs 9.8.1's inline head script (partials/javascripts/base.html), moved into a file so the
   site's Content-Security-Policy can forbid inline scripts. The scope is the site's root, found from this
   file's own address (assets/javascripts/md-base.js) instead of the page's relative base_url. */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

