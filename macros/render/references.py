"""Sources, the seed's documentation links, corrections, summary and glossary."""

from __future__ import annotations

from collections import defaultdict

from ..claims import claims
from ..cost import kms_prices, price_anchor
from ..loader import Guide
from ..policy import page_url
from .common import PAGES, Linker, aliases, attr, block, cite, esc, fact_html, heading_with_aliases, link, md_heading, option_page

Citation = tuple[str, str, str]  # (page, anchor, label)


def citation_index(guide: Guide) -> dict[str, list[Citation]]:
    """Which page and anchor cites each source page: the 'where cited' column of the sources list."""
    index: dict[str, list[Citation]] = defaultdict(list)
    for claim in claims(guide):
        entry = (claim.page, claim.anchor, claim.label)
        for url in claim.sources:
            if entry not in index[page_url(url)]:
                index[page_url(url)].append(entry)
    return index


SOURCE_CHUNK = 15


def source_list(guide: Guide, linker: Linker) -> str:
    """Every official page the guide cites, grouped by publisher, with each place that cites it."""
    index = citation_index(guide)
    titles = {"aws-kms": "AWS KMS", "aws-cloudhsm": "AWS CloudHSM", "aws": "AWS (general)", "nist": "NIST"}
    parts = []
    for service, heading in titles.items():
        sources = sorted((s for s in guide.sources if s.service == service), key=lambda s: s.title.lower())
        if not sources:
            continue
        parts.append(md_heading(3, heading, f"sources-{service}"))
        rows = []
        for src in sources:
            where = ", ".join(link(linker.to(p, a or None), label) for p, a, label in index.get(src.url, []))
            rows.append(f'<tr id="{attr(src.id)}"><td><a class="kg-src" href="{attr(src.url)}">{esc(src.title)}</a>'
                        f'<div class="kg-url">{esc(src.url)}</div></td><td>{where}</td></tr>')
        # Tables of SOURCE_CHUNK rows, each laid out only when it nears the screen: one table of 90 rows and 500
        # links is laid out whole as soon as any of it shows. Fixed column widths keep the chunks aligned.
        head = '<thead><tr><th scope="col">Official page</th><th scope="col">Cited in</th></tr></thead>'
        chunks = "".join(
            # Placeholder height while off screen: an overestimate (rows run to about 14rem at phone width).
            f'<div class="kg-chunk" style="contain-intrinsic-size: auto {18 * len(rows[i:i + SOURCE_CHUNK]) + 4}rem">'
            f'<table class="kg-table kg-sources-table" data-search-exclude>{head}'
            f'<tbody>{"".join(rows[i:i + SOURCE_CHUNK])}</tbody></table></div>'
            for i in range(0, len(rows), SOURCE_CHUNK)
        )
        parts.append(block(
            f'<div class="kg-table-wrap kg-long" tabindex="0" role="region" aria-label="{attr(heading)} sources">'
            f"{chunks}</div>", searchable=False
        ))
    return "".join(parts)


def doc_links(guide: Guide, service_id: str, linker: Linker, heading_level: int = 2) -> str:
    """The seed's official documentation links for one service, with current titles."""
    group = next(g for g in guide.links if g.service == service_id)
    svc = guide.service(service_id)
    items = []
    for doc in group.links:
        note = f' <span class="kg-note">{esc(doc.note)}</span>' if doc.note else ""
        if doc.seed_title and doc.seed_title != doc.title:
            note = f' <span class="kg-note">Often listed as “{esc(doc.seed_title)}”.</span>' + note
        items.append(f'<li id="{attr(doc.id)}">{aliases(doc)}<a class="kg-src" href="{attr(doc.url)}">{esc(doc.title)}</a>{note}</li>')
    heading = md_heading(heading_level, f"{svc.short_name} documentation", f"{svc.id}-docs")
    return heading + block(f'<ul class="kg-links">{"".join(items)}</ul>')


VERDICT = {"wrong": "Wrong", "outdated": "Outdated", "incomplete": "Incomplete", "misleading": "Misleading"}
SECTION = {
    "overview": "Overview", "when-to-use": "When to use each", "key-differences": "Key differences",
    "documentation-links": "Documentation links", "summary": "Summary",
}


