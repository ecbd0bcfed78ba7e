"""The given-name list (given_names.txt) from its sources: ONS/NRS/NISRA baby names,
nam_dict, habesha-names and tamil-names. Run through build_lists.py (see its docstring for
the scratch venv and the source files); never imported at build or run time."""

from __future__ import annotations

import collections
import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import gender_guesser
import habesha_names
import rdata
import tamilnames
from english_words import get_english_words_set

ONS_THRESHOLD = 5  # babies over all years and nations: drops one-off spellings
NAME_RE = re.compile(r"^[^\W\d_]{2,}(?:['’-][^\W\d_]+)*$")
# The project's own word lists (english_words.txt, role_words.txt ...) by file name.
ProjectWords = Callable[[str], set[str]]


# nam_dict.txt country columns, in the order its header lists them (column 31 onward).
NAM_DICT_COUNTRIES = """GB IE US IT MT PT ES FR BE LU NL FRI DE AT CH IS DK NO SE FI EE LV LT PL CZ
SK HU RO BG BA HR XK MK ME RS SI AL GR RU BY MD UA AM AZ GE CAS TR ARA IL CN IND JP KR VN
OTH""".split()  # noqa: SIM905
ONS_NATIONS = {"England & Wales": "EW", "Scotland": "SCT", "Northern Ireland": "NI"}


def _display(name: str) -> str:
    """ONS 1996-2000 lists are upper case: 'MARY-JANE' -> 'Mary-Jane'."""
    if not name.isupper():
        return name
    return "-".join(part.capitalize() for part in name.lower().split("-"))


def _ons_names(folder: Path) -> tuple[dict[str, tuple[str, set[str]]], collections.Counter[str]]:
    frame = rdata.read_rda(str(folder / "ukbabynames.rda"))["ukbabynames"]
    totals: collections.Counter[str] = collections.Counter()
    spellings: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    nations: dict[str, set[str]] = collections.defaultdict(set)
    for name, n, nation in zip(frame["name"], frame["n"], frame["nation"], strict=True):
        name = str(name).strip()
        key = name.casefold()
        totals[key] += int(n)
        spellings[key][_display(name)] += int(n)
        nations[key].add(ONS_NATIONS[str(nation)])
    kept = {
        key: (spellings[key].most_common(1)[0][0], nations[key])
        for key, total in totals.items()
        if total >= ONS_THRESHOLD
    }
    return kept, totals


def _not_names(ons_totals: collections.Counter[str], project_words: ProjectWords) -> set[str]:
    """Words the sources record as names ("The", "To", "Baby", "Link"): every role word,
    and every everyday word unless the project already treats it as a name that is also a
    word (common_words.txt: Will, May, Hope) or at least 100 UK babies were given it."""
    words = project_words("english_words.txt")
    keep = project_words("common_words.txt")
    dropped = {w for w in words if w not in keep and ons_totals[w] < 100}
    # Role words are never names to the engine (vocab.is_never_name), so never here either.
    placeholders = {"baby", "infant", "unknown", "unnamed"}  # registration placeholders
    return dropped | project_words("role_words.txt") | placeholders


