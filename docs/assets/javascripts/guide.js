// Small progressive enhancements. Everything here is re-run on Material's document$ so it survives instant
// navigation; each mount is idempotent.
(() => {
  "use strict";

  // Stock Material leaves the search dialog without an accessible name.
  const labelSearch = () => {
    const dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this guide");
  };

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

  // Comparison matrix: choose which options to show (kept in ?options= so the view can be shared),
  // and collapse criteria groups. Without JavaScript the full table simply shows.
  const mountMatrix = (wrap) => {
    if (wrap.dataset.mounted) return;
    wrap.dataset.mounted = "1";
    const table = wrap.querySelector("table");
    const heads = [...table.querySelectorAll("thead th[data-option]")];
    const params = new URLSearchParams(window.location.search);
    const wanted = new Set((params.get("options") || "").split(",").filter(Boolean));
    const form = document.createElement("fieldset");
    form.className = "kg-filter";
    const legend = document.createElement("legend");
    legend.textContent = "Show options";
    form.appendChild(legend);
    const apply = () => {
      const on = [...form.querySelectorAll("input:checked")].map((i) => i.value);
      table.querySelectorAll("[data-option]").forEach((cell) => { cell.hidden = !on.includes(cell.dataset.option); });
      const url = new URL(window.location.href);
      if (on.length === heads.length) url.searchParams.delete("options");
      else url.searchParams.set("options", on.join(","));
      history.replaceState(history.state, "", url);
    };
    heads.forEach((th) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = th.dataset.option;
      box.checked = wanted.size === 0 || wanted.has(box.value);
      box.addEventListener("change", apply);
      label.append(box, " ", th.textContent.trim());
      form.appendChild(label);
    });
    wrap.before(form);
    table.querySelectorAll("tbody[data-group]").forEach((body) => {
      const th = body.querySelector(".kg-group-row th");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kg-toggle";
      button.setAttribute("aria-expanded", "true");
      button.textContent = th.textContent.trim();
      button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        body.querySelectorAll("tr:not(.kg-group-row)").forEach((tr) => { tr.hidden = !open; });
      });
      th.replaceChildren(...[...th.childNodes].filter((n) => n.nodeType === 1 && n.classList.contains("kg-alias")), button);
    });
    apply();
  };

  const init = () => {
    labelSearch();
    mountCopyLinks();
    document.querySelectorAll(".kg-matrix-wrap").forEach(mountMatrix);
  };
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
