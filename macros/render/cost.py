"""The cost page: what a cluster costs, the prices with their evidence, the scenarios, the chart, the calculator."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import urlencode

from .. import cost as model
from .. import decision as dec
from ..cost import EVIDENCE_WORDS
from ..models import PRICE_ITEM_LABELS, Price, PricingFile, Scenario
from . import Link, Renderer

KMS_ITEMS = {k: v for k, v in PRICE_ITEM_LABELS.items() if k.startswith("kms-")}


def evidence_words(price: Price) -> str:
    return EVIDENCE_WORDS[price.evidence.level]


def _amount(price: Price) -> str:
    return model.count(price.value) if price.item == "kms-free-requests" else f"${price.value:,.2f}"


def _region_groups(p: PricingFile) -> list[tuple[str, list[Any]]]:
    """The Region pickers' groups: Regions with a verified KMS request price, then those without one (key charges
    are stated for every Region). A group label, not a longer entry, says which: entries stay short on a phone."""
    kms = {x.region for x in p.prices if x.item == "kms-symmetric-10k"}
    priced = [reg for reg in p.regions if reg.id in kms or "all" in kms]
    rest = [reg for reg in p.regions if reg not in priced]
    return [(label, regs) for label, regs in (("AWS KMS and CloudHSM prices", priced),
                                               ("CloudHSM prices; KMS requests unpriced", rest)) if regs]


def _region_name(p: PricingFile, region_id: str) -> str:
    return next(r.name for r in p.regions if r.id == region_id)


def cluster_headline(r: Renderer, link: Link, hsm_count: int = 2) -> str:
    """The figure readers come for: a production cluster's monthly cost in the default Region, with its evidence."""
    p = r.guide.pricing
    hsm_type = next(t.id for t in p.hsm_types if t.new_clusters)
    price = model.find_price(p, "hsm-hour", p.default_region, hsm_type)
    assert price is not None  # the loader requires an HSM-hour price for every Region and new-cluster HSM type
    monthly = hsm_count * p.hours_per_month * price.value
    key = model.find_price(p, "kms-key-month", p.default_region)
    requests = model.find_price(p, "kms-symmetric-10k", p.default_region)
    return r.html("cost_headline.html", link, hsm_count=hsm_count, hsm_type=hsm_type, price=price,
                  region=_region_name(p, p.default_region), region_id=p.default_region, hours=p.hours_per_month,
                  monthly=model.money(monthly), rate=f"${price.value:,.2f}", words=evidence_words(price),
                  key=key, requests=requests)


def hsm_prices(r: Renderer, link: Link) -> str:
    """CloudHSM's hourly price per HSM in every Region we publish, with a 2-HSM month beside it."""
    p = r.guide.pricing
    rows = []
    for price in (x for x in p.prices if x.item == "hsm-hour"):
        label = f"{_region_name(p, price.region)} ({price.region}), {price.hsm_type}"
        monthly = model.money(2 * p.hours_per_month * price.value)
        rows.append({"price": price, "label": label, "values": [f"${price.value:,.2f}", monthly]})
    return r.html("prices.html", link, rows=rows, caption="AWS CloudHSM, per HSM per hour",
                  head=["Region and HSM type", "Per HSM-hour", f"2 HSMs, {p.hours_per_month:g} hours"])


def kms_prices(r: Renderer, link: Link) -> str:
    """AWS KMS list prices by Region: keys, rotations, requests, the free tier."""
    p = r.guide.pricing
    rows = [{"price": x, "label": f"{KMS_ITEMS[x.item]} ({x.region})", "values": [_amount(x)]}
            for x in p.prices if x.item in KMS_ITEMS]
    return r.html("prices.html", link, rows=rows, caption="AWS KMS", head=["Item", "USD"])


def hsm_types(r: Renderer, link: Link) -> str:
    """Each HSM type with its FIPS validation, and whether new clusters may use it (with its lifecycle, cited)."""
    return r.html("hsm_types.html", link, types=r.guide.pricing.hsm_types)


