"""MkDocs-macros entry point: ``define_env`` only wires names to render functions.

The data is loaded, once per build, by the guide's own MkDocs plugin (:mod:`macros.plugin`); the macros read it
from there through the MkDocs configuration, so nothing is shared through module state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from mkdocs.exceptions import PluginError

# Imported under their own names: `decision` and `cost` in this package are the engine and the model.
from .render import Link, Renderer
from .render import comparison as render_comparison
from .render import cost as render_cost
from .render import decision as render_decision
from .render import overview as render_overview
from .render import reference as render_reference

MACROS: tuple[Callable[..., str], ...] = (
    render_overview.headline, render_overview.option_list, render_overview.summary, render_overview.service_overview,
    render_overview.option_overview, render_overview.doc_links, render_overview.neighbours,
    render_comparison.glance_table, render_comparison.matrix, render_comparison.comparison_sources,
    render_reference.criteria_details, render_reference.when_to_use, render_reference.corrections,
    render_reference.glossary, render_reference.quota_tables, render_reference.source_list, render_reference.anchor_index,
    render_decision.helper, render_decision.decision_tree,
    render_cost.cluster_headline, render_cost.hsm_prices, render_cost.hsm_types, render_cost.kms_prices,
    render_cost.rotation_cap, render_cost.unpriced,
    render_cost.scenario_table, render_cost.cost_chart, render_cost.calculator,
)


def _bind(renderer: Renderer, fn: Callable[..., str]) -> Callable[..., str]:
    """Give a render function the build's renderer and a linker for the page being rendered."""

    @pass_context
    def macro(ctx: Any, *args: Any, **kwargs: Any) -> str:
        page = ctx.get("page")
        return fn(renderer, Link(getattr(page, "url", "") or ""), *args, **kwargs)

    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro


def define_env(env: Any) -> None:
    try:
        plugin = env.conf["plugins"]["guide"]
    except KeyError:
        raise PluginError("the 'guide' plugin must be listed before 'macros' in mkdocs.yml plugins") from None
    renderer: Renderer = plugin.renderer
    env.variables["guide_counts"] = {
        "options": len(renderer.guide.options), "criteria": len(renderer.guide.criteria),
        "cells": sum(len(c.cells) for c in renderer.guide.criteria), "sources": len(renderer.guide.sources),
    }
    for fn in MACROS:
        env.macro(_bind(renderer, fn), fn.__name__)
