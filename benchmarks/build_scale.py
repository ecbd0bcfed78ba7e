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
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

AS_AT = "2026-11-22"
BIG = 1000  # above this, cold builds and raw MkDocs run once
MB = 1024 * 1024


@dataclass
class Run:
    seconds: float
    peak: int  # bytes
    ok: bool
    error: str = ""
    cpu: float = 0.0  # user + system seconds of the child: less noisy than wall time on a
    # machine shared with other work


@dataclass
class SizeResult:
    n: int
    corpus_bytes: int
    text_chars: int = 0
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    incremental: list[Run] = field(default_factory=list)
    raw_mkdocs: list[Run] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    largest_page: tuple[int, str] = (0, "")
    site_source: str = ""
    pages: dict[str, int] = field(default_factory=dict)  # HTML page → bytes
    largest_plan: tuple[int, str] = (0, "")  # the biggest plan's YAML: bytes, slug
    serve: list[Run] = field(default_factory=list)  # publisher serve's rebuild after an edit


@dataclass
class Throughput:
    chars: int
    texts: int
    ner: list[float] = field(default_factory=list)  # chars/s
    redaction: list[float] = field(default_factory=list)
    note: str = ""


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
        base = _reference_size(results)
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


def plan_pages(result: SizeResult) -> dict[str, int]:
    """Plan slug → bytes of its page: plans/<slug>/index.html, but not the list's plans/page-N/."""
    found = {}
    for page, size in result.pages.items():
        parts = page.split("/")
        if len(parts) == 3 and parts[0] == "plans" and not re.fullmatch(r"page-\d+", parts[1]):
            found[parts[1]] = size
    return found


def shared_largest(result: SizeResult, slugs: set[str]) -> tuple[int, str]:
    """The largest page among the plans `slugs`: plan i is the same plan at every size, so
    this compares like with like, where the largest page of all compares different plans."""
    return max(((size, slug) for slug, size in plan_pages(result).items() if slug in slugs),
               default=(0, "—"))


# ---- text throughput ------------------------------------------------------------------------

def measure_text(folder: Path, sample_chars: int, repeats: int) -> Throughput:
    """Chars/s of the redact stage (one process, no cache) and of raw spaCy NER, same text."""
    import spacy

    from generator.cache import ParseCache
    from generator.content.load import load
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
    from generator.cache import ParseCache
    from generator.content.load import load
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


# ---- report ---------------------------------------------------------------------------------

