"""Where each field of a content file stands in it, kept packed for as long as the build runs.

A message about a field names its line (content/plans/mr-s.yaml, line 42, "lead"), so every
loaded document keeps the line of each of its field paths. As a dict that is ~360 tuples and
ints a plan, 60 MB at 1,000 plans, held from load to the end of the build although only a
message ever reads it (issue 18: flat memory). Packed (marshal, then zlib at its fastest
level) it is 2-4 KB a plan; a message unpacks it again (a fraction of a millisecond). The
parse cache keeps the packed form, so a warm build never packs or unpacks it at all.
"""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass

# Where a value stands in a content file or model: ("recommendations", 0, "actions", 1,
# "lead", 0). The one declaration of the field path, here at the bottom of the layers:
# content, importer and redaction all import it.
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Lines:
    """The line of each field path of one file, packed (marshal + zlib)."""

    packed: bytes = b""

    @classmethod
    def pack(cls, lines: dict[FieldPath, int]) -> Lines:
        return cls(zlib.compress(marshal.dumps(lines), 1) if lines else b"")

    def unpack(self) -> dict[FieldPath, int]:
        if not self.packed:
            return {}
        try:
            lines = marshal.loads(zlib.decompress(self.packed))
        except (zlib.error, ValueError, EOFError, TypeError):  # a damaged cache: no lines, no
            return {}  # crash (the message is still given, without its line)
        return lines if isinstance(lines, dict) else {}

    def of(self, loc: FieldPath) -> int | None:
        """The line of the deepest part of `loc` the file has (a missing field: its block's)."""
        return deepest(self.unpack(), loc)


def deepest(lines: dict[FieldPath, int], loc: FieldPath) -> int | None:
    """The line of the deepest part of `loc` in `lines`."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