def rotation_cap(r: Renderer, link: Link) -> str:
    return r.html("rotation_cap.html", link, cap=r.guide.pricing.rotation_cap)


def unpriced(r: Renderer, link: Link) -> str:
    return r.html("unpriced.html", link, items=r.guide.pricing.unpriced)


@dataclass(frozen=True)
class CellView:
    option: str
    possible: bool
    total: str = ""
    parts: str = ""
    why: str = ""
    css: str = ""


def _scenario_cells(r: Renderer, w: model.Workload, rates: model.Rates, ruled_out: dict[str, str]) -> list[CellView]:
    p = r.guide.pricing
    cells = []
    for option in r.guide.options:
        if option.id in ruled_out:
            cells.append(CellView(option.id, False, why=ruled_out[option.id], css="kg-impossible"))
            continue
        c = model.monthly_cost(p, option.id, rates, w)
        cells.append(CellView(option.id, True, model.total_text(c, p.components[option.id]),
                              _breakdown(p.components[option.id], c, rates, w)))
    return cells


def _breakdown(components: list[str], c: model.Cost, rates: model.Rates, w: model.Workload) -> str:
    """How a scenario's total adds up; where a price is missing, what is known and what is not."""
    parts = []
    if "kms" in components:
        parts.append(f"AWS KMS {model.money(c.kms)}" if c.kms is not None else
                     f"AWS KMS keys {model.money(c.kms_known)}, requests not priced here (no verified request price "
                     f"for {rates.region})")
    if "hsm" in components:
        parts.append(f"{w.hsm_count} HSMs × {w.hours:g} h × ${rates.hsm_hourly:,.2f} = {model.money(c.hsm)}"
                     if c.hsm is not None else f"CloudHSM not priced here (no HSM-hour rate for {rates.region})")
    if c.external:
        parts.append("plus your external key manager and XKS proxy, which list prices cannot cover")
    return "; ".join(parts) + "."


def _ruled_out(r: Renderer, sc: Scenario) -> dict[str, str]:
    """What the decision helper rules out for the scenario's answers, with the reason it gives."""
    if not sc.answers:
        return {}
    outcome = dec.outcome_for(r.guide.decision, sc.answers, r.guide.engine)
    rules = {rule.id: rule for rule in r.guide.decision.rules}
    # The rule's title only: a table cell is no place for the full argument, which the helper's outcome gives.
    return {option: "; ".join(rules[rid].title for rid in why) + "." for option, why in outcome.ruled_out}


def scenario_table(r: Renderer, link: Link) -> str:
    """Each scenario's monthly list-price cost under every option ("not possible" with the helper's reason)."""
    p = r.guide.pricing
    region = p.default_region
    rows = []
    for sc in p.scenarios:
        inputs = (f"{sc.keys:,} keys, {model.count(sc.symmetric_requests)} symmetric and "
                  f"{model.count(sc.asymmetric_requests)} asymmetric requests a month, {sc.rotations} rotation(s), "
                  f"{sc.hsm_count} × {sc.hsm_type}, {sc.hours:g} hours.")
        rows.append({"sc": sc, "inputs": inputs, "cells": _scenario_row(r, sc, region, _ruled_out(r, sc)),
                     "query": urlencode(sc.answers)})
    return r.html("scenarios.html", link, rows=rows, caption=_scenario_caption(p, region),
                  region_groups=_region_groups(p), default=region, options=r.guide.options)


def _scenario_row(r: Renderer, sc: Scenario, region: str, ruled_out: dict[str, str]) -> list[CellView]:
    rates = model.rates(r.guide.pricing, region, sc.hsm_type)
    w = model.Workload(sc.keys, sc.rotations, sc.symmetric_requests, sc.asymmetric_requests, sc.hsm_count, sc.hours)
    return _scenario_cells(r, w, rates, ruled_out)


