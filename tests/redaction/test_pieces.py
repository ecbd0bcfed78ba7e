"""The leak gate reads a big data file as the pieces that passed plus what changed
(redaction/pieces.py): what it checks is what a full read would check of the new bytes, and a
leak anywhere in a changed or unknown part still stops the build (fail closed)."""

from __future__ import annotations

import csv
import io
import json
import random
import zlib
from collections import Counter
from pathlib import Path

import pytest

from redaction import pieces
from redaction.policy import RedactionPolicy
from redaction.records import records
from redaction.scan import scan_tree

NAME = "Ermintrude Blenkinsop"
POLICY = RedactionPolicy(always_redact=[NAME])


def _index(texts: list[str]) -> bytes:
    """A search index whose every entry is a section of one page (_page)."""
    docs = [{"location": f"plans/#a{zlib.crc32(t.encode())}", "title": t[:10],
             "text": f"<p>{t}</p>"} for t in texts]
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs}).encode()


def _page(texts: list[str]) -> bytes:
    body = "".join(f"<h2>{t[:10]}</h2><p>{t}</p>" for t in texts)
    return f"<html><head><title>Plans</title></head><body>{body}</body></html>".encode()


def _texts(n: int) -> list[str]:
    return [f"Action {i}: the forum met on {i % 28 + 1} May." for i in range(n)]


def _csv(rows: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["plan", "action"])
    for text in rows:
        writer.writerow([f"plan-{zlib.crc32(text.encode())}", text])
    return buffer.getvalue().encode()


def _pieces(name: str, data: bytes) -> pieces.Pieces:
    spans = [(r.start, r.end, r.path, r.number) for r in records(name, data) or []]
    made = pieces.of_records(data, spans)
    assert made is not None
    return made


def _edits(rng: random.Random, texts: list[str]) -> list[str]:
    texts = list(texts)
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(texts))
        match rng.choice(["edit", "insert", "delete"]):
            case "edit":
                texts[k] += " Updated."
            case "insert":
                texts.insert(k, "A new action, agreed in June.")
            case "delete":
                del texts[k]
    return texts


@pytest.mark.parametrize("seed", range(12))
def test_a_changed_json_file_gives_the_pieces_and_segments_of_a_full_read(seed: int) -> None:
    rng = random.Random(seed)
    texts = _texts(3000)
    before = _index(texts)
    after = _index(_edits(rng, texts))
    found = pieces.changed("search_index.json", after, _pieces("search_index.json", before))
    assert found is not None
    checks, made = found
    full = _pieces("search_index.json", after)
    # The same cut, the same digests: what was not checked is byte for byte what passed.
    assert (made.bounds, made.kinds, made.digests, made.blocks, made.numbers) == (
        full.bounds, full.kinds, full.digests, full.blocks, full.numbers)
    new = Counter(r.key for r in records("search_index.json", after) or [])
    old = Counter(r.key for r in records("search_index.json", before) or [])
    assert set(new - old) <= {r.key for r in checks}


def test_one_changed_entry_is_one_record_to_check() -> None:
    texts = _texts(3000)
    old = _pieces("search_index.json", _index(texts))
    texts[1234] += " Updated."
    found = pieces.changed("search_index.json", _index(texts), old)
    assert found is not None
    assert [r.number for r in found[0]] == [1234]


@pytest.mark.parametrize("seed", range(8))
def test_a_changed_csv_file_is_checked_where_it_changed(seed: int) -> None:
    rng = random.Random(seed)
    texts = _texts(6000)
    before, after = _csv(texts), _csv(_edits(rng, texts))
    found = pieces.changed("actions.csv", after, _pieces("actions.csv", before))
    assert found is not None
    checks, made = found
    assert made.bounds[-1] == len(after)
    assert made.numbers == _pieces("actions.csv", after).numbers  # rows numbered anew
    view = memoryview(after)
    assert all(pieces.digest(view[a:b]) == d
               for a, b, d in zip(made.bounds, made.bounds[1:], made.digests, strict=False))
    rows = {tuple(r) for r in csv.reader(io.StringIO(after.decode()))}
    old_rows = {tuple(r) for r in csv.reader(io.StringIO(before.decode()))}
    checked = {s.text for r in checks for s in r.segments()}
    assert all(cell in checked for row in rows - old_rows for cell in row)


def test_rows_added_at_either_end_of_a_csv_file_are_checked() -> None:
    texts = _texts(6000)
    old = _pieces("actions.csv", _csv(texts))
    for edited in ([*texts, f"{NAME} joined."], [f"{NAME} joined.", *texts]):
        found = pieces.changed("actions.csv", _csv(edited), old)
        assert found is not None
        assert any(NAME in s.text for r in found[0] for s in r.segments())


def test_an_unchanged_file_checks_nothing_and_a_structural_change_is_read_in_full() -> None:
    data = _index(_texts(3000))
    old = _pieces("search_index.json", data)
    assert pieces.changed("search_index.json", data, old) == ([], old)
    assert pieces.changed("search_index.json", data.replace(b'"en"', b'"fr"'), old) is None
    assert pieces.changed("search_index.json", data[:-1], old) is None
    appended = pieces.changed("search_index.json", data[:-2] + b',{"x":1}]}', old)
    assert appended is not None and [r.key for r in appended[0]] == [b'{"x":1}']
    assert pieces.changed("search_index.json", data[:-2] + b'],"y":[1]}', old) is None


