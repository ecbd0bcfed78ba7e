"""Redaction quality and speed, in one run: the real-text set (benchmarks/realtext/, scored
by benchmarks/real_set.py: every class, every name shape and community, dev and held-out
documents), the synthetic labelled set (benchmarks/labelled_set.py), stock Presidio on both,
and the throughput of our redaction against raw spaCy NER-only on the same texts. Every
target is printed with "holds yes/NO"; the exit status is 1 when any does not hold.

    .venv/bin/python benchmarks/redaction_quality.py [--quick] [--seed N] [--size N]
        [--repeats N] [--no-baseline] [--show-misses]

--quick: no stock Presidio, one timing repeat, a smaller synthetic set (for iteration).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import regex as re

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Stock Presidio's e-mail recogniser uses tldextract's global extractor: keep it offline.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("TLDEXTRACT_CACHE", tempfile.mkdtemp(prefix="tldextract-"))

from benchmarks import real_set
from benchmarks.labelled_set import Item, build
from redaction.policy import RedactionPolicy
from redaction.redactor import Redactor

TARGET_RECALL = 0.99
TARGET_KEEP = 0.99
REAL_RECALL = 0.98
REAL_KEEP = 0.98
GROUP_RECALL = 0.95  # each name shape and each community
TARGET_SPEED = 0.8  # redaction throughput / raw spaCy NER-only throughput
SHAPES = ("all_caps", "surname_comma_given", "initial_surname", "first_only")


def present(needle: str, haystack: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None


def score(items: list[Item], outputs: list[str]) -> dict[str, dict[str, list[bool]]]:
    """{"recall"|"keep": {kind: [hit, ...]}}; misses are kept for the report."""
    table: dict[str, dict[str, list[bool]]] = {
        "recall": defaultdict(list),
        "keep": defaultdict(list),
    }
    for item, out in zip(items, outputs, strict=True):
        for kind, planted in item.personal:
            table["recall"][kind].append(not present(planted, out))
        for kind, keep in item.keep:
            table["keep"][kind].append(keep in out)
    return table


def evaluate(redactor: Redactor, items: list[Item]) -> tuple[dict, list[str]]:
    outputs = [r.text for r in redactor.redact_many([i.text for i in items])]
    return score(items, outputs), outputs


def rate(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--size", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.size, args.repeats, args.no_baseline = min(args.size, 150), 1, True

    t0 = time.perf_counter()
    redactor = Redactor(RedactionPolicy())
    load = time.perf_counter() - t0
    checks: list[tuple[str, float, float]] = []

    sentences = real_set.load()
    tally = real_set.run(real_set.redactor_masks(redactor), sentences)
    parts = {
        "dev": real_set.run(
            real_set.redactor_masks(redactor), [s for s in sentences if not s.held_out]
        ),
        "held-out": real_set.run(
            real_set.redactor_masks(redactor), [s for s in sentences if s.held_out]
        ),
    }
    presidio = None if args.no_baseline else _stock_presidio()
    stock = real_set.run(presidio, sentences) if presidio else None
    _print_real(sentences, tally, parts, stock)
    checks += _real_checks(tally)
    if args.show_misses:
        for kind, sid, words, text in tally.misses:
            print(f"  {kind:<16} {sid:<48} {words!r:<30} {text[:140]}")

    items = build(args.seed, args.size)
    table, outputs = evaluate(redactor, items)
    _print_synthetic(items, args.seed, table)
    recall = rate([h for hits in table["recall"].values() for h in hits])
    keep = rate([h for hits in table["keep"].values() for h in hits])
    checks += [("synthetic recall", recall, TARGET_RECALL), ("synthetic keep", keep, TARGET_KEEP)]
    if presidio:
        _baseline(items, presidio)
    if args.show_misses:
        _synthetic_misses(items, outputs)

    speed = _throughput(redactor, [s.text for s in sentences] + [i.text for i in items], args)
    print(f"engine load: {load:.2f} s")
    checks.append(("throughput vs raw NER-only (CPU)", speed, TARGET_SPEED))

    print(f"\n{'target':<44} {'value':>7} {'target':>7}  holds")
    for name, value, target in checks:
        print(f"  {name:<42} {value:7.3f} {target:7.2f}  {'yes' if value >= target else 'NO'}")
    return 0 if all(v >= t for _, v, t in checks) else 1


def _print_real(sentences, tally, parts, stock) -> None:
    docs = len({s.doc for s in sentences})
    held = len({s.doc for s in sentences if s.held_out})
    print(
        f"real-text set: {len(sentences)} sentences from {docs} documents "
        f"({held} held out: every {real_set.HOLD_OUT_EVERY}th)"
    )
    cols = ["all", *parts, *(["stock Presidio"] if stock else [])]
    print(f"\n{'real set':<40}" + "".join(f"{c:>15}" for c in cols) + f"{'n':>6}")
    rows = sorted(tally.rows, key=lambda r: (not r.startswith("PERSON"), r != "PERSON", r))
    for row in rows:
        cells = [tally.rate(row), *(p.rate(row) for p in parts.values())]
        if stock:
            cells.append(stock.rate(row))
        print(f"  {row:<38}" + "".join(f"{c:15.3f}" for c in cells) + f"{tally.n(row):6d}")
    keep = tally.joined("keep ")
    line = f"  {'keep (every must-keep class)':<38}{rate(keep):15.3f}"
    for p in parts.values():
        line += f"{rate(p.joined('keep ')):15.3f}"
    if stock:
        line += f"{rate(stock.joined('keep ')):15.3f}"
    print(line + f"{len(keep):6d}")


def _real_checks(tally: real_set.Tally) -> list[tuple[str, float, float]]:
    checks = [
        ("real recall (every PERSON)", tally.rate("PERSON"), REAL_RECALL),
        ("real keep (every must-keep class)", rate(tally.joined("keep ")), REAL_KEEP),
    ]
    for shape in SHAPES:
        row = f"PERSON shape={shape}"
        checks.append((f"real recall, {shape}", tally.rate(row), GROUP_RECALL))
    for row in sorted(r for r in tally.rows if r.startswith("PERSON community=")):
        if tally.n(row) >= 10:  # a community with fewer labelled names is shown, not judged
            checks.append((f"real recall, {row.split('=')[1]}", tally.rate(row), GROUP_RECALL))
    return checks


def _print_synthetic(items: list[Item], seed: int, table: dict) -> None:
    print(
        f"\nsynthetic set: {len(items)} items (seed {seed}), "
        f"{sum(len(i.personal) for i in items)} personal strings, "
        f"{sum(len(i.keep) for i in items)} must-survive strings"
    )
    for metric in ("recall", "keep"):
        print(f"\n{metric:<28} {'rate':>7} {'n':>5}")
        for kind, hits in sorted(table[metric].items()):
            print(f"  {kind:<26} {rate(hits):7.3f} {len(hits):5d}")
        every = [h for hits in table[metric].values() for h in hits]
        print(f"  {'overall':<26} {rate(every):7.3f} {len(every):5d}")


def _synthetic_misses(items: list[Item], outputs: list[str]) -> None:
    print("\nsynthetic misses:")
    for item, out in zip(items, outputs, strict=True):
        lost = [p for _, p in item.personal if present(p, out)]
        broken = [k for _, k in item.keep if k not in out]
        if lost or broken:
            print(f"  in:  {item.text}\n  out: {out}\n  leaked {lost} broken {broken}")


def _throughput(redactor: Redactor, texts: list[str], args: argparse.Namespace) -> float:
    """Our redaction against raw spaCy NER-only over the same texts, interleaved so that
    load from other processes hits both alike; returns redaction / NER-only throughput.

    Both wall-clock and CPU time are printed; the target is read on CPU time (this
    process's, every thread), because on a machine shared with other jobs the wall-clock
    ratio of two runs seconds apart swings by a tenth either way (0.72x to 0.99x was seen
    for the same code) while the CPU ratio holds to a hundredth."""
    chars = sum(map(len, texts))
    walls: dict[str, list[float]] = {"redaction": [], "ner": []}
    cpus: dict[str, list[float]] = {"redaction": [], "ner": []}
    for _ in range(args.repeats):
        for name, run in (
            ("redaction", lambda: redactor.redact_many(texts)),
            ("ner", lambda: list(redactor.engine.nlp.pipe(texts, batch_size=64))),
        ):
            wall, cpu = _time(run)
            walls[name].append(wall)
            cpus[name].append(cpu)
    ratios = {}
    for label, table in (("wall-clock", walls), ("CPU time", cpus)):
        ours, ner = statistics.median(table["redaction"]), statistics.median(table["ner"])
        ratios[label] = ner / ours
        print(
            f"throughput, {label} (batched, no cache, {chars:,} chars, median of "
            f"{args.repeats}): redaction {chars / ours:,.0f} chars/s, raw spaCy NER-only "
            f"{chars / ner:,.0f} chars/s: {ner / ours:.2f}x"
        )
    return ratios["CPU time"]


def _time(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _stock_presidio() -> real_set.MaskFn:
    """Stock Presidio: default registry and NLP settings, with the model named explicitly."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": RedactionPolicy().model}],
        }
    ).create_engine()
    return real_set.presidio_masks(AnalyzerEngine(nlp_engine=nlp), None)


def _baseline(items: list[Item], presidio: real_set.MaskFn) -> None:
    """Stock Presidio (all entities) on the synthetic set."""
    texts = [i.text for i in items]
    masks = presidio(texts, texts)
    outputs = []
    for text, mask in zip(texts, masks, strict=True):
        for s, e in sorted(mask, reverse=True):
            text = text[:s] + "<REDACTED>" + text[e:]
        outputs.append(text)
    table = score(items, outputs)
    recall = rate([h for hits in table["recall"].values() for h in hits])
    keep = rate([h for hits in table["keep"].values() for h in hits])
    print(f"\nstock Presidio on the synthetic set: recall {recall:.3f}, keep {keep:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
