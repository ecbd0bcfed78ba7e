"""The redact stage: every free-text field of the content through the Redactor, and the leak
gate over built output (scan_tree, in redaction/leaks.py)."""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.cache import code_key
from generator.content.lines import FieldPath
from generator.content.names import scope_of, shown
from redaction.analysis_cache import AnalysisCache, default_cache_dir
from redaction.document_cache import DocumentCache, DocumentResult
from redaction.document_list import lazy_documents
from redaction.published_as_is import check_identifiers, own_details_kept
from redaction.sentences import known_of
from redaction.text_fields import fast_walk, with_updates
from redaction.text_spans import Mode, sentence_around

if TYPE_CHECKING:  # names for annotations only (see redact_content)
    from generator.content.models import Content
    from redaction.decisions import Decision, FileRules
    from redaction.policy import RedactionPolicy
    from redaction.redactor import Redacted, Redactor


@dataclass(frozen=True)
class RedactionFinding:
    """One decision, for the internal IG review report (never published)."""

    file: str
    field: str
    entity: str
    score: float
    recognizer: str
    text: str
    sentence: str
    # "redacted", "redacted: link removed" (a URL held personal data), "kept: never_redact",
    # "kept: released" (a decision), "kept: below threshold" (text outside the content only)
    decision: str
    # Uncertain (below the threshold, or the name finder alone) and no decision covers it:
    # withheld until someone decides (publisher review lists these first).
    needs_review: bool = False
    # The decision in redaction-decisions.yaml that settled it, if one did.
    decided: str = ""  # "release" | "withhold" | ""
    scope: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_on: str = ""
    start: int = 0  # where the words stand in the field's text


@dataclass(frozen=True)
class RedactedContent:
    content: Content
    findings: list[RedactionFinding] = field(default_factory=list)
    # Passages replaced per document ("plan:<slug>", "foi:<ref>", "page:<slug>"): the public ledger.
    withheld: dict[str, int] = field(default_factory=dict)
    # With a Dask scheduler: texts the cluster analysed, and how many workers did it.
    remote_texts: int = 0
    remote_workers: int = 0
    # Each document's sentences (document key → sentences.known_of its redacted texts), for
    # the leak gate, where the document cache kept them: leaks.known_sentences walks the rest.
    # Not compared: a shortcut to what known_sentences would work out from `content` anyway.
    sentences: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    # Each document's key in the document cache (document key → sha256 of everything its
    # redacted data is made from), where the cache was used: what later stages may remember
    # their own work on the document by (render.py) without serialising its model again.
    keys: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def awaiting_review(self) -> list[RedactionFinding]:
        return [f for f in self.findings if f.needs_review]

    @property
    def gate_policy(self) -> RedactionPolicy:
        """The policy the leak gate reads: words released by a decision are not leaks."""
        policy = self.content.policy
        released = self.content.decisions.released_words
        if not released:
            return policy
        return policy.model_copy(update={"never_redact": [*policy.never_redact, *released]})


@dataclass(frozen=True)
class _Text:
    key: str  # the document: "plan:mr-s", "site"
    file: str  # as the author sees it: content/plans/mr-s.yaml
    scope: str  # as decisions name it: plans/mr-s.yaml
    path: FieldPath  # where in the model: ("recommendations", 0, "actions", 1, "lead", 0)
    label: str  # the same, for people: recommendations[1].actions[7.1].lead[1]
    text: str
    mode: Mode


