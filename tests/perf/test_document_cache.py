"""Unchanged documents are not redacted again, and what comes back is exactly what redacting
them would give (redaction/document_cache.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.load import load
from generator.content.validate import validate
from publisher_fixtures import EXAMPLE
from redaction import redact_content
from redaction import redactor as redactor_module


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "content")
    return tmp_path / "content"


def loaded(folder: Path):
    return validate(load(folder))


def test_cached_documents_equal_a_fresh_redaction(
        content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "redaction"
    calls: list[int] = []
    real = redactor_module.Redactor.redact_many

    def counting(self, texts, **kwargs):
        calls.append(len(texts))
        return real(self, texts, **kwargs)

    monkeypatch.setattr(redactor_module.Redactor, "redact_many", counting)
    first = redact_content(loaded(content_copy), cache_dir=cache)
    assert first.findings, "the example content should give the report something"
    every = calls.pop()
    again = redact_content(loaded(content_copy), cache_dir=cache)
    assert calls == []  # nothing redacted again
    assert again == first
    assert again == redact_content(loaded(content_copy), use_cache=False)
    calls.clear()

    # One plan edited: only its texts are redacted, and the whole equals a fresh redaction.
    plan = content_copy / "plans" / "mr-s-homicide.yaml"
    plan.write_text(plan.read_text().replace("This action plan has been", "This plan was", 1))
    edited = redact_content(loaded(content_copy), cache_dir=cache)
    assert len(calls) == 1 and 0 < calls[0] < every  # that plan's texts only
    assert edited == redact_content(loaded(content_copy), use_cache=False)

    # The policy changes: every document is redacted again under it.
    policy = content_copy / "redaction.yaml"
    policy.write_text(policy.read_text().replace("always_redact: []", "always_redact: [Allen]"))
    calls.clear()
    changed = redact_content(loaded(content_copy), cache_dir=cache)
    assert calls[0] == every
    assert changed == redact_content(loaded(content_copy), use_cache=False)
    assert changed != edited


def test_sentences_kept_with_documents_equal_a_fresh_walk(
        content_copy: Path, tmp_path: Path) -> None:
    """The leak gate's known sentences come from the document cache for unchanged documents
    (stage.document_sentences, worked out when they were redacted): the same set as walking
    every redacted document, before and after an edit, never a stale document's."""
    from dataclasses import replace

    from redaction import known_sentences

    cache = tmp_path / "redaction"
    redact_content(loaded(content_copy), cache_dir=cache)
    again = redact_content(loaded(content_copy), cache_dir=cache)  # every document a hit
    assert again.sentences.keys() >= {"site", "plan:mr-s-homicide"}
    assert known_sentences(again) == known_sentences(replace(again, sentences={}))
    plan = content_copy / "plans" / "mr-s-homicide.yaml"
    plan.write_text(plan.read_text().replace("This action plan has been",
                                             "Quentin Applebury said this plan has been", 1))
    edited = redact_content(loaded(content_copy), cache_dir=cache)
    fresh = known_sentences(redact_content(loaded(content_copy), use_cache=False))
    assert known_sentences(edited) == fresh
    assert any("said this plan has been" in s for s in fresh)


def test_documents_read_through_the_parse_cache_are_keyed_by_their_bytes(
        content_copy: Path, tmp_path: Path) -> None:
    """With the parse cache, a document's key is its file's digest, not its model serialised:
    an edit to the file is a new key (never the old result), and render remembers the plan's
    page by the same key (RedactedContent.keys)."""
    from generator.content.parse_cache import ParseCache

    def read() -> object:
        return validate(load(content_copy, cache=ParseCache(content_copy, tmp_path / "parse")))

    cache = tmp_path / "redaction"
    first = redact_content(read(), cache_dir=cache)
    plan = first.content.plan("mr-s-homicide")
    assert plan is not None and plan.digest and first.keys[f"plan:{plan.slug}"]
    assert redact_content(read(), cache_dir=cache).keys == first.keys
    path = content_copy / "plans" / f"{plan.slug}.yaml"
    path.write_text(path.read_text().replace("This action plan has been",
                                             "Quentin Applebury said this plan has been", 1))
    edited = redact_content(read(), cache_dir=cache)
    assert edited.keys[f"plan:{plan.slug}"] != first.keys[f"plan:{plan.slug}"]
    assert edited == redact_content(loaded(content_copy), use_cache=False)
    assert "Quentin Applebury" not in edited.content.plan(plan.slug).data.model_dump_json()
