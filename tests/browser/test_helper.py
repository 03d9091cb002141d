"""The decision helper in a browser: the script walks the build's index and shows the engine's outcome."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import urlencode

import pytest

import macros.decision as dec
from macros.loader import Guide
from tests.browser.conftest import page_errors, violations

pytestmark = pytest.mark.browser


def _open(page: Any, site_url: str, answers: dict[str, str]) -> None:
    page.goto(site_url + "helper/" + (f"?{urlencode(answers)}" if answers else ""))
    page.wait_for_selector(".kg-result:not([hidden]) .kg-outcome-title")


#: Answers the form as a reader's clicks would: the radios are set, then one change event runs the script's update
#: (a synchronous listener), so the outcome is on the page when this returns.
ANSWER = """answers => {
  const sets = [...document.querySelectorAll('fieldset[data-question]')];
  for (const set of sets) {
    for (const input of set.querySelectorAll('input[type=radio]')) input.checked = answers[set.dataset.question] === input.value;
  }
  sets[0].closest('form').dispatchEvent(new Event('change', {bubbles: true}));
}"""


def _shown(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
      best: (document.querySelector('.kg-result .kg-outcome-title[data-option]') || {}).dataset?.option || null,
      neighbour: (document.querySelector('.kg-result .kg-outcome-title[data-neighbour]') || {}).dataset?.neighbour || null,
      alternatives: [...document.querySelectorAll('.kg-result [data-slot=alternatives] > li')].flatMap(li => li.dataset.option.split(' ')),
      ruled_out: [...document.querySelectorAll('.kg-result [data-slot=ruled_out] > li')].flatMap(li => li.dataset.option.split(' ')),
      groups: [...document.querySelectorAll('.kg-result [data-slot=ruled_out] > li')].map(li =>
        [...li.querySelectorAll(':scope > ul > li[data-reason]')].map(r => r.dataset.reason).join(' ')),
      why: [...document.querySelectorAll('.kg-result [data-slot=why] > li')].map(li => li.dataset.reason),
      restated: [...document.querySelectorAll('.kg-result :is([data-slot=ruled_out], [data-slot=alternatives]) li[data-reason]')]
        .filter(li => document.querySelector(`.kg-result [data-slot=why] > li[data-reason="${li.dataset.reason}"]`))
        .map(li => li.textContent.trim()),
    })""")


def _samples(guide: Guide) -> list[dict[str, str]]:
    every = list(dec.combinations(guide.decision))
    picked = random.Random(7).sample(every, 10)
    return [{}, {"users": "hsm-apis"}, {"outside-aws": "hyok"}, {"users": "applications", "key-type": "ed25519"}, *picked]


def test_the_form_shows_the_engines_outcome(page: Any, site_url: str, guide: Guide) -> None:
    # One load: the samples are answered in turn, as a reader changing their mind would (loading an outcome from its
    # address is checked below and in the tests that follow links into the helper).
    _open(page, site_url, {})
    for answers in _samples(guide):
        page.evaluate(ANSWER, answers)
        out = dec.outcome_for(guide.decision, answers, guide.engine)
        shown = _shown(page)
        assert shown["neighbour"] == out.neighbour, answers
        assert shown["best"] == out.recommended, answers
        if out.recommended:
            assert shown["alternatives"] == [o for o, _ in out.alternatives], answers
            assert sorted(shown["ruled_out"]) == sorted(o for o, _ in out.ruled_out), answers
            # Options ruled out for the same reasons share one item: no reason list is shown twice.
            assert len(shown["groups"]) == len(set(shown["groups"])) == len({why for _, why in out.ruled_out}), answers
            assert shown["why"] == list(out.why), answers
            # A reason already under "Why" is pointed to, not printed again in full (Also possible, Ruled out).
            assert all(t.endswith("(see Why, above).") and len(t) < 120 for t in shown["restated"]), answers
    assert violations(page) == []


def test_a_reason_under_why_is_not_repeated_under_ruled_out(page: Any, site_url: str) -> None:
    _open(page, site_url, {"outside-aws": "hyok"})
    assert _shown(page)["restated"] == ["Only an external key store keeps the key outside AWS (see Why, above)."]


def test_answering_updates_the_address_and_the_questions_shown(page: Any, site_url: str) -> None:
    _open(page, site_url, {})
    assert page.locator("#q-key-type").is_hidden()  # asked only for your own applications
    assert page.locator("#q-multi-region").is_visible()  # shown at once: its gate is assumed, not unanswered
    page.locator("#q-users label", has_text="Your own applications").click()
    page.wait_for_function("() => location.search.includes('users=applications')")
    assert page.locator("#q-key-type").is_visible()
    assert page.locator("#q-key-type .kg-assumed").is_visible()  # the open question says what is assumed
    page.locator("#q-outside-aws label", has_text="AWS must never hold the key").click()
    page.wait_for_function("() => document.querySelector('#q-users').hidden")
    assert _shown(page)["best"] == "kms-external-key-store"
    page.locator(".kg-helper-actions button[type=reset]").click()
    page.wait_for_function("() => !location.search.includes('outside-aws')")
    assert _shown(page)["best"] == "kms-standard"


def test_a_job_for_another_service_ends_with_that_service(page: Any, site_url: str) -> None:
    _open(page, site_url, {"job": "payments"})
    assert _shown(page)["neighbour"] == "payment-cryptography"
    assert page.locator("#q-users").is_hidden()
    assert "AWS Payment Cryptography" in page.locator(".kg-result").inner_text()


