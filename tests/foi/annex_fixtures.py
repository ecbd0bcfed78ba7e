"""File annexes built in the tests (no binary blobs committed): the risky documents IG holds.

The Word minutes are rebuilt from real published minutes (Barnet Health Overview and Scrutiny
Committee, agenda item "Suicide Prevention in Barnet", barnet.moderngov.co.uk/mgAi.aspx?ID=28729),
shortened; the workbook's visible table is the real 2022/23 row of Barnet, Enfield and
Haringey Mental Health NHS Trust's FOI response on serious incidents (whatdotheyknow.com,
request "Serious Untoward Incidents"). The hidden content, comments and metadata are added
here, with invented names: they are what a release must never carry.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from foi_fixtures import EXAMPLE

# Names that must never reach the bundle, by where they hide.
AUTHOR = "Margaret Oduya"  # document properties: creator
EDITOR = "Tobias Renwick"  # last modified by
COMPANY = "Renwick Consulting Ltd"  # app.xml Company
COMMENTER = "Priya Halloran"  # comment author
HIDDEN_SHEET_NAME = "Gareth Wynne"  # a patient in the hidden sheet
VERY_HIDDEN_NAME = "Olwen Baptiste"  # in the very hidden sheet
HIDDEN_ROW_TEXT = "Ward 7 restraint incident"  # a hidden row
HIDDEN_COLUMN_TEXT = "Staff member Lorcan Healy"  # a hidden column
COMMENT_TEXT = "Check with Priya before release"
DELETED_TEXT = "The patient Desmond Achterberg absconded twice"
HIDDEN_TEXT = "Confidential: the family of Imelda Quist complained"
HEADER_TEXT = "DRAFT minutes prepared by the clerk"
SERVICE_USER = "Peter Walsh"  # always_redact: visible in the minutes, redacted in the release
PIVOT_SOURCE_NAME = "Fenella Marchetti"  # in the pivot cache only
PDF_AUTHOR = "Ignatius Pembury"
ANNOTATION_TEXT = "Remove before sending to Ruairi Dempsey"

SECRETS = [AUTHOR, EDITOR, COMPANY, COMMENTER, HIDDEN_SHEET_NAME, VERY_HIDDEN_NAME,
           HIDDEN_ROW_TEXT, HIDDEN_COLUMN_TEXT, COMMENT_TEXT, DELETED_TEXT, HIDDEN_TEXT,
           HEADER_TEXT, SERVICE_USER, PIVOT_SOURCE_NAME, PDF_AUTHOR, ANNOTATION_TEXT]

REFERENCE = "FOI/2023/0042"
SLUG = "FOI-2023-0042"  # the file and folder name: a slug of the reference


def _rewrite(path: Path, edits: dict[str, object]) -> None:
    """Replace or add parts of a zip package (edits: part → bytes, or a function of them)."""
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    for name, edit in edits.items():
        parts[name] = edit(parts.get(name, b"")) if callable(edit) else edit  # type: ignore[operator]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    path.write_bytes(out.getvalue())


def _company(data: bytes) -> bytes:
    return data.replace(b"</Properties>", f"<Company>{COMPANY}</Company><Manager>"
                        f"{EDITOR}</Manager></Properties>".encode())


def risky_workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    ws = wb.active
    ws.title = "Serious incidents"
    ws.append(["Financial year", "SI reviews commissioned", "Suspected suicides", "Homicide",
               "Other", "Notes"])
    ws.append(["2022/23", 33, "Community: 12; Inpatient: less than 5", 0,
               "Community: 12; Inpatient: 8", HIDDEN_COLUMN_TEXT])
    ws.append([HIDDEN_ROW_TEXT, 1, "", 0, "", ""])
    ws.append(["Source", "Datix, validated by the Patient Safety team", "", "", "", ""])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["F"].hidden = True
    ws["B2"].comment = Comment(COMMENT_TEXT, COMMENTER)
    chart = BarChart()  # a chart caches the values it plots, hidden rows included
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "H2")
    raw = wb.create_sheet("Raw data")
    raw.append(["Incident", "Patient", "Ward"])
    raw.append(["SI-2022-114", HIDDEN_SHEET_NAME, "Ward 3"])
    raw.sheet_state = "hidden"
    lookup = wb.create_sheet("Lookup")
    lookup.append(["Key", "Name"])
    lookup.append(["K1", VERY_HIDDEN_NAME])
    lookup.sheet_state = "veryHidden"
    wb.defined_names["PatientList"] = DefinedName("PatientList", attr_text="'Raw data'!$A$1:$C$2")
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = EDITOR
    wb.save(path)
    _rewrite(path, {"docProps/app.xml": _company})
    return path


PIVOT_DEFINITION = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"
 refreshOnLoad="1" recordCount="2"><cacheSource type="worksheet"><worksheetSource ref="A1:B3"
 sheet="Source"/></cacheSource><cacheFields count="2"><cacheField name="Patient" numFmtId="0">
<sharedItems><s v="{name}"/><s v="Anonymous"/></sharedItems></cacheField><cacheField
 name="Incidents" numFmtId="0"><sharedItems containsNumber="1"/></cacheField></cacheFields>
</pivotCacheDefinition>"""
PIVOT_RECORDS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 count="2"><r><x v="0"/><n v="3"/></r><r><x v="1"/><n v="4"/></r></pivotCacheRecords>"""
CACHE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/\
relationships/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>"""


