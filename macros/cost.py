"""The cost model, written once: the monthly list-price cost of a workload under each option.

Python computes every figure the pages print (price tables, scenarios, the chart). The calculator must answer
for any input in the browser, so ``docs/assets/javascripts/cost.js`` carries the same two formulas
(:func:`kms_charges`, :func:`hsm_charges`) and the break-even; the build writes golden vectors computed here
(``/data/cost-vectors.json``) and a Node test (``tests/js/cost.test.mjs``) holds the script to them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from .models import Price, PricingFile

if TYPE_CHECKING:
    from .loader import Guide

#: Prices every Region needs, stated for the Region or for all Regions (plus an HSM-hour per HSM type open to new
#: clusters). Request prices may be missing: the model then reports KMS request charges as not priced.
REQUIRED_ITEMS = ("kms-key-month", "kms-rotation-month", "kms-free-requests")
#: Plain words for each evidence level: beside every CloudHSM figure, in tables and in the calculator.
EVIDENCE_WORDS = {
    "official-page": "read on the official pricing page",
    "offer-file": "from AWS's price list file",
    "secondary": "from a third-party copy of AWS's price list, not yet confirmed with AWS",
}

#: Input bounds shared with the calculator: beyond them a figure would be meaningless (or not a finite number).
BOUNDS: dict[str, tuple[float, float]] = {
    "keys": (0, 1_000_000), "rotations": (0, 1000), "symmetric_requests": (0, 1e12), "asymmetric_requests": (0, 1e12),
    "hsm_count": (1, 28), "hours": (1, 744), "hsm_hourly": (0.01, 100),
}


@dataclass(frozen=True)
class Rates:
    """One Region's list prices for one HSM type: the model's parameters (None where no price is published)."""

    region: str
    hsm_type: str
    hours_per_month: float
    key_month: float
    rotation_month: float
    billed_rotations: int
    symmetric_10k: float | None
    asymmetric_10k: float | None
    free_requests: float
    hsm_hourly: float | None


@dataclass(frozen=True)
class Workload:
    keys: int = 0
    rotations: int = 0
    symmetric_requests: float = 0
    asymmetric_requests: float = 0
    hsm_count: int = 2
    hours: float = 730


@dataclass(frozen=True)
class Cost:
    option: str
    kms: float | None  # AWS KMS charges, or None when the option uses no KMS
    hsm: float | None  # CloudHSM charges, or None when the option runs no cluster (or no rate is published)
    external: bool  # the option also needs infrastructure outside AWS that list prices cannot cover
    total: float | None  # None when a needed price is missing
    known: float  # what can be priced: the total, or without the requests whose price is missing (key charges)

    @property
    def kms_known(self) -> float:
        """The AWS KMS charges that can be priced: all of them, or the key charges alone."""
        return self.known - (self.hsm or 0.0)


def find_price(pricing: PricingFile, item: str, region: str, hsm_type: str | None = None) -> Price | None:
    """The price for the Region, or the one stated for all Regions."""
    found = [p for p in pricing.prices if p.item == item and p.hsm_type == hsm_type and p.region in (region, "all")]
    return min(found, key=lambda p: p.region == "all", default=None)


def rates(pricing: PricingFile, region: str, hsm_type: str) -> Rates:
    def value(item: str, hsm: str | None = None) -> float | None:
        price = find_price(pricing, item, region, hsm)
        return None if price is None else price.value

    def required(item: str) -> float:
        found = value(item)
        if found is None:
            raise ValueError(f"no {item} price for {region}")
        return found

    return Rates(region, hsm_type, pricing.hours_per_month, required("kms-key-month"), required("kms-rotation-month"),
                 pricing.billed_rotations, value("kms-symmetric-10k"), value("kms-asymmetric-10k"),
                 required("kms-free-requests"), value("hsm-hour", hsm_type))


def _requests(count: float, rate: float | None) -> float | None:
    """Charges for ``count`` billable requests, or None when they cost money at a rate nobody published."""
    if count <= 0:
        return 0.0
    return None if rate is None else count / 10_000 * rate


def kms_charges(r: Rates, w: Workload) -> float | None:
    """Keys (prorated by hours, plus the billed rotations) and requests beyond the free tier; None when a needed
    request price is not published.

    The free tier counts every request kind; it is applied to symmetric requests first.
    """
    per_key = r.key_month + min(w.rotations, r.billed_rotations) * r.rotation_month
    keys = w.keys * per_key * (w.hours / r.hours_per_month)
    free_left = max(0.0, r.free_requests - w.symmetric_requests)
    symmetric = _requests(w.symmetric_requests - r.free_requests, r.symmetric_10k)
    asymmetric = _requests(w.asymmetric_requests - free_left, r.asymmetric_10k)
    return None if symmetric is None or asymmetric is None else keys + symmetric + asymmetric


def hsm_charges(r: Rates, w: Workload) -> float | None:
    """Every HSM bills every hour it exists, whatever the load."""
    return None if r.hsm_hourly is None else w.hsm_count * w.hours * r.hsm_hourly


def monthly_cost(pricing: PricingFile, option: str, r: Rates, w: Workload) -> Cost:
    parts = pricing.components[option]
    kms = kms_charges(r, w) if "kms" in parts else None
    hsm = hsm_charges(r, w) if "hsm" in parts else None
    missing = ("hsm" in parts and hsm is None) or ("kms" in parts and kms is None)
    total = None if missing else (kms or 0.0) + (hsm or 0.0)
    # Key charges are stated for every Region; where a request price is missing they are still known.
    keys = kms_charges(r, replace(w, symmetric_requests=0, asymmetric_requests=0)) if "kms" in parts else None
    known = (kms if kms is not None else keys or 0.0) + (hsm or 0.0)
    return Cost(option, kms, hsm, "external" in parts, total, known)


@dataclass(frozen=True)
class BreakEven:
    """Where KMS alone (keys and requests) costs as much as the HSMs of a cluster used directly.

    ``kind``: "at" (KMS costs less below ``requests`` symmetric requests a month, more above); "never" (the key
    charges alone already cost at least as much as the HSMs, so KMS is never cheaper at these inputs); "unknown"
    (a needed price is not published).
    """

    kind: Literal["at", "never", "unknown"]
    requests: float | None = None
    kms_fixed: float | None = None  # KMS charges with no symmetric requests
    hsm: float | None = None


def break_even(r: Rates, w: Workload) -> BreakEven:
    """KMS charges grow piecewise linearly with symmetric requests s: up to the free tier F, each symmetric request
    takes a free request from the asymmetric ones; beyond it, each costs the symmetric rate."""
    hsm = hsm_charges(r, w)
    fixed = kms_charges(r, Workload(w.keys, w.rotations, 0, w.asymmetric_requests, w.hsm_count, w.hours))
    if hsm is None or fixed is None or r.symmetric_10k is None:
        return BreakEven("unknown", kms_fixed=fixed, hsm=hsm)
    if fixed >= hsm:
        return BreakEven("never", kms_fixed=fixed, hsm=hsm)
    free = r.free_requests
    at_free = kms_charges(r, Workload(w.keys, w.rotations, free, w.asymmetric_requests, w.hsm_count, w.hours))
    if at_free is None:  # asymmetric requests pushed out of the free tier cost money at an unpublished rate
        return BreakEven("unknown", kms_fixed=fixed, hsm=hsm)
    if at_free >= hsm:  # crossed inside the free tier: only the asymmetric requests pushed out of it cost money
        keys = at_free - w.asymmetric_requests / 10_000 * (r.asymmetric_10k or 0.0)
        requests = free - w.asymmetric_requests + (hsm - keys) / (r.asymmetric_10k or 1.0) * 10_000
    else:
        requests = free + (hsm - at_free) / r.symmetric_10k * 10_000
    return BreakEven("at", requests=requests, kms_fixed=fixed, hsm=hsm)


def money(value: float | None) -> str:
    """US dollars for a reader: cents below $1,000, whole dollars above; no exponent, no infinity."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"${value:,.2f}" if abs(value) < 1000 else f"${value:,.0f}"


