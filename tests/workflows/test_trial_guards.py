"""The trial-action rules of #19, one by one: what ``start``, ``adopt`` and ``adapt`` ask of
staff, with the Danish and English texts they refuse with, the evaluation series for a run
chart, and who contributed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from carekit.errors import GuardFailed, InvariantViolated
from carekit.lifecycle import TRIAL_ACTION
from carekit.model import MIN_EVALUATIONS_TO_ADOPT, EvaluationResult, Rater, TrialAction
from carekit.workflows import (
    GUARDS,
    Context,
    Env,
    LearningStoryPrompted,
    adoption_evidence,
    apply,
    check_invariants,
    contributors,
    evaluation_series,
)

from . import factories as f

R = EvaluationResult


def holds(name: str, trial: TrialAction) -> bool:
    return GUARDS[name](trial, Env(actor=f.NURSE, at=f.AT, context=Context()))


def _refusal(trial: TrialAction, action: str) -> GuardFailed:
    with pytest.raises(GuardFailed) as caught:
        apply(trial, action, actor=f.NURSE, at=f.AT)
    return caught.value


def _evaluating(*evaluations: object, **overrides: object) -> TrialAction:
    fields: dict[str, object] = {"status": "evaluating", "start_date": f.TODAY, **overrides}
    return f.ready_trial_action(evaluations=list(evaluations), **fields)


# --------------------------------------------------------------------------- start
def test_start_is_guarded_by_prediction_signs_date_responsible_and_baseline() -> None:
    names = [g.name for g in TRIAL_ACTION.action("start").guards]
    assert names == [
        "has_prediction_and_signs",
        "has_evaluation_date",
        "has_responsible",
        "has_baseline",
    ]


def test_a_ready_trial_action_starts_and_is_dated_today() -> None:
    transition = apply(f.ready_trial_action(), "start", actor=f.NURSE, at=f.AT)
    assert transition.record.status == "running"  # type: ignore[attr-defined]  # the Record base
    assert transition.record.start_date == f.TODAY  # type: ignore[attr-defined]  # the Record base


@pytest.mark.parametrize(
    ("missing", "guard", "da", "en"),
    [
        ({"prediction": None}, "has_prediction_and_signs", "forudsigelse", "prediction"),
        ({"signs": []}, "has_prediction_and_signs", "tegn", "sign"),
        (
            {"evaluation_date": None},
            "has_evaluation_date",
            "dato for evaluering",
            "evaluation date",
        ),
        ({"responsible": []}, "has_responsible", "ansvarlig", "responsible"),
        ({"baseline": None}, "has_baseline", "Udgangspunktet", "baseline"),
    ],
)
def test_start_is_refused_without_each_part_of_the_plan(
    missing: dict[str, object], guard: str, da: str, en: str
) -> None:
    trial = f.ready_trial_action(**missing)
    assert not holds(guard, trial)
    error = _refusal(trial, "start")
    (reason,) = error.reasons
    assert da in reason.da
    assert en in reason.en
    assert da in error.text.da
    assert en in error.text.en


@pytest.mark.parametrize("placeholder", ["x", "-", "test", "…", "...", "xxx", "TBD", " n/a "])
def test_a_placeholder_prediction_is_no_prediction(placeholder: str) -> None:
    assert not holds("has_prediction_and_signs", f.ready_trial_action(prediction=placeholder))


def test_an_evaluation_date_before_the_start_does_not_count() -> None:
    early = f.ready_trial_action(start_date=f.TODAY, evaluation_date=f.TODAY - dt.timedelta(days=1))
    assert not holds("has_evaluation_date", early)
    same_day = f.ready_trial_action(start_date=f.TODAY, evaluation_date=f.TODAY)
    assert holds("has_evaluation_date", same_day)


def test_a_running_trial_must_keep_its_plan() -> None:
    running = f.ready_trial_action(status="running", start_date=f.TODAY)
    check_invariants(running)
    with pytest.raises(InvariantViolated) as caught:
        check_invariants(running.model_copy(update={"responsible": [], "baseline": None}))
    assert caught.value.failed == ("has_responsible", "has_baseline")


# --------------------------------------------------------------------------- adopt
def test_the_adoption_rule_needs_two_evaluations() -> None:
    assert MIN_EVALUATIONS_TO_ADOPT == 2
    one = _evaluating(f.scored(R.BETTER_THAN_PREDICTED, rated_by=Rater.CITIZEN, joy_score=5))
    error = _refusal(one, "adopt")
    assert [r.en for r in error.reasons] == [
        "There are at least two evaluations (one good day is not enough for a new routine)"
    ]
    assert error.reasons[0].da.startswith("Der er mindst to evalueringer")


def test_the_adoption_rule_needs_the_citizens_or_a_relatives_voice() -> None:
    staff_only = _evaluating(f.scored(), f.scored())
    assert not holds("citizen_or_relative_voice", staff_only)
    assert list(_refusal(staff_only, "adopt").reasons) == [
        TRIAL_ACTION.action("adopt").guards[2].text
    ]
    for voice in (Rater.CITIZEN, Rater.RELATIVE):
        assert holds("citizen_or_relative_voice", _evaluating(f.scored(rated_by=voice)))


def test_the_adoption_rule_needs_improvement_against_the_baseline() -> None:
    flat = _evaluating(
        f.scored(rated_by=Rater.RELATIVE, joy_score=2),
        f.scored(joy_score=3),
        baseline=f.baseline(3),
    )
    assert not holds("improved_against_baseline", flat)  # mean 2.5 is not above 3
    (reason,) = _refusal(flat, "adopt").reasons
    assert "udgangspunktet" in reason.da
    assert "baseline" in reason.en
    unscored = _evaluating(
        f.scored(rated_by=Rater.CITIZEN).model_copy(update={"joy_score": None}), f.scored()
    )
    assert adoption_evidence(unscored).mean_score == 4  # unscored evaluations are left out
    no_baseline = flat.model_copy(update={"baseline": None})
    assert not holds("improved_against_baseline", no_baseline)


def test_adopting_on_convincing_evidence_creates_a_routine_to_review_and_prompts_a_story() -> None:
    trial = _evaluating(
        f.scored(R.AS_PREDICTED, rated_by=Rater.CITIZEN, joy_score=4),
        f.scored(R.BETTER_THAN_PREDICTED, joy_score=5),
    )
    evidence = adoption_evidence(trial)
    assert evidence.sufficient
    assert evidence.missing() == []
    transition = apply(trial, "adopt", actor=f.LEADER, at=f.AT, reason="Hun nynner hver dag")
    (routine,) = transition.created
    assert routine.review_date == dt.date(2026, 8, 13)  # type: ignore[attr-defined]  # the created Record
    prompt = transition.events[-1]
    assert isinstance(prompt, LearningStoryPrompted)
    assert prompt.data == {"trial_action_id": str(trial.id), "after": "adopted"}


def test_adoption_evidence_says_what_is_missing_in_danish_and_english() -> None:
    missing = adoption_evidence(_evaluating(f.scored(R.NO_CHANGE, joy_score=1))).missing()
    assert [t.en for t in missing] == [
        "1 more evaluation(s)",
        "an evaluation in the citizen's or a relative's voice",
        "an evaluation as predicted or better",
        "a joy score above the baseline",
    ]
    assert missing[1].da == "en evaluering med borgerens eller en pårørendes stemme"


def test_an_adopted_trial_cannot_be_imported_without_its_evidence() -> None:
    adopted = _evaluating(f.scored(), status="adopted")
    with pytest.raises(InvariantViolated) as caught:
        check_invariants(adopted)
    assert caught.value.failed == ("enough_evaluations", "citizen_or_relative_voice")


# --------------------------------------------------------------------------- adapt
def test_adapting_needs_what_was_learned() -> None:
    trial = _evaluating(f.scored(R.NO_CHANGE), learned="-")
    (reason,) = _refusal(trial, "adapt").reasons
    assert reason.en == "What we learned is written down, so the next cycle can build on it"
    assert reason.da == "Det, vi lærte, er skrevet ned, så næste runde kan bygge på det"


def test_learning_is_carried_through_every_cycle() -> None:
    first = _evaluating(f.scored(R.NO_CHANGE, joy_score=2), learned="For koldt om morgenen")
    t1 = apply(first, "adapt", actor=f.NURSE, at=f.AT)
    (second,) = t1.created
    assert isinstance(second, TrialAction)
    second = second.model_copy(
        update={
            "status": "evaluating",
            "prediction": "Han går med ud efter middagen",
            "evaluation_date": f.TODAY,
            "evaluations": [f.scored(R.NO_CHANGE, joy_score=3)],
            "learned": "Han vil hellere se fuglene inde fra",
        }
    )
    (third,) = apply(second, "adapt", actor=f.NURSE, at=f.AT).created
    assert isinstance(third, TrialAction)
    assert third.cycle == 3
    assert third.carried_learning == [
        "For koldt om morgenen",
        "Han vil hellere se fuglene inde fra",
    ]
    assert third.baseline == first.baseline
    series = evaluation_series(third, [t1.record, second])
    assert [(p.cycle, p.joy_score) for p in series.points] == [(1, 2), (2, 3)]
    assert series.baseline == 2


# ------------------------------------------------------------------ series and contributors
def test_the_evaluation_series_is_json_ready_for_a_run_chart() -> None:
    later = f.scored(rated_by=Rater.CITIZEN, joy_score=5).model_copy(
        update={"evaluated_at": f.AT + dt.timedelta(days=7)}
    )
    trial = _evaluating(later, f.scored(joy_score=3))
    data = evaluation_series(trial).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["baseline"] == 2
    assert data["median"] == 4
    assert [p["day"] for p in data["points"]] == ["2026-05-13", "2026-05-20"]
    assert [p["rated_by"] for p in data["points"]] == ["staff", "citizen"]


def test_who_contributed_lists_everyone_who_registered() -> None:
    trial = _evaluating(
        f.scored(rated_by=Rater.CITIZEN).model_copy(update={"rater": f.LEADER}),
        observations=[f.observation(f.sign().id, f.LEADER)] * 2,
    )
    trial = trial.model_copy(update={"signs": [f.sign()]})
    found = {c.actor.id: c for c in contributors(trial)}
    assert found[f.LEADER.id].observations == 2
    assert found[f.LEADER.id].evaluations == 1
    assert found[f.NURSE.id].responsible
    assert found[f.NURSE.id].baseline
    assert next(c.actor.id for c in contributors(trial)) == f.LEADER.id  # most registered first
