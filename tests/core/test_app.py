"""open_reading() and the Application facade."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import carekit
from carekit.app import Application, resolve_url
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.errors import (
    ConflictError,
    GuardFailed,
    InvalidArgumentError,
    RecordValidationError,
    TransitionNotAllowed,
    UnknownBackendError,
)
from carekit.events import DomainEvent
from carekit.model import Actor, Citizen, Routine, SafetyPlan, TrialAction
from carekit.plugins import PluginSelection
from carekit.testing.readers import open_reading


def test_open_memory_and_sqlite(tmp_path: Path) -> None:
    with open_reading("memory://") as app:
        assert app.store.url.startswith("memory://")
    with open_reading(f"sqlite:///{tmp_path / 'care.sqlite'}") as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    with open_reading(tmp_path / "care.sqlite") as app:  # a plain path means a SQLite file
        assert len(app.citizens.list()) == 2


def test_carekit_db_overrides_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREKIT_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert resolve_url() == f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.delenv("CAREKIT_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_url().endswith("/carekit.sqlite")


def test_unknown_scheme_names_installed_backends_and_the_plugin() -> None:
    with pytest.raises(UnknownBackendError) as info:
        open_reading("mongodb://localhost/care")
    message = str(info.value)
    assert "'mongodb'" in message
    assert "sqlite" in message
    assert "memory" in message
    assert "plugin" in message
    assert info.value.installed


def test_postgres_scheme_without_the_plugin_suggests_installing_it() -> None:
    selection = PluginSelection(block=frozenset({"postgres"}))
    with pytest.raises(UnknownBackendError, match="pip install carekit-postgres"):
        open_reading("postgresql://127.0.0.1/care", selection=selection)


def test_repositories_are_typed_per_kind(demo_app: Application) -> None:
    plans = [stored.record for stored in demo_app.safety_plans.list()]
    assert len(plans) == 2
    assert all(isinstance(p, SafetyPlan) for p in plans)
    else_ = demo_citizens()[0]
    assert demo_app.citizens.get(else_.id).record == else_
    with pytest.raises(TypeError, match="the id of a citizen record") as caught:
        demo_app.citizens.get(plans[0].id)
    assert isinstance(caught.value, InvalidArgumentError)
    assert caught.value.parameter == "record_id"


def test_act_stores_record_created_records_and_events_in_one_step(
    demo_app: Application, anna: Actor
) -> None:
    trial = next(
        s.record
        for s in demo_app.trial_actions.list()
        if s.record.citizen_id == demo_citizens()[0].id
    )
    for action in ("start", "evaluate"):
        demo_app.act(trial.id, action, actor=anna)
    result = demo_app.act(trial.id, "adopt", actor=anna, reason="Else smiler")
    assert result.record.status == "adopted"  # type: ignore[attr-defined]  # act() returns the Record base; a trial action has a status
    routine = demo_app.routines.get(result.transition.created[0].id).record
    assert isinstance(routine, Routine)
    assert demo_app.get(trial.id).version == 4
    names = [e.name for e in demo_app.events()]
    assert names[-2:] == ["TrialActionAdopted", "LearningStoryPrompted"]  # success prompts a story
    assert "RecordImported" in names  # the demo's seed records
    assert [h.record.status for h in demo_app.trial_actions.history(trial.id)] == [
        "planned",
        "running",
        "evaluating",
        "adopted",
    ]


def test_a_refused_action_stores_nothing(demo_app: Application, anna: Actor) -> None:
    mogens_plan = demo_app.safety_plans.list(citizen_id=demo_citizens()[1].id)[0].record
    before = len(demo_app.events())
    with pytest.raises(GuardFailed) as info:
        demo_app.act(mogens_plan.id, "agree", actor=anna)
    assert "agreement" in str(info.value)
    with pytest.raises(TransitionNotAllowed) as not_allowed:
        demo_app.act(mogens_plan.id, "activate", actor=anna)
    assert not_allowed.value.allowed == ("agree", "retire")
    assert demo_app.get(mogens_plan.id).version == 1
    assert len(demo_app.events()) == before


def test_stale_update_raises_conflict_and_keeps_the_winner(
    demo_app: Application, anna: Actor
) -> None:
    citizen = demo_app.citizens.list()[0].record
    demo_app.citizens.update(
        citizen.model_copy(update={"display_name": "A"}), expected_version=1, actor=anna
    )
    with pytest.raises(ConflictError):
        demo_app.citizens.update(
            citizen.model_copy(update={"display_name": "B"}), expected_version=1, actor=anna
        )
    assert demo_app.citizens.get(citizen.id).record.display_name == "A"


def test_rule_errors_block_saving_and_warnings_do_not(app: Application) -> None:
    else_ = demo_citizens()[0]
    bad = else_.model_copy(update={"cpr": "310299-1234"})  # no 31 February
    with pytest.raises(RecordValidationError) as info:
        app.add(bad)
    assert info.value.problems[0].pointer == "/cpr"
    assert "310299-1234" not in str(info.value)  # CPR masked in the message
    app.import_records(
        [r for r in demo_records() if not isinstance(r, SafetyPlan)], actor=DEMO_IMPORTER
    )
    plan = next(r for r in demo_records() if isinstance(r, SafetyPlan))
    no_fall = plan.model_copy(update={"situations": plan.situations[:1]})
    findings = app.check(no_fall)
    assert {f.severity for f in findings} == {"warning"}
    app.add(no_fall)


def test_a_failing_listener_never_undoes_the_change_and_is_named(
    app: Application, anna: Actor
) -> None:
    seen: list[str] = []

    class Counting:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            seen.append(event.name)

    class Broken:
        @carekit.hookimpl
        def carekit_on_event(self, event: DomainEvent) -> None:
            raise RuntimeError("listener is down")

    with open_reading("memory://", plugins=[Broken(), Counting()]) as plugged:
        stored = plugged.add(demo_citizens()[0].model_copy(update={"contact_person_id": None}))
        assert plugged.get(stored.record_id).version == 1
        assert seen == ["RecordCreated"]
        assert plugged.events()[0].name == "RecordCreated"

    def failing(event: DomainEvent) -> None:
        raise ValueError("boom")

    app.subscribe(failing)
    app.import_records(demo_records(), actor=DEMO_IMPORTER)
    trial = app.trial_actions.list()[0].record
    result = app.act(trial.id, "start", actor=anna)
    assert result.record.status == "running"  # type: ignore[attr-defined]  # act() returns the Record base; a trial action has a status
    assert result.listener_errors
    assert "failing" in result.listener_errors[0].plugin


def test_withdrawing_a_consent_unshares_media_in_one_step(
    demo_app: Application, anna: Actor
) -> None:
    story = demo_app.learning_stories.list()[0].record
    demo_app.act(story.id, "confirm_consent", actor=anna)
    demo_app.act(story.id, "share", actor=anna)
    consent_id = story.media[0].consent_id
    assert consent_id is not None
    demo_app.withdraw_consent(consent_id, actor=anna, reason="no more photos")
    after = demo_app.learning_stories.get(story.id).record
    assert after.status == "withdrawn"
    assert not any(m.shared for m in after.media)
    assert demo_app.consents.get(consent_id).record.withdrawn_at is not None


def test_due_lists_what_is_due_with_reasons(demo_app: Application) -> None:
    items = demo_app.due(dt.date(2026, 11, 27))
    categories = {str(i.category) for i in items}
    assert {"expectation_alignment", "consent_renewal"} <= categories
    assert all(i.reason.da and i.reason.en for i in items)
    assert demo_app.due(dt.date(2020, 1, 1)) == []


def test_due_from_the_index_equals_due_over_every_record(demo_app: Application) -> None:
    from carekit.workflows import due

    every = [r.record for r in demo_app.store.query()]
    for day in (dt.date(2026, 10, 1), dt.date(2026, 11, 27), dt.date(2027, 6, 1)):
        assert demo_app.due(day) == due(every, day)


def test_trial_actions_need_a_dream() -> None:
    trial = next(r for r in demo_records() if isinstance(r, TrialAction))
    data = trial.model_dump(mode="json")
    data["dream_ids"] = []
    with pytest.raises(RecordValidationError) as info:
        carekit.parse_record(data)
    assert info.value.problems[0].pointer == "/dream_ids"


def test_citizen_repr_never_shows_the_cpr() -> None:
    citizen = demo_citizens()[0]
    assert isinstance(citizen, Citizen)
    assert citizen.cpr is not None
    assert citizen.cpr not in repr(citizen)
    assert citizen.display_cpr() == "010137-XXXX"
    assert citizen.display_cpr(reveal=True) == citizen.cpr
