"""Changing a planned visit (ST-12): the change is recorded on the safety plan with its
reason, and a :class:`VisitChanged` event tells the citizen (and the relatives who want
notices) before the visit.

Rule: a change names one planned visit on one date it falls on, today or later (a change
after the visit is no notice); it is appended to the plan's ``visit_changes`` (the latest
change for a visit and date wins in :func:`carekit.model.visits_between`).  The event carries
ids, the kind of change and the visit's date and times — never the reason, a name or other
free text; the notice is worded from those values (``carekit.notify``).

The function is pure: it returns what to persist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import attrs

from carekit.errors import Problem, RecordValidationError
from carekit.i18n import Text
from carekit.model import (
    Actor,
    Record,
    SafetyPlan,
    ScheduledVisit,
    TimeWindow,
    VisitChange,
    VisitChangeKind,
    visits_between,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._events import VisitChanged

__all__ = ["PLAN_RANK", "VisitChangeResult", "change_visit", "current_safety_plan"]

#: Which safety plan is the current one: active or due for review, else agreed, else a draft.
PLAN_RANK = {"active": 3, "review_due": 3, "agreed": 2, "draft": 1}


def current_safety_plan(records: Sequence[Record]) -> SafetyPlan | None:
    """The current safety plan among *records* (see :data:`PLAN_RANK`; then the highest
    ``plan_version``, then the latest change), or ``None``."""
    plans = [r for r in records if isinstance(r, SafetyPlan) and r.status in PLAN_RANK]
    if not plans:
        return None
    return max(plans, key=lambda p: (PLAN_RANK[p.status], p.plan_version, p.updated_at))


@attrs.frozen
class VisitChangeResult:
    """What a visit change makes: persist ``plan``, publish ``event``; ``visit`` is the visit
    as it now is."""

    plan: SafetyPlan
    change: VisitChange
    visit: ScheduledVisit
    event: VisitChanged


def _refused(plan: SafetyPlan, pointer: str, text: Text) -> RecordValidationError:
    return RecordValidationError(
        plan.kind, [Problem(pointer, "visit-change", text)], record_id=plan.record_id
    )


def change_visit(
    plan: SafetyPlan,
    *,
    visit_id: uuid.UUID | str,
    on: dt.date,
    change: VisitChangeKind | str,
    reason: str,
    actor: Actor,
    at: dt.datetime,
    helper_id: uuid.UUID | str | None = None,
    who: str | None = None,
    colleague_reason: str | None = None,
    new_date: dt.date | None = None,
    new_window: TimeWindow | None = None,
    decided_by: str | None = None,
) -> VisitChangeResult:
    """Record a change of the visit *visit_id* on *on* (see the module's rule)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"at={at!r}: pass a timezone-aware datetime")
    visit = next((v for v in plan.planned_visits if str(v.id) == str(visit_id)), None)
    if visit is None:
        raise _refused(
            plan,
            "/planned_visits",
            Text(
                f"Sikkerhedsplanen har intet planlagt besøg med id {visit_id}.",
                f"The safety plan has no planned visit with id {visit_id}.",
            ),
        )
    if not visit.falls_on(on):
        raise _refused(
            plan,
            "/planned_visits",
            Text(
                f"Besøget er ikke planlagt den {on.isoformat()}. Vælg en dag, hvor det er.",
                f"The visit is not planned on {on.isoformat()}. Choose a day it is.",
            ),
        )
    today = local_date(at)
    if on < today or (new_date is not None and new_date < today):
        raise _refused(
            plan,
            "/visit_changes",
            Text(
                "Et besøg kan kun ændres før, det finder sted. Borgeren skal vide det i forvejen.",
                "A visit can only be changed before it takes place. The citizen must know "
                "in advance.",
            ),
        )
    record = VisitChange(
        visit_id=visit.id,
        on=on,
        change=VisitChangeKind(change),
        helper_id=uuid.UUID(str(helper_id)) if helper_id is not None else None,
        who=who,
        colleague_reason=colleague_reason,
        new_date=new_date,
        new_window=new_window,
        reason=reason,
        decided_by=decided_by,
        changed_at=at,
        changed_by=actor,
    )
    changed = plan.model_copy(
        update={
            "visit_changes": [*plan.visit_changes, record],
            "updated_at": at,
            "actor": actor,
        }
    )
    day = record.new_date or on
    now_visit = next(
        v for v in visits_between(changed, min(day, on), max(day, on)) if v.change == record
    )
    event = VisitChanged.create(
        kind=plan.kind,
        record_id=plan.record_id,
        citizen_id=str(plan.citizen_id),
        actor_id=actor.id,
        at=at,
        data={
            "visit_id": str(visit.id),
            "change": record.change.value,
            "planned_on": on.isoformat(),
            "visit_date": now_visit.on.isoformat(),
            "start": now_visit.start.strftime("%H:%M"),
            "end": now_visit.end.strftime("%H:%M"),
            "named": now_visit.named,
        },
    )
    return VisitChangeResult(changed, record, now_visit, event)
