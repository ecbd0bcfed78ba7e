"""The search index's entries checked against their pages: every text an entry holds must
stand on the page it points to.

The name finder does not read the entries (redaction/extract.prose): MkDocs runs a table's
cells together in them ("DirectorApril 2014Overdue"), and the NER read that as names. What an
entry may hold is known instead: Material's search plugin makes each entry from the text of
one page (a section of it, from its heading to the next), in the page's order, and keeps a
few tags (<p>, <li>, <code>...). So each run of an entry's text between tags, with all white
space taken out (the cells' missing spaces) and entities decoded, must be a part of the
page's visible text, white space taken out too: the text the gate reads as HTML, the name
finder included (extract._visible: the same text nodes, script, style, template and
noscript left out). Anything else in an entry (a name a post-build step put only there) is a
leak alarm that says which entry and what its page lacks. An entry that points to no page
of the site, or a search index that is not one, is an alarm too: nothing is taken as passed.

Only the entries the scan reads are checked (on a one-edit build, with redaction/pieces.py,
the changed ones): an entry that passed before was made of a page that passed then. Each page
is parsed once a scan however many of its entries are checked.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import regex as re

from redaction.extract import ENTRIES, NOT_PROSE, _decoded, html_root
from redaction.records import Record

KIND = "search index text not on its page"
NO_PAGE = "search index entry with no page"
NOT_INDEX = "not a search index"
KINDS = (KIND, NO_PAGE, NOT_INDEX)
_TAG = re.compile(r"<[^>]*>")
FIELDS = frozenset({"location", "title", "text", "tags", "boost"})  # an entry's own keys
SHOWN = 120  # characters of a missing text shown in a message


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class IndexCheck:
    """Entries of search indexes under `root` to check against their pages, then checked.
    `files`: the files of the tree the gate scans (scan.files); a page is one of them, never
    a file the gate does not read (in a linked folder, outside the tree)."""

    root: Path
    files: frozenset[str]
    # page (path under root, or "" if none) → (index file, where, location, texts) to check
    pending: dict[str, list[tuple[str, str, str, list[str]]]] = field(default_factory=dict)
    alarms: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    _checked: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    _last: str | None = None

    def add_document(self, file: str, data: bytes) -> None:
        """Every entry of a whole search index."""
        try:
            value = json.loads(_decoded(data))
        except ValueError:
            value = None
        entries = value.get(ENTRIES) if isinstance(value, dict) else None
        if not isinstance(entries, list):
            self.alarms.append((file, "the whole file", NOT_INDEX, ENTRIES,
                                "no list of entries (docs) the gate can read"))
            return
        for number, entry in enumerate(entries):
            self.add(file, f"{ENTRIES}[{number}]", entry)

    def add_record(self, file: str, record: Record) -> None:
        """A record of a search index (redaction/records.py) that is one of its entries."""
        if record.path == ENTRIES:
            self.add(file, f"{ENTRIES}[{record.number}]", json.loads(record.key))

    def add(self, file: str, where: str, entry: object) -> None:
        location = entry.get("location") if isinstance(entry, dict) else None
        texts = _strings({k: v for k, v in entry.items() if k != "location"}
                         if isinstance(entry, dict) else entry, top=True)
        if not isinstance(location, str):
            shown = _shown(texts) or repr(entry)[:SHOWN]
            self.alarms.append((file, f"{where} (no location)", NO_PAGE, shown, shown))
            return
        page = page_of(location) or ""
        # Entries come in page order (the search plugin makes them page by page): a page's
        # entries are checked as soon as the next page's begin, so a whole index read on a
        # cold build is never held as text (+130 MB at 5,000 plans). A page met again later
        # is simply checked again.
        if self._last is not None and page != self._last and self._last in self.pending:
            self._checked += self._check({self._last: self.pending.pop(self._last)})
        self._last = page
        self.pending.setdefault(page, []).append((file, where, location, texts))

    def forget(self, file: str) -> None:
        """Drop what was added of `file` (its entries waiting, its alarms), to add it again
        whole: a scan that found it broken part way reads it again as a document. Nothing is
        kept of each entry seen to tell it again (that grew with the index)."""
        self.alarms = [a for a in self.alarms if a[0] != file]
        self._checked = [a for a in self._checked if a[0] != file]
        for page in list(self.pending):
            kept = [e for e in self.pending[page] if e[0] != file]
            if kept:
                self.pending[page] = kept
            else:
                del self.pending[page]

    def run(self) -> list[tuple[str, str, str, str, str]]:
        """(index file, where, kind, what is not on the page, context) of each alarm."""
        return self.alarms + self._checked + self._check(self.pending)

    def _check(self, pending: dict[str, list[tuple[str, str, str, list[str]]]],
               ) -> list[tuple[str, str, str, str, str]]:
        found: list[tuple[str, str, str, str, str]] = []
        for page, entries in pending.items():
            text = self._page_text(page)
            for file, where, location, texts in entries:
                if text is None:
                    place = f'{where}, the entry for "{location}" (no such page in the site)'
                    shown = _shown(texts)
                    found.append((file, place, NO_PAGE, shown, shown))
                    continue
                place = f'{where}, the entry for "{location}" (page {page})'
                for value in texts:
                    missing = _not_on_page(value, text)
                    if missing is not None:
                        found.append((file, place, KIND, *missing))
        return found

    def _page_text(self, page: str) -> str | None:
        if page not in self.files or not page.endswith((".html", ".htm")):
            return None
        try:
            return page_text((self.root / page).read_bytes())
        except OSError:
            return None


def _shown(texts: list[str]) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", " ".join(texts))).split())[:SHOWN]


def page_of(location: str) -> str | None:
    """The file under the site's root a search location points to: "plans/x/#s" is
    plans/x/index.html; None if it leaves the site (an address, "..")."""
    path = unquote(location.split("#", 1)[0].split("?", 1)[0])
    if "://" in location or path.startswith("/") or "\\" in path:
        return None
    parts = path.split("/")
    if any(p in {".", ".."} for p in parts):
        return None
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_text(data: bytes) -> str:
    """A page's visible text in document order, white space taken out."""
    from lxml import etree

    root = html_root(data)
    if root is None:
        return ""
    etree.strip_elements(root, *NOT_PROSE, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)
    return squash("".join(root.itertext()))


