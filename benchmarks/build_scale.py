"""How build time, memory and page size grow with the number of plans (issue 7).

For each size N it writes N synthetic plans (benchmarks/synthetic.py) into a temporary
content folder and runs `publisher build` as a child process, exactly as a user would:
- cold: caches and site removed first;
- warm: again, nothing changed (since generator/site/uptodate.py: start-up, one hash of the
  content and a check that the published site is the one that build made);
- incremental: after one progress note in one plan is edited;
- serve (up to 1,000 plans): `publisher serve`'s rebuild in its long-lived process after the
  same kind of edit.
In the same run, as baselines: plain `mkdocs build` of the very Markdown and configuration
the last build gave MkDocs (the mkdocs.yml the build leaves in its cache folder), and a raw
spaCy `nlp.pipe` NER-only pass over the plans' text. Figures are medians; the number of runs
is shown in brackets. Peak memory is the child's maximum resident set size.

    .venv/bin/python benchmarks/build_scale.py            # 1, 100, 1,000 and 5,000 plans
    .venv/bin/python benchmarks/build_scale.py --quick    # a smoke run in a few minutes
    .venv/bin/python benchmarks/build_scale.py --sizes 1000 --profile

From 1,000 plans the cold build runs once, and above 1,000 the incremental build and raw
MkDocs too (they take minutes); warm builds run --repeats times at every size. Wall and CPU
seconds are both shown: on a machine shared with other work the CPU time is the steadier.
Issue 18's targets are printed last, as ratios of this run's medians with PASS or FAIL:
an edit and a warm build at 1,000 plans against a warm one-plan build, and peak memory at
100, 1,000 and 5,000 plans. With the defaults the whole run takes about an hour on two
cores; `--sizes 1,1000` measures the time targets alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from scale_report import (  # noqa: E402
    AS_AT,
    BIG,
    Run,
    SizeResult,
    Throughput,
    reference_size,
    report,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,1000,5000",
                        help="numbers of plans, comma-separated (default 1,100,1000,5000; "
                        "the one-plan site is the yardstick of issue 18's targets)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 30 and 100 plans, one run each, a small text sample")
    parser.add_argument("--sample-chars", type=int, default=1_000_000,
                        help="characters of plan text for the throughput figures")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one warm build (cProfile) at the largest size <= 1000")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-names", action="store_true",
                        help="synthetic text that names nobody: measures the build even when "
                        "the name finder misses a name and the leak gate stops the build")
    args = parser.parse_args()
    sizes = [30, 100] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    repeats = 1 if args.quick else max(1, args.repeats)
    sample = 200_000 if args.quick else args.sample_chars

    work = args.keep or Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        results = []
        for n in sizes:
            results.append(measure_size(work / f"n{n}", n, repeats, args.seed,
                                        names=not args.no_names))
            print(f"  [{n} plans measured after {time.perf_counter() - started:.0f} s]",
                  file=sys.stderr, flush=True)
        base = reference_size(results)
        throughput = measure_text(work / f"n{base.n}", sample, repeats)
        for result in results:
            result.text_chars = _text_chars(work / f"n{result.n}")
        profile = _profile(work / f"n{base.n}") if args.profile else None
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report(results, throughput, repeats, time.perf_counter() - started, profile)


# ---- builds ---------------------------------------------------------------------------------

def measure_size(folder: Path, n: int, repeats: int, seed: int, *,
                 names: bool = True) -> SizeResult:
    shutil.rmtree(folder, ignore_errors=True)
    content = folder / "content"
    corpus = synthetic.write_content(content, n, seed, names=names)
    result = SizeResult(n, corpus.bytes)
    result.largest_plan = max((p.stat().st_size, p.stem) for p in (content / "plans").iterdir())
    once = n > BIG
    for _ in range(1 if n >= BIG else repeats):  # a cold 1,000 takes minutes: once
        _forget(folder)
        result.cold.append(_publisher_build(folder))
    for _ in range(repeats):
        result.warm.append(_publisher_build(folder))
    for i in range(1 if once else repeats):
        synthetic.edit_progress_note(content, f"bench-{i}")
        result.incremental.append(_publisher_build(folder))
    if 1 < n <= BIG:  # the first preview of 5,000 plans alone takes many minutes
        result.serve = _serve_edits(folder, repeats)
    config = next((folder / ".cache" / "site").glob("*/mkdocs.yml"), None)
    if config is not None:
        for _ in range(1 if once else repeats):
            result.raw_mkdocs.append(_raw_mkdocs(config, folder / "raw-site"))
    # A build the leak gate stopped published nothing: then measure MkDocs' own output.
    for site in (folder / "site", folder / "raw-site"):
        if site.is_dir():
            result.site_bytes, result.site_files, result.largest_page = _site_size(site)
            result.pages = _page_sizes(site)
            result.site_source = site.name
            break
    shutil.rmtree(folder / "raw-site", ignore_errors=True)
    return result


def _forget(folder: Path) -> None:
    for path in [folder / ".cache", folder / "site", folder / "reports"]:
        shutil.rmtree(path, ignore_errors=True)


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PUBLISHER_CACHE"] = str(folder / ".cache")
    env["PUBLISHER_REDACTION_CACHE"] = str(folder / ".cache" / "redaction")
    env.pop("SOURCE_DATE_EPOCH", None)
    # A user's Python keeps compiled modules; without them every build compiles ~100 of ours
    # again (0.2 s), which measures the compiler, not the build.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _publisher_build(folder: Path) -> Run:
    code = "from generator.cli import main; main()"
    return _child([sys.executable, "-c", code, "build", "--content", "content", "--site", "site",
                   "--reports", "reports", "--as-at", AS_AT], folder, _env(folder))


# `publisher serve` rebuilds in one long-lived process: its first preview is made as the
# command starts; then each saved edit is rebuilt by the same function, timed here.
SERVE = """
import json, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {here!r})
import synthetic
from generator.site.serve import preview
content, work, as_at = Path("content"), Path("serve-preview"), date.fromisoformat({as_at!r})
preview(content, work / "site", as_at, work / "cache")
runs = []
for i in range({repeats}):
    synthetic.edit_progress_note(content, f"serve-{{i}}")
    wall, cpu = time.perf_counter(), time.process_time()
    preview(content, work / "site", as_at, work / "cache")
    runs.append((time.perf_counter() - wall, time.process_time() - cpu))
