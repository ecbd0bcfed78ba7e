"""A file the build publishes in Latin-1 (a post-build step copying an old text file in) is
read by the leak gate: a name in it stops the build, and the published site stays as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest
from siteaudit import Workspace, tree_digest

import generator.pipeline
from generator.site.build import BuiltSite

NAME = "Wilhelmina Quarrington"  # in the test content's always_redact list


def test_a_name_in_a_latin1_text_file_stops_the_build(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    build = generator.pipeline.build

    def build_then_add(*args: object, **kwargs: object) -> BuiltSite:
        built = build(*args, **kwargs)  # type: ignore[arg-type]
        notes = f"Minutes of the café meeting, 3 May\n{NAME} attended.\n"
        (built.path / "minutes.txt").write_bytes(notes.encode("latin-1"))
        return replace(built)

    before = tree_digest(workspace.site)
    monkeypatch.setattr(generator.pipeline, "build", build_then_add)
    result = workspace.build()
    assert result.exit_code == 3, result.output
    assert f'minutes.txt, line 2: always_redact name "{NAME}"' in result.stderr
    assert tree_digest(workspace.site) == before
