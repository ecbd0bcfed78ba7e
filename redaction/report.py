"""The internal review report for information governance: every redaction decision, grouped by
file, as self-contained HTML (no external requests) and as CSV. It contains the personal data
it describes, so it is marked OFFICIAL-SENSITIVE and is written to reports/, never to site/."""

from __future__ import annotations

import csv
import html
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from redaction.stage import RedactionFinding

MARKING = "OFFICIAL-SENSITIVE"
COLUMNS = ["file", "field", "entity", "score", "recognizer", "text", "sentence", "decision",
           "needs_review", "decided", "scope", "reason", "decided_by", "decided_on"]
_DECISION_CLASS = {"redacted": "red", "kept: never_redact": "kept", "kept: below threshold": "low",
                   "kept: released": "kept"}

_CSS = """
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#111}
.marking{background:#b10e1e;color:#fff;text-align:center;font-weight:700;padding:.4rem;
letter-spacing:.08em}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.8rem 0 .3rem} h2{font-size:1.2rem;margin:2rem 0 .4rem;
border-bottom:2px solid #005eb8;padding-bottom:.2rem}
.summary{color:#333} .counts span{display:inline-block;margin:.15rem .6rem .15rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#eef3f9} td.n{text-align:right;white-space:nowrap}
mark{background:#ffe08a;padding:0 .1rem}
.red{color:#8a0010;font-weight:600} .kept{color:#00563f;font-weight:600}
.low{color:#6a4a00;font-weight:600} code{font-size:.9em}
nav ul{columns:2;padding-left:1.2rem}
@media print{.marking{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def write_report(findings: list[RedactionFinding], reports_dir: Path) -> list[Path]:
    """Write reports/redaction-report.html and .csv; returns their paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    csv_path = reports_dir / "redaction-report.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(f"# {MARKING}: contains personal data. Internal review only.\n")
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for f in findings:
            writer.writerow([getattr(f, c) for c in COLUMNS])
    html_path = reports_dir / "redaction-report.html"
    html_path.write_text(render_html(findings), encoding="utf-8")
    return [html_path, csv_path]


def internal_head(title: str, css: str) -> list[str]:
    """The start of an internal page (report, review): never indexed, styled inline, no
    request to any host."""
    return [
        "<!doctype html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{title}</title>",
        f"<style>{css}</style></head><body>",
    ]


def render_html(findings: list[RedactionFinding], now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%d %B %Y %H:%M")
    by_file: dict[str, list[RedactionFinding]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    decisions = Counter(f.decision for f in findings)
    e = html.escape
    parts = [
        *internal_head(f"{MARKING} — Redaction review report", _CSS),
        f'<div class="marking" role="note">{MARKING} — contains personal data. '
        "Internal review only: do not publish or forward.</div>",
        "<main>",
        "<h1>Redaction review report</h1>",
        f'<p class="summary">Generated {e(stamp)}. {len(findings)} finding(s) in '
        f"{len(by_file)} file(s). Each row is one decision: the personal data found, where, "
        "by which recogniser and with what confidence, whether it was redacted or kept "
        "(by the policy's <code>never_redact</code> list, or released by a decision), and "
        "who decided it and why (<code>redaction-decisions.yaml</code>). Findings marked "
        "<em>awaiting review</em> were uncertain and are withheld until someone decides them "
        "with <code>publisher review</code>.</p>",
        '<p class="counts">'
        + "".join(
            f'<span class="{_DECISION_CLASS.get(d, "red")}">{e(d)}: {n}</span>'
            for d, n in sorted(decisions.items())
        )
        + "</p>",
    ]
    if by_file:
        parts.append('<nav aria-label="Files"><h2>Files</h2><ul>')
        for i, (file, rows) in enumerate(by_file.items()):
            kept = sum(1 for r in rows if r.decision.startswith("kept"))
            parts.append(
                f'<li><a href="#f{i}">{e(file)}</a> — {len(rows)} finding(s), {kept} kept</li>'
            )
        parts.append("</ul></nav>")
    else:
        parts.append("<p>No personal data was found.</p>")
    for i, (file, rows) in enumerate(by_file.items()):
        parts += [
            f'<section aria-labelledby="f{i}"><h2 id="f{i}">{e(file)}</h2>',
            '<table><thead><tr><th scope="col">Field</th><th scope="col">Found</th>'
            '<th scope="col">Kind</th><th scope="col">Score</th>'
            '<th scope="col">Recogniser</th><th scope="col">Outcome</th>'
            '<th scope="col">Decided by, and why</th>'
            '<th scope="col">In context</th></tr></thead><tbody>',
        ]
        for r in rows:
            cls = _DECISION_CLASS.get(r.decision, "red")
            parts.append(
                f"<tr><td><code>{e(r.field)}</code></td><td><mark>{e(r.text)}</mark></td>"
                f'<td>{e(r.entity)}</td><td class="n">{r.score:.2f}</td>'
                f'<td>{e(r.recognizer)}</td><td class="{cls}">{e(r.decision)}</td>'
                f"<td>{_who(r)}</td><td>{_highlight(r.sentence, r.text)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts += ["</main>", f'<div class="marking" role="note">{MARKING}</div>', "</body></html>"]
    return "\n".join(parts) + "\n"


def _who(r: RedactionFinding) -> str:
    e = html.escape
    if r.decided:
        where = "everywhere" if r.scope == "everywhere" else f"in {r.scope}"
        return (f"{e(r.decided_by)}, {e(r.decided_on)}: {e(r.decided)} {e(where)}. "
                f"<em>{e(r.reason)}</em>")
    if r.needs_review:
        return '<span class="low">Awaiting review: withheld until decided</span>'
    if r.decision == "kept: never_redact":
        return "The policy (never_redact)"
    return "The policy"


def _highlight(sentence: str, found: str) -> str:
    at = sentence.find(" ".join(found.split())) if found else -1
    if at < 0:
        return html.escape(sentence)
    end = at + len(" ".join(found.split()))
    return (
        html.escape(sentence[:at])
        + "<mark>"
        + html.escape(sentence[at:end])
        + "</mark>"
        + html.escape(sentence[end:])
    )
