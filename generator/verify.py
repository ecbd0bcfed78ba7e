"""verify: the leak gate. Every byte about to be published is scanned; any hit stops the swap."""

from __future__ import annotations

from generator.build import BuiltSite
from generator.errors import LeakError
from redaction import RedactedContent, known_sentences, scan_tree


def verify(built: BuiltSite, redacted: RedactedContent, *, memory: bool = False) -> BuiltSite:
    """Sentences the redact stage already cleaned need no second pass of the name finder;
    the pattern checks and always_redact names still read every byte, except (with `memory`)
    files whose exact bytes passed under the same policy and code (redaction/scan_cache.py)."""
    leaks = scan_tree(built.path, redacted.content.policy, known=known_sentences(redacted),
                      memory=memory)
    if leaks:
        raise LeakError(leaks)
    return built
