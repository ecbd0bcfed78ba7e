"""Hostile content: raw HTML, scripts and dangerous links in every field never reach the built
site as live markup (pages, <title>, <meta>, nav, footer) nor the search index, which
Material's search box inserts as HTML."""

from __future__ import annotations

import itertools
import json
import shutil
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from siteaudit import MARK, Audit, Workspace, audit_site, inline_scripts, texts

from generator.content.models import (
    Action,
    ActionPlan,
    Exemption,
    FoiResponse,
    PageMeta,
    ProgressUpdate,
    Recommendation,
    Site,
)
from generator.presentation.markup import plain, to_html, to_inline

PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=alert('{MARK}')>",
    f"[click me](javascript:alert('{MARK}'))",
    f"[entity](&#106;avascript:alert('{MARK}'))",
    f"[tab](java&#x09;script:alert('{MARK}'))",
    f'<iframe src="https://evil.example/{MARK}"></iframe>',
    f"<style>body{{background:url('https://evil.example/{MARK}')}}</style>",
    f"[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) {MARK}",
    f"<svg onload=alert('{MARK}')><circle r=1 /></svg>",
    f"<a href=\"javascript:alert('{MARK}')\">raw link</a>",
    f"![image](https://evil.example/{MARK}.png)",
    f"<details open ontoggle=alert('{MARK}')>x</details>",
    f"&lt;script&gt;alert('{MARK}')&lt;/script&gt;",
    f"\"><script>alert('{MARK}')</script>",
    f"' onmouseover='alert(\"{MARK}\")' x='",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARK}')>",
    f"[other host](//evil.example/{MARK}) [backslashes](\\\\\\\\evil.example/{MARK})",
    f"<object data=\"javascript:alert('{MARK}')\"></object>",
    f"<form action=\"javascript:alert('{MARK}')\"><button>go</button></form>",
    f"`<script>{MARK}</script>`",
    f"text\n\n    <script>{MARK}</script>\n\nmore",
    f"<!-- {MARK} --> <![CDATA[{MARK}]]>",
    f"[ref link][r]\n\n[r]: javascript:alert('{MARK}')",
    f"<https://evil.example/{MARK}\" onclick=\"alert(1)>",
    f"</div></div><script>alert('{MARK}')</script>",
    f"{{{{ config }}}} {{% raw %}} ${{{MARK}}}",
]
# Plain one-line fields are compared with what the reader sees, so each holds markup and
# ampersands, and must come out as exactly these characters.
PLAIN = f"\"><svg onload=alert('{MARK}')> Kent & Medway &amp; <b>{MARK}</b>"


class Filler:
    """Hands out payloads, and records which text field of which model got one."""

    def __init__(self) -> None:
        self.cycle = itertools.cycle(PAYLOADS)
        self.filled: set[tuple[str, str]] = set()

    def fields(self, model: type[BaseModel], **given: Any) -> dict[str, Any]:
        data: dict[str, Any] = dict(given)
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            key = info.alias or name
            if extra.get("text") and key not in data:
                value = next(self.cycle) if extra["text"] == "markdown" else PLAIN
                data[key] = [value, next(self.cycle)] if key == "lead" else value
            if key in data:
                self.filled.add((model.__name__, key))
        return data


def hostile_content(filler: Filler) -> dict[str, Any]:
    approval = {"status": "approved", "by": PLAIN, "date": "2020-08-20"}
    site = filler.fields(Site, base_url="https://www.example.org/plans/")
    progress = [filler.fields(ProgressUpdate, date="2020-08-01") for _ in range(2)]
    actions = [filler.fields(Action, ref=f"1.{n}\"><b>{MARK}</b>", target="2019-09",
                             status=status, progress=progress)
               for n, status in enumerate(["in-progress", "complete", "closed"], start=1)]
    for action in actions:  # a closed_reason belongs to a closed action only
        if action["status"] != "closed":
            del action["closed_reason"]
    rec = filler.fields(Recommendation, number=f"7 <i>{MARK}</i>", actions=actions)
    plan = filler.fields(ActionPlan, kind="other", published="2020-09-01",
                         period={"from": "2020-09", "to": "ongoing"}, approval=approval,
                         recommendations=[rec, {**rec, "actions": [
                             {**a, "ref": a["ref"] + "b"} for a in actions]}])
    exemption = filler.fields(Exemption, section=f"40(2) <u>{MARK}</u>")
    foi = filler.fields(FoiResponse, reference="666", received="2023-01-10",
                        responded="2023-02-07", exemptions=[exemption],
                        annexes=[{"plan": "hostile"}, {"page": "hostile"}], approval=approval)
    meta = filler.fields(PageMeta, published="2017-10", approval=approval)
    body = "\n\n".join(PAYLOADS)
    filler.filled.add(("Page", "body"))
    return {"site": site, "plan": plan, "foi": foi, "meta": meta, "body": body}


