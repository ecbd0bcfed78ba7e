"""Both cores for a cold build: the texts that need NER, split between processes.

spaCy's own `n_process=2` gained 1.3× here; splitting the texts between forked processes that
already hold the loaded engine gains nearly 2× (DESIGN.md, known traps), because nothing is
loaded twice and each process pipes its own share. Small jobs stay in one process: a second
one only pays off once there is more text than a fork costs (MIN_CHARS_PER_PROCESS).

Only the raw analysis is parallel; the policy is applied afterwards in the parent, exactly as
with one process, so the result does not depend on the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol

from redaction.analysis import BATCH_SIZE, Span, fingerprint
from redaction.lean_import import import_engine

if TYPE_CHECKING:  # the engine imports Presidio and spaCy: only when a text needs analysing
    from redaction.engine import Engine


class Beside(Protocol):
    """An engine in another process (engine_host.EngineHost), loading while the build runs."""

    def analyze_many(self, model: str, texts: Sequence[str], batch_size: int,
                     jobs: int | None) -> list[list[Span]]: ...


_beside: Beside | None = None


def use_beside(host: Beside | None) -> None:
    """Send this process's analyses to `host` (None: analyse here, as before)."""
    global _beside
    _beside = host


def beside() -> Beside | None:
    return _beside


def analyse(model: str, texts: Sequence[str]) -> list[list[Span]]:
    """The raw spans of `texts`: by the engine beside the build if one was started for it,
    else by this process's engine (for the leak gate, which has no ParallelEngine)."""
    return ParallelEngine(model, 1).analyze_many(texts)

# A fork and its results cost tens of milliseconds; NER runs at ~50k characters a second.
MIN_CHARS_PER_PROCESS = 100_000
PR_SET_PDEATHSIG = 1  # prctl(2)

_engine: Engine | None = None  # what a forked worker inherits, loaded


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class ParallelEngine:
    """An Engine whose analyze_many uses up to `jobs` processes; everything else is the
    engine's own (fingerprint), so results and cache keys are unchanged.

    Given a model name instead of an engine, the engine (seconds to load) is built only when
    something needs it: a build whose every text is in the analysis cache never loads it, as
    the cache keys need only the fingerprint (from package metadata, engine.fingerprint)."""

    def __init__(self, engine: Engine | str, jobs: int | None = None) -> None:
        self._engine = None if isinstance(engine, str) else engine
        self.model = engine if isinstance(engine, str) else getattr(engine, "model", "")
        self._jobs = jobs
        self.jobs = default_jobs() if jobs is None else max(1, jobs)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            # The engine loads Presidio and spaCy (seconds), which a build whose every text
            # is cached never needs: imported only now, without what it never uses.
            self._engine = import_engine().get_engine(self.model)
        return self._engine

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not the engine's: copy/pickle probing, half-built objects
            raise AttributeError(name)
        return getattr(self.engine, name)

    @property
    def fingerprint(self) -> str:
        return self._engine.fingerprint if self._engine is not None else fingerprint(self.model)

    def analyze_many(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[list[Span]]:
        if self._engine is None and _beside is not None:  # loaded (or loading) beside us
            return _beside.analyze_many(self.model, texts, batch_size, self._jobs)
        total = sum(len(t) for t in texts)
        jobs = min(self.jobs, len(texts), total // MIN_CHARS_PER_PROCESS)
        if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return self.engine.analyze_many(texts, batch_size)
        chunks = split(list(texts), jobs)
        global _engine
        _engine = self.engine
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context,
                                     initializer=die_with, initargs=(os.getpid(),)) as pool:
                others = [pool.submit(_analyse, chunk, batch_size) for chunk in chunks[1:]]
                first = self.engine.analyze_many(chunks[0], batch_size)
                # A worker that fails or dies raises here: redaction fails closed.
                return first + [spans for future in others for spans in future.result()]
        finally:
            _engine = None


def die_with(parent: int) -> None:
    """This process is killed when `parent` ends (Linux's PR_SET_PDEATHSIG; elsewhere nothing):
    a worker of a build that was killed would otherwise analyse its share to the end."""
    with suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before that took effect
        os._exit(0)


def split(texts: list[str], parts: int) -> list[list[str]]:
    """`parts` consecutive runs of `texts` with about the same number of characters each."""
    total = sum(len(t) for t in texts)
    chunks: list[list[str]] = [[] for _ in range(parts)]
    done = 0
    for text in texts:
        index = min(parts - 1, done * parts // max(1, total))
        chunks[index].append(text)
        done += len(text)
    return [c for c in chunks if c] or [[]]


def _analyse(texts: list[str], batch_size: int) -> list[list[Span]]:
    if _engine is None:  # only ever run in a worker forked by ParallelEngine
        raise RuntimeError("the redaction worker has no engine")
    return _engine.analyze_many(texts, batch_size)
