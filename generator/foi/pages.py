"""FOI pages for the site: the disclosure log, one page per response, its PDFs, and open data."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment

from generator.content.dates import human
from generator.content.load import shown
from generator.content.models import Doc, FoiResponse
from generator.content.working_days import STATUTORY_LIMIT
from generator.errors import ContentError, Problem
from generator.foi.file_annex import FORMAT_NAMES, MADE_FROM
from generator.foi.log import FOI_COLUMNS, foi_csv, foi_json, log_rows
from generator.foi.pdf import release_pdfs
from generator.foi.response_view import AnnexView, FoiView, section_label
from generator.presentation.markup import to_html
from generator.presentation.updates import dated
from redaction import RedactedContent

NAV = {"Disclosure log": "foi/index.md"}
DATA_FILES = [
    {"href": "foi.csv", "name": "foi.csv",
     "description": "the Freedom of Information disclosure log, one row per response "
                    "(columns are described on the disclosure log page).",
     "described_by": "foi.csv-metadata.json"},
    {"href": "foi.json", "name": "foi.json",
     "description": "every published Freedom of Information response in full, with its "
                    "exemptions and the documents released.",
     "described_by": "foi.schema.json"},
]


def file_size(size: int) -> str:
    """As GOV.UK writes it next to a download link: 812 bytes, 54 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def render_foi(redacted: RedactedContent, as_at: date, env: Environment, out: Any,
               common: dict[str, Any]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Write the FOI pages and PDFs through `out`; return (nav entries, extra open-data files).

    Nothing is written when no response is published: no empty log, no footer link.
    """
    content = redacted.content
    if not content.foi:
        return [], []
    responses: list[tuple[Doc[FoiResponse], FoiView]] = []
    all_sizes: dict[str, dict[str, int]] = {}
    documents: dict[str, list[dict[str, str]]] = {}  # the log's list of what each released
    for doc in content.foi:
        _check_reference(doc, content.root)
        view, pdfs = release_pdfs(redacted, doc, as_at)
        folder = f"foi/{view.slug}"
        for pdf in pdfs:
            # Beside the page's Markdown: MkDocs copies them to site/foi/<ref>/.
            out.bytes(f"{folder}/{pdf.name}", pdf.data)
        sizes = {pdf.name: file_size(len(pdf.data)) for pdf in pdfs}
        all_sizes[view.reference] = {pdf.name: len(pdf.data) for pdf in pdfs}
        documents[view.reference] = [log_document(a, sizes) for a in view.annexes]
        out.text(f"{folder}.md", env.get_template("foi_response.md.j2").render(
            **{**common, "draft": not doc.approved}, foi=view,
            letter={"file": "letter.pdf", "size": sizes["letter.pdf"]},
            annexes=[{"annex": a, "size": sizes[a.file],
                      "withheld": redacted.withheld.get(a.withheld_key, 0),
                      **file_annex_listing(a, sizes, content)}
                     for a in view.annexes],
            annexes_withheld=sum(redacted.withheld.get(a.withheld_key, 0)
                                 for a in view.annexes),
            contact=to_html(content.site.contact), up="../../",
            dated=dated(doc.data.responded, doc.data.changes)))
        responses.append((doc, view))
    views = [view for _, view in responses]
    rows = log_rows(views)
    out.text("foi/index.md", env.get_template("foi_index.md.j2").render(
        **common, rows=rows, limit=STATUTORY_LIMIT, columns=FOI_COLUMNS, human=human,
        section_label=section_label, documents=documents, up="../"))
    base_url = content.site.base_url
    out.text("data/foi.csv", foi_csv(rows, base_url))
    out.text("data/foi.json", foi_json(responses, as_at, base_url, content.site.licence,
                                       all_sizes))
    return [dict(NAV)], [dict(f) for f in DATA_FILES]


def log_document(annex: AnnexView, sizes: dict[str, str]) -> dict[str, str]:
    """One released document as the disclosure log lists it: title, format and size."""
    form = f"PDF, {sizes[annex.file]}"
    if annex.kind == "file":
        form += f", re-made from the {FORMAT_NAMES[annex.format]} held"
        if annex.data_files:
            csvs = len(annex.data_files)
            form += f", with {csvs} CSV file{'s' if csvs != 1 else ''}"
    return {"title": annex.title, "format": form}


def file_annex_listing(annex: AnnexView, sizes: dict[str, str], content: Any) -> dict[str, Any]:
    """What the response page says about a file annex: what it was made from, and its CSVs."""
    if annex.kind != "file":
        return {}
    annex_file = content.file(annex.withheld_key.removeprefix("file:"))
    sheets = annex_file.text.sheets if annex_file is not None else []
    made_from = f"Made from {MADE_FROM[annex.format]}"
    data = [{"file": name, "size": sizes[name],
             "label": f"Sheet {sheet.name}" if annex.format == "xlsx" else "The data"}
            for name, sheet in zip(annex.data_files, sheets, strict=True)]
    return {"made_from": made_from, "format_name": FORMAT_NAMES[annex.format], "data": data}


def _check_reference(doc: Doc[FoiResponse], root: Any) -> None:
    # foi/index.md is the log itself: a response with that reference would replace it.
    if doc.data.reference.lower() == "index":
        raise ContentError([Problem(shown(doc.source, root), doc.line("reference"), "reference",
                                    'the reference "index" is used by the disclosure log page.',
                                    "use the reference the request was given.")])
