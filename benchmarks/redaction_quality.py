"""Redaction quality and speed on the labelled set (benchmarks/labelled_set.py).

Prints, per kind and overall: recall (share of planted personal strings that no longer
appear in the output) and keep rate (share of must-survive strings still present), then the
throughput of batched redaction in characters per second (median of repeats, no cache).

    .venv/bin/python benchmarks/redaction_quality.py [--seed N] [--size N] [--repeats N]
        [--baseline] [--show-misses]

--baseline also scores stock Presidio (default recognisers, the same spaCy model, all
entities and personal entities only) on the same set, for comparison.
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

from benchmarks.labelled_set import Item, build
from redaction.policy import RedactionPolicy
from redaction.redactor import Redactor

TARGET_RECALL = 0.99
TARGET_KEEP = 0.98


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
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()

    items = build(args.seed, args.size)
    t0 = time.perf_counter()
    redactor = Redactor(RedactionPolicy())
    load = time.perf_counter() - t0
    table, outputs = evaluate(redactor, items)

    print(
        f"labelled set: {len(items)} items (seed {args.seed}), "
        f"{sum(len(i.personal) for i in items)} personal strings, "
        f"{sum(len(i.keep) for i in items)} must-survive strings"
    )
    for metric in ("recall", "keep"):
        print(f"\n{metric:<28} {'rate':>7} {'n':>5}")
        for kind, hits in sorted(table[metric].items()):
            print(f"  {kind:<26} {rate(hits):7.3f} {len(hits):5d}")
        every = [h for hits in table[metric].values() for h in hits]
        print(f"  {'overall':<26} {rate(every):7.3f} {len(every):5d}")
    recall = rate([h for hits in table["recall"].values() for h in hits])
    keep = rate([h for hits in table["keep"].values() for h in hits])

    if args.show_misses:
        print("\nmisses:")
        for item, out in zip(items, outputs, strict=True):
            lost = [p for _, p in item.personal if present(p, out)]
            broken = [k for _, k in item.keep if k not in out]
            if lost or broken:
                print(f"  in:  {item.text}\n  out: {out}\n  leaked {lost} broken {broken}")

    texts = [i.text for i in items]
    chars = sum(map(len, texts))
    import spacy

    full_nlp = spacy.load(RedactionPolicy().model)
    # Interleaved, so that load from other processes hits all three alike.
    timings, ner_times, full_times = [], [], []
    for _ in range(args.repeats):
        timings.append(_time(lambda: redactor.redact_many(texts)))
        ner_times.append(_time(lambda: list(redactor.engine.nlp.pipe(texts, batch_size=64))))
        full_times.append(_time(lambda: list(full_nlp.pipe(texts, batch_size=64))))
    ner, full = statistics.median(ner_times), statistics.median(full_times)
    median = statistics.median(timings)
    print(f"\nengine load: {load:.2f} s")
    print(
        f"throughput (batched, no cache): {chars / median:,.0f} chars/s "
        f"(median of {args.repeats}, {chars:,} chars in {median:.3f} s)"
    )
    print(
        f"spaCy alone: NER-only pipeline {chars / ner:,.0f} chars/s, full pipeline "
        f"{chars / full:,.0f} chars/s ({full / ner:.2f}x slower); redaction costs "
        f"{median / ner:.2f}x the NER-only pipeline"
    )
    if args.baseline:
        _baseline(items)
    ok = recall >= TARGET_RECALL and keep >= TARGET_KEEP
    print(
        f"\noverall recall {recall:.3f} (target {TARGET_RECALL}), "
        f"keep {keep:.3f} (target {TARGET_KEEP}): {'MET' if ok else 'NOT MET'}"
    )
    return 0 if ok else 1


def _time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _baseline(items: list[Item]) -> None:
    """Stock Presidio: default registry and NLP settings, with the model named explicitly."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": RedactionPolicy().model}],
        }
    ).create_engine()
    analyzer, anonymizer = AnalyzerEngine(nlp_engine=nlp), AnonymizerEngine()
    personal = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "UK_NHS", "UK_NINO", "UK_POSTCODE"]
    for label, entities in (("all entities", None), ("personal entities", personal)):
        outputs = [
            anonymizer.anonymize(i.text, analyzer.analyze(i.text, "en", entities=entities)).text
            for i in items
        ]
        table = score(items, outputs)
        recall = rate([h for hits in table["recall"].values() for h in hits])
        keep = rate([h for hits in table["keep"].values() for h in hits])
        print(f"stock Presidio, {label}: recall {recall:.3f}, keep {keep:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
