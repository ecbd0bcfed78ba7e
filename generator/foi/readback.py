"""Read back what a file annex released and check it against the original.

After the leak gate, each PDF and CSV made from a file annex is read from disk (the PDF's text,
information dictionary and XMP; the CSV's cells) and must hold none of:
- the strings redaction replaced in that file (a redaction that silently failed);
- the file's hidden content (hidden sheets, rows and columns, comments, deleted or hidden
  text, pivot caches, PDF annotations) that was not also visible in the original;
- the names in its metadata (author, last modified by, company, manager, comment authors).
Strings the release prints from elsewhere (the site's organisation, title and contact; the
response's and annexes' titles, redacted on their own) are allowed: a company property naming
the organisation is the letterhead, not a leak.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.load import shown
from generator.foi.documents import norm, occurring
from generator.foi.pdf import pdf_text
from generator.foi.response_view import FoiView
from redaction import RedactedContent
from redaction.redactor import REDACTED

MIN_REDACTED = 3  # shorter findings ("Al") would match inside ordinary words' neighbours


def released_text(name: str, data: bytes) -> str:
    if name.endswith(".pdf"):
        return pdf_text(data)
    return data.decode("utf-8", "replace")


def read_back(folder: Path, view: FoiView, redacted: RedactedContent) -> list[str]:
    """One message per string that should not be in a released file and is."""
    content = redacted.content
    site = content.site
    printed = norm(" ".join([site.organisation, site.title, site.contact, view.title,
                             *(a.title for a in view.annexes)]))
    problems: list[str] = []
    for annex in view.annexes:
        if annex.kind != "file":
            continue
        annex_file = content.file(annex.withheld_key.removeprefix("file:"))
        if annex_file is None:
            continue
        source = shown(annex_file.source, content.root)
        removed = {norm(f.text) for f in redacted.findings
                   if f.file == source and f.decision.startswith(REDACTED)
                   and len(f.text.strip()) >= MIN_REDACTED}
        secrets = set(annex_file.secrets) - set(occurring(annex_file.secrets, printed))
        removed -= set(occurring(removed, printed))
        for name in annex.files:
            text = norm(released_text(name, (folder / name).read_bytes()))
            for found in sorted(occurring(removed, text)):
                problems.append(f'{name}: "{found}", redacted in {source}, is in the released '
                                "file: the redaction did not hold. Nothing was released.")
            for found in sorted(occurring(secrets, text)):
                problems.append(f'{name}: "{found}", hidden content or a metadata name of '
                                f"{source}, is in the released file. Nothing was released.")
    return problems
