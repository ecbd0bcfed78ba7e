"""The review page: every finding of the content, grouped by document, each with a plain form
to withhold or release its words. No JavaScript, no request to any other host: one HTML page
with its style inline. It shows personal data, so it is marked OFFICIAL-SENSITIVE."""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from dataclasses import dataclass, field

from redaction.decisions import EVERYWHERE, GROUNDS
from redaction.report import MARKING, internal_head
from redaction.report import _highlight as highlight
from redaction.stage import RedactionFinding

# What each recogniser is, in words an IG officer reads.
RECOGNISERS = {
    "SpacyRecognizer": "the name finder (a language model)",
    "TitledPersonRecognizer": "a title before a name (Dr, Mrs, DC…)",
    "PersonContextRecognizer": "words around it that usually surround a name",
    "RecordNameRecognizer": "where a record puts a name (\"okafor – arrested\", \"Smith, J.\")",
    "NamePropagation": "a name found elsewhere in the same document",
    "AlwaysRedactRecognizer": "always_redact in redaction.yaml",
    "Decision": "your withhold decision (the finder had not found it)",
    "UrlCheck": "a web address holding personal data",
    "UkStrictPostcodeRecognizer": "the shape of a UK postcode",
    "UkPhoneRecognizer": "the shape of a UK phone number",
    "OfflineEmailRecognizer": "the shape of an e-mail address",
    "UkNhsNumberRecognizer": "the shape of an NHS number",
    "UkNationalInsuranceRecognizer": "the shape of a National Insurance number",
    "StreetAddressRecognizer": "the shape of a street address",
    "DateOfBirthRecognizer": "a date next to words such as \"born\"",
}


KINDS = {
    "PERSON": "a person's name", "EMAIL_ADDRESS": "an e-mail address",
    "PHONE_NUMBER": "a phone number", "UK_NHS": "an NHS number",
    "UK_NINO": "a National Insurance number", "UK_POSTCODE": "a postcode",
    "STREET_ADDRESS": "a street address", "DATE_OF_BIRTH": "a date of birth",
}


@dataclass
class Card:
    """One set of words in one file: the unit a decision is taken on."""

    key: str  # the anchor: "f3"
    file: str  # as shown: content/plans/mr-s.yaml
    scope: str  # as decisions name it: plans/mr-s.yaml
    text: str
    findings: list[RedactionFinding] = field(default_factory=list)

    @property
    def first(self) -> RedactionFinding:
        return self.findings[0]

    @property
    def needs_review(self) -> bool:
        return any(f.needs_review for f in self.findings)


@dataclass
class View:
    """What one rendering of the page needs."""

    token: str
    by: str = ""
    cards: list[Card] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # content that would not load
    reapprove: list[str] = field(default_factory=list)  # approvals the decisions unbound
    saved: str = ""  # the card just decided
    message: str = ""
    error: str = ""  # the card whose form had a problem, and the problem
    error_card: str = ""


def cards(findings: list[RedactionFinding], scopes: dict[str, str]) -> list[Card]:
    """Findings grouped by file and words, in the order found."""
    grouped: dict[tuple[str, str], Card] = {}
    for f in findings:
        if f.recognizer == "UrlCheck":
            continue  # a web address is removed whole; nothing for a person to decide
        key = (f.file, f.text)
        if key not in grouped:
            # The anchor stays the same across decisions: the page comes back to the card.
            anchor = "c" + hashlib.sha256(f"{f.file}\0{f.text}".encode()).hexdigest()[:10]
            grouped[key] = Card(anchor, f.file, scopes.get(f.file, f.file), f.text)
        grouped[key].findings.append(f)
    return list(grouped.values())


