"""The cost model: formulas, scenarios, and bad prices or inputs refused with precise messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cost import Workload, break_even_requests, kms_charges, monthly_cost
from macros.loader import Guide
from tests.helpers import broken_copy, load_error


def _w(**kw: float) -> Workload:
    base = {"region": "us-east-1", "keys": 10, "symmetric_requests": 1_000_000, "rotations": 0, "hsm_count": 2,
            "hours": 730.0, "hsm_hourly": None}
    return Workload(**{**base, **kw})  # type: ignore[arg-type]


def test_kms_charges_follow_the_price_list(fixture_guide: Guide) -> None:
    p = fixture_guide.pricing
    # 10 keys x $1 + (1,000,000 - 20,000 free) / 10,000 x $0.03
    assert kms_charges(p, _w()) == pytest.approx(10 + 98 * 0.03)
    assert kms_charges(p, _w(symmetric_requests=15_000)) == pytest.approx(10)  # inside the free tier
    assert kms_charges(p, _w(rotations=5)) - kms_charges(p, _w()) == pytest.approx(20)  # only two rotations billed
    assert kms_charges(p, _w(hours=365)) == pytest.approx(5 + 98 * 0.03)  # keys prorated by the hour


def test_hsm_options_need_the_reader_s_rate(fixture_guide: Guide) -> None:
    p = fixture_guide.pricing
    unknown = monthly_cost(p, "cloudhsm-direct", _w())
    assert unknown.total is None and unknown.hsm_hours == 1460
    known = monthly_cost(p, "kms-cloudhsm-key-store", _w(hsm_hourly=2.0))
    assert known.total == pytest.approx(10 + 98 * 0.03 + 2 * 730 * 2.0)
    assert monthly_cost(p, "kms-external-key-store", _w()).external


def test_break_even_balances_the_two_sides(fixture_guide: Guide) -> None:
    p = fixture_guide.pricing
    w = _w(hsm_hourly=1.0)
    volume = break_even_requests(p, w)
    assert volume is not None
    kms = kms_charges(p, _w(symmetric_requests=round(volume)))
    assert kms == pytest.approx(2 * 730 * 1.0, abs=0.01)
    assert break_even_requests(p, _w()) is None


def test_every_scenario_has_a_cost_for_every_option(guide: Guide) -> None:
    assert len(guide.pricing.scenarios) >= 5
    for sc in guide.pricing.scenarios:
        for opt in guide.options:
            cost = monthly_cost(guide.pricing, opt.id, Workload.from_scenario(sc, 1.0))
            assert cost.total is not None and cost.total >= 0


def test_negative_counts_are_refused(fixture_guide: Guide) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        monthly_cost(fixture_guide.pricing, "kms-standard", _w(keys=-1))


BAD = [
    ("negative price", "      key_month: {value: 1.00,", "      key_month: {value: -1.00,",
     "data/pricing.yml:10: regions[0].kms.key_month.value", "greater than 0"),
    ("non-numeric price", "      key_month: {value: 1.00,", "      key_month: {value: one dollar,",
     "data/pricing.yml:10: regions[0].kms.key_month.value", "valid number"),
    ("unknown Region", "    region: us-east-1", "    region: us-east-9",
     "data/pricing.yml:25: scenarios[0].region", "unknown Region 'us-east-9'"),
    ("unknown HSM type", "    hsm_type: hsm2m.medium", "    hsm_type: hsm9.huge",
     "data/pricing.yml:30: scenarios[0].hsm_type", "unknown HSM type 'hsm9.huge'"),
    ("missing as_of", "as_of: 2026-11-01\n", "", "data/pricing.yml", "as_of: required key is missing"),
    ("one HSM", "    hsm_count: 2", "    hsm_count: 1", "data/pricing.yml:29: scenarios[0].hsm_count", "at least 2 HSMs"),
    ("sources without a date", "    hsm_type: hsm2m.medium\n", "    hsm_type: hsm2m.medium\n    sources: [\"https://aws.amazon.com/kms/pricing/\"]\n",
     "data/pricing.yml:22: scenarios[0]", "give both sources and verified, or neither"),
    ("option without formula", "  cloudhsm-direct: [hsm]\n", "", "data/pricing.yml", "no cost components for option 'cloudhsm-direct'"),
]


@pytest.mark.parametrize(("name", "old", "new", "where", "expect"), BAD, ids=[b[0] for b in BAD])
def test_bad_prices_fail_precisely(tmp_path: Path, name: str, old: str, new: str, where: str, expect: str) -> None:
    message = load_error(broken_copy(tmp_path, "pricing.yml", old, new))
    assert where in message and expect in message, message
