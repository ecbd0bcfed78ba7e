"""The open data's per-plan parts store (generator/presentation/parts_store.py): an edit
appends one plan's parts, the output is always the whole dump byte for byte, and a store that
does not match its index is never read from."""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path

from generator.content.load import load
from generator.presentation.data_files import actions_csv, open_data, plans_json
from generator.presentation.parts_store import TOKEN, PartsStore

AS_AT = date(2026, 11, 22)
EXAMPLE = Path(__file__).resolve().parents[2] / "content"


CONTENT = load(EXAMPLE)
SITE = CONTENT.site
PLANS = CONTENT.plans * 5  # ten plans: one edited leaves a tenth of the store unused
KEYS = [f"key-{n}-{doc.slug}" for n, doc in enumerate(PLANS)]
WHOLE = (plans_json(PLANS, AS_AT, SITE.base_url, SITE.licence),
         actions_csv(PLANS, AS_AT, SITE.base_url))


def _joined(cache: Path, keys: list[str]) -> tuple[str, str]:
    pieces = open_data(PLANS, keys, AS_AT, SITE.base_url, SITE.licence, cache)
    return b"".join(pieces[0]).decode(), b"".join(pieces[1]).decode()


def test_an_edit_appends_one_plans_parts_and_reads_the_others_back(tmp_path: Path) -> None:
    cache = tmp_path / "data-parts.pickle"
    keys = KEYS
    assert _joined(cache, keys) == WHOLE
    store = cache.with_suffix(".parts")
    size = store.stat().st_size
    inode = store.stat().st_ino
    assert _joined(cache, keys) == WHOLE  # all read back: nothing appended
    assert store.stat().st_size == size
    edited = [*keys[:-1], keys[-1] + "-edited"]  # the last plan's key changed
    assert _joined(cache, edited) == WHOLE
    after = store.stat()
    assert after.st_ino == inode and after.st_size > size  # appended, not written anew
    kept = PartsStore(cache).load()
    assert set(kept) == set(edited)


def test_parts_no_plan_uses_are_dropped_once_they_are_a_quarter_of_the_store(
        tmp_path: Path) -> None:
    cache = tmp_path / "data-parts.pickle"
    keys = KEYS
    _joined(cache, keys)
    store = cache.with_suffix(".parts")
    first = store.stat().st_size
    for n in range(8):  # every plan edited each time: the old parts pile up, then go
        assert _joined(cache, [f"{k}-{n}" for k in keys]) == WHOLE
        assert store.stat().st_size <= first * (1 + 1 / 0.75) + TOKEN
    assert len(PartsStore(cache).load()) == len(keys)


def test_a_store_that_does_not_match_its_index_is_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "data-parts.pickle"
    keys = KEYS
    _joined(cache, keys)
    store, index = cache.with_suffix(".parts"), cache.with_suffix(".index")
    data = store.read_bytes()
    # Another store's bytes under the same index (its token differs): every part made again.
    store.write_bytes(b"x" * TOKEN + data[TOKEN:].replace(b"Action", b"Xction"))
    assert PartsStore(cache).load() == {}
    assert _joined(cache, keys) == WHOLE
    # A store cut short: the index's places fall outside it.
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2])
    assert PartsStore(cache).load() == {}
    assert _joined(cache, keys) == WHOLE
    # An index that is not one.
    index.write_bytes(marshal.dumps(["not", "an", "index"]))
    assert PartsStore(cache).load() == {}
    assert _joined(cache, keys) == WHOLE
    # A store with its index pointing past a part's end.
    token, size, spans = marshal.loads(index.read_bytes())
    key = next(iter(spans))
    spans[key] = (spans[key][0], size, spans[key][2], spans[key][3])
    index.write_bytes(marshal.dumps((token, size, spans)))
    assert key not in PartsStore(cache).load()
    assert _joined(cache, keys) == WHOLE
