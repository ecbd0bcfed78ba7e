"""Print the real-text set's counts: sentences and labels per document, labels per class.

    python benchmarks/realtext/stats.py

Reads every .jsonl file beside this script (standard library only) and prints Markdown tables,
ready to paste into README.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

SET_DIR = Path(__file__).resolve().parent


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def per_document(files: list[Path]) -> list[str]:
    rows = ["| document | sentences | labels | PERSON |", "| --- | ---: | ---: | ---: |"]
    for path in files:
        records = load(path)
        spans = [span for record in records for span in record["labels"]]
        people = sum(span["label"] == "PERSON" for span in spans)
        rows.append(f"| {path.stem} | {len(records)} | {len(spans)} | {people} |")
    return rows


def per_label(files: list[Path]) -> list[str]:
    labels: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    for path in files:
        for record in load(path):
            found = {span["label"] for span in record["labels"]}
            labels.update(span["label"] for span in record["labels"])
            sentences.update(found)
    rows = ["| label | spans | sentences with it |", "| --- | ---: | ---: |"]
    rows += [f"| {label} | {count} | {sentences[label]} |" for label, count in labels.most_common()]
    return rows


def person_breakdown(files: list[Path]) -> list[str]:
    kinds: Counter[tuple[str, str]] = Counter()
    for path in files:
        for record in load(path):
            kinds.update((span["role"], span["shape"]) for span in record["labels"]
                         if span["label"] == "PERSON")
    rows = ["| PERSON role | shape | spans |", "| --- | --- | ---: |"]
    rows += [f"| {role} | {shape} | {count} |" for (role, shape), count in sorted(kinds.items())]
    return rows


def main() -> None:
    files = sorted(SET_DIR.glob("*.jsonl"))
    total = sum(len(load(path)) for path in files)
    print(f"{len(files)} documents, {total} sentences\n")
    for table in (per_document(files), per_label(files), person_breakdown(files)):
        print("\n".join(table), end="\n\n")


if __name__ == "__main__":
    main()
