// ntm review page: selecting items (list, text, page image), keyboard, adding a missed item.
// No inline script anywhere (the Content-Security-Policy forbids it): everything is wired here.
(function () {
  "use strict";
  let selected = null;

  function all(selector, root) { return Array.from((root || document).querySelectorAll(selector)); }
  function esc(key) { return window.CSS && CSS.escape ? CSS.escape(key) : key; }

  function select(key, scroll) {
    selected = key;
    all(".selected").forEach(function (el) { el.classList.remove("selected"); });
    if (!key) return;
    const targets = all('[data-item="' + esc(key) + '"]');
    targets.forEach(function (el) { el.classList.add("selected"); });
    if (scroll !== false) {
      const row = document.getElementById("item-" + key);
      if (row) row.scrollIntoView({ block: "nearest" });
      const mark = document.querySelector('#text [data-item="' + esc(key) + '"]');
      if (mark) mark.scrollIntoView({ block: "center" });
      const box = document.querySelector('svg [data-item="' + esc(key) + '"]');
      if (box) box.scrollIntoView({ block: "center" });
    }
  }

  function syncState(row) {
    // The item row carries its state (accepted, rejected, edited): copy it to its marks and boxes.
    const key = row.dataset.item;
    const states = ["accepted", "rejected", "edited"];
    all('#text [data-item="' + esc(key) + '"], svg [data-item="' + esc(key) + '"]').forEach(function (el) {
      states.forEach(function (s) { el.classList.toggle(s, row.classList.contains(s)); });
    });
  }

  function rows() { return all("li.item"); }

  function move(step) {
    const list = rows();
    if (!list.length) return;
    let i = list.findIndex(function (el) { return el.dataset.item === selected; });
    i = i < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + step));
    select(list[i].dataset.item);
  }

  function press(cls) {
    const row = selected && document.getElementById("item-" + selected);
    const button = row && row.querySelector("button." + cls);
    if (button) button.click();
  }

  document.addEventListener("click", function (event) {
    const hit = event.target.closest("[data-item]");
    if (!hit || event.target.closest("button, input, select, a, form")) return;
    select(hit.dataset.item, true);
  });

  document.addEventListener("keydown", function (event) {
    const typing = event.target.closest("input, select, textarea");
    if (event.key === "Escape") {
      const cancel = document.querySelector("li.editing button.cancel");
      if (cancel) { cancel.click(); event.preventDefault(); }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = { j: function () { move(1); }, k: function () { move(-1); },
      a: function () { press("accept"); }, r: function () { press("reject"); }, e: function () { press("edit"); },
      m: function () { const b = document.getElementById("mark-reviewed"); if (b) b.click(); },
      n: function () { const l = document.getElementById("next-document"); if (l) l.click(); } };
    if (actions[event.key]) { actions[event.key](); event.preventDefault(); }
  });

  // htmx:load fires on the new content of every swap (an outerHTML swap detaches the old target,
  // so its afterSwap never reaches the document).
  document.addEventListener("htmx:load", function () {
    all("li.item").forEach(syncState);
    if (selected) select(selected, false);
    const input = document.querySelector("li.editing input, li.editing select");
    if (input) { input.focus(); if (input.select) input.select(); }
  });

  document.addEventListener("htmx:responseError", function (event) {
    const message = event.detail.xhr.responseText || "request failed";
    let flash = document.getElementById("flash");
    if (!flash) {
      flash = document.createElement("p");
      flash.id = "flash";
      flash.className = "error";
      flash.setAttribute("role", "alert");
      document.querySelector("main").prepend(flash);
    }
    flash.textContent = message;
  });

  // Adding a missed item: the selection's offsets in the normalized text (the <pre>'s text is exactly it).
  function offsetIn(root, node, offset) {
    const range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  document.addEventListener("selectionchange", function () {
    const text = document.getElementById("text");
    const sel = window.getSelection();
    if (!text || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const start = offsetIn(text, range.startContainer, range.startOffset);
    const end = offsetIn(text, range.endContainer, range.endOffset);
    all("input.sel-start").forEach(function (el) { el.value = String(start); });
    all("input.sel-end").forEach(function (el) { el.value = String(end); });
    document.getElementById("add-selection").textContent = "“" + range.toString().slice(0, 200) + "” (" + start + "–" + end + ")";
  });

  function showFieldValues() {
    const field = document.getElementById("add-field");
    if (!field) return;
    all("fieldset.add-values").forEach(function (set) {
      const on = set.dataset.field === field.value;
      set.disabled = !on;
      set.hidden = !on;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "add-field") showFieldValues();
  });

  document.addEventListener("DOMContentLoaded", function () {
    showFieldValues();
    all("li.item").forEach(syncState);
    const hash = decodeURIComponent(window.location.hash || "");
    if (hash.indexOf("#item-") === 0) select(hash.slice(6));
    else if (rows().length) select(rows()[0].dataset.item, false);
  });
})();
