"""Redacted documents kept from build to build, so an unchanged plan is not redacted again.

The analysis cache (analysis_cache.py) spares the name finder; this spares the rest, which at
a thousand plans costs seconds a build: walking every model for its texts, hashing and
looking up each text, applying the policy, checking identifiers. A document's result (its
findings, the passages withheld, its changed strings) is a function of the document's data,
its key and file name, the policy, the engine fingerprint and the code, and all of them are in
the key: the caller's salt holds the derived code key (generator.cache.code_key: every module,
word list and template, hashed once per process), so no version is kept by hand here.

The results hold the names found (for the review report), like the parsed YAML in
generator/cache.py, and kept the same way (EntryCache): private, under the cache folder,
never beside the site; one file per content folder; entries no build used last time go with
the next save.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import EntryCache
from generator.content.lines import FieldPath

DOCUMENT_CACHES_KEPT = 12  # one per content folder, as the parse cache


@dataclass(frozen=True)
class DocumentResult:
    findings: list[Any] = field(default_factory=list)  # RedactionFinding
    withheld: int | None = None  # None: the document has no text at all
    updates: dict[FieldPath, Any] = field(default_factory=dict)
    # The redacted document's sentences, for the leak gate (stage.document_sentences).
    sentences: frozenset[str] | None = None


class DocumentCache(EntryCache[DocumentResult]):
    def __init__(self, directory: Path, root: Path, salt: str) -> None:
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        super().__init__(directory / "documents" / f"{name}.sqlite3", DOCUMENT_CACHES_KEPT)
        self.salt = salt

    def key(self, doc_key: str, file: str, data_json: str) -> str:
        head = f"{self.salt}\0{doc_key}\0{file}\0"
        return hashlib.sha256((head + data_json).encode("utf-8", "surrogatepass")).hexdigest()

    def encode(self, value: DocumentResult) -> bytes:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def decode(self, data: bytes) -> DocumentResult:
        value = pickle.loads(data)  # our own private cache folder, never downloaded
        if not isinstance(value, DocumentResult):
            raise TypeError("not a document result")
        return value
