"""The house plan: no import cycle anywhere in our packages, and no project import hidden in a
function unless it keeps a heavy library (Presidio, spaCy, WeasyPrint, Dask; tldextract and
phonenumbers, a fifth of a second together) out of start-up.

The layering itself is import-linter's contracts in pyproject.toml (`lint-imports`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("presidio", "spacy", "weasyprint", "dask", "tldextract", "phonenumbers")


def _cycle(graph: grimp.ImportGraph) -> list[str] | None:
    """One import cycle between modules, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph.modules):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph.find_modules_directly_imported_by(start)))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.find_modules_directly_imported_by(nxt))))
    return None


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("generator", "redaction", exclude_type_checking_imports=True)
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def _late_imports(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").split(".")[0] in (
                    "generator", "redaction"):
                said = " ".join(lines[max(0, inner.lineno - 6): inner.lineno]).lower()
                if not any(name in said for name in HEAVY):
                    found.append((inner.lineno, lines[inner.lineno - 1].strip()))
    return found


def test_project_imports_inside_functions_only_keep_heavy_libraries_out_of_start_up() -> None:
    late = {str(p.relative_to(ROOT)): found
            for package in ("generator", "redaction")
            for p in sorted((ROOT / package).rglob("*.py")) if (found := _late_imports(p))}
    assert late == {}
