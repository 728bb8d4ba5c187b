"""apply() and allowed_actions(): transitions, effects, events and errors."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from carekit.errors import GuardFailed, TransitionNotAllowed, UnknownActionError, WorkflowError
from carekit.lifecycle import WORKFLOWS
from carekit.model import (
    DecisionOutcome,
    EvaluationResult,
    ExpectationAlignment,
    Rater,
    Routine,
    TrialAction,
)
from carekit.workflows import (
    COPENHAGEN,
    EFFECTS,
    EVENT_TYPES,
    GUARDS,
    Cadence,
    Context,
    LearningStoryPrompted,
    TrialActionAdopted,
    TrialActionEvent,
    UnknownWorkflowError,
    WorkflowConfig,
    allowed_actions,
    apply,
    check_implementations,
    event_from_dict,
    status_of,
)

from . import factories as f


def test_every_guard_and_effect_in_the_tables_is_implemented_and_nothing_extra() -> None:
    check_implementations()
    assert set(GUARDS) == {g.name for w in WORKFLOWS for g in w.guards()}
    assert set(EFFECTS) == {e for w in WORKFLOWS for a in w.actions for e in a.effect_names}


def test_every_event_in_the_tables_has_a_typed_event_class() -> None:
    for workflow in WORKFLOWS:
        for action in workflow.actions:
            cls = EVENT_TYPES[action.event]
            assert cls.__name__ == action.event


def test_typed_events_round_trip_through_dicts() -> None:
    event = TrialActionAdopted.create(
        kind="trial_action", record_id="r", citizen_id="c", actor_id="a", at=f.AT, reason="x"
    )
    again = event_from_dict(event.to_dict())
    assert isinstance(again, TrialActionAdopted)
    assert again == event


def test_a_typed_event_refuses_a_name_that_is_not_its_own() -> None:
    with pytest.raises(ValueError, match="TrialActionAdopted"):
        TrialActionAdopted(
            name="Other", kind="k", record_id="r", citizen_id="c", actor_id="a", at=f.AT
        )


def test_apply_moves_the_status_and_stamps_time_and_actor_without_changing_the_input() -> None:
    member = f.network_member(organisation="Hjemmeplejen Nord")
    at = f.AT + dt.timedelta(hours=1)
    transition = apply(member, "activate", actor=f.LEADER, at=at, reason="Aftalt")
    assert member.status == "proposed"
    assert status_of(transition.record) == "active"
    assert transition.record.updated_at == at
    assert transition.record.actor == f.LEADER
    assert (transition.from_state, transition.to_state, transition.action) == (
        "proposed",
        "active",
        "activate",
    )
    assert transition.workflow.name == "network-member"
    assert transition.created == ()
    (event,) = transition.events
    assert type(event).__name__ == "NetworkMemberActivated"
    assert (event.actor_id, event.at, event.reason) == ("staff-2", at, "Aftalt")
    assert event.record_id == str(member.id)
    assert event.citizen_id == str(f.CITIZEN)


def test_a_disallowed_action_names_record_state_action_and_allowed_actions() -> None:
    trial = f.trial_action()
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(trial, "adopt", actor=f.NURSE, at=f.AT)
    error = caught.value
    assert (error.record_id, error.state, error.action) == (str(trial.id), "planned", "adopt")
    assert error.allowed == ("start",)
    message = str(error)
    assert str(trial.id) in message
    assert "'planned'" in message
    assert "'adopt'" in message
    assert "start" in message
    assert "Tilladt nu: start" in error.message.da  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it


def test_an_action_from_a_final_state_says_nothing_is_allowed() -> None:
    member = f.network_member(status="inactive")
    with pytest.raises(TransitionNotAllowed) as caught:
        apply(member, "activate", actor=f.NURSE, at=f.AT)
    assert caught.value.allowed == ()
    assert "none (final state)" in str(caught.value)
    assert "ingen (sluttilstand)" in caught.value.message.da  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it


def test_an_unknown_action_is_its_own_error_not_a_disallowed_one() -> None:
    # an API answers 400 for an unknown action and 409 for one not allowed now
    with pytest.raises(UnknownActionError, match="'dance'") as caught:
        apply(f.dream(), "dance", actor=f.NURSE, at=f.AT)
    error = caught.value
    assert not isinstance(error, TransitionNotAllowed)
    assert error.code == "workflow.unknown_action"
    assert error.actions == ("form_hypothesis", "start_testing", "realise", "revise", "set_aside")
    assert error.text.da.startswith("Arbejdsgangen dream har ingen handling 'dance'")
    assert error.text.en.startswith("The dream workflow has no action 'dance'")


def test_failing_guards_are_all_reported_in_danish_and_english() -> None:
    plan = f.safety_plan(status="agreed", agreement=f.agreement())
    with pytest.raises(GuardFailed) as caught:
        apply(plan, "activate", actor=f.NURSE, at=f.AT)
    error = caught.value
    assert error.failed == (  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it
        "situations_have_actions",
        "contacts_cover_week",
        "written_copy_handed_over",
    )
    assert error.reasons[0].en.startswith("Every situation")
    assert "Sørg for" in error.message.da  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it
    assert "Make sure" in error.message.en  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it
    assert error.state == "agreed"
    assert error.action == "activate"


def test_a_record_kind_without_workflow_is_refused_with_the_kinds_that_have_one() -> None:
    with pytest.raises(UnknownWorkflowError, match="safety_plan") as caught:
        apply(f.consent(), "renew", actor=f.NURSE, at=f.AT)
    assert isinstance(caught.value, WorkflowError)
    assert isinstance(caught.value, LookupError)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        apply(f.network_member(), "deactivate", actor=f.NURSE, at=dt.datetime(2026, 5, 1))  # noqa: DTZ001


def test_allowed_actions_say_which_guards_fail_and_why() -> None:
    plan = f.safety_plan(status="agreed", agreement=f.agreement())
    checks = {c.name: c for c in allowed_actions(plan, at=f.AT)}
    assert set(checks) == {"activate", "retire"}
    assert checks["retire"].allowed
    assert not checks["activate"].allowed
    assert [g.name for g in checks["activate"].failed] == [
        "situations_have_actions",
        "contacts_cover_week",
        "written_copy_handed_over",
    ]
    assert checks["activate"].reasons[2].da == "Borgeren har fået planen på skrift"


def test_allowed_actions_in_a_final_state_is_empty() -> None:
    assert allowed_actions(f.dream(status="realised")) == []


# --------------------------------------------------------------------------- effects
def test_revise_creates_the_next_plan_version_as_a_draft() -> None:
    plan = f.complete_safety_plan(status="active", plan_version=2)
    transition = apply(plan, "revise", actor=f.LEADER, at=f.AT)
    (draft,) = transition.created
    assert status_of(transition.record) == "revised"
    assert draft.kind == "safety_plan"
    assert draft.status == "draft"  # type: ignore[attr-defined]  # the Record base
    assert draft.plan_version == 3  # type: ignore[attr-defined]  # the Record base
    assert draft.previous_plan_id == plan.id  # type: ignore[attr-defined]  # the Record base
    assert draft.id != plan.id
    assert draft.agreement is None  # type: ignore[attr-defined]  # the Record base
    assert draft.written_copy is None  # type: ignore[attr-defined]  # the Record base
    assert draft.situations == plan.situations  # type: ignore[attr-defined]  # the Record base
    assert transition.event.data == {"created": [{"kind": "safety_plan", "id": str(draft.id)}]}


def _held(**overrides: object) -> ExpectationAlignment:
    return f.alignment(
        status="held",
        participants=[f.participant()],
        citizen_expectations=["Bad hver dag"],
        responsible=f.NURSE,
        **overrides,
    )


@pytest.mark.parametrize(
    ("action", "gaps", "expected"),
    [
        ("conclude_aligned", [], dt.date(2026, 8, 13)),
        ("conclude_partly_aligned", [f.gap()], dt.date(2026, 6, 24)),
        ("conclude_not_aligned", [f.gap()], dt.date(2026, 6, 13)),
    ],
)
def test_concluding_schedules_the_next_alignment_sooner_when_less_aligned(
    action: str, gaps: list[object], expected: dt.date
) -> None:
    alignment = _held(gaps=gaps)
    transition = apply(alignment, action, actor=f.NURSE, at=f.AT)
    (following,) = transition.created
    assert isinstance(following, ExpectationAlignment)
    assert following.status == "scheduled"
    assert following.scheduled_for == expected
    assert following.previous_alignment_id == alignment.id
    assert following.responsible == f.NURSE
    assert transition.record.next_alignment_date == expected  # type: ignore[attr-defined]  # the Record base


def test_cancelling_reschedules_after_the_configured_cadence() -> None:
    config = WorkflowConfig(cadence_cancelled=Cadence(days=3))
    transition = apply(f.alignment(), "cancel", actor=f.NURSE, at=f.AT, config=config)
    assert transition.created[0].scheduled_for == f.TODAY + dt.timedelta(days=3)  # type: ignore[attr-defined]  # the Record base


def test_the_alignment_cadence_clamps_to_the_end_of_the_month() -> None:
    at = dt.datetime(2027, 1, 31, 14, 0, tzinfo=COPENHAGEN)
    config = WorkflowConfig(cadence_aligned=Cadence(months=1))
    transition = apply(_held(), "conclude_aligned", actor=f.NURSE, at=at, config=config)
    assert transition.created[0].scheduled_for == dt.date(2027, 2, 28)  # type: ignore[attr-defined]  # the Record base


def test_follow_up_gaps_dates_and_owns_every_unresolved_gap_without_overwriting() -> None:
    own_date = f.TODAY + dt.timedelta(days=3)
    gaps = [f.gap(), f.gap(follow_up_by=own_date, follow_up_owner=f.LEADER), f.gap(resolved=True)]
    transition = apply(_held(gaps=gaps), "conclude_partly_aligned", actor=f.LEADER, at=f.AT)
    first, second, resolved = transition.record.gaps  # type: ignore[attr-defined]  # the Record base
    assert first.follow_up_by == f.TODAY + dt.timedelta(weeks=2)
    assert first.follow_up_owner == f.NURSE  # the alignment's responsible
    assert (second.follow_up_by, second.follow_up_owner) == (own_date, f.LEADER)
    assert resolved.follow_up_by is None


def test_holding_an_alignment_records_when_it_was_held() -> None:
    alignment = f.alignment(participants=[f.participant()], citizen_expectations=["Ro"])
    assert apply(alignment, "hold", actor=f.NURSE, at=f.AT).record.held_at == f.AT  # type: ignore[attr-defined]  # the Record base


def _evaluating(*results: EvaluationResult, **overrides: object) -> TrialAction:
    """Evaluating, with one evaluation per result (joy 4, the first by the citizen, the rest
    by staff) against a baseline of 2, and a second staff evaluation when only one result."""
    raters = [Rater.CITIZEN, *[Rater.STAFF] * len(results)]
    evaluations = [f.scored(r, rated_by=who) for r, who in zip(results, raters, strict=False)]
    if len(evaluations) == 1:
        evaluations.append(f.scored(results[0]))
    return f.ready_trial_action(
        status="evaluating",
        prediction="Hun smiler mere",
        signs=[f.sign("Smiler"), f.sign("Nynner")],
        evaluations=evaluations,
        learned="Hun vil helst ud om formiddagen",
        cycle=2,
        **overrides,
    )


def test_adopting_creates_a_routine_from_the_change_of_practice() -> None:
    trial = _evaluating(EvaluationResult.BETTER_THAN_PREDICTED)
    transition = apply(trial, "adopt", actor=f.LEADER, at=f.AT, reason="Hun smilede hver gang")
    (routine,) = transition.created
    assert isinstance(routine, Routine)
    assert routine.description == trial.change_of_practice
    assert routine.trial_action_id == trial.id
    assert routine.dream_ids == trial.dream_ids
    assert routine.since == f.TODAY
    record = transition.record
    assert isinstance(record, TrialAction)
    assert record.routine_id == routine.id
    assert record.decision is not None
    assert record.decision.outcome is DecisionOutcome.ADOPT
    assert record.decision.reason == "Hun smilede hver gang"
    assert isinstance(transition.event, TrialActionAdopted)


def test_adopting_needs_a_positive_evaluation() -> None:
    with pytest.raises(GuardFailed, match="as predicted or better"):
        apply(_evaluating(EvaluationResult.NO_CHANGE), "adopt", actor=f.NURSE, at=f.AT)


def test_adapting_creates_the_next_cycle_carrying_dreams_signs_and_what_was_learned() -> None:
    trial = _evaluating(EvaluationResult.NO_CHANGE)
    transition = apply(trial, "adapt", actor=f.LEADER, at=f.AT)
    (following,) = transition.created
    assert isinstance(following, TrialAction)
    assert following.status == "planned"
    assert following.cycle == 3
    assert following.previous_cycle_id == trial.id
    assert following.dream_ids == trial.dream_ids
    assert following.title == trial.title
    assert following.change_of_practice == trial.change_of_practice
    assert following.learned is None  # the new cycle writes its own
    assert following.carried_learning == [trial.learned]
    assert following.baseline == trial.baseline
    assert [s.description for s in following.signs] == ["Smiler", "Nynner"]
    assert {s.id for s in following.signs}.isdisjoint({s.id for s in trial.signs})
    assert following.evaluations == []
    assert following.prediction is None
    record = transition.record
    assert isinstance(record, TrialAction)
    assert record.next_cycle_id == following.id
    assert record.decision is not None
    assert record.decision.outcome is DecisionOutcome.ADAPT


def test_abandoning_prompts_a_learning_story_without_writing_one() -> None:
    trial = _evaluating(EvaluationResult.WORSE_THAN_PREDICTED)
    transition = apply(trial, "abandon", actor=f.LEADER, at=f.AT, reason="Hun frøs")
    assert transition.created == ()
    main, prompt = transition.events
    assert type(main).__name__ == "TrialActionAbandoned"
    assert isinstance(prompt, LearningStoryPrompted)
    assert isinstance(prompt, TrialActionEvent)
    assert (prompt.actor_id, prompt.at, prompt.reason) == ("staff-2", f.AT, "Hun frøs")
    assert prompt.data == {"trial_action_id": str(trial.id), "after": "abandoned"}
    record = transition.record
    assert isinstance(record, TrialAction)
    assert record.decision is not None
    assert record.decision.outcome is DecisionOutcome.ABANDON


def test_starting_a_trial_action_at_half_past_midnight_on_dst_day_dates_it_that_day() -> None:
    at = dt.datetime(2026, 3, 29, 0, 30, tzinfo=COPENHAGEN).astimezone(dt.UTC)
    trial = f.ready_trial_action(evaluation_date=dt.date(2026, 4, 12))
    transition = apply(trial, "start", actor=f.NURSE, at=at)
    assert transition.record.start_date == dt.date(2026, 3, 29)  # type: ignore[attr-defined]  # the Record base


def test_a_routine_adopted_at_half_past_midnight_on_the_autumn_dst_day_starts_that_day() -> None:
    at = dt.datetime(2026, 10, 25, 0, 30, tzinfo=COPENHAGEN).astimezone(dt.UTC)
    transition = apply(_evaluating(EvaluationResult.AS_PREDICTED), "adopt", actor=f.NURSE, at=at)
    assert transition.created[0].since == dt.date(2026, 10, 25)  # type: ignore[attr-defined]  # the Record base


def test_withdrawing_a_story_unshares_all_media() -> None:
    story = f.learning_story(status="shared", media=[f.media(uuid.uuid4(), shared=True)] * 2)
    transition = apply(story, "withdraw", actor=f.NURSE, at=f.AT)
    assert [m.shared for m in transition.record.media] == [False, False]  # type: ignore[attr-defined]  # the Record base


def test_starting_to_test_a_dream_uses_the_context() -> None:
    dream = f.dream(status="hypothesis", hypothesis="Ude", professional_grounds="Gartner")
    with pytest.raises(GuardFailed, match="trial action pursues"):
        apply(dream, "start_testing", actor=f.NURSE, at=f.AT)
    context = Context([f.trial_action(dream_ids=[dream.id])])
    assert apply(dream, "start_testing", actor=f.NURSE, at=f.AT, context=context).to_state == (
        "being_tested"
    )
