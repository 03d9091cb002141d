"""Adding an option is a data change plus its page: a sixth option shows in the comparison, the decision outcomes
(ruled out by every `only` rule that does not name it), the cost table and the chart, with nothing else edited."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOT, VALID_DATA, build

SIXTH = "kms-sixth"
SRC = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"
FACT = f"{{text: A sixth way., sources: [{SRC}], verified: 2026-11-01}}"


def _add_sixth(data: Path) -> None:
    def edit(name: str, old: str, new: str) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    with (data / "options.yml").open("a", encoding="utf-8") as f:
        f.write(f"  - id: {SIXTH}\n    name: A sixth option\n    short_name: Sixth\n    service: aws-kms\n"
                f"    summary: {FACT}\n    how_it_works: [{FACT}]\n    choose_when: [{FACT}]\n    trade_offs: [{FACT}]\n")
    edit("services.yml", "options: [kms-standard, kms-imported, kms-cloudhsm-key-store, kms-external-key-store]",
         f"options: [kms-standard, kms-imported, kms-cloudhsm-key-store, kms-external-key-store, {SIXTH}]")
    for group in (data / "comparison").glob("*.yml"):
        text = group.read_text(encoding="utf-8")
        text = re.sub(r"(\n(\s+)cloudhsm-direct: \{[^\n]*\})",
                      lambda m: f"{m.group(1)}\n{m.group(2)}{SIXTH}: {{short: Sixth value, value: Sixth answer, "
                                f"sources: [{SRC}], verified: 2026-11-01}}", text)
        group.write_text(text, encoding="utf-8")
    edit("decision.yml", "default_order: [kms-standard, kms-imported, kms-cloudhsm-key-store, kms-external-key-store, cloudhsm-direct]",
         f"default_order: [kms-standard, kms-imported, kms-cloudhsm-key-store, kms-external-key-store, cloudhsm-direct, {SIXTH}]")
    edit("pricing.yml", "  cloudhsm-direct: [hsm]", f"  cloudhsm-direct: [hsm]\n  {SIXTH}: [external]")


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("six")
    project = work / "project"
    data = project / "data"  # beside mkdocs.yml, where the guide plugin reads it
    shutil.copytree(VALID_DATA, data)
    _add_sixth(data)
    (project / "macros").mkdir()  # watched by `mkdocs serve`; the code itself is the installed package
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "docs" / "options" / f"{SIXTH}.md").write_text(
        f'---\ndescription: A sixth option.\n---\n\n# A sixth option {{ #{SIXTH} }}\n\n{{{{ option_overview("{SIXTH}") }}}}\n',
        encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "      - CloudHSM directly: options/cloudhsm-direct.md\n",
        f"      - CloudHSM directly: options/cloudhsm-direct.md\n      - Sixth: options/{SIXTH}.md\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    dest = work / "site"
    result = build(dest, config=project / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return dest


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "lxml")


def test_the_sixth_option_is_a_comparison_column(six: Path) -> None:
    matrix = _soup(six, "comparison").select_one("table.kg-matrix")
    assert matrix.select_one(f'thead th[data-option="{SIXTH}"]') is not None
    assert len(matrix.select(f'td[data-option="{SIXTH}"]')) == len(matrix.select('td[data-option="kms-standard"]'))


def test_the_sixth_option_is_in_the_decision_outcomes_and_ruled_out_by_only(six: Path) -> None:
    index = json.loads((six / "data" / "decision-index.json").read_text(encoding="utf-8"))
    number = index["options"].index(SIXTH)
    hyok = [o for o in index["outcomes"] if isinstance(o, list) and o[0] == index["options"].index("kms-external-key-store")]
    assert any(number in [opt for opt, _ in outcome[4]] for outcome in hyok)  # `only` rules it out with no edit


def test_the_sixth_option_has_a_cost_column_and_a_visible_chart_line(six: Path) -> None:
    cost = _soup(six, "cost")
    assert cost.select_one(f'table.kg-scenario-table th[data-option="{SIXTH}"]') is not None
    lines = {" ".join(p["class"]) for p in cost.select("svg.kg-chart path.kg-line")}
    assert "kg-line kg-s5" in lines, lines
    legend = cost.select_one(".kg-legend").get_text(" ")
    assert "Sixth" in legend
    css = (ROOT / "docs" / "assets" / "stylesheets" / "guide.css").read_text(encoding="utf-8")
    assert ".kg-s5 { stroke:" in css and '[data-md-color-scheme="slate"] .kg-s5 { stroke:' in css
