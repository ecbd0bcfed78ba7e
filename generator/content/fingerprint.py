"""The canonical fingerprint of a content file's values, which an approval is bound to.

The loader checks it and `publisher approve` writes it (generator/content/approve.py, whose
docstring says what it covers); it lives apart from both so that neither imports the other.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def fingerprint(data: dict[str, Any], body: str | None = None) -> str:
    """The canonical fingerprint of a content file's values, approval excluded."""
    fields = {key: value for key, value in data.items() if key != "approval"}
    if body is not None:
        body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    blob = json.dumps({"fields": fields, "body": body}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
