// Small progressive enhancements, re-run on Material's document$ so they survive instant navigation; each mount is
// idempotent. Without JavaScript nothing is lost: every table shows in full and every disclosure opens by hand.
(() => {
  "use strict";

  // "Copy link" on every element that carries a stable anchor.
  const mountCopyLinks = () => {
    document.querySelectorAll("[data-anchor]").forEach((el) => {
      if (el.dataset.copyMounted) return;
      el.dataset.copyMounted = "1";
      const anchor = el.dataset.anchor;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kg-copy";
      button.textContent = "Copy link";
      // The name starts with the visible text, as speech input expects (axe: label-content-name-mismatch).
      button.setAttribute("aria-label", `Copy link to ${anchor}`);
      button.addEventListener("click", async () => {
        const url = new URL(window.location.href);
        url.hash = anchor;
        try {
          await navigator.clipboard.writeText(url.href);
          button.textContent = "Copied";
        } catch {
          button.textContent = "Copy failed";
        }
        setTimeout(() => { button.textContent = "Copy link"; }, 2000);
      });
      const host = el.tagName === "TR" ? el.querySelector("th") : el;
      host.appendChild(button);
    });
  };

  // A link to something inside a closed disclosure opens it (browsers that do not do so themselves).
  const openTarget = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let node = target; node; node = node.parentElement?.closest("details")) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  };

  // --- the comparison matrix ----------------------------------------------------------------------------------
  // Wide screens: choose which options to show (?options=a,b). Phones: two options side by side, chosen by the
  // reader (?pair=a,b; by default the first and the last option). Unknown options in the address are reported.
  const PHONE = window.matchMedia("(max-width: 44.9375em)");

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  const mountMatrix = (wrap) => {
    if (wrap.dataset.mounted) return;
    wrap.dataset.mounted = "1";
    const table = wrap.querySelector("table");
    const options = [...table.querySelectorAll("thead th[data-option]")].map((th) => ({ id: th.dataset.option, name: th.textContent.trim() }));
    const ids = options.map((o) => o.id);
    const params = new URLSearchParams(window.location.search);
    const asked = (params.get("options") || "").split(",").filter(Boolean);
    const pairAsked = (params.get("pair") || "").split(",").filter(Boolean);
    const unknown = [...asked, ...pairAsked].filter((id) => !ids.includes(id));
    let shown = new Set(asked.filter((id) => ids.includes(id)));
    if (shown.size === 0) shown = new Set(ids);
    const pair = pairAsked.filter((id) => ids.includes(id));
    const pick = [pair[0] || ids[0], pair[1] && pair[1] !== pair[0] ? pair[1] : ids[ids.length - 1]];

    const note = el("p", { className: "kg-filter-note", role: "status" });
    const filter = el("fieldset", { className: "kg-filter" }, el("legend", { textContent: "Show options" }));
    const boxes = options.map((o) => {
      const box = el("input", { type: "checkbox", value: o.id, checked: shown.has(o.id) });
      filter.append(el("label", {}, box, ` ${o.name}`));
      return box;
    });
    const reset = el("button", { type: "button", className: "kg-reset", textContent: "Show all options" });
    filter.append(reset);
    const selects = [0, 1].map((i) => {
      const select = el("select", { name: `pair-${i}` }, ...options.map((o) => el("option", { value: o.id, textContent: o.name })));
      select.value = pick[i];
      return select;
    });
    const pairBox = el("p", { className: "kg-pair" }, el("label", {}, "Compare ", selects[0]), el("label", {}, " with ", selects[1]));
    wrap.before(note, filter, pairBox);

    const apply = () => {
      const phone = PHONE.matches;
      const on = phone ? new Set(selects.map((s) => s.value)) : new Set(boxes.filter((b) => b.checked).map((b) => b.value));
      table.querySelectorAll("[data-option]").forEach((cell) => { cell.hidden = !on.has(cell.dataset.option); });
      // A group heading spans the columns shown: a wider span would add empty columns to a fixed-layout table.
      table.querySelectorAll(".kg-group-row th").forEach((th) => { th.colSpan = Math.max(on.size, 1) + 1; });
      table.classList.toggle("kg-paired", phone);
      const url = new URL(window.location.href);
      url.searchParams.delete("options");
      url.searchParams.delete("pair");
      if (!phone && on.size < ids.length && on.size > 0) url.searchParams.set("options", [...on].join(","));
      if (phone && (selects[0].value !== ids[0] || selects[1].value !== ids[ids.length - 1])) url.searchParams.set("pair", selects.map((s) => s.value).join(","));
      history.replaceState(history.state, "", url);
      const messages = [];
      if (unknown.length) messages.push(`The link named option${unknown.length > 1 ? "s" : ""} this guide does not have (${unknown.map((u) => u.slice(0, 30)).join(", ")}); they were ignored.`);
      if (!phone && on.size === 0) messages.push("No option is selected, so the table is empty: tick an option or show all options.");
      note.textContent = messages.join(" ");
      note.hidden = messages.length === 0;
      reset.hidden = phone || on.size === ids.length;
    };
    boxes.forEach((b) => b.addEventListener("change", apply));
    selects.forEach((s) => s.addEventListener("change", apply));
    reset.addEventListener("click", () => { boxes.forEach((b) => { b.checked = true; }); apply(); });
    PHONE.addEventListener("change", apply);
    apply();
  };

  const init = () => {
    mountCopyLinks();
    document.querySelectorAll(".kg-matrix-wrap").forEach(mountMatrix);
    openTarget();
  };
  window.addEventListener("hashchange", openTarget);
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
