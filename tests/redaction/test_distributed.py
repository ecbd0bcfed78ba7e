"""`publisher build --scheduler`: the name finder on a Dask cluster gives the local build's site.

A scheduler and two worker processes on 127.0.0.1 (LocalCluster) serve the whole module.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import RedactionError
from generator.pipeline import BuildOptions, build_site
from publisher_fixtures import AS_AT, EXAMPLE, cache_env, plan_yaml, write_content
from redaction import distributed
from redaction.analysis_cache import AnalysisCache
from redaction.policy import RedactionPolicy

distributed_ = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

NOTES = [
    "Dr Sarah Hughes met the family on 3 March. Hughes agreed to write to them by April.",
    "The ward manager, Priya Raman, reviewed the care plan with Mr O'Connor's GP.",
    "Call 01632 960 123 or write to jane.doe@example.org for the audit results.",
    "Training was delivered to every ward team; attendance is recorded in the log.",
    "Amara Okafor and Tomasz Nowak presented the findings to the safeguarding board.",
]


def plan(i: int) -> str:
    return plan_yaml(
        title=f"Plan {i}", published=f"2020-09-{10 + i:02d}",
        summary=f"Plan {i}: what the Trust does after the review. {NOTES[i % 5]}",
        recommendation="Improve joint working between the ward and community teams.",
        action="Review the discharge policy with Dr Ellis Grant.",
        progress=tuple((f"2020-0{1 + k % 8}-01", f'"{NOTES[(i + k) % 5]}"') for k in range(4)))


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as local, \
            Client(local, set_as_default=False) as client:  # as in a build: no default client
        yield local, client


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-content")
    folder = write_content(root / "content", {f"plan-{i}": plan(i) for i in range(8)})
    shutil.copytree(EXAMPLE / "plans", folder / "plans", dirs_exist_ok=True)  # real texts
    shutil.copytree(EXAMPLE / "pages", folder / "pages")
    shutil.copytree(EXAMPLE / "foi", folder / "foi")
    return folder


@pytest.fixture(scope="module")
def local_site(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-local")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--content", str(content), "--site",
                                 str(root / "site"), "--reports", str(root / "reports"),
                                 "--as-at", AS_AT.isoformat(), "--jobs", "1"],
                           env=cache_env(root))
    assert result.exit_code == 0, result.output
    assert "[redacted]" in (root / "site" / "plans" / "plan-0" / "index.html").read_text()
    return root / "site"


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_cluster_builds_the_local_site_byte_for_byte(
        cluster, content: Path, local_site: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    local, _ = cluster
    monkeypatch.setattr(distributed, "BATCH_CHARS", 600)  # many tasks: both workers get some
    result = CliRunner().invoke(cli, [
        "build", "--content", str(content), "--site", str(tmp_path / "site"), "--reports",
        str(tmp_path / "reports"), "--as-at", AS_AT.isoformat(),
        "--scheduler", local.scheduler_address], env=cache_env(tmp_path))
    assert result.exit_code == 0, result.output
    assert digest(tmp_path / "site") == digest(local_site)
    assert "analysed by 2 Dask worker(s)" in result.output, result.output
    # The results went into this machine's analysis cache: a second build needs no worker.
    cache = AnalysisCache(tmp_path / ".cache" / "redaction")
    rows = cache._db().execute("SELECT count(*) FROM analysis").fetchone()[0]
    assert rows > 50
    # A file no page is made from, so that the build runs again (not "up to date").
    (content / "notes.txt").write_text("not content")
    again = CliRunner().invoke(cli, [
        "build", "--content", str(content), "--site", str(tmp_path / "site"), "--reports",
        str(tmp_path / "reports"), "--as-at", AS_AT.isoformat(),
        "--scheduler", local.scheduler_address], env=cache_env(tmp_path))
    (content / "notes.txt").unlink()  # the module's other tests share the content
    assert again.exit_code == 0, again.output
    assert "0 uncached text(s) analysed by 0 Dask worker(s)" in again.output


def test_a_worker_killed_mid_run_does_not_fail_the_build(
        cluster, content: Path, local_site: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    local, client = cluster
    client.restart()  # fresh workers: the first batch each gets loads the model (seconds)
    monkeypatch.setattr(distributed, "BATCH_CHARS", 300)
    outcome: dict[str, object] = {}

    def build() -> None:
        try:
            outcome["result"] = build_site(BuildOptions(
                content, tmp_path / "site", tmp_path / "reports", AS_AT,
                scheduler=local.scheduler_address))
        except BaseException as exc:  # reported by the assertion below
            outcome["error"] = exc

    pids = client.run(os.getpid)
    env = cache_env(tmp_path)
    monkeypatch.setenv("PUBLISHER_CACHE", env["PUBLISHER_CACHE"])
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", env["PUBLISHER_REDACTION_CACHE"])
    thread = threading.Thread(target=build)
    thread.start()
    killed = None
    deadline = time.monotonic() + 120
    while thread.is_alive() and killed is None and time.monotonic() < deadline:
        busy = [address for address, keys in client.processing().items()
                if any(str(k).startswith("publisher-ner-") for k in keys)]
        if busy:
            killed = busy[0]
            os.kill(pids[killed], signal.SIGKILL)
        time.sleep(0.02)
    thread.join(timeout=300)
    assert killed is not None, "the build finished before a worker could be killed"
    assert "error" not in outcome, outcome.get("error")
    assert digest(tmp_path / "site") == digest(local_site)
    assert killed not in client.run(os.getpid)  # that worker really went


def test_results_come_back_in_order_even_for_repeated_batches(
        cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    local, _ = cluster
    monkeypatch.setattr(distributed, "MIN_BATCH_CHARS", 1)  # one text a batch
    engine = distributed.DaskEngine(RedactionPolicy().model, local.scheduler_address,
                                    batch_chars=1)
    try:
        # The same text twice is the same batch key: one task, two places in the answer.
        spans = engine.analyze_many([NOTES[0], NOTES[3], NOTES[0], NOTES[4], NOTES[3]])
    finally:
        engine.close()
    assert spans[0] == spans[2] and spans[1] == spans[4]
    assert {NOTES[0][s.start:s.end] for s in spans[0]} >= {"Sarah Hughes"}
    assert {NOTES[4][s.start:s.end] for s in spans[3]} >= {"Amara Okafor", "Tomasz Nowak"}
    assert all(s.entity != "PERSON" for s in spans[1])


SLOW, GO = "Slowmark", "Gomark"  # in the first stage batch's plan, in the second's


class _Held:
    """On a worker: its engine, except that a batch holding SLOW waits until a batch holding
    GO (in a later stage batch) has been analysed: the stage batches finish out of order."""

    def __init__(self, engine: object, names: tuple[str, str]) -> None:
        self.engine, self.event, self.queue = engine, *names
        self.fingerprint = engine.fingerprint  # type: ignore[attr-defined]

    def analyze_many(self, texts: list[str], batch_size: int) -> list:
        from distributed import Event, Queue

        if any(SLOW in t for t in texts):
            Event(self.event).wait(timeout=60)  # not a timing: a backstop if GO never comes
        spans = self.engine.analyze_many(texts, batch_size)  # type: ignore[attr-defined]
        for mark in (m for m in (SLOW, GO) if any(m in t for t in texts)):
            Queue(self.queue).put(mark)
            if mark == GO:
                Event(self.event).set()
        return spans


def _hold(names: tuple[str, str] | None) -> None:
    """Run on each worker: its engine held back as _Held says (None: as it was)."""
    from redaction import distributed as on_worker

    real = getattr(on_worker, "_unheld", on_worker.worker_engine)
    on_worker._unheld = real  # type: ignore[attr-defined]
    on_worker.worker_engine = real if names is None else (  # type: ignore[assignment]
        lambda model: _Held(real(model), names))


def test_stage_batches_finishing_out_of_order_give_the_local_result_in_order(
        cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build keeps WINDOW stage batches on the cluster and applies the policy to the
    oldest while the others are analysed: when a later batch finishes first, every result
    still lands on its own text, and the client never holds more than the window."""
    import uuid

    import cloudpickle
    from distributed import Queue

    from generator.content.load import load
    from redaction import redact_content

    local, client = cluster
    plans = {f"plan-{i}": plan(i) for i in range(8)}
    plans["plan-0"] = plans["plan-0"].replace("Plan 0:", f"Plan 0 ({SLOW}):")
    plans["plan-1"] = plans["plan-1"].replace("Plan 1:", f"Plan 1 ({GO}):")
    content = load(write_content(tmp_path / "content", plans))
    expected = redact_content(content, use_cache=False, jobs=1)

    engines: list[distributed.DaskEngine] = []

    class Recorded(distributed.DaskEngine):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            engines.append(self)

    monkeypatch.setattr(distributed, "DaskEngine", Recorded)
    monkeypatch.setattr(distributed, "STAGE_CHARS_PER_WORKER", 100)  # a plan a stage batch
    monkeypatch.setattr(distributed, "BATCH_CHARS", 1)  # a text a task: several per batch
    monkeypatch.setattr(distributed, "MIN_BATCH_CHARS", 1)
    names = (f"publisher-go-{uuid.uuid4().hex}", f"publisher-order-{uuid.uuid4().hex}")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    client.run(_hold, names)
    try:
        remote = redact_content(content, cache_dir=tmp_path / "cache",
                                scheduler=local.scheduler_address)
    finally:
        client.run(_hold, None)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    order = Queue(names[1], client=client).get(batch=True)
    assert order == [GO, SLOW]  # the second stage batch was done before the first
    assert remote.remote_workers == 2
    assert dataclasses.replace(remote, remote_texts=0, remote_workers=0) == expected
    assert remote.findings == expected.findings  # in the same order
    engine = engines[0]
    assert engine.calls > 2 * distributed.WINDOW  # many stage batches went through
    assert 1 < engine.most_in_flight <= distributed.WINDOW  # never more than the window
    assert engine.in_flight == 0 and not engine._inflight
    # Every text the cluster analysed went into this machine's cache: nothing is sent again.
    again = redact_content(content, cache_dir=tmp_path / "cache",
                           scheduler=local.scheduler_address)
    assert engines[1].analysed == 0 and again.findings == expected.findings


