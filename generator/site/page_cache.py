"""What render remembers between builds: each page it wrote, by a hash of what made it.

A plan's page is kept when its redacted data, its slug, withheld count and approval, the site,
the date and the code are what they were (PlanPages.key); the files made from every plan (the
open data, the home page and the plan and overdue lists) when no plan changed (reuse_all,
reuse_group); and, when some plan did change, each list page whose own items, totals and
place in the list are what they were (reuse_page): one edited plan renders the list pages it
is on, not all of them. The manifest lives beside the docs folder kept from build to build;
a file whose size or time changed since it was written is written again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from generator.cache import code_key, pickle_atomic
from generator.content.models import Site
from generator.presentation.views import ActionView, PlanSummary, PlanView
from redaction import RedactedContent

_PAGE = "\0page\0"  # manifest keys of pages remembered one by one (reuse_page)


@dataclass(frozen=True, kw_only=True)
class PlanEntry(PlanSummary):
    """A plan as the index pages (home, plan list, overdue list) see it: its summary and its
    overdue actions. Kept with the plan's rendered page, so that an unchanged plan is neither
    viewed nor rendered again; an index template that needs more of a plan needs it here."""

    overdue: list[ActionView]

    @classmethod
    def of(cls, plan: PlanView) -> PlanEntry:
        summary = {f.name: getattr(plan, f.name) for f in fields(PlanSummary)}
        return cls(**summary, overdue=plan.overdue)


class Out(Protocol):
    """What PlanPages needs of render's Writer."""

    root: Path

    def keep(self, rel: str) -> None: ...


class PlanPages:
    """The rendered plan pages in a persistent docs folder, by a hash of what made them."""

    def __init__(self, manifest: Path | None, out: Out, common_key: str) -> None:
        self.manifest = manifest
        self.out = out
        self.common_key = common_key
        self.old: dict[str, tuple[str, tuple[int, int], PlanEntry | None]] = {}
        self.new: dict[str, tuple[str, tuple[int, int], PlanEntry | None]] = {}
        self.keys: list[str] = []  # every plan's key, in order: what a file of all plans is from
        if manifest is not None:
            try:
                self.old = pickle.loads(manifest.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
                    TypeError, ImportError):
                self.old = {}

    def key(self, made_from: str, slug: str, withheld: int, approved: bool) -> str:
        head = json.dumps([self.common_key, slug, withheld, approved])
        key = hashlib.sha256(f"{head}\0{made_from}".encode()).hexdigest()
        self.keys.append(key)
        return key

    def reuse(self, rel: str, key: str) -> PlanEntry | None:
        hit = self.old.get(rel)
        if hit is None or hit[0] != key or hit[1] != self._stat(rel) or hit[2] is None:
            return None
        self.out.keep(rel)
        self.new[rel] = hit
        return hit[2]

    def reuse_all(self, rels: list[str], name: str = "") -> bool:
        """Keep files made from every plan (the open data) if no plan changed since."""
        key = self._all_key(name)
        if not all((hit := self.old.get(rel)) is not None and hit[0] == key
                   and hit[1] == self._stat(rel) for rel in rels):
            return False
        for rel in rels:
            self.out.keep(rel)
            self.new[rel] = self.old[rel]
        return True

    def rendered_all(self, rels: list[str], name: str = "") -> None:
        if self.manifest is not None:
            key = self._all_key(name)
            for rel in rels:
                self.new[rel] = (key, self._stat(rel), None)

    def reuse_group(self, name: str) -> bool:
        """Keep the files rendered last time as the group `name` (made from every plan's entry
        and what `name` says) if no plan changed since: all of them, or none."""
        key = self._all_key(name)
        mark = self.old.get(f"\0{name}")
        rels = [rel for rel, hit in self.old.items() if hit[0] == key and not rel.startswith("\0")]
        if mark is None or mark[0] != key or mark[1] != (len(rels), 0) or not rels:
            return False
        if not self.reuse_all(rels, name):
            return False
        self.new[f"\0{name}"] = mark
        for rel in rels:  # still what they were made from, for the next partial render
            if (page := self.old.get(_PAGE + rel)) is not None:
                self.new[_PAGE + rel] = page
        return True

    def rendered_group(self, name: str, rels: list[str]) -> None:
        self.rendered_all(rels, name)
        if self.manifest is not None:
            self.new[f"\0{name}"] = (self._all_key(name), (len(rels), 0), None)

    def page_key(self, template: str, rel: str, ids: list[Any], values: dict[str, Any]) -> str:
        """A list page made by `template` from plans' entries known by `ids` (their plans'
        keys: everything an entry is made from) and from plain `values` (numbers, flags, the
        totals), and what every page has: the site, the date, the code and templates."""
        if self.manifest is None:
            return ""  # nothing is kept: no page is reused
        made = json.dumps([self.common_key, template, rel, ids, values], sort_keys=True)
        return hashlib.sha256(f"{code_key()}\0{made}".encode()).hexdigest()

    def reuse_page(self, rel: str, key: str) -> bool:
        """Keep a page that reuse_group did not: made from the same values as last time."""
        hit = self.old.get(_PAGE + rel)
        if hit is None or hit[0] != key or hit[1] != self._stat(rel):
            return False
        self.out.keep(rel)
        self.new[_PAGE + rel] = hit
        return True

    def rendered_page(self, rel: str, key: str) -> None:
        if self.manifest is not None:
            self.new[_PAGE + rel] = (key, self._stat(rel), None)

    def _all_key(self, name: str = "") -> str:
        # The common key too: with no plans at all, the date and the site still count.
        text = "\0".join([code_key(), self.common_key, name, *self.keys])
        return hashlib.sha256(text.encode()).hexdigest()

    def rendered(self, rel: str, key: str, plan: PlanView) -> PlanEntry:
        entry = PlanEntry.of(plan)
        if self.manifest is not None:
            self.new[rel] = (key, self._stat(rel), entry)
        return entry

    def save(self) -> None:
        if self.manifest is None or self.new == self.old:
            return

        try:
            pickle_atomic(self.manifest, self.new)
        except OSError:
            self.manifest.unlink(missing_ok=True)

    def _stat(self, rel: str) -> tuple[int, int]:
        try:
            stat = (self.out.root / rel).stat()
        except OSError:
            return (-1, -1)
        return stat.st_size, stat.st_mtime_ns



def made_from(redacted: RedactedContent, key: str, data: Any) -> str:
    """What a document's redacted data is made from: its key in the document cache (the file's
    bytes, the decisions on it, the policy, the name finder and the code) when the redact
    stage used that cache; else the data itself, serialised (a fifth of a second at 1,000
    plans)."""
    made_from = redacted.keys.get(key)
    return f"document:{made_from}" if made_from else data.model_dump_json()


def inputs_key(site: Site, as_at: date) -> str:
    """What every plan page depends on besides its plan: site, date, code, templates."""
    digest = hashlib.sha256(site.model_dump_json().encode() + as_at.isoformat().encode())
    digest.update(code_key().encode())
    return digest.hexdigest()


