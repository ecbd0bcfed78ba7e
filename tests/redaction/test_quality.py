"""A floor on redaction quality, on the benchmark's labelled set (another seed than the
benchmark's own, so the rules are not just fitted to one draw)."""

from __future__ import annotations

from benchmarks.labelled_set import build
from benchmarks.redaction_quality import rate, score
from redaction.policy import RedactionPolicy
from redaction.redactor import Redactor

FLOOR_RECALL = 0.97
FLOOR_KEEP = 0.97


def test_recall_and_keep_floor(engine) -> None:
    items = build(seed=11, size=220)
    outputs = [
        r.text
        for r in Redactor(RedactionPolicy(), engine=engine).redact_many([i.text for i in items])
    ]
    table = score(items, outputs)
    recall = rate([h for hits in table["recall"].values() for h in hits])
    keep = rate([h for hits in table["keep"].values() for h in hits])
    assert len(items) >= 200
    assert recall >= FLOOR_RECALL, {k: rate(v) for k, v in table["recall"].items()}
    assert keep >= FLOOR_KEEP, {k: rate(v) for k, v in table["keep"].items()}
