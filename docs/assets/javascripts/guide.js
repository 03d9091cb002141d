// Small progressive enhancements, re-run on Material's document$ so they survive instant navigation; each mount is
// idempotent. Without JavaScript nothing is lost: every table shows in full and every disclosure opens by hand.
(() => {
  "use strict";

  // "Copy link" buttons come with the page (hidden without JavaScript); one listener serves them all, so the
  // script changes nothing on the page at start-up. The label is the stylesheet's, following data-state.
  const copyLink = async (button) => {
    const url = new URL(window.location.href);
    url.hash = button.dataset.copy;
    try {
      await navigator.clipboard.writeText(url.href);
      button.dataset.state = "copied";
    } catch {
      button.dataset.state = "failed";
    }
    setTimeout(() => { delete button.dataset.state; }, 2000);
  };
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("button.kg-copy[data-copy]");
    if (button) copyLink(button);
  });

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
  // Wide screens: choose which options to show. Phones: two options side by side, chosen by the reader (by default
  // the first and the last option). One address parameter, ?options=a,b, serves both, so a link made on a laptop
  // opens on a phone with the first and the last of its options side by side (as a phone's own default pair is),
  // and a phone's pair opens on a laptop as those two columns. (?pair=a,b, from links made before, is read as the
  // same.) Unknown options in the address are reported.
  const PHONE = window.matchMedia("(max-width: 44.9375em)");
  const LIST = new Intl.ListFormat("en", { type: "conjunction" });

  const mountMatrix = (wrap) => {
    if (wrap.dataset.mounted) return;
    wrap.dataset.mounted = "1";
    const table = wrap.querySelector("table");
    const count = table.querySelector(".kg-shown");
    const options = [...table.querySelectorAll("thead th[data-option]")].map((th) => ({ id: th.dataset.option, name: th.textContent.trim() }));
    const ids = options.map((o) => o.id);
    const nameOf = (id) => options.find((o) => o.id === id).name;
    const list = (some) => LIST.format(some.map(nameOf));
    const params = new URLSearchParams(window.location.search);
    const asked = (params.get("options") || params.get("pair") || "").split(",").filter(Boolean);
    const unknown = asked.filter((id) => !ids.includes(id));
    const known = [...new Set(asked.filter((id) => ids.includes(id)))];
    const shown = new Set(known.length ? known : ids);
    const last = ids[ids.length - 1];
    // The pair a phone shows for a list of options: the first and the last of them (for one option, it and the
    // last option, or the first if it is the last), as the phone's own default pair is.
    const pairOf = (some) => (some.length > 1 ? [some[0], some[some.length - 1]]
      : [some[0] || ids[0], some[0] === last ? ids[0] : last]);

    // The controls come with the page (matrix.html); the script only wires them.
    const controls = wrap.parentElement.querySelector(".kg-matrix-controls");
    const note = controls.querySelector(".kg-filter-note");
    const scope = wrap.parentElement.querySelector(".kg-print-scope");
    const boxes = [...controls.querySelectorAll(".kg-filter input[type=checkbox]")];
    boxes.forEach((b) => { b.checked = shown.has(b.value); });
    const reset = controls.querySelector(".kg-reset");
    const selects = [...controls.querySelectorAll(".kg-pair select")];

    // Writes only what differs from the page as served: on a phone the stylesheet already shows the default pair
    // (class kg-default-pair), so a first visit changes nothing and costs no style pass over the table.
    // The address changes only once the reader changes the columns: the link they came by stays as it was.
    let changed = false;
    let lists = false; // the last choice was made in the phone's lists (its note about a wider choice is then done)
    const apply = () => {
      const phone = PHONE.matches;
      const on = phone ? new Set(selects.map((s) => s.value)) : new Set(boxes.filter((b) => b.checked).map((b) => b.value));
      const drawn = phone && table.classList.contains("kg-default-pair") && on.size === 2 && on.has(ids[0]) && on.has(last);
      if (!drawn) {
        if (table.classList.contains("kg-default-pair")) table.classList.remove("kg-default-pair");
        table.querySelectorAll("[data-option]").forEach((cell) => {
          const hide = !on.has(cell.dataset.option);
          if (cell.hidden !== hide) cell.hidden = hide;
        });
        if (table.classList.contains("kg-paired") !== phone) table.classList.toggle("kg-paired", phone);
      }
      const shownIds = ids.filter((id) => on.has(id));
      // Some options shown, not all: the headings count them (below) and paper names them (the stylesheet's
      // default phone pair hides options on screen only, so paper then shows every column).
      const some = on.size > 0 && on.size < ids.length;
      const partial = !drawn && some ? ` This copy shows only ${list(shownIds)}; the full table compares all ${ids.length} options.` : "";
      if (scope && scope.textContent !== partial) scope.textContent = partial;
      // The address holds the reader's whole choice at either size: the boxes, which the lists keep in step. A
      // phone shows two of a wider choice; the address keeps all of it, as a link's options are kept.
      const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
      const url = new URL(window.location.href);
      url.searchParams.delete("options");
      url.searchParams.delete("pair");
      if (ticked.length > 0 && ticked.length < ids.length) url.searchParams.set("options", ticked.join(","));
      if (changed && url.href !== window.location.href) {
        history.replaceState(history.state, "", url);
        // Each row's "#" link keeps the columns chosen, as "Copy link" does (Material made these links absolute
        // at load, from the address of that moment).
        wrap.querySelectorAll("a.kg-permalink").forEach((a) => { url.hash = a.hash; a.href = url.href; });
      }
      const messages = [];
      const one = unknown.length === 1;
      if (unknown.length) messages.push(`The link named ${one ? "an option" : "options"} this guide does not have (${unknown.map((u) => u.slice(0, 30)).join(", ")}); ${one ? "it was" : "they were"} ignored.`);
      if (!phone && on.size === 0) messages.push("No option is selected, so the table is empty: tick an option or show all options.");
      // A choice of other than two options (from a link, or ticked on a wider screen): say what the phone shows
      // instead, so none is lost silently, until the reader picks in the lists. The wording fits a link, a reload
      // and a turned screen alike: the address holds the choice in each case.
      const extra = ticked.slice(1, -1);
      const other = ticked.length === 1 ? `Only ${nameOf(ticked[0])} was chosen; a phone shows two options at a time, so ${nameOf(selects[1].value)} is added beside it.`
        : extra.length && ticked.length < ids.length ? `${list(extra)} ${extra.length === 1 ? "is" : "are"} also chosen but not shown: a phone shows two options at a time, picked in the lists above.` : "";
      if (phone && other && !lists) messages.push(other);
      if (phone && on.size === 1) messages.push(`Both lists name ${list(shownIds)}: pick another option in one of them.`);
      const text = messages.join(" ");
      if (note.textContent !== text) note.textContent = text;
      if (note.hidden !== !text) note.hidden = !text;
      // The count in the headings (a button back to the controls) points to a note there, which may name an
      // option not shown, from where a link landed. The stylesheet already counts a phone's default pair, so a
      // plain first visit writes nothing.
      if (!drawn || text) {
        const counted = some ? `${on.size} of ${ids.length} options ${text ? "(see the note above)" : "(change)"}` : "";
        if (counted && count.textContent !== counted) count.textContent = counted;
        if (count.classList.contains("kg-on") !== some) count.classList.toggle("kg-on", some);
      }
      const noReset = phone || on.size === ids.length;
      if (reset.hidden !== noReset) reset.hidden = noReset;
    };
    const choose = () => { changed = true; apply(); };
    // Each size's controls follow the other's, so a reader who turns a phone or a tablet keeps the choice: the
    // boxes tick the pair; the lists take the first and the last option ticked (in the table's order), as a
    // link's options are taken. The lists start that way too, from the boxes the address ticked.
    const fromLists = () => { const pair = new Set(selects.map((s) => s.value)); boxes.forEach((b) => { b.checked = pair.has(b.value); }); };
    const fromBoxes = () => { pairOf(boxes.filter((b) => b.checked).map((b) => b.value)).forEach((id, i) => { selects[i].value = id; }); };
    boxes.forEach((b) => b.addEventListener("change", () => { lists = false; fromBoxes(); choose(); }));
    // The lists never change by themselves: the columns follow the table's order whichever list names them, and
    // the same option in both lists shows its one column with a note. (Greying out the other list's option, or
    // reordering the lists, surprised readers in trials.)
    selects.forEach((s) => s.addEventListener("change", () => { lists = true; fromLists(); choose(); }));
    reset.addEventListener("click", () => { lists = false; boxes.forEach((b) => { b.checked = true; }); fromBoxes(); choose(); });
    PHONE.addEventListener("change", apply);
    fromBoxes();
    // The count in the headings takes the reader back to the controls, with the focus on the first one.
    count.addEventListener("click", () => {
      controls.scrollIntoView({ block: "start" });
      (PHONE.matches ? selects[0] : boxes[0]).focus({ preventScroll: true });
    });
    apply();
  };

  const init = () => {
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
