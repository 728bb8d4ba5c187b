"""The application's visit calls (ST-12): change a planned visit, and answer "who comes
when" for a citizen and a range of dates.  :class:`~carekit.app.Application` delegates here."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from carekit.app._app import _event
from carekit.errors import InvalidArgumentError, InvalidQueryError
from carekit.i18n import Text
from carekit.model import Actor, SafetyPlan, ScheduledVisit, visits_between
from carekit.store import PutItem, StoredRecord
from carekit.workflows import change_visit as change_visit_rule
from carekit.workflows import current_safety_plan

if TYPE_CHECKING:  # pragma: no cover
    from carekit.app._app import Application

__all__ = ["change_visit", "citizen_visits"]


def change_visit(
    app: Application,
    plan_id: str | uuid.UUID,
    *,
    actor: Actor,
    at: dt.datetime | None,
    details: dict[str, Any],
) -> StoredRecord[SafetyPlan]:
    """Record the change on the plan and store it with its ``VisitChanged`` event (and a
    ``RecordUpdated``) in one transaction; listeners hear of it afterwards."""
    current = app.store.get(str(plan_id))
    plan = current.record
    if not isinstance(plan, SafetyPlan):
        raise InvalidArgumentError(
            "plan_id", Text("id'et på en sikkerhedsplan", "the id of a safety plan"), plan
        )
    when = at or app.clock()
    result = change_visit_rule(plan, actor=actor, at=when, **details)
    changed = app._ensure_valid(result.plan)
    app._check_state([changed], when)
    updated = _event("RecordUpdated", changed, current.version + 1, when, actor)
    events = [updated, result.event]
    stored = app._write([PutItem(changed, current.version)], events)
    app._announce(events)
    return stored[0]  # type: ignore[return-value]  # the plan stays a SafetyPlan


def citizen_visits(
    app: Application, citizen_id: str | uuid.UUID, start: dt.date, end: dt.date
) -> list[ScheduledVisit]:
    """The citizen's visits from *start* to *end* on their current safety plan (none without
    one); logged as one read of the citizen."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidArgumentError(name, Text("en dato (datetime.date)", "a date"), value)
    if end < start:
        raise InvalidQueryError(
            "end",
            Text(
                f"Slutdatoen {end.isoformat()} ligger før startdatoen {start.isoformat()}.",
                f"The end date {end.isoformat()} is before the start date {start.isoformat()}.",
            ),
        )
    records = app.citizen_records(citizen_id, operation="visits_between")
    plan = current_safety_plan(records)
    return visits_between(plan, start, end) if plan is not None else []
