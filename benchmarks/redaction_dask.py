"""Cold redaction on a local Dask cluster of two workers against one process (issue 18).

Both redact the same plans' text with no cache (`redact_content(use_cache=False)`): once in
this process with `jobs=1`, once with `scheduler=` a LocalCluster of two single-threaded worker
processes on 127.0.0.1 whose engines are loaded first (as they stay loaded on a real cluster).
Medians of --repeats runs, in one run, then a paper estimate for a national re-redaction from
the measured per-core throughput and the measured cluster efficiency.

    .venv/bin/python benchmarks/redaction_dask.py            # 600k characters, 3 runs
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

ESTIMATE_PLANS = 50_000
ESTIMATE_WORKERS = 32


def _warm(model: str) -> int:
    """Run on each worker: load its engine once, as a real cluster's workers keep theirs."""
    from redaction.engine import get_engine

    get_engine(model).analyze_many(["Dr Sarah Hughes met the family in Leeds."])
    return os.getpid()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=600_000, help="characters of plan text")
    parser.add_argument("--repeats", type=int, default=3)
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
    from redaction.stage import walk

    with tempfile.TemporaryDirectory(prefix="publisher-dask-bench-") as work:
        folder = Path(work) / "content"
        n = max(10, chars // 7_000)
        synthetic.write_content(folder, n)
        content = load(folder)
        plans, total = [], 0
        for doc in content.plans:
            if total >= chars:
                break
            plans.append(doc)
            total += sum(len(v) for _, _, v, kind in walk(doc.data)
                         if kind is not None and isinstance(v, str))
        subset = dataclasses.replace(content, plans=plans, foi=[], pages=[])
        model = content.policy.model
        redact_content(dataclasses.replace(subset, plans=plans[:1]), use_cache=False, jobs=1)
        local: list[float] = []
        remote: list[float] = []
        cpu_local: list[float] = []
        cpu_workers: list[float] = []  # the busier worker's CPU seconds
        with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(_warm, model)
            for _ in range(repeats):  # alternated, so both see the same machine load
                start, cpu = time.perf_counter(), time.process_time()
                one = redact_content(subset, use_cache=False, jobs=1)
                local.append(time.perf_counter() - start)
                cpu_local.append(time.process_time() - cpu)
                before = client.run(time.process_time)
                start = time.perf_counter()
                two = redact_content(subset, use_cache=False, scheduler=cluster.scheduler_address)
                remote.append(time.perf_counter() - start)
                after = client.run(time.process_time)
                cpu_workers.append(max(after[w] - before[w] for w in after if w in before))
                assert one == dataclasses.replace(two, remote_texts=0, remote_workers=0), \
                    "the cluster's redaction differs from the local one"
            workers = two.remote_workers
    report(len(plans), total, local, remote, workers, repeats)
    projected = statistics.median(cpu_local) / statistics.median(cpu_workers)
    print(f"\nCPU seconds (what the machine's load does not change): one process "
          f"{statistics.median(cpu_local):.1f} s, the busier worker "
          f"{statistics.median(cpu_workers):.1f} s: on two free cores 2 workers would be "
          f"{projected:.2f} × one process.")


def report(plans: int, chars: int, local: list[float], remote: list[float], workers: int,
           repeats: int) -> None:
    one, two = statistics.median(local), statistics.median(remote)
    per_core = chars / one
    speedup = one / two
    efficiency = speedup / 2
    per_plan = chars / plans
    load = os.getloadavg()[0]
    print(f"\nCold redaction of {plans:,} synthetic plans ({chars:,} characters), no cache, "
          f"{os.cpu_count()} cores (load average {load:.1f} at the end: above the number of "
          f"cores, the second worker has no core of its own); medians of {repeats} run(s), "
          "alternated.\n")
    print("| redaction | time | characters a second |")
    print("|---|---:|---:|")
    print(f"| one process (--jobs 1) | {one:.1f} s | {per_core / 1000:,.1f}k |")
    print(f"| LocalCluster, 2 workers ({workers} did work) | {two:.1f} s "
          f"| {chars / two / 1000:,.1f}k |")
    verdict = "yes" if speedup >= 1.7 else "NO"
    print(f"\n| 2 workers ÷ 1 process ≥ 1.7 × | {speedup:.2f} × | {verdict} |")
    hours = ESTIMATE_PLANS * per_plan / (ESTIMATE_WORKERS * per_core * efficiency) / 3600
    print(f"\nPaper estimate: {ESTIMATE_PLANS:,} plans of {per_plan / 1000:.1f}k characters "
          f"on {ESTIMATE_WORKERS} workers at the measured {per_core / 1000:.1f}k characters a "
          f"second a core and {efficiency:.0%} cluster efficiency: {hours * 60:.0f} minutes "
          f"of analysis (one process: {ESTIMATE_PLANS * per_plan / per_core / 3600:.1f} hours).")


if __name__ == "__main__":
    main()
