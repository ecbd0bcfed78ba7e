"""The authors' field reference, generated from the models' descriptions.

`python -m generator.content.reference > docs/content-reference.md` regenerates it; a test fails
when the committed file and the models disagree, or when a field has no description.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

from pydantic import BaseModel

from generator.content.models import (
    Action,
    ActionPlan,
    Annex,
    Approval,
    Clarification,
    Exemption,
    Extension,
    FoiResponse,
    PageMeta,
    Period,
    ProgressUpdate,
    Recommendation,
    Site,
)
from redaction.decisions import Decision, DecisionsFile
from redaction.policy import RedactionPolicy

SECTIONS: list[tuple[str, str, type[BaseModel]]] = [
    ("The site", "content/site.yaml", Site),
    ("An action plan", "content/plans/<slug>.yaml", ActionPlan),
    ("A recommendation", "an item of `recommendations`", Recommendation),
    ("An action", "an item of a recommendation's `actions`", Action),
    ("A progress update", "an item of an action's `progress`", ProgressUpdate),
    ("A date range", "`period`", Period),
    ("An approval", "`approval`, in plans, FOI responses and pages", Approval),
    ("An FOI response", "content/foi/<reference>.yaml", FoiResponse),
    ("An exemption", "an item of `exemptions`", Exemption),
    ("An annex", "an item of `annexes`", Annex),
    ("A clarification", "`clarification`, in FOI responses", Clarification),
    ("An extension", "`extension`, in FOI responses", Extension),
    ("A free page's front matter", "between the --- lines of content/pages/<slug>.md", PageMeta),
    ("The redaction policy", "content/redaction.yaml", RedactionPolicy),
    ("Redaction decisions", "content/redaction-decisions.yaml (optional)", DecisionsFile),
    ("A redaction decision", "an item of `decisions`", Decision),
]


def describe_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return " or ".join(f"`{a}`" for a in args)
    if origin in (list,):
        return f"list of {describe_type(args[0])}"
    if origin in (typing.Union, types.UnionType):
        parts = [describe_type(a) for a in args if a is not type(None)]
        return " or ".join(parts)
    if origin is typing.Annotated:
        return describe_type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a block of fields (see below)"
    name = getattr(annotation, "__name__", str(annotation))
    return {"str": "text", "float": "number", "date": "date (YYYY-MM-DD)",
            "Any": "date (YYYY-MM-DD) or month (YYYY-MM)"}.get(name, name)


def field_rows(model: type[BaseModel]) -> list[tuple[str, bool, str, str]]:
    rows = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = str(extra.get("shown_type") or describe_type(info.annotation))
        if extra.get("text") == "markdown":
            kind = "Markdown text" if "list" not in kind else kind
        rows.append((info.alias or name, info.is_required(), kind, info.description or ""))
    return rows


def reference() -> str:
    lines = [
        "# Content field reference",
        "",
        "Generated from the publisher's models (`python -m generator.content.reference`); "
        "do not edit.",
        "Every field not listed here is an error. Free-text fields are redacted before publishing.",
        "",
    ]
    for title, where, model in SECTIONS:
        lines += [f"## {title}", "", f"Where: {where}", "",
                  "| field | required | type | meaning |", "|---|---|---|---|"]
        for name, required, kind, description in field_rows(model):
            text = description.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{name}` | {'yes' if required else 'no'} | {kind} | {text} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
