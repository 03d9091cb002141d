// The decision helper: a form built from the data the build exported (data/decision.json and friends).
// The rules exist only in that JSON, generated from data/decision.yml; macros/decision.py applies the same
// algorithm for the static tree and the tests, so keep evaluate() identical to its Python twin.
// Answers live in the query string (?question=answer), so a pasted link reproduces the result.
// Mounted on Material's document$ (instant navigation); the mount is idempotent.
(() => {
  "use strict";
  // Instant navigation runs this script again on every visit to its page: subscribe once, on the first run.
  if (window.kgDecision) return;

  // --- the evaluator (mirror of macros/decision.py) -------------------------------------------------------
  const findQuestion = (decision, id) => decision.questions.find((q) => q.id === id);

  const holds = (decision, condition, answers) => Object.entries(condition).every(([qid, allowed]) => {
    const question = findQuestion(decision, qid);
    return Boolean(question) && allowed.includes(answers[qid]) && applies(decision, question, answers);
  });

  // A follow-up applies when any one of its ask_if conditions holds (the loader has ruled out cycles).
  const applies = (decision, question, answers) =>
    question.ask_if.length === 0 || question.ask_if.some((condition) => holds(decision, condition, answers));

  // Known answers to questions that apply; anything else (an old link, a hidden question) is ignored.
  const effective = (decision, answers) => {
    const out = {};
    decision.questions.forEach((q) => {
      const given = answers[q.id];
      if (q.answers.some((a) => a.id === given) && applies(decision, q, answers)) out[q.id] = given;
    });
    return out;
  };

  const evaluate = (decision, answers) => {
    const given = effective(decision, answers);
    const rules = decision.rules.filter((r) => holds(decision, r.when, given));
    const order = decision.default_order;
    const reason = (r) => ({ id: r.id, text: r.reason, details: r.details });
    const excluded = Object.fromEntries(order.map((o) => [o, rules.filter((r) => r.exclude.includes(o)).map(reason)]));
    const viable = order.filter((o) => excluded[o].length === 0);
    if (viable.length === 0) throw new Error("every option is excluded");
    const scores = Object.fromEntries(order.map((o) => [o, rules.reduce((s, r) => s + (r.prefer.includes(o) ? r.score || 0 : 0), 0)]));
    const ranked = [...viable].sort((a, b) => scores[b] - scores[a] || order.indexOf(a) - order.indexOf(b));
    const best = ranked[0];
    const reasons = best === order[0] ? [{ id: "default", text: decision.default_reason, details: decision.default_details }] : [];
    rules.forEach((r) => {
      if (r.exclude.length || r.prefer.includes(best) || r.support.includes(best)) reasons.push(reason(r));
    });
    const tradeOffs = rules.filter((r) => r.caution.includes(best) || (r.prefer.length > 0 && !r.prefer.includes(best))).map(reason);
    const ruledOut = order.filter((o) => excluded[o].length).map((o) => ({ option: o, why: excluded[o] }));
    return { answers: given, recommended: best, alternatives: ranked.slice(1), reasons, tradeOffs, ruledOut, scores };
  };

  // --- data ---------------------------------------------------------------------------------------------------
  const cache = new Map();
  const fetchJson = (url) => {
    const absolute = new URL(url, window.location.href).href;
    if (!cache.has(absolute)) {
      cache.set(absolute, fetch(absolute).then((r) => {
        if (!r.ok) throw new Error(`${r.status} for ${absolute}`);
        return r.json();
      }));
    }
    return cache.get(absolute);
  };

  const loadData = async (root) => {
    const [decision, options, comparison, sources] = await Promise.all(
      ["decision", "options", "comparison", "sources"].map((name) => fetchJson(root.dataset[`${name}Src`])));
    return {
      decision,
      options: new Map(options.options.map((o) => [o.id, o])),
      criteria: new Map(comparison.groups.flatMap((g) => g.criteria).map((c) => [c.id, c])),
      titles: new Map(sources.sources.map((s) => [s.url, s.title])),
    };
  };

  // --- small DOM helpers (data is always set as text, never as markup) ---------------------------------------
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.entries(props).forEach(([key, value]) => {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "for" || key === "role") node.setAttribute(key, value);
      else node[key] = value;
    });
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };
  const a = (href, text) => el("a", { href, text });

  // --- answers in the address ---------------------------------------------------------------------------------
  const readAnswers = (decision) => {
    const params = new URLSearchParams(window.location.search);
    return Object.fromEntries(decision.questions.filter((q) => params.has(q.id)).map((q) => [q.id, params.get(q.id)]));
  };

  const writeAnswers = (decision, given) => {
    const url = new URL(window.location.href);
    decision.questions.forEach((q) => url.searchParams.delete(q.id));
    decision.questions.forEach((q) => { if (given[q.id]) url.searchParams.set(q.id, given[q.id]); });
    history.replaceState(history.state, "", url);
  };

  // --- the form -----------------------------------------------------------------------------------------------
  const buildForm = (decision, start) => {
    const form = el("form", { className: "kg-decide-form", "aria-label": "Your requirements" });
    decision.questions.forEach((q) => {
      const help = el("p", { className: "kg-help", id: `decide-q-${q.id}-help`, text: q.help });
      const set = el("fieldset", { id: `decide-q-${q.id}`, "aria-describedby": help.id, "data-question": q.id },
        el("legend", { text: q.text }), help);
      q.answers.forEach((ans) => {
        const input = el("input", { type: "radio", name: q.id, value: ans.id, id: `decide-${q.id}-${ans.id}` });
        input.checked = start[q.id] === ans.id;
        set.append(el("label", { for: input.id }, input, ` ${ans.label}`));
      });
      form.append(set);
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    return form;
  };

  const formAnswers = (form) =>
    Object.fromEntries([...form.querySelectorAll("input:checked")].map((input) => [input.name, input.value]));

  // --- the result ---------------------------------------------------------------------------------------------
  const compare = (data, root, details) => {
    const span = el("span", { className: "kg-meta" }, " Compare: ");
    details.forEach((id, i) => {
      const crit = data.criteria.get(id);
      span.append(i ? ", " : "", a(`${root.dataset.comparisonPage}#${id}`, crit ? crit.label : id));
    });
    span.append(".");
    return span;
  };

  const reasonList = (data, root, reasons, tag) =>
    el(tag, {}, ...reasons.map((r) => el("li", { "data-reason": r.id }, r.text, compare(data, root, r.details))));

  const optionLink = (root, data, id, field = "short_name") => a(`${root.dataset.optionPage}${id}/`, data.options.get(id)[field]);

  const renderResult = (data, root, out) => {
    const best = data.options.get(out.recommended);
    const section = el("section", { className: "kg-decide-result", "data-recommend": out.recommended, "aria-labelledby": "decide-result-title" },
      el("h3", { id: "decide-result-title" }, "Recommendation: ", optionLink(root, data, best.id, "name")),
      el("p", { className: "kg-label", text: "Why" }), reasonList(data, root, out.reasons, "ol"),
      el("p", { className: "kg-label", text: "Trade-offs to accept" }));
    const trade = reasonList(data, root, out.tradeOffs, "ul");
    trade.append(el("li", {}, a(`${root.dataset.optionPage}${best.id}/#${best.id}-trade-offs`, `Every trade-off of ${best.short_name}`)));
    section.append(trade);
    if (out.alternatives.length) {
      const p = el("p", { className: "kg-alternatives" });
      out.alternatives.forEach((o, i) => p.append(i ? ", " : "", optionLink(root, data, o)));
      section.append(el("p", { className: "kg-label", text: "Also possible" }), p);
    }
    if (out.ruledOut.length) {
      const number = new Map(out.reasons.map((r, i) => [r.id, i + 1]));
      section.append(el("p", { className: "kg-label", text: "Ruled out" }), el("ul", { className: "kg-ruled-out" },
        ...out.ruledOut.map((r) => el("li", { "data-option": r.option }, optionLink(root, data, r.option),
          `, see reason ${r.why.map((w) => number.get(w.id)).join(", ")}`))));
    }
    return section;
  };

  // --- the decision record (Markdown ADR) ---------------------------------------------------------------------
  const pageOf = (url) => url.split("#")[0];

  const recordSources = (data, out) => {
    const urls = [];
    const add = (list) => list.forEach((u) => { if (!urls.includes(u)) urls.push(u); });
    [...out.reasons, ...out.tradeOffs].forEach((r) => r.details.forEach((id) => {
      const crit = data.criteria.get(id);
      if (crit) add(crit.cells[out.recommended].sources);
    }));
    data.options.get(out.recommended).trade_offs.forEach((f) => add(f.sources));
    return urls.map((u) => `- ${data.titles.get(pageOf(u)) || u}: ${u}`);
  };

  const decisionRecord = (data, out, link) => {
    const { decision } = data;
    const name = (id) => data.options.get(id).name;
    const labels = (details) => details.map((id) => (data.criteria.get(id) || { label: id }).label).join(", ");
    const number = new Map(out.reasons.map((r, i) => [r.id, i + 1]));
    const asked = decision.questions.filter((q) => applies(decision, q, out.answers));
    const lines = [
      "# Decision record: how we hold the encryption keys", "",
      "- Status: proposed", `- Date: ${new Date().toISOString().slice(0, 10)}`, `- Reproduce: ${link}`, "",
      "## Context", "",
      "We need to choose how to hold the encryption keys of this workload on AWS. We compared the five key custody",
      "options with the decision helper of “KMS or CloudHSM? The key custody decision guide”, whose rules and facts are",
      "cited to official AWS documentation.", "",
      "## Requirements (as answered)", "",
      ...asked.map((q) => {
        const answer = q.answers.find((x) => x.id === out.answers[q.id]);
        return `- ${q.text} ${answer ? answer.label : "(not answered)"}`;
      }), "",
      "## Options considered", "",
      ...decision.default_order.map((o) => {
        const ruled = out.ruledOut.find((r) => r.option === o);
        if (o === out.recommended) return `- ${name(o)}: chosen`;
        if (ruled) return `- ${name(o)}: ruled out (reason ${ruled.why.map((w) => number.get(w.id)).join(", ")})`;
        return `- ${name(o)}: possible, ranked lower`;
      }), "",
      "## Decision", "",
      `We will use ${name(out.recommended)}.`, "",
      ...out.reasons.map((r, i) => `${i + 1}. ${r.text} (Compare: ${labels(r.details)}.)`), "",
      "## Consequences", "",
      ...out.tradeOffs.map((r) => `- ${r.text} (Compare: ${labels(r.details)}.)`),
      ...data.options.get(out.recommended).trade_offs.map((f) => `- ${f.text}`), "",
      "## Sources", "",
      ...recordSources(data, out), "",
    ];
    return lines.join("\n");
  };

  // --- mounting -----------------------------------------------------------------------------------------------
  const mount = async (root) => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    let data;
    try {
      data = await loadData(root);
    } catch (error) {
      root.append(el("p", { className: "kg-decide-error", role: "alert",
        text: `The helper could not load its data (${error.message}); the decision tree below still works.` }));
      return;
    }
    const { decision } = data;
    const form = buildForm(decision, effective(decision, readAnswers(decision)));
    const status = el("p", { className: "kg-decide-status", role: "status", "aria-live": "polite" });
    const result = el("div", { className: "kg-decide-output" });
    const record = el("textarea", { id: "decision-record", readOnly: true, rows: 14 });
    const copied = el("span", { className: "kg-decide-copied", role: "status", "aria-live": "polite" });
    const copy = el("button", { type: "button", text: "Copy as decision record" });
    const reset = el("button", { type: "button", text: "Clear answers" });
    const actions = el("div", { className: "kg-decide-actions" }, copy, reset, copied);
    const recordBox = el("div", { className: "kg-decide-record" },
      el("label", { for: record.id, text: "Decision record (Markdown)" }), record);

    const update = () => {
      const out = evaluate(decision, formAnswers(form));
      form.querySelectorAll("fieldset[data-question]").forEach((set) => {
        set.hidden = !applies(decision, findQuestion(decision, set.dataset.question), out.answers);
      });
      writeAnswers(decision, out.answers);
      result.replaceChildren(renderResult(data, root, out));
      const answered = Object.keys(out.answers).length;
      const open = decision.questions.filter((q) => applies(decision, q, out.answers)).length;
      status.textContent = `Recommended: ${data.options.get(out.recommended).name}. ${answered} of ${open} questions answered.`;
      const link = new URL(window.location.href);
      link.hash = "decide";
      record.value = decisionRecord(data, out, link.href);
      copied.textContent = "";
    };

    form.addEventListener("change", update);
    reset.addEventListener("click", () => {
      form.querySelectorAll("input:checked").forEach((input) => { input.checked = false; });
      update();
    });
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(record.value);
        copied.textContent = "Copied to the clipboard.";
      } catch {
        record.select();
        copied.textContent = "Copying is blocked here: the record is selected below, copy it with your keyboard.";
      }
    });
    root.replaceChildren(form, status, actions, result, recordBox);
    update();
  };

  const init = () => document.querySelectorAll(".kg-decide[data-decision-src]").forEach(mount);
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);

  // For the browser tests: the same evaluator the form uses, callable on any answers.
  window.kgDecision = { evaluate, effective, applies };
})();
