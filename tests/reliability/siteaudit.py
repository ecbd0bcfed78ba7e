"""Read built output the way a browser would, and report any markup that could run.

Shared by the reliability tests: a tree digest (byte-identical checks), an HTML audit, a
search-index audit, and a CLI workspace like the bad-input suite's.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from publisher_fixtures import Workspace, cache_env, tree_digest

# Workspace, cache_env and tree_digest are shared with the bad-input suite (publisher_fixtures).
__all__ = ["AS_AT", "BASE", "MARK", "Audit", "Workspace", "audit_site", "cache_env",
           "inline_scripts", "texts", "tree_digest"]

TESTS = Path(__file__).resolve().parent.parent
BASE = TESTS / "bad_input" / "base"  # the small valid content folder both suites build
AS_AT = "2026-11-22"
MARK = "XSSMARK"  # in every hostile payload: where it lands shows where content went

# Elements nothing in the site needs, and that run or load something if content injects them.
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "style", "img",
             "image", "math", "base", "audio", "video", "source", "template", "textarea",
             "select", "noscript", "portal"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster",
             "background", "srcset", "ping", "cite", "codebase"}
# Attributes whose value is shown as text: content may land there, escaped.
TEXT_ATTRS = {"title", "aria-label", "content", "alt", "placeholder", "datetime"}
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
# What Material's search plugin keeps of a page's HTML in search_index.json.
INDEX_TAGS = {"p", "li", "ul", "ol", "code", "pre", "strong", "em", "b", "i", "br", "table",
              "thead", "tbody", "tr", "th", "td", "blockquote", "dl", "dt", "dd", "h1", "h2",
              "h3", "h4", "h5", "h6", "mark", "sub", "sup", "kbd", "abbr"}


def safe_url(value: str) -> bool:
    """As a browser reads it: character references decoded, whitespace and controls ignored."""
    cleaned = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower().replace("\\", "/")
    if cleaned.startswith("//"):
        return False
    return urlsplit(cleaned).scheme in SAFE_SCHEMES


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str]]
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, [(k.lower(), v or "") for k, v in attrs])
        self.elements.append(element)
        if tag not in {"br", "hr", "meta", "link", "input", "img", "path", "circle", "wbr"}:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, [(k.lower(), v or "") for k, v in attrs]))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def elements(text: str) -> list[Element]:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.elements


@dataclass
class Audit:
    """Everything in one document that could run, load or navigate somewhere unsafe."""

    where: str
    problems: list[str] = field(default_factory=list)

    def check(self, text: str, *, theme_scripts: set[str] | None = None) -> Audit:
        for element in elements(text):
            self._element(element, theme_scripts)
        return self

    def _element(self, element: Element, theme_scripts: set[str] | None) -> None:
        say = self.problems.append
        if element.tag in FORBIDDEN:
            say(f"{self.where}: <{element.tag}> element")
        if element.tag == "script":
            body = element.text.strip()
            src = dict(element.attrs).get("src", "")
            if MARK in body or MARK in src:
                say(f"{self.where}: <script> carrying content: {body[:80] or src}")
            if theme_scripts is not None and body and body not in theme_scripts:
                say(f"{self.where}: a <script> the theme does not write: {body[:80]}")
            if src and not src.split("?")[0].endswith(".js"):
                say(f"{self.where}: <script src={src[:80]}>")
        if element.tag == "meta" and any(k == "http-equiv" for k, _ in element.attrs):
            say(f"{self.where}: <meta http-equiv>")
        for name, value in element.attrs:
            if name.startswith("on"):
                say(f"{self.where}: <{element.tag} {name}=...> event handler")
            elif name == "style" and MARK in value:
                say(f"{self.where}: <{element.tag} style> from content")
            elif name in URL_ATTRS and not safe_url(value):
                say(f"{self.where}: <{element.tag} {name}={value[:80]!r}> unsafe address")
            elif MARK in value and name not in TEXT_ATTRS | URL_ATTRS:
                say(f"{self.where}: <{element.tag} {name}=...> carries content")
            if name == "srcdoc":
                say(f"{self.where}: <{element.tag} srcdoc>")


def audit_site(site: Path, *, theme_scripts: set[str] | None = None) -> list[str]:
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        problems += Audit(where).check(page.read_text("utf-8"),
                                       theme_scripts=theme_scripts).problems
    problems += audit_search_index(site / "search" / "search_index.json")
    return problems


def audit_search_index(path: Path) -> list[str]:
    """Material's search box inserts each result's title and text as HTML."""
    problems: list[str] = []
    for doc in json.loads(path.read_text("utf-8"))["docs"]:
        for key in ("title", "text"):
            for element in elements(doc.get(key, "")):
                if element.tag not in INDEX_TAGS or element.attrs:
                    attrs = " ".join(name for name, _ in element.attrs)
                    problems.append(f"search index {doc['location']!r} {key}: "
                                    f"<{element.tag} {attrs}>")
    return problems


def inline_scripts(site: Path) -> set[str]:
    """The inline scripts the theme writes, to tell them from anything content added."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        found |= {e.text.strip() for e in elements(page.read_text("utf-8"))
                  if e.tag == "script" and e.text.strip()}
    return found


def texts(text: str, tag: str, **attrs: str) -> list[str]:
    """The text of every `tag` element with these attribute values, as a browser shows it."""
    return [e.text for e in elements(text)
            if e.tag == tag and all(dict(e.attrs).get(k) == v for k, v in attrs.items())]


def differences(a: Path, b: Path) -> list[str]:
    """The files that differ between two site folders (or stand in one only)."""
    first, second = tree_digest(a), tree_digest(b)
    return sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))


def differences_from_clean(workspace: Workspace, folder: Path) -> list[str]:
    """Build a copy of the workspace's content from nothing, in `folder`; what differs."""
    clean = Workspace(folder)
    shutil.copytree(workspace.content, clean.content)
    assert clean.build().exit_code == 0
    return differences(clean.site, workspace.site)