def _scan(site: Path) -> list[str]:
    return scan_tree(site, POLICY, ner=False, memory=True)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    root = tmp_path / "site"
    (root / "search").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "plans").mkdir()
    (root / "plans" / "index.html").write_bytes(_page(_texts(3000)))
    (root / "search" / "search_index.json").write_bytes(_index(_texts(3000)))
    (root / "data" / "actions.csv").write_bytes(_csv(_texts(6000)))
    assert _scan(root) == []
    return root


@pytest.mark.parametrize("where", [
    b"Action 1500:", b"Action 0:", b"Action 2999:", b'"lang"', b'"docs"', b'"config"'])
def test_a_leak_injected_after_the_build_into_the_search_index_stops_it(
        site: Path, where: bytes) -> None:
    """A post-build plugin or a hand edit: in an entry, the first or last one, or between."""
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    if where.startswith(b'"'):
        data = data.replace(where, f'"{NAME}":1,'.encode() + where, 1)
    else:
        data = data.replace(where, f"{NAME}:".encode(), 1)
    index.write_bytes(data)
    leaks = _scan(site)
    assert leaks and all(NAME in leak for leak in leaks), leaks


@pytest.mark.parametrize("edit", ["entry", "new entry", "garbage", "two places"])
def test_a_leak_in_a_changed_part_stops_the_build(site: Path, edit: str) -> None:
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    if edit == "entry":
        data = data.replace(b"Action 77:", f"Action 77 by {NAME}:".encode())
    elif edit == "new entry":
        data = data.replace(b'{"location": ', f'"{NAME}", {{"location": '.encode(), 9)
    elif edit == "garbage":
        data = data.replace(b"Action 77:", b"Action 77:\x00\xff" + NAME.encode())
    else:
        data = data.replace(b"Action 7:", b"Action 7 updated:").replace(
            b"Action 2000:", f"{NAME}:".encode())
    index.write_bytes(data)
    assert any(NAME in leak for leak in _scan(site))


def test_a_leak_in_a_csv_row_stops_the_build_and_a_clean_edit_passes(site: Path) -> None:
    table = site / "data" / "actions.csv"
    clean = table.read_bytes().replace(b"Action 300:", b"Action 300, reviewed:")
    table.write_bytes(clean)
    assert _scan(site) == []
    table.write_bytes(clean.replace(b"Action 4000:", f'"{NAME}, quoted":'.encode()))
    assert any(NAME in leak for leak in _scan(site))
    table.write_bytes(clean.replace(b"Action 4000:", f'{NAME}\r\n"open quote'.encode()))
    assert any(NAME in leak for leak in _scan(site))


def test_a_failed_scan_remembers_no_pieces(site: Path) -> None:
    index = site / "search" / "search_index.json"
    clean = index.read_bytes()
    index.write_bytes(clean.replace(b"Action 5:", f"{NAME}:".encode()))
    assert _scan(site)
    assert _scan(site)  # still found: the failed scan did not take the leak as passed
    index.write_bytes(clean)
    assert _scan(site) == []


def test_the_scan_lists_the_files_rglob_lists_in_the_same_order(tmp_path: Path) -> None:
    from redaction.scan import files

    for rel in ["b/index.html", "a-b/x.json", "a/b/c.csv", "a/z.txt", "A.txt", "a.b"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "link.txt").symlink_to(tmp_path / "A.txt")
    expected = [p.relative_to(tmp_path).as_posix()
                for p in sorted(p for p in tmp_path.rglob("*") if p.is_file())]
    assert files(tmp_path) == expected


def test_a_leak_after_entries_were_added_or_removed_is_named_by_its_place(site: Path) -> None:
    """The pieces after an insertion or a removal are numbered anew: a later message names
    the entry (or the row) where it now stands."""
    index, table = site / "search" / "search_index.json", site / "data" / "actions.csv"
    page = site / "plans" / "index.html"
    texts = _texts(3000)
    texts[5:5] = ["A new action, agreed in June.", "Another, agreed in July."]
    del texts[100]
    page.write_bytes(_page(texts))
    index.write_bytes(_index(texts))
    rows = _texts(6000)
    rows[3:3] = [f"Inserted row {k}." for k in range(40)]
    table.write_bytes(_csv(rows))
    assert _scan(site) == []
    at = texts.index("Action 2000: the forum met on 13 May.")
    texts[at] = f"Action 2000: {NAME} met on 13 May."
    page.write_bytes(_page(texts))
    index.write_bytes(_index(texts))
    row = rows.index("Action 5000: the forum met on 17 May.")
    rows[row] = f"Action 5000: {NAME} met on 17 May."
    table.write_bytes(_csv(rows))
    leaks = _scan(site)
    assert any(leak.startswith(f"search/search_index.json, docs[{at}].text:")
               for leak in leaks), leaks
    # Rows are numbered from 1, the header first: the row after it is row 2.
    assert any(leak.startswith(f"data/actions.csv, row {row + 2}, column 2:")
               for leak in leaks), leaks


def test_a_csv_file_with_a_byte_order_mark_keeps_its_rows_pieces() -> None:
    texts = _texts(6000)
    before = b"\xef\xbb\xbf" + _csv(texts)
    texts[3000] += " Updated."
    after = b"\xef\xbb\xbf" + _csv(texts)
    found = pieces.changed("actions.csv", after, _pieces("actions.csv", before))
    assert found is not None
    full = _pieces("actions.csv", after)
    assert (found[1].kinds, found[1].numbers, found[1].bounds) == (
        full.kinds, full.numbers, full.bounds)
