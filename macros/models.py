"""Typed records for every data file. The JSON Schemas beside the YAML files are generated from these models.

Each model declares what its fields are, once:

* text fields have a kind (``Short``, ``Label``, ``Line``, ``Prose``; see :mod:`macros.text`);
* a field that names another record is typed as a reference (``OptionId``, ``CriterionId``, …): the loader's one
  generic walker (:mod:`macros.walk`) checks every reference against the records of that kind;
* a record with an ``id`` declares its ``kind`` (what references name it), the page that shows it and whether its
  id is an anchor there; the walker registers ids, keeps them unique and places every cited claim on the site;
* a cited claim derives from :class:`Cited` (official sources plus the date they were checked).

Rules that span records and are not about ids (every criterion answers for every option, the decision rules leave
an option for every combination of answers) live in :mod:`macros.loader`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from .policy import ALLOWED_HOSTS, page_url, url_problems
from .text import Label, Line, Prose, Short, ShortName

KEBAB = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Ref:
    """Annotation marker: the string names a record of ``kind`` (checked by the loader); ``also`` lists the
    other values the field accepts (e.g. "all" for every Region)."""

    __slots__ = ("also", "kind")

    def __init__(self, kind: str, also: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.also = also

    def __repr__(self) -> str:
        return f"Ref({self.kind!r})"


class Cites:
    """Annotation marker: the URL is a citation and its page must be registered in data/sources.yml."""

    __slots__ = ()


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


def ref(kind: str) -> Any:
    """An id that must name a record of ``kind``."""
    return Annotated[str, StringConstraints(pattern=KEBAB, min_length=2, max_length=64), Ref(kind)]


OptionId = ref("option")
ServiceId = ref("service")
CriterionId = ref("criterion")
CorrectionId = ref("correction")
QuestionId = ref("question")
NeighbourId = ref("neighbour")
RegionId = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$"), Ref("region")]
#: A Region, or "all" for a price the pricing page states for every Region.
PriceRegion = Annotated[str, StringConstraints(pattern=r"^(all|[a-z]{2}(-gov)?-[a-z]+-\d)$"), Ref("region", also=("all",))]
HsmTypeId = Annotated[str, StringConstraints(pattern=r"^hsm[0-9a-z]+\.[a-z]+$"), Ref("hsm-type")]

_HOSTS = "|".join(h.replace(".", r"\.") for h in sorted(ALLOWED_HOSTS))
Url = Annotated[
    str,
    StringConstraints(max_length=400),
    AfterValidator(_cited),
    # Editors see the same host allow-list the loader enforces.
    WithJsonSchema({"type": "string", "format": "uri", "pattern": f"^https://({_HOSTS})/[^\\s#]*(#[^\\s]+)?$"}),
]
CitedUrl = Annotated[Url, Cites()]
Verified = Annotated[dt.date, AfterValidator(_not_future)]
def _one_link_per_page(urls: list[str]) -> list[str]:
    # A claim's citations are numbered by page: two links into one page would read "[172] [172]".
    pages = [page_url(u) for u in urls]
    twice = sorted({p for p in pages if pages.count(p) > 1})
    if twice:
        raise ValueError(f"each page once per claim expected; cited more than once: {', '.join(twice)}")
    return urls


Sources = Annotated[list[CitedUrl], Field(min_length=1, max_length=12), AfterValidator(_one_link_per_page)]


class Record(BaseModel):
    """Base: unknown keys are errors, so a typo never silently drops a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: What references name this record by (``OptionId`` names an "option"); None: nothing refers to it.
    kind: ClassVar[str | None] = None
    #: Ids must be unique within a space: ids are anchors, and most pages show records of several kinds.
    space: ClassVar[str] = "guide"
    #: The page that shows the record (``str.format`` over its fields, e.g. "options/{id}/"); None: its parent's.
    page: ClassVar[str | None] = None
    #: Whether the record's id is an anchor on that page (its own heading or row).
    anchored: ClassVar[bool] = True

    def place_label(self) -> str | None:
        """How the sources list names the place that shows this record (None: its parent's name)."""
        return None

    def claim(self) -> tuple[str, tuple[str, ...], dt.date] | None:
        """What this record claims, on which official pages, checked on which day (None: it claims nothing)."""
        return None


