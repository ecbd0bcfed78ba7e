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
from generator.foi.pdf import pdf_cache
from generator.prepare import prepare
from generator.site.build import build
from generator.site.incremental import load_state, save_state
from generator.site.render import render


def _snapshot(root: Path) -> tuple[tuple[str, float, int], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime, p.stat().st_size)
                        for p in root.rglob("*") if p.is_file()))


def preview(content_dir: Path, out: Path, as_at: date, cache: Path) -> None:
    """Drafts included and marked DRAFT; redaction still applies, as it would when published.

    The same incremental path as `publisher build` (render cache, PDF cache, built pages
    reused from the last preview, kept in `cache`), so a saved edit shows in about the time
    a warm build takes."""
    redacted = prepare(content_dir, include_drafts=True).redacted
    state_file = cache / "build-state.pickle"
    with pdf_cache(cache / "pdf"):
        rendered = render(redacted, as_at, cache / "docs", preview=True,
                          cache=cache / "pages.pickle")
    staging = out.with_name(out.name + ".next")
    shutil.rmtree(staging, ignore_errors=True)
    built = build(rendered, out, out=staging, previous=load_state(state_file),
                  compiled=cache / "templates")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    if built.state is not None:
        save_state(state_file, built.state, out)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(content_dir: Path, port: int, as_at: date) -> None:
    work = Path(tempfile.mkdtemp(prefix="publisher-preview-"))
    site = work / "site"
    try:
        preview(content_dir, site, as_at, work / "cache")
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
                preview(content_dir, site, as_at, work / "cache")
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