def scenario_costs(r: Renderer) -> dict[str, Any]:
    """Every Region's caption, totals and breakdowns for the scenario table, computed here once: when a reader picks
    another Region, cost.js swaps these texts in and computes nothing."""
    p = r.guide.pricing
    ruled_out = {sc.id: _ruled_out(r, sc) for sc in p.scenarios}  # the helper's verdict does not depend on Region
    return {reg.id: {"caption": _scenario_caption(p, reg.id),
                     "cells": {sc.id: {c.option: [c.total, c.parts]
                                       for c in _scenario_row(r, sc, reg.id, ruled_out[sc.id]) if c.possible}
                               for sc in p.scenarios}}
            for reg in p.regions}


def _scenario_caption(p: PricingFile, region: str) -> str:
    price = model.find_price(p, "hsm-hour", region, p.scenarios[0].hsm_type)
    return (f"{_region_name(p, region)} ({region}) list prices" + (
        f"; CloudHSM at ${price.value:,.2f} per HSM-hour, {evidence_words(price)}" if price else ""))


# --- the chart --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


def _short_money(value: float) -> str:
    return f"${value / 1000:,.0f}k" if value >= 1000 else f"${value:,.0f}"


def _short_count(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


#: The chart's text size in SVG units (guide.css) and an average glyph width a little above the drawn font's, so an
#: estimated label box errs wide; the browser test measures the drawn label against the drawn lines.
CHART_FONT = 12.0
GLYPH = 0.52 * CHART_FONT


def place_label(label: str, at: tuple[float, float], points: list[tuple[float, float]],
                plot: tuple[float, float, float, float]) -> tuple[float, float, str]:
    """Where a marker's label goes: the first spot beside the marker, then higher above it, whose box stays inside
    the plot and clear of every line (the lines are drawn through ``points``, close enough that segments between them
    cannot cross a box unseen). Returns the text's x, baseline y and text-anchor."""
    mx, my = at
    left, top, right, bottom = plot
    width, pad = len(label) * GLYPH, 3.0

    def box(x: float, y: float, anchor: str) -> tuple[float, float, float, float]:
        x0 = x - width if anchor == "end" else x
        return x0 - pad, y - CHART_FONT - pad, x0 + width + pad, y + pad

    # Four points per segment; a jump back to the left is where one line ends and the next begins.
    dense = points + [(a[0] + (c[0] - a[0]) * k / 4, a[1] + (c[1] - a[1]) * k / 4)
                      for a, c in pairwise(points) for k in range(1, 4) if 0 <= c[0] - a[0] < 20]

    def free(b: tuple[float, float, float, float]) -> bool:
        inside = left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom
        return inside and not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for x, y in dense)

    for dy in (-8, 18, -22, -36, -50):
        for x, anchor in ((mx - 6, "end"), (mx + 6, "start")):
            if free(box(x, my + dy, anchor)):
                return x, my + dy, anchor
    return left + 4, top + CHART_FONT + 2, "start"  # the plot's top-left corner, where no cost is that high


