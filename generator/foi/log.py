"""The disclosure log: one row per published response, on the site and as open data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from generator.content.models import (
    ChangeNote,
    Clarification,
    Doc,
    Extension,
    FoiResponse,
    Licence,
)
from generator.content.working_days import STATUTORY_LIMIT
from generator.foi.response_view import AnnexView, FoiView
from generator.presentation.data_files import write_rows

FOI_COLUMNS: list[tuple[str, str]] = [
    ("reference", "The request's reference, as issued (its web address /foi/<reference>/ uses a "
                  "hyphen for each run of other characters)."),
    ("title", "What the request was about."),
    ("regime", "foia (Freedom of Information Act 2000) or eir (Environmental Information "
               "Regulations 2004)."),
    ("received", "When the request was received (YYYY-MM-DD)."),
    ("clock_started", "The day working days are counted from: the day of receipt, or the day a "
                      "clarification was received (FOIA section 1(3), EIR regulation 9(4))."),
    ("responded", "When the response was sent (YYYY-MM-DD)."),
    ("working_days", "Working days taken: day 1 is the first working day after the clock "
                     "started; weekends and England and Wales bank holidays are not counted."),
    ("limit_working_days", f"The working days allowed: {STATUTORY_LIMIT} (FOIA section 10(1), "
                           "EIR regulation 5(2)), or more when the time was extended."),
    ("deadline", "The last day of the limit that applied (YYYY-MM-DD)."),
    ("extended", "yes if the time was extended (FOIA section 10(3) public interest test, EIR "
                 "regulation 7(1) complex and voluminous request), else no."),
    ("over_limit", "yes if the response was sent after the deadline, else no."),
    ("limit_basis", "Why that limit applied, in words."),
    ("exemptions", "The sections of the Act (or regulations) applied, separated by semicolons; "
                   "empty if none."),
    ("annexes", "How many documents were released with the response."),
    ("url", "The response's web page."),
]


@dataclass(frozen=True)
class LogRow:
    """One line of the disclosure log."""

    reference: str
    title: str
    regime: str
    received: date
    clock_started: date
    responded: date
    working_days: int
    limit: int
    deadline: date
    extended: bool
    over_limit: bool
    basis: str
    exemptions: list[str]
    annexes: int
    url: str  # from the site root: foi/47815/

    def cells(self, base_url: str) -> list[str]:
        return [self.reference, self.title, self.regime, self.received.isoformat(),
                self.clock_started.isoformat(), self.responded.isoformat(),
                str(self.working_days), str(self.limit), self.deadline.isoformat(),
                _yes(self.extended), _yes(self.over_limit), self.basis,
                "; ".join(self.exemptions), str(self.annexes), base_url + self.url]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def log_row(view: FoiView) -> LogRow:
    return LogRow(
        reference=view.reference,
        title=view.title,
        regime=view.regime,
        received=date.fromisoformat(view.received_iso),
        clock_started=date.fromisoformat(view.clock_starts_iso),
        responded=date.fromisoformat(view.responded_iso),
        working_days=view.working_days,
        limit=view.limit,
        deadline=date.fromisoformat(view.deadline_iso),
        extended=view.extended,
        over_limit=view.over_limit,
        basis=view.clock_basis,
        exemptions=view.sections,
        annexes=len(view.annexes),
        url=view.url,
    )


def log_rows(views: list[FoiView]) -> list[LogRow]:
    """Newest response first; the same day's responses by reference."""
    rows = [log_row(v) for v in views]
    rows.sort(key=lambda r: r.reference)
    rows.sort(key=lambda r: r.responded, reverse=True)
    return rows


def foi_csv(rows: list[LogRow], base_url: str) -> str:
    return write_rows([[name for name, _ in FOI_COLUMNS],
                       *(row.cells(base_url) for row in rows)])


class _Row(BaseModel):
    """foi.json's shape: its JSON Schema (data/foi.schema.json) is generated from these, each
    field described by the docstring under it (a description too long for one line: Field)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ReleasedExemption(_Row):
    section: str
    """The FOIA section applied, e.g. "40(2)"."""
    scope: str
    """What information it was applied to (Markdown)."""
    reason: str
    """Why the exemption applies (Markdown)."""
    legislation: str | None
    """The section on legislation.gov.uk, if known."""


class ReleasedFile(_Row):
    name: str
    """The file's name in the release."""
    url: str
    """Where it is published."""
    bytes: int
    """Its size in bytes."""


