"""The open data's own descriptions, published beside it in data/:

- plans.schema.json and foi.schema.json: JSON Schema (2020-12) for plans.json and foi.json,
  generated from the pydantic models the data is dumped from (ActionPlan with the fields
  plans.json adds, listed once in data_files.py; foi.json's rows in foi/log.py), so a field
  added to a model is in the data and its schema at once;
- actions.csv-metadata.json and foi.csv-metadata.json: CSV on the Web (W3C CSVW) metadata,
  generated from the column lists the CSVs are written from, with each column's datatype.

Each states the site's licence. The tests validate the built data against all four.
"""

from __future__ import annotations

import json
from typing import Any

from generator.content.models import ActionPlan, Licence, Site
from generator.foi.log import FOI_COLUMNS, FoiData
from generator.presentation.data_files import (
    ACTION_ADDED,
    ACTION_COLUMNS,
    PLAN_ADDED,
    PLAN_LEFT_OUT,
)

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
_YES_NO = {"base": "boolean", "format": "yes|no"}

# CSVW datatypes of the columns that are not plain text (the rest are "string").
ACTION_TYPES: dict[str, Any] = {"overdue": _YES_NO, "as_at": "date", "target_due": "date",
                                "url": "anyURI"}
FOI_TYPES: dict[str, Any] = {"received": "date", "clock_started": "date", "responded": "date",
                             "deadline": "date", "working_days": "integer",
                             "limit_working_days": "integer", "annexes": "integer",
                             "extended": _YES_NO, "over_limit": _YES_NO, "url": "anyURI"}
ACTION_REQUIRED = ("plan_slug", "plan_title", "plan_kind", "owner", "ref", "action", "status",
                   "shown_status", "overdue", "as_at", "url")
FOI_REQUIRED = ("reference", "title", "regime", "received", "clock_started", "responded",
                "working_days", "limit_working_days", "deadline", "extended", "over_limit",
                "limit_basis", "annexes", "url")


def plans_schema(site: Site) -> dict[str, Any]:
    plan = ActionPlan.model_json_schema(mode="serialization", by_alias=True)
    defs: dict[str, Any] = plan.pop("$defs")
    for key in PLAN_LEFT_OUT:
        plan["properties"].pop(key)
        plan["required"].remove(key)
        defs.pop(key.capitalize(), None)
    plan["properties"] = {**PLAN_ADDED, **plan["properties"]}
    plan["required"] = [*PLAN_ADDED, *plan["required"]]
    action = defs["Action"]
    action["properties"].update(ACTION_ADDED)
    action["required"] = [*action["required"], *ACTION_ADDED]
    defs["PublishedPlan"] = {**plan, "title": "PublishedPlan"}
    defs["Licence"] = Licence.model_json_schema()
    return _plain({
        "$schema": JSON_SCHEMA,
        "$id": f"{site.base_url}data/plans.schema.json",
        "title": f"plans.json: every action plan published by {site.organisation}",
        "type": "object",
        "additionalProperties": False,
        "required": ["as_at", "licence", "plans"],
        "properties": {
            "as_at": {"type": "string", "format": "date",
                      "description": "The date status was computed for."},
            "licence": {"$ref": "#/$defs/Licence"},
            "plans": {"type": "array", "items": {"$ref": "#/$defs/PublishedPlan"}},
        },
        "$defs": defs,
    })


def foi_schema(site: Site) -> dict[str, Any]:
    schema = FoiData.model_json_schema(mode="serialization")
    return _plain({"$schema": JSON_SCHEMA, "$id": f"{site.base_url}data/foi.schema.json",
                   **schema, "title": f"foi.json: Freedom of Information responses published "
                   f"by {site.organisation}"})


def csvw(site: Site, csv_name: str, title: str, columns: list[tuple[str, str]],
         types: dict[str, Any], required: tuple[str, ...],
         primary_key: list[str]) -> dict[str, Any]:
    return {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_name,
        "dc:title": title,
        "dc:publisher": site.organisation,
        "dc:license": {"@id": site.licence.url},
        "dc:rights": site.licence.name,
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [
                {"name": name, "titles": name, "dc:description": meaning,
                 "datatype": types.get(name, "string"), "required": name in required}
                for name, meaning in columns],
            "primaryKey": primary_key,
        },
    }


def metadata_files(site: Site, with_foi: bool) -> dict[str, str]:
    """{path under the docs folder: JSON text} for every description file."""
    files: dict[str, Any] = {
        "data/plans.schema.json": plans_schema(site),
        "data/actions.csv-metadata.json": csvw(
            site, "actions.csv", "Actions of every published action plan, one row per action",
            ACTION_COLUMNS, ACTION_TYPES, ACTION_REQUIRED, ["plan_slug", "ref"]),
    }
    if with_foi:
        files["data/foi.schema.json"] = foi_schema(site)
        files["data/foi.csv-metadata.json"] = csvw(
            site, "foi.csv", "Freedom of Information disclosure log, one row per response",
            FOI_COLUMNS, FOI_TYPES, FOI_REQUIRED, ["reference"])
    return {path: json.dumps(data, ensure_ascii=False, indent=1) + "\n"
            for path, data in files.items()}


def _plain(schema: Any) -> Any:
    """Without the models' "text" markers (which fields the redactor cleans): not schema; and
    without pydantic's made-up field titles ("Letter Pdf"): a field's name is its title."""
    if isinstance(schema, dict):
        out = {k: _plain(v) for k, v in schema.items()
               if not (k == "text" and v in ("markdown", "plain"))}
        if isinstance(out.get("properties"), dict):
            out["properties"] = {name: {k: v for k, v in prop.items() if k != "title"}
                                 for name, prop in out["properties"].items()}
        return out
    if isinstance(schema, list):
        return [_plain(v) for v in schema]
    return schema
