"""The engine's module (redaction/engine.py) imported without two parts of its libraries that
it never uses, which cost a third of its import time (issue 18):

- spaCy's command line (`spacy/__init__.py` imports `spacy.cli.info`, and with it every
  command: downloads over httpx, weasel projects, training configs): ~0.25 s;
- Presidio's ~170 predefined recognisers (`presidio_analyzer.recognizer_registry` imports
  the whole `predefined_recognizers` package for three classes of it, compiling every
  pattern of every country as it goes): ~0.2 s. The engine registers only our own
  recognisers and spaCy's (engine.Engine), so none of them would ever run.

During the import each of these packages is a bare stand-in (its real folder, so that a
submodule imports as usual, and the names the import asks for); afterwards the stand-ins are
gone from sys.modules, so that anything importing them later gets the real package, as if
nothing had happened. If anything in this goes wrong (another version of either library),
the engine is imported the ordinary way: this changes how long the import takes, never what
is imported for the engine to use.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from types import ModuleType
from typing import Any

ENGINE = "redaction.engine"
PREDEFINED = "presidio_analyzer.predefined_recognizers"
# What recognizer_registry imports from the predefined recognisers: spaCy's (and the other
# NLP engines') own recogniser, which the registry adds for the NER.
NLP_RECOGNIZERS = f"{PREDEFINED}.nlp_engine_recognizers"


def import_engine() -> ModuleType:
    """redaction.engine, imported the lean way the first time."""
    if ENGINE in sys.modules:
        return sys.modules[ENGINE]
    if "spacy" in sys.modules or "presidio_analyzer" in sys.modules:
        return importlib.import_module(ENGINE)  # too late to leave anything out
    try:
        with ExitStack() as stack:
            stack.enter_context(_stand_in("spacy.cli", "spacy", "cli"))
            stack.enter_context(_stand_in("spacy.cli.info", "spacy", "cli", info=_spacy_info))
            stack.enter_context(_stand_in(PREDEFINED, "presidio_analyzer",
                                          "predefined_recognizers", lazy=_nlp_recognizer))
            return importlib.import_module(ENGINE)
    except Exception:  # another version of either library: the ordinary import, below
        for name in [m for m in sys.modules if m.split(".")[0] in ("spacy", "presidio_analyzer")
                     or m == ENGINE]:
            del sys.modules[name]
        return importlib.import_module(ENGINE)


@contextmanager
def _stand_in(name: str, package: str, folder: str, *, lazy: Callable[[str], Any] | None = None,
              **names: Any) -> Iterator[None]:
    """`name` as a bare package in sys.modules for the block: `package`'s `folder` as its
    path, `names` as its attributes, `lazy` for any other attribute asked of it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(package)
    module = ModuleType(name)
    module.__path__ = [f"{location}/{folder}" for location in spec.submodule_search_locations]
    module.__dict__.update(names)
    if lazy is not None:
        module.__getattr__ = lazy  # type: ignore[method-assign]
    sys.modules[name] = module
    try:
        yield
    finally:
        # The stand-in leaves: the next import of `name` is the real package, which finds
        # the submodules imported through the stand-in (spaCy's recogniser) already loaded.
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """spacy.info (the `spacy info` command) for whoever calls it: the real one, imported
    only then."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _nlp_recognizer(attribute: str) -> Any:
    if attribute.startswith("__"):
        raise AttributeError(attribute)
    return getattr(importlib.import_module(NLP_RECOGNIZERS), attribute)
