// Search as you type on the catalog page: the form works without this
// script; with it, the results region is replaced as the user types by
// the server's own rendering of it (?partial=1), and the address follows.
(function () {
  "use strict";
  var input = document.querySelector("input[data-live]");
  if (!input || !window.fetch) { return; }
  var region = document.getElementById(input.getAttribute("data-live"));
  var form = input.form;
  var timer = 0, seq = 0;
  function update() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) { params.delete("q"); }
    var page = "/catalog" + (params.toString() ? "?" + params.toString() : "");
    params.set("partial", "1");
    var mine = ++seq;
    fetch("/catalog?" + params.toString(), { headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== seq) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        region.replaceChildren.apply(region, Array.prototype.slice.call(doc.body.childNodes));
        history.replaceState(null, "", page);
      })
      .catch(function () { /* the submit button still works */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
})();