class Cited(Record):
    """A claim: official sources and the date they were checked against it."""

    sources: Sources
    verified: Verified

    def claim_text(self) -> str:
        raise NotImplementedError

    def claim(self) -> tuple[str, tuple[str, ...], dt.date] | None:
        return self.claim_text(), tuple(self.sources), self.verified


class Fact(Cited):
    """One cited statement."""

    text: Prose
    note: Prose | None = None

    def claim_text(self) -> str:
        return self.text


class Aliased(Record):
    """Anything with a public anchor. ``former_ids`` keep old deep links resolving after a rename."""

    id: Id
    former_ids: list[Id] = Field(default=[], max_length=20)


# --- sources -----------------------------------------------------------------------------------------


class Source(Record):
    """An official page the guide cites. One URL, one title."""

    kind: ClassVar[str | None] = "source"
    page: ClassVar[str | None] = "sources/"

    id: Id
    title: Label
    url: Url
    service: Literal["aws-kms", "aws-cloudhsm", "aws", "nist"]
    note: Prose | None = None

    @model_validator(mode="after")
    def _no_fragment(self) -> Source:
        if "#" in self.url:
            raise ValueError("source URLs name a page: drop the #fragment (facts may cite page#anchor)")
        return self


class SourcesFile(Record):
    sources: list[Source] = Field(min_length=1)


# --- services and options ------------------------------------------------------------------------------


class Service(Aliased):
    kind: ClassVar[str | None] = "service"
    page: ClassVar[str | None] = "{id}/"
    anchored: ClassVar[bool] = False

    name: Label
    short_name: Label
    seed_overview: Prose
    overview: list[Fact] = Field(min_length=1)
    seed_best_for: Line
    best_for: Fact
    options: list[OptionId] = Field(min_length=1)

    def place_label(self) -> str:
        return f"{self.short_name} overview"


class ServicesFile(Record):
    services: list[Service] = Field(min_length=2)


class Option(Aliased):
    kind: ClassVar[str | None] = "option"
    page: ClassVar[str | None] = "options/{id}/"
    anchored: ClassVar[bool] = False

    name: Label
    short_name: ShortName
    service: ServiceId
    summary: Fact
    how_it_works: list[Fact] = Field(min_length=1)
    choose_when: list[Fact] = Field(min_length=1)
    trade_offs: list[Fact] = Field(min_length=1)

    def place_label(self) -> str:
        return self.name


class OptionsFile(Record):
    options: list[Option] = Field(min_length=1)


# --- the detailed comparison ---------------------------------------------------------------------------


class Cell(Cited):
    """One option's answer to one criterion: a terse value for the matrix, the full sentence and its sources."""

    short: Short
    value: Line
    note: Prose | None = None
    na: Prose | None = None
    disagreement: Prose | None = None

    @model_validator(mode="after")
    def _na_has_reason(self) -> Cell:
        if self.value.lower().startswith("not applicable") and not self.na:
            raise ValueError("a 'Not applicable' cell needs an `na` key giving the reason")
        return self

    def claim_text(self) -> str:
        return self.value


class Criterion(Aliased):
    kind: ClassVar[str | None] = "criterion"
    page: ClassVar[str | None] = "criteria/"

    label: Label
    question: Line
    keywords: list[Label] = Field(default=[], max_length=20)
    cells: dict[OptionId, Cell]

    def place_label(self) -> str:
        return self.label


class CriteriaGroup(Aliased):
    page: ClassVar[str | None] = "criteria/"

    title: Label
    order: int = Field(ge=1, le=1000)
    summary: Prose
    criteria: list[Criterion] = Field(min_length=1)


# --- the common two-service views: when to use, at a glance, corrections, links, summary -------------------


