"""What an analysis gives (Span) and what its cache keys depend on (fingerprint), without the
engine: the analysis cache, the Redactor and a Dask client read these on every build, and a
build whose every text is cached must not import Presidio or spaCy to do so (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata

from generator.cache import code_key

# Texts per nlp.pipe batch, and per batch sent to a worker (parallel.py, distributed.py).
BATCH_SIZE = 64


@dataclass(frozen=True)
class Span:
    """One raw finding in a text, before the policy decides what happens to it."""

    start: int
    end: int
    entity: str
    score: float
    recognizer: str


@cache
def fingerprint(model: str) -> str:
    """Model name and version plus our code and data: what a cached analysis depends on.

    From package metadata, so a build whose every text is cached (and a Dask client) need not
    load the model to know its cache keys. The version is the installed package's, which is
    the one spacy.load would load (the same as its meta.json's for packaged pipelines).
    """
    try:
        version = metadata.version(model)
    except metadata.PackageNotFoundError:
        version = "?"  # not installed: loading it fails closed (engine.load_ner_pipeline)
    return f"{model}@{version}:{code_key()[:16]}"


def expand_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole hyphenated words: NER's "Jones" in "Smith-Jones" becomes both."""
    while start > 0 and (
        text[start - 1].isalpha()
        or (text[start - 1] == "-" and start > 1 and text[start - 2].isalpha())
    ):
        start -= 1
    while end < len(text) and (
        text[end].isalpha()
        or (text[end] == "-" and end + 1 < len(text) and text[end + 1].isalpha())
    ):
        end += 1
    return start, end