def test_a_batch_that_keeps_failing_fails_closed(cluster) -> None:
    local, _ = cluster
    engine = distributed.DaskEngine(RedactionPolicy().model, local.scheduler_address)
    engine.fingerprint = "another-model@0:0"  # every worker refuses the batch, every retry
    try:
        with pytest.raises(RedactionError, match="a Dask worker analyses with"):
            engine.analyze_many([NOTES[0]])
    finally:
        engine.close()


def test_a_cancelled_batch_fails_closed_and_so_does_a_later_call_sharing_its_texts(
        cluster) -> None:
    local, _ = cluster
    engine = distributed.DaskEngine(RedactionPolicy().model, local.scheduler_address)
    try:
        first = engine.submit_many([NOTES[0], NOTES[1]])
        second = engine.submit_many([NOTES[1], NOTES[2]])
        assert second.sent == [NOTES[2]]  # NOTES[1] is on its way already: not sent twice
        assert engine.in_flight == 2
        futures, _ = first._submitted  # type: ignore[misc]
        engine._client.cancel(futures)
        with pytest.raises(RedactionError, match="could not analyse the text"):
            first.result()
        with pytest.raises(RedactionError, match="could not analyse the text"):
            second.result()  # its NOTES[1] was the cancelled call's
    finally:
        engine.close()


