"""What to watch today, observations by anyone, routine review/retirement, and the prompt to
seek a new perspective (#19 points 2-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from carekit.model import EvaluationResult, Perspective, PerspectiveSource, Rater, Routine
from carekit.workflows import observe_sign, perspective_prompt, watch_list

from . import factories as f


def _routine(**over: object) -> Routine:
    fields: dict[str, object] = {
        "citizen_id": f.CITIZEN,
        "actor": f.NURSE,
        "description": "Kaffe i haven hver formiddag",
        "trial_action_id": f.trial_action().id,
        "since": f.TODAY,
        "review_date": f.TODAY + dt.timedelta(days=90),
        **over,
    }
    return Routine(**fields)


def test_watch_list_has_active_routines_and_running_signs_only() -> None:
    running = f.ready_trial_action(status="running", start_date=f.TODAY)
    planned = f.ready_trial_action()
    later = _routine(since=f.TODAY + dt.timedelta(days=1))
    retired = _routine().retire(f.TODAY, "Hun vil ikke mere")
    items = watch_list([running, planned, _routine(), later, retired], f.TODAY)
    assert [(i.category, i.what) for i in items] == [
        ("routine", "Kaffe i haven hver formiddag"),
        ("sign", "Smiler"),
    ]
    sign = items[1]
    assert sign.why == running.title
    assert sign.team == (f.NURSE,)
    assert sign.label.da == "Tegn at holde øje med"
    assert not sign.due
    assert watch_list([running], running.evaluation_date or f.TODAY)[0].due
    assert watch_list([running], f.TODAY, citizen_id="someone-else") == []


def test_a_routine_is_due_for_review_on_its_review_date_and_retires() -> None:
    routine = _routine()
    assert routine.due_on() == routine.review_date
    (item,) = watch_list([routine], routine.review_date or f.TODAY)
    assert item.due
    retired = routine.retire(f.TODAY, "Koret holder pause")
    assert (retired.active, retired.retired_on, retired.due_on()) == (False, f.TODAY, None)


def test_anyone_on_the_team_observes_a_sign() -> None:
    trial = f.ready_trial_action(status="running")
    seen = observe_sign(trial, trial.signs[0].id, by=f.LEADER, at=f.AT, note="Hun nynnede")
    (observation,) = seen.observations
    assert observation.observed_by == f.LEADER
    assert observation.note == "Hun nynnede"
    with pytest.raises(ValueError, match="has no sign"):
        observe_sign(trial, f.trial_action().id, by=f.LEADER, at=f.AT)
    with pytest.raises(ValueError, match="naive"):
        observe_sign(trial, trial.signs[0].id, by=f.LEADER, at=dt.datetime(2026, 5, 1))  # noqa: DTZ001 - the point


def _perspective(source: PerspectiveSource, on: dt.date, trial_id: object) -> Perspective:
    return Perspective(
        citizen_id=f.CITIZEN,
        actor=f.NURSE,
        source=source,
        content="Hun kan sidde ned under prøven",
        trial_action_ids=[trial_id],
        recorded_on=on,
        in_own_words=True,
    )


def test_a_new_perspective_is_asked_for_before_deciding_and_after_no_progress() -> None:
    trial = f.ready_trial_action(status="evaluating", start_date=f.TODAY)
    prompt = perspective_prompt(trial)
    assert prompt is not None
    assert prompt.en.startswith("Before you decide")
    assert prompt.da.startswith("Før I beslutter")
    volunteer = _perspective(PerspectiveSource.VOLUNTEER, f.TODAY, trial.id)
    assert perspective_prompt(trial, [volunteer]) is None
    staff = _perspective(PerspectiveSource.STAFF, f.TODAY, trial.id)
    assert perspective_prompt(trial, [staff]) is not None  # only voices from outside count
    old = _perspective(PerspectiveSource.RELATIVE, f.TODAY - dt.timedelta(days=1), trial.id)
    assert perspective_prompt(trial, [old]) is not None  # heard before the start
    stuck = f.ready_trial_action(
        status="running",
        evaluations=[f.scored(EvaluationResult.NO_CHANGE, rated_by=Rater.CITIZEN)] * 2,
    )
    assert perspective_prompt(stuck) is None  # two are not yet "no progress" (default 3)
    staff = _perspective(PerspectiveSource.STAFF, f.TODAY, stuck.id)
    no_progress = perspective_prompt(stuck, [staff], after=2)
    assert no_progress is not None
    assert no_progress.en.startswith("The trial action has shown no progress in its last 2")
    assert no_progress.da.startswith("Prøvehandlingen har ikke givet fremgang i de seneste 2")
    volunteer = _perspective(PerspectiveSource.VOLUNTEER, f.TODAY, stuck.id)
    assert perspective_prompt(stuck, [volunteer], after=2) is None  # heard since: answered
    assert perspective_prompt(f.ready_trial_action(status="running")) is None
