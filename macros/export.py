"""MkDocs hook: publish the validated data as JSON under /data/, for widgets and for review tools.

Each export has the same structure as its YAML file and validates against the same JSON Schema, so the
browser never holds a second copy of a rule or a price: it reads what the build emitted from the data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from .loader import DATA_DIR, Guide, load_guide

EXPORT_DIR = "data"


def documents(guide: Guide) -> dict[str, Any]:
    """File name -> JSON document, one per data file kind (the comparison as a list of groups)."""

    def dump(items: list[Any]) -> list[Any]:
        return [i.model_dump(mode="json", by_alias=True, exclude_defaults=False) for i in items]

    docs: dict[str, Any] = {
        "sources.json": {"sources": dump(guide.sources)},
        "services.json": {"services": dump(guide.services)},
        "options.json": {"options": dump(guide.options)},
        "comparison.json": {"groups": dump(guide.groups)},
        "when-to-use.json": {"services": dump(guide.when)},
        "at-a-glance.json": {"rows": dump(guide.glance)},
        "corrections.json": {"corrections": dump(guide.corrections)},
        "links.json": {"groups": dump(guide.links)},
        "summary.json": {"summary": dump(guide.summary)},
        "glossary.json": {"terms": dump(guide.glossary)},
        "quotas.json": {"tables": dump(guide.quotas)},
        "pricing.json": guide.pricing.model_dump(mode="json", by_alias=True),
        "decision.json": guide.decision.model_dump(mode="json", by_alias=True),
    }
    for name, extra in guide.extra_exports().items():
        docs[name] = extra
    return docs


def _text(document: Any) -> str:
    # Sorted keys and no timestamps: two builds of one commit produce identical bytes. Compact, because the
    # widgets download these files, and because an indent makes Python fall back to its slow pure-Python encoder.
    return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def on_files(files: Files, config: Any) -> Files:
    guide = load_guide(Path(os.environ.get("GUIDE_DATA_DIR", DATA_DIR)).resolve())
    for name, document in documents(guide).items():
        files.append(File.generated(config, f"{EXPORT_DIR}/{name}", content=_text(document)))
    return files
