"""A labelled set for redaction quality: progress notes and lead-officer cells in the style of
the seeds, with Faker en_GB personal data planted in every form, and strings that must survive.

`build(seed, size)` is deterministic for a seed. The benchmark and a regression test both use
it (the test with a different seed from the benchmark's, so rules are not tuned to one draw).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from faker import Faker

ORGS = [
    "Kent and Medway NHS and Social Care Partnership Trust",
    "West Midlands Police",
    "Birmingham City Council",
    "NHS England",
    "Care Quality Commission",
    "Birmingham CrossCity CCG",
    "Forensic Outreach Liaison Service",
    "Birmingham & Solihull Mental Health Foundation Trust",
    "National Probation Service",
    "Kent and Medway ICB",
    "Birmingham Community Safety Partnership",
    "NICHE",
    "Performance Board for Assessment Support Planning",
    "Safeguarding Committee",
]
ACRONYMS = [
    "MAPPA",
    "SPO",
    "MHTR",
    "CPA",
    "CMHT",
    "FOLS",
    "STEIS",
    "CQUIN",
    "RIO",
    "MDO",
    "NPS",
    "ICB",
    "QIA",
    "SI",
    "BSMHFT",
    "KMPT",
    "BCSP",
    "IMS",
    "AMHP",
    "MARAC",
]
ROLES = [
    "Clinical Lead",
    "Lead SPO",
    "Consultant Psychiatrist",
    "Force Lead",
    "Director of Forensic and Specialist Care Group",
    "Associate Medical Director",
    "Head of Information Governance",
    "Detective Chief Inspector",
    "Team Manager",
    "Care Coordinator",
    "CPA Lead",
    "Medical Director",
    "Carer's Champion",
    "Adults Assistant Director",
    "Investigations Manager",
    "Lead Pharmacist",
    "Director of Nursing",
    "Senior Practitioner",
    "Approved Mental Health Practitioner",
]
DATES = [
    "30 September 2019",
    "Apr-14",
    "2019-09-30",
    "Dec-13",
    "May 2013",
    "30/11/2013",
    "September 2014",
    "Jun-13",
    "31 March 2021",
    "2020-08-01",
]
LAWS = [
    "Section 136 Mental Health Act",
    "Mental Health Act 1983",
    "Care Act 2014",
    "Data Protection Act 2018",
    "Freedom of Information Act 2000",
    "section 40(2) FOIA",
    "Section 11 of the Children Act 2004",
    "Domestic Violence, Crime and Victims Act 2004",
]
# Cells and sentences from the seeds' published plans and letters: nothing personal in them,
# all of it must come through untouched (places, systems, programmes, org addresses).
SEED_TEXTS = [
    "Access to RIO has now been provided to approved named staff including Team Manager's, "
    "Senior Practitioners and Approved Mental Health Practitioners.",
    "All s136 detentions are placed onto the generated Oasis (Police system) log and fed into "
    "the intelligence system.",
    "Acute Care Forums minutes within local Mental Health Trust and Bi monthly Force leads "
    "mental health meeting",
    "NHS Clinical Commissioning Groups, NHS England Birmingham, Solihull and Black Country "
    "Area Team",
    "Trust has committed to the triangle of care assessment process this year to further "
    "strengthen support for carers.",
    "Service Operational Policy for the Forensic Outreach Liaison Service (FOLS)",
    "This will coincide with Mental Health Awareness Week in May 2013",
    "Audit by Partnership Inspectors (Local Policing Unit) to ensure correct use of sec.136",
    "Joint CCG Safeguarding Business Plan, Section 11 Audits, CQC Annual Report, NHS "
    "Commitment to carers Strategy.",
    "Information Governance & Records Management Department, Farm Villa Hermitage Lane "
    "Maidstone Kent",
    "FOLS CMHT Link Database and attendance at risk forums provide the safety measure.",
    "Birmingham CrossCity CCG ACE programme for all GP practices.",
    "the lead mental health commissioner, Kent and Medway ICB also monitor how the Trust is "
    "implementing recommendations.",
    "a mental health service user, Mr S, in Kent.",
    "BSMHFT - CPA and Carer's Lead. Lead Clinicians. Associate director for recovery service "
    "user and cares experience and inclusion.",
    "West Midlands Police Detective Chief Inspector",
    "Document provided - Medicine Code Policy and Procedures for Managing Clinical Risks "
    "associated with Medicines",
    "We have also signed up to the Triangle of Care programme as a mechanism for measuring, "
    "monitoring and continuing to improve the support we have in place for carers.",
]
STATUSES = ["Complete", "In progress", "Not started", "Overdue"]
TITLES = [
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Professor",
    "Cllr",
    "PC",
    "DS",
    "DC",
    "DI",
    "DCI",
    "Nurse",
    "Sgt",
]
STREET_TYPES = [
    "Road",
    "Street",
    "Avenue",
    "Lane",
    "Close",
    "Drive",
    "Way",
    "Crescent",
    "Place",
    "Terrace",
    "Grove",
    "Gardens",
    "Court",
    "Hill",
    "Park",
    "Rise",
    "View",
    "Walk",
    "Mews",
    "Row",
]
TOWNS = [
    "Maidstone",
    "Dartford",
    "Canterbury",
    "Ashford",
    "Gillingham",
    "Solihull",
    "Sutton Coldfield",
    "Dudley",
    "Walsall",
    "Margate",
    "Folkestone",
    "Tonbridge",
]


@dataclass
class Item:
    text: str
    personal: list[tuple[str, str]] = field(default_factory=list)  # (kind, string)
    keep: list[tuple[str, str]] = field(default_factory=list)


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(4, 7)] + [rng.randint(0, 9) for _ in range(8)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, [*digits, check]))


def nino(rng: random.Random) -> str:
    first, second = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = rng.choice(first) + rng.choice(second)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(6)) + rng.choice("ABCD")


def _kept(kind: str, choices: list[str]) -> Callable[[Draw], str]:
    """A Draw method picking one of `choices`: a string that must survive, labelled `kind`."""

    def draw(self: Draw) -> str:
        return self._keep(kind, self.rng.choice(choices))

    return draw


class Draw:
    """Random personal data and must-survive strings for one item."""

    def __init__(self, fake: Faker, rng: random.Random, item: Item) -> None:
        self.fake, self.rng, self.item = fake, rng, item

    def _person(self, kind: str, value: str, *planted: str) -> str:
        for p in planted or (value,):
            self.item.personal.append((kind, p))
        return value

    def _keep(self, kind: str, value: str) -> str:
        self.item.keep.append((kind, value))
        return value

    def first(self) -> str:
        return self.fake.first_name()

    def last(self) -> str:
        return self.fake.last_name().split("-")[0]

    # personal data, in every form
    def full(self) -> str:
        f, s = self.first(), self.last()
        return self._person("person: full name", f"{f} {s}", f, s)

    def titled(self) -> str:
        s = self.last()
        title = self.rng.choice(TITLES)
        if self.rng.random() < 0.4:
            f = self.first()
            return f"{title} " + self._person("person: titled", f"{f} {s}", f, s)
        return f"{title} " + self._person("person: titled", s)

    def surname(self) -> str:
        return self._person("person: surname only", self.last())

    def first_name(self) -> str:
        return self._person("person: first name only", self.first())

    def hyphenated(self) -> str:
        f, a, b = self.first(), self.last(), self.last()
        return self._person("person: hyphenated", f"{f} {a}-{b}", f, f"{a}-{b}")

    def possessive(self) -> str:
        who = self.rng.choice([self.first(), self.last()])
        return self._person("person: possessive", who) + "'s"

    def email(self) -> str:
        return self._person("EMAIL_ADDRESS", self.fake.email())

    def phone(self) -> str:
        return self._person("PHONE_NUMBER", self.fake.phone_number())

    def nhs(self) -> str:
        n = nhs_number(self.rng)
        style = self.rng.choice(["plain", "spaced", "dashed"])
        if style != "plain":
            sep = " " if style == "spaced" else "-"
            n = f"{n[:3]}{sep}{n[3:6]}{sep}{n[6:]}"
        return self._person("UK_NHS", n)

    def nino(self) -> str:
        n = nino(self.rng)
        if self.rng.random() < 0.5:
            n = f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"
        return self._person("UK_NINO", n)

    def postcode(self) -> str:
        return self._person("UK_POSTCODE", self.fake.postcode())

    def address(self) -> str:
        number = str(self.rng.randint(1, 240))
        street = f"{self.fake.last_name().split('-')[0]} {self.rng.choice(STREET_TYPES)}"
        text = f"{number} {street}"
        if self.rng.random() < 0.3:
            text = f"Flat {self.rng.randint(1, 30)}, {text}"
        if self.rng.random() < 0.5:
            text += f", {self.rng.choice(TOWNS)}"
        return self._person("STREET_ADDRESS", text, f"{number} {street}")

    def dob(self) -> str:
        d: date = self.fake.date_of_birth(minimum_age=16, maximum_age=90)
        value = self.rng.choice(
            [d.strftime("%d/%m/%Y"), f"{d.day} {d.strftime('%B %Y')}", d.isoformat()]
        )
        return self._person("DATE_OF_BIRTH", value)

    # strings that must survive
    org = _kept("organisation", ORGS)
    acr = _kept("acronym", ACRONYMS)
    role = _kept("role", ROLES)
    date = _kept("target date", DATES)
    law = _kept("legislation", LAWS)
    seed_text = _kept("seed text", SEED_TEXTS)
    status = _kept("status", STATUSES)

Template = Callable[[Draw], str]
TEMPLATES: list[Template] = [
    lambda d: f"{d.status()}. {d.full()} was reviewed by the {d.acr()} on {d.date()}.",
    lambda d: f"{d.titled()} ({d.role()}) agreed the plan with the {d.org()}.",
    lambda d: f"{d.surname()} attended the {d.acr()} meeting with the {d.role()}.",
    lambda d: f"{d.role()}: {d.full()}",
    lambda d: f"Lead officer: {d.full()}, {d.role()}, {d.org()}",
    lambda d: (
        f"{d.possessive()} family were offered a carer's assessment by the {d.acr()} on {d.date()}."
    ),
    lambda d: f"The {d.role()} met {d.possessive()} mother to discuss the {d.law()} assessment.",
    lambda d: f"{d.full()} (perpetrator) was known to the {d.org()} from {d.date()}.",
    lambda d: f"Contact with {d.surname()} was lost after discharge; the {d.acr()} was informed.",
    lambda d: f"Referral made by {d.titled()} to the {d.acr()} under the {d.law()}.",
    lambda d: f"{d.titled()} and {d.titled()} reviewed the {d.acr()} records.",
    lambda d: f"{d.hyphenated()} was seen by the {d.role()} and the {d.acr()} on {d.date()}.",
    lambda d: f"The victim, {d.full()}, had contacted the {d.org()} twice.",
    lambda d: f"Minutes sent to {d.full()} ({d.role()}) and {d.full()}.",
    lambda d: f"{d.possessive()} GP was not informed of the {d.acr()} decision.",
    lambda d: f"Her partner, {d.surname()}, told police about the {d.acr()} referral.",
    lambda d: f"Action owner: {d.full()} – {d.role()}, target {d.date()}.",
    lambda d: f"{d.full()} and {d.full()} attended the {d.acr()} panel chaired by the {d.role()}.",
    lambda d: f"Statement taken from {d.full()} by {d.titled()} of {d.org()}.",
    lambda d: f"{d.hyphenated()} declined the {d.acr()} offer; {d.status()}.",
    lambda d: f"{d.full()} can be contacted on {d.phone()} or {d.email()}.",
    lambda d: f"NHS number {d.nhs()} was used in the {d.acr()} audit.",
    lambda d: f"Records for {d.nhs()} were checked by the {d.role()} on {d.date()}.",
    lambda d: f"NI number {d.nino()} was passed to the {d.org()}.",
    lambda d: f"National Insurance: {d.nino()}; {d.acr()} informed.",
    lambda d: f"{d.full()} lived at {d.address()}, {d.postcode()} until {d.date()}.",
    lambda d: f"Address: {d.address()} {d.postcode()}",
    lambda d: f"DOB: {d.dob()}. Known to the {d.acr()} since {d.date()}.",
    lambda d: f"{d.full()}, date of birth {d.dob()}, was discharged under the {d.law()}.",
    lambda d: f"The victim was born on {d.dob()} and died on {d.dob()}.",
    lambda d: f"Email {d.email()} for updates from the {d.role()}.",
    lambda d: f"Mobile {d.phone()} (service user) passed to the {d.acr()}.",
    lambda d: f"Postcode {d.postcode()} is outside the {d.org()} area.",
    lambda d: f"{d.surname()} was admitted to hospital under the {d.law()} on {d.date()}.",
    lambda d: f"Concerns about {d.first_name()} were raised by the {d.role()} at {d.acr()}.",
    lambda d: f"{d.first_name()} told the {d.acr()} nurse she felt unsafe.",
    # must-survive only, as in the seeds' tables
    lambda d: f"{d.acr()} and {d.acr()} cases were discussed at the {d.org()} on {d.date()}.",
    lambda d: f"The {d.role()} will report to the {d.org()} by {d.date()} under the {d.law()}.",
    lambda d: (
        f"{d.status()}. {d.acr()} has been subject to {d.acr()} and there have not been "
        f"SIs to note."
    ),
    lambda d: f"Status: {d.status()}. Target {d.date()}. Lead: {d.role()}.",
    lambda d: f"{d.org()} and {d.org()} work jointly to promote best practice.",
    lambda d: f"{d.role()}, {d.role()} – {d.org()}",
    lambda d: d.seed_text(),
    lambda d: f"{d.seed_text().rstrip('.')}. {d.full()} confirmed this on {d.date()}.",
    lambda d: f"{d.status()}. {d.seed_text()}",
]


def build(seed: int = 2024, size: int = 240) -> list[Item]:
    """`size` items, cycling through every template; planted strings never collide with the
    must-survive strings of the same item (a surname "Kent" in a Kent item is re-drawn)."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    items: list[Item] = []
    while len(items) < size:
        template = TEMPLATES[len(items) % len(TEMPLATES)]
        for _ in range(20):
            item = Item("")
            item.text = template(Draw(fake, rng, item))
            keep_text = " ".join(k for _, k in item.keep).lower()
            if not any(p.lower() in keep_text for _, p in item.personal):
                break
        items.append(item)
    return items
