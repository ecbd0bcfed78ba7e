"""Street addresses: a house number, a capitalised street name and a street-type word,
optionally followed by a town and a postcode ("Flat 2, 14 Acacia Avenue, Maidstone ME16 9PH")."""

from __future__ import annotations

from redaction.recognizers.base import DIGIT, Pattern, SpanPatternRecognizer

STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Cres|Place|Terrace|Grove|"
    "Gardens|Gdns|Court|Square|Hill|Park|Rise|View|Walk|Mews|Row|Parade|Green|Vale|Chase|"
    "Gate|Yard|Wharf|Boulevard|Croft|Fields|Meadow|Meadows|Approach|Circus|Embankment|Hollow"
)
_WORD = r"[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z]?[a-z]+)*"
_TOWN = (
    r"(?:,?[ \t]+[A-Z][a-z]+(?:[ \t-](?:upon|on|under|le|in)[ \t-][A-Z][a-z]+|[ \t][A-Z][a-z]+)?)"
)
_POSTCODE = r"(?:,?[ \t]+[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?[ ]?[0-9][ABD-HJLNP-UW-Z]{2})"

PATTERNS = [
    Pattern(
        "street address",
        rf"(?<![\w/.])(?P<pii>(?:(?:Flat|Apartment|Apt|Unit|Room)[ \t]+\d+[A-Za-z]?,?[ \t]+)?"
        rf"\d{{1,4}}[A-Za-z]?(?:-\d{{1,4}})?,?[ \t]+(?:{_WORD}[ \t]+){{1,3}}(?:{STREET_TYPES})\b"
        rf"(?:{_TOWN}(?={_POSTCODE}|[,.;:]?(?:\s|$)))?{_POSTCODE}?)",
        0.85,
    ),
]
CONTEXT = ["address", "lives", "lived", "living", "resides", "resided", "home", "flat", "house"]


class StreetAddressRecognizer(SpanPatternRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = DIGIT
