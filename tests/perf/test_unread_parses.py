"""A file the parse cache knew valid is loaded from what was kept of it (model, approval,
warnings, fingerprint, line numbers) without its parse being read (issue 18); the parse is
read only for a decision that applies to the file, a problem to quote a line of, or a model
that cannot be decoded, and then it is the file's as it was hashed, or the build stops."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.content.lazy import LazyDoc, decoder, reparse
from generator.content.load import load
from generator.content.models import ActionPlan
from generator.content.parse_cache import ParseCache
from generator.errors import ContentError
from publisher_fixtures import PLAN_YAML, write_content


def _loaded_twice(tmp_path: Path) -> tuple[Path, ParseCache, list[str]]:
    root = write_content(tmp_path / "content", {"cache-plan": PLAN_YAML})
    load(root, cache=ParseCache(root, tmp_path / "cache"))
    again = ParseCache(root, tmp_path / "cache")
    asked: list[str] = []
    get = again.get

    def counted(key: str) -> object:
        asked.append(key)
        return get(key)

    again.get = counted  # type: ignore[method-assign]
    return root, again, asked


def test_a_valid_file_is_loaded_without_reading_its_parse(tmp_path: Path) -> None:
    root, cache, asked = _loaded_twice(tmp_path)
    content = load(root, cache=cache)
    digest = cache.digests[root / "plans" / "cache-plan.yaml"]
    assert digest not in asked and any(k.startswith("validated:") for k in asked)
    assert not any(k.startswith("model:") for k in asked)  # nor its model
    plan = content.plans[0]
    assert isinstance(plan, LazyDoc) and not plan.decoded
    # Its line numbers came with it: a later check still quotes the file's lines.
    fresh = load(root)
    assert plan.lines.packed == fresh.plans[0].lines.packed
    assert plan == fresh.plans[0]  # its model, read after load closed the cache
    assert plan.decoded


def test_a_model_that_cannot_be_decoded_is_made_again_from_the_parse(tmp_path: Path) -> None:
    root, cache, _ = _loaded_twice(tmp_path)
    path = root / "plans" / "cache-plan.yaml"
    load(root, cache=cache)  # its digest is known; the cache is closed now, as after a load
    digest = cache.digests[path]
    name = "content/plans/cache-plan.yaml"
    made = decoder(lambda: b"not a pickle", reparse(path, name, digest, cache), ActionPlan,
                   name)()
    assert made == load(root).plans[0].data
    assert pickle.loads(pickle.dumps(made)) == made


def test_a_file_changed_since_it_was_hashed_stops_the_build(tmp_path: Path) -> None:
    root, cache, _ = _loaded_twice(tmp_path)
    path = root / "plans" / "cache-plan.yaml"
    load(root, cache=cache)
    digest = cache.digests[path]
    path.write_text(PLAN_YAML.replace("Clinical Director", "Medical Director"))
    parse = reparse(path, "content/plans/cache-plan.yaml", digest, cache)
    with pytest.raises(ContentError, match="changed while it was being built"):
        parse()
