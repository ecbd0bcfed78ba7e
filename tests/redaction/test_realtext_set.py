"""The real-text evaluation set (benchmarks/realtext/) is well formed: every file, both helpers'.

Format: benchmarks/realtext/README.md. These checks guard the labels' mechanics (offsets, label
names, overlaps, PERSON attributes, source records); whether a label is *right* is the
labeller's job.
Standard library and PyYAML only, so the set can be checked without the NLP model.
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

SET_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "realtext"
SOURCES = SET_DIR / "sources.yaml"

KEEP_LABELS = {"PLACE", "BODY", "WARD", "CHARITY", "LAW", "ROLE", "RANK", "DOCUMENT", "ANON"}
PERSONAL_LABELS = {"PERSON", "EMAIL", "PHONE", "POSTCODE", "ADDRESS", "DOB", "NHS_NUMBER"}
LABELS = KEEP_LABELS | PERSONAL_LABELS
PERSON_ROLES = {"private", "official", "pseudonym"}
PERSON_SHAPES = {"full", "first_only", "surname_only", "initial_surname", "surname_comma_given",
                 "all_caps", "lower_case", "with_particle", "titled"}
KINDS = {"dhr-action-plan", "sar-action-plan", "homicide-review-plan", "partnership-review-plan",
         "foi-response", "disclosure-log", "written"}
SOURCE_KEYS = {"id", "title", "publisher", "kind", "url", "published", "found_with", "note"}
SPAN_KEYS = {"start", "end", "label", "role", "shape", "community"}
ID_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@cache
def sources() -> tuple[dict[str, Any], ...]:
    data = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))
    assert isinstance(data, list), "sources.yaml must be a YAML list of entries"
    return tuple(data)


def jsonl_files() -> list[Path]:
    return sorted(SET_DIR.glob("*.jsonl"))


@cache
def records(path: Path) -> tuple[dict[str, Any], ...]:
    """Every line of one file, parsed; a line that is not a JSON object fails here."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{number} is blank"
        record = json.loads(line)
        assert isinstance(record, dict), f"{path.name}:{number} is not a JSON object"
        out.append(record)
    return tuple(out)


def test_the_set_exists() -> None:
    assert SOURCES.is_file()
    assert jsonl_files(), "no .jsonl files in benchmarks/realtext/"


def test_sources_entries_are_complete_and_ids_unique() -> None:
    ids = [entry.get("id") for entry in sources()]
    assert len(ids) == len(set(ids)), "duplicate ids in sources.yaml"
    for entry in sources():
        missing = SOURCE_KEYS - entry.keys()
        assert not missing, f"{entry.get('id')}: missing {sorted(missing)}"
        assert ID_SLUG.match(str(entry["id"])), f"{entry['id']}: id is not a lower-case slug"
        assert entry["kind"] in KINDS, f"{entry['id']}: kind {entry['kind']!r}"
        for key in SOURCE_KEYS - {"published"}:
            assert str(entry[key]).strip(), f"{entry['id']}: empty {key}"


def test_every_file_has_a_source_and_every_source_a_file() -> None:
    files = {path.stem for path in jsonl_files()}
    listed = {str(entry["id"]) for entry in sources()}
    assert files - listed == set(), "files without a sources.yaml entry"
    assert listed - files == set(), "sources.yaml entries without a .jsonl file"


@pytest.mark.parametrize("path", jsonl_files(), ids=lambda p: p.stem)
def test_sentence_ids_are_unique_and_belong_to_their_file(path: Path) -> None:
    ids = [record.get("id") for record in records(path)]
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate sentence ids"
    for sentence_id in ids:
        assert isinstance(sentence_id, str), f"{path.name}: id {sentence_id!r}"
        doc, _, number = sentence_id.partition("#")
        assert doc == path.stem and number.isdigit(), f"{path.name}: id {sentence_id!r}"


@pytest.mark.parametrize("path", jsonl_files(), ids=lambda p: p.stem)
def test_sentences_are_non_empty_strings_with_a_label_list(path: Path) -> None:
    for record in records(path):
        text = record.get("text")
        assert isinstance(text, str) and text.strip(), f"{record.get('id')}: empty text"
        assert text == text.strip(), f"{record['id']}: text has leading/trailing space"
        assert isinstance(record.get("labels"), list), f"{record['id']}: labels is not a list"


@pytest.mark.parametrize("path", jsonl_files(), ids=lambda p: p.stem)
def test_spans_are_in_range_trimmed_and_known(path: Path) -> None:
    for record in records(path):
        text, where = record["text"], record["id"]
        for span in record["labels"]:
            assert set(span) <= SPAN_KEYS, f"{where}: unknown keys {sorted(set(span) - SPAN_KEYS)}"
            start, end = span.get("start"), span.get("end")
            assert isinstance(start, int) and isinstance(end, int), f"{where}: {span}"
            assert 0 <= start < end <= len(text), f"{where}: offsets out of range {span}"
            words = text[start:end]
            assert words.strip() and words == words.strip(), f"{where}: span {words!r}"
            assert span.get("label") in LABELS, f"{where}: label {span.get('label')!r}"


@pytest.mark.parametrize("path", jsonl_files(), ids=lambda p: p.stem)
def test_spans_do_not_overlap(path: Path) -> None:
    for record in records(path):
        spans = sorted(record["labels"], key=lambda span: (span["start"], span["end"]))
        for before, after in pairwise(spans):
            assert before["end"] <= after["start"], f"{record['id']}: {before} overlaps {after}"


@pytest.mark.parametrize("path", jsonl_files(), ids=lambda p: p.stem)
def test_person_spans_carry_role_and_shape(path: Path) -> None:
    for record in records(path):
        for span in record["labels"]:
            if span["label"] == "PERSON":
                assert span.get("role") in PERSON_ROLES, f"{record['id']}: role in {span}"
                assert span.get("shape") in PERSON_SHAPES, f"{record['id']}: shape in {span}"
                community = span.get("community")
                assert community is None or (isinstance(community, str) and community), span
            else:
                assert not {"role", "shape", "community"} & span.keys(), f"{record['id']}: {span}"
