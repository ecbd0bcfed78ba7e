"""Real-looking names put into the open data after a one-edit build (plans.json, actions.csv)
stop the build when the gate reads those files by pieces (redaction/pieces.py): in the record
of the plan that changed and in one that did not, at the other end of the file, whose bytes
only the block digests vouch for. The published site stays as it was."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from faker import Faker
from siteaudit import Workspace, tree_digest

import generator.pipeline
from generator.site.build import BuiltSite
from publisher_fixtures import replace_once


def _names() -> list[str]:
    """Names the content has nowhere: England and Poland, and a register's "SURNAME, Given"."""
    found = []
    for locale in ("en_GB", "pl_PL"):
        fake = Faker(locale)
        fake.seed_instance(8)
        found.append(f"{fake.first_name()} {fake.last_name()}")
    return [*found, "OKONKWO-BRADSHAW, Philippa"]


NAMES = _names()


def _edit_plan(content: Path, words: str) -> None:
    replace_once(content / "plans" / "river-review.yaml", "Train ward staff",
                 f"Train ward staff {words}")


def _plant(monkeypatch: pytest.MonkeyPatch, rel: str, where: str, sentence: str) -> None:
    """A post-build step that puts `sentence` into the staged `rel` after the first or the
    last occurrence of a field's opening (`where`), in the edited plan's record or another."""
    build = generator.pipeline.build

    def build_then_edit(*args: object, **kwargs: object) -> BuiltSite:
        built = build(*args, **kwargs)  # type: ignore[arg-type]
        target = built.path / rel
        data = target.read_bytes()
        marker = b'"action": "' if rel.endswith(".json") else b"river-review,"
        at = data.rfind(marker) if where == "last" else data.find(marker)
        if rel.endswith(".csv") and where == "last":
            at, marker = data.rfind(b"\r\n", 0, len(data) - 2), b"\r\n"
        assert at >= 0, (rel, where)
        cut = at + len(marker)
        target.write_bytes(data[:cut] + sentence.encode() + data[cut:])
        return replace(built)

    monkeypatch.setattr(generator.pipeline, "build", build_then_edit)


CASES = [(rel, where) for rel in ("data/plans.json", "data/actions.csv")
         for where in ("first", "last")]


def _sentence(rel: str, where: str) -> str:
    said = f"Agreed with {' and '.join(NAMES)} at the panel."
    if rel.endswith(".json"):
        return f"{said} "
    return f'x,"{said}"\r\n' if where == "last" else f'"{said}",'


def test_names_planted_in_the_open_data_after_an_edit_stop_the_build(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction import records

    monkeypatch.setattr(records, "RECORDS_FROM", 0)  # the test site's data files by pieces
    assert workspace.build().exit_code == 0  # the pieces of every data file remembered
    _edit_plan(workspace.content, "again")
    assert workspace.build().exit_code == 0  # read by pieces: the changed plan's records
    before = tree_digest(workspace.site)
    build = generator.pipeline.build
    for n, (rel, where) in enumerate(CASES):  # a failed build remembers nothing: same start
        _edit_plan(workspace.content, f"once more {n}")
        monkeypatch.setattr(generator.pipeline, "build", build)
        _plant(monkeypatch, rel, where, _sentence(rel, where))
        result = workspace.build()
        assert result.exit_code == 3, (rel, where, result.output)
        assert rel in result.stderr, (rel, where, result.stderr)
        for name in NAMES:  # each found by the name finder, in the file it was put into
            surname = name.split(",")[0].split()[-1]
            assert surname in result.stderr, (rel, where, name, result.stderr)
        assert tree_digest(workspace.site) == before
