"""Bare names the small NER model misses or files under ORG/GPE, recognised by their shape
and the words around them: "Hughes was seen by the CMHT", "Olivia's family",
"her partner, Riley,", "Detective Chief Inspector: Conor King" (NER: nothing),
"Nicola Booth (perpetrator)" (NER: ORG).

Only capitalised words that are not acronyms, role words, titles, months or (at the start
of a sentence) everyday English words qualify. The score sits above the default threshold
but below the leak gate's: these are likely, not certain.
"""

from __future__ import annotations

from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from redaction import vocab
from redaction.recognizers.base import Result, RuleRecognizer
from redaction.recognizers.names import is_name_word
from redaction.recognizers.street_address import STREET_TYPES

SCORE = 0.6
# Words after a name that say it is a person.
PERSON_VERBS = frozenset(
    """said says told tells reported reports disclosed discloses attended attends died dies refused
    refuses declined declines stated states denied denies agreed missed left returned moved
    lived lives phoned rang texted threatened assaulted stabbed killed murdered confessed
    complained absconded overdosed relapsed presented disengaged engaged self-harmed
    admitted described explained asked wanted wished felt feels thought""".split()  # noqa: SIM905
)
# "was/is/had been" + one of these.
PERSON_PARTICIPLES = frozenset(
    """seen admitted discharged assessed arrested detained interviewed reviewed visited referred
    sectioned prescribed found known convicted charged sentenced released recalled
    transferred allocated offered supported treated diagnosed described killed stabbed
    murdered living staying subject under being not lost contacted informed advised told
    asked involved unwell missing homeless present absent aware""".split()  # noqa: SIM905
)
BE_VERBS = frozenset(["was", "is", "were", "had", "has", "been"])
# Words after "Name's" that belong to a person, not an organisation or a place.
PERSONAL_NOUNS = frozenset(
    """family mother father mum dad parents parent partner ex-partner wife husband son daughter
    children child brother sister siblings sibling carer carers friend friends girlfriend
    boyfriend grandmother grandfather aunt uncle cousin death killing murder behaviour
    medication diagnosis relapse detention discharge admission gp flat home address records
    notes needs mental own care coordinator""".split()  # noqa: SIM905
)
# Words before a name that say it is a person: "her partner, Riley", "the victim Green".
PERSON_NOUNS = frozenset(
    """mother father mum dad partner ex-partner wife husband son daughter brother sister friend
    girlfriend boyfriend neighbour neighbor victim perpetrator offender client grandmother
    grandfather aunt uncle cousin stepfather stepmother named called""".split()  # noqa: SIM905
)
# Before a lone unusual word: "concerns about Shane", "a visit to Hughes".
LONE_CUES = frozenset(
    ["about", "with", "saw", "met", "visited", "contacted", "by", "to", "from", "for"]
)
# Lower-case words that may follow a name directly ("Conor King confirmed").
FOLLOWERS = frozenset(
    """confirmed explains explained added agreed noted wrote writes chaired chairs leads led met
    meets visited attends reviewed reviews signed signs approved approves""".split()  # noqa: SIM905
)
CONTEXT = sorted(PERSON_VERBS | PERSON_NOUNS)
PATTERNS: list[str] = []  # token rules, not regular expressions
# NER labels that mean "not a person" strongly enough to trust over the shape rules.
_PLACE_OR_THING = frozenset(
    """GPE LOC FAC NORP EVENT LAW PRODUCT LANGUAGE DATE TIME CARDINAL ORDINAL MONEY PERCENT
    QUANTITY WORK_OF_ART""".split()  # noqa: SIM905
)
_NUMBERS = frozenset(["DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"])
_STREET = frozenset(STREET_TYPES.split("|"))
_PLACE_PREPOSITIONS = frozenset(["the", "of", "in", "at", "near", "across", "around"])
_SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "-", "–", "•", "*", "|"})


def _starts_sentence(token: Token) -> bool:
    if token.i == 0:
        return True
    prev = token.nbor(-1)
    return prev.text in _SENTENCE_BREAKS or prev.is_space or "\n" in prev.whitespace_


