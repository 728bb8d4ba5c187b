"""What to watch today: the routines and the signs (tegn) every staff member on a shift
should know, at the point of care (DC-2, DC-6).

``watch_list(records, day)`` reads the citizens' records and lists, per citizen:

- every active :class:`~carekit.model.Routine` ("what we now do every time"), flagged when
  its review date has come;
- every sign of every running or evaluating trial action, with the trial action's title and
  the whole team responsible for it, and when it is due for evaluation.

Anyone on the team can then register what they saw with :func:`observe_sign`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from carekit.i18n import Text
from carekit.model import Actor, Record, Routine, Shift, SignObservation, TrialAction, Weekday
from carekit.workflows._calendar import local_date

__all__ = ["WatchCategory", "WatchItem", "observe_sign", "watch_list"]

WatchCategory = Literal["routine", "sign"]

_LABELS: dict[str, Text] = {
    "routine": Text("Fast rutine", "Routine"),
    "sign": Text("Tegn at holde øje med", "Sign to watch"),
}


@attrs.frozen
class WatchItem:
    """One thing to keep in mind today with one citizen."""

    category: WatchCategory
    citizen_id: str
    record_id: str
    #: The routine or the sign, in the staff's own words.
    what: str
    #: For a sign: the trial action it belongs to (its title).
    why: str | None = None
    sign_id: str | None = None
    #: Everyone responsible (the team, not one person).
    team: tuple[Actor, ...] = ()
    #: For a sign: the trial action's evaluation date; for a routine: its review date.
    due_on: dt.date | None = None
    #: The due date has come (a routine to review, a trial action to evaluate).
    due: bool = False
    #: For a routine kept on some weekdays or shifts only: when, e.g. "Torsdag, aftenvagt".
    when: Text | None = None

    @property
    def label(self) -> Text:
        """What kind of item this is, in Danish and English."""
        return _LABELS[self.category]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (no names: actors by id)."""
        return {
            "category": self.category,
            "citizen_id": self.citizen_id,
            "record_id": self.record_id,
            "what": self.what,
            "why": self.why,
            "sign_id": self.sign_id,
            "team": [a.id for a in self.team],
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "due": self.due,
            "when": self.when.as_dict() if self.when is not None else None,
        }


def _when(routine: Routine) -> Text | None:
    """ "Torsdag, aftenvagt" / "Thursday, evening shift" (weekdays, then shifts)."""
    days = [d.label for d in sorted(routine.weekdays, key=list(Weekday).index)]
    shifts = [s.label for s in sorted(routine.shifts, key=list(Shift).index)]
    if not days and not shifts:
        return None
    da = [t.da.lower() for t in (*days, *shifts)]
    en = [*(t.en for t in days), *(t.en.lower() for t in shifts)]
    return Text(", ".join(da).capitalize(), ", ".join(en)[0].upper() + ", ".join(en)[1:])


def _routine_item(routine: Routine, day: dt.date) -> WatchItem:
    return WatchItem(
        when=_when(routine),
        category="routine",
        citizen_id=str(routine.citizen_id),
        record_id=routine.record_id,
        what=routine.description,
        due_on=routine.review_date,
        due=routine.review_date is not None and routine.review_date <= day,
    )


def _sign_items(trial: TrialAction, day: dt.date) -> list[WatchItem]:
    due = trial.evaluation_date is not None and trial.evaluation_date <= day
    return [
        WatchItem(
            category="sign",
            citizen_id=str(trial.citizen_id),
            record_id=trial.record_id,
            what=sign.description,
            why=trial.title,
            sign_id=str(sign.id),
            team=tuple(trial.responsible),
            due_on=trial.evaluation_date,
            due=due,
        )
        for sign in trial.signs
    ]


def watch_list(
    records: Iterable[Record],
    day: dt.date,
    *,
    citizen_id: str | uuid.UUID | None = None,
    shift: Shift | None = None,
    every_weekday: bool = False,
) -> list[WatchItem]:
    """Routines and signs to watch on *day*, citizen by citizen (routines first), optionally
    for one citizen and one *shift*.  A routine that started after *day*, was retired, or is
    kept on other weekdays or other shifts (:meth:`Routine.applies`) is left out; a trial
    action is in while it is running or being evaluated (on every shift).  *every_weekday*:
    keep routines of other weekdays too (the staff card and the visit sheet show them all,
    each with its :attr:`WatchItem.when`)."""
    wanted = str(citizen_id) if citizen_id is not None else None
    items: list[WatchItem] = []
    for record in records:
        if wanted is not None and str(record.citizen_id) != wanted:
            continue
        if isinstance(record, Routine) and record.applies(day, shift, any_weekday=every_weekday):
            items.append(_routine_item(record, day))
        elif isinstance(record, TrialAction) and record.status in ("running", "evaluating"):
            items.extend(_sign_items(record, day))
    order = {"routine": 0, "sign": 1}
    return sorted(items, key=lambda i: (i.citizen_id, order[i.category], i.what))


def observe_sign(
    trial: TrialAction,
    sign_id: uuid.UUID,
    *,
    by: Actor,
    at: dt.datetime,
    present: bool = True,
    note: str | None = None,
) -> TrialAction:
    """*trial* with one more observation of sign *sign_id* by *by* (anyone on the team);
    store it with ``app.trial_actions.update`` or ``modify``.  ``ValueError`` when the trial
    action has no such sign."""
    if all(s.id != sign_id for s in trial.signs):
        raise ValueError(f"trial action {trial.id} has no sign {sign_id}")
    local_date(at)  # refuses a naive datetime
    observation = SignObservation(
        sign_id=sign_id, observed_at=at, observed_by=by, present=present, note=note
    )
    return trial.model_copy(update={"observations": [*trial.observations, observation]})
