"""The open data as a reuser meets it: a licence, JSON Schemas and CSVW metadata that the
published files actually satisfy, and RFC 4180 CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.content.models import OGL_NAME, OGL_URL

DataSite = tuple[Path, object]


def data_dir(example_build: DataSite) -> Path:
    return example_build[0] / "site" / "data"


@pytest.mark.parametrize("name", ["plans", "foi"])
def test_json_data_is_valid_against_its_published_schema(example_build: DataSite,
                                                         name: str) -> None:
    folder = data_dir(example_build)
    schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
    data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert data["licence"] == {"name": OGL_NAME, "url": OGL_URL}


def test_the_schema_refuses_what_the_data_must_not_hold(example_build: DataSite) -> None:
    """Closed objects: a field the models do not know (or the approval block) is an error."""
    folder = data_dir(example_build)
    schema = json.loads((folder / "plans.schema.json").read_text(encoding="utf-8"))
    data = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    plan = data["plans"][0]
    for bad in ({**plan, "approval": {"status": "approved"}}, {**plan, "stauts": "x"},
                {k: v for k, v in plan.items() if k != "slug"}):
        assert list(validator.iter_errors({**data, "plans": [bad]}))
    action = plan["recommendations"][0]["actions"][0]
    assert set(action) >= {"shown_status", "overdue"}
    broken = json.loads(json.dumps(data))
    broken["plans"][0]["recommendations"][0]["actions"][0]["overdue"] = "no"
    assert list(validator.iter_errors(broken))


def _valid(value: str, datatype: Any) -> bool:
    base = datatype if isinstance(datatype, str) else datatype["base"]
    if base == "string":
        return True
    if base == "date":
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
    if base == "integer":
        return bool(re.fullmatch(r"-?\d+", value))
    if base == "boolean":
        return value in datatype["format"].split("|")
    if base == "anyURI":
        return value.startswith("https://")
    raise AssertionError(f"a datatype the test does not know: {datatype}")


@pytest.mark.parametrize("name", ["actions", "foi"])
def test_csv_is_valid_against_its_csvw_metadata(example_build: DataSite, name: str) -> None:
    folder = data_dir(example_build)
    meta = json.loads((folder / f"{name}.csv-metadata.json").read_text(encoding="utf-8"))
    raw = (folder / f"{name}.csv").read_bytes()
    assert meta["url"] == f"{name}.csv"
    assert meta["dc:license"] == {"@id": OGL_URL}
    # RFC 4180: every record ends CRLF (line breaks inside quoted cells are data).
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\r\n") >= len(rows)
    columns = meta["tableSchema"]["columns"]
    assert rows[0] == [c["titles"] for c in columns]
    assert len(rows) > 1
    for row in rows[1:]:
        assert len(row) == len(columns)
        for cell, column in zip(row, columns, strict=True):
            if column["required"]:
                assert cell != "", column["name"]
            if cell:
                assert _valid(cell, column["datatype"]), (column["name"], cell)
    key = [rows[0].index(k) for k in meta["tableSchema"]["primaryKey"]]
    keys = [tuple(row[i] for i in key) for row in rows[1:]]
    assert len(keys) == len(set(keys))


def test_the_licence_is_shown_in_the_footer_and_on_the_data_page(
        example_build: DataSite) -> None:
    site = example_build[0] / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{OGL_URL}" rel="license">{OGL_NAME}</a>' in home
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{OGL_URL}">{OGL_NAME}</a>' in data_page
    for described in ("plans.schema.json", "actions.csv-metadata.json", "foi.schema.json",
                      "foi.csv-metadata.json"):
        assert f'href="{described}"' in data_page
