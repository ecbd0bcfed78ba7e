"""Text out of every kind of file the build writes, with where each piece came from.

A Segment is a piece of text and its place ("line 12", "page 2", "docs[3].text"). `visible`
marks prose a reader sees (and the NER should read); everything else — comments, scripts,
attribute values, URLs — is still checked by the pattern recognisers and always_redact.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import regex as re

MAX_ZIP_DEPTH = 3
# Attributes people read (tooltips, screen readers, image descriptions, form values).
READ_ATTRIBUTES = frozenset(
    {
        "alt",
        "title",
        "aria-label",
        "aria-description",
        "placeholder",
        "value",
        "content",
        "label",
        "summary",
        "abbr",
    }
)
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre
    section summary table tbody td tfoot th thead title tr ul option label button br""".split()  # noqa: SIM905
)
TEXT_SUFFIXES = frozenset(
    """.txt .md .csv .tsv .js .mjs .css .yaml .yml .map .webmanifest .ics .vcf .rtf""".split()  # noqa: SIM905
)
BINARY_SUFFIXES = frozenset(
    """.png .jpg .jpeg .gif .webp .avif .ico .bmp .tif .tiff .woff .woff2 .ttf .otf .eot
    .mp3 .mp4 .webm .ogg .wav""".split()  # noqa: SIM905
)
XML_SUFFIXES = frozenset([".xml", ".svg", ".rss", ".atom", ".xhtml", ".opf", ".rels"])
_DRAWING = re.compile(rb"""\s(?:d|points|viewBox|transform|x|y|width|height)=("[^"]*"|'[^']*')""")
_SVG = re.compile(rb"<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    text: str
    where: str
    visible: bool = False


NOT_PROSE = ("script", "style", "template", "noscript")  # elements whose text no reader sees
SEARCH_INDEX = "search_index.json"
ENTRIES = "docs"  # the search index's list of entries


def is_search_index(name: str) -> bool:
    return PurePosixPath(name).name == SEARCH_INDEX


def prose(name: str, path: str = "") -> bool:
    """Whether the values at `path` of a JSON file are read as prose, for the name finder too.
    The entries of MkDocs' search index are not: each is made from its page, and its
    run-together cells ("DirectorApril 2014Overdue") only confuse the NER; instead every text
    in an entry must stand on its page (redaction/leaks_index.py). The rest of the index
    (its configuration, anything else put in it) is read as prose."""
    return not (is_search_index(name) and path == ENTRIES)


def segments(name: str, data: bytes, depth: int = 0) -> Iterator[Segment]:
    """Every piece of text in a file called `name` with contents `data`."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".gz":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError):
            return
        yield from segments(name[:-3], inner, depth)
    elif suffix in {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".epub"}:
        yield from _zip(name, data, depth)
    elif suffix == ".pdf":
        yield from _pdf(data)
    elif suffix in {".html", ".htm"}:
        yield from _html(data)
    elif suffix in XML_SUFFIXES:
        if suffix == ".svg":  # drawing instructions, not text: their digits look like numbers
            data = _DRAWING.sub(lambda m: b" " * len(m.group()), data)
        yield from _xml(data)
    elif suffix == ".json":
        yield from _json(data, name)
    elif suffix == ".csv":
        yield from _csv(data)
    elif suffix in BINARY_SUFFIXES:
        return  # pictures, fonts, media: no text to read (their metadata is not scanned)
    else:
        text = _decoded(data)
        if suffix in TEXT_SUFFIXES or "\x00" not in text:
            yield from _lines(text, visible=suffix in {".txt", ".md"})


def _text(data: bytes) -> str | None:
    """The file's text if it is UTF-8 (or UTF-16 with a byte-order mark), else None."""
    # UTF-16 only with a byte-order mark: almost any binary file "decodes" as UTF-16.
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decoded(data: bytes) -> str:
    """The file's text whatever its encoding, so that no file is skipped or read garbled for
    being in another one: UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252 (what
    office tools here write; Latin-1 with curly quotes and dashes), else Latin-1 (the five
    bytes Windows-1252 leaves undefined): every byte is a character, none is lost, and a name
    with accents ("Zoë") stays whole, as a replacement character would not leave it."""
    text = _text(data)
    if text is not None:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _lines(text: str, visible: bool) -> Iterator[Segment]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield Segment(line, f"line {number}", visible)


def _html(data: bytes) -> Iterator[Segment]:
    """The raw source (entities decoded) line by line, for patterns in comments, scripts and
    attributes; then the visible text block by block, for the NER. Inline SVG path data is
    blanked first: it is drawing instructions, and its digit runs look like phone numbers."""
    source = _blank_svg(data)
    text = _text(source)
    unicode = text is not None  # else decoded as _decoded does, for the lines and the parser
    for number, line in enumerate((text if unicode else _decoded(source)).splitlines(), 1):
        if line.strip():
            yield Segment(html.unescape(line), f"line {number}")
    root = _parsed(source, unicode)
    if root is not None:
        yield from _visible(root)


def html_root(data: bytes) -> Any:
    """A page's parsed document as the gate reads it (None if it cannot be parsed): inline
    SVG blanked, and a page in neither UTF-8 nor UTF-16 decoded as _decoded decodes it (lxml
    would guess its encoding on its own)."""
    source = _blank_svg(data)
    return _parsed(source, _text(source) is not None)


def _blank_svg(data: bytes) -> bytes:
    return _SVG.sub(lambda m: b" " * len(m.group()), data)


def _parsed(source: bytes, unicode: bool) -> Any:
    """html_root of a page already blanked; `unicode`: whether _text could decode it."""
    import lxml.html
    from lxml import etree

    parser = None
    if not unicode:
        source = _decoded(source).encode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        return lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _visible(root: Any) -> Iterator[Segment]:
    from lxml import etree

    blocks: list[tuple[int, list[str]]] = [(1, [])]
    out: list[Segment] = []

    def flush(line: int, parts: list[str]) -> None:
        text = " ".join("".join(parts).split())
        if text:
            out.append(Segment(text, f"line {line}", True))

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        line = el.sourceline or blocks[-1][0]
        if tag in NOT_PROSE or not tag:
            return  # not prose; the raw pass already read it
        for attr in READ_ATTRIBUTES.intersection(el.attrib):
            value = el.attrib[attr].strip()
            if value and not (attr == "content" and el.attrib.get("name") in {"viewport"}):
                out.append(Segment(value, f"line {line}, {tag} {attr}", True))
        block = tag in BLOCK_TAGS
        if block:
            blocks.append((line, []))
        if el.text:
            blocks[-1][1].append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                blocks[-1][1].append(child.tail)
        if block:
            flush(*blocks.pop())
            blocks[-1][1].append(" ")

    walk(root)
    flush(*blocks[0])
    yield from out


def _xml(data: bytes) -> Iterator[Segment]:
    text = _decoded(data)
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield Segment(html.unescape(line), f"line {number}")
            inner = " ".join(re.sub(r"<[^>]*>", " ", line).split())
            if inner:
                yield Segment(html.unescape(inner), f"line {number}", True)


def _json(data: bytes, name: str) -> Iterator[Segment]:
    text = _decoded(data)
    try:
        value = json.loads(text)
    except ValueError:
        yield from _lines(text, visible=False)
        return
    yield from (s for s in json_segments(value, name) if s.text)


def json_segments(value: object, name: str) -> Iterator[Segment]:
    """A JSON document's texts, each key's values read as prose or not as `prose` says."""
    if not isinstance(value, dict):
        yield from _walk(value, "", prose(name))
        return
    for key, item in value.items():
        yield from _walk({key: item}, "", prose(name, str(key)))


def _walk(node: object, path: str, prose: bool) -> Iterator[Segment]:
    if isinstance(node, str):
        if node.strip():
            if "<" in node and ">" in node:  # search indexes hold HTML fragments
                yield Segment(html.unescape(node), path)
                plain = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", node)).split())
                yield Segment(plain, path, prose)
            else:
                yield Segment(node, path, prose)
    elif isinstance(node, dict):
        for key, item in node.items():
            here = f"{path}.{key}" if path else str(key)
            if not str(key).isidentifier():  # data keyed by free text
                yield Segment(str(key), f"{here} (key)", prose)
            yield from _walk(item, here, prose)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]", prose)


