"""validate: rules that need more than one file, and the choice of what may be published."""

from __future__ import annotations

from dataclasses import replace

from generator.content.annex_files import annex_problem
from generator.content.clock import clock_problems
from generator.content.load import pasteable, shown
from generator.content.models import Content
from generator.content.placeholders import CleanFiles, doc_placeholders
from generator.errors import ContentError, Problem

# Free pages are published at /<slug>/: these addresses belong to the site itself.
RESERVED_SLUGS = {"plans", "foi", "data", "search", "assets", "accessibility", "overdue",
                  "index", "404", "sitemap", "drafts"}


def validate(content: Content, *, include_drafts: bool = False,
             remember: bool = False) -> Content:
    """Cross-file checks; then drop drafts unless a preview asked for them. With `remember`,
    files found free of placeholders before (same bytes, same code) are not searched again."""
    problems = list(content.warnings)
    root = content.root
    for page in content.pages:
        if page.slug in RESERVED_SLUGS:
            problems.append(Problem(shown(page.source, root), None, None,
                                    f'the page name "{page.slug}" is used by the site itself.',
                                    "rename the file."))
    for doc in content.foi:
        name = shown(doc.source, root)
        problems.extend(clock_problems(doc, name))
        for number, annex in enumerate(doc.data.annexes, start=1):
            if annex.file is not None:
                problem = annex_problem(doc, annex, number, root)
                problems.extend([problem] if problem else [])
                continue
            target = content.plan(annex.plan) if annex.plan else content.page(annex.page or "")
            kind, slug = ("plan", annex.plan) if annex.plan else ("page", annex.page)
            folder = "plans" if kind == "plan" else "pages"
            suffix = "yaml" if kind == "plan" else "md"
            if target is None:
                problems.append(Problem(name, doc.line("annexes", number - 1), "annexes",
                                        f'annex {number} names the {kind} "{slug}", but there is '
                                        f"no content/{folder}/{slug}.{suffix}.",
                                        "check the spelling, or add the file."))
            elif doc.approved and not target.approved:
                problems.append(Problem(name, doc.line("annexes", number - 1), "annexes",
                                        f'annex {number} is the {kind} "{slug}", which is not '
                                        "approved: an approved response cannot release a draft.",
                                        "approve it first: publisher approve "
                                        f"{pasteable(root / folder / f'{slug}.{suffix}')} "
                                        '--by "..."'))
    clean = CleanFiles() if remember else None
    docs = [*content.plans, *content.foi, *content.pages]
    if clean is not None:
        clean.prefetch(doc.digest for doc in docs if doc.digest and doc.approved)
    for doc in docs:
        if doc.approved:
            name = shown(doc.source, root)
            problems.extend(clean.problems(doc, name) if clean else doc_placeholders(doc, name))
    if clean is not None:
        clean.save()
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(problems)
    content = replace(content, warnings=[p for p in problems if p.warning])
    if include_drafts:
        return content
    return replace(
        content,
        plans=[d for d in content.plans if d.approved],
        foi=[d for d in content.foi if d.approved],
        pages=[d for d in content.pages if d.approved],
    )
