"""A stateful property test over the extended trial-action workflow (#19, DC-2/DC-6).

Rules change one thing at a time, the way staff fill a trial action in over weeks: the
prediction, signs, evaluation date, responsible staff, the baseline, evaluations by staff,
the citizen or relatives, what was learned.  Actions are tried at random.  The oracle here
states the documented rules independently of the engine:

- ``start`` needs a prediction in real words, a sign, an evaluation date not before the
  start, a responsible person and a baseline;
- ``adopt`` needs at least two evaluations, one by the citizen or a relative, one as
  predicted or better, and a mean joy score above the baseline;
- ``adapt`` needs an evaluation and what was learned; the next cycle carries the learning
  and the baseline forward, and the run-chart series follows every cycle.

Invariants: a guarded action succeeds exactly when the oracle says so; a refusal names
exactly the failing guards in Danish and English; every record reached satisfies its state's
invariants; the series holds every evaluation of every cycle, oldest first.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from carekit.errors import GuardFailed, TransitionNotAllowed
from carekit.lifecycle import TRIAL_ACTION
from carekit.model import EvaluationResult, Rater, Routine, TrialAction
from carekit.workflows import (
    ActionGuardFailed,
    LearningStoryPrompted,
    apply,
    contributors,
    evaluation_series,
    failed_invariants,
)

from . import factories as f

GOOD_TEXT = "Hun nynner med, når vi synger"
PLACEHOLDERS = ["x", "-", "test", "…", "", "   ", "xxx", "TBD"]


def _words(good: bool, placeholder: str) -> str | None:
    if good:
        return GOOD_TEXT
    return placeholder if placeholder.strip() else None


def oracle(trial: TrialAction) -> dict[str, bool]:
    """Which guards hold, by the documented rules (not by calling the engine)."""
    scores = [e.joy_score for e in trial.evaluations if e.joy_score is not None]
    base = trial.baseline.joy_score if trial.baseline else None
    return {
        "has_prediction_and_signs": trial.prediction == GOOD_TEXT and bool(trial.signs),
        "has_evaluation_date": trial.evaluation_date is not None
        and (trial.start_date is None or trial.evaluation_date >= trial.start_date),
        "has_responsible": bool(trial.responsible),
        "has_baseline": trial.baseline is not None,
        "has_evaluation": bool(trial.evaluations),
        "enough_evaluations": len(trial.evaluations) >= 2,
        "citizen_or_relative_voice": any(
            e.rated_by in (Rater.CITIZEN, Rater.RELATIVE) for e in trial.evaluations
        ),
        "positive_evaluation": any(
            e.result in (EvaluationResult.AS_PREDICTED, EvaluationResult.BETTER_THAN_PREDICTED)
            for e in trial.evaluations
        ),
        "improved_against_baseline": base is not None
        and bool(scores)
        and statistics.fmean(scores) > base,
        "learning_recorded": trial.learned == GOOD_TEXT,
    }


class TrialActionRigour(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.trial = f.trial_action()
        self.cycles: list[TrialAction] = []  # earlier cycles, oldest first
        self.routines: list[Routine] = []
        self.prompts: list[str] = []

    def _put(self, **update: Any) -> None:
        """Change content the way ``Application.update`` would: a change that breaks what
        the current state requires is refused (the record stays as it was)."""
        changed = self.trial.model_copy(update=update)
        if not failed_invariants(changed, at=f.AT):
            self.trial = changed

    # -- what staff fill in --------------------------------------------------------------
    @rule(good=st.booleans(), placeholder=st.sampled_from(PLACEHOLDERS))
    def write_prediction(self, good: bool, placeholder: str) -> None:
        self._put(prediction=_words(good, placeholder))

    @rule(n=st.integers(0, 2))
    def set_signs(self, n: int) -> None:
        self._put(signs=[f.sign(f"Tegn {i}") for i in range(n)])

    @rule(offset=st.none() | st.integers(-3, 30), start=st.none() | st.integers(-2, 2))
    def set_dates(self, offset: int | None, start: int | None) -> None:
        if self.trial.status != "planned" and start is None:
            start = 0  # a running trial has a start date (stamped by start)
        self._put(
            evaluation_date=None if offset is None else f.TODAY + dt.timedelta(days=offset),
            start_date=None if start is None else f.TODAY + dt.timedelta(days=start),
        )

    @rule(responsible=st.booleans())
    def set_responsible(self, responsible: bool) -> None:
        self._put(responsible=[f.NURSE] if responsible else [])

    @rule(score=st.none() | st.integers(1, 5))
    def note_baseline(self, score: int | None) -> None:
        self._put(baseline=None if score is None else f.baseline(score))

    @rule(
        who=st.sampled_from(Rater),
        result=st.sampled_from(EvaluationResult),
        score=st.none() | st.integers(1, 5),
    )
    def add_evaluation(self, who: Rater, result: EvaluationResult, score: int | None) -> None:
        evaluation = f.scored(result, rated_by=who, joy_score=3).model_copy(
            update={"joy_score": score}
        )
        self._put(evaluations=[*self.trial.evaluations, evaluation])

    @rule()
    def observe_a_sign(self) -> None:
        if self.trial.signs:
            observation = f.observation(self.trial.signs[0].id, f.LEADER)
            self._put(observations=[*self.trial.observations, observation])

    @rule(good=st.booleans(), placeholder=st.sampled_from(PLACEHOLDERS))
    def write_learning(self, good: bool, placeholder: str) -> None:
        self._put(learned=_words(good, placeholder))

    # Two steering rules, so that deep paths (start, adopt, adapt, cycles) are reached often.
    @rule()
    def plan_it_properly(self) -> None:
        self._put(
            prediction=GOOD_TEXT,
            signs=[f.sign()],
            evaluation_date=f.TODAY + dt.timedelta(days=14),
            start_date=None if self.trial.status == "planned" else f.TODAY,
            responsible=[f.NURSE],
            baseline=self.trial.baseline or f.baseline(2),
        )

    @rule(voice=st.sampled_from([Rater.CITIZEN, Rater.RELATIVE]))
    def gather_convincing_evidence(self, voice: Rater) -> None:
        good = [
            f.scored(EvaluationResult.AS_PREDICTED, rated_by=voice, joy_score=5),
            f.scored(EvaluationResult.BETTER_THAN_PREDICTED, joy_score=5),
        ]
        self._put(evaluations=[*self.trial.evaluations, *good], learned=GOOD_TEXT)

    # -- actions -------------------------------------------------------------------------
    @rule(data=st.data())
    def try_an_action_the_state_allows(self, data: st.DataObject) -> None:
        allowed = TRIAL_ACTION.allowed(self.trial.status)
        if allowed:
            self.try_action(data.draw(st.sampled_from([a.name for a in allowed])))

    @rule(action=st.sampled_from([a.name for a in TRIAL_ACTION.actions]))
    def try_action(self, action: str) -> None:
        before = self.trial
        allowed = [a.name for a in TRIAL_ACTION.allowed(before.status)]
        truth = oracle(before)
        refused: GuardFailed | TransitionNotAllowed | None = None
        try:
            transition = apply(before, action, actor=f.LEADER, at=f.AT, reason="Teammøde")
        except (TransitionNotAllowed, GuardFailed) as exc:
            refused = exc
        if isinstance(refused, TransitionNotAllowed):
            assert action not in allowed
            return
        if isinstance(refused, GuardFailed):
            chosen = TRIAL_ACTION.action(action)
            failing = [g for g in chosen.guards if not truth[g.name]]
            assert failing, f"{action} refused although the oracle says every guard holds"
            assert isinstance(refused, ActionGuardFailed)
            assert refused.failed == tuple(g.name for g in failing)
            assert refused.reasons == tuple(g.text for g in failing)
            assert all(r.da and r.en and r.da != r.en for r in refused.reasons)
            return
        chosen = TRIAL_ACTION.action(action)
        assert all(truth[g.name] for g in chosen.guards), f"{action} passed a failing guard"
        record = transition.record
        assert isinstance(record, TrialAction)
        assert record.status == chosen.target
        assert failed_invariants(record, at=f.AT) == []  # the state's invariants hold
        if action == "start":
            assert record.start_date is not None
        prompts = [e for e in transition.events if isinstance(e, LearningStoryPrompted)]
        if action in ("adopt", "abandon"):
            assert [p.data["after"] for p in prompts] == [
                "adopted" if action == "adopt" else "abandoned"
            ]
            self.prompts.append(action)
        else:
            assert prompts == []
        if action == "adopt":
            (routine,) = transition.created
            assert isinstance(routine, Routine)
            assert routine.review_date is not None
            assert routine.review_date > routine.since
            self.routines.append(routine)
        if action == "adapt":
            (following,) = transition.created
            assert isinstance(following, TrialAction)
            assert following.carried_learning == [*record.carried_learning, GOOD_TEXT]
            assert following.baseline == record.baseline
            assert following.previous_cycle_id == record.id
            assert following.learned is None
            assert following.evaluations == []
            self.cycles.append(record)
            self.trial = following
            return
        self.trial = record

    @precondition(lambda self: self.trial.status == "evaluating")
    @rule(
        voice=st.sampled_from([Rater.CITIZEN, Rater.RELATIVE]),
        action=st.sampled_from(["adopt", "adapt"]),
    )
    def decide_on_evidence(self, voice: Rater, action: str) -> None:
        """The deep path: convincing evidence and written learning, then a decision."""
        self.gather_convincing_evidence(voice)
        self.try_action(action)

    @precondition(lambda self: TRIAL_ACTION.state(self.trial.status).final)
    @rule()
    def begin_a_new_trial(self) -> None:
        self.cycles = []
        self.trial = f.trial_action()

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def actions_the_engine_allows_are_those_the_oracle_allows(self) -> None:
        truth = oracle(self.trial)
        for action in TRIAL_ACTION.allowed(self.trial.status):
            expected = all(truth[g.name] for g in action.guards)
            try:
                apply(self.trial, action.name, actor=f.NURSE, at=f.AT)
            except GuardFailed:
                assert not expected, action.name
            else:
                assert expected, action.name

    @invariant()
    def the_run_chart_series_holds_every_cycle(self) -> None:
        series = evaluation_series(self.trial, self.cycles)
        expected = sum(len(c.evaluations) for c in [*self.cycles, self.trial])
        assert len(series.points) == expected
        assert [p.day for p in series.points] == sorted(p.day for p in series.points)
        first = next((c.baseline for c in [*self.cycles, self.trial] if c.baseline), None)
        assert series.baseline == (first.joy_score if first else None)

    @invariant()
    def everyone_who_registered_is_a_contributor(self) -> None:
        ids = {c.actor.id for c in contributors(self.trial)}
        assert {e.rater.id for e in self.trial.evaluations} <= ids
        assert {o.observed_by.id for o in self.trial.observations} <= ids


TestTrialActionRigour = TrialActionRigour.TestCase
TestTrialActionRigour.settings = settings(
    max_examples=80,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
