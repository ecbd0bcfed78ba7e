"""The container before any reader: size, emptiness, what the bytes really are, zip bombs,
encryption, and the OOXML parts every Office file can carry (properties, custom XML, macros,
embedded objects, pictures).

Refusals raise Refused with one sentence an IG officer can act on; everything else becomes a
preflight Item. Limits are checked on the zip's directory before a byte is inflated.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from generator.content.file_text import Item

MAX_BYTES = 50 * 1024 * 1024  # the limit for an annex file
MAX_INFLATED = 500 * 1024 * 1024  # all parts of an OOXML file, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, per part; real XML stays well under 100
MAX_PARTS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML, and old .doc/.xls
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}
PERSON_PROPERTIES = [("dc:creator", "creator"), ("cp:lastModifiedBy", "last modified by")]
APP_PROPERTIES = [("ep:Company", "company"), ("ep:Manager", "manager")]
OTHER_CORE = ["dc:title", "dc:subject", "dc:description", "cp:keywords", "cp:category"]


class Refused(Exception):
    """The file cannot be made safe: the release stops, naming the file and why."""


@dataclass
class Package:
    """An OOXML zip, checked, with its parts read on demand."""

    file: str
    archive: zipfile.ZipFile
    names: list[str]
    items: list[Item] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)  # hidden text
    people: set[str] = field(default_factory=set)  # names in metadata and comment authors

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        return self.archive.read(name)

    def xml(self, name: str) -> etree._Element:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.fromstring(self.read(name), parser)

    def add(self, where: str, item: str, detail: str, action: str) -> None:
        self.items.append(Item(self.file, where, item, detail, action))

    def under(self, folder: str) -> list[str]:
        return [n for n in self.names if n.startswith(folder)]


def check_bytes(file: str, data: bytes, fmt: str) -> None:
    """Empty, too big, or not what the extension says: Refused."""
    if not data.strip():
        raise Refused(f"{file} is empty: there is nothing to release.")
    if len(data) > MAX_BYTES:
        raise Refused(f"{file} is {len(data) / 1024 / 1024:.0f} MB, over the 50 MB limit for an "
                      "annex: split it, or release the parts the request needs.")
    if fmt in MAIN_PART and data.startswith(OLE_MAGIC):
        raise Refused(f"{file} is encrypted or password-protected (or an old binary Office "
                      "file renamed): remove the password in Office and save it again as "
                      f".{fmt}.")
    expected = {"docx": ZIP_MAGIC, "xlsx": ZIP_MAGIC, "pdf": PDF_MAGIC}.get(fmt)
    if expected is not None and not data.lstrip(b"\x00\t\r\n ")[:1024].startswith(expected) \
            and expected not in data[:1024]:
        raise Refused(f"{file} is not a .{fmt} file: its contents are {sniff(data)}. Save it "
                      f"again in the right format, or fix the file name.")
    if fmt == "csv" and b"\x00" in data[:65536]:
        raise Refused(f"{file} is not a .csv file: its contents are {sniff(data)}.")


def sniff(data: bytes) -> str:
    """What the bytes look like, in words."""
    if data.startswith(ZIP_MAGIC):
        return "a zip archive"
    if data.startswith(PDF_MAGIC):
        return "a PDF"
    if data.startswith(OLE_MAGIC):
        return "an old Office or encrypted file"
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        return "a picture"
    if b"\x00" in data[:4096]:
        return "binary data"
    return "text"


def open_package(file: str, data: bytes, fmt: str) -> Package:
    """The zip opened and checked as an OOXML package of the right kind: Refused otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused(f"{file} is not a .{fmt} file: it is damaged or not a zip "
                      "package. Open it in Office and save it again.") from None
    infos = archive.infolist()
    _check_bomb(file, infos)
    if any(i.flag_bits & 0x1 for i in infos):
        raise Refused(f"{file} is encrypted or password-protected: remove the password and "
                      "save it again.")
    names = [i.filename for i in infos]
    if MAIN_PART[fmt] not in names or "[Content_Types].xml" not in names:
        other = next((f for f, part in MAIN_PART.items() if part in names), None)
        what = f"a .{other} file" if other else "a zip archive, not an Office document"
        raise Refused(f"{file} is not a .{fmt} file: its contents are {what}.")
    package = Package(file, archive, names)
    _common_parts(package, fmt)
    return package


def _check_bomb(file: str, infos: list[zipfile.ZipInfo]) -> None:
    """Sizes from the directory, before inflating anything; zipfile also stops a part that
    inflates past its declared size, so a lying directory cannot get round this."""
    if len(infos) > MAX_PARTS:
        raise Refused(f"{file} has {len(infos)} parts: too many for a document (a zip bomb?).")
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED:
        raise Refused(f"{file} would inflate to {total / 1024 / 1024:.0f} MB: over the "
                      f"{MAX_INFLATED // 1024 // 1024} MB limit (a zip bomb?).")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"{file}: its part {info.filename} inflates "
                          f"{info.file_size // max(info.compress_size, 1)} times: a zip "
                          "bomb, not a document. It is not opened.")


def _common_parts(package: Package, fmt: str) -> None:
    _properties(package)
    for name in package.names:
        lower = name.lower()
        path = PurePosixPath(lower)
        if path.name == "vbaproject.bin" or (path.suffix == ".bin" and "vba" in path.name):
            package.add(name, "macros (VBA project)", f"{len(package.read(name))} bytes",
                        "dropped: macros are never released")
        elif lower.startswith("customxml/") and path.suffix == ".xml" and "itemprops" not in lower:
            package.add(name, "custom XML data", _excerpt(package.read(name)),
                        "dropped: not released")
        elif "/embeddings/" in lower:
            package.add(name, "embedded object", path.suffix or "unknown type",
                        "dropped: embedded files are never released")
        elif "/charts/" in lower and path.suffix == ".xml" and "/_rels/" not in lower:
            package.add(name, "chart", "a chart keeps a cached copy of the data it plots",
                        "dropped: charts are not released (their data may be hidden cells)")
        elif re.search(r"/drawings/drawing\d*\.xml$", lower):
            package.add(name, "drawing (shapes, text boxes)", "",
                        "dropped: shapes and their text are not released")
        elif "/media/" in lower:
            package.add(name, "image", path.suffix or "unknown type",
                        "dropped: only text and tables are released")
        elif lower == "docprops/custom.xml":
            package.add(name, "custom document properties", _excerpt(package.read(name)),
                        "dropped: not released")


def _properties(package: Package) -> None:
    for part, fields in (("docProps/core.xml", [*PERSON_PROPERTIES, *[(f, f.split(":")[1])
                                                                      for f in OTHER_CORE]]),
                         ("docProps/app.xml", APP_PROPERTIES)):
        if not package.has(part):
            continue
        root = package.xml(part)
        for tag, label in fields:
            value = " ".join(" ".join(text_of(el).split())
                             for el in root.findall(tag, NS)).strip()
            if value:
                package.add(part, f"document property {label}", value,
                            "dropped: the release has its own properties")
                if (tag, label) in PERSON_PROPERTIES or (tag, label) in APP_PROPERTIES:
                    package.people.add(value)


def _excerpt(data: bytes, limit: int = 80) -> str:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        text = " ".join(text_of(etree.fromstring(data, parser)).split()) if data.strip() else ""
    except etree.XMLSyntaxError:
        text = "(not well-formed XML)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())
