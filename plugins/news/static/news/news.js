/* News article: view-count beacon, copy link, print. Works without it too. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var article = document.querySelector("[data-view-beacon]");
    if (article) {
      var url = article.getAttribute("data-view-beacon");
      try {
        if (navigator.sendBeacon) { navigator.sendBeacon(url); }
        else if (window.fetch) { fetch(url, { method: "POST", keepalive: true, credentials: "omit" }); }
      } catch (e) { /* counting must never disturb reading */ }
    }
    var status = document.querySelector(".news-tool-status");
    var copy = document.querySelector(".news-copy-link");
    if (copy && navigator.clipboard) {
      copy.addEventListener("click", function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(copy.href).then(function () {
          if (status) { status.textContent = copy.getAttribute("data-copied"); }
        });
      });
    }
    var print = document.querySelector("[data-print]");
    if (print) {
      print.setAttribute("role", "button");
      print.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
    }
  });
})();
