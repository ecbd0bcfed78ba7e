"""An FOI response (content/foi/<reference>.yaml) as pydantic models: the request, the
letter, the exemptions applied and the documents released with it (CONTENT.md)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from generator.content.dates import Day
from generator.content.fields import Approval, ChangeNote, Strict, changes_field, markdown, text

FoiRegime = Literal["foia", "eir"]


class Exemption(Strict):
    section: str = Field(
        description='The FOIA section applied, e.g. "40(2)"; for EIR the regulation, e.g. "13(1)".'
    )
    scope: str = markdown("What information it was applied to.")
    reason: str = markdown("Why the exemption applies.")


class Annex(Strict):
    plan: str | None = Field(None, description="The slug of a plan under content/plans/.")
    page: str | None = Field(None, description="The slug of a page under content/pages/.")
    file: str | None = Field(
        None, description="A document IG holds, relative to content/: "
        "foi/<folder>/<name>.docx, .xlsx, .csv or .pdf. It is checked for hidden content and "
        "re-made (documents and PDFs as a new PDF of their text, workbooks as one CSV per "
        "sheet): the original file is never released.")
    title: str | None = text(
        "The document's title as the response lists it, e.g. Minutes of the Board, 12 March "
        "2019. Required with `file`, not used otherwise.", default=None)
    sheets: list[str] | None = Field(
        None, description="Workbooks only: the visible sheets to release, by tab name "
        "(default: every visible sheet). Hidden sheets are never released.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Annex:
        if sum(x is not None for x in (self.plan, self.page, self.file)) != 1:
            raise ValueError("an annex names exactly one of plan, page or file")
        if self.file is None and (self.title is not None or self.sheets is not None):
            raise ValueError("`title` and `sheets` go with a `file` annex only")
        if self.file is not None and not (self.title or "").strip():
            raise ValueError(f"the file annex {self.file} needs a `title`")
        if self.sheets is not None and not self.file.lower().endswith(".xlsx"):  # type: ignore[union-attr]
            raise ValueError("`sheets` is for workbooks (.xlsx) only")
        return self


class Clarification(Strict):
    requested: Day = Field(description="When the requester was asked to clarify the request.")
    received: Day = Field(
        description="When the clarification was received: the time limit runs from this day "
        "(FOIA section 1(3); EIR regulation 9(4))."
    )

    @model_validator(mode="after")
    def _in_order(self) -> Clarification:
        if self.received < self.requested:
            raise ValueError(f"received ({self.received}) is before requested "
                             f"({self.requested}): a clarification cannot arrive before it was "
                             "asked for")
        return self


class Extension(Strict):
    to: Day = Field(description="The date the time for the response was extended to.")
    reason: str = text(
        "Why: for FOIA the public interest test (section 10(3)); for EIR a complex and "
        "voluminous request (regulation 7(1))."
    )


class FoiResponse(Strict):
    reference: str = Field(
        description='The request\'s reference as issued, any characters: "47815", "2017/1840", '
        '"FOI/2023/0042". The file is named by its slug (letters and digits, every other run of '
        "characters a hyphen): content/foi/2017-1840.yaml."
    )
    regime: FoiRegime = Field(
        "foia", description="`foia` (the Freedom of Information Act 2000, the default) or `eir` "
        "(the Environmental Information Regulations 2004)."
    )
    title: str = text("What the request was about, as the disclosure log shows it.")
    received: Day = Field(description="When the request was received.")
    responded: Day = Field(description="When the response was sent.")
    request: str = markdown("The request as set out in the response, in Markdown.")
    response: str = markdown("The body of the response letter, in Markdown.")
    exemptions: list[Exemption] = Field(
        default_factory=list, description="FOIA exemptions applied, if any."
    )
    annexes: list[Annex] = Field(
        default_factory=list,
        description="Released documents, in order: plans, pages or files IG holds.",
    )
    signatory: str = text("Who signs the letter: a team or role, not a person's name.")
    clarification: Clarification | None = Field(
        None, description="If the request had to be clarified: when that was asked and received."
    )
    extension: Extension | None = Field(
        None, description="If the time for the response was extended: to when, and why."
    )
    approval: Approval = Field(description="Nothing is published without approval.")
    changes: list[ChangeNote] = changes_field()

    @model_validator(mode="after")
    def _dates_in_order(self) -> FoiResponse:
        if self.responded < self.received:
            raise ValueError(
                f"responded ({self.responded}) is before received ({self.received})"
            )
        if self.clarification is not None:
            if self.clarification.requested < self.received:
                raise ValueError(f"clarification requested ({self.clarification.requested}) is "
                                 f"before received ({self.received})")
            if self.responded < self.clarification.received:
                raise ValueError(f"responded ({self.responded}) is before clarification "
                                 f"received ({self.clarification.received})")
        return self

    @property
    def slug(self) -> str:
        """The reference as a file and folder name: "2017/1840" → "2017-1840"."""
        return reference_slug(self.reference)


def reference_slug(reference: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", reference).strip("-")
