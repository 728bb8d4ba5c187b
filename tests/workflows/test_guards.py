"""Each guard, on records that satisfy it and records that do not."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from carekit.model import AnswerTime, ConsentPurpose, EvaluationResult, Phone, WrittenCopy
from carekit.workflows import COPENHAGEN, GUARDS, Context, Env

from . import factories as f

EMPTY = Context()


def holds(name: str, record: object, *, at: dt.datetime = f.AT, context: Context = EMPTY) -> bool:
    env = Env(actor=f.NURSE, at=at, context=context)
    return GUARDS[name](record, env)  # type: ignore[arg-type]  # each guard takes its own record type


def test_agreement_recorded_needs_an_agreement() -> None:
    assert holds("agreement_recorded", f.safety_plan(agreement=f.agreement()))
    assert not holds("agreement_recorded", f.safety_plan())


def test_situations_have_actions_needs_at_least_one_situation_each_with_an_action() -> None:
    assert holds("situations_have_actions", f.safety_plan(situations=[f.situation()]))
    assert not holds("situations_have_actions", f.safety_plan(situations=[]))
    mixed = [f.situation(), f.situation(with_action=False)]
    assert not holds("situations_have_actions", f.safety_plan(situations=mixed))


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([[AnswerTime.ALWAYS]], True),
        ([[AnswerTime.WEEKDAYS], [AnswerTime.WEEKENDS, AnswerTime.NIGHTS]], True),
        ([[AnswerTime.WEEKDAYS, AnswerTime.WEEKENDS]], False),
        ([[AnswerTime.WEEKDAYS, AnswerTime.EVENINGS, AnswerTime.NIGHTS]], False),
        ([], False),
    ],
)
def test_contacts_cover_week_needs_weekdays_weekends_and_nights(
    answers: list[list[AnswerTime]], expected: bool
) -> None:
    plan = f.safety_plan(contacts=[f.contact(*a) for a in answers])
    assert holds("contacts_cover_week", plan) is expected


def test_written_copy_handed_over_needs_the_hand_over_time() -> None:
    assert holds(
        "written_copy_handed_over", f.safety_plan(written_copy=WrittenCopy(handed_over_at=f.AT))
    )
    assert not holds("written_copy_handed_over", f.safety_plan(written_copy=WrittenCopy()))
    assert not holds("written_copy_handed_over", f.safety_plan())


def test_review_date_reached_from_the_review_date_on() -> None:
    assert holds("review_date_reached", f.safety_plan(review_date=f.TODAY))
    assert holds("review_date_reached", f.safety_plan(review_date=f.TODAY - dt.timedelta(days=1)))
    assert not holds(
        "review_date_reached", f.safety_plan(review_date=f.TODAY + dt.timedelta(days=1))
    )
    assert not holds("review_date_reached", f.safety_plan())


def test_next_review_in_future_needs_a_date_after_today() -> None:
    assert holds("next_review_in_future", f.safety_plan(review_date=f.TODAY + dt.timedelta(days=1)))
    assert not holds("next_review_in_future", f.safety_plan(review_date=f.TODAY))
    assert not holds("next_review_in_future", f.safety_plan())


def test_review_date_reached_reads_today_in_copenhagen_not_utc() -> None:
    # 00:30 on 29 March 2026 in Copenhagen (the night the clocks go forward) is 23:30 UTC
    # on the 28th: the review date 29 March has been reached.
    at = dt.datetime(2026, 3, 29, 0, 30, tzinfo=COPENHAGEN).astimezone(dt.UTC)
    assert at.date() == dt.date(2026, 3, 28)
    plan = f.safety_plan(review_date=dt.date(2026, 3, 29))
    assert holds("review_date_reached", plan, at=at)
    assert not holds("next_review_in_future", plan, at=at)


def test_expectations_heard_needs_participants_and_expectations() -> None:
    heard = f.alignment(participants=[f.participant()], citizen_expectations=["Bad hver dag"])
    assert holds("expectations_heard", heard)
    assert not holds("expectations_heard", f.alignment(participants=[f.participant()]))
    assert not holds("expectations_heard", f.alignment(citizen_expectations=["Bad"]))


def test_open_gap_guards_are_opposites() -> None:
    resolved = f.alignment(gaps=[f.gap(resolved=True)])
    open_gap = f.alignment(gaps=[f.gap(resolved=True), f.gap()])
    assert holds("no_open_gaps", resolved)
    assert not holds("has_open_gaps", resolved)
    assert holds("has_open_gaps", open_gap)
    assert not holds("no_open_gaps", open_gap)
    assert holds("no_open_gaps", f.alignment())


def test_has_hypothesis_needs_hypothesis_and_professional_grounds() -> None:
    assert holds("has_hypothesis", f.dream(hypothesis="Ude", professional_grounds="Gartner"))
    assert not holds("has_hypothesis", f.dream(hypothesis="Ude"))
    assert not holds("has_hypothesis", f.dream(professional_grounds="Gartner"))


def test_has_trial_action_looks_for_a_trial_action_of_the_dream_in_the_context() -> None:
    dream = f.dream()
    assert not holds("has_trial_action", dream)
    other = Context([f.trial_action()])
    assert not holds("has_trial_action", dream, context=other)
    elsewhere = Context([f.trial_action(dream_ids=[dream.id], citizen_id=uuid.uuid4())])
    assert not holds("has_trial_action", dream, context=elsewhere)
    assert holds("has_trial_action", dream, context=Context([f.trial_action(dream_ids=[dream.id])]))


def test_has_prediction_and_signs_needs_both() -> None:
    assert holds("has_prediction_and_signs", f.trial_action(prediction="Smil", signs=[f.sign()]))
    assert not holds("has_prediction_and_signs", f.trial_action(prediction="Smil"))
    assert not holds("has_prediction_and_signs", f.trial_action(signs=[f.sign()]))


@pytest.mark.parametrize(
    ("results", "evaluated", "positive"),
    [
        ([], False, False),
        ([EvaluationResult.NO_CHANGE], True, False),
        ([EvaluationResult.WORSE_THAN_PREDICTED, EvaluationResult.AS_PREDICTED], True, True),
        ([EvaluationResult.BETTER_THAN_PREDICTED], True, True),
    ],
)
def test_evaluation_guards(
    results: list[EvaluationResult], evaluated: bool, positive: bool
) -> None:
    trial = f.trial_action(evaluations=[f.evaluation(r) for r in results])
    assert holds("has_evaluation", trial) is evaluated
    assert holds("positive_evaluation", trial) is positive


def test_media_consented_without_known_consents_only_needs_a_consent_id() -> None:
    assert holds("media_consented", f.learning_story())
    assert holds("media_consented", f.learning_story(media=[f.media(uuid.uuid4())]))
    assert not holds("media_consented", f.learning_story(media=[f.media(None)]))


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, True),
        ({"purpose": ConsentPurpose.LEARNING_STORY}, True),
        ({"purpose": ConsentPurpose.SHARE_WITH_NETWORK}, False),
        ({"withdrawn_at": f.AT - dt.timedelta(hours=1)}, False),
        ({"valid_until": f.TODAY - dt.timedelta(days=1)}, False),
        ({"valid_until": f.TODAY}, True),
        ({"given_at": f.AT + dt.timedelta(days=1)}, False),
        ({"citizen_id": uuid.uuid4()}, False),
    ],
)
def test_media_consented_with_known_consents_needs_an_active_fitting_consent(
    overrides: dict[str, object], expected: bool
) -> None:
    consent = f.consent(**overrides)
    story = f.learning_story(media=[f.media(consent.id)])
    assert holds("media_consented", story, context=Context([consent])) is expected


def test_media_consented_fails_when_the_named_consent_is_not_among_known_consents() -> None:
    story = f.learning_story(media=[f.media(uuid.uuid4())])
    assert not holds("media_consented", story, context=Context([f.consent()]))


def test_consent_given_in_the_first_hour_of_a_day_counts_from_that_local_day() -> None:
    # Given 00:15 local on 25 October 2026 (23:15 UTC the day before, as stored by many
    # systems): active on the 25th.
    given = dt.datetime(2026, 10, 25, 0, 15, tzinfo=COPENHAGEN).astimezone(dt.UTC)
    consent = f.consent(given_at=given)
    story = f.learning_story(media=[f.media(consent.id)])
    at = dt.datetime(2026, 10, 25, 9, 0, tzinfo=COPENHAGEN)
    assert holds("media_consented", story, at=at, context=Context([consent]))


def test_reachable_needs_a_phone_or_an_organisation() -> None:
    assert holds("reachable", f.network_member(organisation="Hjemmeplejen"))
    assert holds("reachable", f.network_member(phones=[Phone(number="70 11 22 33")]))
    assert not holds("reachable", f.network_member())


def test_a_guard_given_the_wrong_record_kind_says_what_it_expected() -> None:
    with pytest.raises(TypeError, match="expects a SafetyPlan, got Dream"):
        holds("agreement_recorded", f.dream())
