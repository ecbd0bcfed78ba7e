"""SpreadsheetML names shared by the workbook reader and the listing of its parts."""

from __future__ import annotations

import posixpath

from generator.foi.documents.container import Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"m": MAIN, "r": REL}


def m(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def part_rels(package: Package, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = f"{folder}/_rels/{name}.rels"
    if not package.has(rels):
        return {}
    out: dict[str, str] = {}
    for rel in package.xml(rels):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            out[rel.get("Id", "")] = target
        else:
            out[rel.get("Id", "")] = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    return out
