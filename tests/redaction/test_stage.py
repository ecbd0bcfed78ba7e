"""redact_content over a small Content: every text field, new frozen models, ledger, report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.content.models import (
    Action,
    ActionPlan,
    Annex,
    Approval,
    Content,
    Doc,
    FoiResponse,
    Page,
    PageMeta,
    ProgressUpdate,
    Recommendation,
    Site,
)
from generator.errors import ContentError
from redaction.policy import RedactionPolicy
from redaction.report import write_report
from redaction.stage import redact_content

APPROVAL = Approval(status="approved", by="Head of Information Governance", date=date(2020, 8, 20))


def content(root: Path, policy: RedactionPolicy, plan_slug: str = "mr-s") -> Content:
    plan = ActionPlan(
        title="Mr S homicide action plan — Dr Hughes",
        kind="independent-homicide-review",
        owner="Kent and Medway NHS and Social Care Partnership Trust",
        published=date(2020, 9, 1),
        summary="Review of the care given to Mr S, in Kent. Contact Dr Hughes on 07911 123456.",
        approval=APPROVAL,
        recommendations=[
            Recommendation(
                number="7",
                text="Assure the Commissioners.",
                actions=[
                    Action(
                        ref="7.1",
                        action="Review discharges with the FOLS team.",
                        lead=[
                            "Director of Forensic and Specialist Care Group",
                            "Lead SPO Jane Doe",
                        ],
                        status="complete",
                        progress=[
                            ProgressUpdate(
                                date=date(2020, 8, 1),
                                text="Complete. John Smith's family were told.",
                            )
                        ],
                    ),
                ],
            )
        ],
    )
    foi = FoiResponse(
        reference="47815",
        title="Homicide reviews 2018-2022",
        received=date(2023, 1, 10),
        responded=date(2023, 2, 7),
        request="1. Board reviews of all homicides.",
        response="Please find attached. Smith's case is withheld under section 40(2).",
        annexes=[Annex(plan=plan_slug)],
        signatory="The Information Governance Department",
        approval=APPROVAL,
    )
    page = Page(
        meta=PageMeta(title="Statement", approval=APPROVAL),
        body="Our CEO Sam Allen explains. Email jo.bloggs@nhs.net.",
    )
    site = Site(
        title="Published action plans",
        organisation="Example Trust",
        base_url="https://www.example.nhs.uk/",
        contact="Tel 01795 514525",
    )
    return Content(
        root=root,
        site=site,
        policy=policy,
        plans=[Doc(plan_slug, root / "plans" / f"{plan_slug}.yaml", plan)],
        foi=[Doc("47815", root / "foi" / "47815.yaml", foi)],
        pages=[Doc("statement", root / "pages" / "statement.md", page)],
    )


POLICY = RedactionPolicy(
    always_redact=["John Smith"], never_redact=["Sam Allen", "01795 514525", "Mr S", "Kent"]
)


@pytest.fixture
def redacted(tmp_path: Path, engine):
    return redact_content(content(tmp_path / "content", POLICY), use_cache=False)


def test_every_text_field_is_redacted(redacted) -> None:
    plan = redacted.content.plans[0].data
    action = plan.recommendations[0].actions[0]
    assert plan.title == "Mr S homicide action plan — Dr [redacted]"
    assert plan.summary == (
        "Review of the care given to Mr S, in Kent. Contact Dr [redacted] on [redacted]."
    )
    assert action.lead == ["Director of Forensic and Specialist Care Group", "Lead SPO [redacted]"]
    assert action.progress[0].text == "Complete. [redacted]'s family were told."
    assert redacted.content.foi[0].data.response == (
        "Please find attached. [redacted]'s case is withheld under section 40(2)."
    )
    assert redacted.content.pages[0].data.body == "Our CEO Sam Allen explains. Email [redacted]."
    assert redacted.content.site.contact == "Tel 01795 514525"


def test_the_original_is_untouched(tmp_path: Path, engine) -> None:
    original = content(tmp_path / "content", POLICY)
    redact_content(original, use_cache=False)
    assert "Hughes" in original.plans[0].data.title


def test_withheld_ledger_per_document(redacted) -> None:
    assert redacted.withheld == {"plan:mr-s": 5, "foi:47815": 1, "page:statement": 1}


def test_findings_say_where_and_why(redacted) -> None:
    lead = [f for f in redacted.findings if f.field.endswith("lead[2]")]
    assert [(f.file, f.text, f.decision) for f in lead] == [
        ("content/plans/mr-s.yaml", "Jane Doe", "redacted")
    ]
    field = "recommendations[7].actions[7.1].lead[2]"
    assert lead[0].field == field and lead[0].sentence == "Lead SPO Jane Doe"
    kept = {f.text for f in redacted.findings if f.decision == "kept: never_redact"}
    assert {"Sam Allen", "01795 514525"} <= kept


def test_a_name_in_a_slug_is_an_error(tmp_path: Path, engine) -> None:
    with pytest.raises(ContentError) as caught:
        redact_content(
            content(tmp_path / "content", POLICY, plan_slug="john-smith-review"), use_cache=False
        )
    files = {str(p.file) for p in caught.value.problems}
    assert "content/plans/john-smith-review.yaml" in files
    assert "content/foi/47815.yaml" in files  # its annex names the slug too
    assert all("john" in p.message.lower() for p in caught.value.problems)


def test_cache_gives_the_same_result(tmp_path: Path, engine) -> None:
    cache_dir = tmp_path / "cache"
    first = redact_content(content(tmp_path / "c", POLICY), cache_dir=cache_dir)
    second = redact_content(content(tmp_path / "c", POLICY), cache_dir=cache_dir)
    assert (cache_dir / "analysis.sqlite3").exists()
    assert second.content.plans[0].data == first.content.plans[0].data
    assert second.findings == first.findings


def test_review_report(redacted, tmp_path: Path) -> None:
    html_path, csv_path = write_report(redacted.findings, tmp_path / "reports")
    page = html_path.read_text()
    assert "OFFICIAL-SENSITIVE" in page
    assert page.count("<h2 id=") == len({f.file for f in redacted.findings})
    assert "Jane Doe" in page and "kept: never_redact" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    rows = csv_path.read_text().splitlines()
    assert rows[0].startswith("# OFFICIAL-SENSITIVE")
    assert rows[1] == ("file,field,entity,score,recognizer,text,sentence,decision,"
                       "needs_review,decided,scope,reason,decided_by,decided_on")
    assert len(rows) == len(redacted.findings) + 2


def test_report_escapes_what_it_shows(tmp_path: Path) -> None:
    from redaction.stage import RedactionFinding

    finding = RedactionFinding(
        "f.yaml", "summary", "PERSON", 0.9, "x", "<b>Jo</b>", "Met <b>Jo</b>.", "redacted"
    )
    (html_path, _) = write_report([finding], tmp_path)
    assert "<b>Jo</b>" not in html_path.read_text()


def test_cache_is_safe_for_concurrent_builds(tmp_path: Path) -> None:
    import threading

    from redaction.analysis_cache import AnalysisCache
    from redaction.engine import Span

    spans = [Span(0, 5, "PERSON", 0.85, "SpacyRecognizer")]
    errors: list[BaseException] = []

    def build(n: int) -> None:
        cache = AnalysisCache(tmp_path)
        try:
            for i in range(40):
                cache.put_many([(f"k{i}", spans), (f"own{n}-{i}", [])])
                assert cache.get_many([f"k{i}"]) == {f"k{i}": spans}
        except BaseException as exc:
            errors.append(exc)
        finally:
            cache.close()

    threads = [threading.Thread(target=build, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(AnalysisCache(tmp_path).get_many([f"own{n}-39" for n in range(4)])) == 4


def test_documents_redacted_in_batches_give_what_one_batch_gives(
        tmp_path: Path, engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: redaction holds a few hundred documents' texts at a time (BATCH_CHARS), never
    splitting one; the result is the same as all at once. Over this module's content (names
    to redact) and the example content, built from the real published plans and FOI response
    in /work/shared/seeds."""
    from generator.content.load import load
    from redaction import stage

    examples = [content(tmp_path / "content", POLICY),
                load(Path(__file__).resolve().parents[2] / "content")]
    wholes = [redact_content(example, use_cache=False) for example in examples]
    assert all(whole.findings for whole in wholes) and sum(wholes[0].withheld.values()) == 7
    batches: list[int] = []
    one_batch = stage._redact_batch

    def counted(redactor: object, batch: list, content: Content) -> dict:
        batches.append(len(batch))
        return one_batch(redactor, batch, content)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "_redact_batch", counted)
    monkeypatch.setattr(stage, "BATCH_CHARS", 1)  # every document a batch of its own
    for example, whole in zip(examples, wholes, strict=True):
        each = redact_content(example, use_cache=False)
        assert each == whole and each.findings == whole.findings
    assert len(batches) > 8 and set(batches) <= {0, 1}
