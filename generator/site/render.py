"""render: redacted content → the Markdown pages, data files and assets MkDocs builds from."""

from __future__ import annotations

import gc
import json
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import escape

from generator.cache import collector_paused
from generator.content.dates import human, iso
from generator.content.models import Site
from generator.content.status import ORDER
from generator.foi.pages import render_foi
from generator.presentation.data_files import ACTION_COLUMNS, open_data
from generator.presentation.markup import front_matter_text, to_html
from generator.presentation.updates import dated, page_published
from generator.presentation.views import plan_view
from generator.site.feeds import (
    SITE_FEED,
    plan_feed,
    plan_feed_path,
    plan_feed_xml,
    site_feed_xml,
)
from generator.site.open_data import metadata_files
from generator.site.page_cache import (
    OverdueItems,
    PlanEntry,
    PlanPages,
    inputs_key,
    made_from,
    site_feeds,
)
from redaction import RedactedContent

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
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
    # Docs path (plans/mr-s.md) → the ISO date it last changed for readers (for the sitemap).
    lastmod: dict[str, str] = field(default_factory=dict)

    def mkdocs_settings(self) -> dict[str, Any]:
        """What MkDocs is given on top of mkdocs.yml. Plain text from site.yaml is escaped here
        (Markup, so a theme's `| e` does not escape it twice): the theme prints it as it is."""
        return dict(
            site_name=escape(self.site.title),
            site_url=self.site.base_url,
            nav=[{escape(title): path for title, path in item.items()} for item in self.nav],
            extra={**self.extra, "organisation": escape(self.site.organisation)},
            copyright=escape(f"© {self.site.organisation}"),
        )


