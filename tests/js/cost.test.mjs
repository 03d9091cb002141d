// The calculator's formulas (docs/assets/javascripts/cost.js) against the golden vectors the build computed in
// Python (macros/cost.py). Run by tests/test_cost.py with KG_SITE pointing at a built site; no browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const model = require("../../docs/assets/javascripts/cost.js");
const site = process.env.KG_SITE;
const read = (name) => JSON.parse(fs.readFileSync(path.join(site, "data", name), "utf8"));
const vectors = read("cost-vectors.json");
const costModel = read("cost-model.json");

const close = (actual, expected, what) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
};

test("there are golden vectors for every Region", () => {
  const regions = new Set(vectors.map((v) => v.region));
  assert.deepEqual([...regions].sort(), Object.keys(costModel.regions).sort());
});

test("monthly cost of every option matches Python for every vector", () => {
  for (const v of vectors) {
    const rates = costModel.regions[v.region].rates[v.hsm_type];
    for (const [option, expected] of Object.entries(v.costs)) {
      const got = model.monthlyCost(costModel.components, option, rates, v.workload);
      const where = `${v.region} ${v.hsm_type} ${JSON.stringify(v.workload)} ${option}`;
      close(got.kms, expected.kms, `${where} kms`);
      close(got.hsm, expected.hsm, `${where} hsm`);
      close(got.total, expected.total, `${where} total`);
      close(got.known, expected.known, `${where} known`);
      for (const [part, text] of Object.entries(expected.texts)) {
        assert.equal(model.partText(got, part, costModel.components[option]), text, `${where} ${part} as shown`);
      }
      assert.equal(got.external, expected.external, `${where} external`);
    }
  }
});

test("break-even matches Python for every vector", () => {
  for (const v of vectors) {
    const rates = costModel.regions[v.region].rates[v.hsm_type];
    const got = model.breakEven(rates, v.workload);
    const where = `${v.region} ${JSON.stringify(v.workload)}`;
    assert.equal(got.kind, v.break_even.kind, where);
    close(got.requests, v.break_even.requests, `${where} requests`);
  }
});

test("amounts never print as Infinity, NaN or in exponent form", () => {
  for (const value of [Infinity, -Infinity, NaN, null]) assert.equal(model.money(value), "–");
  assert.equal(model.money(1e15), "$1,000,000,000,000,000");
  assert.equal(model.money(2336), "$2,336");
  assert.equal(model.money(12.345), "$12.35");
  assert.equal(model.count(775e6), "775 million");
});
