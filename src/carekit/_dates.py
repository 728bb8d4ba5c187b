"""Dates as people read them, in Danish and English: the one date formatter and month table.

``format_date(date(2026, 11, 7), "da")`` → ``7. november 2026``; ``"en"`` → ``7 November 2026``.
Documents (:mod:`carekit.render`) and notification texts (:mod:`carekit.notify`) both use it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carekit.i18n import Lang

__all__ = ["MONTHS", "WEEKDAYS", "format_clock", "format_date", "format_visit_time"]

#: ``(Danish, English)`` name of each month, January first.
MONTHS: tuple[tuple[str, str], ...] = (
    ("januar", "January"), ("februar", "February"), ("marts", "March"), ("april", "April"),
    ("maj", "May"), ("juni", "June"), ("juli", "July"), ("august", "August"),
    ("september", "September"), ("oktober", "October"), ("november", "November"),
    ("december", "December"),
)  # fmt: skip

#: ``(Danish, English)`` name of each weekday, Monday first.
WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("mandag", "Monday"), ("tirsdag", "Tuesday"), ("onsdag", "Wednesday"),
    ("torsdag", "Thursday"), ("fredag", "Friday"), ("lørdag", "Saturday"), ("søndag", "Sunday"),
)  # fmt: skip


def format_date(value: dt.date | dt.datetime, lang: Lang) -> str:
    """``7. november 2026`` (da) or ``7 November 2026`` (en); a datetime gives its date."""
    day = value.date() if isinstance(value, dt.datetime) else value
    da, en = MONTHS[day.month - 1]
    if lang == "en":
        return f"{day.day} {en} {day.year}"
    return f"{day.day}. {da} {day.year}"


def format_clock(value: dt.time, lang: Lang) -> str:
    """A time of day as people write it: ``8.00`` (da), ``8:00`` (en)."""
    sep = ":" if lang == "en" else "."
    return f"{value.hour}{sep}{value.minute:02d}"


def format_visit_time(day: dt.date, start: dt.time, end: dt.time, lang: Lang) -> str:
    """When a visit is, as a phrase: ``tirsdag den 8. december 2026 mellem kl. 8.00 og 9.00``
    (da), ``on Tuesday 8 December 2026 between 8:00 and 9:00`` (en)."""
    da, en = WEEKDAYS[day.weekday()]
    if lang == "en":
        return (
            f"on {en} {format_date(day, lang)} between {format_clock(start, lang)} and "
            f"{format_clock(end, lang)}"
        )
    return (
        f"{da} den {format_date(day, lang)} mellem kl. {format_clock(start, lang)} og "
        f"{format_clock(end, lang)}"
    )
