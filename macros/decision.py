"""The decision helper's one engine: answers in; a recommendation, its reasons, trade-offs and the other options out.

Everything is computed here, at build time. The answer space is finite, so the build evaluates every complete
set of answers once and emits:

* an answers -> outcome index (:func:`index`), a small graph the browser walks: each step names a question and,
  for each of its answers, the next step or the outcome. The browser reads the form, walks the graph and swaps in
  the fragments the build rendered; it holds no rule of its own;
* the static decision tree (:func:`tree`) for readers without JavaScript, built from the same outcomes.

A partly answered form shows the outcome for the answers given, with each open question taken at its ``assume``
answer (the least demanding one); the helper says which answers it assumed. An answer that belongs to another AWS
service (``neighbour``) ends the questions with that service.

How an outcome reads: the recommended option with the reasons that argue for it (the rules that keep, favour or
support it); the trade-offs of the recommended option; the other options still possible, each with the reasons
that argue for it (an option nothing argues for is "not needed", not listed as an alternative); and each option
ruled out with the rules that rule it out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import Condition, DecisionFile, DecisionRule, Question

if TYPE_CHECKING:
    from .loader import Guide

Answers = Mapping[str, str]
DEFAULT_ID = "default"
ROOT_ANCHOR = "decide-start"


# --- evaluation ----------------------------------------------------------------------------------------------


def matches(condition: Condition, answers: Answers) -> bool:
    """Every question of the condition was answered with one of the listed answers."""
    return all(answers.get(qid) in allowed for qid, allowed in condition.items())


def applies(question: Question, answers: Answers) -> bool:
    """A follow-up applies when any one of its ``ask_if`` conditions holds."""
    return not question.ask_if or any(matches(cond, answers) for cond in question.ask_if)


def _neighbour(question: Question, answer_id: str) -> str | None:
    return next((a.neighbour for a in question.answers if a.id == answer_id), None)


def complete(decision: DecisionFile, given: Answers) -> tuple[dict[str, str], list[str]]:
    """The answers that count, in question order, each open question at its ``assume`` answer.

    Returns the complete answers and the ids of the questions whose answer was assumed. Answers to questions that
    do not apply (an old link, a hidden question) and unknown answers are dropped; an answer that belongs to
    another service ends the questions.
    """
    out: dict[str, str] = {}
    assumed: list[str] = []
    for question in decision.questions:
        if not applies(question, out):
            continue
        answer = given.get(question.id)
        if answer not in question.answer_ids:
            answer = question.assume
            assumed.append(question.id)
        out[question.id] = answer
        if _neighbour(question, answer):
            break
    return out, assumed


@dataclass(frozen=True)
class Outcome:
    """What the helper shows for one complete set of answers. Reasons are rule ids (or ``default``)."""

    neighbour: str | None
    recommended: str | None
    why: tuple[str, ...] = ()
    trade_offs: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ruled_out: tuple[tuple[str, tuple[str, ...]], ...] = ()
    not_needed: tuple[str, ...] = ()

    @property
    def signature(self) -> tuple[Any, ...]:
        """What the static tree must settle before it stops asking: the recommendation and the options left."""
        return (self.neighbour, self.recommended, tuple(o for o, _ in self.alternatives))

    def as_json(self) -> dict[str, Any]:
        if self.neighbour:
            return {"neighbour": self.neighbour}
        return {"recommend": self.recommended, "why": list(self.why), "trade_offs": list(self.trade_offs),
                "alternatives": [[o, list(r)] for o, r in self.alternatives],
                "ruled_out": [[o, list(r)] for o, r in self.ruled_out], "not_needed": list(self.not_needed)}


class NoOption(ValueError):
    """Every option is ruled out. The loader refuses data where any combination of answers gets here."""


def fired(decision: DecisionFile, answers: Answers) -> list[DecisionRule]:
    return [rule for rule in decision.rules if matches(rule.when, answers)]


class Engine:
    """Evaluates one decision file, remembering each outcome: the loader's checks, the index and the tree ask for
    the same complete answers many times in one build."""

    def __init__(self, decision: DecisionFile) -> None:
        self.decision = decision
        self._outcomes: dict[frozenset[tuple[str, str]], Outcome] = {}
        # For each (question, answer), the rules whose condition that answer meets, and how many conditions each
        # rule has: a rule fires when every one of them is met. This is the hot loop of every walk.
        self._by_answer: dict[tuple[str, str], list[int]] = {}
        self._needs = [len(rule.when) for rule in decision.rules]
        self._neighbours = {(q.id, a.id): a.neighbour for q in decision.questions for a in q.answers if a.neighbour}
        for number, rule in enumerate(decision.rules):
            for question, allowed in rule.when.items():
                for answer in allowed:
                    self._by_answer.setdefault((question, answer), []).append(number)

    def fired(self, answers: Answers) -> list[DecisionRule]:
        met = [0] * len(self._needs)
        for pair in answers.items():
            for number in self._by_answer.get(pair, ()):
                met[number] += 1
        return [rule for rule, count, need in zip(self.decision.rules, met, self._needs, strict=True) if count == need]

    def evaluate(self, answers: Answers) -> Outcome:
        key = frozenset(answers.items())
        found = self._outcomes.get(key)
        if found is None:
            service = next((self._neighbours[pair] for pair in key if pair in self._neighbours), None)
            found = Outcome(neighbour=service, recommended=None) if service else (
                _rank(self.decision, answers, self.fired(answers)))
            self._outcomes[key] = found
        return found


def _ruled_out(decision: DecisionFile, rules: list[DecisionRule]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rule in rules:
        gone = rule.exclude if rule.exclude else [o for o in decision.default_order if rule.only and o not in rule.only]
        for option in gone:
            out.setdefault(option, []).append(rule.id)
    return out


def _for(decision: DecisionFile, rules: list[DecisionRule], option: str) -> tuple[str, ...]:
    """The reasons that argue for ``option``: the rules that keep, favour or support it."""
    default = (DEFAULT_ID,) if option == decision.default_order[0] else ()
    return default + tuple(r.id for r in rules if option in r.only or option in r.prefer or option in r.support)


def evaluate(decision: DecisionFile, answers: Answers) -> Outcome:
    """The outcome for complete answers (see :func:`complete`)."""
    return _evaluate(decision, answers, fired(decision, answers))


def _evaluate(decision: DecisionFile, answers: Answers, rules: list[DecisionRule]) -> Outcome:
    for question in decision.questions:
        if question.id in answers and (service := _neighbour(question, answers[question.id])):
            return Outcome(neighbour=service, recommended=None)
    return _rank(decision, answers, rules)


def _rank(decision: DecisionFile, answers: Answers, rules: list[DecisionRule]) -> Outcome:
    gone = _ruled_out(decision, rules)
    viable = [o for o in decision.default_order if o not in gone]
    if not viable:
        raise NoOption(f"every option is ruled out for {dict(answers)}")
    scores = {o: sum(r.score or 0 for r in rules if o in r.prefer) for o in viable}
    ranked = sorted(viable, key=lambda o: (-scores[o], decision.default_order.index(o)))
    best, others = ranked[0], ranked[1:]
    reasons = {o: _for(decision, rules, o) for o in ranked}
    return Outcome(
        neighbour=None,
        recommended=best,
        why=reasons[best],
        trade_offs=tuple(r.id for r in rules if best in r.caution),
        alternatives=tuple((o, reasons[o]) for o in others if reasons[o]),
        ruled_out=tuple((o, tuple(gone[o])) for o in decision.default_order if o in gone),
        not_needed=tuple(o for o in others if not reasons[o]),
    )


def outcome_for(decision: DecisionFile, given: Answers, engine: Engine | None = None) -> Outcome:
    """The outcome the form shows for any answers, open questions assumed."""
    full = complete(decision, given)[0]
    return engine.evaluate(full) if engine else evaluate(decision, full)


# --- every combination ----------------------------------------------------------------------------------------


def combinations(decision: DecisionFile) -> Iterator[dict[str, str]]:
    """Every complete set of answers a reader can give: each question that applies, answered every way."""
    questions = decision.questions

    def walk(index: int, answers: dict[str, str]) -> Iterator[dict[str, str]]:
        while index < len(questions) and not applies(questions[index], answers):
            index += 1
        if index == len(questions):
            yield dict(answers)
            return
        question = questions[index]
        for answer in question.answers:
            answers[question.id] = answer.id
            if answer.neighbour:
                yield dict(answers)
            else:
                yield from walk(index + 1, answers)
            del answers[question.id]

    yield from walk(0, {})


# --- the index the browser walks ---------------------------------------------------------------------------------


@dataclass
class Index:
    """Steps and outcomes. A step is ``[question number, next for answer 0, next for answer 1, ...]``; a next value
    of n >= 0 is step n, and -k-1 is outcome k. Identical sub-graphs are stored once.

    In JSON, options and reasons are numbers into the ``options`` and ``reasons`` lists, and an outcome is either
    ``{"neighbour": id}`` or ``[recommended, why, trade-offs, alternatives, ruled out, not needed]`` where
    alternatives and ruled out are ``[option, reasons]`` pairs: about a quarter of the size of the spelled-out form.
    """

    questions: list[str]
    steps: list[list[int]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    root: int = 0

    def as_json(self, decision: DecisionFile) -> dict[str, Any]:
        options = list(decision.default_order)
        reasons = [DEFAULT_ID, *(r.id for r in decision.rules)]
        o, r = {x: i for i, x in enumerate(options)}, {x: i for i, x in enumerate(reasons)}

        def pack(out: Outcome) -> Any:
            if out.neighbour:
                return {"neighbour": out.neighbour}
            assert out.recommended is not None
            return [o[out.recommended], [r[x] for x in out.why], [r[x] for x in out.trade_offs],
                    [[o[opt], [r[x] for x in why]] for opt, why in out.alternatives],
                    [[o[opt], [r[x] for x in why]] for opt, why in out.ruled_out], [o[x] for x in out.not_needed]]

        return {"questions": self.questions, "options": options, "reasons": reasons, "root": self.root,
                "steps": self.steps, "outcomes": [pack(x) for x in self.outcomes]}

    def lookup(self, decision: DecisionFile, given: Answers) -> Outcome:
        """Walk the graph as the browser does (used by the tests to hold the two to the same result)."""
        ref = self.root
        while ref >= 0:
            number, *nexts = self.steps[ref]
            question = decision.questions[number]
            ids = [a.id for a in question.answers]
            answer = given.get(question.id)
            ref = nexts[ids.index(answer if answer in ids else question.assume)]
        return self.outcomes[-ref - 1]


def index(decision: DecisionFile, engine: Engine | None = None) -> Index:
    """Evaluate every complete set of answers once and fold them into the graph the browser walks."""
    engine = engine or Engine(decision)
    questions = decision.questions
    out = Index([q.id for q in questions])
    outcome_refs: dict[Outcome, int] = {}
    step_refs: dict[tuple[int, ...], int] = {}

    def terminal(answers: dict[str, str]) -> int:
        outcome = engine.evaluate(answers)
        if outcome not in outcome_refs:
            outcome_refs[outcome] = len(out.outcomes)
            out.outcomes.append(outcome)
        return -outcome_refs[outcome] - 1

    def build(number: int, answers: dict[str, str]) -> int:
        while number < len(questions) and not applies(questions[number], answers):
            number += 1
        if number == len(questions):
            return terminal(answers)
        question = questions[number]
        nexts = []
        for answer in question.answers:
            given = {**answers, question.id: answer.id}
            nexts.append(terminal(given) if answer.neighbour else build(number + 1, given))
        step = (number, *nexts)
        if step not in step_refs:
            step_refs[step] = len(out.steps)
            out.steps.append(list(step))
        return step_refs[step]

    out.root = build(0, {})
    return out


# --- the static tree -----------------------------------------------------------------------------------------------


@dataclass
class Node:
    """One step of the static tree: a question with a link per answer, or (a leaf) the outcome."""

    answers: dict[str, str]  # every answer that counts here, assumed ones included
    asked: dict[str, str] = field(default_factory=dict)  # the answers the reader gave on the way here
    question: Question | None = None
    branches: list[tuple[str, Node]] = field(default_factory=list)  # (answer id, child)
    outcome: Outcome | None = None
    aliases: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """Readable, stable ids: the answers on the path, e.g. ``decide--keys--in-aws-ok``."""
        return "decide--" + "--".join(self.asked.values()) if self.asked else ROOT_ANCHOR


def _shape(node: Node) -> tuple[Any, ...]:
    """What a reader can reach from a node: the questions asked and the outcomes' signatures, not the wording."""
    if node.outcome is not None:
        return ("leaf", node.outcome.signature)
    assert node.question is not None
    return (node.question.id, tuple((answer, _shape(child)) for answer, child in node.branches))


