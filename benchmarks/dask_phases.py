"""Where a Dask build's wall time went: the client's clock around the engine's calls and the
workers' timestamps from the scheduler's task stream (benchmarks/redaction_dask.py prints them)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@dataclasses.dataclass
class Phases:
    """Where a cluster build's wall time went (seconds), from the client's clock and the
    scheduler's task stream (the workers' timestamps; same machine, same clock)."""

    connect: float  # Client, a worker found, every worker's fingerprint checked
    window: float  # the first batch submitted to the last result taken
    wait: float  # this process waiting for the cluster's results (idle unless fetching)
    first_wait: float  # of which for the first stage batch: the pipeline's fill
    overlap: float  # the policy pass's seconds while at least one worker computed
    drain: float  # the last batch computed to the build's end: the workers have nothing
    dispatch: float  # the first submit to the first batch computing on a worker
    busy: list[float]  # seconds computing, per worker, busier first
    idle: float  # the busier worker: not computing between its first start and last stop
    tail: float  # the other worker finished this much before the busier one
    gather: float  # the last batch done to its results back in this process
    tasks: int
    close: float  # the client closed


@contextmanager
def clocked() -> Iterator[dict[str, list[tuple[float, float]]]]:
    """(start, stop) by time.time() of every call of the engines' methods in the block; the
    calling thread's CPU seconds of each under "<name> CPU" (as (0, seconds))."""
    from redaction import distributed, stage
    from redaction.parallel import ParallelEngine

    calls: dict[str, list[tuple[float, float]]] = {}
    # Pending.result and submit_many: the window's code; analyze_many: the code before it
    # (the stage calls one or the other, never both).
    methods = [(distributed.DaskEngine, name) for name in WAITS + SENDS]
    methods += [(getattr(distributed, "Pending", None), "result"),
                (ParallelEngine, "analyze_many"), (stage, "_keep_results")]
    methods = [(cls, name) for cls, name in methods if cls is not None and hasattr(cls, name)]

    def clock(name: str, method: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.time(), time.thread_time()
            try:
                return method(*args, **kwargs)
            finally:
                calls.setdefault(name, []).append((start, time.time()))
                calls.setdefault(f"{name} CPU", []).append((0.0, time.thread_time() - cpu))
        return timed

    originals = [(cls, name, getattr(cls, name)) for cls, name in methods]
    for cls, name, method in originals:
        setattr(cls, name, clock(f"{cls.__name__.rsplit('.', 1)[-1]}.{name}", method))
    try:
        yield calls
    finally:
        for cls, name, method in originals:
            setattr(cls, name, method)


WAITS = ("analyze_many",)  # DaskEngine methods during which this process waits for the cluster
SENDS = ("connect", "submit_many", "close")


def _calls(calls: dict[str, list[tuple[float, float]]], *names: str) -> list[tuple[float, float]]:
    return sorted(c for name in names for c in calls.get(name, []))


def seconds(calls: list[tuple[float, float]]) -> float:
    return sum(stop - start for start, stop in calls)


def _covered(spans: list[tuple[float, float]]) -> float:
    """Seconds inside at least one span: a batch handed to a worker's one thread while another
    runs is stamped from then, so that a worker's compute spans can overlap."""
    total, reached = 0.0, float("-inf")
    for start, stop in sorted(spans):
        if stop > reached:
            total += stop - max(start, reached)
            reached = stop
    return total


def _gaps(calls: list[tuple[float, float]], start: float, stop: float
          ) -> list[tuple[float, float]]:
    """The seconds between start and stop outside every call: this process's own work."""
    gaps, reached = [], start
    for begin, end in sorted(calls):
        if begin > reached:
            gaps.append((reached, begin))
        reached = max(reached, end)
    return gaps + ([(reached, stop)] if stop > reached else [])


def _within(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> float:
    """Seconds of `spans` (disjoint) inside at least one of `others`."""
    return sum(_covered([(max(a, c), min(b, d)) for c, d in others if c < b and a < d])
               for a, b in spans)


def phases_of(calls: dict[str, list[tuple[float, float]]], stream: list[dict],
            build: tuple[float, float]) -> Phases:
    computes: dict[str, list[tuple[float, float]]] = {}
    for task in stream:
        if str(task["key"]).startswith("publisher-ner-"):
            for part in task["startstops"]:
                if part["action"] == "compute":
                    computes.setdefault(task["worker"], []).append((part["start"], part["stop"]))
    waits = _calls(calls, "Pending.result", *(f"DaskEngine.{n}" for n in WAITS))
    engine = _calls(calls, "Pending.result", *(f"DaskEngine.{n}" for n in WAITS + SENDS))
    sends = _calls(calls, "DaskEngine.submit_many", "DaskEngine.analyze_many")
    if not computes or not waits:
        raise SystemExit("the cluster ran no batch: nothing to measure")
    own = [(a, b) for a, b in _gaps(engine, *build) if sends[0][0] <= a and b <= waits[-1][1]]
    ranked = sorted(computes.values(), key=_covered, reverse=True)
    busier = ranked[0]
    starts = [s for spans in computes.values() for s, _ in spans]
    stops = {max(t for _, t in spans) for spans in computes.values()}
    return Phases(
        connect=seconds(calls.get("DaskEngine.connect", [])),
        window=waits[-1][1] - sends[0][0],
        wait=seconds(waits),
        first_wait=waits[0][1] - waits[0][0],
        overlap=_within(own, [s for spans in computes.values() for s in spans]),
        drain=build[1] - max(stops),
        dispatch=min(starts) - sends[0][0],
        busy=[_covered(spans) for spans in ranked],
        idle=max(t for _, t in busier) - min(s for s, _ in busier) - _covered(busier),
        tail=max(stops) - min(stops),
        gather=max(0.0, waits[-1][1] - max(stops)),
        tasks=sum(len(spans) for spans in computes.values()),
        close=seconds(calls.get("DaskEngine.close", [])),
    )
