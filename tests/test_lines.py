"""Issue 18, flat memory: a loaded document keeps its line numbers packed (generator/content/
lines.py), and every message a later stage gives still names the file, line and field, from a
cold parse, from the parse cache (warm) and with no cache at all.

The content is the example folder (built from the real published plans and FOI response in
/work/shared/seeds) with deliberate mistakes a few levels deep."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.content.lines import Lines
from generator.content.load import load
from generator.content.parse_cache import ParseCache
from generator.content.validate import validate
from generator.errors import ContentError, Problem

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
PLAN = "plans/dhr-bdhr2011-12-03.yaml"
LEAD = "          - NHS England Birmingham, Solihull and Black Country Area Team\n"
NAMED_LEAD = "          - NHS Clinical Commissioning Groups\n"


def _broken(root: Path) -> dict[str, tuple[str, int, str]]:
    """Copy the example with a placeholder in a lead, a person named as a lead, an FOI annex
    naming a plan that is not there and a placeholder in a page's text; what each message must
    say: (file, line, field), the lines found in the edited files themselves."""
    shutil.copytree(EXAMPLE, root)
    plan = root / PLAN
    text = plan.read_text()
    assert text.count(LEAD) >= 1 and NAMED_LEAD in text
    text = text.replace(LEAD, "          - \"TODO: the lead agency\"\n", 1)
    text = text.replace(NAMED_LEAD, "          - Jane Smith\n", 1)
    plan.write_text(text)
    foi = root / "foi" / "47815.yaml"
    foi.write_text(foi.read_text().replace("  - plan: mr-s-homicide\n", "  - plan: mr-s-homicid\n"))
    page = next((root / "pages").glob("*.md"))
    page.write_text(page.read_text() + "\nTODO: the closing paragraph\n")
    return {
        "placeholder": (f"content/{PLAN}", _line(plan, "TODO: the lead agency"), "lead"),
        "named lead": (f"content/{PLAN}", _line(plan, "- Jane Smith"), "lead"),
        "annex": ("content/foi/47815.yaml", _line(foi, "- plan: mr-s-homicid"), "annexes"),
        "page": (f"content/pages/{page.name}", _line(page, "TODO: the closing"), None),
    }


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1)
                if needle in line)


def _problems(root: Path, cache: ParseCache | None) -> list[Problem]:
    with pytest.raises(ContentError) as raised:
        validate(load(root, cache=cache), remember=cache is not None)
    return raised.value.problems


def _said(problems: list[Problem]) -> dict[str, tuple[str, int | None, str | None]]:
    def one(test: str) -> tuple[str, int | None, str | None]:
        found = [p for p in problems if test in p.message]
        assert len(found) == 1, (test, problems)
        return (found[0].file, found[0].line, found[0].field)
    return {"placeholder": one("TODO: the lead agency"), "named lead": one('"Jane Smith"'),
            "annex": one('"mr-s-homicid"'), "page": one("TODO: the closing paragraph")}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_messages_name_the_same_line_cold_warm_and_without_a_cache(folder: Path) -> None:
    expected = _broken(folder / "content")
    root = folder / "content"
    cold_cache = ParseCache(root, folder / "cache")
    assert not cold_cache.keys()  # nothing parsed before: every line comes from this parse
    cold = _said(_problems(root, cold_cache))
    warm_cache = ParseCache(root, folder / "cache")
    warm = _said(_problems(root, warm_cache))
    assert warm_cache.keys() and warm_cache.new == {}  # every file from the cache
    assert warm_cache.used == set(warm_cache.keys())
    uncached = _said(_problems(root, None))
    assert cold == warm == uncached == expected


def test_a_document_keeps_its_lines_packed_and_gives_them_back(folder: Path) -> None:
    root = folder / "content"
    shutil.copytree(EXAMPLE, root)
    for cached in (True, True, False):  # cold, then from the cache, then without one
        cache = ParseCache(root, folder / "cache") if cached else None
        plan = next(d for d in load(root, cache=cache).plans if d.source.name in PLAN)
        assert isinstance(plan.lines, Lines) and isinstance(plan.lines.packed, bytes)
        lines = plan.lines.unpack()
        assert len(lines) > 200
        # A few bytes an entry, where the dict held a tuple, its items and an int (~170 bytes).
        assert len(plan.lines.packed) < 10 * len(lines)
        assert plan.line("recommendations", 0, "actions", 0, "lead", 1) == _line(
            root / PLAN, LEAD.strip())
        # A field the file does not have: the line of the deepest block it does have.
        assert plan.line("recommendations", 0, "actions", 0, "nothing") == lines[
            ("recommendations", 0, "actions", 0)]


def test_lines_pack_and_unpack_exactly() -> None:
    lines = {(): 1, ("title",): 2, ("recommendations", 0, "actions", 3, "lead", 1): 99}
    assert Lines.pack(lines).unpack() == lines
    assert Lines.pack(lines).of(("recommendations", 0, "actions", 3, "lead", 1, "x")) == 99
    assert Lines.pack(lines).of(("summary",)) == 1
    assert Lines().unpack() == {} and Lines().of(("title",)) is None
    assert sys.getsizeof(Lines.pack(lines).packed) < sys.getsizeof(lines)
