"""Redaction beyond one machine: the NER of uncached texts on an existing Dask cluster.

`publisher build --scheduler tcp://HOST:PORT` swaps the one-machine ParallelEngine for a
DaskEngine. Only the raw analysis travels (texts out, spans back, as with the forked workers
of parallel.py); the cache and the policy stay on this machine, so the results go into the
same analysis cache under the same keys and the site is the one a local build makes.

- Each worker process builds its engine once (engine.get_engine caches it per process) and
  reuses it for every batch it is given; a lock keeps a worker's threads off it at once.
  Before loading it, the worker undoes what Dask's nanny does to glibc's allocator
  (tune_allocator): otherwise the same text costs the worker 6-12 % more CPU than one process.
- A task is a batch of at most BATCH_CHARS characters whose key is the hash of its texts and
  the engine fingerprint: two builds sending the same batch share one result. Batches shrink
  as the work runs out (guided()), so that no worker is left with a long last batch while the
  others wait: the tail of the run is a few small batches. Each batch's spans are fetched as
  soon as it is done, while the workers go on with the rest (_collect).
- The build does not wait for the cluster to apply the policy (pipeline()): it hands the
  engine its documents a stage batch at a time (stage.py), keeps WINDOW of them on the
  cluster (submit_many) and applies the policy to the oldest (Pending.result) while the
  workers analyse the others, so neither the workers wait for the policy pass nor the pass
  for the workers, except while the first batch is analysed and the last one's policy is
  applied. At most WINDOW calls are unresolved at once (in_flight): the client never holds
  more than the window's texts and spans (and the next batch's texts, read one ahead so that
  only the last call's batches shrink towards its end: last_call). A text already on its way
  to the cluster for an earlier call is not sent again (_inflight): without the window it
  would have come from the analysis cache, written after each call.
- A worker that dies mid-run has its tasks rerun elsewhere by the scheduler; a task that
  raises is retried RETRIES times. If it still fails the build fails closed.
- The workers must run the same model, recognisers and library versions as this machine (the
  same `publisher` installed with the `dask` extra): each task checks its engine's
  fingerprint against this machine's and refuses otherwise, since its spans would be cached
  under a key that does not describe them.

Dask is an optional extra (`pip install 'publisher[dask]'`); it is imported only here.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import re
import threading
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from generator.errors import RedactionError
from redaction.analysis import BATCH_SIZE, Span, fingerprint

# About a third of a second of NER a task: small enough that a dead worker loses little and
# the load evens out, large enough that the scheduler's per-task cost (~1 ms) is noise.
BATCH_CHARS = 20_000
MIN_BATCH_CHARS = 2_000  # below this the scheduler's cost per task shows
RETRIES = 3
# The pipeline (pipeline()): stage batches on the cluster at once, and a stage batch's size per
# worker: about a CPU second of NER each (85-90k characters a CPU second measured), so that
# the two batches behind the oldest keep every worker busy through its policy pass (about 3M
# characters a CPU second, one process: on 32 workers a batch's analysis and its policy pass
# take about as long) while the pipeline's fill (the first batch's analysis, the last one's
# policy) stays a few seconds even at 32 workers (2.4M characters, stage.BATCH_CHARS at most;
# benchmarks/redaction_dask.py).
WINDOW = 3
STAGE_CHARS_PER_WORKER = 75_000
CONNECT_TIMEOUT = 10  # seconds to reach the scheduler and find at least one worker
INSTALL_HINT = "pip install 'publisher[dask]'"

_worker_lock = threading.Lock()
_allocator_tuned = False
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's ceiling for it on 64-bit systems
TRIM_THRESHOLD = MMAP_THRESHOLD
# tcp://host:port, tls://host:port, host:port, tcp://[::1]:port
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss)://)?(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}")


class DaskEngine:
    """An Engine whose analyze_many runs on a Dask cluster; see the module's docstring."""

    def __init__(self, model: str, scheduler: str, *, batch_chars: int | None = None,
                 timeout: float | None = None) -> None:
        self.model = model
        self.scheduler = scheduler
        self.batch_chars = batch_chars or BATCH_CHARS
        self.timeout = timeout or CONNECT_TIMEOUT
        self.fingerprint = fingerprint(model)
        self.workers: set[str] = set()  # addresses of the workers that analysed something
        self.analysed = 0  # texts sent to the cluster
        self.calls = 0  # submit_many calls
        self.in_flight = 0  # calls submitted whose results were not yet taken
        self.most_in_flight = 0  # the most at once: the client's memory bound, in calls
        # False while the caller has more calls to make (stage.py): the batches need not
        # shrink towards this call's end, the next call's keep the workers busy meanwhile
        self.last_call = True
        # text → the unresolved call it was sent with, and its place there
        self._inflight: dict[str, tuple[Pending, int]] = {}
        self._client: Any = None

    def analyze_many(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[list[Span]]:
        return self.submit_many(texts, batch_size).result()

    def submit_many(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Pending:
        """Send `texts` to the cluster and return at once: the spans come with .result()."""
        places: list[tuple[Pending | None, int]] = []
        fresh: dict[str, int] = {}  # text → its place among those this call sends
        for text in texts:
            if text in self._inflight:
                places.append(self._inflight[text])
            else:
                places.append((None, fresh.setdefault(text, len(fresh))))
        pending = Pending(self, places, self._submit(list(fresh), batch_size) if fresh else None)
        for text, index in fresh.items():
            self._inflight[text] = (pending, index)
        pending.sent = list(fresh)
        self.calls += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return pending

    def pipeline(self) -> tuple[int, int]:
        """(stage batches on the cluster at once, characters of documents in each): what
        stage.py hands this engine at a time; see the module's docstring."""
        return WINDOW, STAGE_CHARS_PER_WORKER * self._worker_count()

    def _worker_count(self) -> int:
        return max(1, len(self._connect().scheduler_info().get("workers", {})))

    def _submit(self, texts: list[str], batch_size: int) -> tuple[list[Any], Any]:
        """The batches' futures, and their results as they finish (fetched in the background
        on the client's loop, while this process applies the policy to other texts)."""
        from distributed import as_completed

        client = self._connect()
        batches = (guided(texts, self._worker_count(), self.batch_chars) if self.last_call
                   else batched(texts, self.batch_chars))
        futures = [
            client.submit(analyse_batch, self.model, self.fingerprint, batch, batch_size,
                          key=f"publisher-ner-{batch_key(self.fingerprint, batch)}",
                          retries=RETRIES, pure=False)
            for batch in batches
        ]
        # The client's loop: ours is not the process's default client (set_as_default=False).
        return futures, as_completed(futures, loop=client.loop, with_results=True)

    def _received(self, pending: Pending, results: list[Any]) -> list[list[Span]]:
        """A call's own spans, in the order its texts were sent; the call is no longer
        in flight, and its texts are looked up in the analysis cache from now on."""
        spans: list[list[Span]] = []
        for address, batch_spans in results:
            self.workers.add(address)
            spans.extend([Span(*s) for s in text_spans] for text_spans in batch_spans)
        self.analysed += len(pending.sent)
        for text in pending.sent:
            if self._inflight.get(text, (None,))[0] is pending:
                del self._inflight[text]
        return spans

    def connect(self) -> None:
        """Reach the cluster now, even if every text turns out to be cached: a wrong address or
        a cluster running other versions is reported on every build, not on the first edit."""
        client = self._connect()
        try:
            theirs = client.run(fingerprint, self.model)
        except Exception as exc:
            self.close()
            raise RedactionError(f"the Dask workers at {self.scheduler} could not load the "
                                 f"redaction code: {type(exc).__name__}: {exc}. Install "
                                 f"the same publisher on them ({INSTALL_HINT}).") from None
        for address, other in sorted(theirs.items()):
            if other != self.fingerprint:
                self.close()
                raise RedactionError(
                    f"the Dask worker {address} would analyse with {other}, this machine with "
                    f"{self.fingerprint}: install the same publisher, model and libraries on "
                    "the workers, or their findings would differ from a local build's.")

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import Client
        except ImportError as exc:
            raise RedactionError(
                f"--scheduler needs Dask, which is not installed ({exc.name or exc}). Install "
                f"the optional extra ({INSTALL_HINT}) or build on this machine with --jobs."
            ) from None
        if not _ADDRESS.fullmatch(self.scheduler):
            raise RedactionError(f'"{self.scheduler}" is not a Dask scheduler address: give '
                                 "one such as tcp://10.0.0.5:8786.")
        _quiet_dask()
        try:
            client = Client(self.scheduler, timeout=self.timeout, set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
            raise RedactionError(
                f"could not reach the Dask scheduler at {self.scheduler} "
                f"({type(exc).__name__}: {exc}). Check the address and that the scheduler is "
                "running, or build on this machine with --jobs."
            ) from None
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except Exception:
            client.close()
            raise RedactionError(f"the Dask scheduler at {self.scheduler} has no workers "
                                 f"(waited {self.timeout:g} s).") from None
        self._client = client
        return client

    def close(self) -> None:
        if self._client is not None:
            with suppress(Exception):
                self._client.close()
            self._client = None


class Pending:
    """One submit_many call on the cluster: .result() waits for its spans (once)."""

    def __init__(self, engine: DaskEngine, places: list[tuple[Pending | None, int]],
                 submitted: tuple[list[Any], Any] | None) -> None:
        self._engine = engine
        # Per text: (None, i) its i-th own result; (other, i) the other call's i-th.
        self._places = places
        self._submitted = submitted
        self.sent: list[str] = []  # the texts this call sent (not those already in flight)
        self._own: list[list[Span]] | None = None
        self._failed: RedactionError | None = None

    def result(self) -> list[list[Span]]:
        own = self._own_spans()
        spans = [own[i] if other is None else other._own_spans()[i]
                 for other, i in self._places]
        self._places = []  # the earlier calls' spans may go
        return spans

    def _own_spans(self) -> list[list[Span]]:
        if self._failed is not None:  # asked again by a later call that shares its texts
            raise self._failed
        if self._own is None:
            results = []
            if self._submitted is not None:
                futures, completed = self._submitted
                try:
                    results = _collect(futures, completed)
                except RedactionError as exc:  # a worker's own refusal
                    self._failed = exc
                    raise
                except Exception as exc:  # failed RETRIES times, a lost scheduler: fail closed
                    self._failed = RedactionError(
                        f"the Dask cluster at {self._engine.scheduler} could not analyse the "
                        f"text: {type(exc).__name__}: {exc}")
                    raise self._failed from exc
                finally:
                    self._submitted = None
            self._own = self._engine._received(self, results)
            self._engine.in_flight -= 1
        return self._own


def _collect(futures: list[Any], completed: Any) -> list[Any]:
    """The futures' results in their order, each fetched as soon as its batch is done (by
    `completed`, an as_completed started with the futures): a gather of the list waits for
    the last batch before fetching any, so that every result crossed the network after the
    workers had finished (30 ms of the run's end at 600k characters on 127.0.0.1; more on a
    real network)."""
    done: dict[str, Any] = {}  # by key: two batches of the same texts are one task
    for future, result in completed:  # a failed task raises here
        if future.status != "finished":  # cancelled (the scheduler lost it): no result to use
            raise RuntimeError(f"the batch {future.key} was {future.status}")
        done[future.key] = result
    return [done[future.key] for future in futures]


def batched(texts: list[str], batch_chars: int) -> list[list[str]]:
    """Consecutive runs of `texts` of about `batch_chars` characters each (at least one text)."""
    batches: list[list[str]] = []
    size = 0
    for text in texts:
        if not batches or (size + len(text) > batch_chars and batches[-1]):
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text)
    return batches


def guided(texts: list[str], workers: int, most: int,
           least: int = MIN_BATCH_CHARS) -> list[list[str]]:
    """Consecutive runs of `texts`, each about the characters still to batch ÷ (2 × workers),
    at most `most` and (until the end) at least `least`: large batches first, while there is
    work for everyone, then smaller ones, which the scheduler hands to whichever worker is free
    (guided self-scheduling). With fixed batches of a quarter of each worker's share, the
    busier of 2 workers did 7 % more than the other (benchmarks/redaction_dask.py)."""
    remaining = sum(len(t) for t in texts)
    batches: list[list[str]] = []
    size = limit = 0
    for text in texts:
        if not batches or (size + len(text) > limit and batches[-1]):
            limit = min(most, max(least, remaining // (2 * workers) + 1))
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text)
        remaining -= len(text)
    return batches


def batch_key(engine_fingerprint: str, texts: list[str]) -> str:
    digest = hashlib.sha256(engine_fingerprint.encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def analyse_batch(model: str, expected: str, texts: list[str],
                  batch_size: int = BATCH_SIZE) -> tuple[str, list[list[tuple]]]:
    """Run on a worker: (the worker's address, the raw spans of every text as tuples)."""
    from distributed import get_worker

    with _worker_lock:
        engine = worker_engine(model)
        if engine.fingerprint != expected:
            raise RedactionError(
                f"a Dask worker analyses with {engine.fingerprint}, this machine with "
                f"{expected}: install the same publisher, model and libraries on the workers."
            )
        spans = engine.analyze_many(texts, batch_size)
    return get_worker().address, [
        [(s.start, s.end, s.entity, s.score, s.recognizer) for s in text_spans]
        for text_spans in spans
    ]


def worker_engine(model: str) -> Any:
    """The worker process's engine, loaded once and kept (engine.get_engine)."""
    global _allocator_tuned
    if not _allocator_tuned:
        _allocator_tuned = True
        tune_allocator()
    # Imported here, on the worker: the engine loads Presidio and spaCy (the lean way, as the
    # build's own engine is).
    from redaction.lean_import import import_engine

    return import_engine().get_engine(model)


def tune_allocator() -> bool:
    """Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 (so that freed memory
    goes back to the system), and setting it pins glibc's thresholds: every array the name
    finder allocates above 128 KiB is mapped and unmapped afresh, and the heap of the thread
    the tasks run in (not the main thread's: glibc gives each thread its own arena) is shrunk
    whenever 64 KiB at its top are free, to be faulted back in page by page by the next text.
    Measured on the same 300k characters in one worker (benchmarks/redaction_dask.py and
    issue 18's notes): the task thread spent 6-12 % more CPU than the worker's main thread on
    the same call, and with the trim threshold at 1 MiB still 8-10 %; with both thresholds at
    32 MiB (glibc's ceiling for its own sliding mmap threshold when the variable is not set)
    the two are equal within 2 %. Memory beyond 32 MiB free at a heap's top is still
    returned. Elsewhere (no such variable, not glibc) nothing changes."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                    and libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):
        return False


def _quiet_dask() -> None:
    """The client logs every reconnect attempt at INFO/WARNING; our errors say it plainly."""
    for name in ("distributed", "distributed.client", "distributed.core", "distributed.comm"):
        logging.getLogger(name).setLevel(logging.ERROR)
