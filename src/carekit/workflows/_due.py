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
check_in_follow_up         SafetyCheckIn with a low rating or flagged  ``follow_up_by``, else
                           words, not yet followed up                  2 days after asking
information_recheck        InformationRecord not (fully) understood,   ``recheck_by``, else
                           not yet checked again                       3 days after it was given
preparation_review         InformationRecord: a preparation item whose  the day of that
                           transition (discharge, nursing home,        transition
                           palliative care) was recorded after the
                           item was last reviewed
home_agreement_review      HomeAgreement with a review date            ``review_date``
network_meeting            CareNetwork with a next meeting             ``next_meeting``
routine_review             Routine active                              ``review_date``
new_perspective            TrialAction running or evaluating: no       the latest of those
                           progress in its latest N evaluations        evaluations
                           (``WorkflowConfig.perspective_after``)
                           and no outside perspective since; or
                           evaluating with no outside perspective      ``evaluation_date``
                           since it started (before adopt/abandon)     (today at the latest)
=========================  ==========================================  ======================

``new_perspective`` reads the citizen's :class:`~carekit.model.Perspective` records among
*records* (see :mod:`carekit.workflows._perspective`); without them every prompt stands.

Other kinds, and records in final states, are never due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

import attrs

from carekit.i18n import Text
from carekit.model import (
    Actor,
    CareNetwork,
    Consent,
    ExpectationAlignment,
    HomeAgreement,
    InformationRecord,
    Perspective,
    PreparationReview,
    Record,
    Routine,
    SafetyCheckIn,
    SafetyPlan,
    TrialAction,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._config import DEFAULT, WorkflowConfig
from carekit.workflows._perspective import perspective_due

__all__ = ["DueCategory", "DueItem", "due", "due_window"]

DueCategory = Literal[
    "safety_plan_review",
    "expectation_alignment",
    "trial_action_evaluation",
    "consent_renewal",
    "gap_follow_up",
    "trial_action_start",
    "check_in_follow_up",
    "information_recheck",
    "preparation_review",
    "home_agreement_review",
    "network_meeting",
    "routine_review",
    "new_perspective",
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


def _check_in(check_in: SafetyCheckIn) -> Iterator[_Item]:
    day = check_in.due_on()
    if day is None:
        return
    text = Text(
        "Borgeren følte sig utryg. Tal med borgeren igen",
        "The citizen did not feel safe. Talk with the citizen again",
    )
    owner = check_in.follow_up_owner or check_in.asked_by
    pointer = "/follow_up_by" if check_in.follow_up_by is not None else "/asked_at"
    yield ("check_in_follow_up", day, text, owner, pointer)


def _preparation_text(review: PreparationReview) -> Text:
    label = review.transition.transition.label
    if review.item.advance_care_planning:
        return Text(
            f"{label.da}: tal igen med borgeren om ønskerne for den sidste tid",
            f"{label.en}: talk again with the citizen about their wishes for the last time of life",
        )
    return Text(
        f"{label.da}: gennemgå igen med borgeren, hvad vi har forberedt",
        f"{label.en}: go through again with the citizen what we have prepared",
    )


def _information(info: InformationRecord) -> Iterator[_Item]:
    for review in info.preparation_reviews():
        pointer = f"/preparation_items/{review.index}/reviewed_on"
        yield (
            "preparation_review",
            review.transition.on,
            _preparation_text(review),
            info.given_by,
            pointer,
        )
    day = info.recheck_on()
    if day is None:
        return
    text = Text(
        "Borgeren forstod ikke det hele. Tjek igen, at det giver mening",
        "The citizen did not understand it all. Check again that it makes sense",
    )
    pointer = "/recheck_by" if info.recheck_by is not None else "/given_at"
    yield ("information_recheck", day, text, info.given_by, pointer)


_ROUTINE = Text(
    "Rutinen skal følges op: giver den stadig borgeren glæde?",
    "The routine is due for review: does it still bring the citizen joy?",
)


def _routine(routine: Routine) -> Iterator[_Item]:
    day = routine.due_on()
    if day is not None:
        yield ("routine_review", day, _ROUTINE, None, "/review_date")


_HOME = Text(
    "Aftalen om hjemmet skal tales igennem med borgeren igen",
    "The home agreement is due to be gone through with the citizen again",
)


def _home(home: HomeAgreement) -> Iterator[_Item]:
    day = home.due_on()
    if day is not None:
        yield ("home_agreement_review", day, _HOME, None, "/review_date")


_MEETING = Text(
    "Netværksmødet skal holdes. Skriv bagefter, hvad I aftalte",
    "The network meeting is due. Record afterwards what was agreed",
)


def _network(network: CareNetwork) -> Iterator[_Item]:
    day = network.due_on()
    if day is not None:
        yield ("network_meeting", day, _MEETING, None, "/next_meeting")


def _items(record: Record) -> Iterator[_Item]:
    if isinstance(record, SafetyPlan):
        yield from _safety_plan(record)
    elif isinstance(record, ExpectationAlignment):
        yield from _alignment(record)
    elif isinstance(record, TrialAction):
        yield from _trial_action(record)
    elif isinstance(record, Consent):
        yield from _consent(record)
    elif isinstance(record, SafetyCheckIn):
        yield from _check_in(record)
    elif isinstance(record, InformationRecord):
        yield from _information(record)
    elif isinstance(record, Routine):
        yield from _routine(record)
    elif isinstance(record, HomeAgreement):
        yield from _home(record)
    elif isinstance(record, CareNetwork):
        yield from _network(record)


def _perspective_items(
    records: Sequence[Record], today: dt.date, config: WorkflowConfig
) -> Iterator[tuple[Record, _Item]]:
    perspectives: dict[str, list[Perspective]] = {}
    for record in records:
        if isinstance(record, Perspective):
            perspectives.setdefault(str(record.citizen_id), []).append(record)
    for record in records:
        if isinstance(record, TrialAction):
            found = perspective_due(
                record,
                perspectives.get(str(record.citizen_id), ()),
                today,
                after=config.perspective_after,
            )
            if found is not None:
                day, reason, pointer = found
                first = record.responsible[0] if record.responsible else None
                yield record, ("new_perspective", day, reason, first, pointer)


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
    rows = list(records)
    everything = [(record, item) for record in rows for item in _items(record)]
    everything += _perspective_items(rows, today, config)
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
        for record, (category, day, reason, responsible, pointer) in everything
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
