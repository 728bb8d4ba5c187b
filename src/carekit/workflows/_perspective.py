"""When to seek a new perspective on a trial action (DC-3), as a date and a reason: the
rule behind the ``new_perspective`` item of :func:`carekit.workflows.due`.

Two set points, for a trial action that is running or being evaluated:

- **No progress**: its latest *after* evaluations (``WorkflowConfig.perspective_after``,
  default 3) up to the day asked about show no progress — none as predicted or better.
  Due on the day of the latest of them.  Answered by a perspective from outside the staff
  (the citizen, a relative, a volunteer, a partner) recorded on or after that day.
- **Before deciding**: it is being evaluated (adopt, adapt or abandon comes next) and no
  perspective from outside the staff was recorded since it started.  Due on its evaluation
  date (today at the latest).

A perspective counts when it is about the trial action or one of its dreams and its source
is not staff.  Staff words are used on purpose (prøvehandling, perspektiv): these texts are
for the team, not the citizen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carekit.i18n import Text
from carekit.model import Perspective, PerspectiveSource, Record, TrialAction
from carekit.workflows._calendar import local_date

__all__ = ["outside_perspectives", "perspective_due"]


def outside_perspectives(trial: TrialAction, records: Iterable[Record]) -> list[Perspective]:
    """The perspectives among *records* from outside the staff on *trial* or its dreams."""
    dreams = set(trial.dream_ids)
    return [
        p
        for p in records
        if isinstance(p, Perspective)
        and p.citizen_id == trial.citizen_id
        and p.source is not PerspectiveSource.STAFF
        and (trial.id in p.trial_action_ids or bool(dreams & set(p.dream_ids)))
    ]


def _no_progress(count: int) -> Text:
    return Text(
        f"Prøvehandlingen har ikke givet fremgang i de seneste {count} evalueringer. "
        "Søg et nyt perspektiv: spørg borgeren, en pårørende eller en frivillig",
        f"The trial action has shown no progress in its last {count} evaluations. "
        "Seek a new perspective: ask the citizen, a relative or a volunteer",
    )


_BEFORE_DECIDING = Text(
    "Før I beslutter om prøvehandlingen: søg et nyt perspektiv fra borgeren, en pårørende "
    "eller en frivillig",
    "Before you decide on the trial action: seek a new perspective from the citizen, a "
    "relative or a volunteer",
)


def perspective_due(
    trial: TrialAction, records: Iterable[Record], as_of: dt.date, *, after: int = 3
) -> tuple[dt.date, Text, str] | None:
    """When and why the team should seek a new perspective on *trial* (the day, the reason
    and the JSON pointer of what prompted it), or ``None``.  *records*: at least the
    citizen's perspectives.  ``ValueError`` when *after* is below 1."""
    if after < 1:
        raise ValueError(f"after must be >= 1, got {after}")
    if trial.status not in ("running", "evaluating"):
        return None
    heard = outside_perspectives(trial, records)
    evaluations = sorted(
        (e for e in trial.evaluations if local_date(e.evaluated_at) <= as_of),
        key=lambda e: e.evaluated_at,
    )
    latest = evaluations[-after:]
    if len(latest) == after and not any(e.result.positive for e in latest):
        day = local_date(latest[-1].evaluated_at)
        if not any(p.recorded_on >= day for p in heard):
            index = trial.evaluations.index(latest[-1])
            return day, _no_progress(after), f"/evaluations/{index}"
    if trial.status == "evaluating":
        since = trial.start_date
        if not any(since is None or p.recorded_on >= since for p in heard):
            day = min(trial.evaluation_date or as_of, as_of)
            return day, _BEFORE_DECIDING, "/status"
    return None
