"""render: redacted content → the Markdown pages, data files and assets MkDocs builds from."""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.data_files import ACTION_COLUMNS, actions_csv, plans_json
from generator.dates import human, iso
from generator.markup import to_html
from generator.models import Site
from generator.status import ORDER
from generator.views import PlanView, plan_view
from redaction import RedactedContent

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
PAGE_SIZE = 50  # plans per index page: pages stay the same size however many plans there are
HOME_OVERDUE = 20


@dataclass(frozen=True)
class RenderedSite:
    """A folder MkDocs can build, and what the MkDocs configuration needs to know."""

    docs_dir: Path
    site: Site
    as_at: date
    nav: list[dict[str, str]]
    extra: dict[str, Any]
    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "pages"),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


class Writer:
    """Writes only what changed, so an unchanged page keeps its file (and MkDocs' cache)."""

    def __init__(self, root: Path):
        self.root = root
        self.written: list[str] = []
        self.changed: list[str] = []

    def text(self, rel: str, text: str) -> None:
        self.bytes(rel, text.encode("utf-8"))

    def bytes(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        self.written.append(rel)
        if path.exists() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.changed.append(rel)

    def prune(self) -> None:
        """Remove files a previous render wrote that this one did not (a deleted plan)."""
        keep = set(self.written)
        for path in sorted(self.root.rglob("*"), reverse=True):
            rel = path.relative_to(self.root).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
                self.changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def render(redacted: RedactedContent, as_at: date, docs_dir: Path, *,
           preview: bool = False) -> RenderedSite:
    content = redacted.content
    env = environment()
    out = Writer(docs_dir)
    common = {"site": content.site, "as_at": {"text": human(as_at), "iso": iso(as_at)},
              "statuses": ORDER, "draft": False}
    plans = sorted(
        (plan_view(doc, as_at, redacted.withheld.get(f"plan:{doc.slug}", 0))
         for doc in content.plans),
        key=lambda p: (p.published_iso, p.title), reverse=True,
    )
    approved = {d.slug: d.approved for d in content.plans}
    for plan in plans:
        page = env.get_template("plan.md.j2").render(
            **{**common, "draft": not approved[plan.slug]}, plan=plan, up="../../")
        out.text(f"plans/{plan.slug}.md", page)
    totals = _totals(plans)
    overdue = [{"plan": p, "action": a} for p in plans for a in p.overdue]
    pages_count = max(1, math.ceil(len(plans) / PAGE_SIZE))
    out.text("index.md", env.get_template("home.md.j2").render(
        **common, plans=plans[:PAGE_SIZE], pages_count=pages_count, totals=totals,
        overdue=overdue[:HOME_OVERDUE], overdue_more=len(overdue) > HOME_OVERDUE,
        foi_count=len(content.foi), up=""))
    _paged(env, out, common, "plans", "plans_index.md.j2", "plans", plans, totals)
    _paged(env, out, common, "overdue", "overdue.md.j2", "overdue", overdue, totals)
    for doc in content.pages:
        meta = doc.data.meta
        view = {"title": meta.title, "description": meta.description,
                "published": human(meta.published), "published_iso": iso(meta.published),
                "body": to_html(doc.data.body),
                "withheld": redacted.withheld.get(f"page:{doc.slug}", 0)}
        out.text(f"{doc.slug}.md", env.get_template("page.md.j2").render(
            **{**common, "draft": not doc.approved}, page=view, up="../"))
    site = content.site
    a11y_site = site.model_copy(update={
        "contact": to_html(site.contact),
        "accessibility_statement": to_html(site.accessibility_statement),
        "accessibility_contact": to_html(site.accessibility_contact),
    })
    out.text("accessibility.md", env.get_template("accessibility.md.j2").render(
        **{**common, "site": a11y_site}, axe=_last_axe_result(), up="../"))
    from generator.foi.render import render_foi  # the FOI pages are their own module

    foi_nav, data_extras = render_foi(redacted, as_at, env, out, common)
    out.text("data/plans.json", plans_json(content.plans, as_at, site.base_url))
    out.text("data/actions.csv", actions_csv(content.plans, as_at, site.base_url))
    out.text("data/index.md", env.get_template("data_index.md.j2").render(
        **common, columns=ACTION_COLUMNS, extra_files=data_extras, up="../"))
    for asset in sorted((TEMPLATES / "assets").rglob("*")):
        if asset.is_file():
            out.bytes(f"assets/{asset.relative_to(TEMPLATES / 'assets').as_posix()}",
                      asset.read_bytes())
    out.prune()
    nav = [{"Home": "index.md"}, {"Action plans": "plans/index.md"}, *foi_nav]
    nav += [{doc.data.meta.title: f"{doc.slug}.md"} for doc in content.pages]
    nav += [{"Open data": "data/index.md"}, {"Accessibility": "accessibility.md"}]
    extra = {"organisation": site.organisation, "contact_html": str(to_html(site.contact)),
             "as_at": iso(as_at), "preview": preview}
    return RenderedSite(docs_dir, site, as_at, nav, extra, out.written, out.changed)


def _totals(plans: list[PlanView]) -> dict[str, Any]:
    counts = {s.key: 0 for s in ORDER}
    for plan in plans:
        for key, n in plan.counts.items():
            counts[key] += n
    return {"plans": len(plans), "actions": sum(counts.values()), "counts": counts}


def _paged(env: Environment, out: Writer, common: dict[str, Any], folder: str, template: str,
           key: str, items: list[Any], totals: dict[str, Any]) -> None:
    pages_count = max(1, math.ceil(len(items) / PAGE_SIZE))
    for number in range(1, pages_count + 1):
        chunk = items[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        rel, up = (f"{folder}/index.md", "../") if number == 1 else (
            f"{folder}/page-{number}.md", "../../")
        out.text(rel, env.get_template(template).render(
            **common, page_number=number, pages_count=pages_count, totals=totals,
            up=up, **{key: chunk}))


def _last_axe_result() -> dict[str, Any] | None:
    """The accessibility test's last verdict, if the browser suite has written one."""
    import json

    path = TEMPLATES.parent / "reports" / "axe-summary.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
        return {"summary": str(data["summary"]), "issues": [str(i) for i in data["issues"]]}
    except (ValueError, KeyError, TypeError):
        return None


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
