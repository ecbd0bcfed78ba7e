"""The review page's server and the decisions file it writes: comments and order kept, no
half-written file under concurrent writers, and only this computer's page may decide."""

from __future__ import annotations

import http.client
import multiprocessing
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml

from generator.review.server import serve_review
from generator.review.store import Conflict, record
from publisher_fixtures import PLAN_YAML, cache_env, write_content
from redaction.decisions import Decision

HAND_WRITTEN = """\
# Decisions for the Trust's plans. Kept by the IG team.
decisions:
  # The chief executive, quoted in the statement.
  - text: Sam Allen
    decision: release   # public role
    scope: everywhere
    reason: Chief executive, in a public role
    by: Head of Information Governance
    date: 2026-11-01
"""


def decision(text: str, verdict: str = "withhold", scope: str = "everywhere") -> Decision:
    return Decision(text=text, decision=verdict, scope=scope,  # type: ignore[arg-type]
                    reason="Third party's personal data (s40(2))", by="IG Officer",
                    date=date(2026, 11, 20))


def test_a_decision_is_added_and_comments_and_order_kept(tmp_path: Path) -> None:
    path = tmp_path / "redaction-decisions.yaml"
    path.write_text(HAND_WRITTEN)
    record(tmp_path, decision("Jo Bloggs", scope="plans/a.yaml"))
    record(tmp_path, decision('Name: "quoted"'))
    text = path.read_text()
    assert text.startswith(HAND_WRITTEN)  # nothing above the new entries moved
    data = yaml.safe_load(text)["decisions"]
    assert [d["text"] for d in data] == ["Sam Allen", "Jo Bloggs", 'Name: "quoted"']
    assert data[1] == {"text": "Jo Bloggs", "decision": "withhold", "scope": "plans/a.yaml",
                       "reason": "Third party's personal data (s40(2))", "by": "IG Officer",
                       "date": date(2026, 11, 20)}


def test_choosing_again_replaces_and_a_narrower_contradiction_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "redaction-decisions.yaml"
    path.write_text(HAND_WRITTEN)
    with pytest.raises(Conflict):
        record(tmp_path, decision("Sam Allen", "withhold", "pages/statement.md"))
    outcome = record(tmp_path, decision("Sam Allen", "withhold"))
    assert [d.text for d in outcome.replaced] == ["Sam Allen"]
    text = path.read_text()
    assert "# The chief executive, quoted in the statement." in text
    assert [d["decision"] for d in yaml.safe_load(text)["decisions"]] == ["withhold"]


def _writer(folder: str, who: int) -> None:
    for i in range(15):
        record(Path(folder), decision(f"Person {who} {i}"))


def test_concurrent_writers_never_lose_or_half_write(tmp_path: Path) -> None:
    path = tmp_path / "redaction-decisions.yaml"
    path.write_text(HAND_WRITTEN)
    seen_bad: list[str] = []
    stop = threading.Event()

    def reader() -> None:  # as a build would: whatever it reads must be whole
        while not stop.is_set():
            try:
                yaml.safe_load(path.read_text())["decisions"]
            except Exception as exc:
                seen_bad.append(repr(exc))

    watcher = threading.Thread(target=reader)
    watcher.start()
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_writer, args=(str(tmp_path), n)) for n in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    stop.set()
    watcher.join()
    assert not seen_bad
    texts = [d["text"] for d in yaml.safe_load(path.read_text())["decisions"]]
    assert len(texts) == 31 and len(set(texts)) == 31
    assert not list(tmp_path.glob(".redaction-decisions.yaml*"))  # no temporary left behind


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key, value in cache_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    root = write_content(tmp_path / "content", {"a": PLAN_YAML.replace(
        "Work has started.", "Superintendent Alex Morgan chaired the panel.")})
    srv = serve_review(root, 0, "IG Officer")
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv, root
    srv.shutdown()
    srv.server_close()


def _request(port: int, method: str, path: str, body: dict[str, str] | None = None,
             headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = urlencode(body or {})
    conn.request(method, path, body=data if body is not None else None, headers={
        "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    return conn.getresponse()


def test_only_this_run_s_page_on_this_computer_may_decide(server) -> None:
    srv, root = server
    port = srv.server_address[1]
    page = _request(port, "GET", "/").read().decode()
    assert "Alex Morgan" in page and "Needs a decision" in page
    assert "http://" not in page.replace(f"http://127.0.0.1:{port}", "")  # nothing elsewhere
    token = srv.RequestHandlerClass.review.token
    form = {"token": token, "card": "c1", "text": "Alex Morgan", "file": "plans/a.yaml",
            "decision": "release", "scope": "everywhere", "reason": "senior-officer",
            "by": "IG Officer"}
    decisions = root / "redaction-decisions.yaml"
    assert _request(port, "POST", "/decide", {**form, "token": "guess"}).status == 403
    assert _request(port, "POST", "/decide", form, {"Host": "evil.example"}).status == 403
    assert _request(port, "POST", "/decide", form,
                    {"Origin": "http://evil.example"}).status == 403
    assert not decisions.exists()
    missing = _request(port, "POST", "/decide", {**form, "reason": ""})
    assert missing.status == 400 and "Give a reason" in missing.read().decode()
    done = _request(port, "POST", "/decide", form)
    assert done.status == 303 and done.getheader("Location") == "/#c1"
    assert yaml.safe_load(decisions.read_text())["decisions"][0]["reason"] == (
        "Senior officer named in a public role")
    assert "Released everywhere" in _request(port, "GET", "/").read().decode()
