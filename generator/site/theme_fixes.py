"""Valid HTML where Material's markup is not, in parts of base templates we do not override.

The W3C Nu HTML Checker and pa11y found, in every page Material writes:
- `autocomplete="off"` on the drawer and search checkboxes (base.html): not allowed on a
  checkbox. Material uses it so Firefox does not restore a drawer left open when a reader
  comes back to the page; publisher.js closes both on `pageshow` instead.
- the table of contents' checkbox (`#__toc`, nav-item.html) with no label when the page has no
  table of contents (our pages are one block of HTML): a form control with no name that
  nothing can toggle. It is removed from such pages.
Both are in templates of 170 and 240 lines that would otherwise have to be copied whole into
site_templates/overrides and kept in step with the theme by hand.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'


def fix_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'for="__toc"' not in html:
        html = html.replace(_TOC_TOGGLE, "")
    return html


class ThemeFixes(BasePlugin):  # type: ignore[type-arg]
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return fix_html(output)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> Any:
        return fix_html(output_content) if template_name.endswith(".html") else output_content
