"""The Redactor splices its replacements itself instead of calling Presidio's anonymizer, which
costs a second and a half of imports (issue 18). Same text, same positions, on the shapes the
Redactor gives it: disjoint replacements, deletions that may touch, nest or repeat, and
replacements touching deletions."""

from __future__ import annotations

import random

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from redaction.replacement import splice

LINK = "LINK_MARKUP"


def presidio(text: str, replacements: list[tuple[int, int, str]],
             deletions: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """What Redactor._apply did before: "replace" per entity, a custom operator deleting."""
    results = [RecognizerResult(f"E{i}", s, e, 1.0) for i, (s, e, _) in enumerate(replacements)]
    results += [RecognizerResult(LINK, s, e, 1.0) for s, e in deletions]
    operators = {f"E{i}": OperatorConfig("replace", {"new_value": new})
                 for i, (_, _, new) in enumerate(replacements)}
    operators[LINK] = OperatorConfig("custom", {"lambda": lambda _: ""})
    out = AnonymizerEngine().anonymize(text, results, operators, merge_entities_with_spaces=False)
    return out.text, sorted((i.start, i.end) for i in out.items if i.entity_type != LINK)


def case(rng: random.Random) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]:
    text = "".join(rng.choice("ab [](): \n") for _ in range(rng.randint(1, 60)))
    cuts = sorted(rng.choices(range(len(text) + 1), k=rng.randint(0, 8)))  # may touch
    replacements, deletions = [], []
    for s, e in zip(cuts[::2], cuts[1::2], strict=False):
        if s == e:
            continue
        if rng.random() < 0.5:
            replacements.append((s, e, rng.choice(["[redacted]", "[PERSON redacted]", "x"])))
        else:
            deletions.append((s, e))
            if rng.random() < 0.3:  # nested or repeated deletions (two links' markup)
                a = rng.randint(s, e - 1)
                deletions.append((a, rng.randint(a + 1, e)))
    return text, replacements, deletions


def test_splice_does_what_presidios_anonymizer_did() -> None:
    rng = random.Random(18)
    for _ in range(2000):
        text, replacements, deletions = case(rng)
        assert splice(text, replacements, deletions) == presidio(text, replacements, deletions), (
            text, replacements, deletions)


def test_splice_by_hand() -> None:
    text = "See [Jo Bloggs](https://x.example/jo) today"
    # the link's markup goes, the name inside it is replaced
    out, placed = splice(text, [(5, 14, "[redacted]")], [(4, 5), (14, 37)])
    assert out == "See [redacted] today"
    assert placed == [(4, 14)]
