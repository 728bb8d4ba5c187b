"""Reading the shift's list through the application: :func:`read_shift_watch`, behind
:meth:`carekit.Application.shift_watch`.

The list is a read of every citizen it is made for (all of them, one unit's, or one): one
access-log entry per citizen, under the application's reader (actor, purpose, channel),
naming their routines and trial actions (what the list is made from) and, for a citizen on
the list, the citizen record (the name is shown).  Citizens of other units are not logged.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from carekit.errors import InvalidArgumentError, InvalidQueryError
from carekit.i18n import Text
from carekit.model import Citizen, Record, Shift
from carekit.workflows import ShiftWatch, local_date, same_unit, shift_at, shift_watch

if TYPE_CHECKING:
    from carekit.app._app import Application

__all__ = ["check_shift", "read_shift_watch"]

_SHIFTS = Text(
    "day (dagvagt), evening (aftenvagt), night (nattevagt) eller now (den vagt, der er nu)",
    "day, evening, night or now (the current shift)",
)


def check_shift(value: object) -> Shift:
    """*value* as a :class:`~carekit.model.Shift` (``"day"``, ``"evening"``, ``"night"``),
    else :class:`~carekit.errors.InvalidQueryError` naming the choices in Danish and
    English."""
    if isinstance(value, Shift):
        return value
    if isinstance(value, str):
        try:
            return Shift(value.strip().lower())
        except ValueError:
            pass
    shown = value if isinstance(value, str) else type(value).__name__
    raise InvalidQueryError(
        "shift",
        Text(
            f"Vagten skal være {_SHIFTS.da}, ikke '{shown}'.",
            f"The shift must be {_SHIFTS.en}, not '{shown}'.",
        ),
    )


def read_shift_watch(
    app: Application,
    *,
    day: dt.date | None = None,
    shift: Shift | str | None = None,
    unit: str | None = None,
    citizen_id: str | uuid.UUID | None = None,
) -> ShiftWatch:
    """What to watch on *shift* (``"day"``, ``"evening"``, ``"night"``, ``"now"`` for the
    shift of the application's clock, or ``None`` for the whole day) of *day* (default:
    today in Europe/Copenhagen), for the citizens of *unit* (``None``: every citizen in the
    store) or one citizen.  Logged as a read of each citizen on the list."""
    reader = app._require_reader("shift_watch")
    now = app.clock()
    if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
        raise InvalidArgumentError("day", Text("en dato", "a date"), day)
    if unit is not None and (not isinstance(unit, str) or not unit.strip()):
        raise InvalidArgumentError("unit", Text("navnet på en enhed", "the name of a unit"), unit)
    if shift == "now":
        chosen: Shift | None = shift_at(now)
    else:
        chosen = check_shift(shift) if shift is not None else None
    wanted = None
    if citizen_id is not None:
        try:
            wanted = str(uuid.UUID(str(citizen_id)))
        except ValueError:
            raise InvalidArgumentError(
                "citizen_id", Text("et borger-id (UUID)", "a citizen id (UUID)"), citizen_id
            ) from None
    today = day if day is not None else local_date(now)
    store = app.store
    citizens = [r.record for r in store.query(kind="citizen")]
    records: list[Record] = [r.record for r in store.query(kind="routine")]
    records += [r.record for r in store.query(kind="trial_action")]
    watch = shift_watch(
        (c for c in citizens if isinstance(c, Citizen)),
        records,
        today,
        chosen,
        unit=unit,
        citizen_id=wanted,
    )
    # logged: every routine and trial action of the citizens the list was made for (what it
    # was made from), and the citizen records of those on it (their names are shown)
    selected = {
        str(c.id)
        for c in citizens
        if isinstance(c, Citizen) and same_unit(c, unit) and wanted in (None, str(c.id))
    }
    listed = {c.citizen_id for c in watch.citizens}
    read = [r for r in records if str(r.citizen_id) in selected]
    read += [c for c in citizens if str(c.id) in listed]
    app._log_read(reader, "shift_watch", read)
    return watch
