"""The content format (CONTENT.md) as pydantic models: the contract with authors.

Every field has a description: the authors' field reference is generated from them.
What every file shares (strict models, text fields, approval, change notes) is in fields.py;
an FOI response's models are in foi_response.py. This module is where the rest of the
project imports any of them from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

from generator.content.dates import (
    DayOrMonth,
    DayOrMonthField,
    Month,
    OptionalDayOrMonth,
    PeriodEnd,
)
from generator.content.fields import (
    Approval,
    ChangeNote,
    Strict,
    changes_field,
    markdown,
    text,
)
from generator.content.file_text import AnnexFile
from generator.content.foi_response import (
    Annex,
    Clarification,
    Exemption,
    Extension,
    FoiResponse,
    reference_slug,
)
from generator.content.lines import Lines
from generator.content.targets import TargetField
from generator.errors import Problem
from redaction.decisions import Decisions
from redaction.policy import RedactionPolicy

PlanKind = Literal[
    "independent-homicide-review",
    "domestic-homicide-review",
    "safeguarding-adults-review",
    "partnership-case-review",
    "thematic-review",
    "other",
]
ActionStatus = Literal["not-started", "in-progress", "complete", "closed"]


def _placeholder_or(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A draft may hold "TODO: …" where the importer could not tell the status (a bare "Green"
    means complete in one plan and on track in another); approve and the build refuse it."""
    if isinstance(value, str) and value.lstrip().startswith("TODO:"):
        return value
    return handler(value)


DraftActionStatus = Annotated[ActionStatus, WrapValidator(_placeholder_or)]

KIND_LABELS: dict[str, str] = {
    "independent-homicide-review": "Independent homicide review",
    "domestic-homicide-review": "Domestic Homicide Review",
    "safeguarding-adults-review": "Safeguarding Adults Review",
    "partnership-case-review": "Partnership case review",
    "thematic-review": "Thematic review",
    "other": "Review",
}


class Period(Strict):
    model_config = ConfigDict(populate_by_name=True)

    from_: DayOrMonthField = Field(alias="from", description="Start: a date or a month.")
    to: PeriodEnd = Field(description="End: a date, a month, or `ongoing`.")


class ProgressUpdate(Strict):
    date: DayOrMonthField = Field(description="When this update was written: a date or a month.")
    text: str = markdown("What has happened, in Markdown.")


class Action(Strict):
    ref: str = Field(description='The action\'s reference, unique within the plan, e.g. "7.1".')
    agency: list[str] = Field(
        default_factory=list,
        description="The agency responsible, for multi-agency plans: a name, or a list when "
        "several bodies share the action. Readers can read the plan agency by agency; a shared "
        "action is shown under each of its agencies.",
        json_schema_extra={"text": "plain", "shown_type": "text, or a list of text"},
    )
    action: str = markdown("What will be done (the SMART action), in Markdown.")
    lead: list[str] = Field(
        default_factory=list,
        description="The person responsible, as roles (not names): one or a list.",
        json_schema_extra={"text": "plain"},
    )
    target: TargetField = Field(
        None,
        description="Target for completion: a date (2019-09-30), a month (2019-09), a calendar "
        "quarter (2019-Q3), a financial-year quarter (2019/20 Q3: years run April to March, so "
        "Q3 is October to December 2019), or `ongoing`. A month or quarter is due by its last "
        "day; `ongoing` is never overdue. Leave it out when there is no target yet.",
        json_schema_extra={"shown_type": "date (YYYY-MM-DD), month (YYYY-MM), quarter (YYYY-Qn), "
                           "financial-year quarter (YYYY/YY Qn) or `ongoing`"},
    )
    desired_outcome: str | None = markdown("What success looks like.", default=None)
    monitoring: str | None = markdown("How progress is monitored.", default=None)
    success_measure: str | None = markdown("How success will be measured.", default=None)
    evidence: str | None = markdown("Written evidence and where it is kept.", default=None)
    assured_by: str | None = markdown("Who quality-assures completion.", default=None)
    status: DraftActionStatus = Field(
        description="`not-started`, `in-progress`, `complete`, or `closed` for an action ended "
        "without being completed (superseded, not accepted, merged into another): closed "
        "actions are never overdue and are counted on their own, never as complete."
    )
    closed_reason: str | None = markdown(
        "Why the action was closed without being completed, e.g. Superseded by the 2016 "
        "multi-agency audit programme. Required when `status` is `closed`, and only then.",
        default=None,
    )
    progress: list[ProgressUpdate] = Field(
        default_factory=list, description="Dated progress updates, newest last."
    )

    @field_validator("lead", "agency", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _closed_has_reason(self) -> Action:
        reason = (self.closed_reason or "").strip()
        if self.status == "closed" and not reason:
            raise ValueError(f'action {self.ref} is closed but has no "closed_reason"')
        if self.status != "closed" and self.closed_reason is not None:
            raise ValueError(f'action {self.ref} has a "closed_reason" but its status is '
                             f'"{self.status}"')
        return self


class Recommendation(Strict):
    number: str | None = Field(
        None, description='The recommendation\'s number as the review gives it: "7", "5, 7 and 10".'
    )
    text: str = markdown("The recommendation or issue identified, in Markdown.")
    actions: list[Action] = Field(
        min_length=1, description="The actions taken in response, in order."
    )


class ActionPlan(Strict):
    title: str = text("The plan's title, e.g. Mr S homicide action plan.")
    kind: PlanKind = Field(description="The kind of review the plan responds to.")
    reference: str | None = text("The review's own reference, e.g. BDHR2011/12-03.", default=None)
    owner: str = text("The organisation that owns and publishes the plan.")
    commissioned_by: str | None = text("Who commissioned the review.", default=None)
    reviewer: str | None = text("Who carried out the review.", default=None)
    published: DayOrMonthField = Field(description="Publication date: a date or a month.")
    period: Period | None = Field(None, description="The date range the plan covers.")
    summary: str = markdown("What the plan is and why it exists, in Markdown.")
    note: str | None = markdown("A note shown under the summary, in Markdown.", default=None)
    approval: Approval = Field(description="Nothing is published without approval.")
    changes: list[ChangeNote] = changes_field()
    recommendations: list[Recommendation] = Field(
        min_length=1, description="The recommendations and their actions."
    )

    @model_validator(mode="after")
    def _unique_refs(self) -> ActionPlan:
        seen: set[str] = set()
        for rec in self.recommendations:
            for act in rec.actions:
                if act.ref in seen:
                    raise ValueError(f'action ref "{act.ref}" is used twice in this plan')
                seen.add(act.ref)
        return self

    def actions(self) -> list[Action]:
        return [a for r in self.recommendations for a in r.actions]


class PageMeta(Strict):
    """Front matter of a free page (`content/pages/<slug>.md`)."""

    title: str = text("The page's title.")
    description: str | None = text("One sentence for search results and link previews.",
                                   default=None)
    published: OptionalDayOrMonth = Field(None, description="Publication date, if shown.")
    approval: Approval = Field(description="Nothing is published without approval.")
    changes: list[ChangeNote] = changes_field()


OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f'must be a web address starting https://, but it is "{value}"')
    return value


