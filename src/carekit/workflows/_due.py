"""What is due: reviews, alignments, evaluations, starts, gap follow-ups, consent renewals.

:func:`due` reads any iterable of records and returns what is due on or before a date, each
item saying why in Danish and English.  Dates are calendar dates in Europe/Copenhagen: an
aware datetime given as ``as_of`` is converted to its local date first, so the clocks
changing never moves a due date.

Rules (``due_on`` is the date something is due; an item is listed when ``due_on <= as_of``
and is ``overdue`` when ``due_on < as_of``):

=========================  ==========================================  ======================
category                   record and state                            due_on
=========================  ==========================================  ======================
safety_plan_review         SafetyPlan active or review_due             ``review_date``
expectation_alignment      ExpectationAlignment scheduled              ``scheduled_for``
gap_follow_up              ExpectationAlignment, each unresolved gap   ``gap.follow_up_by``
trial_action_start         TrialAction planned                         ``start_date``
trial_action_evaluation    TrialAction running or evaluating           ``evaluation_date``
consent_renewal            Consent not withdrawn                       ``renew_by`` or
                                                                       ``valid_until``
=========================  ==========================================  ======================

Other kinds, and records in final states, are never due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Literal

import attrs

from carekit.i18n import Text
from carekit.model import (
    Actor,
    Consent,
    ExpectationAlignment,
    Record,
    SafetyPlan,
    TrialAction,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._config import DEFAULT, WorkflowConfig

__all__ = ["DueCategory", "DueItem", "due", "due_window"]

DueCategory = Literal[
    "safety_plan_review",
    "expectation_alignment",
    "trial_action_evaluation",
    "consent_renewal",
    "gap_follow_up",
    "trial_action_start",
]


@attrs.frozen(kw_only=True)
class DueItem:
    """One thing due on one record.  ``pointer`` is the JSON pointer of the date field."""

    category: DueCategory
    kind: str
    record_id: str
    citizen_id: str
    due_on: dt.date
    overdue: bool
    reason: Text
    responsible: Actor | None = None
    pointer: str = ""
    #: Everyone responsible (a trial action's whole team, DC-6); ``responsible`` is the first.
    team: tuple[Actor, ...] = ()


_Item = tuple[DueCategory, dt.date, Text, Actor | None, str]


def _safety_plan(plan: SafetyPlan) -> Iterator[_Item]:
    day = plan.due_on()
    if day is not None:
        text = Text(
            "Sikkerhedsplanen skal følges op med borgeren",
            "The safety plan is due for review with the citizen",
        )
        yield ("safety_plan_review", day, text, plan.responsible, "/review_date")


_GAP = Text(
    "En uløst uoverensstemmelse fra forventningsafstemningen skal følges op",
    "An unresolved gap from the expectation alignment is to be followed up",
)


def _alignment(alignment: ExpectationAlignment) -> Iterator[_Item]:
    if alignment.status == "scheduled":
        text = Text(
            "En forventningsafstemning skal holdes", "An expectation alignment is to be held"
        )
        yield (
            "expectation_alignment",
            alignment.scheduled_for,
            text,
            alignment.responsible,
            "/scheduled_for",
        )
    elif alignment.status != "cancelled":
        for index, gap in enumerate(alignment.gaps):
            if not gap.resolved and gap.follow_up_by is not None:
                owner = gap.follow_up_owner or alignment.responsible
                pointer = f"/gaps/{index}/follow_up_by"
                yield ("gap_follow_up", gap.follow_up_by, _GAP, owner, pointer)


def _trial_action(trial: TrialAction) -> Iterator[_Item]:
    day = trial.due_on()
    responsible = trial.responsible[0] if trial.responsible else None
    if day is None:
        return
    if trial.status == "planned":
        text = Text("Prøvehandlingen skal startes", "The trial action is due to start")
        yield ("trial_action_start", day, text, responsible, "/start_date")
    else:
        text = Text("Prøvehandlingen skal evalueres", "The trial action is due for evaluation")
        yield ("trial_action_evaluation", day, text, responsible, "/evaluation_date")


def _consent(consent: Consent) -> Iterator[_Item]:
    day = consent.due_on()
    if day is None:
        return
    if consent.renew_by is not None:
        text = Text(
            "Samtykket skal fornyes med borgeren",
            "The consent is due for renewal with the citizen",
        )
        yield ("consent_renewal", day, text, None, "/renew_by")
    else:
        text = Text(
            "Samtykket udløber og skal fornyes, hvis det stadig skal gælde",
            "The consent expires and must be renewed if it is still to apply",
        )
        yield ("consent_renewal", day, text, None, "/valid_until")


def _items(record: Record) -> Iterator[_Item]:
    if isinstance(record, SafetyPlan):
        yield from _safety_plan(record)
    elif isinstance(record, ExpectationAlignment):
        yield from _alignment(record)
    elif isinstance(record, TrialAction):
        yield from _trial_action(record)
    elif isinstance(record, Consent):
        yield from _consent(record)


def _team(record: Record, responsible: Actor | None) -> tuple[Actor, ...]:
    if isinstance(record, TrialAction) and record.responsible:
        return tuple(record.responsible)
    return (responsible,) if responsible is not None else ()


def _as_of(value: dt.date | dt.datetime) -> dt.date:
    return local_date(value)


def due_window(
    records: Iterable[Record],
    as_of: dt.date | dt.datetime,
    days_ahead: int,
    *,
    config: WorkflowConfig = DEFAULT,
) -> list[DueItem]:
    """Everything due on or before ``as_of + days_ahead`` (overdue means before ``as_of``),
    sorted by date, then category and record id."""
    if days_ahead < 0:
        raise ValueError(f"days_ahead must be >= 0, got {days_ahead}")
    today = _as_of(as_of)
    until = today + dt.timedelta(days=days_ahead)
    found = [
        DueItem(
            category=category,
            kind=record.kind,
            record_id=record.record_id,
            citizen_id=str(record.citizen_id),
            due_on=day,
            overdue=day < today,
            reason=reason,
            responsible=responsible,
            pointer=pointer,
            team=_team(record, responsible),
        )
        for record in records
        for category, day, reason, responsible, pointer in _items(record)
        if day <= until
    ]
    found.sort(key=lambda item: (item.due_on, item.category, item.record_id, item.pointer))
    return found


def due(
    records: Iterable[Record],
    as_of: dt.date | dt.datetime,
    *,
    config: WorkflowConfig = DEFAULT,
) -> list[DueItem]:
    """Everything due or overdue on *as_of* (a date, or an aware datetime read as its date
    in Europe/Copenhagen)."""
    return due_window(records, as_of, 0, config=config)
