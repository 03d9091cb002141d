// Cost calculator and the scenario table's Region choice. The formulas are macros/cost.py's, for inputs only a
// reader knows; the build writes golden vectors computed in Python (/data/cost-vectors.json) and a Node test
// (tests/js/cost.test.mjs) holds this file to them. The parameters come from /data/cost-model.json.
(() => {
  "use strict";

  // --- the model (mirrors macros/cost.py: kms_charges, hsm_charges, monthly_cost, break_even) -----------------
  const requests = (count, rate) => (count <= 0 ? 0 : rate === null || rate === undefined ? null : (count / 10000) * rate);

  const kmsCharges = (r, w) => {
    const perKey = r.key_month + Math.min(w.rotations, r.billed_rotations) * r.rotation_month;
    const keys = w.keys * perKey * (w.hours / r.hours_per_month);
    const freeLeft = Math.max(0, r.free_requests - w.symmetric_requests);
    const symmetric = requests(w.symmetric_requests - r.free_requests, r.symmetric_10k);
    const asymmetric = requests(w.asymmetric_requests - freeLeft, r.asymmetric_10k);
    return symmetric === null || asymmetric === null ? null : keys + symmetric + asymmetric;
  };

  const hsmCharges = (r, w) => (r.hsm_hourly === null ? null : w.hsm_count * w.hours * r.hsm_hourly);

  const monthlyCost = (components, option, r, w) => {
    const parts = components[option];
    const kms = parts.includes("kms") ? kmsCharges(r, w) : null;
    const hsm = parts.includes("hsm") ? hsmCharges(r, w) : null;
    const missing = (parts.includes("hsm") && hsm === null) || (parts.includes("kms") && kms === null);
    // Key charges are stated for every Region; where a request price is missing they are still known.
    const keys = parts.includes("kms") ? kmsCharges(r, { ...w, symmetric_requests: 0, asymmetric_requests: 0 }) : null;
    const known = (kms !== null ? kms : keys || 0) + (hsm || 0);
    return { option, kms, hsm, external: parts.includes("external"), total: missing ? null : (kms || 0) + (hsm || 0), known };
  };

  const breakEven = (r, w) => {
    const hsm = hsmCharges(r, w);
    const fixed = kmsCharges(r, { ...w, symmetric_requests: 0 });
    if (hsm === null || fixed === null || r.symmetric_10k === null) return { kind: "unknown", requests: null, kms_fixed: fixed, hsm };
    if (fixed >= hsm) return { kind: "never", requests: null, kms_fixed: fixed, hsm };
    const free = r.free_requests;
    const atFree = kmsCharges(r, { ...w, symmetric_requests: free });
    if (atFree === null) return { kind: "unknown", requests: null, kms_fixed: fixed, hsm };
    let count;
    if (atFree >= hsm) {
      const keys = atFree - (w.asymmetric_requests / 10000) * (r.asymmetric_10k || 0);
      count = free - w.asymmetric_requests + ((hsm - keys) / (r.asymmetric_10k || 1)) * 10000;
    } else {
      count = free + ((hsm - atFree) / r.symmetric_10k) * 10000;
    }
    return { kind: "at", requests: count, kms_fixed: fixed, hsm };
  };

  const money = (v) => {
    if (v === null || !Number.isFinite(v)) return "–";
    const digits = Math.abs(v) < 1000 ? 2 : 0;
    return `$${v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  };
  const count = (v) => {
    for (const [size, word] of [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]]) {
      if (v >= size) return `${Number((v / size).toPrecision(3)).toLocaleString("en-US")} ${word}`;
    }
    return Math.round(v).toLocaleString("en-US");
  };

  // A total as macros/cost.py's total_text shows it (the Node test holds the two to the same words): the known part
  // where a KMS request price is missing.
  const totalText = (c, parts) => {
    const external = c.external ? " + your key manager" : "";
    if (c.total !== null) return money(c.total) + external;
    if (parts.includes("hsm") && c.hsm === null) return "not priced here";
    return `at least ${money(c.known)}${external}; KMS requests unpriced`;
  };

  // One cell of the calculator's result, as macros/cost.py's part_text words it (held together by the Node test).
  const partText = (c, part, parts) => {
    if (part === "total") return totalText(c, parts);
    if (!parts.includes(part)) return "";
    if (part === "kms") return c.kms === null ? `at least ${money(c.known - (c.hsm || 0))}; requests unpriced` : money(c.kms);
    return c.hsm === null ? "not priced here" : money(c.hsm);
  };

  const model = { kmsCharges, hsmCharges, monthlyCost, breakEven, money, count, totalText, partText };
  if (typeof module !== "undefined" && module.exports) { module.exports = model; return; } // the Node test
  if (window.kgCost) return; // instant navigation runs this script again on every visit: subscribe once
  window.kgCost = model;

  // --- reading inputs: bounded, with a message, never Infinity or NaN -----------------------------------------
  const readField = (input, errors) => {
    const raw = input.value.trim().replace(/,/g, "");
    const min = Number(input.dataset.min);
    const max = Number(input.dataset.max);
    const whole = input.dataset.whole === "1";
    const value = raw === "" ? NaN : Number(raw);
    const label = input.closest("label").querySelector("span").textContent;
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      errors.push(`${label}: enter ${whole ? "a whole number" : "a number"} from ${count(min)} to ${count(max)}.`);
      input.setAttribute("aria-invalid", "true");
      return null;
    }
    input.removeAttribute("aria-invalid");
    return value;
  };

  const WORKLOAD = { keys: "keys", rotations: "rotations", requests: "symmetric_requests", asym: "asymmetric_requests",
    hsms: "hsm_count", hours: "hours" };

  const mountCalculator = async (root) => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    const form = root.querySelector("form");
    const error = root.querySelector(".kg-calc-error");
    let data;
    try {
      const response = await fetch(new URL(root.dataset.model, window.location.href));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      data = await response.json();
    } catch (err) {
      error.hidden = false;
      error.textContent = `The price data could not be loaded (${err.message}); the tables above show the same model.`;
      return;
    }
    if (!root.isConnected) return; // the reader moved on (instant navigation) while the data loaded
    const notes = [];
    const params = new URLSearchParams(window.location.search);
    const region = form.elements.region;
    const type = form.elements.hsm_type;
    const wantedRegion = params.get("region");
    if (wantedRegion && !(wantedRegion in data.regions)) {
      notes.push(`There are no prices for the Region "${wantedRegion.slice(0, 40)}" in this guide; showing ${data.regions[data.default_region].name} instead.`);
    } else if (wantedRegion) region.value = wantedRegion;
    const wantedType = params.get("hsm_type");
    if (wantedType && [...type.options].some((o) => o.value === wantedType && !o.disabled)) type.value = wantedType;
    else if (wantedType) notes.push(`The HSM type "${wantedType.slice(0, 20)}" cannot be chosen for a new cluster; showing ${type.value}.`);
    Object.keys(WORKLOAD).concat("rate").forEach((name) => { if (params.has(name)) form.elements[name].value = params.get(name); });

    // The sentences are the build's (data-says on the widget, from macros/render/cost.py), filled with these values.
    const says = JSON.parse(root.dataset.says);
    const say = (key, values) => says[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
    const rates = () => data.regions[region.value].rates[type.value];
    const listedRate = () => rates()?.hsm_hourly ?? null;
    // A shared link carries the rate the calculator filled in: only a different one is the reader's own.
    let rateEdited = params.has("rate") && Number(params.get("rate")) !== listedRate();
    const fillRate = () => {
      form.elements.rate.value = listedRate() === null ? "" : String(listedRate());
      rateEdited = false;
    };
    if (!rateEdited) fillRate();

    // The reader's inputs go into the address (a pasted link reproduces them); the page's own defaults do not.
    const update = (byReader = true) => {
      const errors = [];
      const w = {};
      Object.entries(WORKLOAD).forEach(([name, key]) => { w[key] = readField(form.elements[name], errors); });
      const rate = readField(form.elements.rate, errors);
      if (byReader) {
        const url = new URL(window.location.href);
        [...form.elements].forEach((el) => { if (el.name) url.searchParams.set(el.name, el.value); });
        history.replaceState(history.state, "", url);
      }
      error.hidden = errors.length === 0 && notes.length === 0;
      error.textContent = [...notes, ...errors].join(" ");
      const cells = root.querySelectorAll("tbody td[data-option]");
      if (errors.length) {
        cells.forEach((td) => { td.textContent = "–"; });
        root.querySelector(".kg-calc-breakeven").textContent = "";
        return;
      }
      const r = { ...rates(), hsm_hourly: rate };
      cells.forEach((td) => {
        const parts = data.components[td.dataset.option];
        const c = monthlyCost(data.components, td.dataset.option, r, w);
        td.textContent = partText(c, td.dataset.part, parts);
      });
      const be = breakEven(r, w);
      const evidence = data.regions[region.value].evidence || {};
      const values = { hsms: `${w.hsm_count} HSM${w.hsm_count === 1 ? "" : "s"}`, requests: count(be.requests || 0),
        fixed: money(be.kms_fixed), hsm: money(be.hsm), evidence: evidence[type.value] || "from the price list" };
      root.querySelector(".kg-calc-breakeven").textContent = say(be.kind, values);
      root.querySelector(".kg-calc-evidence").textContent = say(rateEdited ? "own-rate" : "evidence", values);
    };

    form.addEventListener("input", (event) => {
      if (event.target.name === "rate") rateEdited = true;
      update();
    });
    form.addEventListener("change", (event) => {
      if (event.target.name === "region" || event.target.name === "hsm_type") fillRate();
      update();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    // The page came with the build's figures for the prefilled inputs: recompute only if the address changed them.
    if ([...params.keys()].length || notes.length) update(false);
    root.dataset.ready = "1"; // for tests and scripts: the figures shown are the reader's, not the build's
  };

  // --- the scenario table: the reader's Region, as the build computed it (data/scenario-costs.json) ------------
  const mountScenarios = async (root) => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    let costs;
    try {
      const response = await fetch(new URL(root.dataset.costs, window.location.href));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      costs = await response.json();
    } catch {
      return; // the table keeps the default Region's figures, which are in the page
    }
    if (!root.isConnected) return;
    const select = root.querySelector(".kg-region-pick select");
    const caption = root.querySelector("caption");
    const note = root.querySelector(".kg-region-note");
    const show = () => {
      const region = costs[select.value];
      caption.textContent = region.caption;
      note.textContent = region.caption; // announced: the caption itself is not a live region
      root.querySelectorAll("tr[data-anchor]").forEach((row) => {
        row.querySelectorAll("td[data-option]").forEach((td) => {
          const [total, parts] = region.cells[row.id]?.[td.dataset.option] ?? [];
          if (total === undefined) return; // not possible for this workload, in every Region
          td.querySelector(".kg-total").textContent = total;
          td.querySelector(".kg-more-info p").textContent = parts;
        });
      });
    };
    select.addEventListener("change", show);
    root.dataset.ready = "1";
  };

  const init = () => {
    document.querySelectorAll("[data-widget='cost-calculator']").forEach(mountCalculator);
    document.querySelectorAll("[data-widget='scenarios']").forEach(mountScenarios);
  };
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
