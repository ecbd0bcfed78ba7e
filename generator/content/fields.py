"""What every content file shares: strict models, the text fields the redaction stage finds,
the approval and the change notes.

Free-text fields carry `json_schema_extra={"text": ...}` so the redaction stage can find every
string it must clean without a hand-kept list (redaction/text_fields.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.content.dates import Day

ApprovalStatus = Literal["draft", "approved"]


def markdown(description: str, **kwargs: Any) -> Any:
    """A Markdown field: redacted, then rendered with raw HTML escaped."""
    return Field(description=description, json_schema_extra={"text": "markdown"}, **kwargs)


def text(description: str, **kwargs: Any) -> Any:
    """A plain one-line text field: redacted, shown as text."""
    return Field(description=description, json_schema_extra={"text": "plain"}, **kwargs)


class Strict(BaseModel):
    """Unknown keys are errors: a typo such as `stauts:` must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Approval(Strict):
    status: ApprovalStatus = Field(
        description="`approved` to publish; `draft` is never published (a preview shows it)."
    )
    by: str = text("Who approved it: a role, e.g. Head of Information Governance.")
    date: Day = Field(description="When it was approved, e.g. 2020-08-20.")
    sha256: str | None = Field(
        None,
        description="Written by `publisher approve`: a fingerprint of the approved content. "
        "If the file changes afterwards it must be approved again.",
    )


class ChangeNote(Strict):
    date: Day = Field(description="When the change was approved, e.g. 2026-11-20.")
    note: str = text("What changed, in one sentence readers understand, e.g. Progress updated "
                     "for action 7.3 after the November audit.")


def changes_field() -> Any:
    return Field(
        default_factory=list,
        description="Change notes, newest last: written by `publisher approve --note`. Each is "
        "shown as \"Last updated\", listed under \"See all updates\" and sent to the Atom "
        "feeds. A minor change (`--minor`) adds none.",
    )
