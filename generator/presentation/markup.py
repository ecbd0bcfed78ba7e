"""Authors' Markdown → HTML that cannot carry live markup.

Raw HTML in content is shown as text, never passed through: `<script>` in a progress note must
reach the reader as the characters `<script>`. Links may only go to web pages, mail and phone;
images are never loaded from elsewhere (a request to another host would leak the reader's visit).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe_href(href: str) -> bool:
    # The browser decodes character references before it reads the scheme ("&#106;avascript:"
    # is javascript:), and ignores whitespace and control characters inside it ("java\nscript:").
    cleaned = re.sub(r"[\s\x00-\x1f]", "", html.unescape(href)).lower()
    # Browsers read "\\evil.example" and "/\\evil.example" as "//evil.example": another host.
    if cleaned.replace("\\", "/").startswith("//"):
        return False
    return urlsplit(cleaned).scheme in SAFE_SCHEMES


class _LinkGuard(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    # Show the alt text instead of fetching anything.
                    span = ET.Element("span")
                    span.text = f"[image: {child.get('alt') or 'not shown'}]"
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = child.get("href", "")
                    if not _safe_href(href):
                        child.attrib.pop("href", None)
                        child.tag = "span"
                    elif urlsplit(href).scheme in ("http", "https"):
                        child.set("rel", "noopener noreferrer")


class _Guard(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkGuard(md), "link_guard", 0)


_md = markdown.Markdown(extensions=["sane_lists", _Guard()], output_format="html")


def to_html(text: str | None) -> Markup:
    """Block Markdown (paragraphs, lists, links) → safe HTML."""
    if not text:
        return Markup("")
    _md.reset()
    html = _md.convert(_CONTROL.sub("", text))
    # Python-Markdown passes HTML entities through; an entity cannot form a tag, so they stay.
    return Markup(html)


def to_inline(text: str | None) -> Markup:
    """One paragraph's worth, without the <p>: for table cells and short fields."""
    html = str(to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain(text: str | None) -> Markup:
    return escape(_CONTROL.sub("", text or ""))


def yaml_string(value: object) -> Markup:
    """A YAML double-quoted scalar that reads back as exactly `value`: for front matter.

    Jinja's tojson writes an emoji or any character beyond U+FFFF as a JSON surrogate pair,
    which YAML cannot read: MkDocs then drops the whole front matter without a word, and the
    page loses its title and description. YAML's own escapes cover every code point.
    """
    out: list[str] = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or (
                0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


def front_matter_text(value: object) -> Markup:
    """A page's title or description for its front matter, HTML-escaped here.

    MkDocs' Jinja does not autoescape: the theme prints titles and descriptions into <title>,
    the header, the nav and a <meta> attribute as they are, and its search box shows the
    titles of search_index.json as HTML. So a title such as `<img src=x onerror=...>` would
    run unless it arrives escaped. It is escaped in our render stage, not by a theme plugin,
    so a theme that ignores MkDocs plugins (Zensical) cannot turn it off.
    """
    return yaml_string(escape(value))


def anchor(text: str) -> str:
    """An id for a heading or row from its text: "Action 7.1" → "action-7-1"."""
    slug = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in slug.split("-") if part)
