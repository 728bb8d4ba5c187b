"""Visible text from HTML, with block elements turned into block boundaries.

What is left out: the content of ``<head>``, ``<script>``, ``<style>``, ``<template>``,
``<noscript>`` and of any element with the ``hidden`` attribute; every attribute value (``alt``,
``title``, ``href``).  Block elements (headings, paragraphs, list items, table cells, ``div``,
``br`` and the like) become blank lines, so each is its own block for the sentence count.
Runs of white space collapse to one space, as a browser shows them, except inside ``<pre>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["BLOCK_ELEMENTS", "html_to_text"]

#: Elements whose start and end are block boundaries.
BLOCK_ELEMENTS: frozenset[str] = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_SKIPPED: frozenset[str] = frozenset({"head", "script", "style", "template", "noscript", "title"})
_VOID: frozenset[str] = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})  # fmt: skip
_BOUNDARY = "\n\n"


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # open elements whose content is invisible
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if not self._skip and tag in BLOCK_ELEMENTS:
                self.parts.append(_BOUNDARY)
            return
        if self._skip or tag in _SKIPPED or any(name == "hidden" for name, _ in attrs):
            self._skip.append(tag)
            return
        if tag in BLOCK_ELEMENTS:
            self.parts.append(_BOUNDARY)
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS and not self._skip:
            self.parts.append(_BOUNDARY)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in BLOCK_ELEMENTS:
            self.parts.append(_BOUNDARY)
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self.parts.append(data.replace("\n", "\n\n"))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of *html*, one block per paragraph, heading, list item or cell."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", _BOUNDARY, text)
    return text.strip()
