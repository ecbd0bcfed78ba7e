"""The leak gate: personal data in built output stops the build.

Every file under the output root (redaction/scan.py) is turned into text (redaction/extract.py)
and checked:
- every byte, including comments, scripts and attribute values, for always_redact names and
  for the pattern recognisers' findings (e-mail, phone, NHS and NI numbers, postcodes,
  street addresses, dates of birth, titled names) scored at LEAK_THRESHOLD or more;
- the prose a reader sees with the NER too, but only sentences that are not already known
  from the redacted content (`known`, see known_sentences): those were analysed and decided
  by the redact stage, so running the NER over them again could only repeat its decisions.
  What is left is template text and anything that bypassed redaction — exactly what the
  gate is for — and each distinct sentence is analysed once however many pages repeat it.

Hits inside a never_redact string or a replacement token are not leaks. Files identical to
the installed theme's own assets are skipped (vendor JavaScript says "mark" and "will").
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from dataclasses import dataclass

import regex as re

from redaction import not_person, vocab
from redaction.analysis import Span, fingerprint
from redaction.analysis_cache import AnalysisCache, cached_analysis
from redaction.decisions import decision_yaml
from redaction.document_list import lazy_documents
from redaction.extract import Segment
from redaction.leaks_index import KINDS as INDEX_KINDS
from redaction.policy import RedactionPolicy
from redaction.published_as_is import own_details
from redaction.recognizers import PATTERN_RECOGNIZERS, AlwaysRedactRecognizer
from redaction.recognizers.names import is_name_word
from redaction.sentences import WORDS, could_name, normalise, sentences
from redaction.stage import RedactedContent, document_sentences

LEAK_THRESHOLD = 0.85
MAX_MESSAGES = 500
CONTEXT_WORDS = 3  # words beside a name-finder hit that must stand with it in the content


@dataclass(frozen=True)
class Leak:
    """Personal data found in built output: the file, where in it, what kind, and around it."""

    file: str
    where: str
    kind: str
    value: str
    context: str

    def __str__(self) -> str:
        return f'{self.file}, {self.where}: {self.kind} "{self.value}" in "{self.context}". ' + (
            advice(self.kind, self.value))


def advice(kind: str, value: str) -> str:
    """What the person running the build can do about a leak of this kind."""
    if kind == "always_redact name":
        # No decision releases a name the policy lists: it came from outside the content's
        # text (a file name, an identifier, a template), and must be removed there.
        return ("It is listed in always_redact in redaction.yaml and is never released: "
                "remove it where it stands (a file name, a reference, a template).")
    if kind in INDEX_KINDS:
        # The search plugin makes every entry from its page, which the gate reads as HTML:
        # anything else was put into the index after the build.
        return ("Each entry of the search index holds only text of the page it points to; "
                "this was put into the index after the build (a plugin, a later step, a hand "
                "edit): remove it there.")
    if kind.startswith("PERSON"):
        # Say what clears it: a decision on the words, made on the review page or by hand.
        return (f'To clear it, decide on "{value}" with publisher review, or add under '
                f"decisions: in content/redaction-decisions.yaml: {decision_yaml(value)} "
                "(withhold it if it is personal data; release it, with the reason, if not "
                "personal data: a place, a body, a public figure).")
    return ("Remove it from the content; if it is the organisation's own published contact "
            "detail, add it to never_redact in content/redaction.yaml.")


def allowed_strings(redacted: RedactedContent) -> set[str]:
    """Text the redact stage already decided to keep (never_redact, below threshold, not a
    person) and the organisation's own name and contact details: not leaks."""
    allowed = {f.text for f in redacted.findings if f.decision.startswith("kept")}
    allowed.update(own_details(redacted.content.site))
    return {a for a in allowed if len(a.strip()) > 1}


def known_sentences(redacted: RedactedContent) -> set[str]:
    """Every sentence of the redacted content, normalised: the gate need not NER these.

    A document redacted with the document cache brought its sentences with it (worked out
    when it was redacted, stage.py): only the others are walked here."""
    known: set[str] = set()
    for key, _, model in lazy_documents(redacted.content):  # a model read only if needed
        kept = redacted.sentences.get(key)
        known |= kept if kept is not None else document_sentences(model())
    known |= _table_rows(redacted)
    known.discard("")
    return known


def _table_rows(redacted: RedactedContent) -> set[str]:
    """A file annex's table row as a PDF's text layer gives it: its cells on one line. Each
    cell was analysed by the redact stage; the line they make together is not new text."""
    rows: set[str] = set()
    for annex in redacted.content.files:
        text = annex.text
        tables = [b.rows for b in text.blocks] + [s.rows for s in text.sheets]
        for table in tables:
            rows.update(normalise(" ".join(row.cells)) for row in table)
    return rows


