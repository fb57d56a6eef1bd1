/* Visit statistics beacon: counts this page view and shows live figures.
   Cached pages stay cached: the figures come from this request, which sets no cookie. */
(function () {
  "use strict";
  if (window.portalVisitorsBeacon) return;
  window.portalVisitorsBeacon = true;
  var blocks = document.querySelectorAll("[data-visitors-beacon]");
  if (!blocks.length || !window.fetch) return;
  fetch(blocks[0].getAttribute("data-visitors-beacon"), {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: { "X-Requested-With": "fetch" }
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.display) return;
      Array.prototype.forEach.call(blocks, function (block) {
        ["online", "guests", "members", "total"].forEach(function (name) {
          var cell = block.querySelector('[data-visitors="' + name + '"]');
          if (cell) cell.textContent = data.display[name];
        });
        Array.prototype.forEach.call(block.querySelectorAll("[data-visitors-live]"), function (row) {
          row.hidden = false;
        });
      });
    })
    .catch(function () { /* statistics are optional */ });
})();