def tree(decision: DecisionFile, engine: Engine | None = None) -> Node:
    """Ask questions in order until neither the recommendation nor the options left depend on the answers to come.

    A question whose answers all lead to the same steps is not asked: the tree goes on as if it had been answered
    with its ``assume`` answer, so every step shown can change what the reader ends up with.
    """
    engine = engine or Engine(decision)
    questions = decision.questions

    def signature(answers: dict[str, str]) -> tuple[Any, ...]:
        return engine.evaluate(answers).signature

    def settled(number: int, answers: dict[str, str]) -> bool:
        seen: set[tuple[Any, ...]] = set()

        def walk(i: int) -> bool:  # False as soon as two signatures differ
            while i < len(questions) and not applies(questions[i], answers):
                i += 1
            if i == len(questions) or any(_neighbour(q, answers[q.id]) for q in questions if q.id in answers):
                seen.add(signature(answers))
                return len(seen) < 2
            question = questions[i]
            for answer in question.answers:
                answers[question.id] = answer.id
                ok = walk(i + 1)
                del answers[question.id]
                if not ok:
                    return False
            return True

        return walk(number)

    def build(number: int, answers: dict[str, str]) -> Node:
        while number < len(questions) and not applies(questions[number], answers):
            number += 1
        ended = any(_neighbour(q, answers[q.id]) for q in questions if q.id in answers)
        if ended or number == len(questions) or settled(number, dict(answers)):
            full, _ = complete(decision, answers)
            return Node(dict(answers), outcome=engine.evaluate(full))
        question = questions[number]
        node = Node(dict(answers), question=question)
        node.branches = [(a.id, build(number + 1, {**answers, question.id: a.id})) for a in question.answers]
        if len({_shape(child) for _, child in node.branches}) == 1:
            return dict(node.branches)[question.assume]
        return node

    root = build(0, {})
    _name(root, {})
    _alias(root, decision)
    return root


