"""The parts of a workbook around its cells, listed by the preflight: filters, comments and
notes (threaded too), pivot tables and caches, tables, defined names, external links and
connections, data models, comment authors. None of them is released."""

from __future__ import annotations

import re

from lxml import etree

from generator.foi.documents.container import Package, text_of
from generator.foi.documents.sml import NS, m, part_rels


def sheet_parts(package: Package, name: str, part: str) -> None:
    """What hangs off a released sheet: filters, comments, drawings, pivot tables, tables."""
    data = package.read(part)
    auto = re.search(rb'<(?:\w+:)?autoFilter\b[^>]*ref="([^"]+)"', data)
    if auto:
        package.add(f"sheet {name}, {auto[1].decode()}", "filter",
                    "rows the filter hides are hidden rows", "dropped: the filter is removed; "
                    "only the rows it showed are released")
    for target in part_rels(package, part).values():
        if not package.has(target):
            continue
        lower = target.lower()
        if "/threadedcomments/" in lower or re.search(r"/comments?\d*\.xml$", lower):
            _comment_part(package, name, target)
        elif "/pivottables/" in lower:
            package.add(f"sheet {name}, {target}", "pivot table", "",
                        "dropped: its cached values and source are not released; the visible "
                        "cells it shows are")
        elif "/tables/" in lower:
            root = package.xml(target)
            package.add(f"sheet {name}, {root.get('ref', '')}", "table (list object)",
                        root.get("displayName", ""), "kept: its visible cells are released "
                        "as cells; its filter is removed")


def _comment_part(package: Package, sheet: str, part: str) -> None:
    root = package.xml(part)
    threaded = "threaded" in part.lower()
    tag = "{*}threadedComment" if threaded else m("comment")
    comments = list(root.iter(tag))
    authors = [text_of(a) for a in root.iter(m("author"))]
    cells = [c.get("ref", "") for c in comments]
    texts = [" ".join(text_of(c).split()) for c in comments]
    package.add(f"sheet {sheet}, {', '.join(cells)[:60]}",
                "threaded comments" if threaded else "comments (notes)",
                f"{len(comments)}; by {', '.join(sorted(set(authors))) or 'unknown'}",
                "dropped: comments are not released")
    package.people.update(authors)
    package.secrets.update(texts)


def workbook_items(package: Package, workbook: etree._Element) -> None:
    """Defined names (in xl/workbook.xml) and the workbook-wide parts."""
    for dn in workbook.iterfind("m:definedNames/m:definedName", NS):
        name = dn.get("name", "")
        package.add("xl/workbook.xml", "defined name" + (" (hidden)" if dn.get("hidden") else ""),
                    f"{name} = {dn.text or ''}"[:120], "dropped: names are not released")
    for part in package.names:
        lower = part.lower()
        if lower.startswith("xl/pivotcache/pivotcachedefinition"):
            _pivot_cache(package, part)
        elif lower.startswith("xl/pivotcache/pivotcacherecords"):
            package.add(part, "pivot cache records", f"{len(package.read(part))} bytes",
                        "dropped: the pivot table's cached source data is not released")
        elif lower.startswith("xl/externallinks/externallink"):
            targets = ", ".join(v for v in part_rels(package, part).values())
            package.add(part, "external link", targets or "unknown target",
                        "dropped: links to other workbooks are not released")
        elif lower.startswith("xl/model/"):
            package.add(part, "data model (Power Pivot)", f"{len(package.read(part))} bytes",
                        "dropped: not released")
        elif lower == "xl/connections.xml":
            package.add(part, "external data connections", "", "dropped: not released")
        elif lower.startswith("xl/persons/"):
            people = [p.get("displayName", "") for p in package.xml(part).iter("{*}person")]
            package.add(part, "comment authors", ", ".join(people), "dropped: not released")
            package.people.update(people)
        elif lower.startswith("xl/querytables/"):
            package.add(part, "query table", "", "dropped: not released")


def _pivot_cache(package: Package, part: str) -> None:
    root = package.xml(part)
    source = root.find("m:cacheSource/m:worksheetSource", NS)
    where = f"{source.get('sheet', '')}!{source.get('ref', '')}" if source is not None else ""
    values = [item.get("v", "") for item in root.iter(m("s"))]
    package.add(part, "pivot cache", f"source {where}; {len(values)} cached text values",
                "dropped: the pivot table's cached copy of its source is not released")
    package.secrets.update(values)
