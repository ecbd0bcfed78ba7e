"""A PDF annex read with pypdf: its text, page by page, and everything else listed.

Released: the text layer of each page, as paragraphs, in a new PDF (the layout is re-made).
Not released, each listed: annotations (notes, highlights, links), attachments, form fields,
JavaScript, metadata (information dictionary and XMP), images. A page that shows something
but has no text (a scan) is refused: its words cannot be redacted.

Not detected: text drawn under a black box or in white. Such "redactions" hide nothing here
either: the words are in the text layer, so they are released (after redaction) — which is
why a box drawn over text must never be taken for a redaction (see the README).
"""

from __future__ import annotations

import io
import re
from typing import Any

from generator.content.file_text import Block, FileText, Page
from generator.foi.documents.container import Refused

PEOPLE = ("/Author",)
_END = re.compile(r"[.:;!?)]$")
_BULLET = re.compile(r"^(?:[•·▪◦‣\-–*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


def read_pdf(file: str, data: bytes, add: Any, secrets: set[str],
             people: set[str]) -> FileText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused(f"{file} is encrypted or password-protected: save an unprotected "
                          "copy (Print to PDF does not keep the protection) and use that.")
        pages = [_page(file, n, page, add, secrets, people)
                 for n, page in enumerate(reader.pages, 1)]
        _document(reader, add, secrets, people)
    except Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Refused(f"{file} is a damaged PDF that cannot be read ({exc}). Save it again "
                      "from the program that made it.") from None
    if not any(p.blocks for p in pages):
        raise Refused(f"{file} has no text to release.")
    return FileText(format="pdf", pages=pages)


def _page(file: str, number: int, page: Any, add: Any, secrets: set[str],
          people: set[str]) -> Page:
    text = page.extract_text() or ""
    images = _image_count(page)
    if not text.strip():
        if images:
            raise Refused(f"{file}, page {number}, is a scanned image with no text layer: its "
                          "words cannot be read, redacted or checked. Release a text version "
                          "(or run OCR and check the result) instead.")
        add(f"page {number}", "blank page", "no text and no images", "dropped: nothing to release")
    elif images:
        add(f"page {number}", "images", f"{images}", "dropped: only the text is released")
    for annot in _objects(page.get("/Annots")):
        subtype = str(annot.get("/Subtype", "/Unknown"))[1:]
        contents = str(annot.get("/Contents", "") or "")
        author = str(annot.get("/T", "") or "")
        detail = "; ".join(x for x in (contents[:60], f"by {author}" if author else "") if x)
        kind = {"Widget": "form field", "FileAttachment": "attached file",
                "Link": "link"}.get(subtype, f"annotation ({subtype})")
        add(f"page {number}", kind, detail, "dropped: not released")
        if subtype not in ("Link", "Widget"):
            secrets.add(contents)
            people.add(author)
        action = _resolve(annot.get("/A"))
        if action is not None and str(action.get("/S", "")) == "/JavaScript":
            add(f"page {number}", "JavaScript", "link action", "dropped: never released")
    return Page(number=number, blocks=[Block(kind="p", text=t) for t in paragraphs(text)])


def paragraphs(text: str) -> list[str]:
    """Lines joined back into paragraphs: a line ends one when it is short, ends a sentence,
    or the next line starts a list item."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if (len(line) < 0.7 * longest or _END.search(line) or _BULLET.match(following)
                or not following):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return [p for p in out if p.strip()]


def _document(reader: Any, add: Any, secrets: set[str], people: set[str]) -> None:
    for key, value in (reader.metadata or {}).items():
        if str(value).strip():
            add("document information", f"metadata {key[1:]}", str(value)[:80],
                "dropped: the release has its own metadata")
            if key in PEOPLE:
                people.add(str(value))
    if reader.xmp_metadata is not None:
        xmp = reader.xmp_metadata
        creators = [str(c) for c in (xmp.dc_creator or [])]
        add("XMP metadata", "metadata (XMP)", ", ".join(creators)[:80] or "present",
            "dropped: the release has its own metadata")
        people.update(creators)
    root = reader.trailer["/Root"]
    if "/OCProperties" in root:
        add("document", "optional content (layers)", "layers may be switched off in viewers",
            "kept: the text of every layer, shown or hidden, is released after redaction; "
            "check the layers before release")
    if reader.attachments:
        add("document", "attached files", ", ".join(reader.attachments)[:80],
            "dropped: attachments are never released")
    fields = reader.get_fields() or {}
    if fields:
        values = [str(f.get("/V")) for f in fields.values() if f.get("/V") not in (None, "")]
        add("document", "form fields", f"{len(fields)} field(s), {len(values)} filled in",
            "dropped: form fields are not released")
        secrets.update(v for v in values if len(v) > 3)
    names = _resolve(root.get("/Names"))
    open_action = _resolve(root.get("/OpenAction"))
    if (names is not None and "/JavaScript" in names) or (
            open_action is not None and hasattr(open_action, "get")
            and str(open_action.get("/S", "")) == "/JavaScript"):
        add("document", "JavaScript", "", "dropped: never released")


def _resolve(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _objects(value: Any) -> list[Any]:
    value = _resolve(value)
    return [_resolve(v) for v in value] if value else []


def _image_count(page: Any) -> int:
    """Pictures and drawn forms (a scanner may wrap its image in a form XObject)."""
    try:
        resources = _resolve(page.get("/Resources")) or {}
        xobjects = _resolve(resources.get("/XObject")) or {}
        return sum(1 for x in xobjects.values()
                   if str(_resolve(x).get("/Subtype", "")) in ("/Image", "/Form"))
    except (AttributeError, KeyError, TypeError):
        return 0
