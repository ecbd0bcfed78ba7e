"""Personal-data redaction (FOIA s40(2)) for everything the publisher outputs.

The pipeline uses three things from here:
- `redact_content(content, options)` → `RedactedContent`: every free-text field cleaned;
- `scan_tree(root, policy)` → leaks found in built output (the verify stage's gate);
- `RedactionPolicy`, the model of `content/redaction.yaml`.
"""

from redaction.policy import RedactionPolicy
from redaction.stage import RedactedContent, RedactionFinding, redact_content, scan_tree

__all__ = ["RedactedContent", "RedactionFinding", "RedactionPolicy", "redact_content", "scan_tree"]
