"""ST-10: every situation of a safety plan is answered around the clock by the numbers in its
own box, and a plan is put into use only when it was checked that it makes sense (ST-4)."""

from __future__ import annotations

import uuid

import pytest

from carekit.errors import GuardFailed
from carekit.model import (
    AROUND_THE_CLOCK,
    AnswerTime,
    ContactType,
    PlanContact,
    Situation,
    SituationType,
)
from carekit.workflows import GUARDS, Env, apply

from . import factories as f

ANSWERED = "situations_answered_around_the_clock"


def holds(name: str, record: object) -> bool:
    return GUARDS[name](record, Env(actor=f.NURSE, at=f.AT))  # type: ignore[arg-type]  # each guard takes its own record type


def _contact(*answers: AnswerTime, **extra: object) -> PlanContact:
    fields: dict[str, object] = {"name": "Nummer", "phone": "+45 70 11 22 33", **extra}
    return PlanContact.model_validate({**fields, "answers": list(answers)})


def test_a_plan_wide_night_number_does_not_answer_a_box_that_does_not_show_it() -> None:
    day = _contact(AnswerTime.WEEKDAYS)
    duty = _contact(AnswerTime.EVENINGS, AnswerTime.NIGHTS, AnswerTime.WEEKENDS)
    pain = Situation(type=SituationType.PAIN, steps=["Ring"], plan_contact_ids=[day.id])
    plan = f.complete_safety_plan(contacts=[day, duty], situations=[pain])
    assert holds("contacts_cover_week", plan)  # the plan as a whole covers the week …
    assert not holds(ANSWERED, plan)  # … but the pain box only shows a daytime number
    assert plan.unanswered_times(pain) == [
        AnswerTime.EVENINGS,
        AnswerTime.NIGHTS,
        AnswerTime.WEEKENDS,
    ]
    with pytest.raises(GuardFailed) as caught:
        apply(plan.model_copy(update={"status": "agreed"}), "activate", actor=f.NURSE, at=f.AT)
    assert ANSWERED in caught.value.failed  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it


def test_a_box_with_both_numbers_is_answered_and_the_plan_activates() -> None:
    day = _contact(AnswerTime.WEEKDAYS)
    duty = _contact(AnswerTime.EVENINGS, AnswerTime.NIGHTS, AnswerTime.WEEKENDS)
    pain = Situation(type=SituationType.PAIN, steps=["Ring"], plan_contact_ids=[day.id, duty.id])
    plan = f.complete_safety_plan(contacts=[day, duty], situations=[pain], status="agreed")
    assert holds(ANSWERED, plan)
    assert apply(plan, "activate", actor=f.NURSE, at=f.AT).to_state == "active"


def test_evenings_count_on_their_own() -> None:
    without_evenings = _contact(AnswerTime.WEEKDAYS, AnswerTime.NIGHTS, AnswerTime.WEEKENDS)
    box = Situation(type=SituationType.FALL, steps=["x"], plan_contact_ids=[without_evenings.id])
    plan = f.safety_plan(contacts=[without_evenings], situations=[box])
    assert not holds(ANSWERED, plan)
    assert plan.unanswered_times(box) == [AnswerTime.EVENINGS]


def test_a_network_member_in_the_box_counts_through_the_plan_contact_behind_it() -> None:
    member = uuid.uuid4()
    always = _contact(AnswerTime.ALWAYS, member_id=member)
    box = Situation(type=SituationType.MORE_HELP, steps=["x"], call_contact_ids=[member])
    plan = f.safety_plan(contacts=[always], situations=[box])
    assert plan.contacts_for(box) == [always]
    assert holds(ANSWERED, plan)


def test_a_personal_alarm_without_a_number_answers_but_a_bare_name_does_not() -> None:
    alarm = PlanContact(
        type=ContactType.PERSONAL_ALARM,
        name="Nødkaldet",
        how="Tryk på knappen om din hals",
        answers=[AnswerTime.ALWAYS],
    )
    nameless = PlanContact(type=ContactType.OTHER, name="Nogen", answers=[AnswerTime.ALWAYS])
    fall = Situation(type=SituationType.FALL, steps=["x"], plan_contact_ids=[alarm.id])
    other = Situation(type=SituationType.PAIN, steps=["x"], plan_contact_ids=[nameless.id])
    assert holds(ANSWERED, f.safety_plan(contacts=[alarm, nameless], situations=[fall]))
    assert not holds(ANSWERED, f.safety_plan(contacts=[alarm, nameless], situations=[other]))


def test_a_plan_without_situations_is_not_answered() -> None:
    assert not holds(ANSWERED, f.safety_plan(contacts=[_contact(AnswerTime.ALWAYS)]))


def test_each_contact_is_shown_once_in_the_order_given() -> None:
    member = uuid.uuid4()
    a, b = _contact(AnswerTime.WEEKDAYS), _contact(AnswerTime.ALWAYS, member_id=member)
    box = Situation(
        type=SituationType.PAIN, plan_contact_ids=[b.id, a.id], call_contact_ids=[member]
    )
    plan = f.safety_plan(contacts=[a, b], situations=[box])
    assert plan.contacts_for(box) == [b, a]


def test_around_the_clock_is_the_four_times_of_the_week() -> None:
    assert set(AROUND_THE_CLOCK) == set(AnswerTime) - {AnswerTime.ALWAYS}


def test_activate_needs_understanding_checked() -> None:
    plan = f.complete_safety_plan(agreement=f.agreement(understood=False), status="agreed")
    assert not holds("understanding_checked", plan)
    with pytest.raises(GuardFailed) as caught:
        apply(plan, "activate", actor=f.NURSE, at=f.AT)
    assert caught.value.failed == ("understanding_checked",)  # type: ignore[attr-defined]  # the engine raises the workflows subclass, which has it
    assert "giver mening" in caught.value.reasons[0].da
    assert holds("understanding_checked", f.complete_safety_plan())
    assert not holds("understanding_checked", f.safety_plan())


@pytest.mark.parametrize(
    ("type_", "badge"),
    [
        (ContactType.CONTACT_PERSON, True),
        (ContactType.NURSING_HOME_UNIT, False),
        (ContactType.HOME_CARE_DUTY, False),
        (ContactType.PERSONAL_ALARM, False),
    ],
)
def test_the_contact_person_badge_is_only_for_a_person(type_: ContactType, badge: bool) -> None:
    contact = _contact(AnswerTime.ALWAYS, type=type_, is_contact_person=True)
    assert contact.shows_contact_person_badge is badge
