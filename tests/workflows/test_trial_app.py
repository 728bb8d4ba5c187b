"""The trial-action rules through the application: staff add evaluations with ``act(data=)``
or ``update``, the application refuses what the rules refuse and stores nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import carekit
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import GuardFailed, InvariantViolated
from carekit.model import Evaluation, EvaluationResult, Rater, TrialAction
from carekit.testing.readers import open_reading
from carekit.workflows import evaluation_series

AT = dt.datetime(2026, 11, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def app() -> Iterator[carekit.Application]:
    with open_reading("memory://") as application:
        application.import_records(demo_records(), actor=DEMO_IMPORTER)
        yield application


def _mogens_trial(app: carekit.Application) -> TrialAction:
    mogens = demo_citizens()[1]
    (trial,) = app.trial_actions.list(citizen_id=mogens.id)
    return trial.record


def test_a_running_trial_cannot_lose_its_baseline_by_update(app: carekit.Application) -> None:
    sofie = demo_staff()["sofie"]
    trial = _mogens_trial(app)
    app.act(trial.id, "start", actor=sofie, at=AT)
    current = app.get(trial.id)
    with pytest.raises(InvariantViolated) as caught:
        app.update(
            current.record.model_copy(update={"baseline": None}),
            expected_version=current.version,
            actor=sofie,
        )
    assert caught.value.failed == ("has_baseline",)
    assert app.get(trial.id).version == current.version


def test_adopt_is_refused_on_one_staff_rating_then_allowed_with_a_relatives_voice(
    app: carekit.Application,
) -> None:
    sofie = demo_staff()["sofie"]
    trial = _mogens_trial(app)
    app.act(trial.id, "start", actor=sofie, at=AT)
    app.act(trial.id, "evaluate", actor=sofie, at=AT)
    version = app.get(trial.id).version
    with pytest.raises(GuardFailed) as refused:
        app.act(trial.id, "adopt", actor=sofie, at=AT)
    assert len(refused.value.reasons) == 4  # count, voice, positive, baseline
    assert app.get(trial.id).version == version  # nothing stored
    son = Evaluation(
        evaluated_at=AT,
        rated_by=Rater.RELATIVE,
        rater=sofie,
        result=EvaluationResult.BETTER_THAN_PREDICTED,
        joy_score=5,
        note="Peter: Far fortalte om fuglene i en halv time.",
    )
    staff = son.model_copy(update={"rated_by": Rater.STAFF, "joy_score": 4, "note": None})
    evaluations = [*app.trial_actions.get(trial.id).record.evaluations, son, staff]
    result = app.act(trial.id, "adopt", actor=sofie, at=AT, data={"evaluations": evaluations})
    assert result.record.status == "adopted"  # type: ignore[attr-defined]  # act() returns the Record base
    adopted = app.trial_actions.get(trial.id).record
    assert [p.joy_score for p in evaluation_series(adopted).points] == [2, 5, 4]
    assert {e.name for e in app.events()[-2:]} == {"TrialActionAdopted", "LearningStoryPrompted"}
