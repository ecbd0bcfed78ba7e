"""Cold redaction on a local Dask cluster of two workers against one process (issue 18).

Both redact the same plans' text with no cache (`redact_content(use_cache=False)`): once in
this process with `jobs=1`, once with `scheduler=` a LocalCluster of two single-threaded worker
processes on 127.0.0.1. As on the "existing cluster" of the issue, the cluster is started and
every worker's engine loaded before anything is timed, and the workers are warmed up on the
same plan as this process (a model's first texts cost more than its later ones); each timed
build still connects its own client, as a real build does.

Runs alternate (one process, then the cluster) so both see the same machine load, and each
figure is printed with the load average beside it. On a machine shared with other jobs the
wall times measure mostly the other jobs: the CPU seconds do not. The one-process build's CPU
divided by the busier worker's is what two free cores would give; both ratios are checked
against the 1.7 × target. The paper estimate for a national re-redaction uses the measured
characters per CPU second of one core, not the wall time.

    .venv/bin/python benchmarks/redaction_dask.py            # 600k characters, 5 runs
    .venv/bin/python benchmarks/redaction_dask.py --quick    # 200k characters, 1 run
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

ESTIMATE_PLANS = 50_000
ESTIMATE_WORKERS = 32
TARGET = 1.7


@dataclasses.dataclass
class Phases:
    """Where a cluster build's wall time went (seconds), from the client's clock and the
    scheduler's task stream (the workers' timestamps; same machine, same clock)."""

    connect: float  # Client, a worker found, every worker's fingerprint checked
    window: float  # analyze_many: the first batch submitted to the last result gathered
    dispatch: float  # the first submit to the first batch computing on a worker
    busy: list[float]  # seconds computing, per worker, busier first
    idle: float  # the busier worker: not computing between its first start and last stop
    tail: float  # the other worker finished this much before the busier one
    gather: float  # the last batch done to its results back in this process
    tasks: int
    close: float  # the client closed

    @property
    def overhead(self) -> float:
        """The cluster's wall time beyond its busier worker's computing."""
        return self.connect + self.window - self.busy[0] + self.close


@dataclasses.dataclass
class Run:
    local_wall: float
    local_cpu: float
    local_load: float
    local_analysis: float  # wall seconds of the name finder in the one-process build
    remote_wall: float
    client_cpu: float  # this process while the cluster analysed: the policy pass, the client
    worker_cpu: list[float]
    remote_load: float
    phases: Phases


def _warm(model: str, texts: list[str]) -> int:
    """Run on each worker: load its engine and analyse the warm-up plan, as this process does."""
    from redaction.distributed import worker_engine

    worker_engine(model).analyze_many(texts)
    return os.getpid()


def _texts_of(content: Any) -> list[str]:
    from redaction.stage import _texts, documents

    return [t.text for key, source, model in documents(content)
            for t in _texts(key, source, model, content.root)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=600_000, help="characters of plan text")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="200k characters, one run")
    args = parser.parse_args()
    chars, repeats = (200_000, 1) if args.quick else (args.chars, max(1, args.repeats))

    import dask
    from distributed import Client, LocalCluster

    # The workers' statistical profiler samples every thread 100 times a second: useful on a
    # dashboard, CPU taken from the name finder here (distributed.worker.profile.enabled).
    dask.config.set({"distributed.worker.profile.enabled": False})

    from generator.content.load import load
    from redaction import redact_content
    from redaction.text_fields import walk

    with tempfile.TemporaryDirectory(prefix="publisher-dask-bench-") as work:
        folder = Path(work) / "content"
        synthetic.write_content(folder, max(10, chars // 7_000))
        content = load(folder)
        plans, total = [], 0
        for doc in content.plans:
            if total >= chars:
                break
            plans.append(doc)
            total += sum(len(v) for _, _, v, kind in walk(doc.data)
                         if kind is not None and isinstance(v, str))
        subset = dataclasses.replace(content, plans=plans, foi=[], pages=[])
        warm = dataclasses.replace(subset, plans=plans[:1])
        model = content.policy.model
        redact_content(warm, use_cache=False, jobs=1)  # this process's model, warmed up
        runs: list[Run] = []
        with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(_warm, model, _texts_of(warm))
            for _ in range(repeats):
                run, one, two = _measure(subset, client, cluster.scheduler_address)
                assert one == dataclasses.replace(two, remote_texts=0, remote_workers=0), \
                    "the cluster's redaction differs from the local one"
                runs.append(run)
                _print_run(len(runs), run)
            workers = two.remote_workers
    report(len(plans), total, runs, workers)


@contextmanager
def _clocked() -> Iterator[dict[str, list[tuple[float, float]]]]:
    """(start, stop) by time.time() of every call of the engines' methods in the block."""
    from redaction.distributed import DaskEngine
    from redaction.parallel import ParallelEngine

    calls: dict[str, list[tuple[float, float]]] = {}
    methods = [(DaskEngine, "connect"), (DaskEngine, "analyze_many"), (DaskEngine, "close"),
               (ParallelEngine, "analyze_many")]

    def clock(name: str, method: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.time()
            try:
                return method(*args, **kwargs)
            finally:
                calls.setdefault(name, []).append((start, time.time()))
        return timed

    originals = [(cls, name, getattr(cls, name)) for cls, name in methods]
    for cls, name, method in originals:
        setattr(cls, name, clock(f"{cls.__name__}.{name}", method))
    try:
        yield calls
    finally:
        for cls, name, method in originals:
            setattr(cls, name, method)


def _seconds(calls: list[tuple[float, float]]) -> float:
    return sum(stop - start for start, stop in calls)


def _phases(calls: dict[str, list[tuple[float, float]]], stream: list[dict]) -> Phases:
    computes: dict[str, list[tuple[float, float]]] = {}
    for task in stream:
        if str(task["key"]).startswith("publisher-ner-"):
            for part in task["startstops"]:
                if part["action"] == "compute":
                    computes.setdefault(task["worker"], []).append((part["start"], part["stop"]))
    window = calls.get("DaskEngine.analyze_many", [])
    if not computes or not window:
        raise SystemExit("the cluster ran no batch: nothing to measure")
    ranked = sorted(computes.values(), key=_seconds, reverse=True)
    busier = ranked[0]
    starts = [s for spans in computes.values() for s, _ in spans]
    stops = {max(t for _, t in spans) for spans in computes.values()}
    return Phases(
        connect=_seconds(calls.get("DaskEngine.connect", [])),
        window=_seconds(window),
        dispatch=min(starts) - window[0][0],
        busy=[_seconds(spans) for spans in ranked],
        idle=max(t for _, t in busier) - min(s for s, _ in busier) - _seconds(busier),
        tail=max(stops) - min(stops),
        gather=window[-1][1] - max(stops),
        tasks=sum(len(spans) for spans in computes.values()),
        close=_seconds(calls.get("DaskEngine.close", [])),
    )


def _measure(subset: Any, client: Any, address: str) -> tuple[Run, Any, Any]:
    from distributed import get_task_stream

    from redaction import redact_content

    load = os.getloadavg()[0]
    with _clocked() as calls:
        start, cpu = time.perf_counter(), time.process_time()
        one = redact_content(subset, use_cache=False, jobs=1)
        local_wall, local_cpu = time.perf_counter() - start, time.process_time() - cpu
    local_analysis = _seconds(calls.get("ParallelEngine.analyze_many", []))
    remote_load = os.getloadavg()[0]
    before = client.run(time.process_time)
    with _clocked() as calls, get_task_stream(client) as stream:
        start, cpu = time.perf_counter(), time.process_time()
        two = redact_content(subset, use_cache=False, scheduler=address)
        remote_wall, client_cpu = time.perf_counter() - start, time.process_time() - cpu
    after = client.run(time.process_time)
    workers = sorted((after[w] - before[w] for w in after if w in before), reverse=True)
    return (Run(local_wall, local_cpu, load, local_analysis, remote_wall, client_cpu, workers,
                remote_load, _phases(calls, stream.data)), one, two)


def _print_run(number: int, run: Run) -> None:
    cpus = " + ".join(f"{c:.2f}" for c in run.worker_cpu)
    p = run.phases
    busy = " + ".join(f"{b:.2f}" for b in p.busy)
    print(f"run {number}: one process {run.local_wall:.2f} s wall ({run.local_analysis:.2f} s "
          f"of it the name finder), {run.local_cpu:.2f} s CPU (load {run.local_load:.1f}) | "
          f"cluster {run.remote_wall:.2f} s wall, workers {cpus} s CPU, client "
          f"{run.client_cpu:.2f} s CPU (load {run.remote_load:.1f})\n"
          f"       cluster: connect {p.connect:.3f} s; {p.tasks} batches in {p.window:.2f} s "
          f"(first computing after {p.dispatch:.3f} s; computing {busy} s; busier worker "
          f"idle {p.idle:.3f} s between batches; the other done {p.tail:.3f} s earlier; "
          f"results back {p.gather:.3f} s after the last batch); close {p.close:.3f} s; "
          f"the rest {run.remote_wall - p.connect - p.window - p.close:.2f} s",
          flush=True)


def report(plans: int, chars: int, runs: list[Run], workers: int) -> None:
    one = statistics.median(r.local_wall for r in runs)
    two = statistics.median(r.remote_wall for r in runs)
    cpu_one = statistics.median(r.local_cpu for r in runs)
    busier = statistics.median(r.worker_cpu[0] for r in runs)
    workers_cpu = statistics.median(sum(r.worker_cpu) for r in runs)
    client = statistics.median(r.client_cpu for r in runs)
    loads = [r.local_load for r in runs] + [r.remote_load for r in runs]
    wall_ratio, cpu_ratio = one / two, cpu_one / busier
    print(f"\nCold redaction of {plans:,} synthetic plans ({chars:,} characters), no cache, "
          f"{os.cpu_count()} cores, load average {min(loads):.1f} to {max(loads):.1f} "
          f"during the runs (above the number of cores, the wall times measure the other "
          f"jobs); medians of {len(runs)} run(s), alternated.\n")
    print("| redaction | wall | CPU seconds | characters a CPU second |")
    print("|---|---:|---:|---:|")
    print(f"| one process (--jobs 1) | {one:.1f} s | {cpu_one:.2f} s "
          f"| {chars / cpu_one / 1000:,.1f}k |")
    print(f"| LocalCluster, 2 workers ({workers} did work) | {two:.1f} s | busier worker "
          f"{busier:.2f} s, both {workers_cpu:.2f} s, client {client:.2f} s "
          f"| {chars / workers_cpu / 1000:,.1f}k a worker |")
    print()
    for name, ratio in (("wall", wall_ratio), ("CPU: one process ÷ busier worker", cpu_ratio)):
        verdict = "PASS" if ratio >= TARGET else "FAIL"
        print(f"| 2 workers ÷ 1 process ≥ {TARGET} × ({name}) | {ratio:.2f} × | {verdict} |")
    print(f"\nThe workers spent {workers_cpu / cpu_one - 1:+.0%} CPU on the same text as one "
          f"process (two free cores would give {2 * cpu_one / workers_cpu:.2f} × at perfect "
          "balance).")
    per_core = chars / cpu_one  # characters a CPU second, one core, policy pass included
    per_plan = chars / plans
    efficiency = min(1.0, cpu_ratio / 2)
    hours = ESTIMATE_PLANS * per_plan / (ESTIMATE_WORKERS * per_core * efficiency) / 3600
    print(f"\nPaper estimate: {ESTIMATE_PLANS:,} plans of {per_plan / 1000:.1f}k characters "
          f"on {ESTIMATE_WORKERS} workers at the measured {per_core / 1000:.1f}k characters a "
          f"CPU second of one core and {efficiency:.0%} per-worker efficiency: "
          f"{hours * 60:.0f} minutes of analysis (one process: "
          f"{ESTIMATE_PLANS * per_plan / per_core / 3600:.1f} hours).")


if __name__ == "__main__":
    main()
