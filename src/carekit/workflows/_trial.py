"""Reading a trial action's evidence: the adoption rule, the evaluation series for a run
chart, and who contributed (DC-2, DC-6).

Pure functions over records, used by the guards and by anyone drawing a run chart::

    from carekit.workflows import adoption_evidence, evaluation_series

    evidence = adoption_evidence(trial)   # why adopt is (not yet) allowed, point by point
    series = evaluation_series(trial, app.citizen_records(trial.citizen_id))
    series.to_dict()                       # baseline, median and the points, every cycle

The adoption rule (:data:`carekit.model.MIN_EVALUATIONS_TO_ADOPT`): at least two
evaluations, at least one by the citizen or a relative, at least one as predicted or better,
and the mean joy score of the scored evaluations above the baseline.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections.abc import Iterable
from typing import Any

import attrs

from carekit.i18n import Text
from carekit.model import (
    MIN_EVALUATIONS_TO_ADOPT,
    Actor,
    EvaluationResult,
    Rater,
    Record,
    TrialAction,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._perspective import perspective_due

__all__ = [
    "AdoptionEvidence",
    "Contribution",
    "EvaluationPoint",
    "EvaluationSeries",
    "adoption_evidence",
    "contributors",
    "evaluation_series",
    "perspective_prompt",
]

_VOICES = (Rater.CITIZEN, Rater.RELATIVE)


@attrs.frozen
class AdoptionEvidence:
    """What a trial action's evaluations show, against the adoption rule."""

    evaluations: int
    voices: frozenset[Rater]
    positive: int
    baseline: int | None
    mean_score: float | None

    @property
    def enough_evaluations(self) -> bool:
        """At least :data:`~carekit.model.MIN_EVALUATIONS_TO_ADOPT` evaluations."""
        return self.evaluations >= MIN_EVALUATIONS_TO_ADOPT

    @property
    def citizen_or_relative_voice(self) -> bool:
        """At least one evaluation is the citizen's or a relative's."""
        return any(v in self.voices for v in _VOICES)

    @property
    def improved(self) -> bool:
        """A baseline is recorded and the mean joy score of the evaluations is above it."""
        return (
            self.baseline is not None
            and self.mean_score is not None
            and self.mean_score > self.baseline
        )

    @property
    def sufficient(self) -> bool:
        """Every point of the adoption rule holds."""
        return (
            self.enough_evaluations
            and self.citizen_or_relative_voice
            and self.positive > 0
            and self.improved
        )

    def missing(self) -> list[Text]:
        """What is still missing, in Danish and English (empty when sufficient)."""
        out: list[Text] = []
        if not self.enough_evaluations:
            out.append(
                Text(
                    f"{MIN_EVALUATIONS_TO_ADOPT - self.evaluations} evaluering(er) mere",
                    f"{MIN_EVALUATIONS_TO_ADOPT - self.evaluations} more evaluation(s)",
                )
            )
        if not self.citizen_or_relative_voice:
            out.append(
                Text(
                    "en evaluering med borgerens eller en pårørendes stemme",
                    "an evaluation in the citizen's or a relative's voice",
                )
            )
        if self.positive == 0:
            out.append(
                Text(
                    "en evaluering, der er som forventet eller bedre",
                    "an evaluation as predicted or better",
                )
            )
        if not self.improved:
            out.append(
                Text(
                    "en bedre livsglæde end udgangspunktet",
                    "a joy score above the baseline",
                )
            )
        return out


def adoption_evidence(trial: TrialAction) -> AdoptionEvidence:
    """The evidence in *trial*'s evaluations, read against the adoption rule."""
    scores = [e.joy_score for e in trial.evaluations if e.joy_score is not None]
    return AdoptionEvidence(
        evaluations=len(trial.evaluations),
        voices=frozenset(e.rated_by for e in trial.evaluations),
        positive=sum(1 for e in trial.evaluations if e.result.positive),
        baseline=trial.baseline.joy_score if trial.baseline is not None else None,
        mean_score=statistics.fmean(scores) if scores else None,
    )


