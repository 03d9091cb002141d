"""The cost model: real prices with their evidence, break-even stated only when it exists, one model in Python
and the browser (the Node test holds cost.js to Python's golden vectors)."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros import cost
from macros.loader import Guide
from macros.render.cost import CHART_FONT, GLYPH, place_label
from tests.helpers import ROOT, Page


def _rates(guide: Guide, region: str = "us-east-1") -> cost.Rates:
    return cost.rates(guide.pricing, region, "hsm2m.medium")


def test_a_two_hsm_cluster_in_us_east_1_has_a_monthly_figure(guide: Guide) -> None:
    r = _rates(guide)
    assert r.hsm_hourly == 1.60
    assert cost.hsm_charges(r, cost.Workload(hsm_count=2, hours=730)) == pytest.approx(2336.0)


def test_every_cloudhsm_price_shows_its_evidence_on_the_cost_page(guide: Guide, site_pages: dict[str, Page]) -> None:
    page = site_pages["cost/"].soup
    for price in guide.pricing.prices:
        row = page.find(id=price.id)
        assert row is not None, price.id
        assert row.find(class_="kg-evidence") is not None, price.id
    headline = page.find(class_="kg-answer").get_text(" ")
    assert "$2,336 a month" in headline and "third-party copy of AWS's price list, not yet confirmed with AWS" in headline


def test_hsm1_medium_is_not_offered_for_new_clusters(guide: Guide, site_pages: dict[str, Page]) -> None:
    option = site_pages["cost/"].soup.select_one('select[name=hsm_type] option[value="hsm1.medium"]')
    assert option is not None and option.has_attr("disabled") and "no new clusters" in option.text
    hsm1 = next(t for t in guide.pricing.hsm_types if t.id == "hsm1.medium")
    assert not hsm1.new_clusters and hsm1.lifecycle is not None
    assert "new clusters" in hsm1.lifecycle.text


def test_kms_charges_prorate_keys_cap_rotations_and_apply_the_free_tier(guide: Guide) -> None:
    r = _rates(guide)
    assert cost.kms_charges(r, cost.Workload(keys=10, hours=730)) == pytest.approx(10.0)
    assert cost.kms_charges(r, cost.Workload(keys=1, rotations=9, hours=730)) == pytest.approx(3.0)  # capped at two
    assert cost.kms_charges(r, cost.Workload(keys=1, hours=365)) == pytest.approx(0.5)
    assert cost.kms_charges(r, cost.Workload(symmetric_requests=20_000)) == 0
    assert cost.kms_charges(r, cost.Workload(symmetric_requests=30_000)) == pytest.approx(0.03)


def test_request_charges_without_a_published_price_are_not_invented(guide: Guide) -> None:
    r = _rates(guide, "eu-west-1")
    assert r.symmetric_10k is None
    assert cost.kms_charges(r, cost.Workload(keys=10, symmetric_requests=10_000)) == pytest.approx(10.0)  # free tier
    assert cost.kms_charges(r, cost.Workload(keys=10, symmetric_requests=1_000_000)) is None
    assert cost.monthly_cost(guide.pricing, "kms-standard", r, cost.Workload(symmetric_requests=1e6)).total is None
    assert cost.monthly_cost(guide.pricing, "cloudhsm-direct", r, cost.Workload()).total == pytest.approx(2 * 730 * 1.47)


@pytest.mark.parametrize(("workload", "kind"), [
    (cost.Workload(keys=10, hsm_count=2), "at"),
    (cost.Workload(keys=10_000, hsm_count=2), "never"),  # the key charges alone exceed the cluster
    (cost.Workload(keys=1_000_000, hsm_count=28), "never"),
    (cost.Workload(keys=0, hsm_count=1, hours=1), "at"),
    (cost.Workload(keys=20, asymmetric_requests=5_000_000, hsm_count=2), "at"),
])
def test_break_even_is_stated_only_when_it_exists_and_is_right(guide: Guide, workload: cost.Workload, kind: str) -> None:
    r = _rates(guide)
    be = cost.break_even(r, workload)
    assert be.kind == kind
    hsm = cost.hsm_charges(r, workload)
    if kind == "at":
        assert be.requests is not None and math.isfinite(be.requests) and be.requests > 0
        at = cost.kms_charges(r, cost.Workload(workload.keys, workload.rotations, be.requests, workload.asymmetric_requests,
                                               workload.hsm_count, workload.hours))
        assert at == pytest.approx(hsm, rel=1e-9)  # at the break-even, both cost the same
    else:
        assert cost.kms_charges(r, cost.Workload(workload.keys, workload.rotations, 0, 0, workload.hsm_count, workload.hours)) >= hsm


def test_break_even_with_10_000_keys_says_never_not_20_000_requests(guide: Guide) -> None:
    """The issue's case: 10,000 keys cost $10,000 a month in KMS, more than two HSMs; there is no break-even."""
    be = cost.break_even(_rates(guide), cost.Workload(keys=10_000, hsm_count=2))
    assert be.kind == "never" and be.kms_fixed == pytest.approx(10_000) and be.hsm == pytest.approx(2336)


