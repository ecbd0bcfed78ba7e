"""Where the links are: URLs are hidden from the recognisers (so neither NER nor a name
propagates into them and no replacement ever breaks a link), and checked on their own.

Decision: link text is redacted like any other text; a URL is left untouched unless it holds
personal data itself (an always_redact name, an e-mail address, a phone number), in which case
the link is removed and its text kept (`[text](mailto:jo@x.org)` → `text`), or a bare URL is
replaced whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex as re

Mode = Literal["plain", "markdown"]

# [text](url "title") and ![alt](src): the text may hold one level of nested brackets.
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<label>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<pad>[ \t]*)(?:<(?P<angled>[^>\n]*)>|(?P<url>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)"
)
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)>?", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto|tel):[^>\s]+)>", re.IGNORECASE)
_BARE = re.compile(r"(?<![\w/@.:-])(?P<url>(?:https?://|www\.)[^\s<>()\[\]\"']+)", re.IGNORECASE)


@dataclass(frozen=True)
class Url:
    start: int
    end: int
    # For an inline link or image: the characters to delete to leave only its text.
    unwrap: tuple[tuple[int, int], ...] = ()
    # For an autolink: the whole "<...>", replaced together with the URL.
    outer: tuple[int, int] | None = None


def find_urls(text: str, mode: Mode) -> list[Url]:
    urls: list[Url] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    if mode == "markdown":
        for m in _INLINE.finditer(text):
            group = "angled" if m.group("angled") is not None else "url"
            start, end = m.span(group)
            unwrap = ((m.start(), m.start("label")), (m.end("label"), m.end()))
            urls.append(Url(start, end, unwrap))
            taken.append((m.start("pad"), m.end()))
        for m in _REFERENCE.finditer(text):
            if free(*m.span("url")):
                urls.append(Url(*m.span("url")))
                taken.append(m.span("url"))
        for m in _AUTOLINK.finditer(text):
            if free(*m.span()):
                urls.append(Url(*m.span("url"), outer=m.span()))
                taken.append(m.span())
    for m in _BARE.finditer(text):
        start, end = m.span("url")
        while end > start and text[end - 1] in ".,;:!?":
            end -= 1
        if free(start, end):
            urls.append(Url(start, end))
            taken.append((start, end))
    return sorted(urls, key=lambda u: u.start)


def blank(text: str, urls: list[Url]) -> str:
    """The text with every URL replaced by spaces: same length, so offsets still hold."""
    if not urls:
        return text
    chars = list(text)
    for url in urls:
        chars[url.start : url.end] = " " * (url.end - url.start)
    return "".join(chars)


_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:[-*+|#>]|\d+[.)]))"
)


def sentence_around(text: str, start: int, end: int, limit: int = 320) -> str:
    """The sentence (or table cell, or list item) holding text[start:end], for reviewers."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    right = len(text)
    m = _SENTENCE_END.search(text, end)
    if m:
        right = m.start()
    sentence = " ".join(text[left:right].split())
    if len(sentence) > limit:
        focus = " ".join(text[start:end].split())
        at = max(0, sentence.find(focus) - limit // 3)
        sentence = ("…" if at else "") + sentence[at : at + limit] + "…"
    return sentence
