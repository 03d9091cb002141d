"""The JSON Schemas beside the data are current, and the data validates against them (as an editor would)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from macros.loader import DATA_DIR, KINDS
from macros.schemas import schema_files
from macros.yamlsrc import load_located


def test_committed_schemas_match_the_models() -> None:
    for path, text in schema_files().items():
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make schemas`"


def _data_files() -> list[tuple[Path, Path]]:
    pairs = []
    for stem, (_model, folder) in KINDS.items():
        files = sorted((DATA_DIR / stem).glob("*.yml")) if folder else [DATA_DIR / f"{stem}.yml"]
        pairs += [(p, DATA_DIR / f"{stem}.schema.json") for p in files]
    return pairs


@pytest.mark.parametrize(("data", "schema"), _data_files(), ids=lambda p: p.name)
def test_data_validates_against_its_schema(data: Path, schema: Path) -> None:
    # Read as the loader reads it (dates stay text), which is the JSON form an editor's language server sees.
    document = json.loads(json.dumps(load_located(data).data))
    jsonschema.validate(document, json.loads(schema.read_text(encoding="utf-8")))


@pytest.mark.parametrize("data", [p for p, _ in _data_files()], ids=lambda p: p.name)
def test_data_files_point_editors_at_their_schema(data: Path) -> None:
    first = data.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), f"{data.name}: first line should name its schema"
