"""A lead names a role or a team: warn when one looks like a person's name.

A name in `lead` is redacted before publication ("Lead: [redacted]"), which tells no reader who
is responsible; and people move on while roles stay. The test is deliberately simple, so an
author can predict it: a title and a name ("Dr Patel"), or two or three capitalised words none
of which is a role, team or heading word (redaction/data/role_words.txt), an acronym, or an
everyday English word ("Jane Smith" is flagged; "Head of Safeguarding", "Named Nurse",
"Practice Development" and "CMHT Manager" are not). It only warns: the build goes on.
"""

from __future__ import annotations

import re

from generator.content.models import ActionPlan, Doc
from generator.errors import Problem
from redaction import vocab

_WORD = re.compile(r"^[A-Z][a-z]*(?:[-'’]?[A-Z][a-z]+)*$")
# Words of organisations and services that the redaction lists need not hold, because the
# name finder does not mistake them: a lead holding one is a body, not a person.
_BODY_WORDS = frozenset([
    "housing", "options", "police", "council", "trust", "partnership", "board", "commissioning",
    "commissioners", "probation", "prison", "hospital", "practice", "surgery", "school",
    "college", "university", "academy", "group", "committee", "forum", "network", "unit",
    "centre", "center", "hub", "directorate", "division", "department", "office", "authority",
    "agency", "service", "services", "care", "health", "community", "commissioner",
])
_INITIAL = re.compile(r"^[A-Z]\.?$")


def looks_like_name(lead: str) -> bool:
    words = lead.split()
    titled = 0
    while titled < len(words) and words[titled].rstrip(".") in vocab.title_words():
        titled += 1
    rest = words[titled:]
    if titled and 1 <= len(rest) <= 2:  # "Dr Patel", "DI A. Jones"
        return all(_WORD.match(w) or _INITIAL.match(w) for w in rest) and not any(
            _never_name(w) for w in rest if not _INITIAL.match(w))
    if not 2 <= len(words) <= 3:
        return False
    if not all(_WORD.match(w) or _INITIAL.match(w) for w in words):
        return False
    if all(_INITIAL.match(w) for w in words) or not _WORD.match(words[-1]):
        return False  # "J. K." or "Jane S." is too little to go on
    return not any(_never_name(w) for w in words if not _INITIAL.match(w))


def _never_name(word: str) -> bool:
    bare = word.strip(".’'")
    return (vocab.is_never_name(bare) or bare.lower() in vocab.english_words()
            or bare.lower() in _BODY_WORDS)


def lead_warnings(doc: Doc[ActionPlan], name: str) -> list[Problem]:
    problems = []
    for r, rec in enumerate(doc.data.recommendations):
        for a, act in enumerate(rec.actions):
            for i, lead in enumerate(act.lead):
                if looks_like_name(lead):
                    problems.append(Problem(
                        name, doc.line("recommendations", r, "actions", a, "lead", i), "lead",
                        f'the lead of action {act.ref}, "{lead}", looks like a person\'s name; '
                        "a lead should be a role or a team.",
                        "write the role, e.g. \"Head of Safeguarding\": a name would be "
                        "published as [redacted].", warning=True))
    return problems