def corrections(guide: Guide, linker: Linker) -> str:
    """Each claim of the original comparison that no longer holds, what is true today, and the proof."""
    parts = []
    for corr in guide.corrections:
        title = corr.seed_claim if len(corr.seed_claim) <= 80 else corr.seed_claim[:77] + "…"
        parts.append(heading_with_aliases(2, f"“{title}”", corr))  # directly under the h1 (axe: heading-order)
        details = ", ".join(link(linker.to("comparison", d), guide.criterion(d).label) for d in corr.details)
        parts.append(block(
            f'<div class="kg-correction" data-anchor="{attr(corr.id)}">'
            f'<p class="kg-meta"><span class="kg-badge kg-old">{VERDICT[corr.verdict]}</span> '
            f'In the original “{SECTION[corr.seed_section]}” section: “{esc(corr.seed_claim)}”</p>'
            f'<p><strong>True today:</strong> {esc(corr.truth)} {cite(guide, corr.sources, corr.verified)}</p>'
            + (f'<p class="kg-meta">In detail: {details}.</p>' if details else "") + "</div>"
        ))
    return "".join(parts)


def summary(guide: Guide, linker: Linker) -> str:
    items = "".join(
        f'<li id="{attr(i.id)}">{aliases(i)}{fact_html(guide, i.text, i.sources, i.verified)}</li>' for i in guide.summary
    )
    return block(f'<ul class="kg-summary">{items}</ul>')


def glossary(guide: Guide) -> str:
    """One heading per term: each is a table-of-contents entry, a search result and a deep link."""
    parts = []
    for term in sorted(guide.glossary, key=lambda t: t.term.lower()):
        d = term.definition
        title = f"{term.term} ({term.expansion})" if term.expansion else term.term
        parts.append(heading_with_aliases(2, title, term, toc_label=term.term))  # under the h1 (axe: heading-order)
        parts.append(block(f'<div class="kg-term" data-anchor="{attr(term.id)}">'
                           f"<p>{fact_html(guide, d.text, d.sources, d.verified, d.note)}</p></div>"))
    return "".join(parts)


def counts(guide: Guide) -> dict[str, int]:
    """Figures quoted on the home page, computed rather than typed."""
    cells = sum(len(c.cells) for c in guide.criteria)
    return {"options": len(guide.options), "criteria": len(guide.criteria), "cells": cells,
            "sources": len(guide.sources), "corrections": len(guide.corrections)}


__all__ = ["cite"]


def _cost_anchors(guide: Guide) -> list[tuple[str, str]]:
    entries = []
    for region in guide.pricing.regions:
        entries += [(price_anchor(region.id, slug), f"{region.id}: {label}") for slug, label, _price in kms_prices(region)]
        entries += [(item.id, f"Not priced here: {item.label}") for item in region.unpriced]
    return entries + [(sc.id, f"Scenario: {sc.title}") for sc in guide.pricing.scenarios]


def anchor_index(guide: Guide, linker: Linker) -> str:
    """Every stable anchor readers may cite, by page, with what it points at."""
    sections: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("Comparison rows", "comparison", [(r.id, f"At a glance: {r.feature}") for r in guide.glance]
         + [(c.id, c.label) for c in guide.criteria]),
        ("Criteria in detail", "criteria", [(g.id, f"Group: {g.title}") for g in guide.groups]
         + [(c.id, c.label) for c in guide.criteria]),
        ("When to use each", "decision", [(w.id, w.title) for g in guide.when for w in g.criteria]),
        ("Quotas and performance", "quotas", [(t.id, t.title) for t in guide.quotas]
         + [(r.id, r.cells[0]) for t in guide.quotas for r in t.rows]),
        ("Corrections", "corrections", [(c.id, c.seed_claim) for c in guide.corrections]),
        ("Glossary", "glossary", [(t.id, t.term) for t in guide.glossary]),
        ("Cost", "cost", _cost_anchors(guide)),
    ]
    parts = []
    for title, page, entries in sections:
        parts.append(md_heading(3, title, f"anchors-{page}"))
        rows = "".join(
            f'<tr><td><a href="{attr(linker.to(page, ident))}"><code>{esc(PAGES[page])}#{esc(ident)}</code></a></td>'
            f"<td>{esc(label if len(label) <= 90 else label[:87] + '…')}</td></tr>"
            for ident, label in entries
        )
        parts.append(block(
            f'<div class="kg-table-wrap" tabindex="0" role="region" aria-label="Anchors on {attr(title)}">'
            f'<table class="kg-table" data-search-exclude><thead><tr><th scope="col">Link</th>'
            f'<th scope="col">Points at</th></tr></thead><tbody>{rows}</tbody></table></div>', searchable=False
        ))
    options = "".join(f"<li>{link(linker.to(option_page(o.id)), o.name)}: <code>{esc(option_page(o.id))}</code></li>"
                      for o in guide.options)
    parts.append(md_heading(3, "Option pages", "anchors-options") + block(f"<ul>{options}</ul>"))
    return "".join(parts)
