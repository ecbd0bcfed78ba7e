"""The documents a content set holds, as the redact stage and the leak gate walk them: each
one's key, its file, and its model given only when asked for (an unchanged plan's model may
not be decoded yet: generator/content/lazy.py). A file as a decision names it is
generator/content/names.scope_of."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:  # names for annotations only
    from generator.content.models import Content


def documents(content: Content) -> list[tuple[str, Path, BaseModel]]:
    return [(key, source, model()) for key, source, model in lazy_documents(content)]


def lazy_documents(content: Content) -> list[tuple[str, Path, Callable[[], BaseModel]]]:
    """Each document's key and file, and a function that gives its model: called only where
    the model is needed (a content file's may not be decoded yet: generator/content/lazy.py)."""
    site = content.site
    docs: list[tuple[str, Path, Callable[[], BaseModel]]] = [
        ("site", content.root / "site.yaml", lambda: site)]
    docs += [(f"plan:{d.slug}", d.source, _model_of(d)) for d in content.plans]
    docs += [(f"foi:{d.slug}", d.source, _model_of(d)) for d in content.foi]
    docs += [(f"page:{d.slug}", d.source, _model_of(d)) for d in content.pages]
    docs += [(f"file:{f.name}", f.source, _text_of(f)) for f in content.files]
    return docs


def _model_of(doc: Any) -> Callable[[], BaseModel]:
    return lambda: doc.data


def _text_of(file: Any) -> Callable[[], BaseModel]:
    return lambda: file.text
