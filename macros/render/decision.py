"""The decision helper's page (form, result fragments) and the static decision tree, from one engine.

:mod:`macros.decision` computes every outcome; this module only draws them. The helper's script receives the
fragments below and the index the build writes (``/data/decision-index.json``); it evaluates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from .. import decision as dec
from ..policy import page_url
from . import Link, Renderer


@dataclass(frozen=True)
class Reason:
    """A rule (or AWS's default preference) as the reader sees it."""

    id: str
    title: str
    text: str
    details: tuple[str, ...]


def reasons(r: Renderer) -> list[Reason]:
    d = r.guide.decision
    out = [Reason(dec.DEFAULT_ID, d.default_title, d.default_reason, tuple(d.default_details))]
    return out + [Reason(rule.id, rule.title, rule.reason, tuple(rule.details)) for rule in d.rules]


def _cell_sources(r: Renderer, rows: set[str]) -> tuple[list[dict[str, str]], list[object]]:
    """For the decision record: the sources behind each (comparison row, option) a reason may name."""
    cells, urls = [], []
    for crit in r.guide.criteria:
        if crit.id not in rows:
            continue
        for option, cell in crit.cells.items():
            numbers = sorted({r.source_number(u) for u in cell.sources})
            cells.append({"row": crit.id, "option": option, "numbers": " ".join(map(str, numbers))})
            urls += [page_url(u) for u in cell.sources]
    return cells, [r.guide.source(u) for u in sorted(set(urls), key=r.source_number)]


def helper(r: Renderer, link: Link) -> str:
    """The form, the result area and every fragment the result is assembled from."""
    all_reasons = reasons(r)
    rows = {d for reason in all_reasons for d in reason.details}
    cells, sources = _cell_sources(r, rows)
    # The page opens as the script would leave it with no answers (the questions on that path shown, their
    # assumed answers marked), so nothing moves when the script starts.
    assumed, _ = dec.complete(r.guide.decision, {})
    shown, first = set(assumed), r.guide.engine.evaluate(assumed).recommended
    return r.html("helper.html", link, questions=r.guide.decision.questions, shown=shown,
                  first=r.guide.option(first) if first else None, options=r.guide.options,
                  neighbours=r.guide.neighbours, reasons=all_reasons, cell_sources=cells, sources=sources)


def _grouped(ruled_out: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[tuple[str, ...], list[str]]]:
    """Options ruled out for the same reasons, together: (reasons, options), in the order first met."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for option, why in ruled_out:
        groups.setdefault(why, []).append(option)
    return list(groups.items())


@dataclass(frozen=True)
class Step:
    anchor: str
    label: str


def decision_tree(r: Renderer, link: Link) -> str:
    """Every path through the questions that matter, one section per step, ending in an outcome."""
    d = r.guide.decision
    root = dec.tree(d, r.guide.engine)
    questions = {q.id: q for q in d.questions}
    parents = {child.anchor: (node, answer) for node in dec.walk_tree(root) for answer, child in node.branches}
    nodes = []
    for node in dec.walk_tree(root):
        trail, current = [], node
        while current.anchor in parents:
            parent, answer = parents[current.anchor]
            assert parent.question is not None
            label = next(a.label for a in parent.question.answers if a.id == answer)
            trail.append(Step(parent.anchor, label))
            current = parent
        branches = []
        if node.question is not None:
            labels = {a.id: a.label for a in questions[node.question.id].answers}
            branches = [(labels[answer], child.anchor) for answer, child in node.branches]
        nodes.append({"anchor": node.anchor, "aliases": node.aliases, "trail": list(reversed(trail)),
                      "question": node.question, "branches": branches, "outcome": node.outcome,
                      "ruled_out": _grouped(node.outcome.ruled_out) if node.outcome else [],
                      "query": urlencode(node.asked)})
    all_reasons = reasons(r)
    return r.html("tree.html", link, nodes=nodes, root=root.anchor, reasons=all_reasons,
                  titles={x.id: x.title for x in all_reasons})
