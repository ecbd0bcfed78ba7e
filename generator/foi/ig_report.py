"""The internal redaction log of one release, for IG review: reports/foi-<ref>-redactions.csv.

It holds what was found and replaced, so it is never part of the bundle or the site.
"""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

from generator.content.load import shown
from generator.content.models import Content, Doc, FoiResponse
from redaction import RedactedContent, RedactionFinding

COLUMNS = list(RedactionFinding.__dataclass_fields__)


def _names(content: Content, key: str, source: Path) -> set[str]:
    """Every way a finding may name its document: "plan:mr-s", the path as shown, relative."""
    names = {key, str(source), shown(source, content.root)}
    with contextlib.suppress(ValueError):  # a source outside the content folder
        names.add(source.relative_to(content.root).as_posix())
    return names


def release_names(content: Content, doc: Doc[FoiResponse]) -> set[str]:
    """The documents whose text is in this release: the response, its annexes, site.yaml."""
    names = _names(content, f"foi:{doc.slug}", doc.source)
    names |= _names(content, "site", content.root / "site.yaml")  # letterhead and contact
    for annex in doc.data.annexes:
        if annex.file is not None:  # a document IG holds: its cells and paragraphs
            names |= _names(content, f"file:{annex.file}", content.root / annex.file)
            continue
        target = content.plan(annex.plan) if annex.plan else content.page(annex.page or "")
        if target is not None:
            kind = "plan" if annex.plan else "page"
            names |= _names(content, f"{kind}:{target.slug}", target.source)
    return names


def release_findings(redacted: RedactedContent, doc: Doc[FoiResponse]) -> list[RedactionFinding]:
    names = release_names(redacted.content, doc)
    return [f for f in redacted.findings if f.file in names]


def write_redaction_log(redacted: RedactedContent, doc: Doc[FoiResponse],
                        reports_dir: Path) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / f"foi-{doc.slug}-redactions.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        # getattr, not dataclasses.asdict: asdict deep-copies, and a workbook gives 100,000s.
        writer.writerows({name: getattr(f, name) for name in COLUMNS}
                         for f in release_findings(redacted, doc))
    return path
