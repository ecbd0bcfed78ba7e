"""A Word document (.docx) read from its WordprocessingML, not through python-docx: python-docx
shows neither tracked changes nor comments, and joins hidden text into what it returns.

Released: body paragraphs (headings and list items kept as such) and tables, as a reader sees
them with tracked changes accepted. Not released, each listed: deleted text, hidden text,
comments, headers and footers, footnotes, and everything container.py lists.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.content.file_text import Block, FileText, Row
from generator.foi.documents.container import Package, text_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_HEADING = re.compile(r"^(?:heading\s*(\d)|title)$", re.IGNORECASE)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.styles = _style_names(package)
        self.hidden: list[str] = []
        self.deleted: list[tuple[str, str]] = []  # (author, text)
        self.inserted: list[str] = []  # authors
        self.visible: list[str] = []

    def body(self) -> list[Block]:
        root = self.package.xml("word/document.xml")
        body = root.find("w:body", NS)
        blocks: list[Block] = []
        for child in self._flat(body if body is not None else root):
            if child.tag == q("p"):
                block = self.paragraph(child)
                if block is not None:
                    blocks.append(block)
            elif child.tag == q("tbl"):
                blocks.append(self.table(child))
        return blocks

    def _flat(self, parent: etree._Element) -> list[etree._Element]:
        """Block children, with content controls (w:sdt) and inserted blocks opened up."""
        out: list[etree._Element] = []
        for child in parent:
            if child.tag in (q("sdt"),):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    out += self._flat(content)
            elif child.tag in (q("ins"), q("moveTo"), q("customXml")):
                out += self._flat(child)
            elif child.tag in (q("p"), q("tbl")):
                out.append(child)
        return out

    def paragraph(self, p: etree._Element) -> Block | None:
        text = " ".join(self.runs(p).split())
        if not text:
            return None
        self.visible.append(text)
        style = p.find("w:pPr/w:pStyle", NS)
        name = self.styles.get(style.get(q("val"), ""), "") if style is not None else ""
        heading = _HEADING.match(name.strip())
        outline = p.find("w:pPr/w:outlineLvl", NS)
        if heading:
            return Block(kind=f"h{min(int(heading[1] or 1), 6)}", text=text)  # type: ignore[arg-type]
        if outline is not None and outline.get(q("val"), "9").isdigit() \
                and int(outline.get(q("val"), "9")) < 6:
            return Block(kind=f"h{int(outline.get(q('val'), '0')) + 1}", text=text)  # type: ignore[arg-type]
        numbered = p.find("w:pPr/w:numPr", NS)
        if numbered is not None or name.lower().startswith("list"):
            level = numbered.find("w:ilvl", NS) if numbered is not None else None
            depth = int(level.get(q("val"), "0")) if level is not None else 0
            return Block(kind="li", text=text, level=depth)
        return Block(kind="p", text=text)

    def runs(self, parent: etree._Element) -> str:
        parts: list[str] = []
        for el in parent:
            tag = el.tag
            if tag in (q("del"), q("moveFrom")):
                self.deleted.append((el.get(q("author"), ""), text_of(el)))
            elif tag == q("r"):
                parts.append(self.run(el))
            elif tag == q("ins"):
                self.inserted.append(el.get(q("author"), ""))
                parts.append(self.runs(el))
            elif tag in (q("hyperlink"), q("smartTag"), q("fldSimple"), q("moveTo"),
                         q("customXml"), q("bdo"), q("dir")):
                parts.append(self.runs(el))
            elif tag == q("sdt"):
                content = el.find("w:sdtContent", NS)
                if content is not None:
                    parts.append(self.runs(content))
        return "".join(parts)

    def run(self, r: etree._Element) -> str:
        text = "".join(_run_text(r))
        vanish = r.find("w:rPr/w:vanish", NS)
        if vanish is not None and vanish.get(q("val"), "true") not in ("0", "false", "off"):
            if text.strip():
                self.hidden.append(text)
            return ""
        return text

    def table(self, tbl: etree._Element) -> Block:
        rows: list[Row] = []
        for tr in tbl.findall("w:tr", NS):
            cells = []
            for tc in tr.findall("w:tc", NS):
                paragraphs = [" ".join(self.runs(p).split()) for p in tc.iter(q("p"))]
                cells.append(" ".join(t for t in paragraphs if t))
            self.visible.extend(c for c in cells if c)
            rows.append(Row(cells=cells))
        return Block(kind="table", rows=rows)


def _run_text(r: etree._Element) -> list[str]:
    out: list[str] = []
    for el in r:
        if el.tag == q("t"):
            out.append(el.text or "")
        elif el.tag in (q("tab"), q("br"), q("cr")):
            out.append(" ")
        elif el.tag == q("noBreakHyphen"):
            out.append("-")
    return out


def _style_names(package: Package) -> dict[str, str]:
    """styleId → name: ids are localised ("berschrift1"), names are not ("heading 1")."""
    if not package.has("word/styles.xml"):
        return {}
    names: dict[str, str] = {}
    for style in package.xml("word/styles.xml").findall("w:style", NS):
        name = style.find("w:name", NS)
        names[style.get(q("styleId"), "")] = name.get(q("val"), "") if name is not None else ""
    return names


def read_docx(package: Package) -> FileText:
    reader = _Reader(package)
    blocks = reader.body()
    _changes(package, reader)
    _comments(package)
    _side_parts(package)
    return FileText(format="docx", blocks=blocks)


def _changes(package: Package, reader: _Reader) -> None:
    main = "word/document.xml"
    if reader.deleted:
        authors = sorted({a for a, _ in reader.deleted if a})
        package.add(main, "tracked deletions", f"{len(reader.deleted)}; by {', '.join(authors)}",
                    "dropped: deleted text is not released")
        package.people.update(authors)
        package.secrets.update(t for _, t in reader.deleted)
    if reader.inserted:
        authors = sorted({a for a in reader.inserted if a})
        package.add(main, "tracked insertions", f"{len(reader.inserted)}; by {', '.join(authors)}",
                    "kept as accepted text; who made them and when is dropped")
        package.people.update(authors)
    if reader.hidden:
        package.add(main, "hidden text", f"{len(reader.hidden)} run(s)",
                    "dropped: hidden text is not released")
        package.secrets.update(reader.hidden)


def _comments(package: Package) -> None:
    if package.has("word/comments.xml"):
        root = package.xml("word/comments.xml")
        comments = root.findall("w:comment", NS)
        authors = sorted({c.get(q("author"), "") for c in comments} - {""})
        package.add("word/comments.xml", "comments", f"{len(comments)}; by {', '.join(authors)}",
                    "dropped: comments are not released")
        package.people.update(authors)
        package.secrets.update(" ".join(text_of(c).split()) for c in comments)
    if package.has("word/people.xml"):
        root = package.xml("word/people.xml")
        people = [p.get(q("author"), "") for p in root.iter("{*}person")]
        package.add("word/people.xml", "comment authors", ", ".join(people),
                    "dropped: not released")
        package.people.update(people)


def _side_parts(package: Package) -> None:
    boxes = len(re.findall(rb"<w:txbxContent\b", package.read("word/document.xml")))
    if boxes:
        package.add("word/document.xml", "text boxes", f"{boxes}",
                    "dropped: text in text boxes and shapes is not released")
    for name in package.names:
        if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
            kind = "header" if "header" in name else "footer"
            text = " ".join(text_of(package.xml(name)).split())
            package.add(name, kind, text[:80] or "(no text)",
                        f"dropped: the release has its own {kind}")
        elif name in ("word/footnotes.xml", "word/endnotes.xml"):
            notes = [n for n in package.xml(name) if n.get(q("type")) is None]
            if notes:
                kind = "footnotes" if "foot" in name else "endnotes"
                package.add(name, kind, f"{len(notes)}", "dropped: not released")
