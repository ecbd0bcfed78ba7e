"""Putting the replacements into a redacted text: findings merged into passages, the passages
and the deletions spliced in, and a replacement that would read as a Markdown link escaped.
(Redactor._apply; without Presidio's anonymizer, whose import costs a second and a half.)"""

from __future__ import annotations

from collections.abc import Sequence

from redaction.analysis import Span


def splice(text: str, replacements: list[tuple[int, int, str]],
           deletions: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each (start, end) of `replacements` replaced and the union of `deletions`
    removed; and where each replacement now stands. Replacements are disjoint and overlap no
    deletion (Redactor._apply), so the order of the edits cannot change the result: this is
    what Presidio's anonymizer did with them ("replace", and "custom" returning ""), without
    importing Presidio and spaCy to splice strings (issue 18)."""
    edits = [(s, e, new) for s, e, new in replacements]
    for s, e in sorted(deletions):
        if edits and edits[-1][2] is None and s <= edits[-1][1]:
            edits[-1] = (edits[-1][0], max(edits[-1][1], e), None)  # deletions merge
        else:
            edits.append((s, e, None))
    pieces: list[str] = []
    placed: list[tuple[int, int]] = []
    at = length = 0
    for s, e, new in sorted(edits, key=lambda x: (x[0], x[1])):
        pieces.append(text[at:s])
        length += s - at
        if new is not None:
            placed.append((length, length + len(new)))
            pieces.append(new)
            length += len(new)
        at = e
    pieces.append(text[at:])
    return "".join(pieces), placed


def merge_passages(text: str, findings: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Overlapping findings, or ones separated only by spaces, become one replaced passage."""
    merged: list[list] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and (f.start <= merged[-1][1] or not text[merged[-1][1] : f.start].strip(" \t")):
            last = merged[-1]
            last[1] = max(last[1], f.end)
            if f.score > last[3] or (f.score == last[3] and f.end - f.start > last[4]):
                last[2], last[3], last[4] = f.entity, f.score, f.end - f.start
        else:
            merged.append([f.start, f.end, f.entity, f.score, f.end - f.start])
    return [(s, e, entity) for s, e, entity, _, _ in merged]


def escape_link_lookalikes(text: str, replaced: list[tuple[int, int]]) -> str:
    """ "[redacted](" or "[redacted][" or "[redacted]:" would be read as a Markdown link."""
    for start, end in sorted(replaced, reverse=True):
        if text[end : end + 1] in ("(", "[", ":") and "[" in text[start:end]:
            piece = text[start:end].replace("[", r"\[").replace("]", r"\]")
            text = text[:start] + piece + text[end:]
    return text
