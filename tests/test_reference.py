"""The authors' field reference is complete and matches the models."""

from __future__ import annotations

from generator.content.reference import SECTIONS, field_rows, reference
from publisher_fixtures import PROJECT


def test_every_field_has_a_description() -> None:
    missing = [f"{model.__name__}.{name}" for _, _, model in SECTIONS
               for name, _, _, description in field_rows(model) if not description.strip()]
    assert missing == []


def test_every_model_in_the_content_format_is_documented() -> None:
    from generator.content import models

    documented = {model for _, _, model in SECTIONS}
    content_models = {models.Site, models.ActionPlan, models.Recommendation, models.Action,
                      models.ProgressUpdate, models.Period, models.Approval, models.FoiResponse,
                      models.Exemption, models.Annex, models.PageMeta}
    assert content_models <= documented


def test_committed_reference_is_current() -> None:
    committed = (PROJECT / "docs" / "content-reference.md").read_text()
    assert committed == reference(), (
        "docs/content-reference.md is stale: run "
        "`.venv/bin/python -m generator.content.reference > docs/content-reference.md`")
