"""Service and option overviews."""

from __future__ import annotations

from ..loader import Guide
from ..models import Fact
from .common import Linker, aliases, block, esc, fact_html, link, md_heading, option_page


def _facts(guide: Guide, facts: list[Fact], cls: str) -> str:
    items = "".join(f"<li>{fact_html(guide, f.text, f.sources, f.verified, f.note)}</li>" for f in facts)
    return f'<ul class="{cls}">{items}</ul>'


def service_overview(guide: Guide, service_id: str, linker: Linker) -> str:
    """The corrected seed overview of one service, the options it offers, and its official links."""
    svc = guide.service(service_id)
    parts = [block(aliases(svc) + _facts(guide, svc.overview, "kg-facts"))]
    parts.append(md_heading(2, f"Best for: {svc.short_name}", f"{svc.id}-best-for"))
    best = svc.best_for
    parts.append(block(f'<p class="kg-best">{fact_html(guide, best.text, best.sources, best.verified, best.note)}</p>'))
    parts.append(md_heading(2, f"Ways to use {svc.short_name}", f"{svc.id}-options"))
    rows = "".join(
        f"<li>{link(linker.to(option_page(o.id)), o.name)}: {esc(guide.option(o.id).summary.text)}</li>"
        for o in (guide.option(i) for i in svc.options)
    )
    parts.append(block(f'<ul class="kg-option-list">{rows}</ul>'))
    return "".join(parts)


def option_overview(guide: Guide, option_id: str, linker: Linker) -> str:
    """One option: definition, how it works, when to choose it, trade-offs, and its answer to every criterion."""
    opt = guide.option(option_id)
    svc = guide.service(opt.service)
    s = opt.summary
    parts = [block(aliases(opt) + f'<p class="kg-lead">{fact_html(guide, s.text, s.sources, s.verified, s.note)}</p>'
                   + f'<p>Part of {link(linker.to(svc.id), svc.name)}.</p>')]
    for title, suffix, facts in (
        ("How it works", "how-it-works", opt.how_it_works),
        ("Choose it when", "choose-when", opt.choose_when),
        ("Trade-offs you accept", "trade-offs", opt.trade_offs),
    ):
        parts.append(md_heading(2, title, f"{opt.id}-{suffix}"))
        parts.append(block(_facts(guide, facts, "kg-facts")))
    parts.append(md_heading(2, "Every criterion for this option", f"{opt.id}-criteria"))
    parts.append(block(option_cells(guide, option_id, linker), searchable=False))
    return "".join(parts)


def option_cells(guide: Guide, option_id: str, linker: Linker) -> str:
    rows = []
    for group in guide.groups:
        rows.append(f'<tr class="kg-group-row"><th colspan="2" scope="colgroup">{esc(group.title)}</th></tr>')
        for crit in group.criteria:
            cell = crit.cells[option_id]
            label = link(linker.to("criteria", crit.id), crit.label)
            answer = fact_html(guide, cell.value, cell.sources, cell.verified, cell.note)
            rows.append(f'<tr><th scope="row">{label}</th><td>{answer}</td></tr>')
    head = '<thead><tr><th scope="col">Criterion</th><th scope="col">Answer</th></tr></thead>'
    return (f'<div class="kg-table-wrap" tabindex="0" role="region" aria-label="Criteria for this option">'
            f'<table class="kg-table" data-search-exclude>{head}<tbody>{"".join(rows)}</tbody></table></div>')