def pivot_workbook(path: Path) -> Path:
    """A summary sheet whose pivot cache still holds the source rows (the Islington case):
    the source sheet is deleted, the cache parts are written by hand."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Patients", "Incidents"])
    ws.append(["All", 7])
    wb.save(path)
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"

    def types(data: bytes) -> bytes:
        return data.replace(b"</Types>", (
            f'<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="{main}'
            '.pivotCacheDefinition+xml"/><Override PartName="/xl/pivotCache/'
            f'pivotCacheRecords1.xml" ContentType="{main}.pivotCacheRecords+xml"/></Types>'
        ).encode())

    def rels(data: bytes) -> bytes:
        return data.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/pivotCacheDefinition" Target="pivotCache/'
            b'pivotCacheDefinition1.xml"/></Relationships>'))

    def workbook(data: bytes) -> bytes:
        return re.sub(rb"(</sheets>)", rb'\1<pivotCaches><pivotCache xmlns:r="http://schemas.openxmlformats.org/'
                      rb'officeDocument/2006/relationships" cacheId="1" r:id="rId99"/>'
                      rb"</pivotCaches>", data)

    _rewrite(path, {
        "[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
        "xl/workbook.xml": workbook,
        "xl/pivotCache/pivotCacheDefinition1.xml":
            PIVOT_DEFINITION.replace("{name}", PIVOT_SOURCE_NAME).encode(),
        "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS.encode(),
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": CACHE_RELS.encode(),
    })
    return path


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def minutes_docx(path: Path) -> Path:
    """Minutes with a heading, a list, a table, a comment, a tracked insertion and deletion,
    hidden text, a header and author metadata."""
    from docx import Document

    doc = Document()
    doc.add_heading("Health Overview and Scrutiny Committee: minutes", level=1)
    doc.add_heading("Suicide Prevention in Barnet", level=2)
    doc.add_paragraph("The Chairman invited the following to the table:")
    for role in ["Consultant in Public Health, London Borough of Barnet",
                 "Mental Health Police Liaison Officer, Metropolitan Police",
                 "Community Services Manager, the mental health trust"]:
        doc.add_paragraph(role, style="List Bullet")
    intro = doc.add_paragraph(
        "The Consultant reported that the National Suicide Prevention Plan had shown some "
        "improvements and a clearer picture had emerged on the most useful actions needed "
        "locally. ")
    run = intro.add_run("MARKER-INS")
    doc.add_paragraph(f"A review of the case of {SERVICE_USER} would inform the safety "
                      "planning work. MARKER-DEL MARKER-HIDDEN")
    doc.add_heading("Actions", level=2)
    table = doc.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [["Action", "Lead", "By"],
                                        ["Review discharge safety planning", "Public Health",
                                         "2019-12"],
                                        ["Map suicide hotspots in the borough", "Public Health",
                                         "2020-03"]], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_comment([run], text=COMMENT_TEXT, author=COMMENTER, initials="PH")
    doc.sections[0].header.paragraphs[0].text = HEADER_TEXT
    doc.core_properties.author = AUTHOR
    doc.core_properties.last_modified_by = EDITOR
    doc.save(path)

    def body(data: bytes) -> bytes:
        text = data.decode()
        text = re.sub(r"<w:r>(?:(?!<w:r>).)*?MARKER-INS</w:t></w:r>",
                      '<w:ins w:id="901" w:author="' + EDITOR + '" w:date="2019-07-01T10:00:00Z">'
                      "<w:r><w:t>Targeted help was available for people bereaved by suicide."
                      "</w:t></w:r></w:ins>", text, flags=re.S)
        text = text.replace(
            "MARKER-DEL MARKER-HIDDEN",
            '</w:t></w:r><w:del w:id="902" w:author="' + EDITOR + '" w:date="2019-07-01T10:00:00Z">'
            f'<w:r><w:delText>{DELETED_TEXT}</w:delText></w:r></w:del>'
            f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>{HIDDEN_TEXT}</w:t></w:r><w:r><w:t>')
        return text.encode()

    _rewrite(path, {"word/document.xml": body, "docProps/app.xml": _company})
    return path


def text_pdf(path: Path) -> Path:
    """A text PDF (WeasyPrint) with author metadata and a sticky-note annotation (pypdf)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Text
    from weasyprint import HTML

    html = ("<h1>Audit of discharge planning</h1><p>The audit reviewed forty discharges from "
            "adult inpatient wards between April and June 2019.</p><p>Safety plans were "
            "present in 36 of the 40 records reviewed.</p>")
    data = HTML(string=html).write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Author": PDF_AUTHOR, "/Creator": "Microsoft Word",
                         "/Title": "Audit draft v3"})
    writer.add_annotation(0, Text(text=ANNOTATION_TEXT, rect=(50, 550, 200, 650)))
    writer.write(path)
    return path


