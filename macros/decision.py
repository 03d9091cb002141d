"""The decision helper's evaluator: answers in; a recommendation, its reasons, trade-offs and ruled-out options out.

The browser applies the same rules to the exported ``data/decision.json`` (``docs/assets/javascripts/decision.js``).
Neither side holds a rule of its own: both read them from the data, and the two algorithms must stay identical
(the browser tests compare them on realistic scenarios). This module also builds the static tree and enumerates
every combination of answers for the loader's checks and the tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .models import Answer, Condition, DecisionFile, DecisionRule, Question

Answers = Mapping[str, str]


@dataclass(frozen=True)
class Reason:
    """A rule (or the default preference) as the reader sees it: plain text plus the comparison rows behind it."""

    id: str
    text: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    answers: dict[str, str]  # only the answers that count: known, and to questions that apply
    recommended: str
    alternatives: tuple[str, ...]  # still possible, best first
    reasons: tuple[Reason, ...]
    trade_offs: tuple[Reason, ...]
    ruled_out: dict[str, tuple[Reason, ...]]
    scores: dict[str, int]


class NoOption(ValueError):
    """Every option is excluded. The loader refuses data where any combination of answers gets here."""


DEFAULT_ID = "default"


def _reason(rule: DecisionRule) -> Reason:
    return Reason(rule.id, rule.reason, tuple(rule.details))


def default_reason(decision: DecisionFile) -> Reason:
    return Reason(DEFAULT_ID, decision.default_reason, tuple(decision.default_details))


def _matches(condition: Condition, given: Answers) -> bool:
    """Every question of the condition was answered with one of the listed answers.

    ``given`` must hold only answers to questions that apply: what ``effective`` returns, or what the walks below
    build by answering, in order, only the questions that apply.
    """
    # A plain loop, not all(...): this runs some 50,000 times a build and the generator doubles its cost.
    for question_id, allowed in condition.items():  # noqa: SIM110
        if given.get(question_id) not in allowed:
            return False
    return True


def _asked(question: Question, given: Answers) -> bool:
    """A follow-up applies when any one of its ``ask_if`` conditions holds (``given`` as for ``_matches``)."""
    return not question.ask_if or any(_matches(cond, given) for cond in question.ask_if)


def effective(decision: DecisionFile, answers: Answers) -> dict[str, str]:
    """Drop unknown questions and answers, and answers to questions that do not apply (e.g. from an old link)."""
    out: dict[str, str] = {}
    # File order puts every follow-up after the questions it depends on (the loader checks), so the answers kept
    # so far decide whether a follow-up applies.
    for question in decision.questions:
        given = answers.get(question.id)
        if given in question.answer_ids and _asked(question, out):
            out[question.id] = given
    return out


def _fired_given(decision: DecisionFile, given: Answers) -> list[DecisionRule]:
    return [rule for rule in decision.rules if _matches(rule.when, given)]


def fired(decision: DecisionFile, answers: Answers) -> list[DecisionRule]:
    return _fired_given(decision, effective(decision, answers))


def _rank(decision: DecisionFile, rules: list[DecisionRule]) -> tuple[list[str], dict[str, int]]:
    """Viable options, best first (exclusions out; preference score; ties by the default order), and the scores."""
    excluded = {o for r in rules for o in r.exclude}
    scores = {o: sum(r.score or 0 for r in rules if o in r.prefer) for o in decision.default_order}
    viable = [o for o in decision.default_order if o not in excluded]
    return sorted(viable, key=lambda o: (-scores[o], decision.default_order.index(o))), scores


def _best(decision: DecisionFile, given: Answers) -> str:
    """Just the recommendation of ``evaluate``, for answers already reduced by ``effective``."""
    ranked, _scores = _rank(decision, _fired_given(decision, given))
    if not ranked:
        raise NoOption(f"every option is excluded for {dict(given)}")
    return ranked[0]


def evaluate(decision: DecisionFile, answers: Answers) -> Outcome:
    """The recommendation with its reasons, trade-offs, the alternatives and what ruled the others out."""
    given = effective(decision, answers)
    rules = _fired_given(decision, given)
    ranked, scores = _rank(decision, rules)
    if not ranked:
        raise NoOption(f"every option is excluded for {given}")
    best = ranked[0]
    excluded = {o: tuple(_reason(r) for r in rules if o in r.exclude) for o in decision.default_order}
    reasons = [default_reason(decision)] if best == decision.default_order[0] else []
    reasons += [_reason(r) for r in rules if r.exclude or best in r.prefer or best in r.support]
    trade_offs = [_reason(r) for r in rules if best in r.caution or (r.prefer and best not in r.prefer)]
    return Outcome(
        answers=given,
        recommended=best,
        alternatives=tuple(ranked[1:]),
        reasons=tuple(reasons),
        trade_offs=tuple(trade_offs),
        ruled_out={o: why for o, why in excluded.items() if why},
        scores=scores,
    )


# --- structure: follow-up order, cycles, every combination ------------------------------------------------


def _gates(question: Question) -> list[str]:
    return [qid for cond in question.ask_if for qid in cond]


def find_cycle(decision: DecisionFile) -> list[str] | None:
    """A follow-up chain that comes back to where it started, e.g. ``[a, b, a]``; None when there is none."""
    known = {q.id: q for q in decision.questions}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(qid: str, path: list[str]) -> list[str] | None:
        state[qid] = 1
        for gate in _gates(known[qid]):
            if gate not in known:
                continue  # an unknown question is reported on its own
            if state.get(gate) == 1:
                return [*path[path.index(gate):], gate] if gate in path else [qid, gate]
            if gate not in state and (found := visit(gate, [*path, gate])):
                return found
        state[qid] = 2
        return None

    for question in decision.questions:
        if question.id not in state and (found := visit(question.id, [question.id])):
            return found
    return None


def question_order(decision: DecisionFile) -> list[Question]:
    """File order, except that a follow-up always comes after the questions it depends on."""
    remaining = list(decision.questions)
    known = {q.id for q in remaining}
    done: set[str] = set()
    order: list[Question] = []
    while remaining:
        ready = next(q for q in remaining if all(g in done or g not in known for g in _gates(q)))
        order.append(ready)
        done.add(ready.id)
        remaining.remove(ready)
    return order


def combinations(decision: DecisionFile) -> Iterator[dict[str, str]]:
    """Every full set of answers a reader can give: each question that applies answered, in every way."""
    order = question_order(decision)

    def walk(index: int, answers: dict[str, str]) -> Iterator[dict[str, str]]:
        if index == len(order):
            yield dict(answers)
            return
        question = order[index]
        if not _asked(question, answers):
            yield from walk(index + 1, answers)
            return
        for answer in question.answers:
            answers[question.id] = answer.id
            yield from walk(index + 1, answers)
            del answers[question.id]

    yield from walk(0, {})


@dataclass
class Reach:
    """What every path through the questions leads to: where no option is left, and which rules ever apply."""

    dead_ends: list[dict[str, str]] = field(default_factory=list)  # shortest; their completions are dead too
    fired: set[str] = field(default_factory=set)  # ids of the rules some combination of answers meets


def reach(decision: DecisionFile) -> Reach:
    """One walk over every partial set of answers, in question order (the loader's checks and the tests).

    Along a path the fired rules only grow (an answer given earlier never stops applying), so the rules met
    anywhere on the walk are exactly the rules some full combination meets.
    """
    order = question_order(decision)
    found = Reach()

    def walk(index: int, answers: dict[str, str]) -> None:
        rules = _fired_given(decision, answers)
        found.fired.update(r.id for r in rules)
        if set(decision.default_order) <= {o for r in rules for o in r.exclude}:
            found.dead_ends.append(dict(answers))
            return
        if index == len(order):
            return
        question = order[index]
        if not _asked(question, answers):
            walk(index + 1, answers)
            return
        for answer in question.answers:
            answers[question.id] = answer.id
            walk(index + 1, answers)
            del answers[question.id]

    walk(0, {})
    return found


def dead_ends(decision: DecisionFile) -> list[dict[str, str]]:
    """The shortest answer sequences after which every option is excluded (their completions are dead too)."""
    return reach(decision).dead_ends


# --- the static tree -----------------------------------------------------------------------------------------


@dataclass
class Node:
    """One step of the static tree: a question with a link per answer, or (a leaf) a recommendation."""

    anchor: str
    answers: dict[str, str]
    question: Question | None = None
    branches: list[tuple[Answer, Node]] = field(default_factory=list)
    outcome: Outcome | None = None


ROOT_ANCHOR = "decide-start"


def node_anchor(answers: Mapping[str, str]) -> str:
    """Readable, stable ids: the answers on the path, e.g. ``decide--in-aws-ok--aws-services``."""
    if not answers:
        return ROOT_ANCHOR
    return "decide--" + "--".join(answers.values())


def _shape(node: Node) -> tuple[object, ...]:
    """What a reader can reach from a node: the questions asked and the recommendations, not the wording."""
    if node.outcome is not None:
        return ("leaf", node.outcome.recommended)
    assert node.question is not None
    return (node.question.id, tuple((answer.id, _shape(child)) for answer, child in node.branches))


def tree(decision: DecisionFile) -> Node:
    """Ask questions in order until the recommendation no longer depends on the answers still to come.

    A question whose answer changes nothing further down is not asked at that point, so every step matters.
    """
    order = question_order(decision)
    # Nodes share completions (a question left unasked is walked again below), so each full set of answers is
    # ranked once.
    best: dict[frozenset[tuple[str, str]], str] = {}

    def settled(index: int, answers: dict[str, str]) -> set[str]:
        results: set[str] = set()

        def walk(i: int) -> None:
            if len(results) > 1:
                return
            if i == len(order):
                key = frozenset(answers.items())
                if key not in best:
                    best[key] = _best(decision, answers)
                results.add(best[key])
                return
            question = order[i]
            if not _asked(question, answers):
                walk(i + 1)
                return
            for answer in question.answers:
                answers[question.id] = answer.id
                walk(i + 1)
                del answers[question.id]

        walk(index)
        return results

    def build(index: int, answers: dict[str, str]) -> Node:
        while index < len(order) and not _asked(order[index], answers):
            index += 1
        now = evaluate(decision, answers)
        if index == len(order) or settled(index, answers) == {now.recommended}:
            return Node(node_anchor(answers), dict(answers), outcome=now)
        question = order[index]
        node = Node(node_anchor(answers), dict(answers), question=question)
        node.branches = [(a, build(index + 1, {**answers, question.id: a.id})) for a in question.answers]
        shapes = {_shape(child) for _answer, child in node.branches}
        if len(shapes) == 1:
            unasked = build(index + 1, answers)
            if _shape(unasked) in shapes:
                return unasked
        return node

    return build(0, {})


def walk_tree(node: Node) -> Iterator[Node]:
    """Every node, depth first, in reading order."""
    yield node
    for _answer, child in node.branches:
        yield from walk_tree(child)


def follow(root: Node, answers: Answers) -> Node:
    """The leaf a reader reaches by following ``answers`` through the tree."""
    node = root
    while node.question is not None:
        chosen = answers.get(node.question.id)
        node = next(child for answer, child in node.branches if answer.id == chosen)
    return node