_CSS = """
*{box-sizing:border-box}
body{font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#0b0c0c;background:#fff}
.marking{background:#b10e1e;color:#fff;text-align:center;font-weight:700;padding:.4rem;
letter-spacing:.06em;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.75rem;margin:.8rem 0 .4rem} h2{font-size:1.35rem;margin:2rem 0 .5rem;
border-bottom:3px solid #005eb8;padding-bottom:.2rem} h3{font-size:1.15rem;margin:0 0 .4rem;
overflow-wrap:anywhere}
.card{border:1px solid #b1b4b6;border-left:6px solid #505a5f;padding:.8rem 1rem;margin:1rem 0}
.card.open{border-left-color:#d4351c} .card.decided{border-left-color:#00703c}
.card.saved{outline:3px solid #00703c}
mark{background:#ffdd00;color:#0b0c0c;padding:0 .15rem;font-weight:600}
blockquote{margin:.3rem 0 .6rem;padding:.3rem .8rem;border-left:4px solid #b1b4b6;
overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}
dt{font-weight:600} dd{margin:0;overflow-wrap:anywhere}
@media (max-width:40rem){dl{grid-template-columns:1fr} dd{margin-bottom:.4rem}}
fieldset{border:0;padding:0;margin:.8rem 0 0} legend{font-weight:700;padding:0;margin-bottom:.3rem}
.choices{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem} .choices.stacked{display:block}
details{margin-top:.6rem} summary{cursor:pointer;color:#1d70b8;text-decoration:underline;
padding:.5rem 0;min-height:2.75rem;font-weight:600}
.choice{display:flex;align-items:flex-start;gap:.5rem;min-height:2.75rem;padding:.3rem 0}
.choice input{width:1.5rem;height:1.5rem;margin:.05rem 0 0;flex:none;accent-color:#0b0c0c}
label.field{display:block;font-weight:600;margin:.8rem 0 .2rem}
input[type=text]{font:inherit;width:100%;max-width:32rem;padding:.4rem;border:2px solid #0b0c0c}
button{display:block;font:inherit;font-weight:600;margin-top:1rem;padding:.6rem 1.2rem;
min-height:2.75rem;background:#00703c;color:#fff;border:0;border-bottom:3px solid #002d18;
cursor:pointer}
:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
input[type=text]:focus-visible{outline:3px solid #ffdd00;box-shadow:inset 0 0 0 2px #0b0c0c}
.status{border:4px solid #00703c;padding:.6rem 1rem;margin:.6rem 0}
.problem{border:4px solid #d4351c;padding:.6rem 1rem;margin:.6rem 0}
.problem a{color:#0b0c0c;font-weight:600}
.outcome-open{color:#a51d0e;font-weight:700} .outcome-kept{color:#00703c;font-weight:700}
.outcome-red{font-weight:700}
.hint{color:#484949;margin:.1rem 0 .3rem}
a{color:#1d70b8} a:visited{color:#4c2c92}
code{font-size:.95em;overflow-wrap:anywhere}
nav ul{padding-left:1.2rem}
"""


