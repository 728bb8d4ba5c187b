"""The shift's list as a staff document: "Hold øje med på vagten" / "What to watch on the
shift" — every citizen on a :class:`~carekit.workflows.ShiftWatch` with their routines and
the signs (tegn) of running trial actions (DC-2, DC-6).

It is a staff document: checked for plain language with the staff rule set
(:func:`carekit.render.for_audience`), so the practice's shared words (prøvehandling, tegn,
evaluere, observation) are allowed and other jargon is still flagged.
"""

from __future__ import annotations

import attrs

from carekit._dates import format_date
from carekit.i18n import Lang, Text, check_lang
from carekit.language import LanguageReport
from carekit.model import Weekday
from carekit.render._pdf import html_to_pdf
from carekit.render._render import Format
from carekit.render._standalone import render_page
from carekit.workflows import ShiftWatch

__all__ = ["SHIFT_WATCH_TEMPLATE", "ShiftWatchDocument", "render_shift_watch"]

#: The template's file name (a vendor may override it through *template_dirs*).
SHIFT_WATCH_TEMPLATE = "shift-watch.html"

_WHOLE_DAY = Text("Hele dagen", "The whole day")


@attrs.frozen
class ShiftWatchDocument:
    """The rendered shift list: ``content`` is HTML (``str``) or PDF (``bytes``), ``html``
    always the HTML, ``language_report`` the staff rule set's reading of it."""

    lang: Lang
    format: Format
    content: str | bytes = attrs.field(repr=False)
    html: str = attrs.field(repr=False)
    language_report: LanguageReport

    def as_bytes(self) -> bytes:
        """The content as bytes (HTML encoded as UTF-8)."""
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")


def shift_line(watch: ShiftWatch, lang: Lang) -> str:
    """ "Dagvagt, torsdag 19. november 2026" / "Day shift, Thursday 19 November 2026"."""
    weekday = Weekday.of(watch.day).label.get(lang)
    shift = watch.shift.label if watch.shift is not None else _WHOLE_DAY
    shown = weekday.lower() if lang == "da" else weekday
    return f"{shift.get(lang)}, {shown} {format_date(watch.day, lang)}"


def render_shift_watch(
    watch: ShiftWatch, *, lang: Lang = "da", format: Format = "html"
) -> ShiftWatchDocument:
    """*watch* as a staff document in *lang* (HTML or A4 PDF)."""
    lang = check_lang(lang)
    if format not in ("html", "pdf"):
        raise ValueError(f"unknown format {format!r}; choose html or pdf")
    html, report = render_page(
        SHIFT_WATCH_TEMPLATE, lang, "staff", watch=watch, shift_line=shift_line(watch, lang)
    )
    content: str | bytes = html_to_pdf(html) if format == "pdf" else html
    return ShiftWatchDocument(
        lang=lang, format=format, content=content, html=html, language_report=report
    )