def write(space: Workspace, data: dict[str, Any]) -> None:
    def dump(value: Any) -> str:
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000)

    (space.content / "site.yaml").write_text(dump(data["site"]))
    (space.content / "plans" / "hostile.yaml").write_text(dump(data["plan"]))
    (space.content / "foi" / "666.yaml").write_text(dump(data["foi"]))
    (space.content / "pages" / "hostile.md").write_text(
        f"---\n{dump(data['meta'])}---\n\n{data['body']}\n")
    # The payloads are not personal data: keep the name finder's hands off the marker, and
    # off "KB" in the FOI page's "(PDF, 39 KB)", which it takes for a name beside this markup.
    policy = yaml.safe_load((space.content / "redaction.yaml").read_text())
    policy["never_redact"] = [*policy.get("never_redact", []), MARK, "KB"]
    (space.content / "redaction.yaml").write_text(dump(policy))


def text_fields() -> set[tuple[str, str]]:
    models = [Site, ActionPlan, Recommendation, Action, ProgressUpdate, FoiResponse, Exemption,
              PageMeta]
    return {(m.__name__, info.alias or name) for m in models
            for name, info in m.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("text")}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_fields_render_no_live_markup(payload: str) -> None:
    for render in (to_html, to_inline, plain):
        audit = Audit(f"{render.__name__}({payload!r})").check(str(render(payload)))
        assert audit.problems == []
        assert "<script" not in str(render(payload)).lower()


def test_hostile_content_builds_into_a_site_with_nothing_live(
        workspace: Workspace, base_build: Workspace) -> None:
    filler = Filler()
    data = hostile_content(filler)
    assert text_fields() <= filler.filled, "a text field the hostile content does not fill"
    write(workspace, data)
    shutil.rmtree(workspace.site)

    result = workspace.build()
    assert result.exit_code == 0, result.output

    site = workspace.site
    assert audit_site(site, theme_scripts=inline_scripts(base_build.site)) == []
    # The payloads are there, as text: escaped, not dropped, and not escaped twice.
    plan_page = (site / "plans" / "hostile" / "index.html").read_text()
    page = (site / "hostile" / "index.html").read_text()
    assert texts(plan_page, "h1", id="plan-title") == [PLAIN]
    assert texts(page, "h1", id="page-title") == [PLAIN]
    assert texts(page, "title") == [f"{PLAIN} - {PLAIN}"]
    assert f"Contact {PLAIN}" in texts(page, "h2", id="footer-contact")[0]
    assert MARK in "".join(texts(page, "div", **{"class": "ap-body"}))
    escaped_twice = "Kent &amp;amp; Medway"
    assert [f for f in site.rglob("*.html") if escaped_twice in f.read_text()] == []
    # The search index keeps titles as escaped text: Material shows them as HTML.
    index = json.loads((site / "search" / "search_index.json").read_text())
    titles = {doc["title"] for doc in index["docs"]}
    assert any("Kent &amp; Medway" in t and "&lt;svg" in t for t in titles)
    ET.parse(site / "sitemap.xml")  # content cannot break the sitemap's XML


@pytest.mark.parametrize("snippet", [
    "<img src=x onerror=alert(1)>", "<a href='&#106;avascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>", "<iframe src=https://evil.example></iframe>",
    f"<script>{MARK}</script>", "<a href='\\\\evil.example'>x</a>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
])
def test_the_audit_itself_sees_live_markup(snippet: str) -> None:
    """The checks above mean something only if the audit catches what it looks for."""
    assert Audit("snippet").check(snippet).problems
