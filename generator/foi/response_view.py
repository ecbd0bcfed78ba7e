"""An FOI response shaped for templates (web page, letter, disclosure log): no logic in Jinja."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.content.clock import REGIME_NAMES, clock
from generator.content.dates import human, iso
from generator.content.load import shown
from generator.content.models import Content, Doc, FoiResponse
from generator.errors import ContentError, Problem
from generator.foi.file_annex import csv_names, file_slug
from generator.presentation.markup import to_html

LEGISLATION = {"foia": "https://www.legislation.gov.uk/ukpga/2000/36/section/{}",
               "eir": "https://www.legislation.gov.uk/uksi/2004/3391/regulation/{}"}
_SECTION = re.compile(r"(\d+)")
PROVISIONS = {"foia": range(1, 89),  # the Act has 88 sections
              "eir": range(1, 22)}  # the Regulations have 21


@dataclass(frozen=True)
class ExemptionView:
    section: str
    label: str  # "Section 40(2)"
    scope: Markup
    reason: Markup
    url: str | None  # the section on legislation.gov.uk: a plain link, never fetched


@dataclass(frozen=True)
class AnnexView:
    number: int
    kind: str  # "plan" | "page"
    slug: str
    title: str
    file: str  # annex-1-mr-s-homicide.pdf
    web_url: str  # from the site root: plans/mr-s-homicide/
    label: str  # "Annex 1"
    withheld_key: str  # "plan:mr-s-homicide": its own ledger count
    format: str = "plan"  # a file annex's original format: docx | xlsx | csv | pdf
    data_files: tuple[str, ...] = ()  # a workbook's or CSV's released CSVs, one per sheet

    @property
    def files(self) -> list[str]:
        return [self.file, *self.data_files]


@dataclass(frozen=True)
class FoiView:
    reference: str
    slug: str  # the reference as a folder name: "2017/1840" → "2017-1840"
    title: str
    url: str  # from the site root: foi/47815/
    received: str
    received_iso: str
    responded: str
    responded_iso: str
    deadline: str
    deadline_iso: str
    working_days: int
    limit: int
    over_limit: bool
    regime: str  # foia | eir
    act: str  # "Freedom of Information Act 2000"
    clock_starts: str  # the day the working days are counted from (receipt or clarification)
    clock_starts_iso: str
    extended: bool  # the limit that applied is an extension
    clock_basis: str  # why that limit applied
    clock_verdict: str  # "Responded in 18 working days, within the limit of 20."
    request: Markup
    response: Markup
    exemptions: list[ExemptionView]
    annexes: list[AnnexView]
    signatory: str
    withheld: int

    @property
    def sections(self) -> list[str]:
        return [e.section for e in self.exemptions]


def legislation_url(section: str, regime: str = "foia") -> str | None:
    """The provision's page on legislation.gov.uk, e.g. FOIA "40(2)" → …/section/40."""
    match = _SECTION.search(section)
    if not match or int(match[1]) not in PROVISIONS[regime]:
        return None
    return LEGISLATION[regime].format(int(match[1]))


def section_label(section: str, regime: str = "foia") -> str:
    text = section.strip()
    if text.lower().startswith(("section", "s.", "regulation", "reg.")):
        return text
    return f"Regulation {text}" if regime == "eir" else f"Section {text}"


def exemption_views(doc: Doc[FoiResponse]) -> list[ExemptionView]:
    regime = doc.data.regime
    return [
        ExemptionView(e.section, section_label(e.section, regime), to_html(e.scope),
                      to_html(e.reason), legislation_url(e.section, regime))
        for e in doc.data.exemptions
    ]


def annex_views(doc: Doc[FoiResponse], content: Content) -> list[AnnexView]:
    views: list[AnnexView] = []
    for number, annex in enumerate(doc.data.annexes, start=1):
        if annex.file is not None:
            views.append(file_annex_view(number, annex.file, annex.title or "", content))
            continue
        if annex.plan is not None:
            plan = content.plan(annex.plan)
            target_title = plan.data.title if plan else None
            kind, slug, web = "plan", annex.plan, f"plans/{annex.plan}/"
        else:
            slug = annex.page or ""
            page = content.page(slug)
            target_title = page.data.meta.title if page else None
            kind, web = "page", f"{slug}/"
        if target_title is None:
            # validate() reports this first; kept so render never guesses at a missing annex.
            raise ContentError([Problem(shown(doc.source, content.root),
                                        doc.line("annexes", number - 1), "annexes",
                                        f'annex {number} names the {kind} "{slug}", which is '
                                        "not published.")])
        views.append(AnnexView(number, kind, slug, target_title,
                               f"annex-{number}-{slug}.pdf", web, f"Annex {number}",
                               f"{kind}:{slug}"))
    return views


def file_annex_view(number: int, name: str, title: str, content: Content) -> AnnexView:
    """A file annex: annex-N-<stem>.pdf, and for data one CSV per released sheet."""
    annex_file = content.file(name)
    if annex_file is None:  # read_annexes reads every file annex before anything renders
        raise ContentError([Problem(name, None, "annexes", f"the file annex {name} was not "
                                    "read before rendering.")])
    slug = file_slug(name)
    return AnnexView(number, "file", slug, title, f"annex-{number}-{slug}.pdf", "",
                     f"Annex {number}", f"file:{name}", annex_file.text.format,
                     tuple(csv_names(number, slug, annex_file.text)))


def foi_view(doc: Doc[FoiResponse], content: Content, withheld: int = 0) -> FoiView:
    data = doc.data
    timing = clock(data)
    return FoiView(
        reference=data.reference,
        slug=doc.slug,
        title=data.title,
        url=f"foi/{doc.slug}/",
        received=human(data.received),
        received_iso=iso(data.received),
        responded=human(data.responded),
        responded_iso=iso(data.responded),
        deadline=human(timing.due),
        deadline_iso=iso(timing.due),
        working_days=timing.taken,
        limit=timing.limit,
        over_limit=not timing.met,
        regime=timing.regime,
        act=REGIME_NAMES[timing.regime],
        clock_starts=human(timing.starts),
        clock_starts_iso=iso(timing.starts),
        extended=timing.due != timing.standard_due,
        clock_basis=timing.basis,
        clock_verdict=timing.verdict,
        request=to_html(data.request),
        response=to_html(data.response),
        exemptions=exemption_views(doc),
        annexes=annex_views(doc, content),
        signatory=data.signatory,
        withheld=withheld,
    )
