"""The names inside a span the NER calls a person: role words, titles, statuses and
sentence starts cut away, a first name or surname the NER left out added (trim_person).

Plain string rules, without Presidio or spaCy: the engine applies them to the NER's PERSON
spans (engine.clean_results).
"""

from __future__ import annotations

import regex as re

from redaction import vocab
from redaction.analysis import expand_word
from redaction.recognizers.names import PARTICLES, is_initial, is_name_word

# Status words that a table row runs into a name: "John Smith Complete".
_TRAILING_STATUS = frozenset(
    """complete completed incomplete ongoing overdue open closed progressing draft
    approved""".split()  # noqa: SIM905
)


def trim_person(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names inside a NER person, without role words, titles and statuses.

    "Lead SPO John Smith" → "John Smith"; "Clinical Lead", "Complete", "Mr S" → nothing;
    "O'Connor of Kent and Medway" → "O'Connor" (a lower-case word splits the span, and a
    part followed by "and Medway NHS" is an organisation). Only acronyms and statuses are cut
    from the end, so a surname that is also a role word ("Sarah Nurse") stays whole.
    """
    words = list(_SPAN_WORD.finditer(text[start:end]))
    segments: list[list[re.Match[str]]] = [[]]
    for w in words:
        if w.group().islower() and w.group() not in PARTICLES:
            segments.append([])
        else:
            segments[-1].append(w)
            # A sentence ends inside the span: "...associated with Medicines. Hayley Long".
            if w.group()[-1] in ".;:!?" and len(w.group().rstrip(".;:!?")) > 1:
                segments.append([])
    split = len([s for s in segments if s]) > 1
    spans = []
    for segment in segments:
        if (
            split
            and len(segment) == 1
            and (segment[0].group().rstrip(".;:!?").lower() in vocab.english_words())
        ):
            continue
        span = _trim_segment(text, start, segment)
        if span is not None:
            spans.append(span)
    return spans


def _trim_segment(text: str, offset: int, words: list[re.Match[str]]) -> tuple[int, int] | None:
    def never(w: str) -> bool:
        return (
            vocab.is_never_name(w)
            or w.rstrip(".") in vocab.title_words()
            or (not any(c.isupper() for c in w) and w not in PARTICLES)
            or any(c.isdigit() or c == "@" for c in w)
            or _TRIPLED.search(w) is not None  # "YYYY-MM", "XXX": placeholders
        )

    while words and (
        never(words[0].group())
        or (
            len(words) > 1
            and _at_sentence_start(text, offset + words[0].start())
            and words[0].group().lower() in vocab.english_words()
        )
    ):
        words.pop(0)  # "Later Allen wrote": the sentence's first word is not the name's
    if words and _POSSESSIVE.search(words[-1].group()):
        # "Jones's report": the possessive stays in the sentence.
        words.append(_Cut(words.pop()))  # type: ignore[arg-type]
    while words and (
        not any(c.isupper() for c in words[-1].group())
        or words[-1].group().strip(".,") in vocab.acronyms()
        or words[-1].group().lower().strip(".,") in _TRAILING_STATUS
        or (vocab.is_never_name(words[-1].group()) and words[-1].group().isupper())
    ):
        words.pop()
    if not words or all(never(w.group()) or is_initial(w.group()) for w in words):
        return None
    s, e = offset + words[0].start(), offset + words[-1].end()
    while e > s and text[e - 1] in ".-'’":
        e -= 1
    if len(words) == 1 and (
        _ORG_AFTER.match(text, e)
        or (_PLACE_BEFORE.search(text, 0, s) and not text.startswith(("'s", "’s"), e))
    ):
        # "Kent" in "Kent and Medway ICB" or "in Kent": the small model's favourite mistake.
        return None
    # A first name the NER left out: "Amber Barry" found as "Barry".
    before = _NAME_BEFORE.search(text, 0, s)
    if (
        before
        and is_name_word(before.group(1))
        and not (
            _at_sentence_start(text, before.start(1))
            and before.group(1).lower() in vocab.english_words()
        )
    ):
        s = before.start(1)
    # A surname the NER left out: "Lead Sarah" found in "CPA Lead Sarah Jones".
    after = _NAME_AFTER.match(text, e)
    if after and is_name_word(after.group(1)):
        e = after.end(1)
    return expand_word(text, s, e)


_ORG_NOUNS = (
    "Trust|Police|Constabulary|Council|Service|Services|Partnership|Team|Board|Group|"
    "Commission|Committee|Foundation|Hospital|University|College|School|Society|Authority|"
    "Agency|Unit|Department|Directorate|Prison|Probation|Court|Borough|County|City|Area"
)
_ORG_AFTER = re.compile(
    rf"[ \t]+(?:(?:and|&)[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{0,3}}(?:[A-Z]{{2,}}|{_ORG_NOUNS})\b"
    rf"|(?:[A-Z][\w'’-]*[ \t]+){{0,2}}(?:{_ORG_NOUNS})\b)"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|across|around|throughout|within)[ \t]+$")
_NAME_AFTER = re.compile(r"[ \t]([A-Z][\w'’-]*[a-z])(?![\w'’-])")
_NAME_BEFORE = re.compile(r"([A-Z][\w'’-]+)[ \t]$")


class _Cut:
    """A word match without its possessive ending."""

    def __init__(self, match: re.Match[str]) -> None:
        self._start = match.start()
        self._text = _POSSESSIVE.sub("", match.group())

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._start + len(self._text)

    def group(self) -> str:
        return self._text


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in ".!?:;\n•*-–|(\"'"


# Compiled once: the module-level calls looked each pattern up in the cache on every call.
_SPAN_WORD = re.compile(r"[\w'’.&/-]+")
_TRIPLED = re.compile(r"(\w)\1\1")
_POSSESSIVE = re.compile(r"['’]s$")
