"""Cost page components: the price list, the scenario table, the KMS cost chart and the calculator shell."""

from __future__ import annotations

import math

from ..cost import Workload, kms_charges, kms_prices, money, monthly_cost, price_anchor
from ..loader import Guide
from ..models import Price
from .common import Linker, attr, block, cite, esc, md_heading, option_page, widget_script


def _amount(slug: str, value: float) -> str:
    return f"{value:,.0f}" if slug == "free-requests-month" else money(value)  # a count of requests, not dollars


def _price_row(guide: Guide, anchor: str, label: str, amount: str, price: Price) -> str:
    return (f'<tr id="{attr(anchor)}" data-anchor="{attr(anchor)}"><th scope="row">{esc(label)}</th><td>{amount}</td>'
            f'<td>{esc(price.note or "")} {cite(guide, price.sources, price.verified)}</td></tr>')


def price_list(guide: Guide, linker: Linker) -> str:
    """Every price the model uses, with its source, and every price it deliberately leaves to the reader."""
    p = guide.pricing
    parts = []
    for region in p.regions:
        body = "".join(_price_row(guide, price_anchor(region.id, slug), label, _amount(slug, price.value), price)
                       for slug, label, price in kms_prices(region))
        parts.append(md_heading(3, f"{region.name} ({region.id})", f"prices-{region.id}"))
        parts.append(block(
            f'<div class="kg-table-wrap" tabindex="0" role="region" aria-label="Prices in {attr(region.id)}">'
            f'<table class="kg-table"><thead><tr><th scope="col">Item</th><th scope="col">{esc(p.currency)}</th>'
            f'<th scope="col">Notes</th></tr></thead><tbody>{body}</tbody></table></div>'
        ))
        for item in region.unpriced:
            parts.append(block(
                f'<div class="admonition warning" id="{attr(item.id)}" data-anchor="{attr(item.id)}">'
                f'<p class="admonition-title">Not priced here: '
                f'{esc(item.label)}</p><p>{esc(item.reason)} {cite(guide, item.sources, item.verified)}</p></div>'
            ))
    return "".join(parts)


def _cell(guide: Guide, option: str, sc_workload: Workload) -> str:
    cost = monthly_cost(guide.pricing, option, sc_workload)
    if cost.total is not None and not cost.hsm_hours:
        text = money(cost.total)
    elif cost.total is not None:
        text = f"{money(cost.total)}"
    else:
        kms = f"{money(cost.kms)} + " if cost.kms is not None else ""
        text = f"{kms}{cost.hsm_hours:,.0f} HSM-hours × hourly rate"
    if cost.external:
        text += " + your external key manager and XKS proxy"
    return esc(text)


