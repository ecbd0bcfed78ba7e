"""The batched redaction API: Redactor(policy).redact_many(texts) → [Redacted(text, findings)].

Raw analysis (NER and recognisers) is per text, batched, and cacheable; everything the policy
decides is applied afterwards, over a group of texts at once (a plan, a page), so that a
name found in one field is also redacted where it stands alone in another ("Dr Hughes" in
one progress note, "Hughes" in the next).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

import regex as re

from redaction import not_person, vocab
from redaction.analysis import Span, expand_word
from redaction.analysis_cache import AnalysisCache, start_cached_analysis
from redaction.lean_import import import_engine
from redaction.policy import RedactionPolicy
from redaction.recognizers import AlwaysRedactRecognizer, OfflineEmailRecognizer, UkPhoneRecognizer
from redaction.recognizers.names import is_name_word
from redaction.replacement import escape_link_lookalikes, merge_passages, splice
from redaction.text_spans import Mode, Url, blank, find_urls
from redaction.word_find import find_words

if TYPE_CHECKING:  # the engine imports Presidio and spaCy: loaded only to analyse new text
    from redaction.engine import Engine

REDACTED = "redacted"
KEPT_NEVER = "kept: never_redact"
KEPT_LOW = "kept: below threshold"
KEPT_NOT_PERSON = "kept: not a person"  # + " (public body)", " (place)" ...
KEPT_RELEASED = "kept: released"
ALWAYS = "AlwaysRedactRecognizer"
DECIDED = "Decision"  # words withheld by a decision (redaction/decisions.py)
PROPAGATED = "NamePropagation"
# Name sources strong enough on their own for their words to be looked for elsewhere in the
# same document; other hits spread only as a full name whose first part is a given name.
_STRONG = frozenset({"TitledPersonRecognizer", "NameShapeRecognizer"})
_NAME_FINDERS = frozenset({"SpacyRecognizer", "PersonContextRecognizer"})
_GREETINGS = frozenset({"Dear", "Dearest"})
_BODY_NEXT = re.compile(rf"[ \t]+(?:{not_person.ORG_NOUNS})(?![\w'’])")


@dataclass(frozen=True)
class Finding(Span):
    """A span with what the policy did with it (`action`) and the words it covers."""

    action: str
    text: str

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
            "score": self.score,
            "recognizer": self.recognizer,
            "action": self.action,
        }


@dataclass(frozen=True)
class Redacted:
    text: str
    findings: list[Finding] = field(default_factory=list)
    # Passages replaced (adjacent findings count once): the public "withheld" ledger.
    withheld: int = 0


class Rules(Protocol):
    """Case-by-case decisions for one text, applied after the analysis (the hook for
    redaction/decisions.py): spans to keep, spans to withhold even where nothing was found,
    and whether findings below the threshold are withheld until decided (fail closed)."""

    fail_closed: bool

    def released(self, text: str) -> list[tuple[int, int]]: ...

    def withheld(self, text: str) -> list[tuple[int, int]]: ...


@dataclass
class _Work:
    text: str
    mode: Mode
    urls: list[Url]
    analysed: str
    spans: list[Span] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    edits: list[tuple[int, int]] = field(default_factory=list)
    rules: Rules | None = None
    released: list[tuple[int, int]] = field(default_factory=list)
    withheld: list[tuple[int, int]] = field(default_factory=list)


class Redactor:
    def __init__(
        self,
        policy: RedactionPolicy,
        *,
        cache: AnalysisCache | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.policy = policy
        if engine is None:
            # Loaded here: the engine imports Presidio and spaCy, which a caller that passes
            # its own (lazy) engine never needs (redaction/parallel.py).
            engine = import_engine().get_engine(policy.model)
        self.engine = engine
        self.cache = cache
        self.always = AlwaysRedactRecognizer(policy.always_redact)
        self._email = OfflineEmailRecognizer()
        self._phone = UkPhoneRecognizer()
        self._never = _never_pattern(policy.never_redact)

    def redact(self, text: str, mode: Mode = "plain") -> Redacted:
        return self.redact_many([text], modes=mode)[0]

    def redact_many(
        self,
        texts: Sequence[str],
        *,
        modes: Mode | Sequence[Mode] = "plain",
        groups: Sequence[Hashable] | None = None,
        rules: Sequence[Rules | None] | None = None,
    ) -> list[Redacted]:
        """Redact every text; texts sharing a group share found names (None: one group each).
        `rules`: per text, the decisions that apply to it (None: the policy alone)."""
        return self.start_many(texts, modes=modes, groups=groups, rules=rules)()

    def start_many(
        self,
        texts: Sequence[str],
        *,
        modes: Mode | Sequence[Mode] = "plain",
        groups: Sequence[Hashable] | None = None,
        rules: Sequence[Rules | None] | None = None,
    ) -> Callable[[], list[Redacted]]:
        """redact_many in two steps: the analysis starts now, and with an engine that has
        submit_many (a Dask cluster) runs while the caller does other work; the policy is
        applied when the returned function is called."""
        mode_list = [modes] * len(texts) if isinstance(modes, str) else list(modes)
        rule_list = list(rules) if rules is not None else [None] * len(texts)
        work = []
        for text, mode, rule in zip(texts, mode_list, rule_list, strict=True):
            urls = find_urls(text, mode)
            work.append(_Work(text, mode, urls, blank(text, urls), rules=rule))
        analysed = self._start_analysis([w.analysed for w in work])

        def finish() -> list[Redacted]:
            for w, spans in zip(work, analysed(), strict=True):
                w.spans = spans
            by_group: dict[Hashable, list[_Work]] = defaultdict(list)
            for i, w in enumerate(work):
                by_group[groups[i] if groups is not None else ("text", i)].append(w)
            for members in by_group.values():
                self._decide(members)
            return [self._apply(w) for w in work]

        return finish

    def _start_analysis(self, texts: list[str]) -> Callable[[], list[list[Span]]]:
        # Looked up on the class: the lazy ParallelEngine would load the name finder to answer.
        submit = self.engine.submit_many if hasattr(type(self.engine), "submit_many") else None

        def start(missing: list[str]) -> Callable[[], list[list[Span]]]:
            if submit is not None:
                return submit(missing).result
            spans = self.engine.analyze_many(missing)
            return lambda: spans

        if self.cache is None:
            return start(texts)
        return start_cached_analysis(self.cache, self.engine.fingerprint, texts, start)

    # --- the policy ---------------------------------------------------------------------

    def _decide(self, members: list[_Work]) -> None:
        names: dict[str, float] = {}
        for w in members:
            never = [m.span() for m in self._never.finditer(w.text)] if self._never else []
            candidates = [s for s in w.spans if s.entity in self.policy.entities]
            candidates += [
                Span(s, e, "PERSON", 1.0, ALWAYS) for s, e in self.always.find(w.analysed)
            ]
            if w.rules is not None:  # the IG officer's decisions (redaction/decisions.py)
                w.released = w.rules.released(w.text)
                w.withheld = w.rules.withheld(w.analysed)
                candidates += [Span(s, e, _entity_over(candidates, s, e), 1.0, DECIDED)
                               for s, e in w.withheld]
            for found in candidates:
                span = _untitled(w.analysed, found)
                if span is None:
                    continue
                why = None
                if span.entity == "PERSON" and span.recognizer not in (ALWAYS, DECIDED) and not (
                        _inside(span, w.withheld)):
                    # The hit as found and as trimmed: "Recall Event" is an event even when
                    # "Event" was cut from its end. A withhold decision is never second-guessed.
                    strong = span.recognizer in _STRONG
                    why = not_person.reason(
                        w.analysed, found.start, found.end, strong=strong
                    ) or not_person.reason(w.analysed, span.start, span.end, strong=strong)
                action = f"{KEPT_NOT_PERSON} ({why})" if why else self._action(span, never, w)
                w.findings.append(_finding(w.text, span, action))
                if action == REDACTED and _spreads(w.analysed, span):
                    for word in _WORD.findall(w.text[span.start : span.end]):
                        if is_name_word(word):
                            names[word] = max(names.get(word, 0.0), span.score)
            self._check_urls(w, never)
        if names:
            self._propagate(members, names)

    def _action(self, span: Span, never: list[tuple[int, int]], w: _Work | None = None) -> str:
        if w is not None and (span.recognizer == DECIDED or _inside(span, w.withheld)):
            return REDACTED
        if w is not None and span.recognizer != ALWAYS and _inside(span, w.released):
            return KEPT_RELEASED
        if span.recognizer != ALWAYS and _inside(span, never):
            return KEPT_NEVER
        if span.score < self.policy.score_threshold:
            fail_closed = w is not None and w.rules is not None and w.rules.fail_closed
            return REDACTED if fail_closed else KEPT_LOW
        return REDACTED

    def _propagate(self, members: list[_Work], names: dict[str, float]) -> None:
        """Each strong name's words, wherever else they stand in the document; a word that
        stands anywhere in the document as part of a place or body does not spread at all."""
        found: list[tuple[_Work, int, int, str]] = []
        blocked: set[str] = set()
        for w in members:
            taken = [(f.start, f.end) for f in w.findings if f.action == REDACTED]
            # Found without a pattern per document (word_find.py): compiling one cost more
            # than the search.
            for m_start, m_end, word in find_words(w.analysed, names):
                s, e = expand_word(w.analysed, m_start, m_end)
                if any(a <= s and e <= b for a, b in taken):
                    continue
                if not_person.reason(w.analysed, s, e):
                    blocked.add(word)
                    continue
                found.append((w, s, e, word))
        for w, s, e, word in found:
            if word in blocked:
                continue
            never = [m.span() for m in self._never.finditer(w.text)] if self._never else []
            span = Span(s, e, "PERSON", names[word], PROPAGATED)
            w.findings.append(_finding(w.text, span, self._action(span, never, w)))

    def _check_urls(self, w: _Work, never: list[tuple[int, int]]) -> None:
        """A URL holding an always_redact name, an e-mail address or a phone number goes."""
        for url in w.urls:
            raw = w.text[url.start : url.end]
            readable = unquote(raw).replace("_", " ").replace("+", " ")
            entity = None
            if self.always.find(readable):
                entity = "PERSON"
            else:
                for recognizer in (self._email, self._phone):
                    hits = recognizer.analyze(readable, [], None)
                    if any(readable[h.start : h.end] not in self.policy.never_redact for h in hits):
                        entity = hits[0].entity_type
                        break
            if entity is None:
                continue
            start, end = url.outer or (url.start, url.end)
            span = Span(start, end, entity, 1.0, "UrlCheck")
            if url.unwrap:
                w.edits.extend(url.unwrap)
                w.findings.append(_finding(w.text, span, REDACTED + ": link removed"))
            else:
                w.findings.append(_finding(w.text, span, REDACTED))

    # --- the replacement ----------------------------------------------------------------

    def _apply(self, w: _Work) -> Redacted:
        passages = merge_passages(w.text, [f for f in w.findings if f.action == REDACTED])
        edits = [(s, e) for s, e in w.edits if not any(a < e and s < b for a, b, _ in passages)]
        if not passages and not edits:
            return Redacted(w.text, _sorted(w.findings), 0)
        replacements = [(s, e, self.replacement(entity)) for s, e, entity in passages]
        text, replaced = splice(w.text, replacements, edits)
        if w.mode == "markdown":
            text = escape_link_lookalikes(text, replaced)
        withheld = len(passages) + sum(1 for f in w.findings if f.action.endswith("link removed"))
        return Redacted(text, _sorted(w.findings), withheld)

    def replacement(self, entity: str) -> str:
        return self.policy.replacement.replace("{entity}", entity)


def _untitled(text: str, span: Span) -> Span | None:
    """A person span without titles and ranks at either end ("DCI Jonny Starbuck",
    "T/DCI O'SULLIVAN", "Delroy Supt"): the rank stays readable, the name goes."""
    if span.entity != "PERSON" or span.recognizer in (ALWAYS, DECIDED):
        return span
    words = list(_NON_SPACE.finditer(text[span.start : span.end]))

    def rank(word: str) -> bool:
        bare = _ACTING_PREFIX.sub("", word.rstrip(".,:;"))
        return bare in vocab.title_words()

    # "Mr Jonathon Proctor Dear Northumbria Police", "NHS England Dear Ms Prentice": a
    # letter's greeting starts a new line of thought; one name stands on one side of it.
    # Which side is the name: the addressee after it, unless that runs into a body's noun.
    cut = next((i for i, w in enumerate(words) if i and w.group() in _GREETINGS), None)
    if cut is not None:
        body_next = _BODY_NEXT.match(text, span.end)
        words = words[:cut] if body_next else words[cut + 1 :]
    # "Mr Jonathon Proctor Northumbria Police": the body's first word is not the name's.
    if len(words) > 2 and _BODY_NEXT.match(text, span.start + words[-1].end()):
        words.pop()
    while words and rank(words[0].group()):
        words.pop(0)
    while words and rank(words[-1].group()):
        words.pop()
    # A role or document word the NER ran into: "Louise Moss Head of Legal Services",
    # "Neil Wilby Investigative journalist", "IQBAL ASMA – Section 47".
    if span.recognizer in _NAME_FINDERS:
        while len(words) > 1 and _runs_into_phrase(text, span.start, words[-1]):
            words.pop()
    if not words:
        return None
    start, end = span.start + words[0].start(), span.start + words[-1].end()
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.entity, span.score, span.recognizer)


def _runs_into_phrase(text: str, offset: int, word: re.Match[str]) -> bool:
    after = text[offset + word.end() : offset + word.end() + 6]
    return not_person.everyday_word(word.group().strip(".,;:")) and bool(
        _RUNS_ON.match(after)
    )


def _spreads(text: str, span: Span) -> bool:
    """Strong person evidence: a title or rank, a name shape, or a full name whose first
    part is a known given name ("Stuart Cundy"); never a lone word the NER guessed."""
    if span.recognizer in _STRONG:
        return True
    if span.recognizer not in _NAME_FINDERS:
        return False
    words = [w for w in _WORD.findall(text[span.start : span.end]) if is_name_word(w)]
    return len(words) >= 2 and not_person.is_given_name(words[0])


def _inside(span: Span, spans: list[tuple[int, int]]) -> bool:
    return any(s <= span.start and span.end <= e for s, e in spans)


def _entity_over(spans: list[Span], start: int, end: int) -> str:
    """Words withheld by a decision take the kind of a finding they overlap, else PERSON."""
    return next((s.entity for s in spans if s.start < end and start < s.end), "PERSON")


def _finding(text: str, span: Span, action: str) -> Finding:
    return Finding(
        span.start,
        span.end,
        span.entity,
        span.score,
        span.recognizer,
        action,
        text[span.start : span.end],
    )


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.start, -f.end, f.recognizer))


def _never_pattern(entries: Sequence[str]) -> re.Pattern[str] | None:
    """Exact, case-sensitive occurrences of never_redact strings, on word boundaries."""
    alternatives = []
    for entry in sorted({e for e in entries if e.strip()}, key=len, reverse=True):
        left = r"(?<![\w])" if entry[0].isalnum() else ""
        right = r"(?![\w])" if entry[-1].isalnum() else ""
        alternatives.append(left + re.escape(entry) + right)
    return re.compile("|".join(alternatives)) if alternatives else None


# Compiled once: the module-level calls looked each pattern up in the cache on every call.
_WORD = re.compile(r"[\w'’-]+")
_NON_SPACE = re.compile(r"\S+")
_ACTING_PREFIX = re.compile(r"^[ATCD]/")
_RUNS_ON = re.compile(r"[ \t]+(?:of\b|\p{Ll}|\d)")
