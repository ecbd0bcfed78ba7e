"""The loader's rules: each problem names the file, the line and the field, in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content.load import load
from generator.content.models import Month
from generator.errors import ContentError
from publisher_fixtures import PLAN_YAML


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(content)
    return [str(p) for p in caught.value.problems if not p.warning]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_after(content_dir: Callable[..., Path], old: str, new: str,
                   needle: str) -> tuple[list[str], int]:
    """The test plan with `old` replaced by `new`: its problems, and the line `needle` is on."""
    text = PLAN_YAML.replace(old, new)
    return problems(content_dir({"p": text})), line_of(text, needle)


def test_valid_content_loads(content_dir: Callable[..., Path]) -> None:
    content = load(content_dir())
    plan = content.plans[0].data
    assert content.plans[0].slug == "test-plan"
    assert plan.recommendations[0].actions[0].lead == ["Clinical Director"]


def test_example_content_loads() -> None:
    from publisher_fixtures import EXAMPLE

    content = load(EXAMPLE)
    assert {p.slug for p in content.plans} == {"mr-s-homicide", "dhr-bdhr2011-12-03"}
    assert [f.slug for f in content.foi] == ["47815"]


def test_non_iso_target_names_file_line_and_field(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("target: 2019-09-30", "target: Apr-14")
    found = problems(content_dir({"mr-s": text}))
    assert found == [
        f'content/plans/mr-s.yaml, line {line_of(text, "Apr-14")}: "target" must be a date '
        '(2019-09-30), a month (2019-09), a calendar quarter (2019-Q3), a financial-year quarter '
        '(2019/20 Q3) or "ongoing", but it is "Apr-14". Hint: write 2014-04 (a month target is '
        'due by its last day).'
    ]


def test_impossible_date(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("target: 2019-09-30", "target: 2019-02-30")
    assert problems(content_dir({"p": text})) == [
        f'content/plans/p.yaml, line {line_of(text, "2019-02-30")}: "target" must be a real '
        'date like 2019-09-30, but "2019-02-30" does not exist.'
    ]


def test_month_targets_and_string_refs_stay_as_written(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("target: 2019-09-30", "target: 2019-09").replace(
        'ref: "1.1"', "ref: 1.10").replace('number: "1"', "number: 3.10")
    plan = load(content_dir({"p": text})).plans[0].data
    action = plan.recommendations[0].actions[0]
    assert action.target == Month(2019, 9)
    assert action.ref == "1.10"
    assert plan.recommendations[0].number == "3.10"


def test_typo_in_key_suggests_the_field(content_dir: Callable[..., Path]) -> None:
    found, line = problems_after(content_dir, "status: in-progress", "stauts: in-progress",
                                 "stauts")
    # One message for one mistake: the misspelt key, not also a missing "status".
    assert found == [f'content/plans/p.yaml, line {line}: "stauts" is not a field that belongs '
                     'here. Hint: did you mean "status"?']


@pytest.mark.parametrize(("old", "new", "field", "expected"), [
    ("status: in-progress", "status: done", "status",
     '"status" must be one of not-started, in-progress, complete or closed, but it is "done".'),
    ("kind: independent-homicide-review", "kind: homicide", "kind",
     '"kind" must be one of independent-homicide-review, domestic-homicide-review, '
     'safeguarding-adults-review, partnership-case-review, thematic-review or other, '
     'but it is "homicide".'),
    ("  status: approved", "  status: yes", "approval",
     '"status" must be one of draft or approved, but it is "yes".'),
])
def test_enums(content_dir: Callable[..., Path], old: str, new: str, field: str,
               expected: str) -> None:
    found, line = problems_after(content_dir, old, new, new.strip())
    assert found == [f"content/plans/p.yaml, line {line}: {expected}"]


def test_duplicate_refs(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML + """\
      - ref: "1.1"
        action: Again.
        status: complete
"""
    found = problems(content_dir({"p": text}))
    first = line_of(text, 'ref: "1.1"')
    again = len(text.splitlines()) - 2
    assert found == [f'content/plans/p.yaml, line {again}: action ref "1.1" is used twice in this '
                     f"plan (first on line {first}). Hint: give each action its own ref, "
                     "e.g. 1.1, 1.2, 1.3."]


def test_missing_field_points_at_its_block(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("owner: Example NHS Foundation Trust\n", "")
    found = problems(content_dir({"p": text}))
    assert found == ['content/plans/p.yaml, line 1: "owner" is missing. Hint: add "owner:" '
                     "(the organisation that owns and publishes the plan)."]


def test_duplicate_key(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("owner: Example", "title: Again\nowner: Example")
    found = problems(content_dir({"p": text}))
    assert found == [f'content/plans/p.yaml, line {line_of(text, "title: Again")}: "title" is '
                     "given twice in the same block (first on line 1). Hint: keep one of them."]


def test_tab_indentation(content_dir: Callable[..., Path]) -> None:
    found, line = problems_after(content_dir, "  status: approved", "\tstatus: approved",
                                 "status: approved")
    assert found == [f"content/plans/p.yaml, line {line}: the line is indented with a tab; "
                     "YAML needs spaces. Hint: replace the tab with spaces."]


def test_every_problem_in_every_file_is_reported(content_dir: Callable[..., Path]) -> None:
    bad_date = PLAN_YAML.replace("target: 2019-09-30", "target: Sep-13")
    bad_status = PLAN_YAML.replace("status: in-progress", "status: finished")
    found = problems(content_dir({"a": bad_date, "b": bad_status}))
    assert len(found) == 2
    assert found[0].startswith("content/plans/a.yaml, line ")
    assert found[1].startswith("content/plans/b.yaml, line ")


def test_bad_file_name(content_dir: Callable[..., Path]) -> None:
    found = problems(content_dir({"Mr S": PLAN_YAML}))
    assert found == ['content/plans/Mr S.yaml: the file name "Mr S.yaml" must use only lower-case '
                     "letters, digits and single hyphens (it becomes the web address). "
                     "Hint: rename the file, e.g. mr-s.yaml."]


def test_missing_site_yaml(content_dir: Callable[..., Path]) -> None:
    root = content_dir()
    (root / "site.yaml").unlink()
    assert problems(root) == ["content/site.yaml: the file is missing. Hint: every content "
                              "folder needs site.yaml and redaction.yaml."]
