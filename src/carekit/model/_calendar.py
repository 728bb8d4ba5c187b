"""Days of the week, one representation for every record that recurs (routines, visits)."""

from __future__ import annotations

import datetime as dt

from carekit.model._base import LabelledEnum, labels

__all__ = ["Weekday"]


@labels(
    {
        "monday": ("Mandag", "Monday"),
        "tuesday": ("Tirsdag", "Tuesday"),
        "wednesday": ("Onsdag", "Wednesday"),
        "thursday": ("Torsdag", "Thursday"),
        "friday": ("Fredag", "Friday"),
        "saturday": ("Lørdag", "Saturday"),
        "sunday": ("Søndag", "Sunday"),
    }
)
class Weekday(LabelledEnum):
    """A day of the week, Monday to Sunday."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of *day*."""
        return list(cls)[day.weekday()]
