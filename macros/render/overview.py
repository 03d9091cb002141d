"""The home page, the service and option pages, and the neighbouring services."""

from __future__ import annotations

from ..models import Fact
from . import Link, Renderer


def headline(r: Renderer, link: Link) -> str:
    """What most workloads should use and why, then the helper as the primary action."""
    return r.html("headline.html", link, headline=r.guide.summary_file.headline)


def option_list(r: Renderer, link: Link) -> str:
    return r.html("option_list.html", link, options=r.guide.options)


def summary(r: Renderer, link: Link) -> str:
    return r.html("summary.html", link, items=r.guide.summary)


def _facts(r: Renderer, link: Link, facts: list[Fact]) -> str:
    return r.html("facts.html", link, facts=facts)


def service_overview(r: Renderer, link: Link, service_id: str) -> str:
    """One service: its facts, what it is best for, and the options it offers."""
    svc = r.guide.service(service_id)
    options = [r.guide.option(o) for o in svc.options]
    return "".join([
        r.html("lead.html", link, record=svc, lead=svc.overview[0], service=None),
        _facts(r, link, svc.overview[1:]),
        r.heading(2, f"Best for: {svc.short_name}", f"{svc.id}-best-for"),
        _facts(r, link, [svc.best_for]),
        r.heading(2, f"Ways to use {svc.short_name}", f"{svc.id}-options"),
        r.html("service_options.html", link, options=options),
    ])


def option_overview(r: Renderer, link: Link, option_id: str) -> str:
    """One option: what it is, how it works, when to choose it, its trade-offs and its answer to every criterion."""
    opt = r.guide.option(option_id)
    parts = [r.html("lead.html", link, record=opt, lead=opt.summary, service=r.guide.service(opt.service))]
    for title, suffix, facts in (("How it works", "how-it-works", opt.how_it_works),
                                 ("Choose it when", "choose-when", opt.choose_when),
                                 ("Trade-offs you accept", "trade-offs", opt.trade_offs)):
        parts += [r.heading(2, title, f"{opt.id}-{suffix}"), _facts(r, link, facts)]
    parts.append(r.heading(2, "Every criterion for this option", f"{opt.id}-criteria"))
    parts.append(r.html("option_cells.html", link, option=opt, groups=r.guide.groups))
    return "".join(parts)


def doc_links(r: Renderer, link: Link, service_id: str, level: int = 2) -> str:
    """The official documentation pages most readers start from, for one service."""
    group = next(g for g in r.guide.links if g.service == service_id)
    svc = r.guide.service(service_id)
    return r.heading(level, f"{svc.short_name} documentation", f"{svc.id}-docs") + r.html("doc_links.html", link,
                                                                                         links=group.links)


def neighbours(r: Renderer, link: Link) -> str:
    """Jobs that belong to another AWS service, each with its own heading."""
    parts = []
    for n in r.guide.neighbours:
        parts.append(r.heading(2, f"{n.job}: {n.name}", n.id, aliases=n.former_ids))
        parts.append(r.html("neighbour.html", link, n=n))
    return "".join(parts)
