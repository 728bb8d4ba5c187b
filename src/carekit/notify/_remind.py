"""Reminders: what is due (a plan review, an expectation alignment, a trial-action
evaluation, a consent renewal) becomes a notification to whoever is responsible.

Every reminder's key is ``reminder:{category}:{record_id}:{due_on}:{recipient}``, so running
:func:`remind` again - the same day, or every day until the date - sends each reminder once.
A new due date (the plan was reviewed and got a new review date) is a new reminder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from carekit.model import Actor, Record
from carekit.notify._dispatch import enqueue_notification
from carekit.notify._routing import REMINDER_TYPES, Routing
from carekit.store import Store

__all__ = ["DueReminder", "RemindStats", "due_reminders", "remind"]


@attrs.frozen
class DueReminder:
    """One due item, as :func:`remind` needs it."""

    record_id: str
    citizen_id: str
    kind: str
    due_on: dt.date
    responsible_ids: tuple[str, ...] = ()


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
        return attrs.asdict(self)


def _responsible_ids(record: Record) -> tuple[str, ...]:
    value: Any = getattr(record, "responsible", None)
    if isinstance(value, Actor):
        return (value.id,)
    if isinstance(value, list):
        return tuple(a.id for a in value if isinstance(a, Actor))
    return ()


def _workflows_due() -> Callable[[Sequence[Record], dt.date], Sequence[Any]] | None:
    try:
        from carekit.workflows import due  # noqa: PLC0415 - optional layer, may not exist
    except ImportError:
        return None
    return due


def due_reminders(store: Store, as_of: dt.date, *, lead_days: int = 0) -> list[DueReminder]:
    """Due items of the reminded kinds with a due date on or before ``as_of + lead_days``."""
    horizon = as_of + dt.timedelta(days=lead_days)
    records = [
        stored.record
        for kind in sorted(REMINDER_TYPES)
        for stored in store.query(kind=kind, due_before=horizon + dt.timedelta(days=1))
    ]
    by_id = {r.record_id: r for r in records}
    due_fn = _workflows_due()
    out: list[DueReminder] = []
    if due_fn is not None:
        for item in due_fn(records, horizon):
            record = by_id.get(str(item.record_id))
            if record is None or record.kind not in REMINDER_TYPES or item.due_on > horizon:
                continue
            responsible = getattr(item, "responsible", None)
            ids = (responsible.id,) if isinstance(responsible, Actor) else _responsible_ids(record)
            out.append(
                DueReminder(
                    str(item.record_id), str(item.citizen_id), record.kind, item.due_on, ids
                )
            )
        return out
    for record in records:
        due_on = record.due_on()
        if due_on is None or due_on > horizon:
            continue
        out.append(
            DueReminder(
                record.record_id,
                str(record.citizen_id),
                record.kind,
                due_on,
                _responsible_ids(record),
            )
        )
    return out


def remind(
    store: Store,
    as_of: dt.date,
    *,
    routing: Routing,
    lead_days: int = 0,
    now: dt.datetime | None = None,
) -> RemindStats:
    """Enqueue one reminder per due item and recipient (the responsible staff members, else
    the citizen's team, else ``routing.fallback_team``).  Idempotent: a reminder already in
    the outbox is not enqueued again.  The dispatcher sends them."""
    due = due_reminders(store, as_of, lead_days=lead_days)
    enqueued = already = without = 0
    for item in due:
        notifications = routing.reminders(item, item.responsible_ids)
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
