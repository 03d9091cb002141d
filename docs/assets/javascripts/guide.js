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
      button.setAttribute("aria-label", `Copy a link to ${anchor}`);
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

  const init = () => { labelSearch(); mountCopyLinks(); };
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
