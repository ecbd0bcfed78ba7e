"""A warm build loads no name-finder model and runs no WeasyPrint (issue 18): both cost
seconds at start-up and neither is needed when every text is in the analysis cache and no
PDF changed. What a build used is read from the child process as it exits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from publisher_fixtures import AS_AT, EXAMPLE, cache_env

PROBE = """
import atexit, json, sys
from generator.cli import main
from redaction import engine

def report():
    used = {"engines": len(engine._ENGINES), "weasyprint": "weasyprint" in sys.modules}
    print("PROBE " + json.dumps(used), file=sys.stderr)

atexit.register(report)
sys.argv[0] = "publisher"
main()
"""


def build(root: Path) -> dict[str, object]:
    env = {**os.environ, **cache_env(root)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "build", "--content", "content", "--site", "site",
         "--reports", "reports", "--as-at", AS_AT.isoformat()],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


def digest(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_warm_build_loads_no_model_and_no_weasyprint(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    assert build(tmp_path) == {"engines": 1, "weasyprint": True}  # cold: everything
    first = digest(tmp_path / "site")
    assert build(tmp_path) == {"engines": 0, "weasyprint": False}  # warm: neither
    assert digest(tmp_path / "site") == first  # PDFs from the cache are the same bytes

    # An FOI response changes: its PDFs are made again (WeasyPrint), and only new text is
    # analysed (here: a sentence the cache has not seen, so the model loads too).
    foi = next((tmp_path / "content" / "foi").glob("*.yaml"))
    foi.write_text(foi.read_text().replace("\nreference:", "\n# edited\nreference:", 1))
    assert build(tmp_path)["weasyprint"] is False  # a comment: same data, same PDFs
    text = foi.read_text()
    assert "Review of all homicides" in text
    foi.write_text(text.replace("Review of all homicides", "Review of every homicide", 1))
    used = build(tmp_path)
    assert used["weasyprint"] is True
    changed = digest(tmp_path / "site")
    pdfs = [k for k in changed if k.endswith(".pdf")]
    assert pdfs and any(changed[k] != first.get(k) for k in pdfs)
    # and the cache does not keep the PDFs nothing uses any more
    kept = list((tmp_path / ".cache" / "site").glob("*/pdf/*.pdf"))
    assert len(kept) == len(pdfs)
