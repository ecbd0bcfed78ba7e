"""prepare: load → validate → redact, fail-closed, shared by every command that shows
content (build, check, serve, the FOI release, review). Below the site and the FOI bundle, so
both may start from it (generator/pipeline.py adds render → build → verify → swap for the site).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from generator.cache import FileDigests, collector_paused
from generator.content.approve import unbound_approvals
from generator.content.load import load
from generator.content.models import Content
from generator.content.parse_cache import ParseCache
from generator.content.validate import validate
from generator.errors import Problem, PublisherError, RedactionError
from generator.foi.preflight import read_annexes
from generator.foi.preflight import warnings as preflight_warnings
from redaction import RedactedContent, redact_content


@dataclass(frozen=True)
class Prepared:
    """Content loaded, validated and redacted: what every later stage starts from."""

    content: Content  # as the authors wrote it (validated, before redaction)
    redacted: RedactedContent

    @property
    def warnings(self) -> list[Problem]:
        return list(self.content.warnings)


def prepare(content_dir: Path, *, use_cache: bool = True, jobs: int | None = None,
            include_drafts: bool = False, scheduler: str | None = None,
            check_approvals: bool = True, known: FileDigests | None = None) -> Prepared:
    """load → validate → redact. Raises ContentError (every problem at once) or RedactionError
    (redaction could not finish: never a half-redacted result). `check_approvals=False` is
    for publisher review only, which publishes nothing (see load); `known`, the content
    files' digests the build's up-to-date check took (load reuses those that still hold)."""
    gc.unfreeze()  # what an earlier prepare in this process kept (serve): collectable again
    with collector_paused():  # loading makes no cycles (generator/cache.py)
        parse_cache = ParseCache(content_dir) if use_cache else None
        loaded = load(content_dir, cache=parse_cache, check_approvals=check_approvals,
                      known=known if use_cache else None)
        content = validate(loaded, include_drafts=include_drafts, remember=use_cache)
        del parse_cache
        # The content lives as long as the build: later passes need not walk it. Frozen
        # before the collector is back, whose first pass would otherwise walk all of it.
        gc.freeze()
    content = read_annexes(content)  # file annexes: preflight; refused files stop here
    prepared = Prepared(content, _redact(content, use_cache=use_cache, jobs=jobs,
                                         scheduler=scheduler))
    gc.freeze()  # and so does the redacted content, and the engine if it was loaded
    return prepared


def check(content_dir: Path) -> list[Problem]:
    """Everything a build would complain about, without building: load, validate, redact.

    Also warns about approvals not bound to content (no sha256): they still publish, but a
    later edit to the file would not be noticed; and lists what the preflight of file annexes
    found (hidden content the release drops).
    """
    prepared = prepare(content_dir, include_drafts=True)
    return [*prepared.warnings, *unbound_approvals(prepared.content),
            *preflight_warnings(prepared.content), *_awaiting(prepared.redacted)]


def _awaiting(redacted: RedactedContent) -> list[Problem]:
    """One warning per file holding uncertain findings no decision covers (withheld)."""
    words: dict[str, list[str]] = {}
    for f in redacted.awaiting_review:
        if f.text not in words.setdefault(f.file, []):
            words[f.file].append(f.text)
    return [Problem(file, None, None,
                    f"{len(found)} uncertain finding(s) await a decision and are withheld until "
                    "then: " + ", ".join(f'"{w}"' for w in found) + ".",
                    "decide them with: publisher review", warning=True)
            for file, found in words.items()]


def _redact(content: Content, *, use_cache: bool = True, jobs: int | None = None,
            scheduler: str | None = None) -> RedactedContent:
    """Redaction fails closed: any crash inside it is a RedactionError, never a half-result."""
    try:
        return redact_content(content, use_cache=use_cache, jobs=jobs, scheduler=scheduler)
    except PublisherError:
        raise
    except Exception as exc:
        raise RedactionError.engine_stopped(exc) from exc
