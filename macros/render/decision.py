"""The decision helper: the interactive form's mount point, and a static decision tree that works without JavaScript.

The form (docs/assets/javascripts/decision.js) reads the rules from the exported ``data/decision.json``; the tree
is computed here from the same data by :mod:`macros.decision`. Neither holds a rule of its own.
"""

from __future__ import annotations

from ..decision import ROOT_ANCHOR, Node, Reason, tree, walk_tree
from ..loader import Guide
from ..models import Question
from .common import Linker, attr, block, esc, link, option_page, widget_script

#: The JSON documents the form fetches, each named in a data-* attribute (export.py writes them under data/).
EXPORTS = {"decision": "decision.json", "options": "options.json", "comparison": "comparison.json", "sources": "sources.json"}


def decision_form(guide: Guide, linker: Linker) -> str:
    """Where the form mounts. Every URL it needs is given relative to this page, so any base path works."""
    urls = "".join(f' data-{name}-src="{attr(linker.to("data/" + file))}"' for name, file in EXPORTS.items())
    pages = (f' data-comparison-page="{attr(linker.to("comparison"))}"'
             f' data-option-page="{attr(linker.to("options/"))}"')
    fallback = (f'<p class="kg-decide-fallback">The interactive helper needs JavaScript. Without it, follow the '
                f'{link(linker.here(ROOT_ANCHOR), "decision tree")} below: it gives the same recommendations.</p>')
    return block(f'<div class="kg-decide" id="decision-helper"{urls}{pages}>{fallback}</div>'
                 + widget_script(linker, "decision.js"))


def decision_tree(guide: Guide, linker: Linker) -> str:
    """Every path through the questions, one section each, linked answer by answer; every path ends in a recommendation."""
    root = tree(guide.decision)
    parents = {child.anchor: node for node in walk_tree(root) for _answer, child in node.branches}
    sections = [_step(guide, linker, node, parents) for node in walk_tree(root)]
    # The tree repeats each question along many paths: keep it out of the search index, which has the page prose.
    return block(f'<div class="kg-tree" data-search-exclude>{"".join(sections)}</div>', searchable=False)


def _label(question: Question, answer_id: str) -> str:
    return next(a.label for a in question.answers if a.id == answer_id)


def _trail(node: Node, parents: dict[str, Node]) -> str:
    """The answers so far, each linking back to the step where it was given, so a reader can change it."""
    steps, current = [], node
    while current.anchor in parents:
        parent = parents[current.anchor]
        assert parent.question is not None
        answer = _label(parent.question, current.answers[parent.question.id])
        steps.append(f"<li>{esc(parent.question.text)} {link('#' + parent.anchor, answer)}</li>")
        current = parent
    if not steps:
        return ""
    return f'<details class="kg-trail"><summary>Your answers ({len(steps)})</summary><ol>{"".join(reversed(steps))}</ol></details>'


def _step(guide: Guide, linker: Linker, node: Node, parents: dict[str, Node]) -> str:
    trail = _trail(node, parents)
    nav = "" if node.anchor == ROOT_ANCHOR else f'<p class="kg-meta">{link("#" + ROOT_ANCHOR, "Start again")}</p>'
    if node.question is None:
        body = _leaf(guide, linker, node)
        return f'<section class="kg-step kg-leaf" id="{attr(node.anchor)}"{_recommend(node)}>{trail}{body}{nav}</section>'
    q = node.question
    choices = "".join(f'<li><a href="#{attr(child.anchor)}" data-answer="{attr(answer.id)}">{esc(answer.label)}</a></li>'
                      for answer, child in node.branches)
    return (f'<section class="kg-step" id="{attr(node.anchor)}" data-question="{attr(q.id)}">{trail}'
            f'<h3>{esc(q.text)}</h3><p class="kg-help">{esc(q.help)}</p><ul class="kg-choices">{choices}</ul>{nav}</section>')


def _recommend(node: Node) -> str:
    assert node.outcome is not None
    return f' data-recommend="{attr(node.outcome.recommended)}"'


def _compare(guide: Guide, linker: Linker, reason: Reason) -> str:
    rows = ", ".join(link(linker.to("comparison", d), guide.criterion(d).label) for d in reason.details)
    return f' <span class="kg-meta">Compare: {rows}.</span>'


def _reasons(guide: Guide, linker: Linker, reasons: tuple[Reason, ...]) -> str:
    return "".join(f'<li data-reason="{attr(r.id)}">{esc(r.text)}{_compare(guide, linker, r)}</li>' for r in reasons)


def _leaf(guide: Guide, linker: Linker, node: Node) -> str:
    out = node.outcome
    assert out is not None
    best = guide.option(out.recommended)
    parts = [
        f'<h3>Recommendation: {link(linker.to(option_page(best.id)), best.name)}</h3>',
        f'<p class="kg-label">Why</p><ol class="kg-reasons">{_reasons(guide, linker, out.reasons)}</ol>',
    ]
    more = link(linker.to(option_page(best.id), f"{best.id}-trade-offs"), f"Every trade-off of {best.short_name}")
    parts.append(f'<p class="kg-label">Trade-offs to accept</p><ul class="kg-tradeoffs">'
                 f'{_reasons(guide, linker, out.trade_offs)}<li>{more}</li></ul>')
    if out.alternatives:
        alts = ", ".join(link(linker.to(option_page(o)), guide.option(o).short_name) for o in out.alternatives)
        parts.append(f'<p class="kg-label">Also possible</p><p>{alts}</p>')
    if out.ruled_out:
        number = {r.id: n for n, r in enumerate(out.reasons, 1)}
        items = "".join(
            f'<li data-option="{attr(o)}">{link(linker.to(option_page(o)), guide.option(o).short_name)}, see reason '
            + ", ".join(str(number[r.id]) for r in why) + "</li>"
            for o, why in out.ruled_out.items()
        )
        parts.append(f'<p class="kg-label">Ruled out</p><ul class="kg-ruled-out">{items}</ul>')
    return "".join(parts)
