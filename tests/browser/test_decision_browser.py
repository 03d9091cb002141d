"""The decision helper in a real browser: the form reaches the Python evaluator's result on realistic scenarios,
keeps the answers in the address, writes the decision record, works from the keyboard, agrees with the static tree,
and survives instant navigation."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from macros.decision import Outcome, evaluate
from macros.loader import Guide
from tests.browser.conftest import MARKER, InstantTab
from tests.test_decision import SCENARIOS, Scenario

pytestmark = pytest.mark.browser


@pytest.fixture
def helper(page: Any, site_url: str) -> Any:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + "decision/")
    page.wait_for_selector("form.kg-decide-form")
    yield page
    assert not errors, errors


def _answer(tab: Any, guide: Guide, answers: dict[str, str]) -> None:
    """Tick each answer in the order of the questions, as a reader would (follow-ups appear as they apply)."""
    for question in guide.decision.questions:
        if question.id in answers:
            tab.locator(f"#decide-{question.id}-{answers[question.id]}").check()


def _shown(tab: Any) -> str:
    return tab.locator("section.kg-decide-result").get_attribute("data-recommend")


def _record_mentions(guide: Guide, record: str, scenario: Scenario, out: Outcome) -> None:
    best = guide.option(out.recommended)
    assert f"We will use {best.name}." in record
    for question in guide.decision.questions:
        if question.id in scenario.answers:
            label = next(a.label for a in question.answers if a.id == scenario.answers[question.id])
            assert f"- {question.text} {label}" in record
    for reason in (*out.reasons, *out.trade_offs):
        assert reason.text in record
    for fact in best.trade_offs:
        assert fact.text in record
    for reason in out.reasons:
        for crit in reason.details:
            for url in guide.criterion(crit).cells[best.id].sources:
                assert url in record, f"source {url} of {crit} missing from the decision record"
    for option, _why in out.ruled_out.items():
        assert f"- {guide.option(option).name}: ruled out" in record


def _follow_tree(tab: Any, answers: dict[str, str]) -> str:
    """Click through the static tree from its first step, as a reader without JavaScript would."""
    anchor = "decide-start"
    for _ in range(20):
        step = tab.locator(f"section[id='{anchor}']")
        recommended = step.get_attribute("data-recommend")
        if recommended:
            return recommended
        link = step.locator(f":scope > ul.kg-choices a[data-answer='{answers[step.get_attribute('data-question')]}']")
        anchor = urlsplit(link.get_attribute("href")).fragment  # Material may have made the href absolute
        link.click()
        assert urlsplit(tab.url).fragment == anchor
    raise AssertionError("the tree did not end in a recommendation")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_matches_python_round_trips_and_writes_the_record(helper: Any, guide: Guide, scenario: Scenario) -> None:
    out = evaluate(guide.decision, scenario.answers)
    _answer(helper, guide, scenario.answers)
    assert _shown(helper) == out.recommended == scenario.expect
    shown_reasons = helper.locator("section.kg-decide-result ol li").evaluate_all("els => els.map(e => e.dataset.reason)")
    assert shown_reasons == [r.id for r in out.reasons]
    assert dict(parse_qsl(urlsplit(helper.url).query)) == scenario.answers

    record = helper.locator("#decision-record").input_value()
    _record_mentions(guide, record, scenario, out)
    assert helper.url.split("#")[0] in record, "the record links back to this result"
    helper.get_by_role("button", name="Copy as decision record").click()
    helper.wait_for_function("() => document.querySelector('.kg-decide-copied').textContent !== ''")
    assert helper.evaluate("navigator.clipboard.readText()") == record

    # A pasted link reproduces the answers and the result.
    helper.goto(helper.url)
    helper.wait_for_selector("section.kg-decide-result")
    checked = helper.locator("form.kg-decide-form input:checked").evaluate_all("els => els.map(e => [e.name, e.value])")
    assert dict(checked) == scenario.answers
    assert _shown(helper) == out.recommended
    assert helper.locator("#decision-record").input_value().split("- Date:")[1] == record.split("- Date:")[1]

    # The static tree, followed link by link, ends at the same recommendation.
    assert _follow_tree(helper, scenario.answers) == out.recommended


def test_browser_evaluator_equals_python_on_every_combination(helper: Any, guide: Guide, site_url: str) -> None:
    from macros.decision import combinations

    every = list(combinations(guide.decision))
    got = helper.evaluate(
        """async ([url, all]) => {
            const decision = await (await fetch(url)).json();
            return all.map((answers) => {
              const out = window.kgDecision.evaluate(decision, answers);
              return [out.recommended, out.reasons.map((r) => r.id), out.tradeOffs.map((r) => r.id)];
            });
        }""",
        [site_url + "data/decision.json", every],
    )
    for answers, (recommended, reasons, trade_offs) in zip(every, got, strict=True):
        out = evaluate(guide.decision, answers)
        assert (recommended, reasons, trade_offs) == (out.recommended, [r.id for r in out.reasons],
                                                      [r.id for r in out.trade_offs]), answers


def test_form_is_accessible_and_works_from_the_keyboard(helper: Any, guide: Guide) -> None:
    form = helper.locator("form.kg-decide-form")
    assert form.locator("fieldset").count() == len(guide.decision.questions)
    assert form.locator("fieldset > legend").count() == len(guide.decision.questions)
    for radio in form.locator("input[type=radio]").all():
        assert helper.locator(f"label[for='{radio.get_attribute('id')}']").count() == 1
    status = helper.locator(".kg-decide-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"

    # Keyboard only: focus lands on the first answer, arrows choose within a question, Tab moves to the next.
    helper.locator("#decide-outside-aws-hyok").focus()
    helper.keyboard.press("Space")
    assert _shown(helper) == "kms-external-key-store"
    assert "AWS KMS with an external key store" in status.inner_text()
    # Follow-ups that no longer apply are hidden, so Tab skips them and lands on the next question that applies.
    assert helper.locator("#decide-q-users").is_hidden()
    helper.keyboard.press("Tab")
    assert helper.evaluate("document.activeElement.name") == "fips"
    helper.keyboard.press("Shift+Tab")
    helper.keyboard.press("ArrowDown")  # the other answer of the same question
    assert helper.evaluate("document.activeElement.value") == "in-aws-ok"
    assert helper.locator("#decide-q-users").is_visible()
    assert _shown(helper) == "kms-standard"
    assert "outside-aws=in-aws-ok" in helper.url

    helper.get_by_role("button", name="Clear answers").click()
    assert helper.locator("form.kg-decide-form input:checked").count() == 0
    assert "outside-aws" not in helper.url


def test_stale_or_foreign_query_values_are_ignored(page: Any, site_url: str) -> None:
    page.goto(site_url + "decision/?outside-aws=hyok&users=hsm-apis&volume=lots&utm=x")
    page.wait_for_selector("section.kg-decide-result")
    assert _shown(page) == "kms-external-key-store"
    assert dict(parse_qsl(urlsplit(page.url).query)) == {"outside-aws": "hyok", "utm": "x"}


def test_helper_mounts_once_after_instant_navigation(instant_tab: InstantTab) -> None:
    tab = instant_tab.tab
    for label, path in (("When to use each", "decision/"), ("Comparison", "comparison/")):
        tab.locator("nav.md-nav--primary a.md-nav__link", has_text=label).first.click()
        tab.wait_for_url(f"**/{path}")
    tab.locator("a.md-footer__link--prev").click()  # the comparison page hides the side navigation
    tab.wait_for_url("**/decision/")
    tab.wait_for_selector("form.kg-decide-form")
    assert tab.evaluate(f"{MARKER} === true"), "the page reloaded: instant navigation did not handle the click"
    assert tab.locator("form.kg-decide-form").count() == 1
    tab.locator("#decide-outside-aws-hyok").check()
    assert _shown(tab) == "kms-external-key-store"
    assert not instant_tab.errors, instant_tab.errors