def chart_data(r: Renderer, keys: int = 10, hsm_count: int = 2) -> dict[str, Any]:
    """Monthly cost against symmetric requests (log-log) for every option, in the default Region."""
    p, options = r.guide.pricing, r.guide.options
    hsm_type = next(t.id for t in p.hsm_types if t.new_clusters)
    rates = model.rates(p, p.default_region, hsm_type)
    width, height, left, right, top, bottom = 360, 250, 44, 350, 10, 212
    x0, x1 = 5, 10  # 100k to 10 billion requests a month
    xs = [10 ** (x0 + i * (x1 - x0) / 100) for i in range(101)]

    def cost(option: str, requests: float) -> float | None:
        w = model.Workload(keys=keys, symmetric_requests=requests, hsm_count=hsm_count, hours=p.hours_per_month)
        return model.monthly_cost(p, option, rates, w).total

    curves: dict[tuple[float | None, ...], list[int]] = {}
    for index, option in enumerate(options):  # options that cost the same share one line and one legend entry
        curves.setdefault(tuple(cost(option.id, x) for x in xs), []).append(index)
    ymax = max(v for curve in curves for v in curve if v is not None)
    y0, y1 = 0, math.ceil(math.log10(ymax))
    lx = lambda x: left + (math.log10(x) - x0) / (x1 - x0) * (right - left)  # noqa: E731
    ly = lambda y: bottom - (math.log10(max(y, 1.0)) - y0) / (y1 - y0) * (bottom - top)  # noqa: E731
    series = []
    for curve, indexes in curves.items():
        if all(v is None for v in curve):
            continue
        names = [options[i].short_name for i in indexes]
        external = any("external" in p.components[options[i].id] for i in indexes)
        label = ", ".join(names) + (" (plus your external key manager)" if external else "")
        path = " ".join(f"{'M' if k == 0 else 'L'}{lx(x):.1f},{ly(y):.1f}" for k, (x, y) in enumerate(zip(xs, curve, strict=True))
                        if y is not None)
        series.append({"index": indexes[0], "label": label, "path": path})
    be = model.break_even(rates, model.Workload(keys=keys, hsm_count=hsm_count, hours=p.hours_per_month))
    marker = None
    if be.kind == "at" and be.requests and 10**x0 <= be.requests <= 10**x1 and be.hsm:
        mx, my = lx(be.requests), ly(be.hsm)
        label = f"Break-even: {model.count(be.requests)} requests"
        points = [(lx(x), ly(y)) for curve in curves for x, y in zip(xs, curve, strict=True) if y is not None]
        tx, ty, anchor = place_label(label, (mx, my), points, (left, top, right, bottom))
        marker = {"x": f"{mx:.1f}", "y": f"{my:.1f}", "tx": f"{tx:.1f}", "ty": f"{ty:.1f}", "anchor": anchor,
                  "label": label}
    standard, direct = options[0].short_name, next((o.short_name for o in options if p.components[o.id] == ["hsm"]), "")
    region = _region_name(p, p.default_region)
    return {
        "width": width, "height": height, "left": left, "right": right, "top": top, "bottom": bottom,
        "xticks": [Tick(round(lx(10**e), 1), _short_count(10**e)) for e in range(x0, x1 + 1)],
        "yticks": [Tick(round(ly(10**e), 1), _short_money(10**e)) for e in range(y0, y1 + 1)],
        "series": series, "marker": marker,
        "title": f"Monthly list price against symmetric requests per month, {region}",
        # Shown above the plot: the chart does not follow the calculator's Region or inputs, and says so first.
        "heading": (f"{region} ({p.default_region}) list prices, {keys} KMS keys, {hsm_count} × {hsm_type}: the "
                    f"calculator's prefilled inputs"),
        "desc": (f"{keys} KMS keys and a {hsm_count}-HSM {hsm_type} cluster. A cluster costs the same every hour "
                 f"whatever the volume; AWS KMS grows with requests. "
                 + (f"{standard} costs less than {direct} below {model.count(be.requests)} requests a month."
                    if be.kind == "at" and be.requests else "")),
        "caption": (f"Not redrawn for the Region or figures you choose in the calculator. List prices as of {p.as_of}; "
                    f"${rates.hsm_hourly:,.2f} per HSM-hour ({EVIDENCE_WORDS[_hsm_level(p, hsm_type)]}), "
                    f"{p.hours_per_month:g} hours. Both axes use a log scale. Options that cost the same share a line."),
    }


def _hsm_level(p: PricingFile, hsm_type: str) -> str:
    price = model.find_price(p, "hsm-hour", p.default_region, hsm_type)
    return price.evidence.level if price else "secondary"


def cost_chart(r: Renderer, link: Link) -> str:
    return r.html("chart.html", link, c=chart_data(r))


# --- the calculator ----------------------------------------------------------------------------------------------