def redact_content(
    content: Content, *, use_cache: bool = True, cache_dir: Path | None = None,
    jobs: int | None = None, scheduler: str | None = None,
) -> RedactedContent:
    """Every free-text field redacted; a new Content (models are frozen), findings, ledger.

    Raises ContentError if an always_redact name is in a slug, a file name or an identifier
    (those cannot be redacted without breaking links), RedactionError if the engine fails.
    """
    # Imported here: the Redactor's recognisers import tldextract and phonenumbers, which
    # importing the models need not. None of these imports Presidio or spaCy: the engine is
    # built only when a text needs analysing (parallel.py), so a warm build does without.
    from redaction.parallel import ParallelEngine
    from redaction.redactor import Redactor

    cache = AnalysisCache(cache_dir) if use_cache else None
    engine: Any
    if scheduler is not None:  # the NER of uncached text on a Dask cluster (distributed.py)
        # Here: Dask is an optional extra, imported by distributed.py only.
        from redaction.distributed import DaskEngine

        engine = DaskEngine(content.policy.model, scheduler)
        engine.connect()
    else:  # jobs: processes for the NER of uncached text (None: every core; parallel.py)
        engine = ParallelEngine(content.policy.model, jobs)  # loaded only if needed
    policy = own_details_kept(content)
    redactor = Redactor(policy, cache=cache, engine=engine)
    # Models are read only for the documents redacted now: an unchanged plan's model may not
    # even be decoded (generator/content/lazy.py).
    docs = lazy_documents(content)
    known = _document_cache(content, policy, engine, cache_dir) if use_cache else None
    done: dict[str, DocumentResult] = {}
    keys: dict[str, str] = {}
    if known is not None:  # unchanged documents: their last result, no redaction at all
        digests = _digests(content)
        for key, source, model in docs:
            # The file's bytes (the model is made from them alone, by code in the salt), or,
            # for a document not read through the parse cache, the model itself.
            data = f"sha256:{digests[key]}" if digests.get(key) else model().model_dump_json()
            keys[key] = known.key(key, shown(source, content.root), data
                                  + _decisions_json(content, scope_of(source, content.root)))
        known.prefetch(keys.values())
        for key, made_from in keys.items():
            if (hit := known.get(made_from)) is not None:
                done[key] = hit
    todo = [(key, source, model()) for key, source, model in docs if key not in done]
    check_identifiers(content, redactor, todo)
    try:
        done.update(_redact_documents(redactor, todo, content))
    finally:
        if cache is not None:
            cache.close()
        if scheduler is not None:
            engine.close()
    findings = [f for key, _, _ in docs for f in done[key].findings]
    withheld = {key: done[key].withheld for key, _, _ in docs
                if done[key].withheld is not None and (key != "site" or done[key].withheld)}
    updates = {key: done[key].updates for key, _, _ in docs if done[key].updates}
    remote = (engine.analysed, len(engine.workers)) if scheduler is not None else (0, 0)
    rebuilt = with_updates(content, updates)
    sentences: dict[str, frozenset[str]] = {}
    if known is not None:
        new = {d[0] for d in todo}
        _keep_results(known, keys, done, new, rebuilt)
        # Those redacted now are cached for the next build, not held through render and build
        # (issue 18): the leak gate works them out again if it must (1.2 s a 1,000 plans).
        sentences = {key: r.sentences for key, r in done.items()
                     if r.sentences is not None and key not in new}
    return RedactedContent(rebuilt, findings, withheld, *remote, sentences=sentences,
                           keys=keys)


def _digests(content: Content) -> dict[str, str]:
    """sha256 of each document's file as load read it ("" if not read through the parse
    cache): what its model was made from."""
    docs = [*((f"plan:{d.slug}", d) for d in content.plans),
            *((f"foi:{d.slug}", d) for d in content.foi),
            *((f"page:{d.slug}", d) for d in content.pages)]
    return {key: d.digest for key, d in docs if d.digest}


def _keep_results(known: DocumentCache, keys: dict[str, str], done: dict[str, DocumentResult],
                  new: set[str], rebuilt: Content) -> None:
    """The documents redacted this time go into the cache with their redacted sentences (what
    the leak gate's known_sentences would otherwise walk every document for, every build)."""
    for key, _, model in lazy_documents(rebuilt):
        if key in new:
            done[key] = replace(done[key], sentences=document_sentences(model()))
            known.put(keys[key], done[key])
    known.save()


def document_sentences(model: BaseModel) -> frozenset[str]:
    """The sentences of a redacted document the leak gate need not analyse again."""
    return frozenset(known_of(value for _, _, value, kind in fast_walk(model) if kind))


