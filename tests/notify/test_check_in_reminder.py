"""The check-in follow-up reminder (ST-1) through the real routing, with its exact text."""

from __future__ import annotations

import datetime as dt

from carekit.model import Actor, ActorKind, CheckInMethod, SafetyCheckIn
from carekit.notify import Dispatcher, Routing, StaticDirectory, remind
from carekit.notify._model import Recipient
from carekit.store import MemoryStore
from carekit.testing.records import CITIZEN_ID, STAFF
from carekit.testing.storage import put_new
from carekit.workflows import COPENHAGEN, plan_follow_up

from .conftest import FakeChannel

CONTACT = Actor(id="staff-contact", kind=ActorKind.STAFF, name="Anna")
AT = dt.datetime(2026, 5, 13, 10, 0, tzinfo=COPENHAGEN)


def check_in(rating: int) -> SafetyCheckIn:
    return SafetyCheckIn(
        citizen_id=CITIZEN_ID,
        actor=STAFF,
        created_at=AT,
        updated_at=AT,
        rating=rating,
        asked_by=STAFF,
        method=CheckInMethod.IN_PERSON,
        asked_at=AT,
    )


def test_the_owner_gets_the_reminder_with_its_exact_text() -> None:
    store = MemoryStore()
    planned = plan_follow_up(check_in(1), contact_person=CONTACT)
    put_new(store, planned)  # with the citizen it is about
    anna = Recipient(
        id=CONTACT.id, kind="staff", display_name="Anna", addresses={"email": "anna@example.dk"}
    )
    routing = Routing(directory=StaticDirectory(recipients=[anna]))
    assert planned.follow_up_by is not None
    stats = remind(store, planned.follow_up_by, routing=routing, now=AT)
    assert stats.enqueued == 1
    email = FakeChannel("email", requires_address=True)
    Dispatcher(store, [email], routing=routing, clock=lambda: AT).drain()
    (sent,) = email.sent
    assert sent.type == "reminder.check_in_follow_up"
    assert sent.recipient.id == CONTACT.id
    assert sent.subject == "Husk: Tal med en borger, der er utryg"
    assert sent.body.startswith(
        "Hej Anna.\n\nEn borger har sagt, at det ikke føles trygt lige nu. Tal med borgeren "
        "igen. Spørg, hvad der kan hjælpe. Gør det senest 15. maj 2026."
    )
