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
against the 1.7 × target, the wall one as the median of each run's ratio (its two builds ran
back to back under the same load). Each run also prints where the cluster's wall time went,
from the client's clock around the engine's calls and the workers' timestamps in the
scheduler's task stream: connecting, the busier worker computing, handing out the first
batch, idle between batches, results coming back, the policy pass in this process; the
medians follow in a table. The paper estimate for a national re-redaction uses the measured
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



@dataclasses.dataclass
class Run:
    local_wall: float
    local_cpu: float
    local_load: float
    local_analysis: float  # wall seconds of the name finder in the one-process build
    local_analysis_cpu: float  # its CPU seconds (the policy pass and the rest excluded)
    remote_wall: float
    client_cpu: float  # this process while the cluster analysed: the policy pass, the client
    worker_cpu: list[float]
    remote_load: float
    phases: Phases
    # CPU seconds of this process's main thread outside the engine's calls: the texts walked,
    # the policy applied (the same work in both builds)
    local_rest_cpu: float
    remote_rest_cpu: float


def _warm(model: str, texts: list[str]) -> int:
    """Run on each worker: load its engine and analyse the warm-up plan, as this process does."""
    from redaction.distributed import worker_engine

    worker_engine(model).analyze_many(texts)
    return os.getpid()


def _texts_of(content: Any) -> list[str]:
    from redaction.document_list import documents
    from redaction.stage import _texts

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
                          dashboard_address=None) as cluster, \
                Client(cluster, set_as_default=False) as client:
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
    """(start, stop) by time.time() of every call of the engines' methods in the block; the
    calling thread's CPU seconds of each under "<name> CPU" (as (0, seconds))."""
    from redaction.distributed import DaskEngine
    from redaction.parallel import ParallelEngine

    calls: dict[str, list[tuple[float, float]]] = {}
    methods = [(DaskEngine, "connect"), (DaskEngine, "analyze_many"), (DaskEngine, "close"),
               (ParallelEngine, "analyze_many")]

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
        setattr(cls, name, clock(f"{cls.__name__}.{name}", method))
    try:
        yield calls
    finally:
        for cls, name, method in originals:
            setattr(cls, name, method)


