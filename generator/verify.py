"""verify: the leak gate. Every byte about to be published is scanned; any hit stops the swap."""

from __future__ import annotations

from generator.build import BuiltSite
from generator.errors import LeakError
from redaction import RedactionPolicy, scan_tree


def verify(built: BuiltSite, policy: RedactionPolicy) -> BuiltSite:
    leaks = scan_tree(built.path, policy)
    if leaks:
        raise LeakError(leaks)
    return built
