"""Calendar dates in Europe/Copenhagen.

Every date carekit compares (review dates, evaluation dates, due dates) is a calendar date as
people in Denmark read it off the wall.  Aware datetimes are converted to the local date in
Europe/Copenhagen first, so a change at 00:30 on the night the clocks change still lands on
the right day.  Month arithmetic clamps: 31 January + 1 month is the last day of February.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

import attrs

__all__ = ["COPENHAGEN", "Cadence", "add_months", "local_date"]

#: The time zone carekit reads calendar dates in.
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_date(value: dt.datetime | dt.date) -> dt.date:
    """The calendar date of *value* in Europe/Copenhagen.

    A plain ``date`` is returned as it is; an aware ``datetime`` is converted first.  A naive
    datetime is refused, because its day is ambiguous.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()}: pass a timezone-aware datetime "
                "(e.g. with tzinfo=zoneinfo.ZoneInfo('Europe/Copenhagen'))"
            )
        return value.astimezone(COPENHAGEN).date()
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """*day* plus *months* calendar months, clamped to the end of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _non_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"Cadence.{attribute.name} must be >= 0, got {value}")


@attrs.frozen
class Cadence:
    """A calendar interval: months (clamped to month ends), then weeks and days."""

    months: int = attrs.field(default=0, validator=_non_negative)
    weeks: int = attrs.field(default=0, validator=_non_negative)
    days: int = attrs.field(default=0, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if not (self.months or self.weeks or self.days):
            raise ValueError("a Cadence must be at least one day long")

    def after(self, day: dt.date) -> dt.date:
        """The date one cadence after *day*."""
        return add_months(day, self.months) + dt.timedelta(weeks=self.weeks, days=self.days)

    def describe(self) -> str:
        """The interval in English words, e.g. ``"1 month 2 weeks"`` (empty for a zero cadence)."""
        parts = [
            f"{n} {unit}{'s' if n != 1 else ''}"
            for n, unit in ((self.months, "month"), (self.weeks, "week"), (self.days, "day"))
            if n
        ]
        return " ".join(parts)