def _name(node: Node, asked: dict[str, str]) -> None:
    node.asked = asked
    for answer, child in node.branches:
        assert node.question is not None
        _name(child, {**asked, node.question.id: answer})


def walk_tree(node: Node) -> Iterator[Node]:
    """Every node, depth first, in reading order."""
    yield node
    for _answer, child in node.branches:
        yield from walk_tree(child)


def follow(root: Node, answers: Answers) -> Node:
    """The leaf a reader reaches by following ``answers`` (unknown or missing answers: the assumed one)."""
    node = root
    while node.question is not None:
        chosen = answers.get(node.question.id)
        branches = dict(node.branches)
        node = branches.get(chosen) or branches[node.question.assume]
    return node


def resolve_former(root: Node, decision: DecisionFile, anchor: str) -> Node:
    """The step an anchor of an earlier tree (its answers in path order) lands on today."""
    tokens = [t for t in anchor.removeprefix("decide").split("--") if t]
    later: dict[str, set[str]] = {}
    for question in decision.questions:
        for answer in question.answers:
            later.setdefault(answer.id, set()).add(question.id)
    node = root
    while node.question is not None and tokens:
        branches = dict(node.branches)
        if tokens[0] in branches:
            node = branches[tokens.pop(0)]
        elif tokens[0] in later:
            node = branches[node.question.assume]  # a question the earlier tree did not ask: its default answer
        else:
            tokens.pop(0)  # an answer that no longer exists
    return node