def total_text(c: Cost, components: list[str]) -> str:
    """A monthly total as shown. Without a verified KMS request price the key charges are still known, so the
    known part is shown as a floor ("at least"), naming what is missing (cost.js words it the same way)."""
    external = " + your key manager" if c.external else ""
    if c.total is not None:
        return money(c.total) + external
    if "hsm" in components and c.hsm is None:
        return "not priced here"
    return f"at least {money(c.known)}{external}; KMS requests unpriced"


def part_text(c: Cost, part: str, components: list[str]) -> str:
    """One cell of the calculator's result (AWS KMS, CloudHSM or Total), as shown."""
    if part == "total":
        return total_text(c, components)
    if part not in components:
        return ""
    value = c.kms if part == "kms" else c.hsm
    if value is None:
        return f"at least {money(c.kms_known)}; requests unpriced" if part == "kms" else "not priced here"
    return money(value)


def count(value: float) -> str:
    """A count for a reader: 775 million, 1.2 billion, 20,000."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:,.3g} {word}"
    return f"{value:,.0f}"


# --- what the browser and the tools read ---------------------------------------------------------------------


def model_json(guide: Guide) -> dict[str, Any]:
    """The calculator's parameters: the rates of every Region and HSM type, and each option's components."""
    p = guide.pricing
    out: dict[str, Any] = {"hours_per_month": p.hours_per_month, "billed_rotations": p.billed_rotations,
                           "bounds": BOUNDS, "components": p.components, "default_region": p.default_region,
                           "regions": {}}
    for region in p.regions:
        types = [t.id for t in p.hsm_types if t.new_clusters]
        evidence = {}
        for t in types:
            price = find_price(p, "hsm-hour", region.id, t)
            evidence[t] = EVIDENCE_WORDS[price.evidence.level] if price else "not published here"
        out["regions"][region.id] = {"name": region.name, "rates": {t: asdict(rates(p, region.id, t)) for t in types},
                                     "evidence": evidence}
    return out


def golden_vectors(guide: Guide) -> list[dict[str, Any]]:
    """Inputs and Python's answers, for the Node test of cost.js: every Region and HSM type, and the edges."""
    p = guide.pricing
    workloads = [
        Workload(), Workload(keys=10, symmetric_requests=1_000_000), Workload(keys=10_000, symmetric_requests=20_000),
        Workload(keys=50, rotations=5, symmetric_requests=5e8, hsm_count=3), Workload(keys=1, symmetric_requests=19_999),
        Workload(keys=200, rotations=1, symmetric_requests=2e7, asymmetric_requests=3e6, hsm_count=6, hours=100),
        Workload(keys=1_000_000, symmetric_requests=1e12, asymmetric_requests=1e12, hsm_count=28, hours=744),
        Workload(keys=0, symmetric_requests=0, asymmetric_requests=15_000, hsm_count=1, hours=1),
    ]
    vectors = []
    for region in p.regions:
        for hsm_type in (t for t in p.hsm_types if t.new_clusters):
            r = rates(p, region.id, hsm_type.id)
            for w in workloads:
                costs = {}
                for o in guide.options:
                    c = monthly_cost(p, o.id, r, w)
                    texts = {part: part_text(c, part, p.components[o.id]) for part in ("kms", "hsm", "total")}
                    costs[o.id] = {**asdict(c), "texts": texts}
                vectors.append({"region": region.id, "hsm_type": hsm_type.id, "workload": asdict(w), "costs": costs,
                                "break_even": asdict(break_even(r, w))})
    return vectors


def price_specs(guide: Guide) -> list[Any]:
    """What ``make check-prices`` looks for in AWS's offer files: each price that says how to find itself."""
    from .tools.check_prices import PriceSpec

    # A price stated for every Region is checked where the guide computes its figures, the default Region.
    default = guide.pricing.default_region
    return [PriceSpec(key=price.id, offer=price.match.offer, region=default if price.region == "all" else price.region,
                      usagetype=price.match.usagetype, operation=price.match.operation, value=price.value,
                      per=price.match.per)
            for price in guide.pricing.prices if price.match is not None]
