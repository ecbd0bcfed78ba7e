"""The disclosure log: one row per published response, on the site and as open data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from generator.content.models import ChangeNote, Doc, FoiResponse, Licence
from generator.foi.response_view import FoiView
from generator.foi.working_days import STATUTORY_LIMIT
from generator.site.data_files import write_rows

FOI_COLUMNS: list[tuple[str, str]] = [
    ("reference", "The request's reference, as in its web address /foi/<reference>/."),
    ("title", "What the request was about."),
    ("received", "When the request was received (YYYY-MM-DD)."),
    ("responded", "When the response was sent (YYYY-MM-DD)."),
    ("working_days", "Working days taken: day 1 is the first working day after the request "
                     "was received; weekends and England and Wales bank holidays are not counted."),
    ("deadline", f"The {STATUTORY_LIMIT}th working day after receipt: the statutory limit "
                 "(Freedom of Information Act 2000, section 10)."),
    ("over_limit", f"yes if the response took more than {STATUTORY_LIMIT} working days, else no."),
    ("exemptions", "The sections of the Act applied, separated by semicolons; empty if none."),
    ("annexes", "How many documents were released with the response."),
    ("url", "The response's web page."),
]


@dataclass(frozen=True)
class LogRow:
    """One line of the disclosure log."""

    reference: str
    title: str
    received: date
    responded: date
    working_days: int
    deadline: date
    over_limit: bool
    exemptions: list[str]
    annexes: int
    url: str  # from the site root: foi/47815/

    def cells(self, base_url: str) -> list[str]:
        return [self.reference, self.title, self.received.isoformat(),
                self.responded.isoformat(), str(self.working_days), self.deadline.isoformat(),
                "yes" if self.over_limit else "no", "; ".join(self.exemptions),
                str(self.annexes), base_url + self.url]


def log_row(view: FoiView) -> LogRow:
    return LogRow(
        reference=view.reference,
        title=view.title,
        received=date.fromisoformat(view.received_iso),
        responded=date.fromisoformat(view.responded_iso),
        working_days=view.working_days,
        deadline=date.fromisoformat(view.deadline_iso),
        over_limit=view.over_limit,
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
    """foi.json's shape: its JSON Schema (data/foi.schema.json) is generated from these."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ReleasedExemption(_Row):
    section: str = Field(description='The FOIA section applied, e.g. "40(2)".')
    scope: str = Field(description="What information it was applied to (Markdown).")
    reason: str = Field(description="Why the exemption applies (Markdown).")
    legislation: str | None = Field(description="The section on legislation.gov.uk, if known.")


class ReleasedAnnex(_Row):
    number: int = Field(description="Its number: Annex 1, 2, ...")
    kind: str = Field(description="What was released: a plan or a page of this site.")
    slug: str = Field(description="The plan's or page's short name.")
    title: str = Field(description="Its title.")
    pdf: str = Field(description="The PDF sent to the requester.")
    web_page: str = Field(description="The same document as a web page, kept up to date.")


class PublishedResponse(_Row):
    reference: str = Field(description="The request's reference.")
    title: str = Field(description="What the request was about.")
    url: str = Field(description="The response's web page.")
    received: date = Field(description="When the request was received.")
    responded: date = Field(description="When the response was sent.")
    working_days: int = Field(description="Working days taken (see foi.csv's columns).")
    deadline: date = Field(description="The statutory deadline: the 20th working day.")
    over_limit: bool = Field(description="Whether the response took longer than the limit.")
    request: str = Field(description="The request (Markdown).")
    response: str = Field(description="The response letter's body (Markdown).")
    exemptions: list[ReleasedExemption] = Field(description="Exemptions applied.")
    annexes: list[ReleasedAnnex] = Field(description="Documents released, in order.")
    letter_pdf: str = Field(description="The response letter as a PDF.")
    signatory: str = Field(description="Who signed the letter: a team or role.")
    passages_withheld: int = Field(description="Passages withheld under section 40(2).")
    changes: list[ChangeNote] = Field(description="Change notes since publication, newest "
                                      "last.")


class FoiData(_Row):
    as_at: date = Field(description="The date the site was built for.")
    licence: Licence = Field(description="The licence the data is published under.")
    statutory_limit_working_days: int = Field(description="The FOIA section 10 limit.")
    responses: list[PublishedResponse] = Field(description="Every published response, newest "
                                               "first.")


def foi_json(responses: list[tuple[Doc[FoiResponse], FoiView]], as_at: date,
             base_url: str, licence: Licence) -> str:
    """Every response in full, as published: redacted Markdown text, dates, annexes."""
    by_ref = {view.reference: (doc.data, view) for doc, view in responses}
    out: list[PublishedResponse] = []
    for row in log_rows([view for _, view in responses]):
        data, view = by_ref[row.reference]
        page = base_url + view.url
        out.append(PublishedResponse(
            reference=row.reference, title=row.title, url=page, received=row.received,
            responded=row.responded, working_days=row.working_days, deadline=row.deadline,
            over_limit=row.over_limit, request=data.request, response=data.response,
            exemptions=[
                ReleasedExemption(section=e.section, scope=e.scope, reason=e.reason,
                                  legislation=ev.url)
                for e, ev in zip(data.exemptions, view.exemptions, strict=True)],
            annexes=[
                ReleasedAnnex(number=a.number, kind=a.kind, slug=a.slug, title=a.title,
                              pdf=page + a.file, web_page=base_url + a.web_url)
                for a in view.annexes],
            letter_pdf=page + "letter.pdf", signatory=data.signatory,
            passages_withheld=view.withheld, changes=list(data.changes),
        ))
    document = FoiData(as_at=as_at, licence=licence,
                       statutory_limit_working_days=STATUTORY_LIMIT, responses=out)
    return json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=1)
