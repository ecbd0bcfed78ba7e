"""The site's pipeline: `build_site` is `prepare` (generator/prepare.py: load → validate →
redact, fail-closed, shared by every command that shows content) then render → build → verify,
and swaps the new site in.

Nothing reaches the site folder unless every stage succeeded: the new site is built beside it
and swapped in at the end (generator/publish.py).
"""

from __future__ import annotations

import ctypes
import gc
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.cache import site_cache, uptodate_stamp
from generator.errors import Problem, PublisherError, RedactionError
from generator.foi.pdf import pdf_cache
from generator.foi.preflight import write_preflight
from generator.prepare import prepare
from generator.publish import clean_stale, discard, publish_lock, swap_in
from generator.site.build import BASE_CONFIG, BuiltSite, build
from generator.site.incremental import (
    load_state,
    park_state,
    publish_state,
    write_mkdocs_config,
)
from generator.site.render import render
from generator.site.spare import spare_path
from generator.site.uptodate import forget, read_inputs, read_stamp, record, up_to_date
from generator.site.verify import verify
from redaction import RedactedContent
from redaction.report import write_report


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    site: Path
    reports: Path
    as_at: date
    use_cache: bool = True
    # Processes for the name finder on text not in the cache (None: every core).
    jobs: int | None = None
    # A Dask scheduler (tcp://host:port) for the name finder instead (redaction/distributed.py).
    scheduler: str | None = None


@dataclass(frozen=True)
class BuildResult:
    site: Path
    plans: int
    foi: int
    pages: int
    withheld: int
    reports: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    remote_texts: int = 0  # texts analysed on a Dask cluster, by remote_workers workers
    remote_workers: int = 0
    # Uncertain findings no decision covers, withheld until someone decides (publisher review):
    # (file, words), one per distinct pair.
    awaiting_review: list[tuple[str, str]] = field(default_factory=list)
    # Nothing had changed since the build that made the published site: nothing was done,
    # and the figures above are that build's (generator/site/uptodate.py).
    up_to_date: bool = False


def build_site(options: BuildOptions) -> BuildResult:
    with publish_lock(options.site):
        clean_stale(options.site)
        # Read before anything else: a file edited while this build runs must count as new.
        stamp_file = uptodate_stamp(options.content, options.site)
        stamp = read_stamp(stamp_file) if options.use_cache else None
        inputs = read_inputs(options.content, options.site, options.reports, options.as_at,
                             known=stamp.inputs if stamp else None) if options.use_cache else None
        if (last := up_to_date(stamp, inputs, options.site)) is not None:
            return replace(last, up_to_date=True, remote_texts=0, remote_workers=0)
        forget(stamp_file)
        prepared = prepare(options.content, use_cache=options.use_cache, jobs=options.jobs,
                           scheduler=options.scheduler,
                           known=inputs.file_digests(options.content) if inputs else None)
        redacted = prepared.redacted
        reports = write_report(redacted.findings, options.reports)
        reports += write_preflight(prepared.content, options.reports)
        # What the result needs of the content as written, taken now: from here on only the
        # redacted content is held (issue 18), not the unredacted texts and models as well.
        warnings = prepared.warnings
        del prepared
        release_memory()  # the redaction's working set (spaCy's docs, the caches it read)
        with site_cache(options.content, options.site) as cache:
            _build_verify_publish(options, redacted, cache)
        content = redacted.content  # the same documents (redaction changes texts only)
        result = BuildResult(
            site=options.site,
            plans=len(content.plans),
            foi=len(content.foi),
            pages=len(content.pages),
            withheld=sum(redacted.withheld.values()),
            reports=reports,
            warnings=warnings,
            remote_texts=redacted.remote_texts,
            remote_workers=redacted.remote_workers,
            awaiting_review=list(dict.fromkeys((f.file, f.text)
                                               for f in redacted.awaiting_review)),
        )
        record(stamp_file, inputs, options.site, reports, result)
    return result


def _build_verify_publish(options: BuildOptions, redacted: RedactedContent,
                          cache: Path) -> None:
    """Render into the docs folder kept in `cache` and rebuild only what changed (incremental.py)
    into a staging folder; scan all of it; swap it in."""
    state_file = cache / "build-state.pickle"
    # The site's last version, kept to build the next one on (generator/site/spare.py).
    spare = spare_path(cache, options.site) if options.use_cache else None
    with pdf_cache(cache / "pdf" if options.use_cache else None):  # WeasyPrint for changes only
        rendered = render(redacted, options.as_at, cache / "docs",
                          cache=cache / "pages.pickle" if options.use_cache else None)
    release_memory()
    # The last build's state (every page's search entries) is read only now and held by no
    # name here: it is not in memory during render, nor during the leak scan (issue 18).
    built = build(rendered, options.site,
                  previous=load_state(state_file) if options.use_cache else None,
                  compiled=cache / "templates" if options.use_cache else None,
                  spare=spare)
    pending = park_state(state_file, built.state)  # on disk, not in memory, during the scan
    built = replace(built, state=None)
    release_memory()  # MkDocs' pages, navigation and search index: cycles, gone only on gc
    write_mkdocs_config(cache / "mkdocs.yml", BASE_CONFIG, built.settings)
    try:
        _verify(built, redacted, memory=options.use_cache)
    except BaseException:
        if pending is not None:
            pending.unlink(missing_ok=True)  # the site was discarded: so is its state
        raise
    swap_in(built.path, built.destination, spare=spare)
    publish_state(pending, state_file, options.site)


def _verify(built: BuiltSite, redacted: RedactedContent, *, memory: bool) -> None:
    """The leak scan; a site it does not pass is discarded."""
    try:
        verify(built, redacted, memory=memory)
    except PublisherError:
        discard(built.path)
        raise
    except Exception as exc:  # a scan that could not finish has not shown the site is clean
        discard(built.path)
        raise RedactionError(f"the leak scan stopped with {type(exc).__name__}: {exc}") from exc
    except BaseException:
        discard(built.path)
        raise


def release_memory() -> None:
    """Between stages: collect what the last stage left in reference cycles and hand the freed
    heap back to the system, so that the next stage's peak does not stack on the last one's
    (issue 18: a build's peak memory should not grow with the site). glibc keeps freed memory
    for reuse otherwise; elsewhere (no malloc_trim) only the collection is done."""
    gc.collect()
    with suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)  # the process's own symbols: glibc's on Linux