class WhenCriterion(Aliased, Cited):
    page: ClassVar[str | None] = "decision/"

    title: Label
    seed_text: Line
    text: Prose
    status: Literal["accurate", "corrected", "outdated"]
    correction: CorrectionId | None = None
    options: list[OptionId] = Field(min_length=1)
    details: list[CriterionId] = []

    def claim_text(self) -> str:
        return self.text

    def place_label(self) -> str:
        return self.title


class WhenGroup(Record):
    service: ServiceId
    criteria: list[WhenCriterion] = Field(min_length=1)


class WhenFile(Record):
    services: list[WhenGroup] = Field(min_length=2)


class GlanceCell(Cited):
    short: Short
    value: Line
    note: Prose | None = None
    disagreement: Prose | None = None

    def claim_text(self) -> str:
        return self.value


class GlanceRow(Aliased):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    page: ClassVar[str | None] = "comparison/"

    feature: Label
    seed: dict[ServiceId, Line]
    aws_kms: GlanceCell = Field(alias="aws-kms")
    aws_cloudhsm: GlanceCell = Field(alias="aws-cloudhsm")
    correction: CorrectionId | None = None
    details: list[CriterionId] = []

    def place_label(self) -> str:
        return self.feature


class GlanceFile(Record):
    rows: list[GlanceRow] = Field(min_length=1)


class Correction(Aliased, Cited):
    kind: ClassVar[str | None] = "correction"
    page: ClassVar[str | None] = "corrections/"

    seed_claim: Line
    seed_section: Literal["overview", "when-to-use", "key-differences", "documentation-links", "summary"]
    verdict: Literal["wrong", "outdated", "incomplete", "misleading"]
    truth: Prose
    details: list[CriterionId] = []

    def claim_text(self) -> str:
        return self.truth

    def place_label(self) -> str:
        # Readers know a correction by the claim it answers, not by its id.
        words = self.seed_claim.split()
        return f"Correction: “{' '.join(words[:8])}{'…' if len(words) > 8 else ''}”"


class CorrectionsFile(Record):
    corrections: list[Correction] = Field(min_length=1)


class DocLink(Aliased):
    seed_title: Label | None = None
    title: Label
    url: CitedUrl
    note: Prose | None = None
    verified: Verified

    def claim(self) -> tuple[str, tuple[str, ...], dt.date] | None:
        return self.title, (self.url,), self.verified


class LinkGroup(Record):
    page: ClassVar[str | None] = "{service}/"

    service: ServiceId
    links: list[DocLink] = Field(min_length=1)

    def place_label(self) -> str:
        return "Official documentation links"


class LinksFile(Record):
    groups: list[LinkGroup] = Field(min_length=1)


class Headline(Cited):
    """The home page's first words: what most workloads should use, and why, in one or two sentences."""

    anchored: ClassVar[bool] = False

    recommend: OptionId
    text: Prose
    otherwise: Prose

    def claim_text(self) -> str:
        return self.text

    def place_label(self) -> str:
        return "Home: the short answer"


class SummaryItem(Aliased, Cited):
    service: ServiceId | None = None
    seed_text: Line | None = None
    text: Prose

    def claim_text(self) -> str:
        return self.text

    def place_label(self) -> str:
        return "Summary"


class SummaryFile(Record):
    page: ClassVar[str | None] = ""

    headline: Headline
    summary: list[SummaryItem] = Field(min_length=1)


class QuotaRow(Aliased, Cited):
    cells: list[Line] = Field(min_length=2, max_length=8)
    note: Prose | None = None

    def claim_text(self) -> str:
        return " | ".join(self.cells)


class QuotaTable(Aliased):
    """A published quota or performance table, kept close to AWS's own layout."""

    page: ClassVar[str | None] = "quotas/"

    title: Label
    summary: Prose
    columns: list[Label] = Field(min_length=2, max_length=8)
    rows: list[QuotaRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> QuotaTable:
        for index, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns):
                raise ValueError(f"rows[{index}] ({row.id}) has {len(row.cells)} cells for {len(self.columns)} columns")
        return self

    def place_label(self) -> str:
        return self.title


