"""The whole build, one readable function: load → validate → redact → render → build → verify.

Nothing reaches the site folder unless every stage succeeded: the new site is built beside it
and swapped in at the end (see build.publish).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.build import build, clean_stale, discard, publish, site_lock
from generator.errors import Problem
from generator.load import load
from generator.render import render
from generator.validate import validate
from generator.verify import verify
from redaction import redact_content
from redaction.report import write_report


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    site: Path
    reports: Path
    as_at: date
    use_cache: bool = True


@dataclass(frozen=True)
class BuildResult:
    site: Path
    plans: int
    foi: int
    pages: int
    withheld: int
    reports: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build_site(options: BuildOptions) -> BuildResult:
    with site_lock(options.site):
        clean_stale(options.site)
        content = validate(load(options.content))
        redacted = redact_content(content, use_cache=options.use_cache)
        reports = write_report(redacted.findings, options.reports)
        with tempfile.TemporaryDirectory(prefix="publisher-docs-") as docs:
            rendered = render(redacted, options.as_at, Path(docs))
            built = build(rendered, options.site)
        try:
            verify(built, content.policy)
        except BaseException:
            discard(built)
            raise
        publish(built)
    return BuildResult(
        site=options.site,
        plans=len(content.plans),
        foi=len(content.foi),
        pages=len(content.pages),
        withheld=sum(redacted.withheld.values()),
        reports=reports,
        warnings=list(content.warnings),
    )


def check(content_dir: Path) -> list[Problem]:
    """Everything a build would complain about, without building: load, validate, redact."""
    content = validate(load(content_dir), include_drafts=True)
    redact_content(content)
    return list(content.warnings)
