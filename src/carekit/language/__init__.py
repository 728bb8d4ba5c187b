"""Plain-language checks for citizen texts (ST-2: no professional jargon; ST-4: written
information): LIX readability and jargon (fagsprog) with plain alternatives.

>>> report = check_text("Vi hjælper dig med at mobilisere.")
>>> [(hit.matched, hit.suggestion) for hit in report.hits]
[('mobilisere', 'hjælpe dig op at gå')]
"""

from carekit.language._check import (
    JargonHit,
    LanguageReport,
    check_html,
    check_text,
    find_jargon,
)
from carekit.language._html import html_to_text
from carekit.language._lix import BANDS, LIX_TARGET, LixBand, band_for, lix
from carekit.language._terms import JargonFileError, JargonTerm, load_jargon, parse_jargon
from carekit.language._text import ABBREVIATIONS, Counts, count

__all__ = [
    "ABBREVIATIONS",
    "BANDS",
    "LIX_TARGET",
    "Counts",
    "JargonFileError",
    "JargonHit",
    "JargonTerm",
    "LanguageReport",
    "LixBand",
    "band_for",
    "check_html",
    "check_text",
    "count",
    "find_jargon",
    "html_to_text",
    "lix",
    "load_jargon",
    "parse_jargon",
]