class QuotasFile(Record):
    tables: list[QuotaTable] = Field(min_length=1)


class Term(Aliased):
    space: ClassVar[str] = "glossary"
    page: ClassVar[str | None] = "glossary/"

    term: Label
    expansion: Label | None = None
    definition: Fact

    def place_label(self) -> str:
        return f"Glossary: {self.term}"


class GlossaryFile(Record):
    terms: list[Term] = Field(min_length=1)


# --- neighbouring services: jobs that are not a key custody question ------------------------------------


class Neighbour(Aliased, Cited):
    """Another AWS service that does a job readers often bring to this question (payments, a CA, secrets)."""

    kind: ClassVar[str | None] = "neighbour"
    page: ClassVar[str | None] = "neighbours/"

    name: Label
    job: Label
    use_it: Prose
    pricing: Prose
    cloudhsm_still: Prose
    #: The helper's answers for the case where CloudHSM is still the answer: the outcome links to them.
    instead: dict[QuestionId, Id] = {}

    def claim_text(self) -> str:
        return self.use_it

    def place_label(self) -> str:
        return self.name


class NeighboursFile(Record):
    neighbours: list[Neighbour] = Field(min_length=1)


# --- the decision helper -------------------------------------------------------------------------------


def _one_or_many(value: object) -> object:
    # `when: {users: aws-services}` reads best for one answer; a list allows any of several.
    return [value] if isinstance(value, str) else value


AnswerIds = Annotated[
    list[Id], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": KEBAB},
                              {"type": "array", "items": {"type": "string", "pattern": KEBAB}, "minItems": 1}]}),
]
#: Question id -> the answer ids that satisfy it (one id or a list). All entries must hold.
Condition = Annotated[dict[QuestionId, AnswerIds], Field(min_length=1)]


class Answer(Record):
    space: ClassVar[str] = "answer"

    id: Id
    label: Label
    #: This answer means the job belongs to another AWS service: the helper ends with that service.
    neighbour: NeighbourId | None = None


class Question(Record):
    """One requirement. ``ask_if`` makes it a follow-up: asked only when any one of its conditions holds.

    ``assume`` is the answer the helper assumes while the question is open: the least demanding one, so a
    partly answered form already shows what the answers given so far call for.
    """

    kind: ClassVar[str | None] = "question"
    space: ClassVar[str] = "question"

    id: Id
    text: Line
    help: Prose
    answers: list[Answer] = Field(min_length=2, max_length=12)
    assume: Id
    ask_if: list[Condition] = []

    @model_validator(mode="after")
    def _assume_is_an_answer(self) -> Question:
        if self.assume not in {a.id for a in self.answers}:
            raise ValueError(f"`assume` must be one of this question's answers: {', '.join(a.id for a in self.answers)}")
        return self

    @property
    def answer_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.answers)


EFFECTS = ("exclude", "only", "prefer", "support", "caution")


class DecisionRule(Record):
    """When every condition holds, one effect on the listed options.

    ``exclude`` rules them out and ``only`` rules out every other option (so an option added later is ruled out
    too); ``prefer`` adds ``score`` to their rank; ``support`` states that they meet the requirement (a reason, no
    score); ``caution`` is a trade-off shown when one of them is recommended. The reason argues for the options a
    rule keeps or favours, or against the options it rules out; it never advises another option.
    """

    space: ClassVar[str] = "rule"

    id: Id
    title: Label
    when: Condition
    exclude: list[OptionId] = []
    only: list[OptionId] = []
    prefer: list[OptionId] = []
    support: list[OptionId] = []
    caution: list[OptionId] = []
    score: int | None = Field(default=None, ge=1, le=10)
    reason: Prose
    details: list[CriterionId] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_effect(self) -> DecisionRule:
        effects = [name for name in EFFECTS if getattr(self, name)]
        if len(effects) != 1:
            raise ValueError(f"a rule has exactly one of {', '.join(EFFECTS)}; got {', '.join(effects) or 'none'}")
        if (self.score is None) == bool(self.prefer):
            raise ValueError("`score` is required with `prefer` and not allowed with the other effects")
        return self

    @property
    def effect(self) -> str:
        return next(name for name in EFFECTS if getattr(self, name))

    @property
    def options(self) -> list[str]:
        return getattr(self, self.effect)


