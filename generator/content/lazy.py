"""Fields made on first read (issue 18): `Deferred`, and LazyDoc, a content file whose model
is decoded only when a stage reads it.

At 1,000 plans a one-plan edit decoded 1,000 validated models from the parse cache (0.4 s)
though only the edited one was redacted, rendered and dumped again: the later stages carry an
unchanged plan by its keys and cached outputs (the document cache's result, render's page
cache), and what they need before that, its approval, comes with it. Anything that does read
`data` (a cross-file check, a decision, a stage with no cached result for the file) gets the
model then, the same model the parse cache held: failing closed means decoding, never
guessing. Render's kept plan entries (generator/site/page_cache.PlanEntry) defer the same way
what only a rendered list page or the site's feed reads of them.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.cache import EntryCache
from generator.content.lines import Lines
from generator.content.messages import validate_data
from generator.content.models import Approval, Doc
from generator.content.yamlfile import Parsed, parse_yaml, read_text
from generator.errors import ContentError, Problem

M = TypeVar("M", bound=BaseModel)


class Deferred:
    """A field of a (frozen) dataclass that its instance makes on first read: its
    `_undefer(name)` puts it, and whatever else is made with it, in the instance's __dict__.
    Set as any field (the dataclass's __init__ stores it there), so a made instance reads as
    a plain one. Installed on the class after @dataclass: `defer(cls, *names)`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        values = obj.__dict__
        if self.name not in values:
            obj._undefer(self.name)
        return values[self.name]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


def defer(cls: type, *names: str) -> None:
    for name in names:
        setattr(cls, name, Deferred(name))


class LazyDoc(Doc[Any]):
    """A Doc (same fields, equality and uses) whose `data` is made by `make` on first read,
    then kept. Its approval is known without the model, for load's and validate's checks."""

    approval_known: Approval | None
    _make: Callable[[], Any] | None

    @classmethod
    def of(cls, *, slug: str, source: Path, lines: Lines, digest: str,
           approval: Approval | None, make: Callable[[], Any]) -> LazyDoc:
        doc = object.__new__(cls)  # Doc's __init__ would need the model
        for name, value in (("slug", slug), ("source", source), ("lines", lines),
                            ("digest", digest), ("approval_known", approval), ("_make", make)):
            object.__setattr__(doc, name, value)
        return doc

    @property
    def decoded(self) -> bool:
        return "data" in self.__dict__

    def _undefer(self, name: str) -> None:
        # `data` before its first read (Deferred).
        make = self.__dict__.get("_make")
        if make is None:
            raise AttributeError(name)
        self.__dict__["data"] = make()
        self.__dict__["_make"] = None  # the encoded model is not held twice

    @property
    def approved(self) -> bool:
        if self.decoded:
            return super().approved
        approval = self.approval_known
        return approval is not None and approval.status == "approved"

    def with_data(self, change: Callable[[Any], Any], **fields: Any) -> Doc[Any]:
        if self.decoded:
            return super().with_data(change, **fields)
        make = self._make
        assert make is not None
        values = {"slug": self.slug, "source": self.source, "lines": self.lines,
                  "digest": self.digest, **fields}
        return LazyDoc.of(**values, approval=self.approval_known,
                          make=lambda: change(make()))

    def __eq__(self, other: object) -> bool:
        # As a Doc: the same file and model, decoded or not (dataclass equality would also
        # ask for the same class).
        if not isinstance(other, Doc):
            return NotImplemented
        return (self.slug, self.source, self.data) == (other.slug, other.source, other.data)

    __hash__ = Doc.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a process of its own) as the plain Doc it stands for, its model decoded.
        return (Doc, (self.slug, self.source, self.data, self.lines, self.digest))


defer(LazyDoc, "data")


def reparse(path: Path, name: str, digest: str, cache: EntryCache[Any]) -> Callable[[], Parsed]:
    """The parse of a file the parse cache knew valid, made only if asked for (a decision that
    applies to it, a problem to quote a line of, a model that cannot be decoded): the cached
    one, or else the file parsed again if its bytes are still the ones `digest` names. A file
    changed since fails the build (build again) rather than mixing two versions."""
    made: list[Parsed] = []

    def parse() -> Parsed:
        if made:
            return made[0]
        hit = cache.get(digest)
        if isinstance(hit, tuple) and len(hit) == 2 and all(isinstance(h, bytes) for h in hit):
            made.append(Parsed(raw=hit[0], packed=Lines(hit[1])))
            return made[0]
        text, found = read_text(path, name)
        parsed = None
        if text is not None and _same_bytes(path, digest):
            parsed, found = parse_yaml(text, name)
        if parsed is None or found:
            raise ContentError(found or [Problem(name, None, None, "the file changed while it "
                                                 "was being built.", "build again.")])
        made.append(parsed)
        return parsed

    return parse


def _same_bytes(path: Path, digest: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def decoder(read: Callable[[], Any], parse: Callable[[], Parsed], model: type[M],
            name: str) -> Callable[[], M]:
    """The model the parse cache kept for a valid file (`read` gives it pickled), for LazyDoc
    to make when it is read. One that cannot be read or decoded after all is validated again
    from the file's parse, as a cache miss would have been: the same model (the file was
    valid under this code)."""

    def make() -> M:
        try:
            data = pickle.loads(read())  # our own private cache, never downloaded
        except Exception:
            data = None
        if isinstance(data, model):
            return data
        found: list[Problem] = []
        data = validate_data(parse(), model, name, found)
        if data is None:
            raise ContentError(found or [Problem(name, None, None, "the file could not be "
                                                 "read again.", "build again.")])
        return data

    return make