def render(view: View) -> str:
    open_cards = [c for c in view.cards if c.needs_review]
    others = [c for c in view.cards if not c.needs_review]
    e = html.escape
    parts = [
        *internal_head(f"{'Error: ' if view.error else ''}Redaction review — {MARKING}", _CSS),
        f'<header><p class="marking">{MARKING}: contains personal data. Internal review only.'
        "</p></header>",
        "<main>",
        "<h1>Redaction review</h1>",
    ]
    parts += _banners(view)
    if view.problems:
        return _close(parts)
    parts.append(
        f"<p>{_count(len(view.cards), 'finding')} in the content (the same words in one file "
        f"count once); <strong>{len(open_cards)} need"
        f"{'s' if len(open_cards) == 1 else ''} a decision</strong>. Each decision is written "
        "to <code>redaction-decisions.yaml</code> in the content folder, with its reason, and "
        "the next build applies it. Until you decide, uncertain findings stay withheld.</p>")
    parts.append('<nav aria-label="On this page"><ul>'
                 f'<li><a href="#needs">Needs a decision ({len(open_cards)})</a></li>')
    files = _by_file(others)
    for i, file in enumerate(files, start=1):
        parts.append(f'<li><a href="#doc{i}">{e(file)} ({len(files[file])})</a></li>')
    parts.append("</ul></nav>")
    parts.append('<h2 id="needs">Needs a decision</h2>')
    if open_cards:
        parts.append("<p>The finder is unsure about these: a low score, or the name finder "
                     "alone. They are withheld until you decide.</p>")
        parts += [_card(c, view, show_file=True) for c in open_cards]
    else:
        parts.append("<p>Nothing: every finding is decided or certain.</p>")
    for i, (file, group) in enumerate(files.items(), start=1):
        parts.append(f'<h2 id="doc{i}">{e(file)}</h2>')
        parts += [_card(c, view) for c in group]
    return _close(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _close(parts: list[str]) -> str:
    parts += ["</main>", f'<footer><p class="marking">{MARKING}</p></footer>', "</body></html>"]
    return "\n".join(parts) + "\n"


def _banners(view: View) -> list[str]:
    e = html.escape
    out: list[str] = []
    if view.error:
        out.append('<div class="problem" role="alert" aria-labelledby="problem-title" '
                   'tabindex="-1"><h2 id="problem-title">There is a problem</h2>'
                   f'<p><a href="#{e(view.error_card)}">{e(view.error)}</a></p></div>')
    if view.problems:
        out.append('<div class="problem" role="alert"><h2>The content has problems</h2>'
                   "<p>Fix these, then reload this page:</p><ul>"
                   + "".join(f"<li>{e(p)}</li>" for p in view.problems) + "</ul></div>")
    if view.reapprove:
        out.append('<div class="status"><h2>Approve again before the next build</h2>'
                   "<p>A decision now applies to these approved files, so their approval no "
                   "longer matches what would be published:</p><ul>"
                   + "".join(f"<li><code>{e(p)}</code></li>" for p in view.reapprove)
                   + "</ul></div>")
    return out


def _by_file(found: list[Card]) -> dict[str, list[Card]]:
    files: dict[str, list[Card]] = defaultdict(list)
    for c in found:
        files[c.file].append(c)
    return dict(files)


def _card(c: Card, view: View, show_file: bool = False) -> str:
    e = html.escape
    f = c.first
    state = "open" if c.needs_review else "decided" if f.decided else ""
    saved = " saved" if c.key == view.saved else ""
    heading = f"<mark>{e(c.text)}</mark>" + (f" <span>in {e(c.file)}</span>" if show_file else "")
    out = [f'<section class="card {state}{saved}" id="{c.key}">',
           f'<h3 id="{c.key}-h">{heading}</h3>']
    if c.key == view.saved and view.message:
        out.append(f'<p class="status" role="status">{e(view.message)}</p>')
    if c.key == view.error_card and view.error:
        out.append(f'<p class="problem" id="{c.key}-error">{e(view.error)}</p>')
    for finding in c.findings[:3]:
        out.append(f"<blockquote>{highlight(finding.sentence, c.text)}</blockquote>")
    if len(c.findings) > 3:
        out.append(f"<p>…and {len(c.findings) - 3} more place(s) in this file.</p>")
    fields = sorted({x.field for x in c.findings})
    out.append("<dl>"
               f"<dt>Kind</dt><dd>{e(KINDS.get(f.entity, f.entity).capitalize())} "
               f"(<code>{e(f.entity)}</code>)</dd>"
               f"<dt>Found by</dt><dd>{_found_by(c)}</dd>"
               f"<dt>Field</dt><dd><code>{e(', '.join(fields[:4]))}</code>"
               f"{' …' if len(fields) > 4 else ''}</dd>"
               f"<dt>Now</dt><dd>{_outcome(f)}</dd></dl>")
    if c.needs_review or c.key in (view.saved, view.error_card):
        out.append(_form(c, view))
    else:  # decided or certain: the form is one step away, and the page stays short
        out.append(f"<details><summary>Change: withhold or release “{e(_short(c.text))}”"
                   f"</summary>{_form(c, view)}</details>")
    out.append("</section>")
    return "\n".join(out)


def _found_by(c: Card) -> str:
    seen: dict[str, float] = {}
    for f in c.findings:
        seen[f.recognizer] = max(seen.get(f.recognizer, 0.0), f.score)
    said = [f"{html.escape(RECOGNISERS.get(r, r))} (<code>{html.escape(r)}</code>), "
            f"score {s:.2f}" for r, s in seen.items()]
    alone = any(f.recognizer == "SpacyRecognizer" for f in c.findings) and len(seen) == 1
    return "; ".join(said) + ("; nothing else agrees" if alone else "")


def _outcome(f: RedactionFinding) -> str:
    e = html.escape
    if f.decided:
        where = "everywhere" if f.scope == EVERYWHERE else f"in {f.scope}"
        verb = "Released" if f.decided == "release" else "Withheld"
        return (f'<span class="outcome-{"kept" if f.decided == "release" else "red"}">{verb} '
                f"{e(where)}</span> by {e(f.decided_by)} on {e(f.decided_on)}: "
                f"{e(f.reason)}")
    if f.needs_review:
        return '<span class="outcome-open">Withheld until you decide</span>'
    if f.decision == "kept: never_redact":
        return '<span class="outcome-kept">Kept</span>: listed in never_redact (redaction.yaml)'
    if f.recognizer == "AlwaysRedactRecognizer":
        return '<span class="outcome-red">Withheld</span>: listed in always_redact'
    if f.decision.startswith("kept"):
        return f'<span class="outcome-kept">Kept</span>: {e(f.decision)}'
    return '<span class="outcome-red">Withheld</span>: the finder is confident'


def _form(c: Card, view: View) -> str:
    e = html.escape
    k = c.key
    f = c.first
    chosen = f.decided or ("release" if f.decision.startswith("kept") else "withhold")
    scope = "file" if f.decided and f.scope != EVERYWHERE else "everywhere"
    grounds = [g for _, g in GROUNDS]
    reason_key = next((key for key, g in GROUNDS if g == f.reason), "other" if f.reason else "")
    out = [f'<form method="post" action="/decide#{k}">',
           f'<input type="hidden" name="token" value="{e(view.token)}">',
           f'<input type="hidden" name="card" value="{k}">',
           f'<input type="hidden" name="text" value="{e(c.text)}">',
           f'<input type="hidden" name="file" value="{e(c.scope)}">',
           _radios(f"{k}-d", "decision", "Decision", [
               ("withhold", "Withhold: redact these words"),
               ("release", "Release: publish these words")], chosen),
           _radios(f"{k}-s", "scope", "Applies to", [
               ("everywhere", "Everywhere in the content"),
               ("file", f"Only in {c.scope}")], scope),
           _radios(f"{k}-r", "reason", "Reason (FOIA section 40(2))",
                   [*[(key, g) for key, g in GROUNDS], ("other", "Another reason (type it)")],
                   reason_key, stacked=True),
           f'<label class="field" for="{k}-other">Another reason</label>',
           f'<input type="text" id="{k}-other" name="other" value="'
           f'{e(f.reason if f.reason and f.reason not in grounds else "")}">',
           f'<label class="field" for="{k}-by">Decided by (your role)</label>',
           f'<input type="text" id="{k}-by" name="by" autocomplete="organization-title" '
           f'value="{e(view.by)}">',
           f'<button type="submit">Save decision on “{e(_short(c.text))}”</button>',
           "</form>"]
    return "\n".join(out)


def _radios(prefix: str, name: str, legend: str, options: list[tuple[str, str]],
            chosen: str, stacked: bool = False) -> str:
    e = html.escape
    items = []
    for i, (value, label) in enumerate(options):
        checked = " checked" if value == chosen else ""
        items.append(f'<div class="choice"><input type="radio" id="{prefix}{i}" name="{name}" '
                     f'value="{e(value)}"{checked}><label for="{prefix}{i}">{e(label)}</label>'
                     "</div>")
    kind = "choices stacked" if stacked else "choices"
    return (f'<fieldset><legend>{e(legend)}</legend><div class="{kind}">{"".join(items)}'
            "</div></fieldset>")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