def _nam_dict_names() -> dict[str, tuple[str, set[str]]]:
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    found: dict[str, tuple[str, set[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=" or (len(line) > 29 and line[29] == "+"):
            continue
        raw = line[3:29].strip()
        freqs = line[30 : 30 + len(NAM_DICT_COUNTRIES)]
        codes = {c for c, f in zip(NAM_DICT_COUNTRIES, freqs, strict=False) if f.strip()}
        forms = [raw.replace("+", "-"), raw.replace("+", "").capitalize()] if "+" in raw else [raw]
        for form in forms:
            key = form.casefold()
            display, old = found.get(key, (form, set()))
            found[key] = (display, old | codes)
    return found


def _habesha_names() -> dict[str, tuple[str, set[str]]]:
    """Ethiopian and Eritrean given names (Amharic, Tigrinya, Oromo, Ge'ez) with the Latin
    spellings the package records for each, and its compound names (Gebre + Medhin)."""
    data = Path(habesha_names.__file__).parent / "data"
    entries = json.loads((data / "given_names.json").read_text(encoding="utf-8"))["entries"]
    compounds = json.loads((data / "compounds.json").read_text(encoding="utf-8"))
    forms = [f for e in entries for f in [e["canonical"], *e["variants"]]]
    firsts = [f for e in compounds["prefixes"] for f in [e["latin"], *e["variants"]]]
    seconds = [f for e in compounds["second_elements"] for f in [e["latin"], *e["variants"]]]
    forms += firsts + [a + b.lower() for a in firsts for b in seconds]
    return {f.casefold(): (f, {"HAB"}) for f in forms}


def _tamil_names() -> dict[str, tuple[str, set[str]]]:
    path = Path(tamilnames.__file__).parent / "data" / "names.csv"
    with path.open(encoding="utf-8") as f:
        return {row["name_en"].strip().casefold(): (row["name_en"].strip(), {"TAM"})
                for row in csv.DictReader(f) if row["name_en"].strip()}


def build_given_names(folder: Path, project_words: ProjectWords) -> list[tuple[str, str]]:
    ons, ons_totals = _ons_names(folder)
    not_names = _not_names(ons_totals, project_words)
    merged: dict[str, tuple[str, set[str]]] = {}
    # The smaller lists add names the first two lack; a name of theirs that is also a
    # dictionary word ("Awake", "Demise", "Lemma" are Amharic spellings) is left out, as a
    # capitalised sentence-opening word would otherwise read as a name recorded abroad.
    words = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    extra = {k: v for src in (_habesha_names(), _tamil_names()) for k, v in src.items()
             if k not in words}
    for source in (ons, _nam_dict_names(), extra):
        for key, (display, codes) in source.items():
            old_display, old_codes = merged.get(key, (display, set()))
            merged[key] = (old_display, old_codes | codes)
    order = [*ONS_NATIONS.values(), *NAM_DICT_COUNTRIES, "HAB", "TAM"]
    # A compound ("Chelsea-Rose", "Wei-Ming") whose parts are all listed is left out:
    # the lookup accepts a hyphenated word when each part is a given name.
    rows = []
    for key, (display, codes) in merged.items():
        parts = key.split("-")
        if key in not_names or not NAME_RE.match(display):
            continue
        if len(parts) > 1 and all(p in merged for p in parts):
            continue
        rows.append((display, ",".join(sorted(codes, key=order.index))))
    return sorted(rows, key=lambda r: r[0].casefold())



GIVEN_HEADER = """
Given names from UK communities: name<TAB>communities. Generated by build_lists.py.
Sources and licences:
(1) ONS "Baby names in England and Wales" 1996-2020, National Records of Scotland
babies' first names 1974-2020 and NISRA baby names 1997-2020, all under the
Open Government Licence v3.0, via the ukbabynames R package data (CC0); names given
to at least 5 babies in all. Codes EW, SCT, NI.
(2) nam_dict.txt, as shipped in gender-guesser 0.4.0. Its notices, kept as required:
"Copyright (c): 2007-2008: Joerg MICHAEL, Adalbert-Stifter-Str. 11, 30655 Hannover,
Germany. This file is subject to the GNU Free Documentation License. Permission is
granted to copy, distribute and/or modify this document under the terms of the GNU
Free Documentation License, Version 1.2 or any later version published by the Free
Software Foundation; with no Invariant Sections, no Front-Cover Texts, and no
Back-Cover Texts." The licence text is in GFDL-1.2 beside this file.
History: 2026-11-29, publisher project: names extracted with their country columns,
merged with the ONS/NRS/NISRA names, filtered as below (build_lists.py). This file
as a whole is released under the GNU FDL 1.2 or later. Codes are the countries where
nam_dict records the name: GB IE US IT MT PT ES FR BE LU NL FRI(East Frisia) DE AT CH
IS DK NO SE FI EE LV LT PL CZ SK HU RO BG BA HR XK MK ME RS SI AL GR RU BY MD UA AM AZ
GE CAS(Kazakhstan, Uzbekistan etc.) TR ARA(Arabia/Persia) IL CN IND(India/Sri Lanka)
JP KR VN OTH(other countries, incl. Africa).
(3) habesha-names 0.2.0 (PyPI; MIT licence, (c) Robel Shemeles): Ethiopian and
Eritrean given names (Amharic, Tigrinya, Oromo, Ge'ez, biblical and Arabic ones as
used there), each with the Latin spellings the package lists and reviewed by a native
speaker, and its compound names (prefix + second element: Gebremedhin). Code HAB.
(4) tamil-names 0.1.1 (PyPI; MIT licence, (c) Satya): 566 Tamil given names in their
English spelling (names.csv, column name_en). Code TAM.
Their MIT licence texts, with the copyright notices, are MIT-habesha-names and
MIT-tamil-names beside this file.
From (3) and (4), names that are lower-case entries of Webster's Second (english-words
package, web2) are left out ("Awake", "Lemma").
Names are at least two letters; "Jun+Wei" entries become "Jun-Wei" and "Junwei"; a
hyphenated name whose parts are all listed is left out (the lookup checks each part).
Left out: the project's role_words.txt; its english_words.txt ("The", "To") unless
common_words.txt lists the word or 100+ UK babies had it; "Baby", "Unknown".
Many names are also words or places (Will, May, Hope, Florence, Jordan): this list says
a word CAN be a given name, not that it is one.
"""


