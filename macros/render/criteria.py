"""Criteria as sections with headings: 'when to use each' and the detailed comparison criteria.

Each is a Markdown heading with the record's id, so it is a TOC entry, a search result and a deep link.
"""

from __future__ import annotations

from ..loader import Guide
from .common import Linker, attr, block, cite, esc, heading_with_aliases, link, option_page

STATUS = {
    "accurate": ("Still accurate", "kg-ok"),
    "corrected": ("Corrected", "kg-fixed"),
    "outdated": ("Outdated claim, replaced", "kg-old"),
}


def when_to_use(guide: Guide, service_id: str, linker: Linker, level: int = 3) -> str:
    """The seed's six 'when to use' bullets for one service, each corrected and cited."""
    group = next(g for g in guide.when if g.service == service_id)
    parts = []
    for crit in group.criteria:
        label, cls = STATUS[crit.status]
        parts.append(heading_with_aliases(level, crit.title, crit))
        opts = ", ".join(link(linker.to(option_page(o)), guide.option(o).short_name) for o in crit.options)
        details = ", ".join(link(linker.to("comparison", d), guide.criterion(d).label) for d in crit.details)
        correction = f" {link(linker.to('corrections', crit.correction), 'Why it changed')}" if crit.correction else ""
        body = (
            f'<div class="kg-criterion" data-anchor="{attr(crit.id)}">'
            f'<p>{esc(crit.text)} {cite(guide, crit.sources, crit.verified)}</p>'
            f'<p class="kg-meta"><span class="kg-badge {cls}">{label}</span> Points to: {opts}.'
            + (f" Compare: {details}." if details else "")
            + correction
            + "</p>"
            + (f'<p class="kg-seed">Original wording: “{esc(crit.seed_text)}”</p>' if crit.status != "accurate" else "")
            + "</div>"
        )
        parts.append(block(body))
    return "".join(parts)


def criteria_details(guide: Guide, linker: Linker) -> str:
    """Every comparison criterion as its own section: the question, then each option's answer in full."""
    parts = []
    for group in guide.groups:
        parts.append(heading_with_aliases(2, group.title, group))
        parts.append(block(f"<p>{esc(group.summary)}</p>"))
        for crit in group.criteria:
            parts.append(heading_with_aliases(3, crit.label, crit))
            items = []
            for opt in guide.options:
                cell = crit.cells[opt.id]
                extras = "".join(
                    f'<div class="{cls}">{prefix}{esc(text)}</div>'
                    for cls, prefix, text in (
                        ("kg-note", "", cell.note),
                        ("kg-na", "Why not applicable: ", cell.na),
                        ("kg-disagree", "AWS pages disagree: ", cell.disagreement),
                    )
                    if text
                )
                items.append(
                    f"<dt>{link(linker.to(option_page(opt.id)), opt.name)}</dt>"
                    f'<dd><div class="kg-value">{esc(cell.value)}</div>{extras}{cite(guide, cell.sources, cell.verified)}</dd>'
                )
            keywords = f'<p class="kg-keywords">Also known as: {esc(", ".join(crit.keywords))}</p>' if crit.keywords else ""
            back = link(linker.to("comparison", crit.id), "See this row in the comparison table")
            parts.append(block(
                f'<div class="kg-criterion" data-anchor="{attr(crit.id)}"><p class="kg-question">{esc(crit.question)}</p>'
                f'<dl class="kg-answers">{"".join(items)}</dl>{keywords}<p class="kg-meta">{back}</p></div>'
            ))
    return "".join(parts)
