"""The two comparison tables: the seed's six-row 'at a glance' view and the full option x criterion matrix."""

from __future__ import annotations

from ..loader import Guide
from ..models import Cell, GlanceCell
from .common import Linker, aliases, attr, block, cite, esc, link, option_page


def _wrap(table: str, label: str, cls: str = "", searchable: bool = True) -> str:
    # A focusable, labelled region: keyboard users can scroll a wide table (axe: scrollable-region-focusable).
    # Tables that repeat text found elsewhere are kept out of the search index, so a query lands on the
    # criterion's own section rather than on one giant table.
    # The marker sits on <table>, not on the wrapper: the search plugin tracks skipped elements by tag name, so
    # a nested <div> closing inside a skipped <div> would end the exclusion early.
    if not searchable:
        table = table.replace("<table ", "<table data-search-exclude ", 1)
    return f'<div class="{f"kg-table-wrap {cls}".strip()}" tabindex="0" role="region" aria-label="{attr(label)}">{table}</div>'


def _cell(guide: Guide, cell: Cell | GlanceCell) -> str:
    note = f'<div class="kg-note">{esc(cell.note)}</div>' if cell.note else ""
    na = f'<div class="kg-na">Why: {esc(cell.na)}</div>' if isinstance(cell, Cell) and cell.na else ""
    odd = f'<div class="kg-disagree">AWS pages disagree: {esc(cell.disagreement)}</div>' if cell.disagreement else ""
    return f'<div class="kg-value">{esc(cell.value)}</div>{note}{na}{odd}{cite(guide, cell.sources, cell.verified)}'


def _permalink(anchor: str, label: str) -> str:
    return f'<a class="kg-permalink" href="#{attr(anchor)}" aria-label="Link to this row: {attr(label)}">#</a>'


def glance_table(guide: Guide, linker: Linker, with_seed: bool = True) -> str:
    """The seed's key-differences table, corrected; every row links to the detailed criteria behind it."""
    kms, hsm = guide.service("aws-kms"), guide.service("aws-cloudhsm")
    head = (f'<thead><tr><th scope="col">Feature</th><th scope="col">{esc(kms.short_name)}</th>'
            f'<th scope="col">{esc(hsm.short_name)}</th><th scope="col">In detail</th></tr></thead>')
    rows = []
    for row in guide.glance:
        details = ", ".join(link(linker.to("comparison", d), guide.criterion(d).label) for d in row.details)
        seed = ""
        if with_seed:
            seed = (f'<div class="kg-seed">Often claimed: {esc(kms.short_name)} “{esc(row.seed.get(kms.id, ""))}”, '
                    f'{esc(hsm.short_name)} “{esc(row.seed.get(hsm.id, ""))}”.')
            if row.correction:
                seed += " " + link(linker.to("corrections", row.correction), "See the correction")
            seed += "</div>"
        rows.append(
            f'<tr id="{attr(row.id)}" data-anchor="{attr(row.id)}"><th scope="row">{aliases(row)}{esc(row.feature)} '
            f'{_permalink(row.id, row.feature)}{seed}</th><td>{_cell(guide, row.aws_kms)}</td>'
            f'<td>{_cell(guide, row.aws_cloudhsm)}</td><td>{details or "–"}</td></tr>'
        )
    table = f'<table class="kg-table kg-glance">{head}<tbody>{"".join(rows)}</tbody></table>'
    return block(_wrap(table, "Key differences at a glance", searchable=with_seed), searchable=with_seed)


def matrix(guide: Guide, linker: Linker) -> str:
    """Every criterion (rows, grouped) against every option (columns)."""
    cols = "".join(
        f'<th scope="col" data-option="{attr(o.id)}">{link(linker.to(option_page(o.id)), o.short_name)}</th>'
        for o in guide.options
    )
    head = f'<thead><tr><th scope="col">Criterion</th>{cols}</tr></thead>'
    bodies = []
    for group in guide.groups:
        rows = [f'<tr class="kg-group-row"><th scope="colgroup" colspan="{len(guide.options) + 1}">'
                f'{aliases(group)}{esc(group.title)}</th></tr>']
        for crit in group.criteria:
            cells = "".join(f'<td data-option="{attr(o.id)}">{_cell(guide, crit.cells[o.id])}</td>' for o in guide.options)
            more = link(linker.to("criteria", crit.id), "details", "kg-more")
            rows.append(f'<tr id="{attr(crit.id)}" data-anchor="{attr(crit.id)}"><th scope="row">{aliases(crit)}'
                        f'{esc(crit.label)} {_permalink(crit.id, crit.label)} {more}</th>{cells}</tr>')
        bodies.append(f'<tbody id="{attr(group.id)}" data-group="{attr(group.id)}">{"".join(rows)}</tbody>')
    table = f'<table class="kg-table kg-matrix">{head}{"".join(bodies)}</table>'
    return block(_wrap(table, "Full comparison of the five options", "kg-matrix-wrap", searchable=False), searchable=False)


def quota_tables(guide: Guide, linker: Linker) -> str:
    """Published quota and throughput tables, each under its own heading, each row with its own anchor."""
    from .common import block, md_heading

    parts = []
    for table in guide.quotas:
        parts.append(md_heading(2, table.title, table.id))
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
        rows = []
        for row in table.rows:
            first, *rest = row.cells
            note = f'<div class="kg-note">{esc(row.note)}</div>' if row.note else ""
            cells = "".join(f"<td>{esc(c)}</td>" for c in rest)
            rows.append(f'<tr id="{attr(row.id)}" data-anchor="{attr(row.id)}"><th scope="row">{aliases(row)}{esc(first)} '
                        f'{_permalink(row.id, first)}{note}{cite(guide, row.sources, row.verified)}</th>{cells}</tr>')
        table_html = f'<table class="kg-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        parts.append(block(f"<p>{esc(table.summary)}</p>" + _wrap(table_html, table.title)))
    return "".join(parts)