class Gate:
    def __init__(
        self,
        policy: RedactionPolicy,
        known: Collection[str] | None,
        ner: bool,
        allowed: Collection[str] = (),
        cache: AnalysisCache | None = None,
    ) -> None:
        self.policy = policy
        self.cache = cache
        self.known = known or set()
        self.ner = ner
        self.always = AlwaysRedactRecognizer(policy.always_redact)
        self.recognizers = [r() for r in PATTERN_RECOGNIZERS]
        self.entities = set(policy.entities)
        tokens = {policy.replacement.replace("{entity}", e) for e in policy.entities}
        tokens |= {t.replace("[", r"\[").replace("]", r"\]") for t in tokens}
        self.masks = [re.compile(re.escape(t)) for t in sorted(tokens, key=len, reverse=True)]
        # Kept strings match across a line break or a run of spaces (a wrapped PDF line).
        never = {n.strip() for n in [*policy.never_redact, *allowed] if n.strip()}
        alternatives = [
            r"\s+".join(re.escape(w) for w in n.split())
            for n in sorted(never, key=len, reverse=True)
        ]
        self.never = re.compile("|".join(alternatives)) if alternatives else None
        self.leaks: list[Leak] = []
        self._known_text: str | None = None
        # distinct unknown sentence → where it was seen (first few places)
        self.pending: dict[str, list[tuple[str, str]]] = {}

    def check(self, file: str, found: list[Segment]) -> None:
        """Check every segment of one file; patterns run once over the file's joined text."""
        self._patterns(file, found, prose=False)
        self._patterns(file, [s for s in found if s.visible], prose=True)
        if self.ner:
            for segment in found:
                if segment.visible:
                    self._queue(file, segment)

    def _patterns(self, file: str, found: list[Segment], prose: bool) -> None:
        if not found:
            return
        starts, offset = [], 0
        for segment in found:
            starts.append(offset)
            offset += len(segment.text) + 1
        text = self._masked("\n".join(s.text for s in found))
        protected = [m.span() for m in self.never.finditer(text)] if self.never else []
        hits: list[tuple[str, int, int]] = []
        if not prose:
            hits += [("always_redact name", s, e) for s, e in self.always.find(text)]
        for recognizer in self.recognizers:
            # Titles are read in prose blocks only, where each cell is its own block: in
            # run-together text (the search index, raw HTML lines) a title runs into the next
            # cell's words ("Detective Chief Inspector Principal Social Worker"). The other
            # patterns read the raw text, which prose adds nothing to.
            if (recognizer.name == "TitledPersonRecognizer") != prose:
                continue
            for r in recognizer.analyze(text, list(self.entities), None):
                if (
                    r.entity_type in self.entities
                    and r.score >= LEAK_THRESHOLD
                    and not _inside(r.start, r.end, protected)
                    and not _kept_address(text, r.entity_type, r.start, r.end, protected)
                    and (
                        r.entity_type != "PERSON"
                        or _unprotected_name(text, r.start, r.end, protected)
                    )
                ):
                    hits.append((r.entity_type, r.start, r.end))
        for kind, s, e in hits:
            i = bisect.bisect_right(starts, s) - 1
            base = starts[i]
            self._leak(
                file, found[i], kind, text[base : base + len(found[i].text)], s - base, e - base
            )

    def _queue(self, file: str, segment: Segment) -> None:
        if not could_name(segment.text):
            return
        for sentence in sentences(segment.text):
            key = normalise(sentence)
            # Only a sentence with a name-shaped word can give a leak (see _name_like): the
            # others need no NER at all.
            if key and key not in self.known and _name_like(sentence):
                places = self.pending.setdefault(self._masked(sentence.strip()), [])
                if len(places) < 3:
                    places.append((file, segment.where))

    def run_ner(self) -> None:
        if not self.pending:
            return
        texts = list(self.pending)
        for text, spans in zip(texts, self._analyse(texts), strict=True):
            protected = [m.span() for m in self.never.finditer(text)] if self.never else []
            for span in spans:
                if not _name_like(text[span.start : span.end]):
                    continue
                if (
                    span.entity == "PERSON"
                    and "PERSON" in self.entities
                    and span.score >= LEAK_THRESHOLD
                    and _unprotected_name(text, span.start, span.end, protected)
                    and not self._decided(text, span.start, span.end)
                ):
                    for file, where in self.pending[text]:
                        self._leak(
                            file,
                            Segment(text, where, True),
                            "PERSON (name finder)",
                            text,
                            span.start,
                            span.end,
                        )

    def _analyse(self, texts: list[str]) -> list[list[Span]]:
        """The NER's raw spans of each sentence, from the analysis cache where a build saw the
        sentence before (a feed or an index page changes with every edit, but most of its
        sentences do not): the same spans the name finder would give, as the cache key holds
        the model, its version and our code; what counts as a leak is decided afterwards."""

        def analyse(new: list[str]) -> list[list[Span]]:
            # Imported here: the engine loads spaCy's model, which a scan needs only for a
            # sentence no build has analysed (in the build's engine host if it has one).
            from redaction.parallel import analyse

            return analyse(self.policy.model, new)

        return cached_analysis(self.cache, fingerprint(self.policy.model), texts, analyse)

    def _decided(self, text: str, start: int, end: int) -> bool:
        """The hit's words stand, with the words beside them, in a sentence of the redacted
        content: the redact stage read them there and kept them. A PDF's text layer joins a
        heading, or a table row's cells, with the sentence it holds ("Recommendations and
        actions Published today ..."), so that the whole line is new to the gate while
        every word of it was decided. Three words of context on one side are asked for, so a
        name that a template put beside kept words is still new."""
        hit = WORDS.findall(text[start:end])
        if not hit or not self.known:
            return False
        if self._known_text is None:
            self._known_text = "\n" + "\n".join(self.known) + "\n"
        before = WORDS.findall(text[:start])[-CONTEXT_WORDS:]
        after = WORDS.findall(text[end:])[:CONTEXT_WORDS]
        windows = [w for w in (before + hit, hit + after) if len(w) >= len(hit) + CONTEXT_WORDS]
        windows += [hit] if not before and not after else []
        return any(
            re.search(rf"(?<!\w){re.escape(' '.join(w))}(?!\w)", self._known_text)
            for w in windows
        )

    def _masked(self, text: str) -> str:
        # A replacement token is not a leak, and must not join what is around it into one.
        for mask in self.masks:
            text = mask.sub(lambda m: "\u2588" * len(m.group()), text)
        return text

    def alarm(self, file: str, where: str, kind: str, value: str, context: str) -> None:
        """A leak found by a check of its own (redaction/leaks_index.py)."""
        leak = Leak(file, where, kind, value, context)
        if leak not in self.leaks:
            self.leaks.append(leak)

    def _leak(self, file: str, segment: Segment, kind: str, text: str, s: int, e: int) -> None:
        context = " ".join(text[max(0, s - 60) : e + 60].split())
        leak = Leak(file, segment.where, kind, text[s:e], context)
        if leak not in self.leaks:
            self.leaks.append(leak)