def calculator(r: Renderer, link: Link) -> str:
    p = r.guide.pricing
    b = model.BOUNDS
    hsm_type = next(t.id for t in p.hsm_types if t.new_clusters)
    rate = model.find_price(p, "hsm-hour", p.default_region, hsm_type)
    # Field names are the query parameters of a shared link (?hsms=3&rate=1.45), kept stable for old links.
    fields = [
        ("keys", "keys", "KMS keys", "10", True, "Customer managed keys, each billed per month."),
        ("rotations", "rotations", "Rotations per key so far", "0", True, f"Only the first {p.billed_rotations} are billed."),
        ("requests", "symmetric_requests", "Symmetric requests per month", "1000000", True,
         "Encrypt, Decrypt, GenerateDataKey and the like."),
        ("asym", "asymmetric_requests", "Asymmetric requests per month", "0", True,
         "Sign, Verify and asymmetric Encrypt or Decrypt, at the rate for keys other than RSA 2048."),
        ("hsms", "hsm_count", "HSMs in the cluster", "2", True,
         "AWS recommends at least 2, in different Availability Zones; a CloudHSM key store needs 2."),
        ("hours", "hours", "Hours in the month", f"{p.hours_per_month:g}", False, "Up to 744 (a 31-day month)."),
        ("rate", "hsm_hourly", "Price per HSM-hour (USD)", f"{rate.value:g}" if rate else "", False,
         "Filled in from the price list for the Region and HSM type; you may type your own."),
    ]
    views = [{"name": n, "label": label, "value": v, "whole": whole, "hint": hint, "min": f"{b[key][0]:g}",
              "max": f"{b[key][1]:g}"} for n, key, label, v, whole, hint in fields]
    parts = [("kms", "AWS KMS"), ("hsm", "CloudHSM"), ("total", "Total")]
    # The page shows the prefilled inputs' figures as the build computed them; cost.js recomputes only when the
    # reader changes an input, so nothing moves when it starts.
    w = model.Workload(**{key: int(v) if whole else float(v) for _, key, _, v, whole, _ in fields if key != "hsm_hourly"})
    rates = model.rates(p, p.default_region, hsm_type)
    costs = {o.id: model.monthly_cost(p, o.id, rates, w) for o in r.guide.options}
    cells = {(part, o): model.part_text(c, part, p.components[o]) for part, _ in parts for o, c in costs.items()}
    be = model.break_even(rates, w)
    values = {"hsms": f"{w.hsm_count} HSM{'' if w.hsm_count == 1 else 's'}", "requests": model.count(be.requests or 0),
              "fixed": model.money(be.kms_fixed),
              "hsm": model.money(be.hsm), "evidence": EVIDENCE_WORDS[_hsm_level(p, hsm_type)]}
    return r.html("calculator.html", link, region_groups=_region_groups(p), hsm_types=p.hsm_types,
                  default_region=p.default_region,
                  fields=views, parts=parts, options=r.guide.options, cells=cells, say=CALC_SAYS,
                  breakeven=CALC_SAYS[be.kind].format(**values), evidence=CALC_SAYS["evidence"].format(**values))


#: The calculator's sentences, with {placeholders}: the build fills them for the prefilled inputs, and cost.js
#: reads them from the page (data-says) to fill them for the reader's, so the wording lives here only.
CALC_SAYS = {
    "at": "Break-even: with these inputs, AWS KMS alone costs less than {hsms} used directly below {requests} "
          "symmetric requests a month, and more above.",
    "never": "No break-even: with these inputs the KMS key charges alone ({fixed} a month) already cost at least as "
             "much as {hsms} ({hsm}), at any request volume.",
    "unknown": "No break-even here: this guide has no verified AWS KMS request price for this Region yet (see “Not "
               "priced here” below); key charges are the same in every Region. The chart below stays on the "
               "default Region's prices.",
    "evidence": "The HSM-hour rate is {evidence}.",
    "own-rate": "You entered the HSM-hour rate yourself.",
}
