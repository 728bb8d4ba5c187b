"""due() and due_window(): what is due, why, and on which Copenhagen calendar day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.model import ActorKind
from carekit.workflows import COPENHAGEN, DueItem, apply, due, due_window

from . import factories as f

D = f.TODAY


def _only(items: list[DueItem]) -> DueItem:
    assert len(items) == 1, items
    return items[0]


def test_an_active_safety_plan_is_due_for_review_on_its_review_date() -> None:
    plan = f.complete_safety_plan(status="active", review_date=D, responsible=f.LEADER)
    item = _only(due([plan], D))
    assert item.category == "safety_plan_review"
    assert item.kind == "safety_plan"
    assert item.record_id == str(plan.id)
    assert item.citizen_id == str(f.CITIZEN)
    assert item.due_on == D
    assert not item.overdue
    assert item.responsible == f.LEADER
    assert item.reason.da == "Sikkerhedsplanen skal følges op med borgeren"
    assert item.reason.en == "The safety plan is due for review with the citizen"
    assert item.pointer == "/review_date"


def test_nothing_is_due_before_its_date_and_it_is_overdue_after() -> None:
    plan = f.complete_safety_plan(status="active", review_date=D)
    assert due([plan], D - dt.timedelta(days=1)) == []
    assert _only(due([plan], D + dt.timedelta(days=1))).overdue


def test_draft_and_ended_plans_are_not_due() -> None:
    records = [
        f.complete_safety_plan(status=s, review_date=D) for s in ("draft", "revised", "retired")
    ]
    assert due(records, D + dt.timedelta(days=30)) == []


def test_a_scheduled_alignment_is_due_on_its_date() -> None:
    item = _only(due([f.alignment(scheduled_for=D, responsible=f.NURSE)], D))
    assert item.category == "expectation_alignment"
    assert item.responsible == f.NURSE


def test_each_unresolved_gap_with_a_follow_up_date_is_due_with_its_owner() -> None:
    alignment = f.alignment(
        status="partly_aligned",
        responsible=f.NURSE,
        gaps=[
            f.gap(follow_up_by=D, follow_up_owner=f.LEADER),
            f.gap(follow_up_by=D - dt.timedelta(days=2)),
            f.gap(resolved=True, follow_up_by=D),
            f.gap(),
        ],
    )
    items = due([alignment], D)
    assert [i.category for i in items] == ["gap_follow_up", "gap_follow_up"]
    assert [i.pointer for i in items] == ["/gaps/1/follow_up_by", "/gaps/0/follow_up_by"]
    assert [i.overdue for i in items] == [True, False]
    assert [i.responsible for i in items] == [f.NURSE, f.LEADER]


def test_concluding_partly_aligned_makes_the_gaps_show_up_in_due() -> None:
    held = f.alignment(
        status="held", participants=[f.participant()], citizen_expectations=["Ro"], gaps=[f.gap()]
    )
    transition = apply(held, "conclude_partly_aligned", actor=f.NURSE, at=f.AT)
    in_two_weeks = D + dt.timedelta(weeks=2)
    categories = {i.category for i in due([transition.record, *transition.created], in_two_weeks)}
    assert categories == {"gap_follow_up"}
    later = D + dt.timedelta(weeks=6)
    categories = {i.category for i in due([transition.record, *transition.created], later)}
    assert categories == {"gap_follow_up", "expectation_alignment"}


def test_trial_actions_are_due_to_start_and_then_for_evaluation() -> None:
    planned = f.trial_action(start_date=D, responsible=[f.NURSE, f.LEADER])
    running = f.trial_action(status="running", evaluation_date=D)
    ended = f.trial_action(status="adopted", evaluation_date=D)
    items = due([planned, running, ended], D)
    assert [(i.category, i.record_id) for i in items] == sorted(
        [("trial_action_start", str(planned.id)), ("trial_action_evaluation", str(running.id))],
        key=lambda pair: pair[0],
    )
    assert next(i for i in items if i.category == "trial_action_start").responsible == f.NURSE


def test_consents_are_due_for_renewal_by_renew_by_or_else_valid_until() -> None:
    renew = f.consent(renew_by=D, valid_until=D + dt.timedelta(days=30))
    expires = f.consent(valid_until=D)
    withdrawn = f.consent(renew_by=D, withdrawn_at=f.AT)
    items = due([renew, expires, withdrawn], D)
    assert {i.record_id: i.pointer for i in items} == {
        str(renew.id): "/renew_by",
        str(expires.id): "/valid_until",
    }
    assert all(i.category == "consent_renewal" for i in items)
    assert all(i.responsible is None for i in items)


def test_records_without_dates_or_workflows_are_never_due() -> None:
    assert due([f.dream(), f.network_member(), f.learning_story(), f.trial_action()], D) == []


def test_due_window_lists_what_falls_due_in_the_coming_days_sorted_by_date() -> None:
    soon = f.trial_action(status="running", evaluation_date=D + dt.timedelta(days=3))
    later = f.trial_action(status="running", evaluation_date=D + dt.timedelta(days=10))
    past = f.alignment(scheduled_for=D - dt.timedelta(days=1))
    items = due_window([later, soon, past], D, 7)
    assert [i.record_id for i in items] == [str(past.id), str(soon.id)]
    assert [i.overdue for i in items] == [True, False]
    with pytest.raises(ValueError, match="days_ahead"):
        due_window([], D, -1)


@pytest.mark.parametrize(
    ("local", "expected_date"),
    [
        # Spring forward: 29 March 2026, 02:00 -> 03:00.
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=COPENHAGEN), dt.date(2026, 3, 29)),
        (dt.datetime(2026, 3, 29, 23, 30, tzinfo=COPENHAGEN), dt.date(2026, 3, 29)),
        # Fall back: 25 October 2026, 03:00 -> 02:00.
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=COPENHAGEN), dt.date(2026, 10, 25)),
        (dt.datetime(2026, 10, 25, 23, 30, tzinfo=COPENHAGEN), dt.date(2026, 10, 25)),
    ],
)
def test_an_aware_as_of_is_read_as_its_copenhagen_date_across_dst(
    local: dt.datetime, expected_date: dt.date
) -> None:
    trial = f.trial_action(status="running", evaluation_date=expected_date)
    as_of_utc = local.astimezone(dt.UTC)
    item = _only(due([trial], as_of_utc))
    assert item.due_on == expected_date
    assert not item.overdue


def test_an_evaluation_date_set_from_half_past_midnight_on_dst_day_is_not_shifted() -> None:
    # The evaluation is planned at 00:30 local on the autumn DST day, stored in UTC.
    at = dt.datetime(2026, 10, 25, 0, 30, tzinfo=COPENHAGEN).astimezone(dt.UTC)
    trial = f.ready_trial_action(evaluation_date=dt.date(2026, 10, 25))
    running = apply(trial, "start", actor=f.NURSE, at=at).record
    assert due([running], dt.date(2026, 10, 24)) == []
    assert _only(due([running], at)).due_on == dt.date(2026, 10, 25)


def test_a_naive_datetime_as_of_is_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        due([], dt.datetime(2026, 5, 1, 12, 0))  # noqa: DTZ001


@given(offset=st.integers(-400, 400), as_of_offset=st.integers(-400, 400))
def test_an_item_is_listed_exactly_when_its_date_has_come(offset: int, as_of_offset: int) -> None:
    day = D + dt.timedelta(days=offset)
    as_of = D + dt.timedelta(days=as_of_offset)
    items = due([f.alignment(scheduled_for=day)], as_of)
    assert bool(items) is (day <= as_of)
    if items:
        assert items[0].overdue is (day < as_of)


def test_due_items_carry_ids_and_never_record_content() -> None:
    plan = f.complete_safety_plan(status="active", review_date=D)
    item = _only(due([plan], D))
    text = repr(item)
    assert "Tryk på nødkaldet" not in text
    assert f.NURSE.kind is ActorKind.STAFF