def _name_like(found: str) -> bool:
    """A backstop must not block a build on a capitalised everyday word or an acronym: at
    least one word of a name-finder hit must be name-shaped and not an everyday word."""
    return any(
        is_name_word(w) and w.lower() not in vocab.english_words()
        for w in re.findall(r"[\w'’-]+", found)
    )


def _unprotected_name(text: str, start: int, end: int, protected: list[tuple[int, int]]) -> bool:
    """A name-finder hit is a leak only if one of its name-shaped words lies outside every
    kept string and the hit is not a place, body or named thing: "Sarah - Domestic" where
    "Sarah" is released, a page title running into the site's name, is not."""
    if not_person.reason(text, start, end):
        return False
    for word in re.finditer(r"[\w'’-]+", text[start:end]):
        w = word.group()
        s, e = start + word.start(), start + word.end()
        if (
            is_name_word(w)
            and w.lower() not in vocab.english_words()
            and not _inside(s, e, protected)
        ):
            return True
    return False


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _kept_address(text: str, kind: str, start: int, end: int,
                  kept: list[tuple[int, int]]) -> bool:
    """A kept address (the organisation's own) that the address pattern ran on into the next
    words ("1 Example Road, Exampletown Back to the log"): what lies outside the kept part has
    no number, so it identifies no other address. "Flat 3, 1 Example Road" still alarms."""
    if kind != "STREET_ADDRESS":
        return False
    overlap = [(max(s, start), min(e, end)) for s, e in kept if s < end and start < e]
    if not overlap:
        return False
    outside = [c for i, c in enumerate(text[start:end], start)
               if not any(s <= i < e for s, e in overlap)]
    return not any(c.isdigit() for c in outside)