# Documents are redacted a few hundred at a time: all texts, analyses and results at once were
# 160 MB at 1,000 plans (issue 18). Never a document split: its texts share the names found.
BATCH_CHARS = 3_000_000  # each of two cores still gets far over MIN_CHARS_PER_PROCESS


def _redact_documents(redactor: Redactor, docs: list[tuple[str, Path, BaseModel]],
                      content: Content) -> dict[str, DocumentResult]:
    """Each document's findings, passages withheld and changed strings (by path). On a Dask
    cluster, `window` batches are on the cluster at once and the policy is applied to the
    oldest while the workers analyse the rest (distributed.py, pipeline())."""
    engine = redactor.engine
    # Looked up on the class: the lazy ParallelEngine would load the name finder to answer.
    pipeline = engine.pipeline if hasattr(type(engine), "pipeline") else None
    window, chars = pipeline() if pipeline is not None else (1, BATCH_CHARS)
    done: dict[str, DocumentResult] = {}
    if window <= 1:
        for batch in _batches(docs, content.root, min(chars, BATCH_CHARS)):
            done.update(_redact_batch(redactor, batch, content))
        return done
    started: deque[Callable[[], dict[str, DocumentResult]]] = deque()
    batches = _batches(docs, content.root, min(chars, BATCH_CHARS))
    batch = next(batches)
    while batch is not None:
        # Read one ahead, so that the engine knows its last call: only that one's batches
        # shrink towards the end (a last batch wholly cached leaves one 20k-character batch
        # of imbalance at worst).
        following = next(batches, None)
        engine.last_call = following is None  # type: ignore[attr-defined]
        started.append(_start_batch(redactor, batch, content, later=True))
        if len(started) >= window:
            done.update(started.popleft()())
        batch = following
    while started:
        done.update(started.popleft()())
    return done


def _batches(docs: list[tuple[str, Path, BaseModel]], root: Path | None,
             chars: int) -> Iterator[list[tuple[str, list[_Text]]]]:
    batch: list[tuple[str, list[_Text]]] = []
    size = 0
    for key, file, model in docs:
        texts = _texts(key, file, model, root)
        batch.append((key, texts))
        size += sum(len(t.text) for t in texts)
        if size >= chars:
            yield batch
            batch, size = [], 0
    yield batch


def _redact_batch(redactor: Redactor, batch: list[tuple[str, list[_Text]]],
                  content: Content) -> dict[str, DocumentResult]:
    return _start_batch(redactor, batch, content, later=False)()


def _start_batch(redactor: Redactor, batch: list[tuple[str, list[_Text]]], content: Content,
                 *, later: bool) -> Callable[[], dict[str, DocumentResult]]:
    texts = [t for _, found in batch for t in found]
    rules = {t.scope: content.decisions.rules_for(t.scope) for t in texts}
    threshold = content.policy.score_threshold
    redacted = _redact_distinct(redactor, texts, rules, later) if texts else list  # []

    def finish() -> dict[str, DocumentResult]:
        findings: dict[str, list[RedactionFinding]] = {key: [] for key, _ in batch}
        withheld: dict[str, int] = {}
        updates: dict[str, dict[FieldPath, Any]] = {key: {} for key, _ in batch}
        for t, result in zip(texts, redacted(), strict=True):
            withheld[t.key] = withheld.get(t.key, 0) + result.withheld
            findings[t.key].extend(_findings(t, result, rules[t.scope], threshold))
            if result.text != t.text:
                updates[t.key][t.path] = result.text
        return {key: DocumentResult(findings[key], withheld.get(key), updates[key])
                for key, _ in batch}

    return finish


def _decisions_json(content: Content, scope: str) -> str:
    """The decisions that apply to a file, for its cache key: a decision (or its reason, who
    and when, which the review report shows) changes that file's result."""
    if not content.decisions.items:
        return "[]"  # json.dumps([]): no decision at all, none to look up (a file each)
    rules = content.decisions.rules_for(scope)
    return json.dumps([d.model_dump(mode="json") for d in (*rules.release, *rules.withhold)],
                      sort_keys=True, ensure_ascii=False)


