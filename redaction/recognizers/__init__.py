"""UK recognisers, one class per file, each with PATTERNS and CONTEXT constants.

None of these imports Presidio or spaCy (base.py): the leak gate runs them on every build.
PersonContextRecognizer reads spaCy's tokens and is imported from its module by the engine."""

from redaction.recognizers.always_redact import AlwaysRedactRecognizer
from redaction.recognizers.date_of_birth import DateOfBirthRecognizer
from redaction.recognizers.email import OfflineEmailRecognizer
from redaction.recognizers.nhs_number import UkNhsNumberRecognizer
from redaction.recognizers.nino import UkNationalInsuranceRecognizer
from redaction.recognizers.phone import UkPhoneRecognizer
from redaction.recognizers.postcode import UkStrictPostcodeRecognizer
from redaction.recognizers.street_address import StreetAddressRecognizer
from redaction.recognizers.titled_person import TitledPersonRecognizer

PATTERN_RECOGNIZERS = (
    UkNhsNumberRecognizer,
    UkNationalInsuranceRecognizer,
    UkStrictPostcodeRecognizer,
    UkPhoneRecognizer,
    OfflineEmailRecognizer,
    StreetAddressRecognizer,
    DateOfBirthRecognizer,
    TitledPersonRecognizer,
)
"""Recognisers that need no NER: cheap enough for every byte of built output."""

__all__ = [
    "PATTERN_RECOGNIZERS",
    "AlwaysRedactRecognizer",
    "DateOfBirthRecognizer",
    "OfflineEmailRecognizer",
    "StreetAddressRecognizer",
    "TitledPersonRecognizer",
    "UkNationalInsuranceRecognizer",
    "UkNhsNumberRecognizer",
    "UkPhoneRecognizer",
    "UkStrictPostcodeRecognizer",
]