print(json.dumps(runs))
"""


def _serve_edits(folder: Path, repeats: int) -> list[Run]:
    """publisher serve's rebuild after each of `repeats` edits (wall and CPU of the rebuild
    alone; serve notices a saved file within a second of polling besides)."""
    code = SERVE.format(here=str(HERE), as_at=AS_AT, repeats=repeats)
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=_env(folder),
                          capture_output=True, text=True)
    shutil.rmtree(folder / "serve-preview", ignore_errors=True)
    if done.returncode != 0:
        return [Run(0.0, 0, False, " | ".join(done.stderr.splitlines()[-3:])[:400])]
    return [Run(wall, 0, True, cpu=cpu) for wall, cpu in json.loads(done.stdout)]


def _raw_mkdocs(config: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return _child([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                   str(config), "--site-dir", str(out)], config.parent, _env(out.parent))


def _child(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run `command`; its wall time and its peak resident memory (ru_maxrss, in KB on Linux)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    ok = process.returncode == 0
    error = "" if ok else f"exit {process.returncode}: " + " | ".join(text.splitlines()[-3:])
    return Run(seconds, usage.ru_maxrss * 1024, ok, error[:400],
               usage.ru_utime + usage.ru_stime)


def _site_size(site: Path) -> tuple[int, int, tuple[int, str]]:
    total = files = 0
    largest = (0, "")
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html" and size > largest[0]:
                largest = (size, path.relative_to(site).as_posix())
    return total, files, largest


def _page_sizes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


# ---- text throughput ------------------------------------------------------------------------

def measure_text(folder: Path, sample_chars: int, repeats: int) -> Throughput:
    """Chars/s of the redact stage (one process, no cache) and of raw spaCy NER, same text."""
    import spacy

    from generator.content.load import load
    from generator.content.parse_cache import ParseCache
    from redaction import redact_content
    from redaction.text_fields import walk

    content = load(folder / "content", cache=ParseCache(folder / "content", folder / ".cache"))
    plans, texts, chars = [], [], 0
    for doc in content.plans:
        if chars >= sample_chars:
            break
        plans.append(doc)
        for _, _, value, kind in walk(doc.data):
            if kind is not None and isinstance(value, str) and value.strip():
                texts.append(value)
                chars += len(value)
    result = Throughput(chars, len(texts))
    model = content.policy.model
    nlp = spacy.load(model)
    nlp.select_pipes(enable=["ner"])  # the floor: the model's NER and nothing else
    list(nlp.pipe(texts[:200]))  # warm up
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        result.ner.append(chars / (time.perf_counter() - start))
    del nlp
    subset = dataclasses.replace(content, plans=plans, foi=[], pages=[])
    options = {"use_cache": False}
    if "jobs" in inspect.signature(redact_content).parameters:
        options["jobs"] = 1  # the target is per process
    warm = dataclasses.replace(content, plans=plans[:1], foi=[], pages=[])
    redact_content(warm, **options)  # loads the model and the recognisers
    for _ in range(repeats):
        start = time.perf_counter()
        redact_content(subset, **options)
        result.redaction.append(chars / (time.perf_counter() - start))
    return result


def _text_chars(folder: Path) -> int:
    from generator.content.load import load
    from generator.content.parse_cache import ParseCache
    from redaction.text_fields import walk

    content = load(folder / "content", cache=ParseCache(folder / "content", folder / ".cache"))
    return sum(len(value) for doc in content.plans
               for _, _, value, kind in walk(doc.data)
               if kind is not None and isinstance(value, str))


# ---- profile --------------------------------------------------------------------------------

def _profile(folder: Path) -> str:
    out = folder / "warm.prof"
    code = ("import cProfile, sys; from generator.cli import main; sys.argv[0] = 'publisher'; "
            f"cProfile.run('main()', {str(out)!r})")
    _child([sys.executable, "-c", code, "build", "--content", "content", "--site", "site",
            "--reports", "reports", "--as-at", AS_AT], folder, _env(folder))
    if not out.exists():
        return "(the profiled build did not finish)"
    import io

    buffer = io.StringIO()
    stats = pstats.Stats(str(out), stream=buffer)
    stats.sort_stats("cumulative").print_stats(30)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