def environment(compiled: Path | None = None) -> Environment:
    """`compiled`: a folder where Jinja keeps the templates compiled, so that a build does not
    parse and compile each template it uses again (a fifth of a one-page rebuild, issue 18).
    Jinja checks each template's source against what it compiled: no effect on the output."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "pages"),
        bytecode_cache=compiled_templates(compiled),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Front matter: Jinja's tojson breaks on emoji; titles arrive escaped (see markup.py).
    env.filters["tojson"] = front_matter_text
    return env


def compiled_templates(folder: Path | None) -> FileSystemBytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # not kept: compiled each time, as before
    return FileSystemBytecodeCache(str(folder))


class Writer:
    """Writes only what changed, so an unchanged page keeps its file (and MkDocs' cache)."""

    def __init__(self, root: Path):
        self.root = root
        self.written: list[str] = []
        self.changed: list[str] = []

    def text(self, rel: str, text: str) -> None:
        self.bytes(rel, text.encode("utf-8"))

    def keep(self, rel: str) -> None:
        """The file is already as this render would write it (see PlanPages)."""
        self.written.append(rel)

    def bytes(self, rel: str, data: bytes) -> None:
        self.pieces(rel, [data])

    def pieces(self, rel: str, parts: list[bytes]) -> None:
        """Write `parts` one after the other unless the file holds them already, without the
        whole file in memory, twice (open data: hundreds of MB at 5,000 plans, issue 18)."""
        path = self.root / rel
        self.written.append(rel)
        if _same_bytes(path, parts):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            file.writelines(parts)
        self.changed.append(rel)

    def prune(self) -> None:
        """Remove files a previous render wrote that this one did not (a deleted plan)."""
        keep = set(self.written)
        root = os.fspath(self.root)
        # os.walk, deepest first: a folder is looked at once its files are gone (a third of
        # a second less than pathlib's rglob over 2,000 files); its names by string work, not
        # pathlib's (a folder a plan: a tenth of a second at 1,000 plans, issue 18).
        for folder, _, files in os.walk(root, topdown=False):
            prefix = "" if folder == root else \
                folder[len(root) + 1:].replace(os.sep, "/") + "/"
            gone = [name for name in files if prefix + name not in keep]
            for name in sorted(gone, reverse=True):
                os.unlink(os.path.join(folder, name))
                self.changed.append(prefix + name)
            if folder != root and len(gone) == len(files) and not os.listdir(folder):
                os.rmdir(folder)


def _same_bytes(path: Path, parts: list[bytes]) -> bool:
    try:
        if path.stat().st_size != sum(len(part) for part in parts):
            return False
        with path.open("rb") as file:
            return all(file.read(len(part)) == part for part in parts)
    except OSError:
        return False


def render(redacted: RedactedContent, as_at: date, docs_dir: Path, *,
           preview: bool = False, cache: Path | None = None) -> RenderedSite:
    """Write the pages into `docs_dir`. With `cache` (a file beside a docs folder kept from
    build to build), a plan whose page is already there for the same inputs is not rendered,
    and compiled templates are kept beside it."""
    content = redacted.content
    env = environment(cache.with_name("templates") if cache is not None else None)
    out = Writer(docs_dir)
    common = {"site": content.site, "as_at": {"text": human(as_at), "iso": iso(as_at)},
              "statuses": ORDER, "draft": False}
    pages = PlanPages(cache, out, inputs_key(content.site, as_at))
    entries: list[PlanEntry] = []
    made, kept = _kept_entries(redacted, pages)
    for doc in content.plans:
        rel = f"plans/{doc.slug}.md"
        entry = kept.get(doc.slug)
        if entry is not None:
            out.keep(rel)
        else:
            plan = plan_view(doc, as_at, redacted.withheld.get(f"plan:{doc.slug}", 0))
            out.text(rel, env.get_template("plan.md.j2").render(
                **{**common, "draft": not doc.approved}, plan=plan, up="../../"))
            entry = pages.rendered(rel, made[doc.slug], plan,
                                   plan_feed(doc, content.site.base_url))
        entries.append(entry)
    plans = sorted(entries, key=lambda p: (p.published_iso, p.title), reverse=True)
    totals = _totals(plans)
    overdue = OverdueItems([(p, i) for p in plans for i in range(p.overdue_count)])
    plan_ids = [made[p.slug] for p in plans]  # what each item of a list is made from
    overdue_ids = [[made[p.slug], i] for p in plans for i in range(p.overdue_count)]
    pages_count = max(1, math.ceil(len(plans) / PAGE_SIZE))
    # The home page and the plan and overdue lists are made from the plans' entries and the
    # number of FOI responses alone: kept as they are when none of those changed (at 1,000
    # plans, 286 list pages rendered again and compared with the old ones for nothing).
    lists = f"index pages\0{len(content.foi)}"
    # When some did, each list page is kept if its own items and place are what they were.
    if not pages.reuse_group(lists):
        before = len(out.written)
        lister = Lister(env, out, pages, common)
        lister.page("index.md", "home.md.j2", [plan_ids[:PAGE_SIZE], overdue_ids[:HOME_OVERDUE]],
                    {"plans": plans[:PAGE_SIZE], "overdue": overdue[:HOME_OVERDUE]},
                    pages_count=pages_count, totals=totals,
                    overdue_more=len(overdue) > HOME_OVERDUE, foi_count=len(content.foi), up="")
        lister.paged("plans", "plans_index.md.j2", "plans", plans, plan_ids, totals)
        lister.paged("overdue", "overdue.md.j2", "overdue", overdue, overdue_ids, totals)
        pages.rendered_group(lists, out.written[before:])
    for doc in content.pages:
        meta = doc.data.meta
        published = page_published(meta.published, meta.changes, meta.approval.date)
        view = {"title": meta.title, "description": meta.description,
                "dated": dated(published, meta.changes), "slug": doc.slug,
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
    foi_nav, data_extras = render_foi(redacted, as_at, env, out, common)
    # Every plan in one file each: unchanged when no plan page changed (see PlanPages.reuse_all).
    data_files = ["data/plans.json", "data/actions.csv"]
    if not pages.reuse_all(data_files):
        plans_json, actions_csv = open_data(
            content.plans, pages.keys, as_at, site.base_url, site.licence,
            cache.with_name("data-parts.pickle") if cache is not None else None)
        out.pieces("data/plans.json", plans_json)
        out.pieces("data/actions.csv", actions_csv)
        del plans_json, actions_csv
        pages.rendered_all(data_files)
    _write_feeds(content, out, pages, entries)
    pages.save()
    for rel, text in metadata_files(site, with_foi=bool(foi_nav)).items():
        out.text(rel, text)
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
             "licence_name": site.licence.name, "licence_url": site.licence.url,
             "as_at": iso(as_at), "preview": preview, "has_foi": bool(foi_nav)}
    extra["feed_title"] = f"Updates from {site.title}"
    return RenderedSite(docs_dir, site, as_at, nav, extra, out.written, out.changed,
                        _lastmod(content, plans, out.written))


def _kept_entries(redacted: RedactedContent,
                  pages: PlanPages) -> tuple[dict[str, str], dict[str, PlanEntry]]:
    """Each plan's key (everything its page and entry are made from), and the entries of the
    plans whose page and feed are in the docs folder as made from that key. Read with the
    collector paused, then frozen: they live as long as the render, and its collections
    (two passes of a tenth of a second at 1,000 plans, issue 18) need not walk them. Frozen
    objects are still freed once unused; prepare() unfreezes what a build left (serve)."""
    made: dict[str, str] = {}
    kept: dict[str, PlanEntry] = {}
    with collector_paused():  # reading entries makes no cycles (generator/cache.py)
        pages.prefetch([f"plans/{doc.slug}.md" for doc in redacted.content.plans])
        for doc in redacted.content.plans:
            made[doc.slug] = key = pages.key(
                made_from(redacted, f"plan:{doc.slug}", doc), doc.slug,
                redacted.withheld.get(f"plan:{doc.slug}", 0), doc.approved)
            entry = pages.lookup(f"plans/{doc.slug}.md", key, (plan_feed_path(doc.slug),))
            if entry is not None:
                kept[doc.slug] = entry
    gc.freeze()
    return made, kept


def _write_feeds(content: Any, out: Writer, pages: PlanPages, entries: list[PlanEntry]) -> None:
    """The site's feed, and each plan's: kept with its page when that was (PlanPages.lookup
    checked both files), else written and remembered with the page."""
    out.text(SITE_FEED, site_feed_xml(content, site_feeds(entries)))
    for entry in entries:
        page = f"plans/{entry.slug}.md"
        if not pages.rendered_now(page):
            out.keep(plan_feed_path(entry.slug))
            continue
        out.text(entry.feed.path, plan_feed_xml(entry.feed, content.site.base_url))
        pages.written(page, (entry.feed.path,))


def _lastmod(content: Any, plans: list[PlanEntry], written: list[str]) -> dict[str, str]:
    """Each page's last change from its content; a list page's is its newest item's."""
    dates: dict[str, str] = {}
    for plan in plans:
        if plan.lastmod_iso is not None:
            dates[f"plans/{plan.slug}.md"] = plan.lastmod_iso
    for doc in content.foi:
        dates[f"foi/{doc.slug}.md"] = dated(doc.data.responded,
                                                      doc.data.changes).updated_iso
    for doc in content.pages:
        meta = doc.data.meta
        published = page_published(meta.published, meta.changes, meta.approval.date)
        dates[f"{doc.slug}.md"] = dated(published, meta.changes).updated_iso
    newest_plan = max((d for r, d in dates.items() if r.startswith("plans/")), default="")
    newest_foi = max((d for r, d in dates.items() if r.startswith("foi/")), default="")
    for rel in written:
        if rel == "index.md":
            dates[rel] = max(dates.values(), default="")
        elif rel.startswith(("plans/index", "plans/page-", "overdue/")):
            dates[rel] = newest_plan
        elif rel == "foi/index.md":
            dates[rel] = newest_foi
    # Whole days: a month (a plan published 2014-05) counts from its first day, as in the
    # feeds; MkDocs also reads the newest of these as a date for the sitemap's gzip header.
    return {rel: day if len(day) == 10 else f"{day}-01" for rel, day in dates.items() if day}


def _totals(plans: list[PlanEntry]) -> dict[str, Any]:
    counts = {s.key: 0 for s in ORDER}
    for plan in plans:
        for key, n in plan.counts.items():
            counts[key] += n
    return {"plans": len(plans), "actions": sum(counts.values()), "counts": counts}


def pager(current: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager links to: the first, the last and those around this one, with
    None for each gap. Listing every page would make each index page grow with the site."""
    shown = {1, count, *range(max(1, current - around), min(count, current + around) + 1)}
    numbers: list[int | None] = []
    for n in sorted(shown):
        last = numbers[-1] if numbers else None
        if last is not None and n - last == 2:
            numbers.append(n - 1)  # a gap of one page: show the page, not "…"
        elif last is not None and n - last > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


@dataclass
class Lister:
    """Renders the list pages, each only if what it shows changed (PlanPages.reuse_page)."""

    env: Environment
    out: Writer
    pages: PlanPages
    common: dict[str, Any]

    def page(self, rel: str, template: str, ids: list[Any], items: dict[str, list[Any]],
             **values: Any) -> None:
        """`items` are lists of plans' entries, identified by `ids` (each item's plan key,
        and for an action its place among the plan's overdue ones); `values` are the rest."""
        key = self.pages.page_key(template, rel, ids, values)
        if self.pages.reuse_page(rel, key):
            return
        self.out.text(rel, self.env.get_template(template).render(**self.common, **items,
                                                                  **values))
        self.pages.rendered_page(rel, key)

    def paged(self, folder: str, template: str, name: str, items: list[Any], ids: list[Any],
              totals: dict[str, Any]) -> None:
        pages_count = max(1, math.ceil(len(items) / PAGE_SIZE))
        for number in range(1, pages_count + 1):
            chunk = slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
            rel, up = (f"{folder}/index.md", "../") if number == 1 else (
                f"{folder}/page-{number}.md", "../../")
            self.page(rel, template, ids[chunk], {name: items[chunk]}, page_number=number,
                      pages_count=pages_count, totals=totals, pager=pager(number, pages_count),
                      up=up)


def _last_axe_result() -> dict[str, Any] | None:
    """The browser suite's last axe-core verdict, for the accessibility statement.

    tests/browser/test_axe.py writes site_templates/accessibility-test.json after a complete
    run. It lives with the templates it tested, not with a build's reports, so every build of
    the same software states the same result and a rebuild gives the same bytes.
    """
    path = TEMPLATES / "accessibility-test.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tested = date.fromisoformat(data["tested"])
        widths = " and ".join(f"{int(w)}" for w in data["widths"])
        page_types = ", ".join(str(p) for p in data["page_types"])
        issues = [f"{i['description']} (axe rule {i['rule']}): {'; '.join(i['where'])}"
                  for i in data["issues"]]
        rules = "the WCAG 2.0, 2.1 and 2.2 level A and AA rules" + (
            " and its best-practice rules" if "best-practice" in data["tags"] else "")
        tool = f"axe-core {data['axe_core']} ({rules}) in {data['browser']}"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    verdict = "no issues found." if not issues else (
        f"{len(issues)} issue{'s' if len(issues) != 1 else ''} found:")
    summary = (f"Tested on {human(tested)} with {tool}, at {widths} pixels wide, on every type "
               f"of page ({page_types}): {verdict}")
    return {"summary": summary, "issues": issues, "tested": human(tested),
            "tested_iso": tested.isoformat()}
