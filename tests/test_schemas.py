"""The JSON Schemas beside the data are current, and the data validates against them (as an editor would)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from macros.loader import COMPARISON_DIR, DATA_DIR, FILES
from macros.schemas import schema_files


def test_committed_schemas_match_the_models() -> None:
    for path, text in schema_files().items():
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make schemas`"


def _data_files() -> list[tuple[Path, Path]]:
    pairs = [(DATA_DIR / name, DATA_DIR / name.replace(".yml", ".schema.json")) for name in FILES]
    pairs += [(p, DATA_DIR / f"{COMPARISON_DIR}.schema.json") for p in sorted((DATA_DIR / COMPARISON_DIR).glob("*.yml"))]
    return pairs


@pytest.mark.parametrize(("data", "schema"), _data_files(), ids=lambda p: p.name)
def test_data_validates_against_its_schema(data: Path, schema: Path) -> None:
    document = yaml.safe_load(data.read_text(encoding="utf-8"))
    # Dates are YAML dates; JSON Schema sees the JSON form an editor would.
    document = json.loads(json.dumps(document, default=str))
    jsonschema.validate(document, json.loads(schema.read_text(encoding="utf-8")))


@pytest.mark.parametrize("data", [p for p, _ in _data_files()], ids=lambda p: p.name)
def test_data_files_point_editors_at_their_schema(data: Path) -> None:
    first = data.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), f"{data.name}: first line should name its schema"
