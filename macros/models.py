"""Typed records for every data file. The JSON Schemas beside the YAML files are generated from these models.

Field-level rules (types, required keys, no unknown keys, URL policy, dates, plain text) live here;
rules that span records (unknown or duplicate ids) live in :mod:`macros.loader`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from .policy import ALLOWED_HOSTS, url_problems

KEBAB = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Anything that looks like markup or a template: data is plain text, rendered escaped.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|\{\{|\{%|\{#")


def _plain(value: str) -> str:
    if _MARKUP.search(value):
        raise ValueError("plain text expected: HTML tags and template syntax are not allowed in data")
    return value


def _cited(value: str) -> str:
    problems = url_problems(value)
    if problems:
        raise ValueError("citable URL expected: " + "; ".join(problems))
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"a verification date cannot be in the future (today is {dt.date.today().isoformat()})")
    return value


Id = Annotated[str, StringConstraints(pattern=KEBAB, min_length=2, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain)]
_HOSTS = "|".join(h.replace(".", r"\.") for h in sorted(ALLOWED_HOSTS))
Url = Annotated[
    str,
    AfterValidator(_cited),
    # Editors see the same host allow-list the loader enforces.
    WithJsonSchema({"type": "string", "format": "uri", "pattern": f"^https://({_HOSTS})/[^\\s#]*(#[^\\s]+)?$"}),
]
Verified = Annotated[dt.date, AfterValidator(_not_future)]
Sources = Annotated[list[Url], Field(min_length=1)]


class Record(BaseModel):
    """Base: unknown keys are errors, so a typo never silently drops a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Record):
    """One cited statement."""

    text: Text
    note: Text | None = None
    sources: Sources
    verified: Verified


class Aliased(Record):
    """Anything with a public anchor. ``former_ids`` keep old deep links resolving after a rename."""

    id: Id
    former_ids: list[Id] = []


# --- sources -----------------------------------------------------------------------------------------


class Source(Record):
    """An official page the guide cites. One URL, one title."""

    id: Id
    title: Text
    url: Url
    service: Literal["aws-kms", "aws-cloudhsm", "aws", "nist"]
    note: Text | None = None

    @model_validator(mode="after")
    def _no_fragment(self) -> Source:
        if "#" in self.url:
            raise ValueError("source URLs name a page: drop the #fragment (facts may cite page#anchor)")
        return self


class SourcesFile(Record):
    sources: list[Source] = Field(min_length=1)


# --- services and options ------------------------------------------------------------------------------


class Service(Aliased):
    name: Text
    short_name: Text
    seed_overview: Text
    overview: list[Fact] = Field(min_length=1)
    seed_best_for: Text
    best_for: Fact
    options: list[Id] = Field(min_length=1)


class ServicesFile(Record):
    services: list[Service] = Field(min_length=2)


class Option(Aliased):
    name: Text
    short_name: Annotated[str, StringConstraints(min_length=2, max_length=24), AfterValidator(_plain)]
    service: Id
    summary: Fact
    how_it_works: list[Fact] = Field(min_length=1)
    choose_when: list[Fact] = Field(min_length=1)
    trade_offs: list[Fact] = Field(min_length=1)


class OptionsFile(Record):
    options: list[Option] = Field(min_length=1)


# --- the detailed comparison ---------------------------------------------------------------------------


class Cell(Record):
    """One option's answer to one criterion. 'Not applicable' needs a reason; an empty cell is impossible."""

    value: Text
    note: Text | None = None
    na: Text | None = None
    disagreement: Text | None = None
    sources: Sources
    verified: Verified

    @model_validator(mode="after")
    def _na_has_reason(self) -> Cell:
        if self.value.lower().startswith("not applicable") and not self.na:
            raise ValueError("a 'Not applicable' cell needs an `na` key giving the reason")
        return self


class Criterion(Aliased):
    label: Text
    question: Text
    keywords: list[Text] = []
    cells: dict[Id, Cell]


class CriteriaGroup(Aliased):
    title: Text
    order: int = Field(ge=1)
    summary: Text
    criteria: list[Criterion] = Field(min_length=1)


# --- seed views: when to use, at a glance, corrections, links, summary -------------------------------------


class WhenCriterion(Aliased):
    title: Text
    seed_text: Text
    text: Text
    status: Literal["accurate", "corrected", "outdated"]
    correction: Id | None = None
    options: list[Id] = Field(min_length=1)
    details: list[Id] = []
    sources: Sources
    verified: Verified


class WhenGroup(Record):
    service: Id
    criteria: list[WhenCriterion] = Field(min_length=1)


class WhenFile(Record):
    services: list[WhenGroup] = Field(min_length=2)


class GlanceCell(Record):
    value: Text
    note: Text | None = None
    disagreement: Text | None = None
    sources: Sources
    verified: Verified


class GlanceRow(Aliased):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    feature: Text
    seed: dict[Id, Text]
    aws_kms: GlanceCell = Field(alias="aws-kms")
    aws_cloudhsm: GlanceCell = Field(alias="aws-cloudhsm")
    correction: Id | None = None
    details: list[Id] = []


class GlanceFile(Record):
    rows: list[GlanceRow] = Field(min_length=1)


class Correction(Aliased):
    seed_claim: Text
    seed_section: Literal["overview", "when-to-use", "key-differences", "documentation-links", "summary"]
    verdict: Literal["wrong", "outdated", "incomplete", "misleading"]
    truth: Text
    details: list[Id] = []
    sources: Sources
    verified: Verified


class CorrectionsFile(Record):
    corrections: list[Correction] = Field(min_length=1)


class DocLink(Aliased):
    seed_title: Text | None = None
    title: Text
    url: Url
    note: Text | None = None
    verified: Verified