def _alias(root: Node, decision: DecisionFile) -> None:
    current = {node.anchor for node in walk_tree(root)}
    for anchor in decision.former_anchors:
        if anchor not in current:
            resolve_former(root, decision, anchor).aliases.append(anchor)


# --- checks the loader runs once every name resolves -----------------------------------------------------------

Problem = tuple[tuple[Any, ...], str]


def _condition_problems(path: tuple[Any, ...], condition: Condition, decision: DecisionFile) -> Iterator[Problem]:
    questions = {q.id: q for q in decision.questions}
    for qid, allowed in condition.items():
        for k, aid in enumerate(allowed):
            if qid in questions and aid not in questions[qid].answer_ids:
                where = (*path, qid, k) if len(allowed) > 1 else (*path, qid)
                yield where, (f"unknown answer {aid!r} to question {qid!r}; expected one of: "
                              f"{', '.join(a.id for a in questions[qid].answers)}")


def check(decision: DecisionFile, guide: Guide, engine: Engine | None = None) -> list[Problem]:
    """Structure the models cannot see: the default order, answers named in conditions, follow-up order, and that
    every combination of answers leaves an option and every rule applies to some combination."""
    problems: list[Problem] = []
    options = [o.id for o in guide.options]
    for k, opt in enumerate(decision.default_order):
        if opt in decision.default_order[:k]:
            problems.append((("default_order", k), f"option {opt!r} is listed twice; list every option once"))
    for opt in options:
        if opt not in decision.default_order:
            problems.append((("default_order",), f"option {opt!r} is missing; the default order lists every option once"))
    position = {q.id: i for i, q in enumerate(decision.questions)}
    for i, question in enumerate(decision.questions):
        for j, condition in enumerate(question.ask_if):
            problems += _condition_problems(("questions", i, "ask_if", j), condition, decision)
            for qid in condition:
                if position.get(qid, -1) >= i:
                    problems.append((("questions", i, "ask_if", j, qid),
                                     f"question {qid!r} does not come before this one; list a follow-up after the "
                                     "questions it depends on"))
    for i, rule in enumerate(decision.rules):
        problems += _condition_problems(("rules", i, "when"), rule.when, decision)
    if problems:
        return problems
    return _reach(decision, engine or Engine(decision))


