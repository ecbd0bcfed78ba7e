"""The internal review report. PLACEHOLDER until the redaction work lands (CSV only)."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

from redaction.stage import RedactionFinding


def write_report(findings: list[RedactionFinding], reports_dir: Path) -> list[Path]:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / "redaction-report.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(RedactionFinding.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(f) for f in findings)
    return [path]
