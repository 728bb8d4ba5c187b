"""A preparation item due at a transition reminds the staff member who gave the information,
with exact Danish and English texts (ST-5)."""

from __future__ import annotations

import datetime as dt

import attrs

from carekit.i18n import Text
from carekit.notify import Recipient, Routing, StaticDirectory
from carekit.workflows import DueItem

SOFIE = Recipient(id="staff-1", kind="staff", display_name="Sofie", addresses={"email": "s@x.dk"})
JOHN = Recipient(id="staff-2", kind="staff", display_name="John", lang="en")


def _item() -> DueItem:
    return DueItem(
        category="preparation_review",
        kind="information_record",
        record_id="r-1",
        citizen_id="c-1",
        due_on=dt.date(2026, 11, 30),
        overdue=False,
        reason=Text("x", "x"),
    )


def test_the_reminder_names_the_turning_point_and_the_wishes() -> None:
    routing = Routing(directory=StaticDirectory(recipients=[SOFIE, JOHN]))
    (da,) = routing.reminders(_item(), ["staff-1"])
    (en,) = routing.reminders(_item(), ["staff-2"])
    assert da.type == "reminder.preparation_review"
    assert da.subject == "Husk: Tal om forberedelsen igen"
    assert da.body == (
        "Hej Sofie.\n\nEn borger er ved en overgang i livet, fx udskrivelse eller flytning. Tal "
        "med borgeren igen om det, vi har forberedt, og om borgerens ønsker. Gør det senest "
        "30. november 2026."
    )
    assert en.subject == "Reminder: talk about the preparation again"
    assert en.body.startswith(
        "Hello John.\n\nA citizen is at a turning point, such as a discharge or a move. Talk "
        "with the citizen again about what we have prepared and about their wishes. Do it by "
    )


def test_a_network_meeting_and_a_home_review_remind_with_their_own_words() -> None:
    routing = Routing(directory=StaticDirectory(recipients=[SOFIE, JOHN]))
    meeting = attrs.evolve(_item(), category="network_meeting")
    home = attrs.evolve(_item(), category="home_agreement_review")
    (da,) = routing.reminders(meeting, ["staff-1"])
    (en,) = routing.reminders(meeting, ["staff-2"])
    assert (da.type, da.subject) == ("reminder.network_meeting", "Husk: Netværksmødet")
    assert da.body == (
        "Hej Sofie.\n\nDer skal holdes et netværksmøde om en borger senest 30. november 2026. "
        "Inviter borgeren og netværket. Skriv bagefter, hvad I aftalte."
    )
    assert en.body.startswith("Hello John.\n\nIt is time for a network meeting about a citizen.")
    (da,) = routing.reminders(home, ["staff-1"])
    assert da.subject == "Husk: Tal om aftalen om hjemmet"
    assert da.body == (
        "Hej Sofie.\n\nAftalen om, hvordan vi kommer ind hos en borger, skal tales igennem "
        "igen. Spørg borgeren, om den stadig passer. Gør det senest 30. november 2026."
    )
