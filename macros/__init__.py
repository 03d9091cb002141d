"""MkDocs-macros entry point. ``define_env`` only loads the data once and wires names to render functions."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from mkdocs.exceptions import PluginError

from .loader import DATA_DIR, DataError, Guide, load_guide
from .render import criteria, overview, references, tables
from .render.common import Linker


def _bind(guide: Guide, fn: Callable[..., str]) -> Callable[..., str]:
    """Give a render function the guide and a linker for the page being rendered."""

    @pass_context
    def macro(ctx: Any, *args: Any, **kwargs: Any) -> str:
        page = ctx.get("page")
        return fn(guide, *args, linker=Linker(getattr(page, "url", "") or ""), **kwargs)

    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro


def define_env(env: Any) -> None:
    try:
        # GUIDE_DATA_DIR lets the tests build the real site from a deliberately broken copy of the data.
        guide = load_guide(Path(os.environ.get("GUIDE_DATA_DIR", DATA_DIR)).resolve())
    except DataError as exc:
        # PluginError stops MkDocs before a single page is written, with our message and no traceback.
        raise PluginError(f"invalid data ({len(exc.problems)} problem(s)):\n" + str(exc)) from None
    env.variables["guide_counts"] = references.counts(guide)
    for fn in (
        overview.service_overview, overview.option_overview, tables.glance_table, tables.matrix, tables.quota_tables,
        criteria.when_to_use, criteria.criteria_details, references.source_list, references.doc_links,
        references.corrections, references.summary,
    ):
        env.macro(_bind(guide, fn), fn.__name__)
    env.macro(lambda: references.glossary(guide), "glossary")
    env.macro(lambda: references.abbreviations(guide), "abbreviations")
