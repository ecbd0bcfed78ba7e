"""Personal-data redaction (FOIA s40(2)) for everything the publisher outputs.

The pipeline uses:
- `redact_content(content, use_cache=True)` → `RedactedContent`: every free-text field cleaned,
  the findings for the review report, and the withheld count per document;
- `write_report(findings, reports_dir)` (redaction.report): the internal review report;
- `scan_tree(root, policy, known=known_sentences(redacted))` → leaks in built output (the
  verify stage's gate);
- `RedactionPolicy`, the model of `content/redaction.yaml`.
Loose text: `Redactor(policy).redact_many(texts)` (redaction.redactor), `publisher redact`
(generator.cli.redact).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redaction.policy import RedactionPolicy
from redaction.stage import RedactedContent, RedactionFinding, redact_content


def known_sentences(redacted: RedactedContent) -> set[str]:
    """The redacted content's sentences, for scan_tree(known=...) (see redaction.leaks)."""
    # Imported here: the leak gate's recognisers import tldextract and phonenumbers, which
    # importing the models need not (Presidio and spaCy only if the gate runs the NER).
    from redaction.leaks import known_sentences as known

    return known(redacted)


def allowed_strings(redacted: RedactedContent) -> set[str]:
    """Text the redact stage kept and the organisation's own details, for scan_tree(allowed=...)."""
    # Imported here: the leak gate's recognisers import tldextract and phonenumbers, which
    # importing the models need not (Presidio and spaCy only if the gate runs the NER).
    from redaction.leaks import allowed_strings as allowed

    return allowed(redacted)


def scan_tree(root: Path, policy: RedactionPolicy, **options: Any) -> list[str]:
    """The leak gate: one message per leak found in the built tree under `root`."""
    # Imported here: the leak gate's recognisers import tldextract and phonenumbers, which
    # importing the models need not (Presidio and spaCy only if the gate runs the NER).
    from redaction.scan import scan_tree as scan

    return scan(root, policy, **options)


__all__ = [
    "RedactedContent",
    "RedactionFinding",
    "RedactionPolicy",
    "allowed_strings",
    "known_sentences",
    "redact_content",
    "scan_tree",
]
