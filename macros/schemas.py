"""Write (or check) the JSON Schemas beside the data files, generated from the typed models.

Editors with a YAML language server validate and complete data files against them; the models stay the one
definition. Run ``python -m macros.schemas`` after changing a model; ``--check`` fails if a schema is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .loader import DATA_DIR, KINDS

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_files(data_dir: Path = DATA_DIR) -> dict[Path, str]:
    """Schema path -> JSON text, for every data file kind."""
    out = {}
    for stem, (model, folder) in KINDS.items():
        schema = {"$schema": SCHEMA_DRAFT, **model.model_json_schema(by_alias=True)}
        schema["title"] = f"data/{stem}{'/*' if folder else ''}.yml"
        out[data_dir / f"{stem}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a committed schema differs from the models")
    args = parser.parse_args(argv)
    stale = []
    for path, text in schema_files().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(DATA_DIR.parent)))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale JSON Schemas (run `make schemas`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
