"""A warm build loads no name-finder model and runs no WeasyPrint (issue 18): both cost
seconds at start-up and neither is needed when every text is in the analysis cache and no
PDF changed. Nor does it import spaCy, Presidio or thinc (2 s of a 3.5 s warm build): the
leak gate's recognisers and the Redactor's policy pass need none of them. What a build used
is read from the child process as it exits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.site import edited_since_last_build
from publisher_fixtures import AS_AT, EXAMPLE, cache_env

PROBE = """
import atexit, json, sys
from generator.cli import main

HEAVY = ("spacy", "presidio_analyzer", "presidio_anonymizer", "thinc")

def report():
    engine = sys.modules.get("redaction.engine")  # not imported here: it imports spaCy
    host = sys.modules.get("redaction.engine_host")  # texts its name finder process analysed
    used = {"engines": len(engine._ENGINES) if engine else 0,
            "beside": host.texts_analysed if host else 0,
            "weasyprint": "weasyprint" in sys.modules,
            "heavy": sorted(m for m in HEAVY if m in sys.modules)}
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


def test_a_warm_build_loads_no_model_and_no_weasyprint(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in cache_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(EXAMPLE, content)
    assert edited_since_last_build(content, site)  # no build yet: the host starts at once
    # Cold: every text is new. The name finder loads in a second process while the build
    # loads and validates (redaction/engine_host.py), which analyses every new text, the leak
    # gate's included: the build's own process imports none of spaCy, Presidio or thinc.
    # (Presidio's anonymizer is probed too and never loaded: the Redactor splices itself.)
    cold = build(tmp_path)
    assert cold.pop("beside") > 0  # type: ignore[operator]
    assert cold == {"engines": 0, "weasyprint": True, "heavy": []}
    first = digest(tmp_path / "site")
    # warm: none of them, and no host either (no content file written since the last build)
    assert not edited_since_last_build(content, site)
    assert build(tmp_path) == {"engines": 0, "beside": 0, "weasyprint": False, "heavy": []}
    assert digest(tmp_path / "site") == first  # PDFs from the cache are the same bytes

    # An FOI response changes: its PDFs are made again (WeasyPrint), and only new text is
    # analysed (here: a sentence the cache has not seen, so the model loads too).
    foi = next((tmp_path / "content" / "foi").glob("*.yaml"))
    foi.write_text(foi.read_text().replace("\nreference:", "\n# edited\nreference:", 1))
    assert edited_since_last_build(content, site)
    assert build(tmp_path) == {"engines": 0, "beside": 0, "weasyprint": False,
                               "heavy": []}  # a comment
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


def test_a_changed_plan_imports_the_name_finder_only_if_a_text_needs_analysing(
        tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    build(tmp_path)
    # Not the plan annexed to the FOI response: its PDF would be made again (WeasyPrint).
    plan = tmp_path / "content" / "plans" / "dhr-bdhr2011-12-03.yaml"
    page = tmp_path / "site" / "plans" / "dhr-bdhr2011-12-03" / "index.html"
    text = plan.read_text()

    # A changed status: the plan is redacted again (its document cache entry is stale), but
    # every text of it is in the analysis cache, so only the policy runs; the leak gate reads
    # the changed pages, whose sentences its name finder read last time (analysis cache): no
    # model, no Presidio, no spaCy, and no WeasyPrint. (A new date would be a new sentence,
    # "Published June 2014", which the gate's name finder must read.)
    before = page.read_text()
    assert "status: in-progress" in text
    plan.write_text(text.replace("status: in-progress", "status: complete", 1))
    assert build(tmp_path) == {"engines": 0, "beside": 0, "weasyprint": False, "heavy": []}
    assert page.read_text() != before

    # A sentence no build has seen: the name finder is needed, and loads (fails closed if it
    # cannot: tests/reliability/test_fail_closed.py).
    new = "Dr Quentin Ashdown-Pryce reviewed the policy."
    plan.write_text(plan.read_text().replace("summary: >-\n", f"summary: >-\n  {new}\n", 1))
    # It is analysed by the name finder's own process (redaction/engine_host.py), which
    # started loading as soon as the build found a changed file.
    used = build(tmp_path)
    assert used.pop("beside") >= 1  # type: ignore[operator]
    assert used == {"engines": 0, "weasyprint": False, "heavy": []}
    assert "Quentin" not in page.read_text()
    assert "Dr [redacted] reviewed the policy" in page.read_text()
