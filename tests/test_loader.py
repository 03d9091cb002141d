"""The loader turns every kind of bad data into a precise, located message (file, line, key path, the offending
value shown escaped, what was expected), never a traceback. These run at the model level (no build); one full
build per class of error lives in test_build_errors.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.loader import KINDS, Guide, load_guide
from tests.helpers import VALID_DATA, broken_copy, copy_data, load_error


@dataclass(frozen=True)
class Case:
    """A one-line edit to a valid fixture file and the fragments the error message must contain."""

    name: str
    file: str
    old: str
    new: str
    expect: tuple[str, ...]


KMS = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"
HSM = "https://docs.aws.amazon.com/cloudhsm/latest/userguide/introduction.html"

CASES = [
    Case("yaml-syntax", "corrections.yml", "    verdict: outdated", "    verdict: [outdated",
         ("data/corrections.yml:", "YAML syntax error")),
    Case("missing-key", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.\n", "",
         ("data/corrections.yml:3:", "corrections[0].truth", "required key is missing")),
    Case("wrong-type", "when-to-use.yml", "        options: [kms-standard]", "        options: kms-standard",
         ("data/when-to-use.yml:10:", "services[0].criteria[0].options", "valid list")),
    Case("unknown-key", "corrections.yml", "    verdict: outdated", "    verdict: outdated\n    verdit: wrong",
         ("data/corrections.yml:7:", "corrections[0].verdit", "unknown key 'verdit'", "allowed keys here:", "truth")),
    Case("duplicate-id", "when-to-use.yml", "      - id: dedicated-hardware", "      - id: managed-key-management",
         ("data/when-to-use.yml:16:", "services[1].criteria[0].id", "duplicate id 'managed-key-management'",
          "first used at data/when-to-use.yml:5")),
    Case("duplicate-key", "sources.yml", "    service: aws-kms", "    service: aws-kms\n    service: aws",
         ("data/sources.yml:7:", "sources[0].service", "duplicate key")),
    Case("unknown-option", "when-to-use.yml", "        options: [kms-standard]", "        options: [kms-standrd]",
         ("data/when-to-use.yml:10:", "services[0].criteria[0].options[0]", "unknown option 'kms-standrd'",
          "expected one of:", "kms-standard")),
    Case("unknown-criterion", "corrections.yml", "    details: [fips-140-validation]", "    details: [fips-level]",
         ("data/corrections.yml:8:", "corrections[0].details[0]", "unknown criterion 'fips-level'")),
    Case("unknown-correction", "when-to-use.yml", "        correction: fips-level-cloudhsm",
         "        correction: fips-cloudhsm", ("data/when-to-use.yml:21:", "unknown correction 'fips-cloudhsm'")),
    Case("empty-string", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.", '    truth: ""',
         ("data/corrections.yml:7:", "corrections[0].truth", "non-empty string")),
    Case("http-url", "sources.yml", f"    url: {KMS}", f"    url: {KMS.replace('https', 'http')}",
         ("data/sources.yml:5:", "sources[0].url", "must use https")),
    Case("non-aws-host", "corrections.yml", f"    sources: [{HSM}]", "    sources: [https://example.com/cloudhsm]",
         ("data/corrections.yml:9:", "corrections[0].sources[0]", "not on the allow-list", "docs.aws.amazon.com")),
    Case("upper-case-host", "corrections.yml", f"    sources: [{HSM}]", f"    sources: [{HSM.replace('docs.aws', 'Docs.AWS')}]",
         ("data/corrections.yml:9:", "corrections[0].sources[0]", "must be lower-case", "https://docs.aws.amazon.com")),
    Case("same-page-twice", "corrections.yml", f"    sources: [{HSM}]", f"    sources: [{HSM}, '{HSM}#overview']",
         ("data/corrections.yml:9:", "corrections[0].sources", "each page once per claim", HSM)),
    Case("locale-url", "sources.yml", f"    url: {KMS}", f"    url: {KMS.replace('/kms/', '/de_de/kms/')}",
         ("data/sources.yml:5:", "sources[0].url", "locale segment")),
    Case("missing-verified", "corrections.yml", "    verified: 2026-11-01\n", "",
         ("data/corrections.yml:3:", "corrections[0].verified", "required key is missing")),
    Case("future-date", "corrections.yml", "    verified: 2026-11-01", "    verified: 2999-01-01",
         ("data/corrections.yml:10:", "corrections[0].verified", "cannot be in the future")),
    Case("impossible-date-unquoted", "corrections.yml", "    verified: 2026-11-01", "    verified: 2026-02-30",
         ("data/corrections.yml:10:", "corrections[0].verified", "valid date", "'2026-02-30'")),
    Case("impossible-date-quoted", "corrections.yml", "    verified: 2026-11-01", "    verified: '2026-13-01'",
         ("data/corrections.yml:10:", "corrections[0].verified", "valid date", "'2026-13-01'")),
    Case("newline-in-a-line", "glossary.yml", "    expansion: Hardware security module",
         '    expansion: "Hardware security module\\n\\nHover\\n{: onmouseover=alert(1) }"',
         ("data/glossary.yml:5:", "terms[0].expansion", "single-line text expected: a line break at character 25",
          "'Hardware security module\\n\\nHover")),
    Case("newline-in-a-label", "comparison/compliance.yml", "    label: FIPS 140 validation",
         '    label: "FIPS\\n\\n=====\\n\\n* item"', ("data/comparison/compliance.yml:8:", "criteria[0].label",
                                                       "single-line text expected")),
    Case("bidi-override", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.",
         '    truth: "hsm2m.medium is \\u202eFIPS"',
         ("data/corrections.yml:7:", "U+202E RIGHT-TO-LEFT OVERRIDE at character 17", "read backwards", "\\u202e")),
    Case("zero-width-space-in-id", "glossary.yml", "  - id: hsm", '  - id: "hs\\u200bm"',
         ("data/glossary.yml:3:", "terms[0].id", "kebab-case", "'hs\\u200bm'")),
    Case("zero-width-space-in-text", "glossary.yml", "    term: HSM", '    term: "H\\u200bSM"',
         ("data/glossary.yml:4:", "terms[0].term", "U+200B ZERO WIDTH SPACE at character 2", "invisible")),
    Case("control-character", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.",
         '    truth: "bell\\u0007"', ("data/corrections.yml:7:", "control characters are not allowed")),
    Case("too-long", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.", "    truth: " + "x" * 1600,
         ("data/corrections.yml:7:", "corrections[0].truth", "at most 1500 characters")),
    Case("short-too-long", "comparison/compliance.yml", "{short: Short value, value: Value for KMS standard",
         "{short: " + "a very long short value " * 4 + ", value: Value for KMS standard",
         ("data/comparison/compliance.yml:12:", "criteria[0].cells.kms-standard.short", "at most 60 characters")),
    Case("unregistered-source", "corrections.yml", f"    sources: [{HSM}]",
         "    sources: [https://docs.aws.amazon.com/cloudhsm/latest/userguide/clusters.html]",
         ("data/corrections.yml:9:", "corrections[0].sources[0]", "not registered in data/sources.yml")),
    Case("bad-id", "glossary.yml", "  - id: hsm", "  - id: HSM_term",
         ("data/glossary.yml:3:", "terms[0].id", "kebab-case")),
    Case("missing-cell", "comparison/compliance.yml", "      kms-imported: {", "      kms-importd: {",
         ("data/comparison/compliance.yml:", "criteria[0].cells", "no cell for option 'kms-imported'")),
    Case("na-without-reason", "comparison/compliance.yml", "value: Value for KMS imported", "value: Not applicable",
         ("data/comparison/compliance.yml:13:", "criteria[0].cells.kms-imported", "needs an `na` key")),
    Case("bad-enum", "corrections.yml", "    verdict: outdated", "    verdict: stale",
         ("data/corrections.yml:6:", "corrections[0].verdict", "'wrong', 'outdated'")),
    Case("price-evidence-level", "pricing.yml", "evidence: {level: secondary,", "evidence: {level: rumour,",
         ("data/pricing.yml:", "prices[4].evidence", "official-page", "secondary")),
    Case("unknown-answer-named-by-a-neighbour", "neighbours.yml", "    cloudhsm_still: Keys belong in KMS.",
         "    cloudhsm_still: Keys belong in KMS.\n    instead: {interface: pkcs-11}",
         ("data/neighbours.yml:", "neighbours[0].instead.interface", "unknown answer 'pkcs-11'", "pkcs11, kms-api")),
    Case("price-nan", "pricing.yml", "hsm_type: hsm2m.medium, value: 1.60", "hsm_type: hsm2m.medium, value: .nan",
         ("data/pricing.yml:", "prices[4].value", "finite number")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_gives_a_located_message(tmp_path: Path, case: Case) -> None:
    message = load_error(broken_copy(tmp_path, case.file, case.old, case.new))
    for fragment in case.expect:
        assert fragment in message, f"{case.name}: {fragment!r} not in:\n{message}"
    assert "Traceback" not in message


def test_the_valid_fixture_loads(fixture_guide: Guide) -> None:
    assert [o.id for o in fixture_guide.options][:2] == ["kms-standard", "kms-imported"]
    assert fixture_guide.criterion("fips-140-validation").cells["kms-standard"].short == "Short value"


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    data = broken_copy(tmp_path, "corrections.yml", "    verdict: outdated", "    verdict: stale")
    glossary = data / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("  - id: hsm", "  - id: HSM"), encoding="utf-8")
    message = load_error(data)
    assert "data/corrections.yml:6" in message and "data/glossary.yml:3" in message


def test_an_unknown_data_file_is_an_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "extras.yml").write_text("anything: 1\n", encoding="utf-8")
    message = load_error(data)
    assert "data/extras.yml: unknown data file; the guide reads only:" in message
    assert "macros/loader.py:Guide" in message


def test_a_missing_data_file_is_an_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "neighbours.yml").unlink()
    assert "data/neighbours.yml: file is missing" in load_error(data)


def test_an_empty_file_says_what_it_expected(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "links.yml").write_text("# nothing here\n", encoding="utf-8")
    assert "data/links.yml:1: (document root): expected a mapping of keys, got an empty file" in load_error(data)


def test_a_source_nothing_cites_is_an_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    sources = data / "sources.yml"
    sources.write_text(sources.read_text() + "  - id: src-unused\n    title: Unused\n"
                       "    url: https://docs.aws.amazon.com/kms/latest/developerguide/unused.html\n    service: aws-kms\n",
                       encoding="utf-8")
    assert "sources[2]: source 'https://docs.aws.amazon.com/kms/latest/developerguide/unused.html' is cited by no fact" in (
        load_error(data))


def test_every_record_kind_has_a_data_file() -> None:
    """Registering a kind is one field of Guide; its file (or folder) follows from the alias."""
    assert {name for name in KINDS} >= {"options", "comparison", "decision", "pricing", "neighbours"}
    assert KINDS["comparison"][1] is True and KINDS["options"][1] is False


def test_the_real_data_loads_and_every_fixture_kind_is_in_it() -> None:
    guide = load_guide()
    assert len(guide.options) >= 5 and len(guide.criteria) >= 30
    assert all(cell.short for crit in guide.criteria for cell in crit.cells.values())


def test_load_reads_the_files_afresh(tmp_path: Path) -> None:
    """No cache between calls: an edited fact is what the next build sees (mkdocs serve relies on it)."""
    data = copy_data(tmp_path, VALID_DATA)
    assert load_guide(data).glossary[0].expansion == "Hardware security module"
    glossary = data / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("Hardware security module", "Hardware security modules"), encoding="utf-8")
    assert load_guide(data).glossary[0].expansion == "Hardware security modules"