class DecisionFile(Record):
    """The decision helper's questions and rules; ``default_order`` ranks options that no preference separates."""

    page: ClassVar[str | None] = "helper/"

    default_order: list[OptionId] = Field(min_length=2)
    default_title: Label
    default_reason: Prose
    default_details: list[CriterionId] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1, max_length=30)
    rules: list[DecisionRule] = Field(min_length=1, max_length=200)
    #: Anchors of an earlier decision tree (answer paths): each keeps landing on the step those answers reach.
    former_anchors: list[Annotated[str, StringConstraints(pattern=r"^decide(--[a-z0-9-]+)*$", max_length=300)]] = []


# --- prices and the cost model ---------------------------------------------------------------------------------


class OfficialPage(Record):
    """Read on an official AWS pricing or documentation page."""

    level: Literal["official-page"]
    sources: Sources
    verified: Verified


class OfferFile(Record):
    """Taken from AWS's Price List offer file for the service (the machine-readable list prices)."""

    level: Literal["offer-file"]
    offer: Literal["CloudHSM", "awskms"]
    published: dt.date
    version: Label
    verified: Verified


class SecondaryCopy(Record):
    """A copy of AWS's Price List kept by a third party: weaker than an official page, pending a live check."""

    level: Literal["secondary"]
    copied_from: Line
    #: When the copy was made: a day, or a month where the copy gives no day.
    copied: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]
    corroboration: Prose | None = None
    verified: Verified


Evidence = Annotated[OfficialPage | OfferFile | SecondaryCopy, Field(discriminator="level")]

#: What a price is the price of: the cost model's inputs, each in its own unit.
PriceItem = Literal[
    "kms-key-month",          # USD per KMS key per month
    "kms-rotation-month",     # USD per key per month for each billed rotation
    "kms-symmetric-10k",      # USD per 10,000 symmetric requests
    "kms-rsa2048-10k",        # USD per 10,000 asymmetric requests with RSA 2048 keys
    "kms-asymmetric-10k",     # USD per 10,000 other asymmetric requests
    "kms-gdkp-ecc-10k",       # USD per 10,000 ECC GenerateDataKeyPair requests
    "kms-gdkp-rsa-10k",       # USD per 10,000 RSA GenerateDataKeyPair requests
    "kms-free-requests",      # requests per month at no charge (a count, not USD)
    "hsm-hour",               # USD per HSM per hour
]
#: How the site names each item (tables, the sources register).
PRICE_ITEM_LABELS: dict[str, str] = {
    "kms-key-month": "KMS key, per month (prorated hourly)",
    "kms-rotation-month": "Each billed rotation, per key per month",
    "kms-symmetric-10k": "Symmetric requests, per 10,000",
    "kms-rsa2048-10k": "Asymmetric requests with RSA 2048 keys, per 10,000",
    "kms-asymmetric-10k": "Other asymmetric requests, per 10,000",
    "kms-gdkp-ecc-10k": "ECC GenerateDataKeyPair requests, per 10,000",
    "kms-gdkp-rsa-10k": "RSA GenerateDataKeyPair requests, per 10,000",
    "kms-free-requests": "Free requests per month (all Regions together)",
    "hsm-hour": "CloudHSM HSM, per hour",
}


class PriceMatch(Record):
    """How to find this price in the offer file: by attributes, never by SKU (SKUs change between versions)."""

    offer: Literal["CloudHSM", "awskms"]
    usagetype: Label
    operation: Label | None = None
    per: float = Field(default=1.0, gt=0, allow_inf_nan=False)