def test_a_related_service_outcome_links_to_the_case_where_cloudhsm_still_fits(phone: Any, site_url: str) -> None:
    # On a phone the result sits below the form: the link lands on it, not on the first question.
    _open(phone, site_url, {"job": "tls-certificates"})
    assert _shown(phone)["neighbour"] == "acm"
    phone.locator(".kg-result a.kg-instead").click()
    phone.wait_for_function("() => location.search.includes('users=hsm-apis')")
    phone.wait_for_function("() => (document.querySelector('.kg-result .kg-outcome-title[data-option]') || {}).dataset?.option"
                            " === 'cloudhsm-direct'")
    phone.wait_for_function("() => { const top = document.querySelector('.kg-result').getBoundingClientRect().top;"
                            " return top >= 0 && top < innerHeight / 2; }", timeout=5000)


def test_unknown_answers_in_the_address_are_ignored(page: Any, site_url: str) -> None:
    with page_errors(page) as errors:
        _open(page, site_url, {"users": "<script>", "volume": "1e308", "nonsense": "x"})
        assert _shown(page)["best"] == "kms-standard"
        assert "users=" not in page.url
    assert not errors


def test_the_decision_record_names_the_workload_rows_and_each_source_once(page: Any, site_url: str) -> None:
    _open(page, site_url, {"users": "aws-services", "hsm-control": "single-tenant", "byok": "import"})
    page.fill("input[name=workload]", "Payments ledger")
    page.fill("input[name=deciders]", "Security architecture board")
    record = page.locator("#kg-record-text").input_value()
    assert "# Decision record: how we hold the encryption keys of Payments ledger" in record
    assert "- Deciders: Security architecture board" in record
    assert "## Requirements (as answered)" in record and "(assumed, not answered)" in record
    assert site_url + "comparison/#" in record  # each row it names, as an absolute link
    sources = [line for line in record.split("## Sources", 1)[1].splitlines() if line.startswith("- [")]
    assert sources and len(sources) == len(set(sources))
    assert "Ruled out" in record and "KMS + CloudHSM key store" in record


def test_jargon_is_spelled_out_where_it_appears(page: Any, site_url: str) -> None:
    _open(page, site_url, {})
    form = page.locator(".kg-helper-form").inner_text()
    assert "Key Storage Provider (KSP)" in form and "hold your own key, HYOK" in form


def test_on_a_phone_the_result_never_covers_an_answer(phone: Any, site_url: str) -> None:
    _open(phone, site_url, {"users": "applications"})
    phone.locator("#q-key-type label", has_text="HMAC").click()
    overlap = phone.evaluate("""() => {
      const result = document.querySelector('.kg-result').getBoundingClientRect();
      return [...document.querySelectorAll('.kg-helper-form label')].filter(l => {
        const r = l.getBoundingClientRect();
        return r.height && r.bottom > result.top && r.top < result.bottom;
      }).length;
    }""")
    assert overlap == 0
    assert phone.evaluate("getComputedStyle(document.querySelector('.kg-result')).position") == "static"


def test_on_a_phone_a_bar_names_the_recommendation_and_jumps_to_it(phone: Any, site_url: str) -> None:
    _open(phone, site_url, {})
    bar = phone.locator(".kg-result-jump a")
    assert bar.inner_text() == "Recommended: KMS standard. See why"  # drawn by the build, before any answer
    phone.locator("#q-users label", has_text="Your applications on PKCS #11").click()
    phone.wait_for_function("() => document.querySelector('.kg-result-jump a').textContent.includes('CloudHSM direct')")
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 + 1  # in view at the bottom of the screen
    bar.click()
    phone.wait_for_function("() => Math.abs(document.getElementById('kg-result').getBoundingClientRect().top) < 150")
    assert "users=hsm-apis" in phone.url  # the answers stay in the address
    assert phone.evaluate("document.activeElement.id") == "kg-result"  # focus follows, for keyboard and screen readers


def test_the_result_beside_the_form_never_covers_the_decision_record(page: Any, site_url: str) -> None:
    _open(page, site_url, {"users": "applications"})
    page.locator("#kg-record-text").scroll_into_view_if_needed()
    boxes = page.evaluate("""() => ['.kg-result', '.kg-record'].map(s => {
        const r = document.querySelector(s).getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; })""")
    result, record = boxes
    assert result["bottom"] <= record["top"] + 1 or record["bottom"] <= result["top"] + 1, boxes


def test_on_a_wide_screen_the_outcome_stays_in_view_while_answering(page: Any, site_url: str) -> None:
    _open(page, site_url, {})
    last = page.locator(".kg-helper-form fieldset:not([hidden])").last
    last.scroll_into_view_if_needed()
    last.locator("label").last.click()
    page.wait_for_function("() => new URLSearchParams(location.search).size > 0")
    status = page.locator(".kg-result-status").bounding_box()
    assert status is not None and status["y"] >= 0 and status["y"] + status["height"] <= 800, status
    # The status names the outcome in short, then the count; it does not repeat the full title printed below it.
    line, title = page.locator(".kg-result-status").inner_text(), page.locator(".kg-outcome-title").inner_text()
    assert re.fullmatch(r"Recommended: [^.]+\. 1 of the \d+ questions that matter here answered; "
                        r"\d+ assumed at (its|their) least demanding answer\.", line), line
    assert title not in line, (line, title)
    # No box that scrolls on its own: the result is as tall as its content.
    assert page.evaluate("(() => { const r = document.querySelector('.kg-result'); return r.scrollHeight <= r.clientHeight + 1; })()")