def test_tls_offload_is_not_possible_with_kms_options(site_pages: dict[str, Page]) -> None:
    row = site_pages["cost/"].soup.find(id="tls-offload")
    cells = {td["data-option"]: td for td in row.find_all("td")}
    for option in ("kms-standard", "kms-imported", "kms-cloudhsm-key-store", "kms-external-key-store"):
        assert "Not possible" in cells[option].get_text(), option
        # The helper's reason by its title, and a link to the helper's outcome for this workload's answers.
        assert "Standard HSM interfaces need CloudHSM." in cells[option].get_text()
        assert cells[option].find("a", string="The helper explains")["href"] == "../helper/?users=hsm-apis#kg-result"
    assert "$2,336" in cells["cloudhsm-direct"].get_text()


def test_money_never_prints_infinity_nan_or_an_exponent() -> None:
    assert cost.money(float("inf")) == cost.money(float("nan")) == cost.money(None) == "–"
    assert cost.money(1e15) == "$1,000,000,000,000,000"
    assert cost.count(775_000_000) == "775 million"


def test_price_specs_name_a_region_for_check_prices(guide: Guide) -> None:
    specs = cost.price_specs(guide)
    assert specs and all(s.region != "all" for s in specs)
    hsm = next(s for s in specs if s.key == "price-us-east-1-hsm2m-medium-hour")
    assert (hsm.offer, hsm.usagetype, hsm.value) == ("CloudHSM", "CloudHSMv2Usage-hsm2m.m", 1.60)


def test_the_calculator_script_matches_the_python_model(site: Path) -> None:
    """node --test, no browser: cost.js against every golden vector the build wrote."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI=true but node was not found")
        pytest.skip("node not installed")
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "cost.test.mjs")], capture_output=True,
                            text=True, env={**os.environ, "KG_SITE": str(site)}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 4" in result.stdout and "# fail 0" in result.stdout


PLOT = (0.0, 0.0, 400.0, 200.0)


def test_a_label_goes_beside_its_marker_when_nothing_is_there() -> None:
    assert place_label("Break-even", (200, 100), [], PLOT) == (194, 92, "end")


def test_a_label_moves_off_a_line_that_crosses_its_first_spot() -> None:
    rising = [(x, 100 - (x - 100) * 0.2) for x in range(100, 201, 3)]  # through the spot just above-left
    x, y, anchor = place_label("Break-even", (200, 100), rising, PLOT)
    x0 = x - len("Break-even") * GLYPH if anchor == "end" else x
    assert (x, y) != (194, 92)
    assert not [p for p in rising if x0 <= p[0] <= x0 + len("Break-even") * GLYPH and y - CHART_FONT <= p[1] <= y]


def test_a_label_with_no_free_spot_beside_its_marker_goes_to_the_corner() -> None:
    blanket = [(x, y) for x in range(0, 401, 2) for y in range(0, 201, 2)]
    assert place_label("Break-even", (200, 100), blanket, PLOT) == (4, 14, "start")


def test_region_pickers_group_regions_by_what_is_priced(site_pages: dict[str, Page]) -> None:
    # Short entries (a phone shows about 42 characters); the group says where KMS request prices are missing.
    for select in site_pages["cost/"].soup.find_all("select", attrs={"name": "region"}):
        groups = {g["label"]: [o["value"] for o in g.find_all("option")] for g in select.find_all("optgroup")}
        assert groups["AWS KMS and CloudHSM prices"] == ["us-east-1"]
        assert "eu-central-1" in groups["CloudHSM prices; KMS requests unpriced"]
        assert max(len(o.get_text()) for o in select.find_all("option")) <= 42
