// Cost calculator. It reads the parameters the build emitted (/data/pricing.json) and applies the same formulas
// as macros/cost.py; tests/browser/test_cost.py checks both give the same result on every scenario.
(() => {
  "use strict";
  // Instant navigation runs this script again on every visit to its page: subscribe once, on the first run.
  if (window.kgCost) return;

  const region = (p, id) => p.regions.find((r) => r.id === id);

  const kmsCharges = (p, w) => {
    const k = region(p, w.region).kms;
    const perKey = k.key_month.value + Math.min(w.rotations, k.rotation_month.billed_rotations) * k.rotation_month.value;
    const keys = w.keys * perKey * (w.hours / p.hours_per_month);
    const billable = Math.max(0, w.symmetric_requests - k.free_requests_month.value);
    return keys + billable / 10000 * k.symmetric_per_10k.value;
  };

  const monthlyCost = (p, option, w) => {
    const parts = p.components[option];
    const kms = parts.includes("kms") ? kmsCharges(p, w) : null;
    const hsmHours = parts.includes("hsm") ? w.hsm_count * w.hours : 0;
    let hsm = null;
    if (hsmHours && w.hsm_hourly !== null) hsm = hsmHours * w.hsm_hourly;
    const total = hsmHours && hsm === null ? null : (kms || 0) + (hsm || 0);
    return { option, kms, hsm_hours: hsmHours, hsm, external: parts.includes("external"), total };
  };

  const breakEven = (p, w) => {
    if (w.hsm_hourly === null) return null;
    const k = region(p, w.region).kms;
    const keysOnly = kmsCharges(p, { ...w, symmetric_requests: 0, hsm_count: 0 });
    const gap = w.hsm_count * w.hours * w.hsm_hourly - keysOnly;
    return k.free_requests_month.value + Math.max(gap, 0) / k.symmetric_per_10k.value * 10000;
  };

  const money = (v) => (v === null ? "–" : "$" + v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

  // Exposed so the browser tests can run the same scenarios as the Python model.
  window.kgCost = { kmsCharges, monthlyCost, breakEven };

  const FIELDS = { keys: "KMS keys", requests: "Symmetric requests per month", rotations: "Rotations per key",
    hsms: "HSMs in the cluster", hours: "Hours in the month", rate: "CloudHSM price per HSM-hour" };

  const read = (form) => {
    const errors = [];
    const value = (name, { optional = false, whole = false, max = Infinity } = {}) => {
      const raw = form.elements[name].value.trim();
      if (raw === "" && optional) return null;
      const n = Number(raw);
      if (raw === "" || !Number.isFinite(n) || n < 0 || n > max || (whole && !Number.isInteger(n))) {
        errors.push(`${FIELDS[name]}: enter ${whole ? "a whole number" : "a number"} of zero or more${max < Infinity ? ` and at most ${max}` : ""}.`);
        return 0;
      }
      return n;
    };
    const w = {
      region: form.elements.region.value,
      keys: value("keys", { whole: true }),
      symmetric_requests: value("requests", { whole: true }),
      rotations: value("rotations", { whole: true }),
      hsm_count: value("hsms", { whole: true }),
      hours: value("hours", { max: 744 }),
      hsm_hourly: value("rate", { optional: true }),
    };
    if (!errors.length && w.hours === 0) errors.push("Hours in the month: enter more than zero.");
    return { w, errors };
  };

  const chart = (p, w, options) => {
    if (w.hsm_hourly === null) return "";
    const W = 640, H = 320, L = 70, R = 150, T = 16, B = 46;
    const xs = Array.from({ length: 41 }, (_, i) => 10 ** (5 + i / 8));
    const series = options.map((o) => ({ o, pts: xs.map((x) => [x, monthlyCost(p, o.id, { ...w, symmetric_requests: Math.round(x) }).total]) }));
    const ymax = Math.max(...series.flatMap((s) => s.pts.map(([, y]) => y)), 1);
    const lx = (x) => L + (Math.log10(x) - 5) / 5 * (W - L - R);
    const ly = (y) => T + (1 - Math.log10(Math.max(y, 1)) / Math.log10(ymax)) * (H - T - B);
    const grid = [5, 6, 7, 8, 9, 10].map((e) => `<line class="kg-grid" x1="${lx(10 ** e)}" y1="${T}" x2="${lx(10 ** e)}" y2="${H - B}"/><text x="${lx(10 ** e)}" y="${H - B + 16}" text-anchor="middle">10^${e}</text>`).join("");
    const lines = series.map((s, i) => `<path class="kg-line kg-line-${i}" d="${s.pts.map(([x, y], j) => `${j ? "L" : "M"}${lx(x).toFixed(1)},${ly(y).toFixed(1)}`).join(" ")}"/><text x="${W - R + 6}" y="${(ly(s.pts[s.pts.length - 1][1]) + 4 + i * 3).toFixed(1)}">${s.o.name}</text>`).join("");
    return `<svg class="kg-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Monthly cost of each option against symmetric requests per month, at the entered hourly rate">${grid}${lines}<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">Symmetric requests per month (log scale)</text><text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">USD per month (log)</text></svg>`;
  };

  const mount = (root) => {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    const form = root.querySelector("form");
    const error = root.querySelector(".kg-calc-error");
    const params = new URLSearchParams(window.location.search);
    for (const el of form.elements) if (el.name && params.has(el.name)) el.value = params.get(el.name);
    fetch(root.dataset.pricing).then((r) => r.json()).then((p) => {
      const options = [...root.querySelectorAll("thead th[data-option]")].map((th) => ({ id: th.dataset.option, name: th.textContent.trim() }));
      const update = () => {
        const { w, errors } = read(form);
        error.hidden = errors.length === 0;
        error.textContent = errors.join(" ");
        const url = new URL(window.location.href);
        for (const el of form.elements) if (el.name) url.searchParams.set(el.name, el.value);
        history.replaceState(history.state, "", url);
        root.querySelectorAll("tbody td[data-option]").forEach((td) => {
          if (errors.length) { td.textContent = "–"; return; }
          const c = monthlyCost(p, td.dataset.option, w);
          let text = c.total !== null ? money(c.total) : `${c.kms !== null ? money(c.kms) + " + " : ""}${c.hsm_hours.toLocaleString("en-US")} HSM-hours × rate`;
          if (c.external) text += " + external key manager";
          td.textContent = text;
          td.dataset.total = c.total === null ? "" : String(c.total);
        });
        const be = errors.length ? null : breakEven(p, w);
        root.querySelector(".kg-calc-breakeven").textContent = be === null ? "Enter the HSM-hour price to see where the lines cross."
          : `With these inputs, ${w.hsm_count} HSMs cost as much as AWS KMS alone at ${Math.round(be).toLocaleString("en-US")} symmetric requests a month.`;
        root.querySelector(".kg-calc-chart").innerHTML = errors.length ? "" : chart(p, w, options);
      };
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", (e) => e.preventDefault());
      update();
    }).catch(() => { error.hidden = false; error.textContent = "The price data could not be loaded."; });
  };

  const init = () => document.querySelectorAll("[data-widget='cost-calculator']").forEach(mount);
  // Material's document$ emits on the first load and after every instant navigation. A deferred script can run
  // before Material's bundle has defined it; by DOMContentLoaded every deferred script has run.
  const start = () => (typeof document$ !== "undefined" ? document$.subscribe(init) : init());
  if (typeof document$ !== "undefined") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