def _strings(node: object, top: bool = False) -> list[str]:
    """Every text in an entry, a key too unless it is one the search plugin writes."""
    if isinstance(node, str):
        return [node] if node.strip() else []
    if isinstance(node, dict):
        return [s for k, v in node.items()
                for s in [*([] if top and k in FIELDS else _strings(str(k))), *_strings(v)]]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []  # a number (boost), true, null: not text


def _not_on_page(value: str, page: str) -> tuple[str, str] | None:
    """The part of an entry's text its page does not hold and the words around it, or None
    if the page holds all of it."""
    if squash(html.unescape(_TAG.sub("", value))) in page:
        return None  # the common case: the whole section as it stands
    for run in _TAG.split(value):
        words = html.unescape(run).split()
        if words and "".join(words) not in page:
            return _new_words(words, page)
    return None


def _new_words(words: list[str], page: str) -> tuple[str, str]:
    """The words of a run its page lacks, what lies between its longest beginning and its
    longest end that the page holds ("agreed by John Smith in May"), and the run around it."""
    first = 0
    while first < len(words) and "".join(words[:first + 1]) in page:
        first += 1
    last = len(words)
    while last > first and "".join(words[last - 1:]) in page:
        last -= 1
    first, last = (first, last) if first < last else (0, len(words))
    new = " ".join(words[first:last])
    context = " ".join([*words[max(0, first - 8):first], new, *words[last:last + 8]])
    return new[:SHOWN], context
