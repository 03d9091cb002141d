"""One full build per class of data error: the build stops before writing a page, with the located message and
no traceback. (Each kind of error is tested at the model level in test_loader.py; this proves the build path.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import broken_copy, build

CASES = {
    "yaml": ("corrections.yml", "    verdict: outdated", "    verdict: [outdated", "data/corrections.yml:7: YAML syntax error"),
    "schema": ("glossary.yml", "    expansion: Hardware security module", '    expansion: "Hardware\\n\\n{: onclick=x }"',
               "data/glossary.yml:5: terms[0].expansion: single-line text expected"),
    "cross-reference": ("when-to-use.yml", "        options: [kms-standard]", "        options: [kms-standrd]",
                        "data/when-to-use.yml:10: services[0].criteria[0].options[0]: unknown option 'kms-standrd'"),
    "unknown-file": ("neighbours.yml", "neighbours:", "neighbours:", "unknown data file"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_data_error_stops_the_build_with_its_message(tmp_path: Path, name: str) -> None:
    file, old, new, expect = CASES[name]
    data = broken_copy(tmp_path, file, old, new)
    if name == "unknown-file":
        (data / "extras.yml").write_text("a: 1\n", encoding="utf-8")
    dest = tmp_path / "site"
    result = build(dest, data_dir=data)
    assert result.returncode != 0
    assert expect in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (dest / "index.html").exists()  # nothing half-built
