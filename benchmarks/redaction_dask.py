"""Cold redaction on a local Dask cluster of two workers against one process (issue 18).

Both redact the same plans' text as a build after a model change does: every text missing from
the caches (each build gets its own empty cache folder, and writes the analysis and document
caches as a build does): once in this process with `jobs=1`, once with `scheduler=` a
LocalCluster of two single-threaded worker processes on 127.0.0.1. As on the "existing
cluster" of the issue, the cluster is started and every worker's engine loaded before
anything is timed, and the workers are warmed up on the same plan as this process (a model's
first texts cost more than its later ones); each timed build still connects its own client,
as a real build does.

Runs alternate (one process, then the cluster) so both see the same machine load, and each
figure is printed with the load average beside it. On a machine shared with other jobs the
wall times measure mostly the other jobs: the CPU seconds do not. The one-process build's CPU
divided by the busier worker's is what two free cores would give; both ratios are checked
against the 1.7 × target, the wall one as the median of each run's ratio (its two builds ran
back to back under the same load). Each run also prints where the cluster's wall time went,
from the client's clock around the engine's calls and the workers' timestamps in the
scheduler's task stream: connecting, the busier worker computing, handing out the first
batch, idle between batches, results coming back, this process waiting for the cluster, the
policy pass in this process and how much of it ran while a worker computed (the build keeps a
window of stage batches on the cluster: redaction/distributed.py, pipeline()); the medians
follow in a table. The paper estimate for a national re-redaction uses measured CPU seconds,
not wall times: the name finder's characters a CPU second of one core, the policy pass's
(this process's main thread outside the engine's calls) and the workers' CPU against the one
process's name finder, with the overlap modelled as max(analysis, policy) + the pipeline's
fill; it says so when printed. The script also runs against code without the window (it
clocks analyze_many then), so that the two can be measured in one sitting.

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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from dask_phases import SENDS, WAITS, Phases, clocked, phases_of, seconds  # noqa: E402

ESTIMATE_PLANS = 50_000
ESTIMATE_WORKERS = 32
TARGET = 1.7


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
    # of which, in the cluster build, the documents' results kept for the next build after the
    # last batch (stage._keep_results): a tail that overlaps nothing
    remote_keep_cpu: float = 0.0
    local_keep_cpu: float = 0.0  # the same in the one-process build


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
        from redaction import distributed
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
        pipeline = (getattr(distributed, "WINDOW", 1),
                    getattr(distributed, "STAGE_CHARS_PER_WORKER", 0))
    report(len(plans), total, runs, workers, pipeline)


def _measure(subset: Any, client: Any, address: str) -> tuple[Run, Any, Any]:
    from distributed import get_task_stream

    from redaction import redact_content

    load = os.getloadavg()[0]
    with clocked() as calls, tempfile.TemporaryDirectory() as cache:
        start, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        one = redact_content(subset, cache_dir=Path(cache), jobs=1)
        local_wall, local_cpu = time.perf_counter() - start, time.process_time() - cpu
        main = time.thread_time() - main
    local_analysis = seconds(calls.get("ParallelEngine.analyze_many", []))
    analysis_cpu = seconds(calls.get("ParallelEngine.analyze_many CPU", []))
    rest_cpu = [main - analysis_cpu]
    local_keep = seconds(calls.get("stage._keep_results CPU", []))
    remote_load = os.getloadavg()[0]
    before = client.run(time.process_time)
    with clocked() as calls, get_task_stream(client) as stream, \
            tempfile.TemporaryDirectory() as cache:
        begun = time.time()
        start, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
        two = redact_content(subset, cache_dir=Path(cache), scheduler=address)
        remote_wall, client_cpu = time.perf_counter() - start, time.process_time() - cpu
        main = time.thread_time() - main
        build = (begun, time.time())
    rest_cpu.append(main - sum(seconds(calls.get(f"{name} CPU", [])) for name in
                               ["Pending.result", *(f"DaskEngine.{n}" for n in WAITS + SENDS)]))
    after = client.run(time.process_time)
    workers = sorted((after[w] - before[w] for w in after if w in before), reverse=True)
    return (Run(local_wall, local_cpu, load, local_analysis, analysis_cpu, remote_wall,
                client_cpu, workers, remote_load, phases_of(calls, stream.data, build), *rest_cpu,
                seconds(calls.get("stage._keep_results CPU", [])), local_keep),
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
          f"results back {p.gather:.3f} s after the last batch); this process waited "
          f"{p.wait:.2f} s ({p.first_wait:.2f} s for the first batch), applied the policy "
          f"{run.remote_wall - p.connect - p.wait - p.close:.2f} s, {p.overlap:.2f} s of it "
          f"while a worker computed; workers done {p.drain:.2f} s before the end",
          flush=True)


def report(plans: int, chars: int, runs: list[Run], workers: int,
           pipeline: tuple[int, int]) -> None:
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
    print(f"\nCold redaction of {plans:,} synthetic plans ({chars:,} characters), empty "
          f"caches, {os.cpu_count()} cores, load average {min(loads):.1f} to {max(loads):.1f} "
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
          f"the one process's name finder.")
    _estimate(plans, chars, runs, pipeline)


def _estimate(plans: int, chars: int, runs: list[Run], pipeline: tuple[int, int]) -> None:
    """50,000 plans on 32 workers, from CPU seconds: the analysis spreads over the workers,
    the policy pass runs in this process, and the window overlaps the two (wall = the longer
    of the two + the pipeline's fill); without the window they add up."""
    from redaction.stage import BATCH_CHARS

    def median(value: Any) -> float:
        return statistics.median(value(r) for r in runs)

    n, total = ESTIMATE_WORKERS, ESTIMATE_PLANS * chars / plans
    per_core = chars / median(lambda r: r.local_analysis_cpu)  # the name finder, one core
    efficiency = min(1.0, median(lambda r: r.local_analysis_cpu / sum(r.worker_cpu)))
    # The policy pass: this process's main thread outside the engine's calls (the texts
    # walked, the policy applied, the caches written) in the one-process build, where it had
    # its core to itself, as on a building machine apart from the cluster; the documents'
    # results kept after the last batch are a tail that overlaps nothing.
    policy = chars / median(lambda r: r.local_rest_cpu - r.local_keep_cpu)
    keep = total * median(lambda r: r.local_keep_cpu) / chars
    # In the cluster build the pass shared this machine's cores with the workers.
    shared = chars / median(lambda r: r.remote_rest_cpu - r.remote_keep_cpu)
    window, per_worker = pipeline
    batch = min(BATCH_CHARS, per_worker * n) if window > 1 else BATCH_CHARS
    analysis, passes = total / (n * per_core * efficiency), total / policy

    def wall(rate: float) -> float:
        fill = batch / (n * per_core * efficiency) + batch / rate + keep
        return max(analysis, total / rate) + fill if window > 1 else (
            analysis + total / rate + keep)

    overlapped, fill = wall(policy), wall(policy) - max(analysis, passes)
    print(f"\nPaper estimate: {ESTIMATE_PLANS:,} plans of {chars / plans / 1000:.1f}k "
          f"characters ({total / 1e6:,.0f}M) on {n} workers. Measured above: the name finder "
          f"{per_core / 1000:.1f}k characters a CPU second of one core, the workers "
          f"{efficiency:.0%} as efficient (the one process's name-finder CPU ÷ both workers' "
          f"CPU), the policy pass {policy / 1e6:.2f}M characters a CPU second of this "
          f"process's main thread, and after it the documents' results kept for the next "
          f"build, {keep:.0f} s at this scale. Analysis {total:,.0f} ÷ ({n} × {per_core:,.0f} "
          f"× {efficiency:.2f}) = {analysis / 60:.1f} min; policy {total:,.0f} ÷ "
          f"{policy:,.0f} = {passes / 60:.1f} min.")
    if window > 1:
        print(f"With the window ({window} stage batches of {batch / 1e6:.1f}M characters on "
              f"the cluster at once) the two overlap: wall = max(analysis, policy) + fill, "
              f"where fill = the first batch's analysis on {n} workers + the last batch's "
              f"policy + the results kept = {fill:.0f} s: about {overlapped / 60:.1f} minutes "
              f"(without the window they add up: {(analysis + passes + keep) / 60:.1f}); one "
              f"process: {(total / per_core + passes + keep) / 3600:.1f} hours.")
        print(f"In the cluster build the policy pass shared this machine's cores with the two "
              f"workers and ran at {shared / 1e6:.2f}M characters a CPU second: at that rate, "
              f"about {wall(shared) / 60:.1f} minutes.")
    else:
        print(f"Without a window the two add up: about {overlapped / 60:.1f} minutes; one "
              f"process: {(total / per_core + passes + keep) / 3600:.1f} hours.")


def _breakdown(runs: list[Run]) -> None:
    """Medians of where each build's wall time went: the name finder's computing against
    what the cluster adds (connecting, handing out batches, waiting, results coming back),
    and the policy pass in this process, with how much of it overlapped the workers."""
    def median(value: Any) -> float:
        return statistics.median(value(r) for r in runs)

    busy = median(lambda r: r.phases.busy[0])
    rest_one = median(lambda r: r.local_wall - r.local_analysis)
    rest_two = median(lambda r: r.remote_wall - r.phases.connect - r.phases.wait
                      - r.phases.close)
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
        ("this process waiting for the cluster's results", None,
         median(lambda r: r.phases.wait)),
        ("  of which for the first stage batch (the pipeline's fill)", None,
         median(lambda r: r.phases.first_wait)),
        ("texts walked, policy applied, caches written (this process)", rest_one, rest_two),
        ("  the same, CPU seconds of the main thread", median(lambda r: r.local_rest_cpu),
         median(lambda r: r.remote_rest_cpu)),
        ("  of its wall, while at least one worker computed (overlap)", None,
         median(lambda r: r.phases.overlap)),
        ("the last batch computed → the build's end (workers idle)", None,
         median(lambda r: r.phases.drain)),
        ("client closed", None, median(lambda r: r.phases.close)),
        ("wall", median(lambda r: r.local_wall), median(lambda r: r.remote_wall)),
    ]
    print("| wall seconds, medians | one process | cluster |")
    print("|---|---:|---:|")
    for name, local, remote in rows:
        print(f"| {name} | {'' if local is None else f'{local:.3f}'} | {remote:.3f} |")
    tasks = median(lambda r: r.phases.tasks)
    print(f"\n{tasks:.0f} batches a run. The cluster build's wall = connect + waiting + this "
          "process's own work (the policy pass) + close; the overlap is the part of the policy "
          "pass the workers computed through.")


if __name__ == "__main__":
    main()