def _reach(decision: DecisionFile, engine: Engine) -> list[Problem]:
    rule_index = {r.id: i for i, r in enumerate(decision.rules)}
    seen_rules: set[str] = set()
    problems: list[Problem] = []
    dead = 0
    for answers in combinations(decision):
        rules = engine.fired(answers)
        seen_rules.update(r.id for r in rules)
        try:
            engine.evaluate(answers)  # computes the outcome once; the index and the tree reuse it
        except NoOption:
            dead += 1
            if dead <= 3:
                given = ", ".join(f"{q}={a}" for q, a in answers.items())
                gone = [r for r in rules if r.exclude or r.only]
                by = "; ".join(f"{r.id} ({r.effect} {', '.join(r.options)})" for r in gone)
                problems.append((("rules", rule_index[gone[-1].id]),
                                 f"the answers {given} leave no option ({by}); every combination of answers must leave "
                                 "an option: relax a rule, or ask the question only when it can still be met (ask_if)"))
    if dead > 3:
        problems.append((("rules",), f"{dead - 3} more combinations of answers leave no option"))
    for i, rule in enumerate(decision.rules):
        if rule.id not in seen_rules:
            problems.append((("rules", i, "when"), "no combination of answers meets this condition (a question it "
                                                   "names is not asked then); the rule would never apply"))
    return problems
