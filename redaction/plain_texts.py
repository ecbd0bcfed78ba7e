"""Pattern analysis of many short texts that cannot hold a name, in a few joined passes.

A workbook's incident codes, dates and numbers are tens of thousands of distinct short texts;
analysing each alone costs a tokenizer call and a Presidio pass apiece (about half a
millisecond). Joined with a separator that no recogniser can read across, they are analysed a
batch at a time, and each finding is given back to the text it lies in. The separator is
words (context is counted in words: Presidio looks CONTEXT_WORDS words back, so a match sees no
context from the text before it), blank lines (no line-anchored pattern runs on) and letters
(no digit pattern runs on). Should any finding straddle a separator anyway, that batch is
analysed text by text instead: the result is always the same as one text at a time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

import regex as re

CONTEXT_WORDS = 5  # LemmaContextAwareEnhancer's context_prefix_count (its default)
FILLER = "zqxjv"
SEPARATOR = "\n\n" + " ".join([FILLER] * (CONTEXT_WORDS + 3)) + "\n\n"
BATCH_CHARS = 20_000


_WORD = re.compile(r"[\w'’.&/-]+")


def could_hold_name(text: str) -> bool:
    """Whether a NER person span in `text` could survive trim_person: only a word with a
    capital letter and no digit or @ can (see person_trim._trim_segment's `never`)."""
    return any(
        any(c.isupper() for c in w) and not any(c.isdigit() or c == "@" for c in w)
        for w in _WORD.findall(text)
    )


def analyse_plain(
    items: Sequence[tuple[str, int]],
    analyse_one: Callable[[str], list[Any]],
) -> dict[int, list[Any]]:
    """Spans (start, end relative to each text) for every (text, index) in `items`.

    `analyse_one(text)` is the engine's own single-text analysis, returning spans with
    `start`/`end` attributes (redaction.engine.Span)."""
    out: dict[int, list[Any]] = {}
    batch: list[tuple[str, int]] = []
    size = 0
    for text, index in items:
        if FILLER in text:  # a text holding the filler itself is read on its own
            out[index] = analyse_one(text)
            continue
        batch.append((text, index))
        size += len(text) + len(SEPARATOR)
        if size >= BATCH_CHARS:
            out.update(_batch(batch, analyse_one))
            batch, size = [], 0
    if batch:
        out.update(_batch(batch, analyse_one))
    return out


def _batch(batch: list[tuple[str, int]],
           analyse_one: Callable[[str], list[Any]]) -> dict[int, list[Any]]:
    starts: list[int] = []
    offset = 0
    for text, _ in batch:
        starts.append(offset)
        offset += len(text) + len(SEPARATOR)
    joined = SEPARATOR.join(text for text, _ in batch)
    found: dict[int, list[Any]] = {index: [] for _, index in batch}
    for span in analyse_one(joined):
        k = bisect.bisect_right(starts, span.start) - 1
        text, index = batch[k]
        base = starts[k]
        if span.end > base + len(text):  # straddles a separator: no shortcut for this batch
            return {index: analyse_one(text) for text, index in batch}
        found[index].append(type(span)(span.start - base, span.end - base, *_rest(span)))
    return found


def _rest(span: Any) -> tuple[Any, ...]:
    return tuple(getattr(span, name) for name in ("entity", "score", "recognizer"))
