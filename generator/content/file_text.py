"""The released text of a file annex (a .docx, .xlsx, .csv or .pdf IG holds), as models.

A reader in generator/foi/documents/ turns the original container into these: only what a
reader of the original sees (visible paragraphs, tables and cells), never the container.
Every string is marked as text so the redaction stage cleans, caches and reports it like any
other field (redaction/stage.walk finds them); what the release is made from is the redacted
copy. The preflight lines and the hidden texts used to verify the release sit beside the
model, in AnnexFile, and are never redacted, rendered or published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.content.fields import Strict

BlockKind = Literal["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table"]
FileFormat = Literal["docx", "xlsx", "csv", "pdf"]


class Row(Strict):
    cells: list[str] = Field(description="The row's cells as shown, left to right.",
                             json_schema_extra={"text": "plain"})


class Block(Strict):
    """A heading, paragraph, list item or table of a document, in reading order."""

    kind: BlockKind = Field(description="What the block is: h1-h6, p, li or table.")
    text: str = Field("", description="The block's text (empty for a table).",
                      json_schema_extra={"text": "plain"})
    level: int = Field(0, description="List nesting level, 0 for the outermost.")
    rows: list[Row] = Field(default_factory=list, description="A table's rows; header first.")


class Sheet(Strict):
    """One released worksheet: its visible cells only."""

    name: str = Field(description="The sheet's name as its tab shows it.",
                      json_schema_extra={"text": "plain"})
    rows: list[Row] = Field(default_factory=list, description="Visible rows of visible cells.")


class Page(Strict):
    """One page of a text PDF: its text, paragraph by paragraph."""

    number: int = Field(description="The page's number in the original, from 1.")
    blocks: list[Block] = Field(default_factory=list, description="The page's paragraphs.")


class FileText(Strict):
    """Everything released from one file annex."""

    format: FileFormat = Field(description="The original's format.")
    blocks: list[Block] = Field(default_factory=list, description="A document's body.")
    sheets: list[Sheet] = Field(default_factory=list, description="A workbook's or CSV's sheets.")
    pages: list[Page] = Field(default_factory=list, description="A text PDF's pages.")


Action = Literal["dropped", "kept", "refused"]


@dataclass(frozen=True)
class Item:
    """One line of the preflight report: a hidden or risky thing found in a file annex."""

    file: str  # content/foi/2017-1840/minutes.docx
    where: str  # "sheet Staff (A1:F9484)", "word/comments.xml", "page 3"
    item: str  # "very hidden sheet", "tracked deletion", "document property creator"
    detail: str  # counts, names: for IG, never published
    action: str  # what the release does with it, in words

    @property
    def error(self) -> bool:
        return self.action.startswith("refused")


@dataclass(frozen=True)
class AnnexFile:
    """A file annex read for release: its text (redacted later), what preflight found, and the
    strings that must not appear in anything released from it (hidden text, metadata names)."""

    name: str  # as in the annex: foi/2017-1840/minutes.docx
    source: Path
    size: int  # bytes of the original
    text: FileText
    items: list[Item] = field(default_factory=list)
    secrets: frozenset[str] = frozenset()
