"""The visit plan (ST-12): who comes, on which days, between which times, what they will do,
who decided it — and every change to a planned visit, with its reason.

A planned visit either recurs weekly (``weekdays``, optionally from ``starts_on`` to
``ends_on``) or falls on given ``dates``, always inside a time ``window`` (Danish local time,
``HH:MM``).  The helper is named (a network member, ``helper_id``, or a name, ``who``) or is
"a colleague", and then the plan says why no name can be given (``colleague_reason``).
:func:`visits_between` answers the citizen's question "who comes tomorrow, and when?" by
expanding the plan over a range of dates and applying the recorded changes.

What a JSON Schema cannot say (a window that ends after it starts, a named helper or a reason)
is checked by the rules in :mod:`carekit.model.rules` (``visit-window``, ``visit-days``,
``visit-helper``, ``visit-change``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated

import attrs
from pydantic import AwareDatetime, StringConstraints

from carekit.i18n import Text
from carekit.model._base import Actor, CarekitModel, LabelledEnum, NonEmptyStr, field, labels
from carekit.model._calendar import Weekday

if TYPE_CHECKING:  # pragma: no cover
    from carekit.model.safety import SafetyPlan

__all__ = [
    "CONTINUITY_DAYS",
    "ClockTime",
    "PlannedVisit",
    "ScheduledVisit",
    "TimeWindow",
    "VisitChange",
    "VisitChangeKind",
    "VisitRequest",
    "VisitRequestKind",
    "distinct_helpers",
    "visit_problems",
    "visits_between",
]

#: A time of day in Danish local time, ``HH:MM`` (24-hour clock).
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]

#: The continuity measure counts distinct helpers over this many days (ST-12).
CONTINUITY_DAYS = 14


def _clock(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


class TimeWindow(CarekitModel):
    """Between which times the helper comes, e.g. 08:00 to 09:00 (Danish local time)."""

    start: ClockTime = field("Fra kl.", "From", "When the window opens, HH:MM.")
    end: ClockTime = field("Til kl.", "Until", "When the window closes, HH:MM (after 'start').")

    @property
    def start_time(self) -> dt.time:
        """``start`` as a time of day."""
        return _clock(self.start)

    @property
    def end_time(self) -> dt.time:
        """``end`` as a time of day."""
        return _clock(self.end)

    @property
    def valid(self) -> bool:
        """Whether the window ends after it starts (rule ``visit-window``)."""
        return self.start_time < self.end_time


class PlannedVisit(CarekitModel):
    """Who comes, when, and what for (ST-12: making the professionals' decisions visible).

    ``who``/``when`` in words are the older form; a structured visit has ``weekdays`` or
    ``dates`` and a ``window``, and names its helper by ``helper_id`` or ``who`` — or gives
    ``colleague_reason`` when it can only say "a colleague"."""

    id: uuid.UUID = field(
        "Id", "Id", "The visit's id, referred to by changes.", default_factory=uuid.uuid4
    )
    who: NonEmptyStr | None = field(
        "Hvem kommer", "Who comes", "Name or team of who comes (when no network member).", None
    )
    helper_id: uuid.UUID | None = field(
        "Hjælper",
        "Helper",
        "The network member who comes.",
        None,
        schema_extra={"x-references": "network_member"},
    )
    colleague_reason: NonEmptyStr | None = field(
        "Hvorfor en kollega",
        "Why a colleague",
        "Why the plan can only say 'a colleague', e.g. 'Vi lægger vagtplanen hver fredag'.",
        None,
    )
    role: NonEmptyStr | None = field("Rolle", "Role", "Their role, e.g. 'hjemmehjælper'.", None)
    when: NonEmptyStr | None = field(
        "Hvornår", "When", "When they come, in words (older form), e.g. 'Hver dag kl. 8-9'.", None
    )
    weekdays: list[Weekday] = field(
        "Ugedage",
        "Weekdays",
        "Weekly on these days, e.g. ['monday', 'thursday'] (the same days as a routine's).",
        default_factory=list,
    )
    dates: list[dt.date] = field(
        "Datoer", "Dates", "Single dates the visit falls on.", default_factory=list
    )
    window: TimeWindow | None = field(
        "Tidsrum", "Time window", "Between which times the helper comes.", None
    )
    starts_on: dt.date | None = field(
        "Fra den", "Starts on", "The first day of a weekly visit.", None
    )
    ends_on: dt.date | None = field(
        "Til og med", "Ends on", "The last day of a weekly visit.", None
    )
    purpose: NonEmptyStr = field("Hvad skal de", "What for", "What will be done at the visit.")
    decided_by: NonEmptyStr | None = field(
        "Besluttet af", "Decided by", "Who decided the visit (so the citizen can ask).", None
    )

    @property
    def structured(self) -> bool:
        """Whether the visit has a time window, so :func:`visits_between` can expand it."""
        return self.window is not None

    def falls_on(self, day: dt.date) -> bool:
        """Whether the visit (as planned, before changes) falls on *day*."""
        if self.window is None:
            return False
        if day in self.dates:
            return True
        if Weekday.of(day) not in self.weekdays:
            return False
        if self.starts_on is not None and day < self.starts_on:
            return False
        return self.ends_on is None or day <= self.ends_on


@labels(
    {
        "other_helper": ("En anden kommer", "Someone else comes"),
        "other_time": ("Ny tid", "New time"),
        "cancelled": ("Aflyst", "Cancelled"),
    }
)
class VisitChangeKind(LabelledEnum):
    """How one planned visit changes: another helper comes, it moves to another time, or it is
    cancelled."""

    OTHER_HELPER = "other_helper"
    OTHER_TIME = "other_time"
    CANCELLED = "cancelled"


class VisitChange(CarekitModel):
    """A change to one planned visit on one date, with the reason (ST-12: the citizen hears
    why, and before the visit)."""

    id: uuid.UUID = field("Id", "Id", "The change's id.", default_factory=uuid.uuid4)
    visit_id: uuid.UUID = field("Besøg", "Visit", "The planned visit (PlannedVisit.id).")
    on: dt.date = field("Dato", "Date", "The date of the visit that changes.")
    change: VisitChangeKind = field("Ændring", "Change", "Another helper, a new time, cancelled.")
    helper_id: uuid.UUID | None = field(
        "Ny hjælper",
        "New helper",
        "The network member who comes instead.",
        None,
        schema_extra={"x-references": "network_member"},
    )
    who: NonEmptyStr | None = field(
        "Hvem kommer i stedet", "Who comes instead", "Name of who comes instead.", None
    )
    colleague_reason: NonEmptyStr | None = field(
        "Hvorfor en kollega", "Why a colleague", "Why no name can be given.", None
    )
    new_date: dt.date | None = field(
        "Ny dato", "New date", "The new date (default: the same day).", None
    )
    new_window: TimeWindow | None = field(
        "Nyt tidsrum", "New time window", "The new time window (default: the same).", None
    )
    reason: NonEmptyStr = field("Hvorfor", "Reason", "Why the visit changes, in plain words.")
    decided_by: NonEmptyStr | None = field(
        "Besluttet af", "Decided by", "Who decided the change.", None
    )
    changed_at: AwareDatetime = field("Ændret", "Changed at", "When the change was recorded.")
    changed_by: Actor = field("Ændret af", "Changed by", "Who recorded the change.")


@labels(
    {
        "same_helper": ("Den samme hjælper", "The same helper"),
        "time": ("Et bestemt tidspunkt", "A set time"),
        "gender": ("Hjælperens køn", "The helper's gender"),
        "other": ("Andet", "Other"),
    }
)
class VisitRequestKind(LabelledEnum):
    """What the citizen asks for about visits: the same helper, a set time, the helper's
    gender, or something else."""

    SAME_HELPER = "same_helper"
    TIME = "time"
    GENDER = "gender"
    OTHER = "other"


class VisitRequest(CarekitModel):
    """A wish the citizen has about visits, in their own words, and our answer."""

    kind: VisitRequestKind = field("Ønske om", "Request about", "What the wish is about.")
    words: NonEmptyStr = field(
        "Med borgerens ord", "In the citizen's words", "The wish, e.g. 'Helst en kvinde'."
    )
    made_on: dt.date | None = field("Sagt den", "Made on", "When the citizen said it.", None)
    answer: NonEmptyStr | None = field(
        "Vores svar", "Our answer", "What we do about it, in plain words.", None
    )


@attrs.frozen
class ScheduledVisit:
    """One visit on one date, after the plan's changes: who comes (``helper_id``/``who``, or a
    colleague with ``colleague_reason``), between ``start`` and ``end``, and what for.
    ``change`` is the change that applies to this visit (``None``: as planned)."""

    visit: PlannedVisit
    on: dt.date
    start: dt.time
    end: dt.time
    helper_id: uuid.UUID | None
    who: str | None
    colleague_reason: str | None
    change: VisitChange | None = None

    @property
    def cancelled(self) -> bool:
        """Whether this visit is cancelled."""
        return self.change is not None and self.change.change is VisitChangeKind.CANCELLED

    @property
    def named(self) -> bool:
        """Whether the helper is named (a network member or a name), not "a colleague"."""
        return self.helper_id is not None or self.who is not None

    @property
    def helper_key(self) -> str | None:
        """What tells one helper from another in :func:`distinct_helpers`."""
        if self.helper_id is not None:
            return f"member:{self.helper_id}"
        if self.who is not None:
            return f"name:{self.who.strip().casefold()}"
        return None


def _latest_changes(changes: Iterable[VisitChange]) -> dict[tuple[uuid.UUID, dt.date], VisitChange]:
    latest: dict[tuple[uuid.UUID, dt.date], VisitChange] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        latest[(change.visit_id, change.on)] = change
    return latest


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        if day == dt.date.max:
            return
        day += dt.timedelta(days=1)


def expand(
    visits: Sequence[PlannedVisit],
    changes: Sequence[VisitChange],
    start: dt.date,
    end: dt.date,
) -> list[ScheduledVisit]:
    """The visits from *start* to *end* (both included), see :func:`visits_between`."""
    latest = _latest_changes(changes)
    found: list[ScheduledVisit] = []
    for visit in visits:
        window = visit.window
        if window is None or not window.valid:
            continue  # words only, or refused by rule visit-window: nothing to expand
        originals = {d for d in _days(start, end) if visit.falls_on(d)}
        # a visit moved into the range from a day outside it
        originals |= {
            c.on
            for (vid, _), c in latest.items()
            if vid == visit.id and c.new_date is not None and start <= c.new_date <= end
        }
        for day in sorted(originals):
            if not visit.falls_on(day):
                continue
            change = latest.get((visit.id, day))
            found.append(_apply(visit, window, day, change))
    shown = [v for v in found if start <= v.on <= end]
    return sorted(shown, key=lambda v: (v.on, v.start, v.end, str(v.visit.id)))


def _apply(
    visit: PlannedVisit, window: TimeWindow, day: dt.date, change: VisitChange | None
) -> ScheduledVisit:
    planned = ScheduledVisit(
        visit=visit,
        on=day,
        start=window.start_time,
        end=window.end_time,
        helper_id=visit.helper_id,
        who=visit.who,
        colleague_reason=visit.colleague_reason,
    )
    if change is None:
        return planned
    if change.change is VisitChangeKind.OTHER_HELPER:
        return attrs.evolve(
            planned,
            helper_id=change.helper_id,
            who=change.who,
            colleague_reason=change.colleague_reason,
            change=change,
        )
    if change.change is VisitChangeKind.OTHER_TIME:
        new_window = (
            change.new_window if change.new_window is not None and change.new_window.valid else None
        )
        return attrs.evolve(
            planned,
            on=change.new_date or day,
            start=new_window.start_time if new_window else planned.start,
            end=new_window.end_time if new_window else planned.end,
            change=change,
        )
    return attrs.evolve(planned, change=change)


def visits_between(plan: SafetyPlan, start: dt.date, end: dt.date) -> list[ScheduledVisit]:
    """Who comes when, from *start* to *end* (both included, Danish dates): every structured
    planned visit of *plan* expanded over its weekdays and dates, each with the latest change
    recorded for it (another helper, a new time — possibly on another day — or cancelled).
    Cancelled visits are kept, with ``cancelled`` true, so the citizen sees they will not
    come.  Sorted by date and time."""
    return expand(plan.planned_visits, plan.visit_changes, start, end)


def distinct_helpers(
    plan: SafetyPlan, ending: dt.date, days: int = CONTINUITY_DAYS
) -> tuple[int, int]:
    """Continuity (ST-12): ``(distinct named helpers, visits by a colleague not named)`` over
    the *days* days ending on *ending*, cancelled visits left out.  Each unnamed colleague may
    be another person, so they are counted apart and never hidden."""
    start = ending - dt.timedelta(days=days - 1)
    shown = [v for v in visits_between(plan, start, ending) if not v.cancelled]
    named = {v.helper_key for v in shown if v.helper_key is not None}
    return len(named), sum(1 for v in shown if v.helper_key is None)


def _helper_problem(
    helper_id: uuid.UUID | None, who: str | None, reason: str | None
) -> Text | None:
    if helper_id is None and who is None and reason is None:
        return Text(
            "Skriv, hvem der kommer. Eller skriv, hvorfor der kun kan stå 'en kollega'.",
            "Say who comes. Or say why it can only say 'a colleague'.",
        )
    return None


def _window_problem(window: TimeWindow) -> Text | None:
    if window.valid:
        return None
    return Text(
        f"Tidsrummet skal slutte efter, det begynder: {window.start}-{window.end} går ikke.",
        f"The time window must end after it starts: {window.start}-{window.end} does not.",
    )


def visit_problems(plan: SafetyPlan) -> Iterator[tuple[str, str, Text]]:
    """Every problem in *plan*'s visits as ``(rule, pointer, message)``: see the module."""
    ids = {v.id for v in plan.planned_visits}
    for i, visit in enumerate(plan.planned_visits):
        here = f"/planned_visits/{i}"
        if visit.window is not None and (message := _window_problem(visit.window)):
            yield "visit-window", f"{here}/window", message
        if visit.window is not None and not visit.weekdays and not visit.dates:
            yield (
                "visit-days",
                f"{here}/weekdays",
                Text(
                    "Skriv, hvilke ugedage eller datoer besøget er.",
                    "Say on which weekdays or dates the visit is.",
                ),
            )
        if visit.window is None and visit.when is None:
            yield (
                "visit-days",
                f"{here}/window",
                Text(
                    "Skriv, hvornår besøget er: et tidsrum og ugedage eller datoer.",
                    "Say when the visit is: a time window and weekdays or dates.",
                ),
            )
        if visit.starts_on and visit.ends_on and visit.ends_on < visit.starts_on:
            yield (
                "visit-days",
                f"{here}/ends_on",
                Text(
                    "Besøget slutter, før det begynder.",
                    "The visit ends before it starts.",
                ),
            )
        if message := _helper_problem(visit.helper_id, visit.who, visit.colleague_reason):
            yield "visit-helper", f"{here}/helper_id", message
    for i, change in enumerate(plan.visit_changes):
        here = f"/visit_changes/{i}"
        if change.visit_id not in ids:
            yield (
                "visit-change",
                f"{here}/visit_id",
                Text(
                    "Ændringen henviser til et besøg, som planen ikke har.",
                    "The change refers to a visit the plan does not have.",
                ),
            )
        if change.new_window is not None and (message := _window_problem(change.new_window)):
            yield "visit-window", f"{here}/new_window", message
        if (
            change.change is VisitChangeKind.OTHER_TIME
            and change.new_window is None
            and change.new_date is None
        ):
            yield (
                "visit-change",
                f"{here}/new_window",
                Text(
                    "Skriv den nye tid: en ny dato eller et nyt tidsrum.",
                    "Give the new time: a new date or a new time window.",
                ),
            )
        if change.change is VisitChangeKind.OTHER_HELPER and (
            message := _helper_problem(change.helper_id, change.who, change.colleague_reason)
        ):
            yield "visit-helper", f"{here}/helper_id", message
