"""Checking a text: LIX, its band, and every jargon term with its plain alternative."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

import attrs

from carekit.i18n import Lang, check_lang
from carekit.language._html import html_to_text
from carekit.language._lix import LIX_TARGET, LixBand, band_for, lix
from carekit.language._terms import JargonTerm, load_jargon
from carekit.language._text import count, masked_spans

__all__ = ["JargonHit", "LanguageReport", "check_html", "check_text", "find_jargon"]


@attrs.frozen
class JargonHit:
    """One jargon term found in a text.

    ``start``/``end`` are character offsets into the checked text (``text[start:end] ==
    matched``); ``line`` and ``column`` are 1-based and count characters.
    """

    term: str
    matched: str
    start: int
    end: int
    line: int
    column: int
    suggestion: str

    def as_dict(self) -> dict[str, Any]:
        """The hit's fields as a JSON-ready mapping."""
        return attrs.asdict(self)


@attrs.frozen
class LanguageReport:
    """The result of :func:`check_text`: readability and jargon.

    ``text`` is the text that was checked (for :func:`check_html`, the visible text extracted
    from the HTML; offsets, lines and columns refer to it).
    """

    lang: Lang
    lix: float
    band: LixBand
    words: int
    sentences: int
    long_words: int
    hits: tuple[JargonHit, ...]
    text: str = attrs.field(repr=False)

    def passes(self, target: float = LIX_TARGET) -> bool:
        """Whether LIX is at most *target* and no jargon was found."""
        return self.lix <= target and not self.hits

    def as_dict(self, target: float = LIX_TARGET) -> dict[str, Any]:
        """A JSON-ready summary (without the text itself)."""
        return {
            "lang": self.lang,
            "lix": round(self.lix, 1),
            "band": {"code": self.band.code, **self.band.label.as_dict()},
            "target": target,
            "passes": self.passes(target),
            "words": self.words,
            "sentences": self.sentences,
            "long_words": self.long_words,
            "hits": [hit.as_dict() for hit in self.hits],
        }


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def find_jargon(text: str, terms: Iterable[JargonTerm]) -> tuple[JargonHit, ...]:
    """Every occurrence of *terms* in *text*, in text order, without overlaps.

    Where matches overlap, the one starting first wins, then the longest; text inside URLs
    and e-mail addresses is not searched.
    """
    candidates: list[tuple[int, int, JargonTerm]] = []
    for term in terms:
        candidates.extend((m.start(), m.end(), term) for m in term.regex.finditer(text))
    if not candidates:
        return ()
    masked = masked_spans(text)
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    starts = _line_starts(text)
    hits: list[JargonHit] = []
    last_end = 0
    for start, end, term in candidates:
        if start < last_end or any(a <= start < b for a, b in masked):
            continue
        line = bisect.bisect_right(starts, start)
        hits.append(
            JargonHit(
                term=term.term,
                matched=text[start:end],
                start=start,
                end=end,
                line=line,
                column=start - starts[line - 1] + 1,
                suggestion=term.suggestion,
            )
        )
        last_end = end
    return tuple(hits)


def check_text(
    text: str, lang: Lang = "da", *, extra_terms: Iterable[JargonTerm] = ()
) -> LanguageReport:
    """Check *text* (plain text or Markdown) for readability and jargon.

    *lang* picks the shipped jargon list; *extra_terms* adds terms (for example those a
    plugin contributes) to it.  The counting and matching rules are in ``docs/language.md``.
    """
    lang = check_lang(lang)
    counts = count(text)
    score = lix(counts.words, counts.sentences, counts.long_words)
    terms = (*load_jargon(lang), *extra_terms)
    return LanguageReport(
        lang=lang,
        lix=score,
        band=band_for(score),
        words=counts.words,
        sentences=counts.sentences,
        long_words=counts.long_words,
        hits=find_jargon(text, terms),
        text=text,
    )


def check_html(
    html: str, lang: Lang = "da", *, extra_terms: Iterable[JargonTerm] = ()
) -> LanguageReport:
    """Check the visible text of *html*; offsets in the report refer to ``report.text``."""
    return check_text(html_to_text(html), lang, extra_terms=extra_terms)