def scenario_table(guide: Guide, linker: Linker) -> str:
    """Each scenario's monthly list-price cost under every option (HSM-hours where the rate is the reader's)."""
    heads = "".join(f'<th scope="col">{esc(o.short_name)}</th>' for o in guide.options)
    rows = []
    for sc in guide.pricing.scenarios:
        w = Workload.from_scenario(sc)
        cells = "".join(f'<td data-option="{attr(o.id)}">{_cell(guide, o.id, w)}</td>' for o in guide.options)
        source = f" {cite(guide, sc.sources, sc.verified)}" if sc.sources else ""
        inputs = (f"{sc.keys:,} keys, {sc.symmetric_requests:,} symmetric requests, {sc.rotations} rotation(s), "
                  f"{sc.hsm_count} × {sc.hsm_type}, {sc.hours:g} h")
        rows.append(f'<tr id="{attr(sc.id)}" data-anchor="{attr(sc.id)}"><th scope="row">{esc(sc.title)}'
                    f'<div class="kg-note">{esc(sc.description)}{source}</div><div class="kg-note">{esc(inputs)}</div></th>'
                    f"{cells}</tr>")
    table = (f'<table class="kg-table kg-scenarios"><thead><tr><th scope="col">Scenario</th>{heads}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return block(f'<div class="kg-table-wrap" tabindex="0" role="region" aria-label="Cost scenarios">{table}</div>')


def kms_chart(guide: Guide, keys: tuple[int, ...] = (10, 100, 1000)) -> str:
    """AWS KMS monthly charges against monthly symmetric requests (log-log), drawn at build time as SVG.

    Colours come from currentColor and CSS variables, so the chart reads in light and dark palettes.
    """
    p = guide.pricing
    region = p.regions[0]
    width, height, left, bottom, top, right = 640, 360, 70, 50, 20, 110
    xs = [10 ** (5 + i / 10) for i in range(0, 51)]  # 100 thousand to 10 billion requests a month
    lines, ymax = [], 0.0
    for count in keys:
        pts = [(x, kms_charges(p, Workload(region.id, count, int(x), 0, 0, p.hours_per_month))) for x in xs]
        ymax = max(ymax, max(y for _, y in pts))
        lines.append((count, pts))
    ymin = 1.0
    lx = lambda x: left + (math.log10(x) - 5) / 5 * (width - left - right)  # noqa: E731
    ly = lambda y: top + (1 - (math.log10(max(y, ymin)) - 0) / math.log10(ymax)) * (height - top - bottom)  # noqa: E731
    svg = [f'<svg class="kg-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="kms-chart-title kms-chart-desc">',
           '<title id="kms-chart-title">AWS KMS monthly charges against monthly symmetric requests</title>',
           f'<desc id="kms-chart-desc">Log-log chart for {region.name}: the cost of {", ".join(map(str, keys))} keys '
           f"grows with request volume at {money(region.kms.symmetric_per_10k.value)} per 10,000 requests beyond the "
           f"free tier. At 1 billion requests a month the request charge alone is "
           f"{money(kms_charges(p, Workload(region.id, 0, 10**9, 0, 0, p.hours_per_month)))}.</desc>"]
    for exp in range(5, 11):
        x = lx(10**exp)
        svg.append(f'<line class="kg-grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}"/>'
                   f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle">10^{exp}</text>')
    for exp in range(0, int(math.log10(ymax)) + 1):
        y = ly(10**exp)
        svg.append(f'<line class="kg-grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
                   f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">${10**exp:,}</text>')
    for index, (count, pts) in enumerate(lines):
        path = " ".join(f"{'M' if i == 0 else 'L'}{lx(x):.1f},{ly(y):.1f}" for i, (x, y) in enumerate(pts))
        svg.append(f'<path class="kg-line kg-line-{index}" d="{path}"/>')
        x_end, y_end = pts[-1]
        svg.append(f'<text x="{lx(x_end) + 6:.1f}" y="{ly(y_end) + 4:.1f}">{count:,} keys</text>')
    svg.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 8}" text-anchor="middle">'
               "Symmetric requests per month (log scale)</text>")
    svg.append(f'<text transform="translate(16 {(top + height - bottom) / 2:.0f}) rotate(-90)" text-anchor="middle">'
               "USD per month (log scale)</text></svg>")
    return block(f'<figure class="kg-figure">{"".join(svg)}<figcaption>AWS KMS charges in {esc(region.name)}, '
                 f"prices as of {p.as_of.isoformat()}. A CloudHSM cluster costs the same every hour whatever the "
                 "volume: its line would be flat at HSMs × hours × hourly rate. Enter the rate in the calculator "
                 "below to see where the lines cross.</figcaption></figure>")


def calculator(guide: Guide, linker: Linker) -> str:
    """The calculator's form; the script fills in results from /data/pricing.json, the same parameters as above."""
    p = guide.pricing
    regions = "".join(f'<option value="{attr(r.id)}">{esc(r.name)} ({esc(r.id)})</option>' for r in p.regions)
    types = "".join(f'<option value="{attr(t)}">{esc(t)}</option>' for t in p.hsm_types)
    names = "".join(f'<th scope="col" data-option="{attr(o.id)}"><a href="{attr(linker.to(option_page(o.id)))}">'
                    f"{esc(o.short_name)}</a></th>" for o in guide.options)

    def field(name: str, label: str, value: str, hint: str = "", kind: str = "number") -> str:
        extra = ' min="0" step="any" inputmode="decimal"' if kind == "number" else ""
        hint_html = f'<span class="kg-hint" id="hint-{name}">{esc(hint)}</span>' if hint else ""
        described = f' aria-describedby="hint-{name}"' if hint else ""
        return (f'<label class="kg-field"><span>{esc(label)}</span><input name="{name}" type="{kind}" '
                f'value="{attr(value)}"{extra}{described}>{hint_html}</label>')

    form = (
        f'<form class="kg-calc-form" novalidate><label class="kg-field"><span>Region</span><select name="region">{regions}'
        f'</select></label>{field("keys", "KMS keys", "10")}{field("requests", "Symmetric requests per month", "1000000")}'
        f'{field("rotations", "Rotations per key so far", "0")}'
        f'{field("hsms", "HSMs in the cluster", "2", "At least 2 for production and for a CloudHSM key store.")}'
        f'<label class="kg-field"><span>HSM type</span><select name="hsm_type">{types}</select></label>'
        f'{field("hours", "Hours in the month", f"{p.hours_per_month:g}")}'
        f'{field("rate", "CloudHSM price per HSM-hour (USD)", "", "From the CloudHSM pricing page for your Region and HSM type.")}'
        "</form>"
    )
    return block(
        f'<div class="kg-calc" data-widget="cost-calculator" data-pricing="{attr(linker.to("data/pricing.json"))}">'
        f"{form}"
        '<p class="kg-calc-error" role="alert" hidden></p>'
        f'<div class="kg-table-wrap" tabindex="0" role="region" aria-label="Calculated monthly cost"><table class="kg-table kg-calc-out">'
        f'<thead><tr><th scope="col">Monthly cost</th>{names}</tr></thead><tbody><tr><th scope="row">Total</th>'
        + "".join(f'<td data-option="{attr(o.id)}" aria-live="polite">–</td>' for o in guide.options)
        + '</tr></tbody></table></div><p class="kg-calc-breakeven" aria-live="polite"></p>'
        '<div class="kg-calc-chart"></div>'
        '<noscript><p>The calculator needs JavaScript; the scenario table above shows the same model.</p></noscript></div>'
        + widget_script(linker, "cost.js")
    )
