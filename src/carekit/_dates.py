"""Dates as people read them, in Danish and English: the one date formatter and month table.

``format_date(date(2026, 11, 7), "da")`` → ``7. november 2026``; ``"en"`` → ``7 November 2026``.
Documents (:mod:`carekit.render`) and notification texts (:mod:`carekit.notify`) both use it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carekit.i18n import Lang

__all__ = ["MONTHS", "format_date"]

#: ``(Danish, English)`` name of each month, January first.
MONTHS: tuple[tuple[str, str], ...] = (
    ("januar", "January"), ("februar", "February"), ("marts", "March"), ("april", "April"),
    ("maj", "May"), ("juni", "June"), ("juli", "July"), ("august", "August"),
    ("september", "September"), ("oktober", "October"), ("november", "November"),
    ("december", "December"),
)  # fmt: skip


def format_date(value: dt.date | dt.datetime, lang: Lang) -> str:
    """``7. november 2026`` (da) or ``7 November 2026`` (en); a datetime gives its date."""
    day = value.date() if isinstance(value, dt.datetime) else value
    da, en = MONTHS[day.month - 1]
    if lang == "en":
        return f"{day.day} {en} {day.year}"
    return f"{day.day}. {da} {day.year}"
