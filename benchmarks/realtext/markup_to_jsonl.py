"""Convert hand-labelled sentences written with inline markup into the real-text set's JSONL.

Why: offsets typed by hand go wrong; writing the label around the words and letting this script
compute `start`/`end` keeps the labels exact.  Usage:

    python benchmarks/realtext/markup_to_jsonl.py DOC_ID < markup/DOC_ID.txt > DOC_ID.jsonl

The marked-up sources of the evalset-foi documents are kept in ``markup/`` (one file per
document id): correct a label there and regenerate, rather than editing offsets in the JSONL.

Input: one sentence per line; blank lines and lines starting with "#" are skipped.
A span is written ``[[CODE:words|field|field...]]``.  CODE is a label or a short form:
P=PERSON, B=BODY, PL=PLACE, W=WARD, CH=CHARITY, L=LAW, RO=ROLE, RK=RANK, D=DOCUMENT, A=ANON,
E=EMAIL, PH=PHONE, PC=POSTCODE, AD=ADDRESS, DOB, NHS=NHS_NUMBER.
PERSON takes positional fields: role (p=private, o=official, ps=pseudonym), shape, and an
optional community, e.g. ``[[P:Okafor|o|titled|nigerian]]``.
"""

from __future__ import annotations

import json
import re
import sys

CODES = {
    "P": "PERSON",
    "B": "BODY",
    "PL": "PLACE",
    "W": "WARD",
    "CH": "CHARITY",
    "L": "LAW",
    "RO": "ROLE",
    "RK": "RANK",
    "D": "DOCUMENT",
    "A": "ANON",
    "E": "EMAIL",
    "PH": "PHONE",
    "PC": "POSTCODE",
    "AD": "ADDRESS",
    "DOB": "DOB",
    "NHS": "NHS_NUMBER",
}
ROLES = {"p": "private", "o": "official", "ps": "pseudonym"}
SHAPES = {
    "full",
    "first_only",
    "surname_only",
    "initial_surname",
    "surname_comma_given",
    "all_caps",
    "lower_case",
    "with_particle",
    "titled",
}
SPAN = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")


def _person_fields(fields: list[str]) -> dict[str, str]:
    if len(fields) < 2 or fields[0] not in ROLES or fields[1] not in SHAPES:
        raise ValueError(f"PERSON needs role and shape, got {fields}")
    extra = {"role": ROLES[fields[0]], "shape": fields[1]}
    if len(fields) > 2:
        extra["community"] = fields[2]
    return extra


def convert_line(line: str) -> tuple[str, list[dict[str, object]]]:
    """Return the plain text and its labels for one marked-up line."""
    text_parts: list[str] = []
    labels: list[dict[str, object]] = []
    pos = 0
    length = 0
    for match in SPAN.finditer(line):
        before = line[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        code, body = match.group(1), match.group(2)
        words, *fields = body.split("|")
        label: dict[str, object] = {
            "start": length,
            "end": length + len(words),
            "label": CODES[code],
        }
        if code == "P":
            label.update(_person_fields(fields))
        elif fields:
            raise ValueError(f"unexpected fields in {match.group(0)}")
        labels.append(label)
        text_parts.append(words)
        length += len(words)
        pos = match.end()
    text_parts.append(line[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unclosed markup: {line}")
    return text, labels


def main(doc_id: str) -> None:
    n = 0
    for raw in sys.stdin:
        line = raw.rstrip("\n").strip()
        if not line or line.startswith("#"):
            continue
        n += 1
        text, labels = convert_line(line)
        row = {"id": f"{doc_id}#{n}", "text": text, "labels": labels}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
