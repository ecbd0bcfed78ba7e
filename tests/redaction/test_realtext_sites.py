"""The leak gate on real documents built as sites with an FOI bundle (benchmarks/
realtext_sites.py runs all of them; `make bench`): no false alarm, every planted name still
caught. A document whose annex PDF once raised false alarms (a table row's cells joined
with the sentence they hold in the text layer), kept to one for speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import real_set, realtext_sites

DOCS = ["cumbria-constabulary-da-action-plan-2018"]


@pytest.fixture(scope="module")
def by_doc() -> dict[str, list[real_set.Sentence]]:
    found: dict[str, list[real_set.Sentence]] = {}
    for s in real_set.load():
        if s.doc in DOCS:
            found.setdefault(s.doc, []).append(s)
    return found


@pytest.mark.parametrize("doc", DOCS)
def test_a_real_document_builds_and_bundles_without_alarm(by_doc, doc: str,
                                                          tmp_path: Path) -> None:
    result = realtext_sites.build_site(doc, by_doc[doc], realtext_sites.sources()[doc],
                                       tmp_path)
    assert not result.failures, result.failures
    assert [a.line for a in result.alarms] == []
    assert result.built and result.bundled
