"""Preflight of file annexes: every `- file:` annex of the responses read, checked and listed.

Runs in `publisher check`, `build` and `foi` after validate (generator/prepare.py, which
foi/release.py uses): a file that cannot be made safe (scanned, encrypted, not what its name says,
too big, a zip bomb, empty) stops everything with an error naming it; everything the release
drops or changes is a preflight line, written for IG to reports/foi-<ref>-preflight.csv and
never published.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.content.annex_files import annex_problem
from generator.content.file_text import AnnexFile, Item
from generator.content.load import shown
from generator.content.models import Content, Doc, FoiResponse
from generator.errors import ContentError, Problem
from generator.foi.documents import Refused, read_annex
from generator.presentation.data_files import write_rows

COLUMNS = ["file", "where", "item", "detail", "action"]


def read_annexes(content: Content) -> Content:
    """Content with every file annex read (Content.files); ContentError if any is refused."""
    problems: list[Problem] = []
    files: dict[str, AnnexFile] = {}
    for doc in content.foi:
        for number, annex in enumerate(doc.data.annexes, start=1):
            if annex.file is None or annex.file in files:
                continue
            problem = annex_problem(doc, annex, number, content.root)
            if problem is not None:
                problems.append(problem)
                continue
            try:
                files[annex.file] = read_annex(annex.file, content.root / annex.file,
                                               f"{content.root.name}/{annex.file}", annex.sheets)
            except Refused as refused:
                problems.append(Problem(shown(doc.source, content.root),
                                        doc.line("annexes", number - 1), "annexes",
                                        f"annex {number} cannot be released: {refused}"))
    if problems:
        raise ContentError(problems)
    return replace(content, files=list(files.values())) if files else content


def items_for(content: Content, doc: Doc[FoiResponse]) -> list[Item]:
    found: list[Item] = []
    for annex in doc.data.annexes:
        annex_file = content.file(annex.file) if annex.file else None
        if annex_file is not None:
            found.extend(annex_file.items)
    return found


def preflight_csv(items: list[Item]) -> str:
    """IG opens it in Excel: a detail quoted from the file ("=HYPERLINK(...)" in a comment)
    must arrive as text, so the open data's formula guard applies here too."""
    return write_rows([COLUMNS, *([i.file, i.where, i.item, i.detail, i.action]
                                  for i in items)])


def write_preflight(content: Content, reports: Path) -> list[Path]:
    """reports/foi-<ref>-preflight.csv for every response with file annexes (internal)."""
    written: list[Path] = []
    for doc in content.foi:
        if not any(a.file for a in doc.data.annexes):
            continue
        reports.mkdir(parents=True, exist_ok=True)
        path = reports / f"foi-{doc.slug}-preflight.csv"  # the file name: a slug of the ref
        path.write_text(preflight_csv(items_for(content, doc)), encoding="utf-8")
        written.append(path)
    return written


def warnings(content: Content) -> list[Problem]:
    """The preflight lines as `check` shows them: one warning each."""
    return [Problem(i.file, None, None, f"{i.where}: {i.item} ({i.detail}): {i.action}."
                    if i.detail else f"{i.where}: {i.item}: {i.action}.", warning=True)
            for f in content.files for i in f.items]
