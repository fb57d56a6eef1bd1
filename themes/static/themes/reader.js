/* Reader tools: A+ / A / A- font size and high contrast, remembered in
   localStorage (never a cookie, so cached pages stay cached). The saved choice
   is applied by the inline snippet in <head> before first paint; this file
   wires the buttons. Without JavaScript the buttons are hidden. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MIN = -1, MAX = 2;

  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  function setFont(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    root.setAttribute("data-font-step", String(step));
    write("portal.fontStep", String(step));
  }
  function setContrast(on) {
    if (on) { root.setAttribute("data-contrast", "high"); } else { root.removeAttribute("data-contrast"); }
    write("portal.contrast", on ? "high" : "normal");
    var button = document.querySelector(".contrast-btn");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector(".reader-tools");
    if (tools) { tools.hidden = false; }
    setContrast(root.getAttribute("data-contrast") === "high");
    document.querySelectorAll("[data-font-change]").forEach(function (button) {
      button.addEventListener("click", function () {
        var delta = parseInt(button.getAttribute("data-font-change"), 10);
        var current = parseInt(root.getAttribute("data-font-step") || "0", 10);
        setFont(delta === 0 ? 0 : current + delta);
      });
    });
    var contrast = document.querySelector(".contrast-btn");
    if (contrast) {
      contrast.addEventListener("click", function () { setContrast(root.getAttribute("data-contrast") !== "high"); });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
    });
    setUpSubMenus();
  });

  /* Main menu sub-menus: a disclosure button beside each item that has one (the
     link itself still leads to its page). Without JavaScript the sub-menus stay
     open as nested lists. Enter/Space toggle (native button), Escape closes and
     returns focus to the button, a click or focus elsewhere closes. */
  function setUpSubMenus() {
    var menu = document.querySelector(".main-menu");
    if (!menu) { return; }
    var toggles = Array.prototype.slice.call(menu.querySelectorAll(".submenu-toggle"));
    if (!toggles.length) { return; }
    menu.classList.add("has-js");

    function setOpen(button, open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      var item = button.closest(".menu-item");
      if (item) { item.classList.toggle("is-open", open); }
    }
    function closeAll(except) {
      toggles.forEach(function (button) { if (button !== except) { setOpen(button, false); } });
    }

    toggles.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeAll(button);
        setOpen(button, open);
      });
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var item = event.target.closest(".menu-item.is-open");
      if (!item) { return; }
      var button = item.querySelector(".submenu-toggle");
      setOpen(button, false);
      button.focus();
    });
    menu.addEventListener("focusout", function (event) {
      var item = event.target.closest(".menu-item.is-open");
      if (item && !item.contains(event.relatedTarget)) {
        setOpen(item.querySelector(".submenu-toggle"), false);
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) { closeAll(null); }
    });
  }
})();
