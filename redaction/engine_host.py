"""The name finder loading beside the build (issue 18): a process that imports Presidio and
spaCy and loads the model while the build loads, validates and renders, then analyses the
texts the build sends it.

Importing and loading the engine costs ~1 s of one core, and a build that analyses one new
sentence spent most of its time on it. It cannot be overlapped in one process: imports hold
the interpreter lock. In a second Python process, started by `publisher build` before it even
imports the pipeline, when a content file was written since the last build
(generator/cli/site.py), it runs on the other core while the build loads and validates, and
the build waits only for what is left when its first text needs analysing. If nothing needs
analysing after all (a changed status), the host is stopped unused: its CPU time was spent on
the other core, not the build's. Only the command line asks for this: a library caller, a
test or `publisher serve` (which keeps its engine across rebuilds) analyses in its own
process as before.

The results are the same: the host runs the same code (ParallelEngine over get_engine) on
the same texts, and the policy is applied in the build's process, as always. It fails closed
as the engine does: its errors come back as RedactionError, and a host that dies is one too.
It leaves nothing running: it stops when the build closes its socket, or when the build's
process dies (the socket closes with it); one still busy is terminated.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator.errors import RedactionError
from redaction import parallel
from redaction.analysis import Span
from redaction.lean_import import import_engine
from redaction.policy import RedactionPolicy

texts_analysed = 0  # by hosts of this process, for the tests and the start-up probe
# A sentence with the kinds of words whose look-ups load data on first use (dictionary words,
# given names, places, titles): analysed once while the host waits, so the build's first
# text does not pay for them. Its result is thrown away.
WARM_UP = ("Dr Sarah Jones met the Named Nurse in Kent on 3 May 2019; "
           "Jones's report went to Leeds City Council and Amber Barry.")



class EngineHost:
    """A second Python process holding the engine; `analyze_many` sends it texts."""

    def __init__(self, content: Path | None = None) -> None:
        # A fresh interpreter, not a fork: it holds none of the build's files, above all not
        # its lock (publish.publish_lock), which a forked copy would keep held if the build
        # were killed. Its only link to the build is this socket.
        mine, theirs = socket.socketpair()
        code = f"from redaction.engine_host import main; main({theirs.fileno()}, {os.getpid()})"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        argument = [] if content is None else [os.fspath(content)]
        self._process = subprocess.Popen([sys.executable, "-c", code, *argument], env=env,
                                         pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self._conn = Connection(mine.detach())

    @property
    def pid(self) -> int:
        return self._process.pid

    def analyze_many(self, model: str, texts: Sequence[str], batch_size: int,
                     jobs: int | None) -> list[list[Span]]:
        try:
            self._conn.send((model, list(texts), batch_size, jobs))
            reply = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise RedactionError(
                f"The name finder's process stopped ({self._exit()}) before it had analysed "
                "the new text, so nothing was redacted and nothing will be published."
            ) from exc
        if reply[0] == "error":
            raise RedactionError(reply[1])
        global texts_analysed
        texts_analysed += len(texts)
        return reply[1]  # type: ignore[no-any-return]

    def _exit(self) -> str:
        try:
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "it no longer answers"
        if code < 0:
            with suppress(ValueError):
                return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def close(self) -> None:
        """Stop the host: an idle one exits as its socket closes; one still importing or
        loading (a build that needed nothing analysed) is killed, as it holds nothing."""
        with suppress(OSError):
            self._conn.close()
        try:
            self._process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@contextmanager
def engine_beside(content: Path | None, start: bool = True) -> Iterator[EngineHost | None]:
    """A host for the length of the block (none if not `start`), which the ParallelEngine
    and the leak gate of this process then send their texts to (parallel.beside); closed
    however the block ends."""
    if not start:
        yield None
        return
    stop()
    try:
        host = EngineHost(content)
    except OSError:  # no second process to be had: the engine loads here, as without one
        yield None
        return
    parallel.use_beside(host)
    try:
        yield host
    finally:
        stop()


def stop() -> None:
    host = parallel.beside()
    parallel.use_beside(None)
    if isinstance(host, EngineHost):
        host.close()


atexit.register(stop)  # a build that never left its block (an interrupted one) too


# ---- in the host process ---------------------------------------------------------------

def main(fd: int, build: int) -> None:
    """The host's process: `python -c "...main(FD, BUILD_PID)" [CONTENT]` (EngineHost)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    # Killed when the build's process ends: busy analysing, it would notice only once it
    # finished (it reads its socket between texts).
    parallel.die_with(build)
    conn = Connection(fd)
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    _prepare(conn, content)
    while True:
        try:
            model, texts, batch_size, jobs = conn.recv()
        except (EOFError, OSError):
            # The build finished, or died. Out at once: tearing down the interpreter (spaCy's
            # objects, the gazetteer) took ~0.5 s the build would wait for; nothing is open.
            os._exit(0)
        conn.send(_analyse(model, texts, batch_size, jobs))


def _prepare(conn: Connection, content: Path | None) -> None:
    """Import and load before anything is asked (best effort: a failure here is met again,
    and reported, when a text is sent; if none is, the build never needed the engine)."""
    try:
        get_engine = import_engine().get_engine
        if conn.poll():
            return  # a text is waiting: it loads what it needs
        engine = get_engine(_policy_model(content))
        if not conn.poll():
            engine.analyze_many([WARM_UP])
    except Exception:  # reported when (if) the engine is needed
        pass


def _policy_model(content: Path | None) -> str:
    """The model the content's policy names, read without validating it (the build does):
    a wrong guess costs only a load, as each request names its model."""
    default: str = RedactionPolicy.model_fields["model"].default
    try:
        import yaml

        data = yaml.safe_load((content / "redaction.yaml").read_text())  # type: ignore[operator]
        model = data.get("model") if isinstance(data, dict) else None
        return model if isinstance(model, str) and model else default
    except Exception:  # a policy the build will report on
        return default


def _analyse(model: str, texts: list[str], batch_size: int, jobs: int | None) -> tuple[Any, ...]:
    """What the build's own ParallelEngine would give, or the error it would raise."""
    try:
        engine = parallel.ParallelEngine(import_engine().get_engine(model), jobs)
        return ("ok", engine.analyze_many(texts, batch_size))
    except RedactionError as exc:
        return ("error", str(exc))
    except Exception as exc:  # worded as prepare() words an engine crash
        return ("error", str(RedactionError.engine_stopped(exc)))
