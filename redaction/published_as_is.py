"""What a build publishes as it is, by design: the organisation's own name and contact details
(never redacted), and identifiers (slugs, file names, refs) that go into web addresses and
headings unredacted, so a listed name in one is an error for the author, not a redaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.names import shown
from generator.errors import ContentError, Problem
from redaction.text_fields import walk

if TYPE_CHECKING:
    from generator.content.models import Content
    from redaction.policy import RedactionPolicy


def own_details(site: Any) -> list[str]:
    """The organisation's own name and published contact details (site.yaml), part by part
    ("Castle House", "Great North Road", "NG24 1BY"): published by design on every page."""
    parts: list[str] = []
    for value in (getattr(site, "organisation", None), getattr(site, "contact", None)):
        if not value:
            continue
        for line in value.splitlines():
            for part in [line, *line.split(",")]:
                part = part.strip(" *_#>-:|\t")
                if sum(c.isalnum() for c in part) >= 2:
                    parts.append(part)
    return list(dict.fromkeys(parts))


def own_details_kept(content: Content) -> RedactionPolicy:
    """The policy with the organisation's own details added to never_redact: its address in
    the footer or in a letter is not personal data (a named person in it still is, when the
    name is listed in always_redact)."""
    extra = [p for p in own_details(content.site) if p not in content.policy.never_redact]
    if not extra:
        return content.policy
    return content.policy.model_copy(
        update={"never_redact": [*content.policy.never_redact, *extra]}
    )


def check_identifiers(content: Content, redactor: Any, docs: list) -> None:
    """Slugs, file names and identifiers (refs, references, annex slugs) are published as
    they are, in URLs and headings: an always_redact name in one is an error to fix by hand."""
    problems: list[Problem] = []
    for _key, source, model in docs:
        file = shown(source, content.root)
        # The slug is the file name's stem: checking the file name covers both, once.
        candidates = [("file name", source.name)]
        candidates += [(label, value) for _, label, value, kind in walk(model) if kind is None]
        for where, value in candidates:
            # Hyphens and underscores separate words in slugs: quote the name, not the slug.
            readable = value.replace("_", " ").replace("-", " ")
            hits = [readable[s:e] for s, e in redactor.always.find(readable)]
            if hits:
                problems.append(
                    Problem(
                        file=file,
                        line=None,
                        field=where,
                        message=f'the {where} "{value}" contains "{hits[0]}", a name listed in '
                        "always_redact in redaction.yaml. It would be published in a web address "
                        "or heading, where it cannot be redacted.",
                        hint="rename the file or change the value so that it names no one "
                        '(e.g. "mr-s-homicide" rather than the person\'s name).',
                    )
                )
    if problems:
        raise ContentError(problems)
