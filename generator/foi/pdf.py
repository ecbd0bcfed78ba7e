"""FOI PDFs with WeasyPrint: the response letter and one PDF per annex, from redacted content.

Every PDF is tagged (PDF/UA-1), A4, with a running header "FOI <ref> – Annex N", the
organisation's name and contact, page numbers, and its title, author and language in the
metadata. Only redacted text goes in: there is no hidden layer and no original in the metadata.
The same content and stamp give the same bytes (dates come from the stamp, not the clock).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.cache import write_atomic
from generator.content.dates import human, iso
from generator.content.file_text import FileText
from generator.content.models import Doc, FoiResponse, Site
from generator.foi import file_annex
from generator.foi.response_view import AnnexView, FoiView, foi_view
from generator.presentation.markup import to_html
from generator.presentation.views import plan_view
from redaction import RedactedContent

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site_templates" / "pdf"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF with a structure tree, document title shown, language set
_TAG = re.compile(r"<[^>]+>")
_CSS_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PdfFile:
    """One file of a release: its file name, its title (as in a PDF's metadata) and its bytes.
    A file annex also releases CSVs (one per sheet): they are PdfFiles too, with a
    description for the manifest."""

    name: str
    title: str
    data: bytes
    description: str = ""


class PdfCache:
    """PDFs by the hash of what made them, in one folder; those a build did not use go."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def get(self, key: str) -> bytes | None:
        try:
            data = (self.folder / f"{key}.pdf").read_bytes()
        except OSError:
            return None
        self.used.add(key)
        return data

    def put(self, key: str, data: bytes) -> None:
        with suppress(OSError):  # a cache that cannot be written only costs time
            write_atomic(self.folder / f"{key}.pdf", data)
            self.used.add(key)

    def prune(self) -> None:
        for path in self.folder.glob("*.pdf"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


_PDF_CACHE: ContextVar[PdfCache | None] = ContextVar("publisher_pdf_cache", default=None)


@contextmanager
def pdf_cache(folder: Path | None) -> Iterator[None]:
    """Reuse PDFs kept in `folder` while inside (None: make every PDF). After a build that
    finished, only the PDFs it used are kept."""
    if folder is None:
        yield
        return
    cache = PdfCache(folder)
    token = _PDF_CACHE.set(cache)
    try:
        yield
    finally:
        _PDF_CACHE.reset(token)
    cache.prune()


def _pdf_key(html: str, css: str) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((TEMPLATES / "print.css").read_bytes())
    for package in ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen"):
        with suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    for part in (html, css):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def pdf_environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       autoescape=True, trim_blocks=True, lstrip_blocks=True)


def stamp_for(as_at: date) -> datetime:
    """The moment a release is dated: midnight UTC on its as-at day."""
    return datetime.combine(as_at, time(), tzinfo=UTC)


def w3c(stamp: datetime) -> str:
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_text(markup: str) -> str:
    """Markdown-rendered HTML → one line of text, paragraphs separated by " · "."""
    paragraphs = re.split(r"</p>|<br\s*/?>", markup)
    parts = [" ".join(_TAG.sub("", p).split()) for p in paragraphs]
    return unescape(" · ".join(p for p in parts if p))


def css_string(text: str) -> str:
    """A CSS string literal: margin boxes take their text from `content`, not from the page."""
    cleaned = _CSS_UNSAFE.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{cleaned}"'


def page_css(header: str, site: Site, *, letterhead: bool) -> str:
    rules = [
        "@page {",
        f"  @top-left {{ content: {css_string(header)}; }}",
        f"  @top-right {{ content: {css_string(site.organisation)}; }}",
        f"  @bottom-left {{ content: {css_string(plain_text(str(to_html(site.contact))))}; }}",
        "}",
    ]
    if letterhead:  # the letterhead already names the organisation on the first page
        rules.append("@page :first { @top-left { content: none; } @top-right { content: none; } }")
    return "\n".join(rules)


def write_pdf(html: str, css: str) -> bytes:
    """HTML → PDF bytes, loading nothing from anywhere: no web fonts, images or stylesheets.

    Inside `pdf_cache(folder)`, a PDF made before from the same HTML and CSS (and the same
    code, stylesheet and library versions) is taken from `folder`: WeasyPrint, a second to
    import and a second a document, then runs only for the PDFs that changed."""
    cache = _PDF_CACHE.get()
    key = _pdf_key(html, css) if cache is not None else ""
    if cache is not None and (data := cache.get(key)) is not None:
        return data
    data = _render_pdf(html, css)
    if cache is not None:
        cache.put(key, data)
    return data


def _render_pdf(html: str, css: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    no_fetch = URLFetcher(allowed_protocols=())
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    stylesheets = [CSS(filename=str(TEMPLATES / "print.css"), url_fetcher=no_fetch),
                   CSS(string=css, url_fetcher=no_fetch)]
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=no_fetch)
    out = io.BytesIO()
    # pdf_identifier=True derives the file ID from the content: identical input, identical bytes.
    document.write_pdf(out, stylesheets=stylesheets, pdf_variant=PDF_VARIANT,
                       pdf_identifier=True, uncompressed_pdf=False)
    return out.getvalue()


def _doc_meta(title: str, description: str, kind: str, stamp: datetime) -> dict[str, str]:
    return {"title": title, "description": description, "kind": kind, "stamp": w3c(stamp)}


def letter_pdf(foi: FoiView, site: Site, stamp: datetime) -> PdfFile:
    title = f"FOI {foi.reference} – Response: {foi.title}"
    html = pdf_environment().get_template("letter.html.j2").render(
        doc=_doc_meta(title, f"{site.organisation}: response to Freedom of Information request "
                      f"{foi.reference}", "letter", stamp),
        site=site, contact=to_html(site.contact), foi=foi)
    css = page_css(f"FOI {foi.reference} – Response letter", site, letterhead=True)
    return PdfFile("letter.pdf", title, write_pdf(html, css))


def annex_pdf(foi: FoiView, annex: AnnexView, redacted: RedactedContent, as_at: date,
              stamp: datetime, responded: date | None = None) -> list[PdfFile]:
    """An annex as released: a plan's status is computed as at the date of the response (what
    the requester was told then), not the date this copy is made, and the annex says both."""
    content = redacted.content
    status_at = responded or as_at
    site = content.site
    title = f"FOI {foi.reference} – {annex.label}: {annex.title}"
    common: dict[str, Any] = {
        "doc": _doc_meta(title, f"{annex.label} released with {site.organisation}'s response "
                         f"to Freedom of Information request {foi.reference}", annex.kind, stamp),
        "site": site, "foi": foi, "annex": annex, "as_at": human(as_at),
        "status_at": human(status_at), "at_response": responded is not None,
    }
    withheld = redacted.withheld.get(annex.withheld_key, 0)
    env = pdf_environment()
    css = page_css(f"FOI {foi.reference} – {annex.label}", site, letterhead=False)
    if annex.kind == "file":
        annex_file = content.file(annex.withheld_key.removeprefix("file:"))
        assert annex_file is not None  # read_annexes read every file annex
        return [PdfFile(*made) for made in file_annex_files(annex, annex_file.text, withheld,
                                                            common, css)]
    if annex.kind == "plan":
        plan_doc = content.plan(annex.slug)
        assert plan_doc is not None  # annex_views has checked every annex exists
        html = env.get_template("annex_plan.html.j2").render(
            **common, plan=plan_view(plan_doc, status_at, withheld))
    else:
        page_doc = content.page(annex.slug)
        assert page_doc is not None
        meta = page_doc.data.meta
        page = {"title": meta.title, "published": human(meta.published),
                "published_iso": iso(meta.published), "body": to_html(page_doc.data.body),
                "withheld": withheld}
        html = env.get_template("annex_page.html.j2").render(**common, page=page)
    return [PdfFile(annex.file, title, write_pdf(html, css))]


def file_annex_files(annex: AnnexView, text: FileText, withheld: int,
                     common: dict[str, Any], css: str) -> list[tuple[str, str, bytes, str]]:
    """(name, title, bytes, description) of a file annex's PDF and CSVs (file_annex.py)."""
    data_files = list(annex.data_files)
    made_from = file_annex.MADE_FROM[text.format]
    original = file_annex.FORMAT_NAMES[text.format]
    html = pdf_environment().get_template("annex_file.html.j2").render(
        **common, blocks=file_annex.template_blocks(text, data_files), withheld=withheld,
        made_from=made_from[0].upper() + made_from[1:], note=file_annex.NOTE[text.format])
    label = f"{annex.label}: {annex.title}"
    relaid = "; layout re-made" if text.format == "pdf" else ""
    out = [(annex.file, common["doc"]["title"], write_pdf(html, css),
            f"{label} – made from the original {original}{relaid}")]
    for sheet, name in zip(text.sheets, data_files, strict=True):
        out.append((name, label, file_annex.sheet_csv(sheet),
                    file_annex.sheet_description(label, sheet, text)))
    return out


def release_pdfs(redacted: RedactedContent, doc: Doc[FoiResponse], as_at: date,
                 stamp: datetime | None = None) -> tuple[FoiView, list[PdfFile]]:
    """The letter, then each annex in order, for one response."""
    stamp = stamp or stamp_for(as_at)
    view = foi_view(doc, redacted.content, redacted.withheld.get(f"foi:{doc.slug}", 0))
    files = [letter_pdf(view, redacted.content.site, stamp)]
    for annex in view.annexes:
        files += annex_pdf(view, annex, redacted, as_at, stamp, doc.data.responded)
    return view, files


def pdf_text(data: bytes) -> str:
    """Every piece of text in a PDF, pages and metadata, for leak scans and tests."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata or {}
    parts += [str(value) for value in info.values()]
    if reader.xmp_metadata is not None:
        parts.append(reader.xmp_metadata.stream.get_data().decode("utf-8", "replace"))
    return "\n".join(parts)
