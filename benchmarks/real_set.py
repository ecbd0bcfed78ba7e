"""The real-text evaluation set (benchmarks/realtext/, format in its README) and how a redactor
is scored on it.

Definitions (character masks over the original sentence, not string search in the output, so
that "Smith" redacted in one place and left in another is never counted as caught):
- a character is *redacted* when it lies inside a passage the redactor replaced;
- a PERSON span is *caught* when every letter and digit of it is redacted (a title, a full
  stop or a space beside the name may stay: "Dr [redacted]", "K. [redacted]" is a miss);
- a must-keep span (PLACE, BODY, WARD, CHARITY, LAW, ROLE, RANK, DOCUMENT, ANON) is *kept*
  when none of its characters is redacted.

Policy: the default policy withholds every name that is not released (never_redact or a
release decision), so every PERSON span counts towards recall, officials and DHR pseudonyms
included; the table also shows each role on its own so that a site which releases officers'
names can read its own figure.

Every document's sentences are redacted as one group (as the build redacts a plan), so that
a false hit that spreads to other sentences of the document costs keep rate, as it would on
a page. Documents are split by position in the sorted id list: every 5th is held out (HELD).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REALTEXT = Path(__file__).resolve().parent / "realtext"
KEEP_LABELS = ("PLACE", "BODY", "WARD", "CHARITY", "LAW", "ROLE", "RANK", "DOCUMENT", "ANON")
HOLD_OUT_EVERY = 5

Spans = list[tuple[int, int]]
# A redactor for the benchmark: texts and their group keys → the redacted spans of each text.
MaskFn = Callable[[Sequence[str], Sequence[str]], list[Spans]]


@dataclass(frozen=True)
class Sentence:
    id: str
    doc: str
    text: str
    labels: list[dict]
    held_out: bool


@dataclass
class Tally:
    """hits per row label; rows are "PERSON", "PERSON shape=all_caps", "keep PLACE" ..."""

    rows: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def rate(self, row: str) -> float:
        hits = self.rows.get(row, [])
        return sum(hits) / len(hits) if hits else 1.0

    def n(self, row: str) -> int:
        return len(self.rows.get(row, []))

    def joined(self, prefix: str) -> list[bool]:
        return [h for row, hits in self.rows.items() if row.startswith(prefix) for h in hits]


def load(folder: Path = REALTEXT) -> list[Sentence]:
    files = sorted(folder.glob("*.jsonl"))
    held = {f.stem for i, f in enumerate(files) if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1}
    out = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append(
                    Sentence(item["id"], f.stem, item["text"], item["labels"], f.stem in held)
                )
    return out


def covered(mask: Spans, start: int, end: int, text: str) -> tuple[bool, bool]:
    """(every letter/digit of text[start:end] is masked, any character of it is masked)."""
    inside = [any(s <= i < e for s, e in mask) for i in range(start, end)]
    wanted = [hit for i, hit in zip(range(start, end), inside, strict=True) if text[i].isalnum()]
    return (bool(wanted) and all(wanted)), any(inside)


PERSONAL = ("PERSON", "EMAIL", "PHONE", "POSTCODE", "ADDRESS", "DOB", "NHS_NUMBER")


def score(sentences: Iterable[Sentence], masks: Iterable[Spans]) -> Tally:
    """Recall and keep per label, and "precision": the share of redacted passages that
    touch some labelled personal data (the rest hid words a reader needed)."""
    tally = Tally()
    for s, mask in zip(sentences, masks, strict=True):
        personal = [(x["start"], x["end"]) for x in s.labels if x["label"] in PERSONAL]
        for a, b in _merged(mask):
            tally.rows["precision (redactions on personal data)"].append(
                any(a < pe and ps < b for ps, pe in personal)
            )
        for label in s.labels:
            a, b, kind = label["start"], label["end"], label["label"]
            caught, touched = covered(mask, a, b, s.text)
            if kind == "PERSON":
                for row in _person_rows(label):
                    tally.rows[row].append(caught)
                if not caught:
                    tally.misses.append(("missed", s.id, s.text[a:b], s.text))
            elif kind in KEEP_LABELS:
                tally.rows[f"keep {kind}"].append(not touched)
                if touched:
                    tally.misses.append((f"broke {kind}", s.id, s.text[a:b], s.text))
    return tally


def _merged(mask: Spans) -> Spans:
    out: Spans = []
    for a, b in sorted(mask):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _person_rows(label: dict) -> list[str]:
    rows = ["PERSON"]
    rows.append(f"PERSON role={label.get('role', '?')}")
    if label.get("shape"):
        rows.append(f"PERSON shape={label['shape']}")
    if label.get("community"):
        rows.append(f"PERSON community={label['community']}")
    return rows


def run(mask_fn: MaskFn, sentences: list[Sentence]) -> Tally:
    masks = mask_fn([s.text for s in sentences], [s.doc for s in sentences])
    return score(sentences, masks)


def redactor_masks(redactor) -> MaskFn:
    """Ours: the passages the Redactor replaced (findings whose action is "redacted")."""

    def masks(texts: Sequence[str], groups: Sequence[str]) -> list[Spans]:
        results = redactor.redact_many(list(texts), groups=list(groups))
        return [
            [(f.start, f.end) for f in r.findings if f.action.startswith("redacted")]
            for r in results
        ]

    return masks


def presidio_masks(analyzer, entities: list[str] | None) -> MaskFn:
    """Stock Presidio: every analyzer result is replaced by its anonymizer's default."""

    def masks(texts: Sequence[str], groups: Sequence[str]) -> list[Spans]:
        return [
            [(r.start, r.end) for r in analyzer.analyze(t, "en", entities=entities)] for t in texts
        ]

    return masks
