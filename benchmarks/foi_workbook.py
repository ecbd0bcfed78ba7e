"""How long `publisher foi` takes to release a 100,000-row workbook annex (issue 14).

Builds a workbook like an incident log behind an FOI answer (a unique incident reference, a
date, a ward, a category, a harm level and a number of days per row, plus a hidden sheet and
a hidden column that must not be released), adds it as a file annex to a copy of the example
content, and times the whole release (load, preflight, redaction, PDFs and CSV, leak gate,
read-back, bundle) with the redaction cache off, so every run is cold. Median of --repeats.

    .venv/bin/python benchmarks/foi_workbook.py              # 100,000 rows, 3 runs
    .venv/bin/python benchmarks/foi_workbook.py --rows 20000 --repeats 1
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.foi.release import ReleaseOptions, release  # noqa: E402

WARDS = [f"{name} Ward" for name in ("Amber", "Birch", "Cedar", "Elm", "Hazel", "Juniper",
                                      "Larch", "Maple", "Oak", "Rowan", "Willow", "Yew")]
CATEGORIES = ["Self-harm", "Violence and aggression", "Slips, trips and falls", "Medication",
              "Absconsion", "Restraint", "Pressure ulcer", "Infection control"]
HARM = ["No harm", "Low harm", "Moderate harm", "Severe harm", "Death"]
REFERENCE = "2024-0100"


def workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(14)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Incidents")
    ws.column_dimensions["G"].hidden = True
    ws.append(["Reference", "Reported", "Ward", "Category", "Harm", "Days open",
               "Reporter (hidden)"])
    start = date(2019, 4, 1)
    for i in range(rows):
        ws.append([f"INC-{i + 1:06d}", start + timedelta(days=rng.randrange(1800)),
                   rng.choice(WARDS), rng.choice(CATEGORIES), rng.choice(HARM),
                   rng.randrange(120), "Staff member Hollis Quarrington"])
    hidden = wb.create_sheet("Staff")
    hidden.sheet_state = "hidden"
    hidden.append(["Name", "Role"])
    hidden.append(["Hollis Quarrington", "Charge nurse"])
    wb.save(path)


def content(root: Path, rows: int) -> Path:
    folder = root / "content"
    shutil.copytree(PROJECT / "content", folder)
    (folder / "foi" / REFERENCE).mkdir()
    workbook(folder / "foi" / REFERENCE / "incidents.xlsx", rows)
    (folder / "foi" / f"{REFERENCE}.yaml").write_text(f"""reference: "{REFERENCE}"
title: Patient safety incidents 2019 to 2024
received: 2024-05-01
responded: 2024-05-29
request: |
  All patient safety incidents reported since April 2019, by ward, category and harm.
response: |
  Please find the incident log attached, one row per incident.
annexes:
  - file: foi/{REFERENCE}/incidents.xlsx
    title: Patient safety incident log, April 2019 to March 2024
signatory: The Information Governance Department
approval: {{status: approved, by: Head of Information Governance, date: 2024-05-28}}
""")
    return folder


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the redaction workers): on a
    shared machine the wall time says more about the neighbours than about the release."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="foi-workbook-"))
    try:
        began = time.perf_counter()
        folder = content(root, args.rows)
        size = (folder / "foi" / REFERENCE / "incidents.xlsx").stat().st_size
        print(f"workbook: {args.rows:,} rows × 7 columns, {size / 1024 / 1024:.1f} MB "
              f"(written in {time.perf_counter() - began:.1f} s)")
        times: list[float] = []
        cpus: list[float] = []
        for run in range(args.repeats):
            out = root / f"release-{run}"
            began = time.perf_counter()
            cpu = _cpu()
            result = release(ReleaseOptions(REFERENCE, folder, out, root / "reports",
                                            date(2026, 11, 22), use_cache=False))
            times.append(time.perf_counter() - began)
            cpus.append(_cpu() - cpu)
            names = ", ".join(f"{p.name} ({p.stat().st_size / 1024 / 1024:.1f} MB)"
                              for p in result.bundle.files)
            print(f"run {run + 1}: {times[-1]:.1f} s ({cpus[-1]:.1f} s of CPU) → {names}")
        print(f"median release time: {statistics.median(times):.1f} s, "
              f"{statistics.median(cpus):.1f} s of CPU ({args.repeats} run(s), redaction "
              f"cache off; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
