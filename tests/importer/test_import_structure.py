"""Structure and reporting on small tables: numbered-list rows, RAG words and colours, agency
columns, refs, and every cell the importer cannot map reported with sheet, row, column,
value and reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from import_fixtures import AS_AT, Listed, Styled, write_docx, write_xlsx

from generator.content.dates import Month
from generator.errors import ContentError
from generator.importer import import_file, imported_yaml

HEADER = ["Ref", "Action", "Lead", "Timescale", "Progress", "RAG"]

MR_S_ISSUE = ("The Trust must assure themselves and their Commissioners that the arrangements "
              "for managing the risks of conditionally or absolutely discharged patients is "
              "appropriate, and embedded in every-day practice.")
MR_S_ACTIONS = [
    "Review the way that conditionally and absolutely discharged patients are supported.",
    "Improve the monthly locality risk forums with attendance from members of staff with a "
    "forensic speciality.",
    "Identify a dedicated named link/mental health practitioner with a forensic speciality.",
]
MR_S_PROGRESS = [
    "Complete. Forensic Outreach Liaison Service (FOLs) has been developed.",
    "Monthly locality risk forums take place jointly between the CMHT locality and FOLS.",
    "Complete. Each community mental health team locality team has a dedicated named link.",
]
MR_S_HEADER = ["Recommendation", "Issues identified", "Actions to be taken",
               "Person responsible", "Target completion date", "Evidence to be probed",
               "Progress to date"]


def numbered(items: list[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _check_mr_s(path: Path) -> None:
    imported = import_file(path, as_at=AS_AT)
    plan = imported.plan
    assert len(plan.recommendations) == 1
    rec = plan.recommendations[0]
    assert (rec.number, rec.text) == ("7", MR_S_ISSUE)
    assert [a.ref for a in rec.actions] == ["7.1", "7.2", "7.3"]
    assert [a.action for a in rec.actions] == MR_S_ACTIONS
    assert [a.progress[0].text for a in rec.actions] == MR_S_PROGRESS
    assert [a.status for a in rec.actions] == ["complete", "in-progress", "complete"]
    assert {a.target for a in rec.actions} == {date(2019, 9, 30)}
    assert [a.evidence for a in rec.actions] == ["Service Operational Policy", "Risk forum minutes",
                                                 "List with named link for each locality"]
    for action in rec.actions:
        assert action.lead == ["Director of Forensic and Specialist Care Group",
                               "Associate Medical Director"]
    assert any("became 3 actions" in note for note in imported.report.notes)


def _mr_s_row(items: Callable[[list[str]], Any], bullets: Callable[[list[str]], Any]) -> list[Any]:
    """Recommendation 7 of the Mr S plan, its lists written with `items` and `bullets`."""
    return ["Recommendation 7", MR_S_ISSUE, items(MR_S_ACTIONS),
            bullets(["Director of Forensic and Specialist Care Group",
                     "Associate Medical Director"]),
            items(["30 September 2019"] * 3),
            items(["Service Operational Policy", "Risk forum minutes",
                   "List with named link for each locality"]),
            items(MR_S_PROGRESS)]


def test_a_row_of_numbered_lists_is_one_action_per_item_xlsx(tmp_path: Path) -> None:
    row = _mr_s_row(numbered, lambda lines: "\n".join(f"• {line}" for line in lines))
    assert row[3] == ("• Director of Forensic and Specialist Care Group\n"
                      "• Associate Medical Director")
    _check_mr_s(write_xlsx(tmp_path / "mr-s.xlsx", [MR_S_HEADER, row]))


def test_word_numbering_and_bullets_are_read_as_lists(tmp_path: Path) -> None:
    row = _mr_s_row(Listed, lambda lines: Listed(lines, "List Bullet"))
    _check_mr_s(write_docx(tmp_path / "mr-s.docx", [MR_S_HEADER, row]))


def test_a_numbered_action_with_a_ref_stays_one_action(tmp_path: Path) -> None:
    text = numbered(["Write the policy", "Train the staff"])
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["1.1", text, "", "", text, "Amber"]])
    plan = import_file(path, as_at=AS_AT).plan
    assert [a.action for a in plan.actions()] == [text]


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_rag_words_and_fill_colours(tmp_path: Path, suffix: str) -> None:
    rows = [HEADER,
            ["1", "Word green", "", "", "", "Green"],
            ["2", "Word completed", "", "", "", "Completed"],
            ["3", "Word not complete", "", "", "", "Not complete"],
            ["4", "Fill only, amber", "", "", "", Styled("", fill="FFC000")],
            ["5", "Fill only, blue: complete and assured", "", "", "", Styled("", "0070C0")],
            ["6", "Fill only, red", "", "", "", Styled(None, fill="FF0000")],
            ["7", "Word and fill agree", "", "", "", Styled("In progress", fill="FFC000")]]
    writer = write_xlsx if suffix == "xlsx" else write_docx
    imported = import_file(writer(tmp_path / f"rag.{suffix}", rows), as_at=AS_AT)
    # A bare Green or Red means different things in different plans: with no key in the
    # file, the status is a placeholder naming both readings (approve refuses it).
    green = ("TODO: Green: complete if Green means done or in-progress if Green means on "
             "track")
    red = ("TODO: Red: not-started if Red means not started or in-progress if Red means "
           "started but behind target")
    assert [a.status for a in imported.plan.actions()] == [
        green, "complete", "not-started", "in-progress", "complete", red, "in-progress"]
    assert [(u.row, u.why) for u in imported.report.unmapped] == [
        (2, "Green has two readings (plans use it for different things and this file has no "
         "key saying which): status left as a TODO"),
        (7, "Red has two readings (plans use it for different things and this file has no "
         "key saying which): status left as a TODO")]
    assert imported.comments[("recommendations", 0, "actions", 0, "status")] == [
        'TODO(author): the table says "Green": plans use it for different things and this '
        "file has no key saying which. Write complete if Green means done or in-progress if "
        "Green means on track."]


def test_theme_fill_colours_are_read_from_the_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill
    from openpyxl.styles.colors import Color

    # openpyxl writes the Office 2007 theme: accent3 is green 9BBB59, accent6 orange F79646
    # (in the Office 2013 theme these slots are grey and green).
    path = write_xlsx(tmp_path / "theme.xlsx", [HEADER, ["1", "Accent 3"], ["2", "Accent 6"]])
    book = load_workbook(path)
    for row, theme in ((2, 6), (3, 9)):
        book.active.cell(row, 6).fill = PatternFill("solid", fgColor=Color(theme=theme))
    book.save(path)
    plan = import_file(path, as_at=AS_AT).plan
    assert [a.status[:11] for a in plan.actions()] == ["TODO: Green", "in-progress"]


def test_every_unmappable_cell_is_reported(tmp_path: Path) -> None:
    rows = [
        ["Quarterly action plan tracker"],
        [],
        [*HEADER, "Notes", ""],
        ["Recommendation 1: Improve"],
        ["1.1", "Agree the plan", "Chief Nurse", "Dec/Jan", "Started", "", "Call Sam", ""],
        ["1.2", "Audit it", "Chief Nurse", "Nov 18 March 18", "", "TBC", "", "stray"],
        ["1.3", "Train staff", "", "Apr-14", "Done", Styled("Green", fill="FF0000")],
        ["Recommendation 2: nothing under it"],
    ]
    imported = import_file(write_xlsx(tmp_path / "t.xlsx", rows, title="Tracker"), as_at=AS_AT)
    found = [(u.sheet, u.row, u.column, u.value, u.why) for u in imported.report.unmapped]
    assert found == [
        ('sheet "Tracker"', 1, "A", "Quarterly action plan tracker",
         "a title row naming no agency: read only for the plan's kind and reference"),
        ('sheet "Tracker"', 5, "D", "Dec/Jan",
         "not a date, month, quarter or ongoing: kept in a comment, target left empty"),
        ('sheet "Tracker"', 5, "F", "",
         "the RAG cell is empty: status in-progress because there is progress text"),
        ('sheet "Tracker"', 5, "G", "Call Sam", 'the column "Notes" is not a plan field'),
        ('sheet "Tracker"', 6, "D", "Nov 18 March 18",
         "not a date, month, quarter or ongoing: kept in a comment, target left empty"),
        ('sheet "Tracker"', 6, "F", "TBC",
         "not a RAG word or colour: status not-started because there is no progress text"),
        ('sheet "Tracker"', 6, "H", "stray", "the column has no header"),
        ('sheet "Tracker"', 7, "F", "Green",
         "Green has two readings (plans use it for different things and this file has no "
         "key saying which): status left as a TODO"),
        ('sheet "Tracker"', 8, "A", "Recommendation 2: nothing under it",
         "a row with text in the first cell only and no actions under it"),
    ]
    actions = imported.plan.actions()
    assert [a.target for a in actions] == [None, None, Month(2014, 4)]
    assert [a.status[:11] for a in actions] == ["in-progress", "not-started", "TODO: Green"]
    text = imported_yaml(imported)
    assert ('# TODO(author): the table says "Dec/Jan", which is not a target the format '
            "takes") in text
    assert '# TODO(author): the table says "Nov 18 March 18"' in text
    assert '      # TODO(author): not imported, column "Notes": "Call Sam"\n      - ref: "1.1"' \
        in text
    assert '      # TODO(author): not imported, column H: "stray"\n      - ref: "1.2"' in text
    report = imported.report.format()
    assert 'sheet "Tracker", row 6, column D (Timescale): "Nov 18 March 18" — not a date' in report


def test_agency_column_and_lead_column(tmp_path: Path) -> None:
    rows = [["Ref", "Action", "Lead organisation", "Lead Officer and Agency", "RAG"],
            ["1", "A", "Kent Police", "Kent Police - Superintendent", "Green"],
            ["2", "B", "", "KMPT - Medical Director", "Green"],
            ["3", "C", "", "Chief Nurse", "Green"]]
    plan = import_file(write_xlsx(tmp_path / "a.xlsx", rows), as_at=AS_AT).plan
    assert [a.agency for a in plan.actions()] == [["Kent Police"], [], []]
    rows = [[c for i, c in enumerate(r) if i != 2] for r in rows]  # no agency column
    imported = import_file(write_xlsx(tmp_path / "b.xlsx", rows), as_at=AS_AT)
    assert [a.agency for a in imported.plan.actions()] == [["Kent Police"], ["KMPT"], []]
    assert imported.comments[("recommendations", 0, "actions", 1, "agency")] == [
        "TODO(author): taken from the lead column: check it."]


def test_missing_and_repeated_refs_are_made_unique_and_reported(tmp_path: Path) -> None:
    rows = [HEADER, ["Recommendation 4: Share records"],
            ["", "First", "", "", "", "Green"], ["4.2", "Second", "", "", "", "Green"],
            ["4.2", "Third", "", "", "", "Green"]]
    imported = import_file(write_xlsx(tmp_path / "r.xlsx", rows), as_at=AS_AT)
    assert [a.ref for a in imported.plan.actions()] == ["4.1", "4.2", "4.2 (2)"]
    assert any('no ref; given "4.1"' in n for n in imported.report.notes)
    assert any('"4.2" is used twice' in n for n in imported.report.notes)


def test_excel_date_cells_and_dated_progress_column(tmp_path: Path) -> None:
    rows = [[*HEADER, "Date of update"],
            ["1", "A", "", Styled(datetime(2019, 9, 1), number_format="mmm-yy"), "Begun", "Amber",
             Styled(datetime(2020, 8, 1), number_format="dd/mm/yyyy")],
            ["2", "B", "", datetime(2019, 9, 30), "Complete. Done.", "", "August 2020"]]
    imported = import_file(write_xlsx(tmp_path / "d.xlsx", rows), as_at=AS_AT)
    actions = imported.plan.actions()
    assert [a.target for a in actions] == [Month(2019, 9), date(2019, 9, 30)]
    assert [a.progress[0].date for a in actions] == [date(2020, 8, 1), Month(2020, 8)]
    assert actions[1].status == "complete"


def test_csv_with_blank_rows_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text('REF;SMART ACTION;lead  organisation;target date\n\n'
                    '"Recommendation 3: Listen to carers";;;\n'
                    '3.1;"Offer a carer\'s assessment;\nrecord the answer";BSMHFT;Feb 2019\n',
                    encoding="utf-8")
    plan = import_file(path, as_at=AS_AT).plan
    (action,) = plan.actions()
    assert (action.ref, action.agency, action.target) == ("3.1", ["BSMHFT"], Month(2019, 2))
    assert action.action == "Offer a carer's assessment;\nrecord the answer"
    assert plan.recommendations[0].number == "3"


def test_several_sheets_and_blocks_keep_their_agencies(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first = write_xlsx(tmp_path / "two.xlsx", [["Kent Police - DHR action plan"], HEADER,
                                               ["1", "A", "", "", "", "Green"]])
    book = load_workbook(first)
    second = book.create_sheet("KMPT")
    for row in (["KMPT - Domestic Homicide Review Action Plan"], HEADER,
                ["2", "B", "", "", "", "Red"]):
        second.append(row)
    hidden = book.create_sheet("Lists")
    hidden.append(["Green", "Amber", "Red"])
    hidden.sheet_state = "hidden"
    book.save(first)
    imported = import_file(first, as_at=AS_AT)
    assert [(a.ref, a.agency) for a in imported.plan.actions()] == [("1", ["Kent Police"]),
                                                                     ("2", ["KMPT"])]
    assert 'Sheet "Lists" is hidden and was not read.' in imported.report.notes
    assert imported.plan.kind == "domestic-homicide-review"


def test_options_set_the_fields_the_table_lacks(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [HEADER, ["1", "A", "", "", "", "Green"]])
    imported = import_file(path, as_at=AS_AT, title="Mr S homicide action plan",
                           kind="independent-homicide-review", owner="KMPT")
    plan = imported.plan
    assert (plan.title, plan.kind, plan.owner) == ("Mr S homicide action plan",
                                                   "independent-homicide-review", "KMPT")
    assert ("title",) not in imported.comments and ("owner",) not in imported.comments


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.xlsx", b"not a zip file", "could not be read as an Excel workbook"),
    ("broken.docx", b"PK\x03\x04 truncated", "could not be read as a Word document"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "is in the old .xls format"),
    ("plan.pdf", b"%PDF-1.4", "is not a spreadsheet or Word file"),
    ("empty.csv", b"", "has no table with a header row"),
    ("notes.csv", b"just,some,words\nand,more,words\n", "has no table with a header row"),
    ("header-only.csv", b"Ref,Action,Lead,RAG\n", "has a header row but no action rows"),
])
def test_unreadable_files_raise_a_content_error(tmp_path: Path, name: str, content: bytes,
                                                message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ContentError) as caught:
        import_file(path, as_at=AS_AT)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}: ")


def test_vertically_merged_cells_apply_to_every_row_they_span(tmp_path: Path) -> None:
    import docx
    from openpyxl import load_workbook

    rows = [HEADER, ["1", "A", "Chief Nurse", "Apr-14", "", "Green"],
            ["2", "B", "", "", "", "Green"]]
    path = write_xlsx(tmp_path / "v.xlsx", rows)
    book = load_workbook(path)
    book.active.merge_cells("C2:C3")
    book.active.merge_cells("D2:D3")
    book.save(path)
    document = docx.Document(str(write_docx(tmp_path / "v.docx", rows)))
    table = document.tables[0]
    for column in (2, 3):
        table.cell(1, column).merge(table.cell(2, column))
    document.save(str(tmp_path / "v.docx"))
    for source in (path, tmp_path / "v.docx"):
        actions = import_file(source, as_at=AS_AT).plan.actions()
        assert [(a.lead, a.target) for a in actions] == [(["Chief Nurse"], Month(2014, 4))] * 2


def test_a_plan_sheet_gives_the_plans_own_fields(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, ["1", "A", "", "", "", "Complete"]])
    book = load_workbook(path)
    sheet = book.create_sheet("Plan")
    for row in (["Field", "Value"], ["Title", "Mr S homicide action plan"],
                ["Kind", "Independent homicide review"], ["Owner", "KMPT"],
                ["Published", datetime(2020, 9, 1)], ["Period to", "ongoing"],
                ["Summary", "Why the plan exists."], ["Colour", "blue"]):
        sheet.append(row)
    sheet["B5"].number_format = "dd/mm/yyyy"
    book.save(path)
    imported = import_file(path, as_at=AS_AT)
    plan = imported.plan
    assert (plan.title, plan.kind, plan.owner, plan.published, plan.summary, plan.period) == (
        "Mr S homicide action plan", "independent-homicide-review", "KMPT", date(2020, 9, 1),
        "Why the plan exists.", None)
    assert "Plan sheet: a period needs both Period from and Period to; it was left out." in \
        imported.report.notes
    assert [(u.row, u.value) for u in imported.report.unmapped] == [(8, "Colour"), (8, "blue")]
    assert not any(path[0] in ("title", "kind", "owner", "summary")
                   for path in imported.comments)
