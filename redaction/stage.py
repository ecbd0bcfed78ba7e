"""The redact stage's interface. IDENTITY PLACEHOLDER until the redaction issue lands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.models import Content
    from redaction.policy import RedactionPolicy


@dataclass(frozen=True)
class RedactionFinding:
    """One decision, for the internal IG review report (never published)."""

    file: str
    field: str
    entity: str
    score: float
    recognizer: str
    text: str
    sentence: str
    decision: str  # "redacted" | "kept: never_redact" | "kept: below threshold"


@dataclass(frozen=True)
class RedactedContent:
    content: Content
    findings: list[RedactionFinding] = field(default_factory=list)
    # Passages replaced per document ("plan:<slug>", "foi:<ref>", "page:<slug>"): the public ledger.
    withheld: dict[str, int] = field(default_factory=dict)


def redact_content(content: Content, *, use_cache: bool = True) -> RedactedContent:
    return RedactedContent(content=content)


def scan_tree(root: Path, policy: RedactionPolicy) -> list[str]:
    return []
