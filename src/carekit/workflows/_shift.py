"""The shift's list: what everyone on one shift should watch today, citizen by citizen
(DC-2, DC-6).

:func:`shift_watch` is pure: it takes the citizens and their records and returns a
:class:`ShiftWatch` — for each citizen (optionally only those of one unit) the adopted
routines kept on that day and shift, and the signs (tegn) of every running or evaluating
trial action.  Retired routines, routines for other weekdays or shifts, and trial actions
that are planned or finished are never on it.  The application reads the records (logged
as a read of each citizen on the list): :meth:`carekit.Application.shift_watch`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from carekit.model import Citizen, Record, Shift
from carekit.workflows._calendar import COPENHAGEN
from carekit.workflows._watch import WatchItem, watch_list

__all__ = ["CitizenWatch", "ShiftWatch", "same_unit", "shift_at", "shift_watch"]


def shift_at(moment: dt.datetime) -> Shift:
    """The shift *moment* falls in, read in Europe/Copenhagen (day 7-15, evening 15-23,
    night 23-7).  ``ValueError`` for a naive datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("shift_at needs an aware datetime, not a naive one")
    return Shift.at(moment.astimezone(COPENHAGEN).hour)


def same_unit(citizen: Citizen, unit: str | None) -> bool:
    """Whether *citizen* belongs to *unit* (``None``: every unit), ignoring case and the
    spaces at both ends."""
    if unit is None:
        return True
    return citizen.unit is not None and citizen.unit.strip().casefold() == unit.strip().casefold()


@attrs.frozen
class CitizenWatch:
    """One citizen's part of the shift's list."""

    citizen_id: str
    name: str
    unit: str | None
    routines: tuple[WatchItem, ...]
    signs: tuple[WatchItem, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (actors by id; the name the citizen wants to be called)."""
        return {
            "citizen_id": self.citizen_id,
            "name": self.name,
            "unit": self.unit,
            "routines": [i.to_dict() for i in self.routines],
            "signs": [i.to_dict() for i in self.signs],
        }


@attrs.frozen
class ShiftWatch:
    """What to watch on one shift of one day: the citizens with something to watch, by
    name.  Citizens with nothing to watch are left out."""

    day: dt.date
    #: ``None``: the whole day (every shift).
    shift: Shift | None
    unit: str | None
    citizens: tuple[CitizenWatch, ...]

    @property
    def items(self) -> list[WatchItem]:
        """Every routine and sign on the list, citizen by citizen."""
        return [i for c in self.citizens for i in (*c.routines, *c.signs)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "day": self.day.isoformat(),
            "shift": self.shift.value if self.shift is not None else None,
            "unit": self.unit,
            "citizens": [c.to_dict() for c in self.citizens],
        }


def shift_watch(
    citizens: Iterable[Citizen],
    records: Iterable[Record],
    day: dt.date,
    shift: Shift | None = None,
    *,
    unit: str | None = None,
    citizen_id: str | None = None,
) -> ShiftWatch:
    """The list for *shift* (``None``: every shift) on *day*: per citizen among *citizens*
    (only those of *unit*, or only *citizen_id*, when given), the routines and signs of
    :func:`watch_list` found in *records*."""
    wanted = {
        str(c.id): c for c in citizens if same_unit(c, unit) and citizen_id in (None, str(c.id))
    }
    by_citizen: dict[str, list[WatchItem]] = {}
    items = watch_list((r for r in records if str(r.citizen_id) in wanted), day, shift=shift)
    for item in items:
        by_citizen.setdefault(item.citizen_id, []).append(item)
    found = [
        CitizenWatch(
            citizen_id=cid,
            name=wanted[cid].display_name,
            unit=wanted[cid].unit,
            routines=tuple(i for i in mine if i.category == "routine"),
            signs=tuple(i for i in mine if i.category == "sign"),
        )
        for cid, mine in by_citizen.items()
    ]
    found.sort(key=lambda c: (c.name.casefold(), c.citizen_id))
    return ShiftWatch(day=day, shift=shift, unit=unit, citizens=tuple(found))
