// The decision helper. Every outcome was computed at build time (macros/decision.py): this script only reads the
// form, walks the index the build wrote (decision-index.json) and fills the result with fragments the build
// rendered (<template> elements on the page). It holds no rule. Answers live in the query string, so a pasted
// link reproduces the result. Mounted on Material's document$ (instant navigation); the mount is idempotent.
(() => {
  "use strict";
  if (window.kgHelper) return; // instant navigation runs this script again on every visit: subscribe once
  window.kgHelper = {};

  const clone = (root, id) => {
    const template = root.querySelector(`template#${CSS.escape(id)}`);
    return template ? template.content.cloneNode(true) : null;
  };
  const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim() : "");

  // --- the walk: which questions apply, which answer counts, which outcome ---------------------------------
  const walk = (index, sets) => {
    let ref = index.root;
    const path = [];
    while (ref >= 0) {
      const [number, ...next] = index.steps[ref];
      const set = sets.get(index.questions[number]);
      const inputs = [...set.querySelectorAll("input[type=radio]")];
      let chosen = inputs.findIndex((input) => input.checked);
      const assumed = chosen < 0;
      if (assumed) chosen = inputs.findIndex((input) => input.value === set.dataset.assume);
      path.push({ set, input: inputs[chosen], assumed });
      ref = next[chosen];
    }
    return { path, outcome: index.outcomes[-ref - 1] };
  };

  // --- the result, from the build's fragments -------------------------------------------------------------
  // A reason already listed under "Why" is not printed again in full (under "Also possible" or "Ruled out"): its
  // title and a pointer stand in.
  const reasonItems = (root, index, numbers, above = []) => numbers.map((n) => {
    const item = clone(root, `kg-t-reason-${index.reasons[n]}`);
    if (!above.includes(n)) return item;
    const full = item.firstElementChild; // a template's content is a fragment: the <li> is its child
    const brief = document.createElement("li");
    brief.dataset.reason = full.dataset.reason;
    brief.textContent = `${full.dataset.title} (see Why, above).`;
    return brief;
  });

  // One item per set of reasons: options ruled out for the same reasons share it, so a reason is shown once
  // (alternatives keep one item each, in rank order). data-option lists the options, space-separated.
  const optionItems = (root, index, pairs, label, above = []) => {
    const groups = new Map();
    pairs.forEach(([option, numbers]) => {
      const key = numbers.join(" ");
      if (!groups.has(key)) groups.set(key, { options: [], numbers });
      groups.get(key).options.push(option);
    });
    return [...groups.values()].map(({ options, numbers }) => {
      const li = document.createElement("li");
      li.dataset.option = options.map((o) => index.options[o]).join(" ");
      options.forEach((o, i) => li.append(i ? (i === options.length - 1 ? " and " : ", ") : "", clone(root, `kg-t-link-${index.options[o]}`)));
      const list = document.createElement("ul");
      list.className = "kg-reasons";
      list.append(...reasonItems(root, index, numbers, above));
      li.append(label, list);
      return li;
    });
  };

  const render = (root, index, outcome) => {
    if (!Array.isArray(outcome)) return clone(root, `kg-t-neighbour-${outcome.neighbour}`);
    const [best, why, trade, alternatives, ruledOut, notNeeded] = outcome;
    const out = clone(root, "kg-t-outcome");
    const slot = (name) => out.querySelector(`[data-slot="${name}"]`);
    slot("head").append(clone(root, `kg-t-option-${index.options[best]}`));
    slot("why").append(...reasonItems(root, index, why));
    slot("trade_offs").append(...reasonItems(root, index, trade));
    alternatives.forEach((pair) => slot("alternatives").append(...optionItems(root, index, [pair], ": still possible because", why)));
    slot("ruled_out").append(...optionItems(root, index, ruledOut, ": ruled out because", why));
    notNeeded.forEach((o, i) => slot("not_needed").append(i ? ", " : "", clone(root, `kg-t-link-${index.options[o]}`)));
    out.querySelectorAll("[data-part]").forEach((part) => {
      part.hidden = !part.querySelector("li, a");
    });
    return out;
  };

  // --- the decision record (Markdown) -----------------------------------------------------------------------
  const sourceMap = (root) => {
    const data = clone(root, "kg-t-sources");
    const cells = new Map();
    const pages = new Map();
    data.querySelectorAll("[data-row]").forEach((s) => cells.set(`${s.dataset.row} ${s.dataset.option}`, s.dataset.sources.split(" ")));
    data.querySelectorAll("[data-number]").forEach((s) => pages.set(s.dataset.number, s));
    return { cells, pages };
  };

  // The requirements as answered and the sources behind the outcome, shown under it (and printed with it).
  const summary = (result, walked, numbers, sources) => {
    const answered = result.querySelector(".kg-answered");
    answered.replaceChildren(...walked.path.map(({ set, input, assumed }) => {
      const li = document.createElement("li");
      li.textContent = `${text(set.querySelector("legend"))} ${text(input.parentElement.querySelector("span"))}${assumed ? " (assumed)" : ""}`;
      return li;
    }));
    const list = result.querySelector(".kg-result-sources");
    list.replaceChildren(...[...numbers].sort((a, b) => a - b).map((n) => {
      const page = sources.pages.get(n);
      const li = document.createElement("li");
      li.value = Number(n);
      const a = document.createElement("a");
      a.href = page.dataset.url;
      a.textContent = page.dataset.title;
      li.append(a, ` ${page.dataset.url}`);
      return li;
    }).filter(Boolean));
  };

  const record = (root, result, walked, fields, sources) => {
    const name = fields.workload.value.trim() || "this workload";
    const deciders = fields.deciders.value.trim() || "(names or roles)";
    const lines = [`# Decision record: how we hold the encryption keys of ${name}`, "", "- Status: proposed",
      `- Date: ${new Date().toISOString().slice(0, 10)}`, `- Deciders: ${deciders}`, `- Reproduce: ${window.location.href}`, "",
      "## Requirements (as answered)", ""];
    walked.path.forEach(({ set, input, assumed }) => {
      lines.push(`- ${text(set.querySelector("legend"))} ${text(input.parentElement.querySelector("span"))}${assumed ? " (assumed, not answered)" : ""}`);
    });
    const numbers = new Set();
    const section = (title, part, option) => {
      const items = [...result.querySelectorAll(`[data-part="${part}"] [data-slot] > li`)];
      if (!items.length) return;
      lines.push("", `## ${title}`, "");
      items.forEach((li) => {
        const about = (li.dataset.option || option).split(" ");
        const reasons = li.dataset.reason ? [li] : [...li.querySelectorAll("li[data-reason]")];
        const names = [...li.querySelectorAll(":scope > a[data-option]")].map(text);
        const head = li.dataset.option ? `${names.join(", ")}: ` : "";
        reasons.forEach((r) => {
          const rows = [...r.querySelectorAll("a[data-row]")].map((a) => `${text(a)} (${new URL(a.getAttribute("href"), window.location.href).href})`);
          lines.push(`- ${head}${text(r.firstChild ? r : null).replace(/ Compare:.*$/, "")}${rows.length ? ` Compare: ${rows.join(", ")}.` : ""}`);
          (r.dataset.rows || "").split(" ").filter(Boolean).forEach((row) => about.forEach((o) => (sources.cells.get(`${row} ${o}`) || []).forEach((n) => numbers.add(n))));
        });
      });
    };
    const head = result.querySelector("[data-option].kg-outcome-title, .kg-outcome-title");
    const best = head ? head.dataset.option : "";
    lines.push("", "## Decision", "", `We will use ${text(head && head.querySelector("a")) || "the option below"}.`);
    section("Why", "why", best);
    section("Trade-offs we accept", "trade_offs", best);
    section("Still possible", "alternatives", best);
    section("Ruled out", "ruled_out", best);
    const notNeeded = result.querySelector('[data-part="not_needed"]:not([hidden]) [data-slot]');
    if (notNeeded) lines.push("", "## Not needed for these requirements", "", `- ${text(notNeeded)}`);
    lines.push("", "## Sources", "");
    const known = [...numbers].filter((n) => sources.pages.has(n)).sort((a, b) => a - b);
    known.forEach((n) => {
      const page = sources.pages.get(n);
      lines.push(`- [${n}] ${page.dataset.title}: ${page.dataset.url}`);
    });
    return { text: `${lines.join("\n")}\n`, numbers: known };
  };

  // --- mounting ---------------------------------------------------------------------------------------------
  const mount = async (root) => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    const form = root.querySelector(".kg-helper-form");
    const result = root.querySelector(".kg-result");
    const status = result.querySelector(".kg-result-status");
    const recordPart = root.querySelector(".kg-record");
    let index;
    try {
      const response = await fetch(new URL(root.dataset.index, window.location.href));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      index = await response.json();
    } catch (error) {
      result.hidden = false;
      status.textContent = `The helper could not load its answers (${error.message}). The decision tree on the "When to use each" page gives the same recommendations.`;
      return;
    }
    if (!root.isConnected) return; // the reader moved on (instant navigation) while the index loaded
    const sets = new Map([...form.querySelectorAll("fieldset[data-question]")].map((set) => [set.dataset.question, set]));
    const params = new URLSearchParams(window.location.search);
    sets.forEach((set, question) => {
      const wanted = params.get(question);
      set.querySelectorAll("input[type=radio]").forEach((input) => { input.checked = input.value === wanted; });
    });
    const body = result.querySelector(".kg-result-body");
    const fields = { workload: recordPart.querySelector("input[name=workload]"), deciders: recordPart.querySelector("input[name=deciders]") };
    const recordBox = recordPart.querySelector("#kg-record-text");
    const sources = sourceMap(root);
    let walked;

    const refreshRecord = () => {
      const made = record(root, body, walked, fields, sources);
      recordBox.value = made.text;
      summary(result, walked, made.numbers, sources);
      // On paper: what the record's fields say, and the address that reproduces this outcome.
      const named = [["Workload", fields.workload], ["Deciders", fields.deciders]]
        .filter(([, input]) => input.value.trim()).map(([label, input]) => `${label}: ${input.value.trim()}.`);
      result.querySelector(".kg-result-meta").textContent = [...named, `This outcome: ${window.location.href}`].join(" ");
    };
    const update = () => {
      walked = walk(index, sets);
      const onPath = new Set(walked.path.map((step) => step.set));
      sets.forEach((set) => { set.hidden = !onPath.has(set); });
      walked.path.forEach(({ set, assumed }) => {
        set.querySelectorAll(".kg-assumed").forEach((mark) => { mark.hidden = !assumed; });
      });
      const url = new URL(window.location.href);
      sets.forEach((_set, question) => url.searchParams.delete(question));
      walked.path.filter((step) => !step.assumed).forEach(({ set, input }) => url.searchParams.set(set.dataset.question, input.value));
      history.replaceState(history.state, "", url);
      body.replaceChildren(render(root, index, walked.outcome));
      // Absolute addresses, so that a printed outcome names pages a reader can open.
      body.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", a.href));
      const open = walked.path.filter((step) => step.assumed).length;
      // The status line (sticky on wide screens) and the bar at the bottom of a phone's screen name the outcome by
      // an option's short name: the full title is the heading just below.
      const head = body.querySelector(".kg-outcome-title");
      const named = head?.dataset.option ? `Recommended: ${text(clone(root, `kg-t-link-${head.dataset.option}`))}` : text(head);
      // The count is of the questions the answers so far leave open, so it may shrink as the reader answers: it says so.
      const answered = `${walked.path.length - open} of the ${walked.path.length} questions that matter here answered`;
      const outcomeName = document.createElement("strong");
      outcomeName.textContent = `${named}.`;
      status.replaceChildren(outcomeName, ` ${answered}${open ? `; ${open} assumed at ${open === 1 ? "its" : "their"} least demanding answer` : ""}.`);
      const jump = form.querySelector(".kg-result-jump a");
      if (jump && head) jump.textContent = `${named}. See why`;
      result.hidden = false;
      recordPart.hidden = false;
      refreshRecord();
    };

    // Scrolled by the script: Material makes in-page links absolute at load, so following one would drop the
    // answers from the address (and navigate). Focus follows, so a keyboard or screen reader user lands there too.
    result.tabIndex = -1;
    form.querySelector(".kg-result-jump a")?.addEventListener("click", (event) => {
      event.preventDefault();
      result.scrollIntoView({ block: "start" });
      result.focus({ preventScroll: true });
    });
    form.addEventListener("change", update);
    form.addEventListener("reset", () => setTimeout(update)); // after the browser has cleared the radios
    form.addEventListener("submit", (event) => event.preventDefault());
    fields.workload.addEventListener("input", refreshRecord);
    fields.deciders.addEventListener("input", refreshRecord);
    const copied = recordPart.querySelector(".kg-copied");
    recordPart.querySelector(".kg-copy-record").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(recordBox.value);
        copied.textContent = "Copied.";
      } catch {
        recordBox.select();
        copied.textContent = "Copying is blocked here: the record is selected, copy it with your keyboard.";
      }
    });
    recordPart.querySelector(".kg-print").addEventListener("click", () => window.print());
    update();
    // A link to an outcome (a related service's "recommendation for that case") ends in #kg-result. The result was
    // still hidden when the browser looked for that target, so it is brought into view once drawn.
    if (window.location.hash === "#kg-result") result.scrollIntoView({ block: "start" });
  };

  const init = () => document.querySelectorAll(".kg-helper[data-index]").forEach(mount);
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
