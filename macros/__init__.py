"""MkDocs-macros entry point. ``define_env`` only loads the data once and wires names to render functions."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from mkdocs.exceptions import PluginError

from . import stash
from .loader import DATA_DIR, DataError, Guide, load_guide
from .render import abbr, cost, criteria, overview, references, tables
from .render import decision as render_decision  # not `decision`: that name is the evaluator, macros.decision
from .render.common import Linker


def _bind(guide: Guide, fn: Callable[..., str]) -> Callable[..., str]:
    """Give a render function the guide and a linker for the page being rendered; add glossary tooltips."""
    terms = abbr.glossary_terms(guide)

    @pass_context
    def macro(ctx: Any, *args: Any, **kwargs: Any) -> str:
        page = ctx.get("page")
        with stash.collecting() as blocks:
            markup = fn(guide, *args, linker=Linker(getattr(page, "url", "") or ""), **kwargs)
        for key, found in blocks.items():
            stash.BLOCKS[key] = stash.Block(abbr.abbreviate(found.html, terms), found.searchable)
        return abbr.abbreviate(markup, terms)

    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro


def _append_glossary_snippet(env: Any, guide: Guide) -> None:
    """Markdown abbreviations for the prose of every page, written where pymdownx.snippets appends them.

    The folder is named after the content, so concurrent builds of different data never share a file.
    """
    text = abbr.snippet(abbr.glossary_terms(guide))
    folder = Path(tempfile.gettempdir()) / "kms-guide-glossary" / hashlib.sha256(text.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glossary-abbreviations.md").write_text(text, encoding="utf-8")
    env.conf["mdx_configs"]["pymdownx.snippets"] = {
        "base_path": [str(folder)], "auto_append": ["glossary-abbreviations.md"], "check_paths": True,
    }


def define_env(env: Any) -> None:
    try:
        # GUIDE_DATA_DIR lets the tests build the real site from a deliberately broken copy of the data.
        guide = load_guide(Path(os.environ.get("GUIDE_DATA_DIR", DATA_DIR)).resolve())
    except DataError as exc:
        # PluginError stops MkDocs before a single page is written, with our message and no traceback.
        raise PluginError(f"invalid data ({len(exc.problems)} problem(s)):\n" + str(exc)) from None
    env.variables["guide_counts"] = references.counts(guide)
    _append_glossary_snippet(env, guide)
    for fn in (
        overview.service_overview, overview.option_overview, tables.glance_table, tables.matrix, tables.quota_tables,
        criteria.when_to_use, criteria.criteria_details, references.source_list, references.doc_links,
        render_decision.decision_form, render_decision.decision_tree,
        references.anchor_index, cost.price_list, cost.scenario_table, cost.calculator,
        references.corrections, references.summary,
    ):
        env.macro(_bind(guide, fn), fn.__name__)
    env.macro(lambda: references.glossary(guide), "glossary")
    env.macro(lambda: cost.kms_chart(guide), "kms_chart")
