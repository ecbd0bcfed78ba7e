"""E-mail addresses, with the domain checked against tldextract's bundled suffix list only.

Presidio's own recogniser calls tldextract's module-level extractor, which downloads the
public-suffix list on first use and caches it under ~/.cache. Here the extractor is built
with no URLs and no cache: it reads the snapshot shipped inside the tldextract wheel, so
redaction never touches the network and does not depend on the user's home directory.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from redaction.recognizers.base import AT_SIGN, CASE_INSENSITIVE, Pattern, SpanPatternRecognizer

if TYPE_CHECKING:
    import tldextract

PATTERNS = [
    Pattern(
        "e-mail",
        r"(?<![\w.+-])(?P<pii>[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
        r"@[\w](?:[\w-]*[\w])?(?:\.[\w](?:[\w-]*[\w])?)+)",
        0.6,
    ),
]
CONTEXT = ["email", "e-mail", "mail", "contact"]


@cache
def offline_extractor() -> tldextract.TLDExtract:
    # Imported here: tldextract imports requests (a tenth of a second), which a build that
    # meets no e-mail address (a warm one: the leak gate reads no changed file) never needs.
    import tldextract

    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


class OfflineEmailRecognizer(SpanPatternRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    FLAGS = CASE_INSENSITIVE
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = AT_SIGN

    def validate_result(self, pattern_text: str) -> bool | None:
        # A known suffix makes it certain; an unknown one (".internal", ".local") is still
        # an address someone can be reached at, so it keeps the pattern's score.
        domain = pattern_text.rsplit("@", 1)[-1]
        return True if offline_extractor()(domain).suffix else None
