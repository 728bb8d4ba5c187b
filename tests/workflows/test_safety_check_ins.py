"""ST-1: a check-in that says the citizen does not feel safe leads somewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from carekit.model import (
    FOLLOW_UP_DAYS,
    LOW_RATING,
    Actor,
    ActorKind,
    CheckInMethod,
    SafetyCheckIn,
    SituationType,
    StaffReflection,
    TrendDirection,
    safety_trend,
)
from carekit.workflows import due, plan_follow_up

from . import factories as f

CONTACT = Actor(id="staff-contact", kind=ActorKind.STAFF, name="Anna")


def check_in(rating: int, *, days: int = 0, **overrides: Any) -> SafetyCheckIn:
    at = f.AT + dt.timedelta(days=days)
    fields: dict[str, Any] = {
        "rating": rating,
        "asked_by": f.NURSE,
        "method": CheckInMethod.IN_PERSON,
        "asked_at": at,
        "created_at": at,
        "updated_at": at,
        **overrides,
    }
    return SafetyCheckIn(citizen_id=f.CITIZEN, actor=f.NURSE, **fields)


@pytest.mark.parametrize("rating", range(1, LOW_RATING + 1))
def test_a_low_rating_is_due_for_follow_up_two_days_later(rating: int) -> None:
    low = check_in(rating)
    assert low.due_on() == f.TODAY + dt.timedelta(days=FOLLOW_UP_DAYS)
    (item,) = due([low], f.TODAY + dt.timedelta(days=FOLLOW_UP_DAYS))
    assert item.category == "check_in_follow_up"
    assert item.responsible == f.NURSE  # no owner written: whoever asked
    assert item.reason.da == "Borgeren følte sig utryg. Tal med borgeren igen"


def test_words_flagged_by_staff_are_due_even_with_a_middle_rating() -> None:
    assert check_in(3).due_on() is None
    assert check_in(3, flagged_words=True).due_on() == f.TODAY + dt.timedelta(days=2)
    assert check_in(5).due_on() is None


def test_a_follow_up_done_is_no_longer_due() -> None:
    done = check_in(1, followed_up_at=f.AT + dt.timedelta(hours=5), follow_up_note="Talt med")
    assert done.due_on() is None
    assert due([done], f.TODAY + dt.timedelta(days=30)) == []


def test_plan_follow_up_gives_it_to_the_contact_person() -> None:
    planned = plan_follow_up(check_in(2), contact_person=CONTACT)
    assert planned.follow_up_owner == CONTACT
    assert planned.follow_up_by == f.TODAY + dt.timedelta(days=2)
    (item,) = due([planned], planned.follow_up_by)
    assert item.responsible == CONTACT
    assert item.pointer == "/follow_up_by"


def test_plan_follow_up_is_configurable_and_keeps_what_is_set() -> None:
    three = check_in(3)
    assert plan_follow_up(three, contact_person=CONTACT) == three  # 3 is not low by default
    strict = plan_follow_up(three, contact_person=CONTACT, low_rating=3, within_days=1)
    assert strict.follow_up_by == f.TODAY + dt.timedelta(days=1)
    assert strict.due_on() == strict.follow_up_by  # a stricter rule is kept on the record
    owned = check_in(1, follow_up_owner=f.LEADER, follow_up_by=f.TODAY)
    kept = plan_follow_up(owned, contact_person=CONTACT)
    assert (kept.follow_up_owner, kept.follow_up_by) == (f.LEADER, f.TODAY)
    assert plan_follow_up(check_in(1), contact_person=None).follow_up_owner == f.NURSE
    with pytest.raises(ValueError, match="within_days"):
        plan_follow_up(check_in(1), contact_person=CONTACT, within_days=-1)


def test_the_trend_per_citizen() -> None:
    assert safety_trend([]).direction is TrendDirection.UNKNOWN
    assert safety_trend([check_in(3)]).direction is TrendDirection.UNKNOWN
    falling = safety_trend([check_in(4, days=-10), check_in(4, days=-5), check_in(1)])
    assert (falling.direction, falling.latest, falling.low_count) == (TrendDirection.FALLING, 1, 1)
    assert falling.ratings == [4, 4, 1]
    assert falling.average == 3.0
    rising = safety_trend([check_in(5), check_in(2, days=-3)])  # given in any order
    assert rising.ratings == [2, 5]
    assert rising.direction is TrendDirection.RISING
    assert safety_trend([check_in(3, days=-1), check_in(3)]).direction is TrendDirection.STEADY
    assert TrendDirection.FALLING.label.da == "Mindre tryg"


def test_a_reflection_holds_the_three_prompts_and_the_hard_situation() -> None:
    reflection = StaffReflection(
        noticed_in_myself="Jeg blev urolig",
        citizen_experienced="Hun var bange for at være alene",
        my_part="Jeg ringer i morgen",
        hard_situation=SituationType.ANXIETY,
    )
    stored = check_in(2, reflection=reflection)
    assert SafetyCheckIn.model_validate(stored.model_dump(mode="json")) == stored