def report(every: list[SizeResult], text: Throughput, repeats: int, elapsed: float,
           profile: str | None) -> None:
    # The one-plan site is issue 18's yardstick, not a point of the growth tables.
    results = [r for r in every if r.n > 1] or every
    first = results[0]
    print(f"\nBuild at scale: synthetic plans ({first.corpus_bytes / first.n / 1024:.1f} KB of "
          f"YAML and {first.text_chars / first.n / 1000:.1f}k characters of text a plan), "
          f"as at {AS_AT}, {os.cpu_count()} cores, Python {sys.version.split()[0]}.")
    print(f"Medians; runs in brackets. Whole benchmark: {elapsed / 60:.1f} min.\n")
    print("| plans | cold build | warm build | incremental | raw mkdocs | peak memory "
          "| site | largest page |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in every:
        peak = max((run.peak for run in r.cold + r.warm + r.incremental), default=0)
        print(f"| {r.n:,} | {_cell(r.cold)} | {_cell(r.warm)} | {_cell(r.incremental)} "
              f"| {_cell(r.raw_mkdocs)} | {peak / MB:,.0f} MB "
              f"| {r.site_bytes / MB:,.1f} MB, {r.site_files:,} files{_raw(r)} "
              f"| {r.largest_page[0] / 1024:,.1f} KB ({r.largest_page[1]}) |")
    failures = {run.error for r in results for run in r.cold + r.warm + r.incremental
                + r.raw_mkdocs if not run.ok}
    for error in sorted(failures):
        print(f"\n! a run failed ({error})")
    page_growth(results)
    ner, red = _median(text.ner), _median(text.redaction)
    print(f"\nText: {text.chars:,} characters in {text.texts:,} fields of "
          f"{_reference_size(results).n:,}-plan content; {len(text.ner)} runs each.")
    print(f"| redact stage, 1 process, no cache | {red / 1000:,.1f}k chars/s |")
    print(f"| raw spaCy nlp.pipe, NER only      | {ner / 1000:,.1f}k chars/s |")
    print()
    targets(results, ner, red)
    print()
    one_edit_targets(every)
    if profile:
        print("\nProfile of one warm build (cProfile, cumulative):\n")
        print(profile)


def page_growth(results: list[SizeResult]) -> None:
    """Page size against content: what the site adds to a page must not grow with N."""
    shared = set(plan_pages(results[0]))
    print(f"\nPage size as the site grows (\"same plans\": the {len(shared):,} plans every size "
          "has; plan i is the same plan at every size):\n")
    print("| plans | largest plan's YAML | largest page | largest page of the same plans "
          "| home page | plan list, page 1 | overdue list, page 1 |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        same = shared_largest(r, shared)
        print(f"| {r.n:,} | {_kb(r.largest_plan[0])} ({r.largest_plan[1]}) "
              f"| {_kb(r.largest_page[0])} | {_kb(same[0])} ({same[1]}) "
              f"| {_kb(r.pages.get('index.html', 0))} | {_kb(r.pages.get('plans/index.html', 0))} "
              f"| {_kb(r.pages.get('overdue/index.html', 0))} |")


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB" if size else "—"


def targets(results: list[SizeResult], ner: float, red: float) -> None:
    ref = _reference_size(results)
    rows: list[tuple[str, str, str, bool | None]] = []
    rows.append(("redaction ≥ 0.8 × raw NER (1 process)", f"{_ratio(red, ner)}", "≥ 0.80",
                 _holds(red, ner, lambda a, b: a >= 0.8 * b)))
    raw = _median_s(ref.raw_mkdocs)
    for name, runs in (("warm", ref.warm), ("incremental", ref.incremental)):
        value = _median_s(runs)
        rows.append((f"{name} build of {ref.n:,} ≤ 1.3 × raw mkdocs", _ratio(value, raw),
                     "≤ 1.30", _holds(value, raw, lambda a, b: a <= 1.3 * b)))
    cold = _median_s(ref.cold)
    ner_pass = ref.text_chars / ner if ner else None
    floor = raw + ner_pass if raw and ner_pass else None
    detail = f" (raw NER over all {ref.text_chars / 1e6:.1f}M chars ≈ {ner_pass:.0f} s)" \
        if ner_pass else ""
    rows.append((f"cold build of {ref.n:,} ≤ 2 × (raw mkdocs + raw NER){detail}",
                 _ratio(cold, floor), "≤ 2.00", _holds(cold, floor, lambda a, b: a <= 2 * b)))
    small, big = results[0], results[-1]
    if big.n > small.n:
        rows.append((f"largest page at {big.n:,} ≤ 1.2 × at {small.n:,}",
                     _ratio(big.largest_page[0], small.largest_page[0]), "≤ 1.20",
                     _holds(big.largest_page[0], small.largest_page[0],
                            lambda a, b: a <= 1.2 * b)))
        shared = set(plan_pages(small))
        a, b = shared_largest(small, shared)[0], shared_largest(big, shared)[0]
        rows.append((f"largest page of the same {len(shared):,} plans at {big.n:,} ≤ 1.2 × "
                     f"at {small.n:,}", _ratio(b, a), "≤ 1.20",
                     _holds(b, a, lambda x, y: x <= 1.2 * y)))
        content = _ratio(big.largest_plan[0], small.largest_plan[0])
        rows.append((f"(for comparison: largest plan's YAML at {big.n:,} ÷ at {small.n:,})",
                     content, "", None))  # no limit: context for the two rows above
    growing = [r for r in results if r.n >= ref.n]
    if len(growing) > 1:
        a, b = growing[0], growing[-1]
        limit = 1.1 * b.n / a.n  # 5.5× for 1,000 → 5,000
        wa, wb = _median_s(a.warm), _median_s(b.warm)
        rows.append((f"warm build time {a.n:,} → {b.n:,} plans grows ≤ {limit:.1f}×",
                     _ratio(wb, wa), f"≤ {limit:.2f}",
                     _holds(wb, wa, lambda x, y: x <= limit * y)))
    peak = max((run.peak for run in ref.cold + ref.warm + ref.incremental), default=0)
    rows.append((f"peak memory of a {ref.n:,}-plan build < 1.5 GB", f"{peak / MB / 1024:.2f} GB",
                 "< 1.50 GB", peak < 1.5 * 1024 * MB if peak else None))
    print("| target | measured | limit | holds |")
    print("|---|---:|---:|---|")
    for name, value, limit, holds in rows:
        verdict = "—" if not limit else "n/a" if holds is None else ("yes" if holds else "NO")
        print(f"| {name} | {value} | {limit} | {verdict} |")
    if ref.n != BIG:
        print(f"\n(The targets name 1,000 plans; this run's reference size is {ref.n:,}.)")


def one_edit_targets(results: list[SizeResult]) -> None:
    """Issue 18's targets, each a ratio of medians from this run, with PASS or FAIL."""
    by_n = {r.n: r for r in results}
    one, big = by_n.get(1), by_n.get(BIG)
    rows: list[tuple[str, str, str, bool | None]] = []
    if one is not None and big is not None:
        rows.append(_ratio_row(f"one edited progress note at {BIG:,} plans ÷ warm one-plan "
                               "build", big.incremental, one.warm, 1.5))
        rows.append(_ratio_row(f"warm build, nothing changed at {BIG:,} plans ÷ warm one-plan "
                               "build", big.warm, one.warm, 1.2))
        # Like for like: since a build with nothing changed does nothing at all (uptodate.py),
        # the warm one-plan build above is start-up alone, while any edit needs the name
        # finder loaded. An edit's cost must not grow with the site: the same edit in a
        # one-plan site is the fair yardstick for that (and printed beside the issue's).
        rows.append(_ratio_row(f"(like for like) one edited progress note at {BIG:,} plans ÷ "
                               "the same edit in a one-plan site", big.incremental,
                               one.incremental, 1.5))
        edit = _median_s(big.incremental)
        rows.append((f"one edited progress note at {BIG:,} plans (goal on this machine)",
                     f"{edit:.2f} s", "≤ 2.0 s", edit <= 2.0 if edit else None))
    ref = _reference_size([r for r in results if r.n > 1] or results)
    if ref.serve and all(r.ok for r in ref.serve) and ref.incremental:
        rows.append(_ratio_row(f"publisher serve: one edited progress note at {ref.n:,} plans, "
                               "rebuilt ÷ the same edit by publisher build", ref.serve,
                               ref.incremental, 1.0))
    elif ref.serve:
        rows.append(("publisher serve: one edited progress note", ref.serve[0].error, "", None))
    for n, limit_gb in ((100, None), (BIG, 0.6), (5000, 1.5)):
        r = by_n.get(n)
        if r is None:
            rows.append((f"peak memory at {n:,} plans", "not measured", "", None))
            continue
        peak = max((run.peak for run in r.cold + r.warm + r.incremental), default=0)
        limit = f"≤ {limit_gb:.1f} GB" if limit_gb else ""
        rows.append((f"peak memory at {n:,} plans (cold, warm and edit builds)",
                     f"{peak / MB:,.0f} MB", limit,
                     (peak <= limit_gb * 1024 * MB) if limit_gb and peak else None))
    print("Issue 18 (one edit, one page; flat memory): medians of this run's builds; a time "
          "target passes only if its wall and its CPU ratio both hold.")
    print("| target | measured | limit | verdict |")
    print("|---|---:|---:|---|")
    for name, value, limit, holds in rows:
        verdict = "—" if not limit else "n/a" if holds is None else ("PASS" if holds else "FAIL")
        print(f"| {name} | {value} | {limit} | {verdict} |")


def _ratio_row(name: str, runs: list[Run], base_runs: list[Run],
               limit: float) -> tuple[str, str, str, bool | None]:
    """A target `runs` ≤ `limit` × `base_runs`, judged on the medians of wall and CPU both."""
    value, cpu = _median_s(runs), _median_cpu(runs)
    base, base_cpu = _median_s(base_runs), _median_cpu(base_runs)

    def within(a: float, b: float) -> bool:
        return a <= limit * b

    return (name, f"{_ratio(value, base)} ({value:.2f} s ÷ {base:.2f} s wall; "
                  f"{_ratio(cpu, base_cpu)} in CPU, {cpu:.2f} s ÷ {base_cpu:.2f} s)",
            f"≤ {limit:.1f} ×", _both(_holds(value, base, within), _holds(cpu, base_cpu, within)))


def _both(wall: bool | None, cpu: bool | None) -> bool | None:
    """PASS needs the wall and the CPU ratio both: on a machine loaded above its cores, the
    wall time of a short build is mostly waiting, and its ratio says little on its own."""
    if wall is None or cpu is None:
        return None
    return wall and cpu


def _median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs) if runs else 0.0


def _reference_size(results: list[SizeResult]) -> SizeResult:
    """The run the 1,000-plan targets are judged on: 1,000, else the largest size below it."""
    below = [r for r in results if r.n <= BIG]
    return max(below, key=lambda r: r.n) if below else results[0]


def _raw(result: SizeResult) -> str:
    return " (raw mkdocs: no build was published)" if result.site_source == "raw-site" else ""


def _cell(runs: list[Run]) -> str:
    if not runs:
        return "—"
    mark = "" if all(r.ok for r in runs) else " !"
    return f"{_median_s(runs):,.1f} s, {_median_cpu(runs):,.1f} s CPU ({len(runs)}){mark}"


def _median_s(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs) if runs else 0.0


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f} ×" if a and b else "n/a"


def _holds(a: float | None, b: float | None,
           test: Callable[[float, float], bool]) -> bool | None:
    return test(a, b) if a and b else None


if __name__ == "__main__":
    main()