def _seconds(calls: list[tuple[float, float]]) -> float:
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
    ranked = sorted(computes.values(), key=_covered, reverse=True)
    busier = ranked[0]
    starts = [s for spans in computes.values() for s, _ in spans]
    stops = {max(t for _, t in spans) for spans in computes.values()}
    return Phases(
        connect=_seconds(calls.get("DaskEngine.connect", [])),
        window=_seconds(window),
        dispatch=min(starts) - window[0][0],
        busy=[_covered(spans) for spans in ranked],
        idle=max(t for _, t in busier) - min(s for s, _ in busier) - _covered(busier),
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
        start, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        one = redact_content(subset, use_cache=False, jobs=1)
        local_wall, local_cpu = time.perf_counter() - start, time.process_time() - cpu
        main = time.thread_time() - main
    local_analysis = _seconds(calls.get("ParallelEngine.analyze_many", []))
    analysis_cpu = _seconds(calls.get("ParallelEngine.analyze_many CPU", []))
    rest_cpu = [main - analysis_cpu]
    remote_load = os.getloadavg()[0]
    before = client.run(time.process_time)
    with _clocked() as calls, get_task_stream(client) as stream:
        start, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        two = redact_content(subset, use_cache=False, scheduler=address)
        remote_wall, client_cpu = time.perf_counter() - start, time.process_time() - cpu
        main = time.thread_time() - main
    rest_cpu.append(main - sum(_seconds(calls.get(f"DaskEngine.{name} CPU", []))
                               for name in ("connect", "analyze_many", "close")))
    after = client.run(time.process_time)
    workers = sorted((after[w] - before[w] for w in after if w in before), reverse=True)
    return (Run(local_wall, local_cpu, load, local_analysis, analysis_cpu, remote_wall,
                client_cpu, workers, remote_load, _phases(calls, stream.data), *rest_cpu),
            one, two)


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
    def median(value: Any) -> float:
        return statistics.median(value(r) for r in runs)

    one, two = median(lambda r: r.local_wall), median(lambda r: r.remote_wall)
    cpu_one = median(lambda r: r.local_cpu)
    analysis_cpu = median(lambda r: r.local_analysis_cpu)
    busier = median(lambda r: r.worker_cpu[0])
    workers_cpu = median(lambda r: sum(r.worker_cpu))
    client = median(lambda r: r.client_cpu)
    loads = [r.local_load for r in runs] + [r.remote_load for r in runs]
    # Each run's two builds ran back to back under the same load: the median of their
    # ratios moves less with the machine's other jobs than the ratio of the medians.
    wall_ratio = statistics.median(r.local_wall / r.remote_wall for r in runs)
    cpu_ratio = cpu_one / busier
    print(f"\nCold redaction of {plans:,} synthetic plans ({chars:,} characters), no cache, "
          f"{os.cpu_count()} cores, load average {min(loads):.1f} to {max(loads):.1f} "
          f"during the runs (above the number of cores, the wall times measure the other "
          f"jobs); medians of {len(runs)} run(s), alternated.\n")
    print("| redaction | wall | CPU seconds | characters a CPU second |")
    print("|---|---:|---:|---:|")
    print(f"| one process (--jobs 1) | {one:.2f} s | {cpu_one:.2f} s, the name finder "
          f"{analysis_cpu:.2f} s | {chars / cpu_one / 1000:,.1f}k |")
    print(f"| LocalCluster, 2 workers ({workers} did work) | {two:.2f} s | busier worker "
          f"{busier:.2f} s, both {workers_cpu:.2f} s, client and scheduler {client:.2f} s "
          f"| {chars / workers_cpu / 1000:,.1f}k a worker |")
    print()
    _breakdown(runs)
    print()
    for name, ratio in (("wall, median of the runs' ratios", wall_ratio),
                        ("CPU: one process ÷ busier worker", cpu_ratio)):
        verdict = "PASS" if ratio >= TARGET else "FAIL"
        print(f"| 2 workers ÷ 1 process ≥ {TARGET} × ({name}) | {ratio:.2f} × | {verdict} |")
    print(f"\nThe workers spent {workers_cpu / analysis_cpu - 1:+.0%} CPU on the text against "
          f"the one process's name finder (two free cores would give "
          f"{2 * cpu_one / (workers_cpu + cpu_one - analysis_cpu):.2f} × at perfect balance, "
          "the policy pass still in one process).")
    per_core = chars / cpu_one  # characters a CPU second, one core, policy pass included
    per_plan = chars / plans
    efficiency = min(1.0, cpu_ratio / 2)
    hours = ESTIMATE_PLANS * per_plan / (ESTIMATE_WORKERS * per_core * efficiency) / 3600
    print(f"\nPaper estimate: {ESTIMATE_PLANS:,} plans of {per_plan / 1000:.1f}k characters "
          f"on {ESTIMATE_WORKERS} workers at the measured {per_core / 1000:.1f}k characters a "
          f"CPU second of one core and {efficiency:.0%} per-worker efficiency: "
          f"{hours * 60:.0f} minutes of analysis (one process: "
          f"{ESTIMATE_PLANS * per_plan / per_core / 3600:.1f} hours).")


def _breakdown(runs: list[Run]) -> None:
    """Medians of where each build's wall time went: the name finder's computing against
    what the cluster adds (connecting, handing out batches, waiting, results coming back)."""
    def median(value: Any) -> float:
        return statistics.median(value(r) for r in runs)

    busy = median(lambda r: r.phases.busy[0])
    rest_one = median(lambda r: r.local_wall - r.local_analysis)
    rest_two = median(lambda r: r.remote_wall - r.phases.connect - r.phases.window
                      - r.phases.close)
    overhead = median(lambda r: r.phases.connect + r.phases.window - r.phases.busy[0]
                      + r.phases.close)
    rows = [
        ("connect: client, a worker, every worker's fingerprint", None,
         median(lambda r: r.phases.connect)),
        ("the name finder: computing (cluster: the busier worker)",
         median(lambda r: r.local_analysis), busy),
        ("  first batch submitted → computing on a worker", None,
         median(lambda r: r.phases.dispatch)),
        ("  the busier worker idle between its batches", None, median(lambda r: r.phases.idle)),
        ("  last batch done → its results in this process", None,
         median(lambda r: r.phases.gather)),
        ("  (the other worker done earlier by)", None, median(lambda r: r.phases.tail)),
        ("texts walked, policy applied (this process)", rest_one, rest_two),
        ("  the same, CPU seconds of the main thread", median(lambda r: r.local_rest_cpu),
         median(lambda r: r.remote_rest_cpu)),
        ("client closed", None, median(lambda r: r.phases.close)),
        ("wall", median(lambda r: r.local_wall), median(lambda r: r.remote_wall)),
        ("the cluster's overhead: wall − computing − the policy pass", None, overhead),
    ]
    print("| wall seconds, medians | one process | cluster |")
    print("|---|---:|---:|")
    for name, local, remote in rows:
        print(f"| {name} | {'' if local is None else f'{local:.3f}'} | {remote:.3f} |")
    tasks = median(lambda r: r.phases.tasks)
    print(f"\n{tasks:.0f} batches a run. Overhead = connect + the window's seconds that are not "
          "the busier worker computing (handing out, idle, results back, waiting for the "
          "other worker) + close.")


if __name__ == "__main__":
    main()