class Price(Aliased):
    """One list price, with the evidence a reader needs to judge it."""

    page: ClassVar[str | None] = "cost/"

    item: PriceItem
    region: PriceRegion
    hsm_type: HsmTypeId | None = None
    value: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    note: Prose | None = None
    #: The official page readers should check the price on (the pricing page, even when its table needs JavaScript).
    sources: Sources
    evidence: Evidence
    match: PriceMatch | None = None

    @model_validator(mode="after")
    def _hsm_type_for_hsm_hours(self) -> Price:
        if (self.item == "hsm-hour") != (self.hsm_type is not None):
            raise ValueError("`hsm_type` is required for an hsm-hour price and not allowed for the others")
        return self

    def place_label(self) -> str:
        where = ", ".join(x for x in (self.region, self.hsm_type) if x)
        return f"Price: {PRICE_ITEM_LABELS[self.item]} ({where})"

    def claim(self) -> tuple[str, tuple[str, ...], dt.date] | None:
        return f"{self.item} {self.region} {self.hsm_type or ''}: {self.value:g}", tuple(self.sources), self.evidence.verified


class Unpriced(Aliased, Cited):
    """A price we could not support: the guide says so instead of guessing."""

    page: ClassVar[str | None] = "cost/"

    label: Label
    reason: Prose

    def claim_text(self) -> str:
        return self.reason

    def place_label(self) -> str:
        return f"Not priced: {self.label}"


class Region(Record):
    kind: ClassVar[str | None] = "region"
    space: ClassVar[str] = "region"

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")]
    name: Label


class HsmType(Record):
    kind: ClassVar[str | None] = "hsm-type"
    page: ClassVar[str | None] = "cost/"

    id: Annotated[str, StringConstraints(pattern=r"^hsm[0-9a-z]+\.[a-z]+$")]
    fips: Label
    new_clusters: bool
    lifecycle: Fact | None = None

    def place_label(self) -> str:
        return f"HSM type {self.id}"


class Scenario(Aliased):
    page: ClassVar[str | None] = "cost/"

    title: Label
    description: Prose
    region: RegionId
    keys: int = Field(ge=0, le=1_000_000)
    symmetric_requests: int = Field(ge=0, le=10**12)
    asymmetric_requests: int = Field(default=0, ge=0, le=10**12)
    rotations: int = Field(ge=0, le=1000)
    hsm_count: int = Field(ge=1, le=28)
    hsm_type: HsmTypeId
    hours: float = Field(default=730, gt=0, le=744, allow_inf_nan=False)
    #: The helper's answers for this workload: options the helper rules out are "not possible" here, with its reason.
    answers: dict[QuestionId, Id] = {}
    sources: list[CitedUrl] = []
    verified: Verified | None = None

    @model_validator(mode="after")
    def _cited_with_date(self) -> Scenario:
        # A cited scenario is a fact like any other: its sources need the date they were read on, and a date
        # without sources would vouch for nothing.
        if bool(self.sources) != (self.verified is not None):
            raise ValueError("give both sources and verified, or neither")
        return self

    def place_label(self) -> str:
        return f"Cost scenario: {self.title}"

    def claim(self) -> tuple[str, tuple[str, ...], dt.date] | None:
        return None if self.verified is None else (self.description, tuple(self.sources), self.verified)


Component = Literal["kms", "hsm", "external"]


class PricingFile(Record):
    page: ClassVar[str | None] = "cost/"
    anchored: ClassVar[bool] = False

    def place_label(self) -> str:
        return "Cost"

    as_of: Verified
    currency: Literal["USD"]
    hours_per_month: float = Field(gt=0, le=744, allow_inf_nan=False)
    default_region: RegionId
    regions: list[Region] = Field(min_length=1, max_length=40)
    hsm_types: list[HsmType] = Field(min_length=1, max_length=10)
    rotation_cap: Fact
    billed_rotations: int = Field(ge=0, le=100)
    prices: list[Price] = Field(min_length=1, max_length=500)
    unpriced: list[Unpriced] = []
    components: dict[OptionId, list[Component]]
    scenarios: list[Scenario] = Field(min_length=1, max_length=30)
