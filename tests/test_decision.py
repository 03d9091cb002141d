"""The decision engine: every outcome computed once, explained honestly, and the same in the helper and the tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import macros.decision as dec
from macros.loader import Guide, load_guide
from macros.models import DecisionFile
from tests.helpers import VALID_DATA, broken_copy, load_error


@cache
def _real() -> Guide:
    return load_guide()


@cache
def _combinations() -> list[dict[str, str]]:
    return list(dec.combinations(_real().decision))


def _rules(d: DecisionFile) -> dict[str, object]:
    return {r.id: r for r in d.rules}


# --- reasons argue for the option they are shown under --------------------------------------------------------


def test_every_reason_shown_argues_for_its_option() -> None:
    """Why: rules that keep, favour or support the recommendation; alternatives likewise; ruled out: rules that
    rule that option out. No reason shown under an option argues for another."""
    d = _real().decision
    rules = _rules(d)
    for answers in _combinations():
        out = _real().engine.evaluate(answers)
        if out.neighbour:
            continue
        for rid in out.why:
            rule = rules.get(rid)
            assert rid == dec.DEFAULT_ID or out.recommended in rule.only + rule.prefer + rule.support, (answers, rid)
        for option, why in out.alternatives:
            assert why, (answers, option)  # every alternative carries the reason it remains
            for rid in why:
                assert (rid == dec.DEFAULT_ID and option == d.default_order[0]) or option in (
                    rules[rid].only + rules[rid].prefer + rules[rid].support), (answers, option, rid)
        for option, why in out.ruled_out:
            for rid in why:
                rule = rules[rid]
                assert option in rule.exclude or (rule.only and option not in rule.only), (answers, option, rid)
        for rid in out.trade_offs:
            assert out.recommended in rules[rid].caution


def test_default_reason_is_shown_only_for_the_default_option() -> None:
    d = _real().decision
    for answers in _combinations():
        out = _real().engine.evaluate(answers)
        if out.recommended and out.recommended != d.default_order[0]:
            assert dec.DEFAULT_ID not in out.why


def test_an_option_nothing_argues_for_is_not_listed_as_an_alternative() -> None:
    """A shared fleet and AWS-run operations leave the custom key stores possible but not needed."""
    out = dec.outcome_for(_real().decision, {"users": "aws-services", "hsm-control": "shared-ok", "operations": "aws-managed"})
    assert out.recommended == "kms-standard"
    listed = {o for o, _ in out.alternatives}
    assert "kms-cloudhsm-key-store" not in listed and "kms-external-key-store" not in listed
    assert "kms-cloudhsm-key-store" in out.not_needed
    low_ops = dec.outcome_for(_real().decision, {"operations": "aws-managed"})
    assert "cloudhsm-direct" not in {o for o, _ in low_ops.alternatives}


def test_byok_with_single_tenant_hsms_explains_the_key_store_constraint() -> None:
    """Single-tenant, imported material, keys in AWS allowed: the CloudHSM key store is ruled out because it takes
    no imported material, and the reason says exactly that."""
    d = _real().decision
    out = dec.outcome_for(d, {"users": "aws-services", "hsm-control": "single-tenant", "byok": "import"})
    ruled = dict(out.ruled_out)
    assert "kms-cloudhsm-key-store" in ruled
    texts = " ".join(_rules(d)[r].reason for r in ruled["kms-cloudhsm-key-store"])
    assert "CloudHSM key store" in texts and "imported" in texts
    assert out.recommended == "kms-external-key-store"
    assert all("put a CloudHSM key store" not in _rules(d)[r].reason for r in out.why if r != dec.DEFAULT_ID)


@pytest.mark.parametrize(("answers", "neighbour"), [({"job": "payments"}, "payment-cryptography"),
                                                    ({"job": "private-ca"}, "private-ca"),
                                                    ({"job": "tls-certificates"}, "acm"),
                                                    ({"job": "secrets", "users": "hsm-apis"}, "secrets-manager")])
def test_jobs_of_other_services_end_with_that_service(answers: dict[str, str], neighbour: str) -> None:
    out = dec.outcome_for(_real().decision, answers)
    assert out.neighbour == neighbour and out.recommended is None


# --- realistic workloads ------------------------------------------------------------------------------------------

WORKLOADS = [
    ({}, "kms-standard"),
    ({"outside-aws": "hyok"}, "kms-external-key-store"),
    ({"users": "hsm-apis"}, "cloudhsm-direct"),
    ({"users": "database-tde"}, "cloudhsm-direct"),
    ({"users": "aws-services", "byok": "import"}, "kms-imported"),
    ({"users": "aws-services", "hsm-control": "single-tenant"}, "kms-cloudhsm-key-store"),
    ({"users": "applications", "key-type": "asymmetric", "export": "exportable"}, "cloudhsm-direct"),
    ({"users": "applications", "key-type": "secp256k1"}, "kms-standard"),
    ({"users": "applications", "key-type": "hmac", "hsm-control": "single-tenant"}, "cloudhsm-direct"),
    ({"users": "aws-services", "rotation": "automatic"}, "kms-standard"),
    ({"users": "applications", "volume": "over-100000"}, "kms-standard"),
]


@pytest.mark.parametrize(("answers", "expected"), WORKLOADS)
def test_realistic_workloads_get_the_expected_recommendation(answers: dict[str, str], expected: str) -> None:
    assert dec.outcome_for(_real().decision, answers).recommended == expected


def test_volumes_far_above_the_default_quota_warn_about_an_increase() -> None:
    d = _real().decision
    out = dec.outcome_for(d, {"users": "applications", "volume": "over-100000"})
    assert "kms-symmetric-quota-everywhere" in out.trade_offs
    assert "Service Quotas" in _rules(d)["kms-symmetric-quota-everywhere"].reason


def test_high_volume_signing_is_a_caution_on_an_adjustable_quota_not_a_push() -> None:
    d = _real().decision
    out = dec.outcome_for(d, {"users": "applications", "key-type": "asymmetric", "volume": "up-to-10000"})
    assert out.recommended == "kms-standard"
    assert "asymmetric-quota" in out.trade_offs and "raised" in _rules(d)["asymmetric-quota"].reason
    assert "cloudhsm-direct" in dict(out.alternatives)


def test_sql_server_appears_in_the_helper() -> None:
    d = _real().decision
    assert "SQL Server" in " ".join(a.label for q in d.questions for a in q.answers)
    assert "SQL Server" in _rules(d)["sql-server-tde"].reason


# --- partial answers -----------------------------------------------------------------------------------------------


def test_open_questions_take_their_assumed_answer() -> None:
    d = _real().decision
    full, assumed = dec.complete(d, {"users": "applications"})
    assert full["key-type"] == "symmetric" and "key-type" in assumed and "users" not in assumed
    assert dec.outcome_for(d, {"users": "applications"}) == _real().engine.evaluate(full)


def test_answers_to_questions_that_do_not_apply_are_ignored() -> None:
    d = _real().decision
    full, _ = dec.complete(d, {"outside-aws": "hyok", "users": "hsm-apis", "key-type": "nonsense"})
    assert "users" not in full and "key-type" not in full


def test_a_follow_up_is_shown_when_its_gate_is_assumed() -> None:
    """The multi-Region question no longer waits for the tenancy question to be answered."""
    full, assumed = dec.complete(_real().decision, {})
    assert "multi-region" in full and "hsm-control" in assumed


# --- one engine: index, tree and evaluation agree -------------------------------------------------------------------


def test_the_index_the_browser_walks_gives_the_engines_outcome_for_every_combination() -> None:
    d = _real().decision
    index = dec.index(d, _real().engine)
    for answers in _combinations():
        assert index.lookup(d, answers) == _real().engine.evaluate(answers), answers


def test_the_index_handles_partial_answers_like_the_engine() -> None:
    d = _real().decision
    index = dec.index(d, _real().engine)
    for given in ({}, {"users": "applications"}, {"key-type": "hmac"}, {"job": "secrets"}, {"volume": "over-100000"}):
        assert index.lookup(d, given) == dec.outcome_for(d, given), given


def test_tree_and_form_agree_on_every_combination() -> None:
    """Following the no-JavaScript tree and filling in the form end with the same recommendation and the same
    options left, for every complete set of answers."""
    d = _real().decision
    root = dec.tree(d, _real().engine)
    for answers in _combinations():
        leaf = dec.follow(root, answers)
        assert leaf.outcome is not None
        assert leaf.outcome.signature == _real().engine.evaluate(answers).signature, answers


def test_the_tree_asks_every_question_that_can_change_the_options_left() -> None:
    """Throughput and multi-Region keys change which key stores remain: the tree asks them (it once stopped before)."""
    root = dec.tree(_real().decision, _real().engine)
    asked = {node.question.id for node in dec.walk_tree(root) if node.question}
    assert {"volume", "multi-region", "job", "users"} <= asked


def test_the_index_is_compact() -> None:
    d = _real().decision
    index = dec.index(d, _real().engine)
    assert len(index.steps) < len(_combinations())  # shared sub-graphs are stored once
    packed = index.as_json(d)
    assert all(isinstance(o, list | dict) for o in packed["outcomes"])


def test_former_anchors_land_on_the_step_their_answers_reach() -> None:
    d = _real().decision
    root = dec.tree(d, _real().engine)
    anchors = {node.anchor for node in dec.walk_tree(root)} | {a for node in dec.walk_tree(root) for a in node.aliases}
    assert set(d.former_anchors) <= anchors
    node = dec.resolve_former(root, d, "decide--in-aws-ok--hsm-apis")
    assert node.outcome is not None and node.outcome.recommended == "cloudhsm-direct"


def test_engine_and_reference_evaluation_agree() -> None:
    d = _real().decision
    for answers in _combinations()[::7]:
        assert dec.evaluate(d, answers) == _real().engine.evaluate(answers)


# --- the loader refuses broken decision data ---------------------------------------------------------------------


def test_only_rules_out_an_option_added_later(tmp_path: Path) -> None:
    """`only` keeps the listed options: a sixth option is ruled out by it without any edit to the rule."""
    guide = load_guide(VALID_DATA)
    out = dec.outcome_for(guide.decision, {"outside-aws": "hyok"})
    assert out.recommended == "kms-external-key-store"
    assert {o for o, _ in out.ruled_out} == set(guide.decision.default_order) - {"kms-external-key-store"}


@pytest.mark.parametrize(("old", "new", "expect"), [
    ("    only: [kms-external-key-store]", "    only: [kms-external-key-store]\n    exclude: [kms-standard]",
     "a rule has exactly one of"),
    ("    when: {volume: [over-1800]}", "    when: {volume: [over-9000]}",
     "unknown answer 'over-9000' to question 'volume'"),
    ("    assume: aws-managed", "    assume: maybe", "`assume` must be one of this question's answers"),
    ("    when: {interface: pkcs11, operations: self-managed}", "    when: {outside-aws: hyok, interface: pkcs11}",
     "no combination of answers meets this condition"),
    ("    exclude: [kms-cloudhsm-key-store, kms-external-key-store]",
     "    exclude: [kms-standard, kms-imported, kms-cloudhsm-key-store, kms-external-key-store, cloudhsm-direct]",
     "leave no option"),
])
def test_broken_decision_data_is_a_located_message(tmp_path: Path, old: str, new: str, expect: str) -> None:
    message = load_error(broken_copy(tmp_path, "decision.yml", old, new))
    assert "data/decision.yml:" in message and expect in message, message