WebAddress = Annotated[str, AfterValidator(_web_address)]
# A folder's address: the pages' links are made by appending to it.
FolderAddress = Annotated[WebAddress, AfterValidator(lambda v: v if v.endswith("/") else v + "/")]


class Licence(Strict):
    name: str = text("The licence's name, e.g. Open Government Licence v3.0.")
    url: WebAddress = Field(description="Where the licence's text is published.")


class Site(Strict):
    title: str = text("The site's title.")
    organisation: str = text("The organisation publishing the site.")
    base_url: FolderAddress = Field(description="Where the site is published, ending with /.")
    contact: str = markdown("Contact details, shown in the footer and on FOI pages.")
    accessibility_statement: str | None = markdown(
        "Extra text for the accessibility statement; a standard statement otherwise.",
        default=None,
    )
    accessibility_contact: str | None = markdown(
        "How to report an accessibility problem; the contact details otherwise.", default=None
    )
    licence: Licence = Field(
        default_factory=lambda: Licence(name=OGL_NAME, url=OGL_URL),
        description="The licence of the published text and data, shown in the footer and on "
        "the data page and stated in the data's metadata: name and url. Default: the Open "
        "Government Licence v3.0.",
    )


class Page(Strict):
    meta: PageMeta = Field(description="The front matter.")
    body: str = markdown("The page's Markdown.")


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Doc(Generic[M]):
    """A content file: its slug (from the file name), where it came from, and its data."""

    slug: str
    source: Path
    data: M
    # Line of each field path in the source, for messages from later stages: packed, as only
    # a message reads it (lines.py; issue 18).
    lines: Lines = field(default_factory=Lines, compare=False)
    # sha256 of the file's bytes when read through the parse cache ("" otherwise): what a
    # later check that depends on the file alone may remember its verdict by.
    digest: str = field(default="", compare=False)

    def line(self, *loc: str | int) -> int | None:
        return self.lines.of(loc)

    @property
    def approved(self) -> bool:
        approval = getattr(self.data, "approval", None) or getattr(
            getattr(self.data, "meta", None), "approval", None
        )
        return approval is not None and approval.status == "approved"

    def with_data(self, change: Callable[[M], M], **fields: Any) -> Doc[M]:
        """This file with its model changed by `change` (and other `fields` replaced); a
        LazyDoc not yet read (lazy.py) changes its model when it is."""
        return replace(self, data=change(self.data), **fields)


@dataclass(frozen=True)
class Content:
    """Everything under content/, loaded and validated."""

    root: Path
    site: Site
    policy: RedactionPolicy
    plans: list[Doc[ActionPlan]] = field(default_factory=list)
    foi: list[Doc[FoiResponse]] = field(default_factory=list)
    pages: list[Doc[Page]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # File annexes of the responses, read by generator/foi/preflight.read_annexes.
    files: list[AnnexFile] = field(default_factory=list)
    # content/redaction-decisions.yaml (redaction/decisions.py); empty when there is none.
    decisions: Decisions = field(default_factory=Decisions)

    def file(self, name: str) -> AnnexFile | None:
        return next((f for f in self.files if f.name == name), None)

    def plan(self, slug: str) -> Doc[ActionPlan] | None:
        return next((p for p in self.plans if p.slug == slug), None)

    def page(self, slug: str) -> Doc[Page] | None:
        return next((p for p in self.pages if p.slug == slug), None)


__all__ = [
    "Action",
    "ActionPlan",
    "Annex",
    "Approval",
    "ChangeNote",
    "Clarification",
    "Content",
    "DayOrMonth",
    "Doc",
    "Exemption",
    "Extension",
    "FoiResponse",
    "Licence",
    "Month",
    "Page",
    "PageMeta",
    "Period",
    "ProgressUpdate",
    "Recommendation",
    "Site",
    "reference_slug",
]