def _document_cache(content: Content, policy: RedactionPolicy, engine: Any,
                    cache_dir: Path | None) -> DocumentCache:
    """What every document's result depends on besides the document: the policy as applied
    (with the organisation's own details), the name finder (fingerprint), the code (which
    fields are text, and of which kind) and the libraries the policy runs on."""
    salt = hashlib.sha256(policy.model_dump_json().encode())
    salt.update(engine.fingerprint.encode())
    salt.update(code_key().encode())
    return DocumentCache(cache_dir or default_cache_dir(), content.root, salt.hexdigest())


def _redact_distinct(redactor: Any, texts: list[_Text], rules: dict[str, FileRules],
                     later: bool = False) -> Callable[[], list[Redacted]]:
    """Each distinct (text, mode, document) once: a workbook repeats the same cells thousands
    of times. The result is the same as redacting every text: within a document the same text
    gets the same decisions, and the ledger and findings still count every occurrence.
    `later`: the analysis started now, the policy applied when the result is asked for."""
    distinct: dict[tuple[str, Mode, str], int] = {}
    for t in texts:
        distinct.setdefault((t.text, t.mode, t.key), len(distinct))
    keys = list(distinct)
    # A document is one file, so the decisions that apply are the same for all its texts.
    by_document = {t.key: rules[t.scope] for t in texts}
    redact = redactor.start_many if later else redactor.redact_many
    once = redact([k[0] for k in keys], modes=[k[1] for k in keys],
                  groups=[k[2] for k in keys], rules=[by_document[k[2]] for k in keys])

    def every() -> list[Redacted]:
        results = once() if later else once
        return [results[distinct[(t.text, t.mode, t.key)]] for t in texts]

    return every


def _texts(key: str, source: Path, model: BaseModel, root: Path | None = None) -> list[_Text]:
    file = str(source) if root is None else shown(source, root)
    scope = str(source) if root is None else scope_of(source, root)
    found: list[_Text] = []
    for path, label, value, kind in fast_walk(model):
        if kind is not None and isinstance(value, str) and value.strip():
            mode: Mode = "markdown" if kind == "markdown" else "plain"
            found.append(_Text(key, file, scope, path, label, value, mode))
    return found


def _findings(t: _Text, result: Redacted, rules: FileRules,
              threshold: float) -> list[RedactionFinding]:
    # Not at the top: the Redactor's recognisers import tldextract and phonenumbers.
    from redaction.redactor import KEPT_RELEASED, REDACTED

    found: list[RedactionFinding] = []
    for f in result.findings:
        decision: Decision | None = None
        if f.action == KEPT_RELEASED:
            decision = rules.covering(t.text, f.start, f.end, "release")
        elif f.action == REDACTED:
            decision = rules.covering(t.text, f.start, f.end, "withhold")
        uncertain = f.score < threshold or _name_finder_alone(f, result.findings)
        found.append(RedactionFinding(
            file=t.file,
            field=t.label,
            entity=f.entity,
            score=round(f.score, 2),
            recognizer=f.recognizer,
            text=f.text,
            sentence=sentence_around(t.text, f.start, f.end),
            decision=f.action,
            needs_review=uncertain and decision is None and f.action == REDACTED,
            decided=decision.decision if decision else "",
            scope=decision.scope if decision else "",
            reason=decision.reason if decision else "",
            decided_by=decision.by if decision else "",
            decided_on=decision.date.isoformat() if decision else "",
            start=f.start,
        ))
    return found


_GUESSES = {"SpacyRecognizer", "GivenNameRecognizer"}


def _name_finder_alone(f: Any, others: list[Any]) -> bool:
    """A guess no other recogniser (a title, a context word, a pattern, a name shape) agrees
    with: the small model's guess at a capitalised word, or a lone word that is only on the
    list of given names ("Priya"), are the likeliest errors and the likeliest misses."""
    if f.recognizer not in _GUESSES:
        return False
    return not any(o.recognizer != f.recognizer and o.start < f.end and f.start < o.end
                   for o in others)
