"""Reference pages: criteria in detail, when to use each, corrections, glossary, quotas, sources, anchors."""

from __future__ import annotations

from collections import defaultdict

from ..claims import claims
from ..policy import page_url
from ..walk import Place
from . import Link, Renderer

STATUS = {"accurate": "Still accurate", "corrected": "Corrected", "outdated": "Outdated claim, replaced"}
VERDICT = {"wrong": "Wrong", "outdated": "Outdated", "incomplete": "Incomplete", "misleading": "Misleading"}
SECTION = {"overview": "overview", "when-to-use": "list of when to use each service",
           "key-differences": "table of key differences", "documentation-links": "list of documentation links",
           "summary": "summary"}


def criteria_details(r: Renderer, link: Link) -> str:
    """Every comparison criterion as its own section: the question, then each option's full answer."""
    parts = []
    for group in r.guide.groups:
        parts += [r.heading(2, group.title, group.id, aliases=group.former_ids),
                  r.html("group_summary.html", link, group=group)]
        for crit in group.criteria:
            parts += [r.heading(3, crit.label, crit.id, aliases=crit.former_ids),
                      r.html("criterion.html", link, crit=crit, options=r.guide.options)]
    return "".join(parts)


def when_to_use(r: Renderer, link: Link, service_id: str, level: int = 3) -> str:
    """The usual reasons to pick one service, each checked and, where needed, corrected."""
    group = next(g for g in r.guide.when if g.service == service_id)
    parts = []
    for item in group.criteria:
        parts += [r.heading(level, item.title, item.id, aliases=item.former_ids),
                  r.html("when.html", link, item=item, status=STATUS[item.status],
                         options=[r.guide.option(o) for o in item.options])]
    return "".join(parts)


def corrections(r: Renderer, link: Link) -> str:
    """Each widely repeated claim that no longer holds, what is true today, and the proof."""
    parts = []
    for corr in r.guide.corrections:
        title = corr.seed_claim if len(corr.seed_claim) <= 80 else corr.seed_claim[:77] + "…"
        parts += [r.heading(2, f"“{title}”", corr.id, aliases=corr.former_ids),
                  r.html("correction.html", link, corr=corr, verdict=VERDICT[corr.verdict],
                         section=SECTION[corr.seed_section])]
    return "".join(parts)


def glossary(r: Renderer, link: Link) -> str:
    """One definition list: each term a deep link. Not headings: a heading's title outranks any body text in
    Material's search, and a factual query ("PKCS #11") should land on the comparison row before the definition."""
    terms = sorted(r.guide.glossary, key=lambda t: t.term.lower())
    return r.html("term.html", link, terms=terms)


def quota_tables(r: Renderer, link: Link) -> str:
    """Published quota and throughput tables, each under its own heading, each row with its own anchor."""
    parts = []
    for table in r.guide.quotas:
        parts += [r.heading(2, table.title, table.id, aliases=table.former_ids), r.html("quota_table.html", link, table=table)]
    return "".join(parts)


def citation_index(r: Renderer) -> dict[str, list[Place]]:
    """Which places cite each source page: the 'cited in' column of the sources list."""
    index: dict[str, list[Place]] = defaultdict(list)
    for claim in claims(r.guide):
        for url in claim.sources:
            if claim.place not in index[page_url(url)]:
                index[page_url(url)].append(claim.place)
    return index


PUBLISHERS = {"aws-kms": "AWS KMS", "aws-cloudhsm": "AWS CloudHSM", "aws": "AWS (general)", "nist": "NIST"}


def source_list(r: Renderer, link: Link) -> str:
    """Every official page the guide cites, grouped by publisher, numbered as in the citations, with each place
    that cites it."""
    index = citation_index(r)
    parts = []
    for service, heading in PUBLISHERS.items():
        # In citation-number order: a reader looking up "[180]" scans for the number.
        sources = sorted((s for s in r.guide.sources if s.service == service), key=lambda s: r.source_number(s.url))
        if sources:
            rows = [{"source": s, "places": index.get(s.url, [])} for s in sources]
            parts += [r.heading(3, heading, f"sources-{service}"), r.html("sources_table.html", link, rows=rows, heading=heading)]
    return "".join(parts)


def anchor_index(r: Renderer, link: Link) -> str:
    """Every stable anchor readers may cite, by page, with what it points at."""
    g = r.guide
    sections = [
        ("Comparison rows", "comparison/", [(x.id, f"At a glance: {x.feature}") for x in g.glance]
         + [(c.id, c.label) for c in g.criteria]),
        ("Criteria in detail", "criteria/", [(x.id, f"Group: {x.title}") for x in g.groups] + [(c.id, c.label) for c in g.criteria]),
        ("When to use each", "decision/", [(w.id, w.title) for grp in g.when for w in grp.criteria]),
        ("Quotas and performance", "quotas/", [(t.id, t.title) for t in g.quotas]
         + [(row.id, row.cells[0]) for t in g.quotas for row in t.rows]),
        ("Cost", "cost/", [(p.id, p.place_label()) for p in g.pricing.prices] + [(u.id, u.label) for u in g.pricing.unpriced]
         + [(s.id, s.title) for s in g.pricing.scenarios]),
        ("Corrections", "corrections/", [(c.id, c.seed_claim) for c in g.corrections]),
        ("Glossary", "glossary/", [(t.id, t.term) for t in g.glossary]),
        ("Related AWS services", "neighbours/", [(n.id, f"{n.job}: {n.name}") for n in g.neighbours]),
    ]
    parts = []
    for title, page, entries in sections:
        parts += [r.heading(3, title, f"anchors-{page.strip('/')}"), r.html("anchors.html", link, title=title, page=page, entries=entries)]
    parts += [r.heading(3, "Option pages", "anchors-options"), r.html("option_pages.html", link, options=g.options)]
    return "".join(parts)