def _csv_cells(rows: Iterable[tuple[int, list[str]]]) -> Iterator[Segment]:
    for number, row in rows:
        for column, cell in enumerate(row, 1):
            if cell.strip():
                yield Segment(cell, f"row {number}, column {column}", True)


def _csv(data: bytes) -> Iterator[Segment]:
    text = _decoded(data)
    yield from _csv_cells(enumerate(csv.reader(io.StringIO(text)), 1))  # streamed


_PAGE_NUMBER = re.compile(r"\b(?:Page|page)\s+\d+(?:\s+of\s+\d+)?\b|^\s*\d+\s*$")


def _pdf(data: bytes) -> Iterator[Segment]:
    """Each extracted line (for the absolute checks), then each page as one text without
    its running header and footer, wrapped lines joined (for the name finder): extraction
    splits names and addresses across lines and glues the footer's town to "Page 1 of 7"."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [
            [line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in reader.pages
        ]
        running = _running_lines(pages)
        for number, lines in enumerate(pages, 1):
            for line in lines:
                # The page number blanked in place: a footer's town glued to "Page 1 of 3"
                # reads as a street address ("Exampletown Page"); no name or identifier is in it.
                yield Segment(_PAGE_NUMBER.sub(lambda m: " " * len(m.group()), line),
                              f"page {number}")
            body = [_PAGE_NUMBER.sub(" ", line) for line in lines if _key(line) not in running]
            text = " ".join(" ".join(body).split())
            if text:
                yield Segment(text, f"page {number}", True)
        info = reader.metadata or {}
        for key, value in info.items():
            if isinstance(value, str) and value.strip():
                yield Segment(value, f"document information {key}", True)
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        yield Segment("", f"unreadable PDF ({exc})")


def _key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line).split())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits aside) on more than half the pages of a document of two or more pages,
    or holding a page number: running headers and footers."""
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {_key(line) for line in lines}:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, n in counts.items() if len(pages) > 1 and n > len(pages) / 2}
    running |= {k for k in counts if re.search(r"\b[Pp]age # of #\b", k)}
    return running


def _zip(name: str, data: bytes, depth: int) -> Iterator[Segment]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            yield Segment(info.filename, f"{info.filename} (name in archive)", True)
            if depth >= MAX_ZIP_DEPTH:
                continue
            inner = archive.read(info)
            for segment in segments(info.filename, inner, depth + 1):
                yield Segment(segment.text, f"{info.filename}, {segment.where}", segment.visible)