def _candidate(token: Token, level: str = "weak") -> bool:
    """Could this capitalised word be a name, given how strong the surrounding cue is?

    weak (shape or "about X"): trust the NER's place/thing labels and skip everyday words
    at the start of a sentence. strong (a person's verb or noun next to it): the small
    model files many names under GPE or NORP ("Tyler" GPE, "Tracey" NORP), so only its
    number labels count. possessive ("Green's family"): even an everyday word will do.
    """
    if not is_name_word(token.text) or token.ent_type_ in _NUMBERS:
        return False
    if level == "weak" and token.ent_type_ in _PLACE_OR_THING:
        return False
    if level == "possessive":
        return token.lower_ not in STOP_WORDS
    # At the start of a sentence every word is capitalised: only unusual words count there.
    return not (_starts_sentence(token) and token.lower_ in vocab.english_words())


def _unusual(token: Token) -> bool:
    return token.lower_ not in vocab.english_words()


TOKEN_FLAGS = "redaction.token_flags"  # set by redaction/engine.py with the artifacts
DOC_TEXT = "redaction.doc_text"  # the Doc's text, set by redaction/engine.py


def _around(doc: Doc, i: int) -> tuple[list[str], list[str]]:
    """The lower case of the next three words (spaces left out) and of the two before
    (punctuation left out), from the engine's arrays when it recorded them."""
    flags = doc.user_data.get(TOKEN_FLAGS)
    if flags is None or len(flags[0]) != len(doc):
        return ([t.lower_ for t in doc[i + 1 : i + 4] if not t.is_space],
                [t.lower_ for t in doc[max(0, i - 2) : i] if not t.is_punct])
    lower, punct, space = flags
    nxt = [lower[j] for j in range(i + 1, min(i + 4, len(lower))) if not space[j]]
    prev = [lower[j] for j in range(max(0, i - 2), i) if not punct[j]]
    return nxt, prev


def _cue(doc: Doc, token: Token) -> str | None:
    """How strongly the words around `token` say it is a person: possessive, strong, weak."""
    i = token.i
    nxt, prev = _around(doc, i)
    if len(nxt) >= 2 and nxt[0] in {"'s", "’s", "'"} and nxt[1] in PERSONAL_NOUNS:
        return "possessive"
    if nxt and nxt[0] in PERSON_VERBS:
        return "strong"
    if (
        len(nxt) >= 2
        and nxt[0] in BE_VERBS
        and (
            nxt[1] in PERSON_PARTICIPLES
            or (nxt[1] == "been" and len(nxt) > 2 and nxt[2] in PERSON_PARTICIPLES)
        )
    ):
        return "strong"
    if prev and prev[-1] in PERSON_NOUNS:
        return "strong"
    # A lone unusual word after "about"/"with"..., not followed by another capitalised word.
    following = doc[i + 1] if i + 1 < len(doc) else None
    if (
        prev
        and prev[-1] in LONE_CUES
        and _unusual(token)
        and not (following is not None and following.text[:1].isupper())
    ):
        return "weak"
    return None


def _name_runs(doc: Doc, capitalised: list[Token]) -> list[tuple[int, int]]:
    """Two or three name-shaped words in a row, standing alone: "Conor King", "Nicola Booth".

    Organisations nearly always carry an organisation word (Trust, Police, Team...) or an
    acronym, which end or break the run; pairs of everyday words ("Turning Point") and
    street names ("Hermitage Lane") are left alone. The small model files many names as
    GPE or PRODUCT ("Reece Begum" GPE), so its labels are overruled here unless the words
    follow "in", "at" or "near": a lone two-word place ("Sutton Coldfield") is redacted,
    which a reviewer sees in the report, rather than a name published.
    """
    spans = []
    run: list[Token] = []
    for token in [*capitalised, None]:
        if (
            token is not None
            and _candidate(token, "strong")
            and (not run or (run[-1].i == token.i - 1 and run[-1].whitespace_ == " "))
        ):
            run.append(token)
            continue
        if 2 <= len(run) <= 3 and _standalone(doc, run):
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run = [token] if token is not None and _candidate(token, "strong") else []
    return spans


