"""The decision helper: the evaluator on every combination of answers, the static tree, the loader's checks of
data/decision.yml, and the export the browser reads."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from macros.decision import ROOT_ANCHOR, combinations, dead_ends, effective, evaluate, follow, tree, walk_tree
from macros.loader import DATA_DIR, Guide
from macros.render.common import Linker
from macros.render.decision import decision_form, decision_tree
from tests.helpers import broken_copy, build, load_error


@dataclass(frozen=True)
class Scenario:
    """A realistic workload, answered question by question, and the option it must lead to."""

    name: str
    answers: dict[str, str]
    expect: str
    reason: str | None = None  # a rule that must be among the reasons


SCENARIOS = [
    Scenario("s3-ebs-encryption", {
        "outside-aws": "in-aws-ok", "users": "aws-services", "hsm-control": "shared-ok", "byok": "aws-generated",
        "multi-region": "single-region", "volume": "up-to-1000", "fips": "no-fips-level", "operations": "aws-managed",
    }, "kms-standard", "aws-services-use-kms-keys"),
    Scenario("pkcs11-app-single-tenant-hsm", {
        "outside-aws": "in-aws-ok", "users": "hsm-apis", "multi-region": "single-region", "volume": "up-to-1000",
        "fips": "fips-140-3-l3", "operations": "self-managed",
    }, "cloudhsm-direct", "hsm-apis-need-cloudhsm"),
    Scenario("keys-stay-on-premises", {
        "outside-aws": "hyok", "fips": "fips-140-3-l3", "operations": "self-managed",
    }, "kms-external-key-store", "keys-outside-aws"),
    Scenario("tls-offload", {
        "outside-aws": "in-aws-ok", "users": "hsm-apis", "multi-region": "single-region", "volume": "up-to-1800",
        "fips": "no-fips-level", "operations": "self-managed",
    }, "cloudhsm-direct", "hsm-apis-need-cloudhsm"),
    Scenario("high-volume-payment-signing", {
        "outside-aws": "in-aws-ok", "users": "applications", "hsm-control": "shared-ok", "key-type": "asymmetric",
        "byok": "aws-generated", "export": "no-export", "multi-region": "single-region", "volume": "over-1800",
        "fips": "fips-140-3-l3", "operations": "self-managed",
    }, "cloudhsm-direct", "high-volume-signing"),
    Scenario("regulated-fips-140-3-with-aws-services", {
        "outside-aws": "in-aws-ok", "users": "aws-services", "hsm-control": "shared-ok", "byok": "aws-generated",
        "multi-region": "multi-region", "volume": "up-to-1800", "fips": "fips-140-3-l3", "operations": "aws-managed",
    }, "kms-standard", "fips-140-3-in-kms"),
]


# --- the evaluator on the real rules -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def every_combination(guide: Guide) -> list[dict[str, str]]:
    return list(combinations(guide.decision))


def test_the_real_data_has_six_to_ten_questions(guide: Guide) -> None:
    assert 6 <= len(guide.decision.questions) <= 10
    assert guide.decision.default_order[0] == "kms-standard"  # AWS's default unless a requirement says otherwise


def test_every_combination_of_answers_gets_a_recommendation_with_reasons(guide: Guide, every_combination: list[dict[str, str]]) -> None:
    assert len(every_combination) > 100
    criteria = {c.id for c in guide.criteria}
    for answers in every_combination:
        out = evaluate(guide.decision, answers)
        assert out.recommended not in out.ruled_out, answers
        assert out.reasons, f"no reason for {out.recommended} with {answers}"
        assert all(r.details and set(r.details) <= criteria for r in out.reasons + out.trade_offs), answers
        assert set(out.ruled_out).isdisjoint(out.alternatives)
        assert {out.recommended, *out.alternatives, *out.ruled_out} == set(guide.decision.default_order)


def test_every_option_is_recommended_somewhere(guide: Guide, every_combination: list[dict[str, str]]) -> None:
    recommended = {evaluate(guide.decision, answers).recommended for answers in every_combination}
    assert recommended == {o.id for o in guide.options}


def test_every_rule_applies_to_some_answers(guide: Guide, every_combination: list[dict[str, str]]) -> None:
    fired = {r.id for answers in every_combination for r in [*evaluate(guide.decision, answers).reasons,
                                                            *evaluate(guide.decision, answers).trade_offs]}
    fired |= {r.id for answers in every_combination for why in evaluate(guide.decision, answers).ruled_out.values()
              for r in why}
    assert {r.id for r in guide.decision.rules} - fired == set()


def test_partial_stale_and_unknown_answers_still_get_a_recommendation(guide: Guide) -> None:
    """A large random sample of what a reader or an old link can produce: gaps, unknown ids, hidden questions."""
    rng = random.Random(20261129)
    questions = guide.decision.questions
    for _ in range(3000):
        answers = {}
        for q in questions:
            roll = rng.random()
            if roll < 0.6:
                answers[q.id] = rng.choice(q.answers).id
            elif roll < 0.7:
                answers[q.id] = "no-such-answer"
        answers["no-such-question"] = "x"
        out = evaluate(guide.decision, answers)
        assert out.reasons
        assert set(out.answers) <= {q.id for q in questions}
        assert effective(guide.decision, out.answers) == out.answers


def test_no_answers_means_the_default(guide: Guide) -> None:
    out = evaluate(guide.decision, {})
    assert out.recommended == "kms-standard"
    assert out.reasons[0].id == "default"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_realistic_scenarios(guide: Guide, scenario: Scenario) -> None:
    out = evaluate(guide.decision, scenario.answers)
    assert out.answers == scenario.answers, "a scenario answers exactly the questions that apply"
    assert out.recommended == scenario.expect
    assert scenario.reason in {r.id for r in out.reasons}


def test_answers_to_questions_that_do_not_apply_are_ignored(guide: Guide) -> None:
    stale = {"outside-aws": "hyok", "users": "hsm-apis", "key-type": "asymmetric"}
    out = evaluate(guide.decision, stale)
    assert out.answers == {"outside-aws": "hyok"}
    assert out.recommended == "kms-external-key-store"


# --- the static tree -------------------------------------------------------------------------------------------


def test_every_path_of_the_tree_ends_in_the_evaluators_recommendation(guide: Guide, every_combination: list[dict[str, str]]) -> None:
    root = tree(guide.decision)
    for answers in every_combination:
        leaf = follow(root, answers)
        assert leaf.outcome is not None
        assert leaf.outcome.recommended == evaluate(guide.decision, answers).recommended, answers


def test_tree_anchors_are_unique_readable_and_stable(guide: Guide) -> None:
    nodes = list(walk_tree(tree(guide.decision)))
    anchors = [n.anchor for n in nodes]
    assert len(anchors) == len(set(anchors))
    assert anchors[0] == ROOT_ANCHOR
    # Built from the answer ids on the path, so they survive rewording and reordering of questions.
    assert "decide--in-aws-ok--aws-services" in anchors
    assert all(re.fullmatch(r"decide-start|decide(--[a-z0-9-]+)+", a) for a in anchors)
    assert all(n.outcome is not None or n.branches for n in nodes)


def test_tree_asks_only_questions_that_matter(guide: Guide) -> None:
    for node in walk_tree(tree(guide.decision)):
        if node.question is not None:
            outcomes = {leaf.outcome.recommended for _a, child in node.branches for leaf in walk_tree(child) if leaf.outcome}
            assert len(outcomes) > 1, f"{node.anchor} asks {node.question.id} but every answer leads to {outcomes}"


def test_rendered_tree_links_resolve_and_every_leaf_recommends(fixture_guide: Guide) -> None:
    doc = BeautifulSoup(decision_tree(fixture_guide, Linker("decision/")), "lxml")
    ids = {el["id"] for el in doc.find_all(id=True)}
    assert ROOT_ANCHOR in ids
    for a in doc.select("a[href^='#']"):
        assert a["href"][1:] in ids, a
    leaves = doc.select("section.kg-leaf")
    assert {leaf["data-recommend"] for leaf in leaves} == {"kms-external-key-store", "cloudhsm-direct", "kms-standard"}
    assert all(leaf.select("ol.kg-reasons li") for leaf in leaves)
    assert doc.select_one(".kg-tree").has_attr("data-search-exclude")
    assert doc.select_one("a[href='../comparison/#hsm-throughput']")


def test_rendered_tree_escapes_data(fixture_guide: Guide) -> None:
    question = fixture_guide.decision.questions[0]
    object.__setattr__(question, "text", "<script>alert(1)</script>")
    try:
        doc = BeautifulSoup(decision_tree(fixture_guide, Linker("decision/")), "lxml")
    finally:
        object.__setattr__(question, "text", "Must the keys stay outside AWS?")
    assert not doc.find("script") and "<script>alert(1)</script>" in doc.get_text()


def test_form_mount_names_every_export_relative_to_the_page(fixture_guide: Guide) -> None:
    mount = BeautifulSoup(decision_form(fixture_guide, Linker("decision/")), "lxml").select_one("#decision-helper")
    assert mount["data-decision-src"] == "../data/decision.json"
    assert mount["data-options-src"] == "../data/options.json"
    assert mount["data-comparison-page"] == "../comparison/"
    assert mount["data-option-page"] == "../options/"
    assert mount.select_one("a[href='#decide-start']"), "without JavaScript the mount points at the static tree"


# --- the export the browser reads -------------------------------------------------------------------------------


def test_the_site_exports_the_rules_once_as_json(site: Path, guide: Guide) -> None:
    exported = json.loads((site / "data" / "decision.json").read_text(encoding="utf-8"))
    assert exported == guide.decision.model_dump(mode="json", by_alias=True)
    jsonschema.validate(exported, json.loads((DATA_DIR / "decision.schema.json").read_text(encoding="utf-8")))
    script = (site / "assets" / "javascripts" / "decision.js").read_text(encoding="utf-8")
    for rule in guide.decision.rules:  # no rule is written twice: the script holds no rule id or reason
        assert rule.id not in script and rule.reason[:40] not in script


def test_the_decision_page_has_the_mount_the_tree_and_the_script(site: Path) -> None:
    html = (site / "decision" / "index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "lxml")
    mount = doc.select_one("#decision-helper")
    for name in ("decision", "options", "comparison", "sources"):
        assert (site / "decision" / mount[f"data-{name}-src"]).resolve().is_file()
    assert doc.select_one("section#decide-start") and doc.select("section.kg-leaf[data-recommend]")
    assert any(s.get("src", "").endswith("assets/javascripts/decision.js") for s in doc.find_all("script"))
    when = doc.find(id="when-to-use-aws-cloudhsm")
    assert when is not None and when.find_next(id="decide") is not None, "the helper comes after the 'when to use' sections"


# --- loader checks ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A one-line edit to the valid fixture's decision.yml and the fragments the error message must contain."""

    name: str
    old: str
    new: str
    expect: tuple[str, ...]


