"""remind(): one reminder per due item and recipient, and never twice."""

from __future__ import annotations

import datetime as dt

from carekit.model import Actor, ActorKind
from carekit.notify import Dispatcher, Routing, StaticDirectory, remind
from carekit.store import MemoryStore
from carekit.testing.records import make_record

from .conftest import ANNA, CITIZEN, TEAM, Clock, FakeChannel

DUE = dt.date(2026, 12, 1)


def put_due_records(store: MemoryStore) -> None:
    store.put(make_record("dream"), expected_version=None)  # the trial action refers to it
    store.put(make_record("safety_plan", review_date=DUE), expected_version=None)
    store.put(make_record("expectation_alignment", scheduled_for=DUE), expected_version=None)
    store.put(
        make_record("trial_action", status="running", evaluation_date=DUE), expected_version=None
    )
    store.put(make_record("consent", renew_by=DUE), expected_version=None)
    store.put(
        make_record("safety_plan", 2, review_date=DUE + dt.timedelta(days=30)),
        expected_version=None,
    )


def test_remind_twice_for_the_same_date_sends_each_reminder_once(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    put_due_records(store)
    email = FakeChannel("email", requires_address=True)
    first = remind(store, DUE, routing=routing, now=clock())
    second = remind(store, DUE, routing=routing, now=clock())
    assert (first.due, first.enqueued, first.already_enqueued) == (4, 4, 0)
    assert (second.due, second.enqueued, second.already_enqueued) == (4, 0, 4)
    Dispatcher(store, [email], routing=routing, clock=clock).drain()
    remind(store, DUE + dt.timedelta(days=1), routing=routing, now=clock())
    Dispatcher(store, [email], routing=routing, clock=clock).drain()
    assert len(email.keys()) == len(set(email.keys())) == 4
    assert sorted(n.type for n in email.sent) == [
        "reminder.consent_renewal",
        "reminder.expectation_alignment",
        "reminder.safety_plan_review",
        "reminder.trial_action_evaluation",
    ]


def test_reminders_go_to_the_responsible_person_else_the_team(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    put_due_records(store)
    remind(store, DUE, routing=routing, now=clock())
    email = FakeChannel("email", requires_address=True)
    Dispatcher(store, [email], routing=routing, clock=clock).drain()
    by_type = {n.type: n.recipient.id for n in email.sent}
    assert by_type["reminder.safety_plan_review"] == ANNA.id
    assert by_type["reminder.consent_renewal"] == TEAM.id  # a consent names nobody
    key = next(n.key for n in email.sent if n.type == "reminder.safety_plan_review")
    plan_id = make_record("safety_plan").record_id
    assert key == f"reminder:safety_plan_review:{plan_id}:2026-12-01:staff:{ANNA.id}"


def test_lead_days_reminds_ahead_and_a_new_due_date_is_a_new_reminder(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    put_due_records(store)
    early = remind(store, DUE - dt.timedelta(days=3), routing=routing, lead_days=3, now=clock())
    assert early.enqueued == 4
    assert remind(store, DUE, routing=routing, now=clock()).enqueued == 0


def test_unknown_responsible_falls_back_to_the_configured_team(
    store: MemoryStore, clock: Clock
) -> None:
    stranger = Actor(id="staff-99", kind=ActorKind.STAFF)
    store.put(
        make_record("safety_plan", review_date=DUE, responsible=stranger), expected_version=None
    )
    nobody = Routing(directory=StaticDirectory())
    assert remind(store, DUE, routing=nobody, now=clock()).without_recipient == 1
    fallback = Routing(directory=StaticDirectory(), fallback_team=TEAM)
    stats = remind(store, DUE, routing=fallback, now=clock())
    assert (stats.enqueued, stats.without_recipient) == (1, 0)
    assert CITIZEN
