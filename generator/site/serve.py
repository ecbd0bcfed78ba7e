"""`publisher serve`: a local preview with drafts, rebuilt when content changes. Never site/."""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import click

from generator.errors import ContentError, PublisherError
from generator.pipeline import prepare
from generator.site.build import build
from generator.site.render import render


def _snapshot(root: Path) -> tuple[tuple[str, float, int], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime, p.stat().st_size)
                        for p in root.rglob("*") if p.is_file()))


def preview(content_dir: Path, out: Path, as_at: date) -> None:
    """Drafts included and marked DRAFT; redaction still applies, as it would when published."""
    redacted = prepare(content_dir, include_drafts=True).redacted
    with tempfile.TemporaryDirectory(prefix="publisher-preview-docs-") as docs:
        rendered = render(redacted, as_at, Path(docs), preview=True)
        staging = out.with_name(out.name + ".next")
        shutil.rmtree(staging, ignore_errors=True)
        build(rendered, out, out=staging)
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(content_dir: Path, port: int, as_at: date) -> None:
    work = Path(tempfile.mkdtemp(prefix="publisher-preview-"))
    site = work / "site"
    try:
        preview(content_dir, site, as_at)
        handler = functools.partial(_Handler, directory=str(site))
        # The handler serves whatever `site` is at request time, so a rebuild swaps in cleanly.
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        click.echo(f"Preview on http://127.0.0.1:{port}/ (drafts shown, marked DRAFT). "
                   "Ctrl+C to stop.")
        seen = _snapshot(content_dir)
        while True:
            time.sleep(1)
            now = _snapshot(content_dir)
            if now == seen:
                continue
            seen = now
            try:
                preview(content_dir, site, as_at)
                click.echo("Rebuilt.")
            except ContentError as exc:
                for problem in exc.problems:
                    click.echo(str(problem), err=True)
                click.echo("The preview still shows the last good version.", err=True)
            except PublisherError as exc:
                click.echo(f"preview failed: {exc}", err=True)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        shutil.rmtree(work, ignore_errors=True)