class ReleasedAnnex(_Row):
    number: int
    """Its number: Annex 1, 2, ..."""
    kind: str = Field(description="What was released: a plan or a page of this site (plan, "
                      "page), or a document the organisation holds (file).")
    slug: str
    """The plan's or page's short name; a file's name, as a slug."""
    title: str
    """Its title."""
    pdf: str
    """The PDF sent to the requester."""
    web_page: str | None
    """The same document as a web page, kept up to date (plans and pages; none for a file)."""
    format: str | None = Field(description="A file's original format: docx, xlsx, csv or pdf. "
                               "The original is never released: documents are re-made as PDF, "
                               "data as CSV.")
    files: list[ReleasedFile]
    """Every file released for it, with its size: the PDF and, for data, one CSV per sheet."""


class PublishedResponse(_Row):
    reference: str
    """The request's reference."""
    title: str
    """What the request was about."""
    url: str
    """The response's web page."""
    regime: str
    """foia or eir: the law the request was handled under."""
    received: date
    """When the request was received."""
    clarification: Clarification | None
    """When clarification was asked for and received, if it was."""
    extension: Extension | None
    """An extension of the time limit, if any."""
    clock_started: date
    """The day working days are counted from."""
    responded: date
    """When the response was sent."""
    working_days: int
    """Working days taken (see foi.csv's columns)."""
    limit_working_days: int
    """The working days allowed."""
    deadline: date
    """The last day of the limit that applied."""
    over_limit: bool
    """Whether the response was sent after the deadline."""
    limit_basis: str
    """Why that limit applied, in words."""
    request: str
    """The request (Markdown)."""
    response: str
    """The response letter's body (Markdown)."""
    exemptions: list[ReleasedExemption]
    """Exemptions applied."""
    annexes: list[ReleasedAnnex]
    """Documents released, in order."""
    letter_pdf: str
    """The response letter as a PDF."""
    signatory: str
    """Who signed the letter: a team or role."""
    passages_withheld: int
    """Passages withheld under section 40(2)."""
    changes: list[ChangeNote]
    """Change notes since publication, newest last."""


class FoiData(_Row):
    as_at: date
    """The date the site was built for."""
    licence: Licence
    """The licence the data is published under."""
    statutory_limit_working_days: int
    """The FOIA section 10 limit."""
    responses: list[PublishedResponse]
    """Every published response, newest first."""


def released_annex(annex: AnnexView, page: str, base_url: str,
                   sizes: dict[str, int]) -> ReleasedAnnex:
    is_file = annex.kind == "file"
    return ReleasedAnnex(
        number=annex.number, kind=annex.kind, slug=annex.slug, title=annex.title,
        pdf=page + annex.file, web_page=None if is_file else base_url + annex.web_url,
        format=annex.format if is_file else None,
        files=[ReleasedFile(name=name, url=page + name, bytes=sizes.get(name, 0))
               for name in annex.files])


def foi_json(responses: list[tuple[Doc[FoiResponse], FoiView]], as_at: date,
             base_url: str, licence: Licence,
             sizes: dict[str, dict[str, int]] | None = None) -> str:
    """Every response in full, as published: redacted Markdown text, dates, annexes."""
    by_ref = {view.reference: (doc.data, view) for doc, view in responses}
    out: list[PublishedResponse] = []
    for row in log_rows([view for _, view in responses]):
        data, view = by_ref[row.reference]
        page = base_url + view.url
        out.append(PublishedResponse(
            reference=row.reference, title=row.title, url=page, regime=row.regime,
            received=row.received, clarification=data.clarification,
            extension=data.extension, clock_started=row.clock_started,
            responded=row.responded, working_days=row.working_days,
            limit_working_days=row.limit, deadline=row.deadline, over_limit=row.over_limit,
            limit_basis=row.basis, request=data.request, response=data.response,
            exemptions=[
                ReleasedExemption(section=e.section, scope=e.scope, reason=e.reason,
                                  legislation=ev.url)
                for e, ev in zip(data.exemptions, view.exemptions, strict=True)],
            annexes=[released_annex(a, page, base_url, (sizes or {}).get(view.reference, {}))
                     for a in view.annexes],
            letter_pdf=page + "letter.pdf", signatory=data.signatory,
            passages_withheld=view.withheld, changes=list(data.changes),
        ))
    document = FoiData(as_at=as_at, licence=licence,
                       statutory_limit_working_days=STATUTORY_LIMIT, responses=out)
    return json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=1)