CASES = [
    Case("unknown-option", "    exclude: [kms-cloudhsm-key-store, kms-external-key-store]",
         "    exclude: [kms-cloudhsm-key-store, kms-xks]",
         ("data/decision.yml:47:", "rules[2].exclude[1]", "unknown option 'kms-xks'", "expected one of:")),
    Case("unknown-question", "    when: {operations: aws-managed}", "    when: {operation: aws-managed}",
         ("data/decision.yml:51:", "rules[3].when.operation", "unknown question 'operation'", "outside-aws")),
    Case("unknown-answer", "    when: {outside-aws: hyok}", "    when: {outside-aws: hyk}",
         ("data/decision.yml:36:", "rules[0].when.outside-aws", "unknown answer 'hyk' to question 'outside-aws'",
          "expected one of: hyok, in-aws-ok")),
    Case("unknown-answer-in-list", "    when: {volume: [over-1800]}", "    when: {volume: [over-1800, over-9000]}",
         ("data/decision.yml:46:", "rules[2].when.volume[1]", "unknown answer 'over-9000' to question 'volume'")),
    Case("unknown-answer-in-ask-if", "      - {interface: kms-api}", "      - {interface: kms}",
         ("data/decision.yml:24:", "questions[2].ask_if[0].interface", "unknown answer 'kms' to question 'interface'")),
    Case("unknown-criterion", "    details: [fips-140-validation]\n  - id: pkcs11", "    details: [fips-level]\n  - id: pkcs11",
         ("data/decision.yml:39:", "rules[0].details[0]", "unknown comparison criterion 'fips-level'")),
    Case("unknown-default-detail", "default_details: [fips-140-validation]", "default_details: [fips]",
         ("data/decision.yml:4:", "default_details[0]", "unknown comparison criterion 'fips'")),
    Case("option-missing-from-order", ", cloudhsm-direct]\ndefault_reason", "]\ndefault_reason",
         ("data/decision.yml:2:", "default_order", "option 'cloudhsm-direct' is missing")),
    Case("dead-end", "    exclude: [kms-cloudhsm-key-store, kms-external-key-store]",
         "    exclude: [kms-cloudhsm-key-store, kms-external-key-store, kms-standard, kms-imported, cloudhsm-direct]",
         ("data/decision.yml:45:", "rules[2]", "the answers outside-aws=in-aws-ok, interface=kms-api, volume=over-1800 leave no option",
          "volume-above-key-store-quota excludes", "every combination of answers must leave at least one option")),
    Case("cycle", "    help: Hold your own key.\n", "    help: Hold your own key.\n    ask_if:\n      - {volume: up-to-1800}\n",
         ("data/decision.yml:9:", "questions[0].ask_if", "follow-up cycle outside-aws -> volume -> interface -> outside-aws")),
    Case("follow-up-before-its-question", "      - {outside-aws: in-aws-ok}\n", "      - {operations: self-managed}\n",
         ("data/decision.yml:16:", "questions[1].ask_if[0].operations", "comes later in the file")),
    Case("rule-that-never-applies", "    when: {interface: pkcs11, operations: self-managed}",
         "    when: {volume: over-1800, outside-aws: hyok}",
         ("data/decision.yml:62:", "rules[5].when", "no combination of answers meets this condition")),
    Case("two-effects", "    support: [kms-standard]", "    support: [kms-standard]\n    caution: [kms-imported]",
         ("data/decision.yml:56:", "rules[4]", "exactly one of exclude, prefer, support, caution; got support, caution")),
    Case("prefer-without-score", "    score: 2\n", "",
         ("data/decision.yml:50:", "rules[3]", "`score` is required with `prefer`")),
    Case("duplicate-rule-id", "  - id: size-the-cluster", "  - id: fips-in-kms",
         ("data/decision.yml:61:", "rules[5]", "duplicate id 'fips-in-kms'")),
    Case("reserved-rule-id", "  - id: size-the-cluster", "  - id: default",
         ("data/decision.yml:61:", "rules[5].id", "'default' names the default preference")),
    Case("markup-in-reason", "    reason: Size the cluster for the peak.", "    reason: <b>Size</b> the cluster.",
         ("data/decision.yml:64:", "rules[5].reason", "plain text expected")),
]


def _broken_copy(tmp: Path, case: Case) -> Path:
    return broken_copy(tmp, "decision.yml", case.old, case.new)


def test_the_valid_fixture_has_a_decision(fixture_guide: Guide) -> None:
    assert not dead_ends(fixture_guide.decision)
    assert evaluate(fixture_guide.decision, {"interface": "pkcs11", "outside-aws": "in-aws-ok"}).recommended == "cloudhsm-direct"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_decision_data_fails_with_a_precise_message(tmp_path: Path, case: Case) -> None:
    message = load_error(_broken_copy(tmp_path, case))
    for fragment in case.expect:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"


@pytest.mark.parametrize("case", [c for c in CASES if c.name in ("dead-end", "cycle")], ids=["dead-end", "cycle"])
def test_bad_decision_data_stops_the_build(tmp_path: Path, case: Case) -> None:
    result = build(tmp_path / "site", data_dir=_broken_copy(tmp_path, case))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert case.expect[0] in output and case.expect[2] in output, output[-2000:]
    assert not list((tmp_path / "site").rglob("*.html"))
