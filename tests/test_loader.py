"""The loader turns every kind of bad data into a precise, located message, and the build stops on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.loader import Guide
from tests.helpers import VALID_DATA, broken_copy, build, load_error


@dataclass(frozen=True)
class Case:
    """A one-line edit to a valid fixture file and the fragments the error message must contain."""

    name: str
    file: str
    old: str
    new: str
    expect: tuple[str, ...]


KMS = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"

CASES = [
    Case("yaml-syntax", "corrections.yml", "    verdict: outdated", "    verdict: [outdated",
         ("data/corrections.yml:", "YAML syntax error")),
    Case("missing-key", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.\n", "",
         ("data/corrections.yml:3:", "corrections[0].truth", "required key is missing")),
    Case("wrong-type", "when-to-use.yml", "        options: [kms-standard]", "        options: kms-standard",
         ("data/when-to-use.yml:10:", "services[0].criteria[0].options", "valid list")),
    Case("unknown-key", "corrections.yml", "    verdict: outdated", "    verdict: outdated\n    verdit: wrong",
         ("data/corrections.yml:7:", "corrections[0].verdit", "unknown key", "allowed keys here:", "truth")),
    Case("duplicate-id", "when-to-use.yml", "      - id: dedicated-hardware", "      - id: managed-key-management",
         ("data/when-to-use.yml:16:", "services[1].criteria[0]", "duplicate id 'managed-key-management'",
          "first used at data/when-to-use.yml:5")),
    Case("duplicate-key", "sources.yml", "    service: aws-kms", "    service: aws-kms\n    service: aws",
         ("data/sources.yml:7:", "sources[0].service", "duplicate key")),
    Case("unknown-option", "when-to-use.yml", "        options: [kms-standard]", "        options: [kms-standrd]",
         ("data/when-to-use.yml:10:", "services[0].criteria[0].options[0]", "unknown option 'kms-standrd'",
          "expected one of:", "kms-standard")),
    Case("unknown-criterion", "corrections.yml", "    details: [fips-140-validation]", "    details: [fips-level]",
         ("data/corrections.yml:8:", "corrections[0].details[0]", "unknown comparison criterion 'fips-level'")),
    Case("unknown-correction", "when-to-use.yml", "        correction: fips-level-cloudhsm",
         "        correction: fips-cloudhsm", ("data/when-to-use.yml:21:", "unknown correction 'fips-cloudhsm'")),
    Case("empty-string", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.", '    truth: ""',
         ("data/corrections.yml:7:", "corrections[0].truth", "non-empty string")),
    Case("http-url", "sources.yml", f"    url: {KMS}", f"    url: {KMS.replace('https', 'http')}",
         ("data/sources.yml:5:", "sources[0].url", "must use https")),
    Case("non-aws-host", "corrections.yml", "    sources: [https://docs.aws.amazon.com/cloudhsm/latest/userguide/introduction.html]",
         "    sources: [https://example.com/cloudhsm]",
         ("data/corrections.yml:9:", "corrections[0].sources[0]", "not on the allow-list", "docs.aws.amazon.com")),
    Case("locale-url", "sources.yml", f"    url: {KMS}", f"    url: {KMS.replace('/kms/', '/de_de/kms/')}",
         ("data/sources.yml:5:", "sources[0].url", "locale segment")),
    Case("missing-verified", "corrections.yml", "    verified: 2026-11-01\n", "",
         ("data/corrections.yml:3:", "corrections[0].verified", "required key is missing")),
    Case("future-date", "corrections.yml", "    verified: 2026-11-01", "    verified: 2999-01-01",
         ("data/corrections.yml:10:", "corrections[0].verified", "cannot be in the future")),
    Case("script-in-text", "corrections.yml", "    truth: hsm2m.medium is FIPS 140-3 Level 3.",
         "    truth: <script>alert(1)</script> hsm2m.medium",
         ("data/corrections.yml:7:", "corrections[0].truth", "plain text expected")),
    Case("jinja-in-text", "glossary.yml", "    expansion: Hardware security module", "    expansion: '{{ config }}'",
         ("data/glossary.yml:5:", "terms[0].expansion", "template syntax")),
    Case("unregistered-source", "corrections.yml",
         "    sources: [https://docs.aws.amazon.com/cloudhsm/latest/userguide/introduction.html]",
         "    sources: [https://docs.aws.amazon.com/cloudhsm/latest/userguide/clusters.html]",
         ("data/corrections.yml:9:", "corrections[0].sources[0]", "not registered in data/sources.yml")),
    Case("bad-id", "glossary.yml", "  - id: hsm", "  - id: HSM_term",
         ("data/glossary.yml:3:", "terms[0].id", "kebab-case")),
    Case("missing-cell", "comparison/compliance.yml", "      kms-imported: {", "      kms-importd: {",
         ("data/comparison/compliance.yml:11:", "criteria[0].cells", "no cell for option 'kms-imported'")),
    Case("na-without-reason", "comparison/compliance.yml", "value: Value for KMS imported", "value: Not applicable",
         ("data/comparison/compliance.yml:13:", "criteria[0].cells.kms-imported", "needs an `na` key")),
    Case("bad-enum", "corrections.yml", "    verdict: outdated", "    verdict: stale",
         ("data/corrections.yml:6:", "corrections[0].verdict", "'wrong', 'outdated'")),
]


def _broken_copy(tmp: Path, case: Case) -> Path:
    return broken_copy(tmp, case.file, case.old, case.new)


def test_valid_fixture_loads(fixture_guide: Guide) -> None:
    assert next(o.id for o in fixture_guide.options) == "kms-standard"
    assert len(fixture_guide.criteria) == 2


def test_at_least_fifteen_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_fails_with_a_precise_message(tmp_path: Path, case: Case) -> None:
    message = load_error(_broken_copy(tmp_path, case))
    for fragment in case.expect:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_stops_the_build(tmp_path: Path, case: Case) -> None:
    data = _broken_copy(tmp_path, case)
    dest = tmp_path / "site"
    result = build(dest, data_dir=data)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert case.expect[0] in output and case.expect[1] in output, output[-2000:]
    # Nothing half-built: the failure happens before a single page is written.
    assert not list(dest.rglob("*.html"))


def test_valid_fixture_builds(tmp_path: Path) -> None:
    result = build(tmp_path / "site", data_dir=VALID_DATA)
    assert result.returncode == 0, result.stderr[-3000:]
