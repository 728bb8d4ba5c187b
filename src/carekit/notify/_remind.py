"""Reminders: what is due (a plan review, an expectation alignment, a trial-action start or
evaluation, a gap follow-up, a consent renewal, a routine review, a prompt to seek a new
perspective) becomes a notification to whoever is responsible.

What is due comes from :func:`carekit.workflows.due_window` over the latest records the store
holds.  Every reminder's key is ``reminder:{category}:{record_id}:{due_on}:{recipient}``, so
running :func:`remind` again - the same day, or every day until the date - sends each
reminder once.  A new due date (the plan was reviewed and got a new review date) is a new
reminder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import attrs

from carekit.model import Record
from carekit.notify._dispatch import enqueue_notification
from carekit.notify._routing import REMINDER_TYPES, Routing
from carekit.store import Store
from carekit.workflows import DueItem, due_window

__all__ = ["RemindStats", "due_items", "records_for_due", "remind"]

#: Above this many citizens with a running trial action, their perspectives are read in
#: one query of the kind instead of one query per citizen.
_PER_CITIZEN_LIMIT = 50


def records_for_due(store: Store, until: dt.date | None) -> list[Record]:
    """What :func:`~carekit.workflows.due_window` needs from *store* (shared by
    :func:`remind` and :meth:`carekit.Application.due`): the latest records due before
    *until* (``None``: every dated record), every running or evaluating trial action (the
    prompt to seek a new perspective does not wait for a date) and the perspectives of those
    trial actions' citizens — each record once."""
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
        wanted = set(citizens)
        rows = [r for r in store.query(kind="perspective") if str(r.record.citizen_id) in wanted]
    else:
        rows = [r for c in citizens for r in store.query(kind="perspective", citizen_id=c)]
    for row in rows:
        found.setdefault(row.record.record_id, row.record)
    return list(found.values())


@attrs.frozen
class RemindStats:
    """``due``: items due by the date; ``enqueued``: new reminders; ``already_enqueued``:
    reminders an earlier run made; ``without_recipient``: items nobody could be found for
    (configure a fallback team)."""

    due: int = 0
    enqueued: int = 0
    already_enqueued: int = 0
    without_recipient: int = 0

    def as_dict(self) -> dict[str, int]:
        """Each count by its field name (JSON-ready)."""
        return attrs.asdict(self)


def due_items(store: Store, as_of: dt.date, *, lead_days: int = 0) -> list[DueItem]:
    """What is due on or before ``as_of + lead_days`` among the store's latest records, of the
    categories carekit reminds about (:data:`REMINDER_TYPES`)."""
    return _due(store, as_of, lead_days)[0]


def _due(store: Store, as_of: dt.date, lead_days: int) -> tuple[list[DueItem], list[Record]]:
    """The due items and the records they come from."""
    horizon = as_of + dt.timedelta(days=lead_days)
    records = records_for_due(store, horizon + dt.timedelta(days=1))
    items = [
        item for item in due_window(records, as_of, lead_days) if item.category in REMINDER_TYPES
    ]
    used = {item.record_id for item in items}
    return items, [r for r in records if r.record_id in used]


def remind(
    store: Store,
    as_of: dt.date,
    *,
    routing: Routing,
    lead_days: int = 0,
    now: dt.datetime | None = None,
    on_read: Callable[[Sequence[Record]], None] | None = None,
) -> RemindStats:
    """Enqueue one reminder per due item and recipient (every responsible staff member, else
    the citizen's team, else ``routing.fallback_team``).  Idempotent: a reminder already in
    the outbox is not enqueued again.  The dispatcher sends them.

    *on_read* is called once with the records the reminders are made from, before any is
    enqueued, so the caller can log that read in the read-access log (``carekit remind``
    logs it under its reader, ``--as``)."""
    due, used = _due(store, as_of, lead_days)
    if on_read is not None and used:
        on_read(used)
    enqueued = already = without = 0
    for item in due:
        responsible = tuple(a.id for a in item.team) or (
            (item.responsible.id,) if item.responsible is not None else ()
        )
        notifications = routing.reminders(item, responsible)
        if not notifications:
            without += 1
        for notification in notifications:
            if enqueue_notification(store, notification, now=now):
                enqueued += 1
            else:
                already += 1
    return RemindStats(
        due=len(due), enqueued=enqueued, already_enqueued=already, without_recipient=without
    )
