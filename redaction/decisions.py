"""The IG officer's decisions on findings: `content/redaction-decisions.yaml`.

Under FOIA section 40(2) a person, not the software, decides what is withheld, with a reason:

    decisions:
      - text: Alex Morgan          # the words, exactly as they stand (capitals count)
        decision: release          # release | withhold
        scope: everywhere          # everywhere | a file under content/: plans/mr-o.yaml
        reason: Senior officer named in a public role as Force Lead
        by: Head of Information Governance
        date: 2026-11-20

They are applied after the analysis (redaction/redactor.py asks FileRules for each text), so
the analysis cache stays valid whatever is decided:
- `release` keeps a finding that lies inside an occurrence of the words (as never_redact
  does); names in always_redact are never released: that list is the case's own.
- `withhold` redacts every occurrence of the words in its scope, found by the finder or not.
  Where a withhold and a release cover the same text, the withhold wins (fail closed).
- A finding that is uncertain (scored below the policy's threshold, or a name-finder hit with
  no other recogniser agreeing) and that no decision covers is withheld until someone decides
  it (`publisher review` lists it under "Needs a decision").

Approvals bind to the decisions that apply to a file (`bound_to`, included in the approval
fingerprint in generator/content/approve.py): a decision scoped to the file, or an
"everywhere" decision whose words occur in it. Changing one means approving the file again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import regex as re
from pydantic import BaseModel, Field, field_validator

from generator.content.dates import Day
from generator.content.fields import Strict
from generator.content.lines import FieldPath
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.content.models import Content

FILE_NAME = "redaction-decisions.yaml"
EVERYWHERE = "everywhere"
# The grounds an IG officer most often gives (offered by `publisher review`).
GROUNDS: list[tuple[str, str]] = [
    ("senior-officer", "Senior officer named in a public role"),
    ("public-body", "A public body or place, not a person"),
    ("public-domain", "Already in the public domain"),
    ("third-party", "Third party's personal data (s40(2))"),
    ("special-category", "Special category data (s40(2))"),
]


class Decision(Strict):
    """One decision on the words of a finding."""

    text: str = Field(description="The words, exactly as they stand in the content (capitals "
                      "count), e.g. Alex Morgan.")
    decision: Literal["release", "withhold"] = Field(
        description="`release` keeps the words; `withhold` redacts them wherever they stand in "
        "the scope, even where the name finder missed them.")
    scope: str = Field(description="`everywhere`, or one file under content/, e.g. "
                       "plans/mr-o.yaml.")
    reason: str = Field(description="Why, as the Act requires: e.g. Senior officer named in a "
                        "public role.")
    by: str = Field(description="Who decided: a role, e.g. Head of Information Governance.")
    date: Day = Field(description="When it was decided, e.g. 2026-11-20 (not in the future).")

    @field_validator("text")
    @classmethod
    def _words(cls, value: str) -> str:
        if sum(c.isalnum() for c in value) < 2:
            raise ValueError(f'must hold at least two letters or digits, but it is "{value}"')
        return value

    @field_validator("reason", "by")
    @classmethod
    def _said(cls, value: str) -> str:
        # "..." is what a message's suggested decision holds until someone fills it in.
        if sum(c.isalpha() for c in value) < 2:
            raise ValueError("must not be empty: say it in words")
        return value.strip()

    @field_validator("date")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError(f"must not be in the future, but it is {value.isoformat()}: give "
                             "the day the decision was taken")
        return value

    def binding(self) -> dict[str, str]:
        """What an approval covers: what changes the published text (not reason, by, date)."""
        return {"text": self.text, "decision": self.decision, "scope": self.scope}


class DecisionsFile(Strict):
    """content/redaction-decisions.yaml."""

    decisions: list[Decision] = Field(
        default_factory=list, description="The decisions, in any order; `publisher review` "
        "adds to the end and keeps comments.")

    @field_validator("decisions", mode="before")
    @classmethod
    def _none_yet(cls, value: object) -> object:
        return [] if value is None else value  # "decisions:" with nothing under it yet


def occurrences(words: str, text: str) -> list[tuple[int, int]]:
    """Exact, case-sensitive occurrences of `words` in `text`, on word boundaries."""
    return [m.span() for m in _pattern(words).finditer(text)]


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(words: str) -> re.Pattern[str]:
    found = _PATTERNS.get(words)
    if found is None:
        left = r"(?<![\w])" if words[:1].isalnum() else ""
        right = r"(?![\w])" if words[-1:].isalnum() else ""
        # A line break or several spaces in the content still match one space in a decision.
        body = r"\s+".join(re.escape(part) for part in words.split())
        found = _PATTERNS[words] = re.compile(left + body + right)
    return found


@dataclass(frozen=True)
class FileRules:
    """The decisions that apply to one content file, as the redactor asks for them."""

    release: tuple[Decision, ...] = ()
    withhold: tuple[Decision, ...] = ()
    # Uncertain findings no decision covers are withheld (see the module's docstring).
    fail_closed: bool = True

    def released(self, text: str) -> list[tuple[int, int]]:
        return _spans(self._release_re, text)

    def withheld(self, text: str) -> list[tuple[int, int]]:
        return _spans(self._withhold_re, text)

    # One pattern for all the words of a kind: a build asks for every text of the content.
    @cached_property
    def _release_re(self) -> re.Pattern[str] | None:
        return _joined(d.text for d in self.release)

    @cached_property
    def _withhold_re(self) -> re.Pattern[str] | None:
        return _joined(d.text for d in self.withhold)

    def covering(self, text: str, start: int, end: int, kind: str) -> Decision | None:
        """The decision of `kind` whose words, somewhere in `text`, cover start..end."""
        for d in self.release if kind == "release" else self.withhold:
            for s, e in occurrences(d.text, text):
                if s <= start and end <= e if kind == "release" else s < end and start < e:
                    return d
        return None


def _joined(words: Iterable[str]) -> re.Pattern[str] | None:
    patterns = [_pattern(w).pattern for w in sorted(set(words), key=len, reverse=True)]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    # overlapped: "Alex Morgan" and "Morgan" both decided each give their own span
    return [m.span() for m in pattern.finditer(text, overlapped=True)] if pattern else []


@dataclass
class Decisions:
    """The loaded file: the decisions, and the line each starts on (for messages)."""

    items: list[Decision] = field(default_factory=list)
    # Line of each value: ("decisions", 0, "scope") → 5, as the loader read them.
    lines: dict[FieldPath, int] = field(default_factory=dict)
    file: str = f"content/{FILE_NAME}"

    def line(self, index: int, key: str | None = None) -> int | None:
        loc: FieldPath = ("decisions", index, key) if key else ("decisions", index)
        return self.lines.get(loc, self.lines.get(("decisions", index)))

    def rules_for(self, scope: str) -> FileRules:
        """Decisions scoped to this file or everywhere. A file-scoped decision is more
        specific, but both apply: `check` refuses the two disagreeing (contradictions)."""
        mine = [d for d in self.items if d.scope in (EVERYWHERE, scope)]
        return FileRules(tuple(d for d in mine if d.decision == "release"),
                         tuple(d for d in mine if d.decision == "withhold"))

    def bound_to(self, scope: str, texts: Iterable[str]) -> list[dict[str, str]]:
        """The decisions an approval of this file covers (module docstring), sorted so that
        reordering the decisions file needs no re-approval."""
        if not self.items:
            return []
        joined = "\n".join(texts)
        found = {tuple(d.binding().items()) for d in self.items
                 if d.scope == scope or (d.scope == EVERYWHERE and occurrences(d.text, joined))}
        return [dict(item) for item in sorted(found)]

    @cached_property
    def released_words(self) -> list[str]:
        return sorted({d.text for d in self.items if d.decision == "release"})


def texts_by_scope(content: Content) -> dict[str, str]:
    """Every value of each content file, joined: where decisions' words are looked for (as
    for the approval binding: the file's values, whatever their field)."""
    docs: list[tuple[Path, BaseModel]] = [(content.root / "site.yaml", content.site)]
    docs += [(d.source, d.data) for d in [*content.plans, *content.foi, *content.pages]]
    return {path.relative_to(content.root).as_posix():
            "\n".join(strings(model.model_dump(mode="json"))) for path, model in docs}


