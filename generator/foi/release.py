"""The FOI release, one readable function: prepare (load → validate → redact) → render PDFs →
scan → bundle.

Like the site build, nothing reaches release/ unless every stage succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.errors import Problem
from generator.foi.bundle import Bundle, find_response, generated_at, write_bundle
from generator.foi.ig_report import write_redaction_log
from generator.foi.preflight import write_preflight
from generator.prepare import prepare


@dataclass(frozen=True)
class ReleaseOptions:
    reference: str
    content: Path
    out: Path
    reports: Path
    as_at: date | None = None  # None: SOURCE_DATE_EPOCH, else today
    use_cache: bool = True


@dataclass(frozen=True)
class ReleaseResult:
    bundle: Bundle
    redaction_log: Path
    withheld: int  # passages replaced in the letter and its annexes
    warnings: list[Problem] = field(default_factory=list)
    preflight: Path | None = None  # reports/foi-<ref>-preflight.csv, when it has file annexes


def release(options: ReleaseOptions) -> ReleaseResult:
    prepared = prepare(options.content, use_cache=options.use_cache)
    redacted = prepared.redacted
    doc = find_response(redacted, options.reference)
    at = generated_at(options.as_at)
    as_at = options.as_at or at.date()
    # The IG logs are written first: if the leak scan stops the release, IG can see why.
    log = write_redaction_log(redacted, doc, options.reports)
    content = prepared.content
    preflight = write_preflight(replace(content, foi=[d for d in content.foi
                                                      if d.slug == doc.slug]), options.reports)
    bundle = write_bundle(redacted, options.reference, options.out, as_at, at)
    keys = [f"foi:{doc.slug}"] + [a.withheld_key for a in bundle.view.annexes]
    return ReleaseResult(bundle, log, sum(redacted.withheld.get(k, 0) for k in keys),
                         prepared.warnings, preflight[0] if preflight else None)