def _standalone(doc: Doc, run: list[Token]) -> bool:
    if not any(_unusual(t) for t in run) or run[-1].text in _STREET:
        return False
    before = doc[run[0].i - 1] if run[0].i > 0 else None
    after = doc[run[-1].i + 1] if run[-1].i + 1 < len(doc) else None
    # Part of a longer name: "Birmingham CrossCity CCG", "the Oasis Team", "NHS England
    # Birmingham", "Mental Health Awareness Week".
    if after is not None and after.text[:1].isupper() and "\n" not in run[-1].whitespace_:
        return False
    if before is not None and before.text[:1].isupper() and "\n" not in before.whitespace_:
        # "Lead SPO Jane Doe" in a lead-officer cell is a role and a name; "NHS England
        # Birmingham" is one organisation's name (the NER files it as a place or ORG).
        role_then_name = (
            vocab.is_never_name(before.text)
            and len(run) >= 2
            and _unusual(run[0])
            and not any(t.ent_type_ in _PLACE_OR_THING or t.ent_type_ == "ORG" for t in run)
        )
        if not role_then_name:
            return False
    if before is not None and before.lower_ in _PLACE_PREPOSITIONS:
        return False
    # A noun phrase, not a name: "Equality Impact assessments", "Triangle Care audits".
    if (
        after is not None
        and after.is_lower
        and after.is_alpha
        and after.lower_ not in (STOP_WORDS | PERSON_VERBS | BE_VERBS | FOLLOWERS)
    ):
        return False
    # Names and places look alike to the small model; a first name is an unusual word
    # ("Danielle North"), a place often starts with an everyday one ("West Midlands").
    labelled = any(t.ent_type_ in _PLACE_OR_THING for t in run)
    return not labelled or _unusual(run[0]) or _next_to_person(doc, run)


def _next_to_person(doc: Doc, run: list[Token]) -> bool:
    """ "Shannon Price and Hannah Lee": a run joined by "and" to a person is a person."""
    after = doc[run[-1].i + 1 : run[-1].i + 3]
    before = doc[max(0, run[0].i - 2) : run[0].i]
    return (
        len(after) == 2 and after[0].lower_ in {"and", "&"} and after[1].ent_type_ == "PERSON"
    ) or (len(before) == 2 and before[1].lower_ in {"and", "&"} and before[0].ent_type_ == "PERSON")


class PersonContextRecognizer(RuleRecognizer):
    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[Result]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Doc = nlp_artifacts.tokens
        # Every rule starts from a capitalised word: walk the Doc once, then only those.
        # By offset, from the artifacts' array: making a Token object for every word of the
        # text cost more than all the rules together.
        # The text the engine kept (engine.py): `doc.text` rebuilds it word by word.
        folded = doc.user_data.get(DOC_TEXT)
        if folded is None:
            folded = doc.text
        starts = nlp_artifacts.tokens_indices or [t.idx for t in doc]
        capitalised = [doc[i] for i, idx in enumerate(starts) if folded[idx : idx + 1].isupper()]
        results = [self._result(s, e) for s, e in _name_runs(doc, capitalised)]
        for token in capitalised:
            if token.ent_type_ == "PERSON":
                continue
            level = _cue(doc, token)
            if level is None or not _candidate(token, level):
                continue
            first = token
            # Take in a first name ("Olivia Carter") and names joined by "and" ("Smith and Jones").
            while first.i > 0:
                left = first.nbor(-1)
                if _candidate(left) and left.whitespace_ == " ":
                    first = left
                elif left.lower_ == "and" and first.i > 1 and _candidate(first.nbor(-2)):
                    first = first.nbor(-2)
                else:
                    break
            results.append(self._result(first.idx, token.idx + len(token.text)))
        return results

    def _result(self, start: int, end: int) -> Result:
        return self.result(start, end, SCORE, "capitalised words in a person's context")