def test_an_unreachable_scheduler_fails_closed(content: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 1)
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, [
        "build", "--content", str(content), "--site", str(site), "--reports",
        str(tmp_path / "reports"), "--as-at", AS_AT.isoformat(),
        "--scheduler", "tcp://127.0.0.1:9"], env=cache_env(tmp_path))
    assert result.exit_code == 2, result.output
    assert "could not reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Nothing was published" in result.output
    assert not site.exists()


def test_without_the_extra_the_message_says_how_to_install_it(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name: str, *args: object, **kwargs: object) -> object:
        if name == "distributed" or name.startswith("distributed."):
            raise ModuleNotFoundError("No module named 'distributed'", name="distributed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = CliRunner().invoke(cli, [
        "build", "--content", str(content), "--site", str(tmp_path / "site"), "--reports",
        str(tmp_path / "reports"), "--as-at", AS_AT.isoformat(),
        "--scheduler", "tcp://127.0.0.1:8786"], env=cache_env(tmp_path))
    assert result.exit_code == 2, result.output
    assert "pip install 'publisher[dask]'" in result.output
    assert not (tmp_path / "site").exists()


def test_guided_batches_keep_order_and_shrink_towards_the_end() -> None:
    texts = [f"text {i:04d} " * 10 for i in range(2000)]  # 100 characters each
    batches = distributed.guided(texts, workers=2, most=20_000, least=2_000)
    assert [t for b in batches for t in b] == texts
    sizes = [sum(map(len, b)) for b in batches]
    assert max(sizes) <= 20_000 and sizes[0] == 20_000  # work for everyone: full batches
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # then smaller and smaller
    assert sizes[-2] == 2_000  # the tail is small batches, not one worker's long last one


def test_batches_keep_order_and_size() -> None:
    texts = ["a" * 100, "b" * 250, "c" * 10, "d" * 400, "e"]
    batches = distributed.batched(texts, 300)
    assert [t for b in batches for t in b] == texts
    assert all(sum(map(len, b)) <= 300 or len(b) == 1 for b in batches)
    assert distributed.batch_key("f", ["x", "y"]) != distributed.batch_key("f", ["xy"])


def test_the_allocator_is_tuned_only_under_dasks_trim_setting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which pins glibc's mmap threshold: the worker
    # lifts it again (in this test process too: harmless, and it is what a worker does).
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert distributed.tune_allocator() is False
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert distributed.tune_allocator() is (sys.platform == "linux")