def scanned_pdf(path: Path) -> Path:
    """An image-only page, as a scanner makes it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).text((50, 50), "Signed letter of complaint", fill="black")
    image.save(path, "PDF")
    return path


RESPONSE = f"""reference: "{REFERENCE}"
title: Suicide prevention planning and serious incidents
received: 2023-03-29
responded: 2023-04-25
request: |
  The minutes of the committee's discussion of suicide prevention, and the number of serious
  incidents in 2022/23.
response: |
  Please find the minutes, the serious incident figures and the audit attached.
annexes:
  - file: foi/{SLUG}/minutes.docx
    title: Health Overview and Scrutiny Committee minutes, suicide prevention item
  - file: foi/{SLUG}/serious-incidents.xlsx
    title: Serious incidents 2022/23
  - file: foi/{SLUG}/pivot.xlsx
    title: Incidents summary
  - file: foi/{SLUG}/audit.pdf
    title: Audit of discharge planning
signatory: The Information Governance Department
approval: {{status: approved, by: Head of Information Governance, date: 2023-04-24}}
"""


def annex_content(root: Path, *, scanned: bool = False) -> Path:
    """The example content plus FOI/2023/0042 with its four file annexes."""
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    folder = content / "foi" / SLUG
    folder.mkdir(parents=True)
    minutes_docx(folder / "minutes.docx")
    risky_workbook(folder / "serious-incidents.xlsx")
    pivot_workbook(folder / "pivot.xlsx")
    text_pdf(folder / "audit.pdf")
    response = RESPONSE
    if scanned:
        scanned_pdf(folder / "scan.pdf")
        response = response.replace("signatory:", f"  - file: foi/{SLUG}/scan.pdf\n    title: "
                                    "Letter\nsignatory:")
    (content / "foi" / f"{SLUG}.yaml").write_text(response)
    policy = content / "redaction.yaml"
    # Datix (the NHS incident system) is tagged as a name by the gate's NER where a table
    # cell wraps in the PDF ("Source Datix, validated by"): IG lists it, as they would.
    policy.write_text(policy.read_text().replace(
        "always_redact: []", f"always_redact: [{SERVICE_USER}]").replace(
        "never_redact:\n", "never_redact:\n  - Datix\n"))
    return content