def strings(value: object) -> Iterable[str]:
    """Every string in parsed YAML (for the approval binding and staleness)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def scope_problems(decisions: Decisions, files: Sequence[str]) -> list[Problem]:
    """A scope must be `everywhere` or a content file that exists."""
    problems: list[Problem] = []
    known = set(files)
    for i, d in enumerate(decisions.items):
        if d.scope == EVERYWHERE or d.scope in known:
            continue
        close = difflib.get_close_matches(d.scope.removeprefix("content/"), sorted(known), n=1)
        hint = (f'did you mean "{close[0]}"?' if close else
                'write "everywhere", or a file under content/ such as plans/mr-s-homicide.yaml.')
        problems.append(Problem(decisions.file, decisions.line(i, "scope"), "scope",
                                f'"scope" names "{d.scope}", but there is no such file under '
                                "content/.", hint))
    return problems


def contradictions(decisions: Decisions) -> list[Problem]:
    """Same words, overlapping scope, different decision: one message per pair."""
    problems: list[Problem] = []
    items = decisions.items
    for j, later in enumerate(items):
        for i in range(j):
            first = items[i]
            overlap = EVERYWHERE in (first.scope, later.scope) or first.scope == later.scope
            if first.text == later.text and overlap and first.decision != later.decision:
                problems.append(Problem(
                    decisions.file, decisions.line(j, "decision"), "decision",
                    f'"{later.text}" is to be {_verb(later)} {_where(later.scope)} here, but '
                    f"line {decisions.line(i)} says {_verb(first)} {_where(first.scope)}.",
                    "keep one of the two (publisher review replaces a decision when you "
                    "choose again)."))
    return problems


def stale(decisions: Decisions, texts_by_file: dict[str, str]) -> list[Problem]:
    """Warnings for decisions whose words no longer occur anywhere in their scope."""
    problems: list[Problem] = []
    for i, d in enumerate(decisions.items):
        scope = texts_by_file.values() if d.scope == EVERYWHERE else [
            texts_by_file.get(d.scope, "")]
        if not any(occurrences(d.text, text) for text in scope):
            problems.append(Problem(
                decisions.file, decisions.line(i, "text"), "text",
                f'the decision to {d.decision} "{d.text}" {_where(d.scope)} is stale: the words '
                "no longer occur there.",
                "delete it, or correct the words to match the content exactly.", warning=True))
    return problems


def _verb(d: Decision) -> str:
    return "released" if d.decision == "release" else "withheld"


def _where(scope: str) -> str:
    return "everywhere" if scope == EVERYWHERE else f"in {scope}"


def decision_yaml(text: str, decision: str = "withhold", scope: str = EVERYWHERE,
                  today: date | None = None) -> str:
    """The one-line entry to add under `decisions:` (messages quote it)."""
    import json

    when = (today or date.today()).isoformat()
    return (f"- {{text: {json.dumps(text, ensure_ascii=False)}, decision: {decision}, "
            f'scope: {scope}, reason: "...", by: "...", date: {when}}}')
