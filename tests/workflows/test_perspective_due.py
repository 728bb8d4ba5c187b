"""The prompt to seek a new perspective in ``due()`` (#19 point 4, DC-3) and the review of a
routine (#19 point 2): at set points, with Danish and English texts, answered by a
perspective from outside the staff — in the pure function and through the application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from carekit.demo import demo_citizens, run_demo
from carekit.model import (
    Evaluation,
    EvaluationResult,
    Perspective,
    PerspectiveSource,
    Rater,
    Record,
    Routine,
    TrialAction,
)
from carekit.testing.readers import open_reading
from carekit.workflows import COPENHAGEN, DueItem, WorkflowConfig, due

from . import factories as f

NO_CHANGE = EvaluationResult.NO_CHANGE


def _evaluation(day: int, result: EvaluationResult = NO_CHANGE) -> Evaluation:
    at = dt.datetime(2026, 5, day, 14, 0, tzinfo=COPENHAGEN)
    return Evaluation(evaluated_at=at, rated_by=Rater.CITIZEN, rater=f.NURSE, result=result)


def _stuck(*results: EvaluationResult, **over: object) -> TrialAction:
    evaluations = [_evaluation(14 + i, r) for i, r in enumerate(results)]
    fields: dict[str, object] = {
        "status": "running",
        "start_date": f.TODAY,
        "evaluation_date": dt.date(2026, 6, 30),
        "evaluations": evaluations,
        **over,
    }
    return f.ready_trial_action(**fields)


def _perspective(source: PerspectiveSource, on: dt.date, trial: TrialAction) -> Perspective:
    return Perspective(
        citizen_id=f.CITIZEN,
        actor=f.NURSE,
        source=source,
        content="Hun vil hellere synge om eftermiddagen",
        trial_action_ids=[trial.id],
        recorded_on=on,
        in_own_words=True,
    )


def _prompts(records: Sequence[Record], as_of: dt.date, **config: int) -> list[DueItem]:
    items = due(records, as_of, config=WorkflowConfig(**config))  # type: ignore[arg-type]
    return [i for i in items if i.category == "new_perspective"]


LATER = dt.date(2026, 5, 20)


def test_no_progress_in_the_last_three_evaluations_prompts_a_new_perspective() -> None:
    trial = _stuck(NO_CHANGE, NO_CHANGE, EvaluationResult.WORSE_THAN_PREDICTED)
    (item,) = _prompts([trial], LATER)
    assert item.due_on == dt.date(2026, 5, 16)  # the day of the third evaluation
    assert item.overdue
    assert item.pointer == "/evaluations/2"
    assert item.reason.da == (
        "Prøvehandlingen har ikke givet fremgang i de seneste 3 evalueringer. Søg et nyt "
        "perspektiv: spørg borgeren, en pårørende eller en frivillig"
    )
    assert item.reason.en == (
        "The trial action has shown no progress in its last 3 evaluations. Seek a new "
        "perspective: ask the citizen, a relative or a volunteer"
    )
    assert item.team == (f.NURSE,)
    # before the third evaluation's day it is not due yet
    assert _prompts([trial], dt.date(2026, 5, 15)) == []


def test_the_number_of_evaluations_is_configurable_and_progress_ends_the_prompt() -> None:
    two = _stuck(NO_CHANGE, NO_CHANGE)
    assert _prompts([two], LATER) == []  # the default asks after 3
    (item,) = _prompts([two], LATER, perspective_after=2)
    assert "de seneste 2 evalueringer" in item.reason.da
    progressed = _stuck(NO_CHANGE, EvaluationResult.AS_PREDICTED, NO_CHANGE, NO_CHANGE)
    assert _prompts([progressed], LATER) == []  # one of the last three went as predicted
    with pytest.raises(ValueError, match="perspective_after"):
        WorkflowConfig(perspective_after=0)


def test_an_outside_perspective_since_then_answers_the_prompt() -> None:
    trial = _stuck(NO_CHANGE, NO_CHANGE, NO_CHANGE)
    third_day = dt.date(2026, 5, 16)
    volunteer = _perspective(PerspectiveSource.VOLUNTEER, third_day, trial)
    relative_before = _perspective(PerspectiveSource.RELATIVE, dt.date(2026, 5, 15), trial)
    staff = _perspective(PerspectiveSource.STAFF, LATER, trial)
    assert _prompts([trial, volunteer], LATER) == []
    assert len(_prompts([trial, relative_before], LATER)) == 1  # heard before: ask again
    assert len(_prompts([trial, staff], LATER)) == 1  # only voices from outside count
    on_the_dream = volunteer.model_copy(
        update={"trial_action_ids": [], "dream_ids": list(trial.dream_ids)}
    )
    assert _prompts([trial, on_the_dream], LATER) == []


def test_before_deciding_the_team_is_prompted_to_hear_someone_from_outside() -> None:
    trial = f.ready_trial_action(
        status="evaluating", start_date=f.TODAY, evaluation_date=dt.date(2026, 5, 27)
    )
    (item,) = _prompts([trial], dt.date(2026, 5, 28))
    assert item.due_on == dt.date(2026, 5, 27)
    assert item.reason.da.startswith("Før I beslutter om prøvehandlingen")
    assert item.reason.en.startswith("Before you decide on the trial action")
    early = _prompts([trial], dt.date(2026, 5, 20))  # evaluating before its date: due now
    assert [i.due_on for i in early] == [dt.date(2026, 5, 20)]
    citizen = _perspective(PerspectiveSource.CITIZEN, f.TODAY, trial)
    assert _prompts([trial, citizen], dt.date(2026, 5, 28)) == []
    for ended in ("adopted", "abandoned", "adapted", "planned"):
        stuck = _stuck(NO_CHANGE, NO_CHANGE, NO_CHANGE, status=ended)
        assert _prompts([stuck], LATER) == []


def test_an_active_routine_is_due_for_review_and_a_retired_one_is_not() -> None:
    routine = Routine(
        citizen_id=f.CITIZEN,
        actor=f.NURSE,
        description="Kaffe i haven hver formiddag",
        trial_action_id=f.trial_action().id,
        since=f.TODAY,
        review_date=LATER,
    )
    (item,) = due([routine], LATER)
    assert (item.category, item.pointer, item.overdue) == ("routine_review", "/review_date", False)
    assert item.reason.da == "Rutinen skal følges op: giver den stadig borgeren glæde?"
    assert item.reason.en == "The routine is due for review: does it still bring the citizen joy?"
    assert due([routine.retire(f.TODAY, "Hun vil ikke mere")], LATER) == []


def test_the_application_prompts_before_the_evaluation_date(tmp_path: Path) -> None:
    """A running trial action whose evaluation date is still ahead is not "due" by date, but
    three evaluations without progress prompt a perspective through ``app.due`` — and a
    volunteer's perspective recorded afterwards answers it."""
    with open_reading(str(tmp_path / "demo.sqlite")) as app:
        run_demo(app, echo=lambda _line: None)
        mogens = demo_citizens()[1]
        (row,) = app.trial_actions.list(citizen_id=mogens.id, status="running")
        trial = row.record
        assert isinstance(trial, TrialAction)
        assert trial.evaluation_date == dt.date(2026, 11, 28)
        stuck = [
            Evaluation(
                evaluated_at=dt.datetime(2026, 11, 17 + i, 10, 0, tzinfo=COPENHAGEN),
                rated_by=Rater.STAFF,
                rater=f.NURSE,
                result=NO_CHANGE,
            )
            for i in range(3)
        ]
        app.modify(
            trial.record_id,
            lambda t: t.model_copy(update={"evaluations": [*t.evaluations, *stuck]}),
            actor=f.NURSE,
        )
        as_of = dt.date(2026, 11, 20)
        prompts = [i for i in app.due(as_of) if i.category == "new_perspective"]
        assert [(i.record_id, i.due_on) for i in prompts] == [
            (trial.record_id, dt.date(2026, 11, 19))
        ]
        app.add(
            Perspective(
                citizen_id=mogens.id,
                actor=f.NURSE,
                source=PerspectiveSource.VOLUNTEER,
                source_name="Fuglevennerne",
                content="Han vil hellere se fuglene ude ved søen",
                trial_action_ids=[trial.id],
                recorded_on=as_of,
                in_own_words=True,
            )
        )
        assert [i for i in app.due(as_of) if i.category == "new_perspective"] == []