class LinkGroup(Record):
    service: Id
    links: list[DocLink] = Field(min_length=1)


class LinksFile(Record):
    groups: list[LinkGroup] = Field(min_length=1)


class SummaryItem(Aliased):
    service: Id | None = None
    seed_text: Text | None = None
    text: Text
    sources: Sources
    verified: Verified


class SummaryFile(Record):
    summary: list[SummaryItem] = Field(min_length=1)


class QuotaRow(Aliased):
    cells: list[Text] = Field(min_length=2)
    note: Text | None = None
    sources: Sources
    verified: Verified


class QuotaTable(Aliased):
    """A published quota or performance table, kept close to AWS's own layout."""

    title: Text
    summary: Text
    columns: list[Text] = Field(min_length=2)
    rows: list[QuotaRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> QuotaTable:
        for index, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns):
                raise ValueError(f"rows[{index}] ({row.id}) has {len(row.cells)} cells for {len(self.columns)} columns")
        return self


class QuotasFile(Record):
    tables: list[QuotaTable] = Field(min_length=1)


class Term(Aliased):
    term: Text
    expansion: Text | None = None
    definition: Fact


class GlossaryFile(Record):
    terms: list[Term] = Field(min_length=1)


# --- the decision helper -------------------------------------------------------------------------------


def _one_or_many(value: object) -> object:
    # `when: {users: aws-services}` reads best for one answer; a list allows any of several.
    return [value] if isinstance(value, str) else value


#: Question id -> the answer ids that satisfy it (one id or a list). All entries must hold.
Condition = Annotated[
    dict[Id, Annotated[list[Id], BeforeValidator(_one_or_many), Field(min_length=1),
                       WithJsonSchema({"anyOf": [{"type": "string", "pattern": KEBAB},
                                                 {"type": "array", "items": {"type": "string", "pattern": KEBAB},
                                                  "minItems": 1}]})]],
    Field(min_length=1),
]


class Answer(Record):
    id: Id
    label: Text


class Question(Record):
    """One requirement. ``ask_if`` makes it a follow-up: asked only when any one of its conditions holds."""

    id: Id
    text: Text
    help: Text
    answers: list[Answer] = Field(min_length=2)
    ask_if: list[Condition] = []

    @cached_property
    def answer_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.answers)


EFFECTS = ("exclude", "prefer", "support", "caution")


class DecisionRule(Record):
    """When every condition holds, one effect on the listed options.

    ``exclude`` rules them out; ``prefer`` adds ``score`` to their rank; ``support`` states that they meet the
    requirement (a reason, no score); ``caution`` is a trade-off shown when one of them is recommended.
    """

    id: Id
    when: Condition
    exclude: list[Id] = []
    prefer: list[Id] = []
    support: list[Id] = []
    caution: list[Id] = []
    score: int | None = Field(default=None, ge=1, le=10)
    reason: Text
    details: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_effect(self) -> DecisionRule:
        effects = [name for name in EFFECTS if getattr(self, name)]
        if len(effects) != 1:
            raise ValueError(f"a rule has exactly one of {', '.join(EFFECTS)}; got {', '.join(effects) or 'none'}")
        if (self.score is None) == bool(self.prefer):
            raise ValueError("`score` is required with `prefer` and not allowed with the other effects")
        return self


class DecisionFile(Record):
    """The decision helper's questions and rules; ``default_order`` ranks options that no preference separates."""

    default_order: list[Id] = Field(min_length=2)
    default_reason: Text
    default_details: list[Id] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    rules: list[DecisionRule] = Field(min_length=1)


# --- prices and the cost model's inputs -------------------------------------------------------------------------


class Price(Record):
    """A list price in the file's currency, with the page it was read on."""

    value: float = Field(gt=0, allow_inf_nan=False)
    note: Text | None = None
    sources: Sources
    verified: Verified


class RotationPrice(Price):
    billed_rotations: int = Field(ge=0)


class KmsPrices(Record):
    key_month: Price
    rotation_month: RotationPrice
    symmetric_per_10k: Price
    free_requests_month: Price


class Unpriced(Record):
    """A price we could not verify: the model asks the reader for it instead of guessing."""

    id: Id
    label: Text
    reason: Text
    sources: Sources
    verified: Verified


class RegionPrices(Record):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")]
    name: Text
    kms: KmsPrices
    unpriced: list[Unpriced] = []


class Scenario(Aliased):
    title: Text
    description: Text
    region: str
    keys: int = Field(ge=0)
    symmetric_requests: int = Field(ge=0)
    rotations: int = Field(ge=0)
    hsm_count: int = Field(ge=0)
    hsm_type: str
    hours: float = Field(default=730, gt=0, le=744)
    sources: list[Url] = []
    verified: Verified | None = None

    @model_validator(mode="after")
    def _cited_with_date(self) -> Scenario:
        # A cited scenario is a fact like any other: its sources need the date they were read on, and a date
        # without sources would vouch for nothing.
        if bool(self.sources) != (self.verified is not None):
            raise ValueError("give both sources and verified, or neither")
        return self


Component = Literal["kms", "hsm", "external"]


class PricingFile(Record):
    as_of: Verified
    currency: Literal["USD"]
    hours_per_month: float = Field(gt=0, le=744)
    pages: list[Url] = Field(min_length=1)
    regions: list[RegionPrices] = Field(min_length=1)
    hsm_types: list[Annotated[str, StringConstraints(pattern=r"^hsm[0-9a-z]+\.[a-z]+$")]] = Field(min_length=1)
    components: dict[Id, list[Component]]
    scenarios: list[Scenario] = Field(min_length=1)
