"""The cost model, written once: monthly list-price cost of a workload under each option.

The browser calculator applies the same formulas to the same parameters (``/data/pricing.json``); a test runs
both on every scenario and compares them to the cent. A price we could not verify (the CloudHSM hourly rate)
is never assumed: it is an input, and without it the HSM part is reported in HSM-hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Price, PricingFile, RegionPrices, Scenario


@dataclass(frozen=True)
class Workload:
    region: str
    keys: int
    symmetric_requests: int
    rotations: int
    hsm_count: int
    hours: float
    hsm_hourly: float | None = None  # USD per HSM-hour, entered by the reader from the CloudHSM pricing page

    @classmethod
    def from_scenario(cls, sc: Scenario, hsm_hourly: float | None = None) -> Workload:
        return cls(sc.region, sc.keys, sc.symmetric_requests, sc.rotations, sc.hsm_count, sc.hours, hsm_hourly)


@dataclass(frozen=True)
class Cost:
    option: str
    kms: float | None  # AWS KMS charges, or None when the option uses no KMS
    hsm_hours: float  # HSM-hours billed (0 when the option runs no CloudHSM cluster)
    hsm: float | None  # hsm_hours x hourly rate, when the rate is known
    external: bool  # the option also needs infrastructure outside AWS that list prices cannot cover
    total: float | None  # None when a needed price is unknown


def kms_prices(prices: RegionPrices) -> list[tuple[str, str, Price]]:
    """The KMS list prices of a Region as (slug, label, price): the price table's rows and their anchors."""
    k = prices.kms
    return [
        ("key-month", "KMS key, per month (prorated hourly)", k.key_month),
        ("rotation-month", f"Each of the first {k.rotation_month.billed_rotations} rotations, per key per month",
         k.rotation_month),
        ("symmetric-per-10k", "Symmetric requests, per 10,000", k.symmetric_per_10k),
        ("free-requests-month", "Free requests per month", k.free_requests_month),
    ]


def price_anchor(region_id: str, slug: str) -> str:
    return f"price-{region_id}-{slug}"


def region(pricing: PricingFile, region_id: str) -> RegionPrices:
    for r in pricing.regions:
        if r.id == region_id:
            return r
    raise ValueError(f"unknown Region {region_id!r}; priced Regions: {', '.join(r.id for r in pricing.regions)}")


def kms_charges(pricing: PricingFile, w: Workload) -> float:
    """Keys (prorated by hours, plus the first billed rotations) and requests beyond the free tier."""
    k = region(pricing, w.region).kms
    per_key = k.key_month.value + min(w.rotations, k.rotation_month.billed_rotations) * k.rotation_month.value
    keys = w.keys * per_key * (w.hours / pricing.hours_per_month)
    billable = max(0, w.symmetric_requests - k.free_requests_month.value)
    return keys + billable / 10000 * k.symmetric_per_10k.value


def monthly_cost(pricing: PricingFile, option: str, w: Workload) -> Cost:
    if min(w.keys, w.symmetric_requests, w.rotations, w.hsm_count) < 0 or w.hours <= 0:
        raise ValueError("counts must be zero or more and hours more than zero")
    parts = pricing.components[option]
    kms = kms_charges(pricing, w) if "kms" in parts else None
    hsm_hours = w.hsm_count * w.hours if "hsm" in parts else 0.0
    hsm = hsm_hours * w.hsm_hourly if hsm_hours and w.hsm_hourly is not None else (0.0 if not hsm_hours else None)
    total = None if hsm is None else (kms or 0.0) + hsm
    return Cost(option, kms, hsm_hours, hsm if hsm_hours else None, "external" in parts, total)


def break_even_requests(pricing: PricingFile, w: Workload) -> float | None:
    """Monthly symmetric requests at which AWS KMS alone costs as much as the HSMs of ``w`` (None without a rate)."""
    if w.hsm_hourly is None:
        return None
    k = region(pricing, w.region).kms
    keys_only = kms_charges(pricing, Workload(w.region, w.keys, 0, w.rotations, 0, w.hours))
    gap = w.hsm_count * w.hours * w.hsm_hourly - keys_only
    return k.free_requests_month.value + max(gap, 0) / k.symmetric_per_10k.value * 10000


def money(value: float | None) -> str:
    return "–" if value is None else f"${value:,.2f}"
