"""The records :meth:`carekit.Application.due` reads: those with a due date before the end
of the day, plus what the prompt to seek a new perspective needs (DC-3) — every running or
evaluating trial action (its prompt does not wait for a date) and the perspectives of their
citizens."""

from __future__ import annotations

import datetime as dt

from carekit.model import Record
from carekit.store import Store

__all__ = ["records_for_due"]

#: Above this many citizens with a running trial action, their perspectives are read in
#: one query of the kind instead of one query per citizen.
_PER_CITIZEN_LIMIT = 50


def records_for_due(store: Store, until: dt.date | None) -> list[Record]:
    """The latest records due before *until* (``None``: every dated record), every running
    or evaluating trial action, and the perspectives of those trial actions' citizens —
    each record once."""
    found: dict[str, Record] = {r.record.record_id: r.record for r in store.query(due_before=until)}
    trials = [
        row.record
        for status in ("running", "evaluating")
        for row in store.query(kind="trial_action", status=status)
    ]
    for trial in trials:
        found.setdefault(trial.record_id, trial)
    citizens = sorted({str(t.citizen_id) for t in trials})
    if len(citizens) > _PER_CITIZEN_LIMIT:
        rows = [r for r in store.query(kind="perspective") if str(r.record.citizen_id) in citizens]
    else:
        rows = [r for c in citizens for r in store.query(kind="perspective", citizen_id=c)]
    for row in rows:
        found.setdefault(row.record.record_id, row.record)
    return list(found.values())
