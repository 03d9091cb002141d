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

    // The controls come with the page (matrix.html); the script only wires them.
    const controls = wrap.parentElement.querySelector(".kg-matrix-controls");
    const note = controls.querySelector(".kg-filter-note");
    const boxes = [...controls.querySelectorAll(".kg-filter input[type=checkbox]")];
    boxes.forEach((b) => { b.checked = shown.has(b.value); });
    const reset = controls.querySelector(".kg-reset");
    const selects = [...controls.querySelectorAll(".kg-pair select")];
    selects.forEach((select, i) => { select.value = pick[i]; });

    const apply = () => {
      const phone = PHONE.matches;
      const on = phone ? new Set(selects.map((s) => s.value)) : new Set(boxes.filter((b) => b.checked).map((b) => b.value));
      table.querySelectorAll("[data-option]").forEach((cell) => { cell.hidden = !on.has(cell.dataset.option); });
      table.classList.toggle("kg-paired", phone);
      table.classList.remove("kg-default-pair"); // the hidden attributes now say what the stylesheet assumed
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
  // A printed page keeps what readers need on paper: the disclosures marked for print open before printing.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details.kg-print-open").forEach((d) => { d.open = true; });
  });
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
