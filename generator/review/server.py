"""`publisher review`: the review page on 127.0.0.1, and what a choice on it does.

GET / renders every finding of the current content (drafts included: they are reviewed before
approval). POST /decide writes one decision (generator/review/store.py) and redirects back
(POST-redirect-GET), so reloading never decides twice. A POST is accepted only with this run's
token and a Host (and Origin, if sent) of 127.0.0.1 or localhost on our port: another site
open in the same browser cannot decide anything (CSRF), nor can a DNS-rebinding name.
"""

from __future__ import annotations

import http.server
import secrets
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from generator.content.names import scope_of, shown
from generator.errors import ContentError, PublisherError
from generator.prepare import prepare
from generator.review.page import View, cards, render
from generator.review.store import Conflict, record
from redaction.decisions import EVERYWHERE, GROUNDS, Decision

MAX_BODY = 64 * 1024


class Review:
    """The state of one `publisher review` run: its folder, token and the last message."""

    def __init__(self, content_dir: Path, port: int, by: str = "") -> None:
        self.content_dir = content_dir
        self.port = port
        self.token = secrets.token_urlsafe(32)
        self.by = by
        self.saved = ""
        self.message = ""
        self.lock = threading.Lock()  # one page worked out at a time: the engine is shared

    def page(self, error: str = "", error_card: str = "") -> str:
        view = View(self.token, self.by, saved=self.saved, message=self.message, error=error,
                    error_card=error_card)
        self.saved, self.message = "", ""
        with self.lock:
            try:
                view = self._fill(view)
            except ContentError as exc:
                view.problems = [str(p) for p in exc.problems if not p.warning]
            except PublisherError as exc:
                view.problems = [str(exc)]
            except Exception as exc:
                view.problems = [f"redaction stopped with {type(exc).__name__}: {exc}"]
        return render(view)

    def _fill(self, view: View) -> View:
        try:
            prepared = prepare(self.content_dir, include_drafts=True)
            reapprove: list[str] = []
        except ContentError as exc:
            stale = [p for p in exc.problems if p.field == "approval" and "re-approval"
                     in p.message]
            others = [p for p in exc.problems if not p.warning and p not in stale]
            if others or not stale:
                raise
            # Only approvals our decisions unbound: review goes on, and says to approve again.
            prepared = prepare(self.content_dir, include_drafts=True, check_approvals=False)
            reapprove = [(p.hint or "").partition("run: ")[2] or f"publisher approve {p.file}"
                         for p in stale]
        content = prepared.content
        docs = [content.root / "site.yaml", *(d.source for d in
                                              [*content.plans, *content.foi, *content.pages])]
        scopes = {shown(p, content.root): scope_of(p, content.root) for p in docs}
        return replace(view, cards=cards(prepared.redacted.findings, scopes), reapprove=reapprove)

    def decide(self, form: dict[str, str]) -> tuple[bool, str, str]:
        """(saved, card, problem): write the decision the form describes."""
        card = form.get("card", "")
        text, file = form.get("text", ""), form.get("file", "")
        grounds = dict(GROUNDS)
        reason = form.get("other", "").strip() if form.get("reason") == "other" else \
            grounds.get(form.get("reason", ""), "")
        by = form.get("by", "").strip()
        if form.get("decision") not in ("release", "withhold"):
            return False, card, f'Choose Withhold or Release for "{text}".'
        if not reason:
            return False, card, f'Give a reason for the decision on "{text}": choose one, or ' \
                'choose "Another reason" and type it.'
        if not by:
            return False, card, f'Say who decides on "{text}": type your role in "Decided by".'
        scope = EVERYWHERE if form.get("scope") != "file" else file
        try:
            decision = Decision(text=text, decision=form["decision"], scope=scope,  # type: ignore[arg-type]
                                reason=reason, by=by, date=date.today())
            with self.lock:
                outcome = record(self.content_dir, decision)
        except Conflict as exc:
            return False, card, str(exc)
        except (ValueError, ContentError) as exc:
            return False, card, f"The decision could not be saved: {exc}"
        self.by = by
        verb = "Released" if decision.decision == "release" else "Withheld"
        where = "everywhere" if scope == EVERYWHERE else f"in {scope}"
        self.saved = card
        self.message = outcome.note or (
            f'Saved: {verb} "{text}" {where}. ' + (
                f"It replaces {len(outcome.replaced)} earlier decision(s). "
                if outcome.replaced else "") + "The next build applies it.")
        return True, card, ""

    def allowed(self, host: str | None, origin: str | None) -> bool:
        hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        if host not in hosts:
            return False
        return origin is None or urlsplit(origin).netloc in hosts


class Handler(http.server.BaseHTTPRequestHandler):
    review: Review

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        # Nothing on the page may load from elsewhere, nor the page be framed by another site.
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src "
                         "'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                         "base-uri 'none'")
        self.send_header("Cache-Control", "no-store")
        # "no-referrer" would make the browser send "Origin: null" with our own forms.
        self.send_header("Referrer-Policy", "same-origin")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if not self.review.allowed(self.headers.get("Host"), None):
            self._send(403, "Forbidden: open this page at 127.0.0.1.")
            return
        if urlsplit(self.path).path != "/":
            self._send(404, "Not found.")
            return
        self._send(200, self.review.page())

    def do_POST(self) -> None:
        review = self.review
        if not review.allowed(self.headers.get("Host"), self.headers.get("Origin")):
            self._send(403, "Forbidden: decisions are taken only on this computer's page.")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if urlsplit(self.path).path != "/decide" or length > MAX_BODY:
            self._send(404, "Not found.")
            return
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8"),
                                              keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("token", ""), review.token):
            self._send(403, "Forbidden: this form is from an earlier run of publisher review. "
                       "Reload the page and choose again.")
            return
        saved, card, problem = review.decide(form)
        if saved:
            self._send(303, "", {"Location": f"/#{card}"})
        else:
            self._send(400, review.page(error=problem, error_card=card))


def serve_review(content_dir: Path, port: int, by: str = "") -> http.server.ThreadingHTTPServer:
    """The server, bound to 127.0.0.1 only (port 0: any free port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    review = Review(content_dir, server.server_address[1], by)
    server.RequestHandlerClass = type("BoundHandler", (Handler,), {"review": review})
    return server
