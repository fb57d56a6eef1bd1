/* Polls: progressive enhancement. Without this script the form posts and the
 * server answers with its results page, where the vote is confirmed; with it,
 * the visitor's own state, the live results and a vote token come from the
 * non-cached JSON route, and votes are sent in place. No inline script or
 * style anywhere (Content-Security-Policy): data comes in data-attributes. */
(function () {
  "use strict";
  if (window.__pollsEnhanced) { return; }
  window.__pollsEnhanced = true;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function lang() { return (document.documentElement.lang || "vi").slice(0, 2); }
  var T = {
    vi: { total: "Tổng số phiếu", votes: "phiếu", mine: "lựa chọn của bạn", voted: "Bạn đã bình chọn trong cuộc thăm dò này.", closed: "Cuộc thăm dò đã kết thúc.", error: "Không gửi được phiếu. Vui lòng thử lại." },
    en: { total: "Total votes", votes: "votes", mine: "your choice", voted: "You have already voted in this poll.", closed: "This poll is closed.", error: "The vote could not be sent. Please try again." }
  };
  function t(key) { return (T[lang()] || T.vi)[key]; }

  function renderResults(results, choice) {
    var box = el("div", "poll-results");
    box.setAttribute("data-poll-results", "");
    var list = el("ul", "poll-results-list");
    results.options.forEach(function (row) {
      var item = el("li", "poll-result" + (row.id === choice ? " poll-result-chosen" : ""));
      var label = el("span", "poll-result-label", row.text);
      if (row.id === choice) { label.appendChild(el("span", "poll-chosen-note", " (" + t("mine") + ")")); }
      item.appendChild(label);
      var figures = el("span", "poll-result-figures", row.percent_display + " ");
      figures.appendChild(el("span", "poll-result-count", "(" + row.votes + " " + t("votes") + ")"));
      item.appendChild(figures);
      var bar = el("span", "poll-bar");
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "poll-bar-fill");
      fill.style.width = row.percent + "%";
      bar.appendChild(fill);
      item.appendChild(bar);
      list.appendChild(item);
    });
    box.appendChild(list);
    var total = el("p", "poll-total", t("total") + ": ");
    total.appendChild(el("strong", "", String(results.total)));
    box.appendChild(total);
    return box;
  }

  function showResults(form, data, message) {
    var block = form.closest("[data-poll-block]");
    var old = block.querySelector("[data-poll-results]");
    var fresh = renderResults(data.results, data.choice);
    if (old) { old.replaceWith(fresh); } else { form.after(fresh); }
    if (!form.querySelector(".poll-question-copy")) {
      var legend = form.querySelector("legend");
      if (legend && !block.querySelector("h1")) { fresh.before(el("p", "poll-question poll-question-copy", legend.textContent)); }
    }
    form.remove();
    var live = block.querySelector("[data-poll-message]");
    if (live && message) { live.textContent = message; }
  }

  function say(form, message) {
    var block = form.closest("[data-poll-block]");
    var live = block && block.querySelector("[data-poll-message]");
    if (live && message) { live.textContent = message; }
  }

  /* The state route (never cached) tells whether this visitor voted and, while
   * they may vote, hands out a single-use vote token bound to the voter cookie
   * it sets. The cached page's form has no token of its own. The requests run
   * one after another, so that a first visit showing two poll forms gets one
   * cookie (the second request carries the cookie the first one set). */
  var queue = Promise.resolve();
  function loadState(form) {
    var request = queue.then(function () {
      return fetch(form.getAttribute("data-state-url"), { credentials: "same-origin", headers: { Accept: "application/json" } });
    });
    queue = request.catch(function () {});
    return request
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !form.isConnected) { return data; }
        var input = form.querySelector("[data-poll-token]");
        if (input) { input.value = data.token || ""; }
        if (data.voted) { showResults(form, data, t("voted")); }
        else if (!data.open) { showResults(form, data, t("closed")); }
        return data;
      })
      .catch(function () { return null; });
  }

  function enhance(form) {
    var ready = loadState(form);
    var button = form.querySelector("button[type=submit]");
    var input = form.querySelector("[data-poll-token]");

    function send(chosen) {
      return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (input) { input.value = ""; }  /* a token is good for one vote only */
          if (data.voted || !data.open) {
            data.choice = data.ok && chosen ? parseInt(chosen.value, 10) : null;
            showResults(form, data, data.message);
            return;
          }
          say(form, data.message);
          /* Not counted: fetch a fresh token (and cookie) before the next try. */
          ready = loadState(form).then(function (state) {
            if (button && form.isConnected) { button.disabled = false; }
            return state;
          });
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button) { button.disabled = true; }
      var chosen = form.querySelector("input[name=option]:checked");
      ready
        .then(function () {
          if (input && !input.value) { return loadState(form); }  /* the first fetch failed: once more */
          return null;
        })
        .then(function () { if (form.isConnected) { return send(chosen); } })
        .catch(function () {
          if (button) { button.disabled = false; }
          say(form, t("error"));
        });
    });
  }

  function init() { document.querySelectorAll("form[data-poll-form]").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