@attrs.frozen
class EvaluationPoint:
    """One point of a run chart: an evaluation of one cycle."""

    trial_action_id: uuid.UUID
    cycle: int
    day: dt.date
    rated_by: Rater
    result: EvaluationResult
    joy_score: int | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (ids and dates as strings)."""
        return {
            "trial_action_id": str(self.trial_action_id),
            "cycle": self.cycle,
            "day": self.day.isoformat(),
            "rated_by": self.rated_by.value,
            "result": self.result.value,
            "joy_score": self.joy_score,
        }


@attrs.frozen
class EvaluationSeries:
    """The evaluations of a trial action and the cycles before it, oldest first, with the
    first cycle's baseline: the data of a run chart (time on x, joy score on y, the
    baseline and the median as lines)."""

    trial_action_id: uuid.UUID
    baseline: int | None
    points: tuple[EvaluationPoint, ...]

    @property
    def scores(self) -> list[int]:
        """The joy scores, in time order (unscored evaluations left out)."""
        return [p.joy_score for p in self.points if p.joy_score is not None]

    @property
    def median(self) -> float | None:
        """The median joy score (the run chart's centre line), or ``None`` without scores."""
        return statistics.median(self.scores) if self.scores else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for a chart library or ``carekit ... --json``."""
        return {
            "trial_action_id": str(self.trial_action_id),
            "baseline": self.baseline,
            "median": self.median,
            "points": [p.to_dict() for p in self.points],
        }


def _chain(trial: TrialAction, records: Iterable[Record]) -> list[TrialAction]:
    by_id = {r.id: r for r in records if isinstance(r, TrialAction)}
    by_id[trial.id] = trial
    chain = [trial]
    seen = {trial.id}
    current = trial
    while current.previous_cycle_id is not None and current.previous_cycle_id not in seen:
        previous = by_id.get(current.previous_cycle_id)
        if previous is None:
            break
        chain.append(previous)
        seen.add(previous.id)
        current = previous
    return list(reversed(chain))


def evaluation_series(trial: TrialAction, records: Iterable[Record] = ()) -> EvaluationSeries:
    """The run-chart series of *trial*: its evaluations and those of the earlier cycles it
    adapts (found among *records*, e.g. ``app.citizen_records(citizen_id)``), oldest first;
    the baseline is the first cycle's that has one."""
    chain = _chain(trial, records)
    points = sorted(
        (
            EvaluationPoint(
                trial_action_id=cycle.id,
                cycle=cycle.cycle,
                day=local_date(e.evaluated_at),
                rated_by=e.rated_by,
                result=e.result,
                joy_score=e.joy_score,
            )
            for cycle in chain
            for e in cycle.evaluations
        ),
        key=lambda p: (p.day, p.cycle),
    )
    baseline = next((c.baseline.joy_score for c in chain if c.baseline is not None), None)
    return EvaluationSeries(trial.id, baseline, tuple(points))


@attrs.frozen
class Contribution:
    """What one person contributed to a trial action (DC-6: all staff register)."""

    actor: Actor
    observations: int = 0
    evaluations: int = 0
    baseline: bool = False
    responsible: bool = False
    decided: bool = False

    @property
    def total(self) -> int:
        """Observations plus evaluations (what the person registered)."""
        return self.observations + self.evaluations


def contributors(trial: TrialAction) -> list[Contribution]:
    """Who contributed to *trial*: everyone responsible, who observed signs, evaluated,
    noted the baseline or decided, most registrations first (ties by name/id)."""
    found: dict[str, dict[str, Any]] = {}

    def entry(actor: Actor) -> dict[str, Any]:
        return found.setdefault(actor.id, {"actor": actor})

    for actor in trial.responsible:
        entry(actor)["responsible"] = True
    for observation in trial.observations:
        e = entry(observation.observed_by)
        e["observations"] = e.get("observations", 0) + 1
    for evaluation in trial.evaluations:
        e = entry(evaluation.rater)
        e["evaluations"] = e.get("evaluations", 0) + 1
    if trial.baseline is not None:
        entry(trial.baseline.recorded_by)["baseline"] = True
    if trial.decision is not None:
        entry(trial.decision.decided_by)["decided"] = True
    contributions = [Contribution(**e) for e in found.values()]
    return sorted(contributions, key=lambda c: (-c.total, c.actor.name or c.actor.id))


def perspective_prompt(
    trial: TrialAction, records: Iterable[Record] = (), *, after: int = 3
) -> Text | None:
    """Why the team should seek a new perspective on *trial* now (DC-3), or ``None``: the
    reason of the ``new_perspective`` item :func:`~carekit.workflows.due` lists, without a
    date (every evaluation counts).  The two set points — no progress in the latest *after*
    evaluations, and being evaluated with nobody outside the staff heard since the start —
    are :func:`carekit.workflows._perspective.perspective_due`; *records*: at least the
    citizen's perspectives."""
    found = perspective_due(trial, records, dt.date.max, after=after)
    return found[1] if found is not None else None
