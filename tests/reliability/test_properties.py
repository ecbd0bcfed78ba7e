"""Property-based: arbitrary Unicode in every text field either renders as escaped text or is
refused with a ContentError; nothing else (no crash, no live markup, no broken page).

Mostly the render stage without MkDocs, to stay fast, converting each page with the Markdown
settings MkDocs uses; then a few whole builds through MkDocs."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import patch

import markdown
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from mkdocs.utils.meta import get_data
from siteaudit import BASE, Audit, audit_site, inline_scripts, texts

from generator.content.load import load
from generator.content.validate import validate
from generator.errors import ContentError
from generator.site.build import build
from generator.site.render import render
from redaction import RedactedContent

AS_AT = date(2026, 11, 22)
FRAGMENTS = ["<script>", "</div>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
             "&#106;", "&lt;", "&amp;", "{{", "{%", "---", "\n\n", "\r\n", "\t", "\x85",
             "\u2028", "\ufeff", "\U0001f600", "*", "_", "`", "<!--", "]]>", '"', "'", "\\"]
# Arbitrary Unicode mixed with the pieces of markup most likely to break out of a template.
# Control characters are left to the bad-input suite: the loader refuses them, and here they
# would make nearly every example a refusal rather than a page.
CHARS = st.characters(exclude_categories=("Cs", "Cc"))
TEXT = st.lists(st.one_of(st.text(CHARS, max_size=12), st.sampled_from(FRAGMENTS)),
                max_size=6).map("".join)
FIELDS = st.fixed_dictionaries({name: TEXT for name in [
    "site_title", "organisation", "contact", "plan_title", "reference", "owner", "reviewer",
    "summary", "note", "number", "rec_text", "ref", "agency", "action", "lead", "outcome",
    "evidence", "progress", "page_title", "description", "body", "foi_title", "request",
    "response", "scope", "reason", "signatory", "by"]})
# Derandomised, so a failure comes back on the next run; not shrunk, so a failure costs seconds,
# not the minutes shrinking 28 fields of Unicode can take.
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def write_content(root: Path, f: dict[str, str]) -> None:
    """The base content folder with every text field replaced by generated text."""
    def dump(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    approval = {"status": "approved", "by": f["by"], "date": "2020-08-20"}
    dump(root / "site.yaml", {"title": f["site_title"], "organisation": f["organisation"],
                              "base_url": "https://www.example.org/", "contact": f["contact"]})
    (root / "redaction.yaml").write_text((BASE / "redaction.yaml").read_text())
    dump(root / "plans" / "p.yaml", {
        "title": f["plan_title"], "kind": "other", "reference": f["reference"],
        "owner": f["owner"], "reviewer": f["reviewer"], "published": "2020-09",
        "summary": f["summary"], "note": f["note"], "approval": approval,
        "recommendations": [{"number": f["number"], "text": f["rec_text"], "actions": [{
            "ref": f["ref"], "agency": f["agency"], "action": f["action"], "lead": f["lead"],
            "desired_outcome": f["outcome"], "evidence": f["evidence"], "target": "2019-09",
            "status": "in-progress",
            "progress": [{"date": "2020-08-01", "text": f["progress"]}]}]}]})
    (root / "pages").mkdir()
    front = yaml.safe_dump({"title": f["page_title"], "description": f["description"],
                            "approval": approval}, allow_unicode=True)
    (root / "pages" / "s.md").write_text(f"---\n{front}---\n\n{f['body']}\n")
    dump(root / "foi" / "1.yaml", {
        "reference": "1", "title": f["foi_title"], "received": "2023-01-10",
        "responded": "2023-02-07", "request": f["request"], "response": f["response"],
        "exemptions": [{"section": "40(2)", "scope": f["scope"], "reason": f["reason"]}],
        "annexes": [{"plan": "p"}, {"page": "s"}], "signatory": f["signatory"],
        "approval": approval})


def rendered(fields: dict[str, str], work: Path) -> Any:
    """load → validate → render, without redaction; None if the content is refused.

    The FOI PDFs are not printed (WeasyPrint takes over a second each): the HTML they would
    be printed from is audited instead, like the pages.
    """
    content_dir = work / "content"
    write_content(content_dir, fields)
    try:
        content = validate(load(content_dir))
    except ContentError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return None
    audits: list[Audit] = []

    def print_html(html: str, css: str) -> bytes:
        audits.append(Audit("PDF").check(html))
        return b"%PDF-1.7\n"

    with patch("generator.foi.pdf.write_pdf", print_html):
        site = render(RedactedContent(content=content), AS_AT, work / "docs")
    assert audits and [p for a in audits for p in a.problems] == []
    return site


def _as_shown(text: str) -> str:
    return re.sub(r"[ \t\n\f\r]+", " ", text)


@SETTINGS
@given(FIELDS)
def test_any_text_renders_escaped_or_is_refused(fields: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = rendered(fields, Path(tmp))
        if site is None:
            return
        for page in sorted(site.docs_dir.rglob("*.md")):
            body, meta = get_data(page.read_text("utf-8"))
            html = markdown.Markdown(extensions=["toc", "tables", "fenced_code"]).convert(body)
            audit = Audit(page.name).check(html)
            assert audit.problems == []
            assert not [e for e in ("script", "svg") if f"<{e}" in html.lower()]
            for name, key, heading in [("p.md", "plan_title", "plan-title"),
                                       ("s.md", "page_title", "page-title")]:
                if page.name == name:
                    # What the author's YAML says: PyYAML writes a NEL (U+0085) unescaped in a
                    # quoted scalar, and YAML folds that line break to a space when read back.
                    title = yaml.safe_load(yaml.safe_dump(fields[key], allow_unicode=True))
                    # The title arrives escaped by our render stage, not by a theme plugin.
                    assert meta["title"] == str(escape(title))
                    # Line ends in the page become \n when MkDocs reads it, as in a browser.
                    shown = title.replace("\r\n", "\n").replace("\r", "\n")
                    # Markdown expands a tab to spaces: compare what a browser shows, where a
                    # run of HTML white space is one space.
                    h1 = texts(html, "h1", id=heading)
                    assert [_as_shown(t) for t in h1] == [_as_shown(shown)]


@settings(SETTINGS, max_examples=3)
@given(FIELDS)
def test_whole_builds_of_any_text_publish_nothing_live(fields: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = rendered(fields, work)
        if site is None:
            return
        built = build(site, work / "site", out=work / "site")
        scripts = inline_scripts(built.path)
        # The theme writes its own inline scripts; none of them may carry content.
        assert not [s for s in scripts if fields["plan_title"] and fields["plan_title"] in s
                    and len(fields["plan_title"]) > 8]
        assert audit_site(built.path) == []
