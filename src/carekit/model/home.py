"""How staff enter and behave in the citizen's home or room (ST-8, ST-9).

The agreement is the citizen's: they get their own copy (``citizen_copy_on``) and it is gone
through with them again by ``review_date`` (``due()`` category ``home_agreement_review``).  It
says how the citizen wants to be greeted and how staff introduce themselves.  In a nursing home
a move to another room is made only with the resident's consent (:class:`RoomMove`, workflow
:func:`carekit.workflows.plan_room_move`).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from carekit.i18n import Text
from carekit.model._base import CarekitModel, LabelledEnum, NonEmptyStr, Record, field, labels
from carekit.model.citizen import Residence

__all__ = ["HomeAgreement", "KeyArrangement", "Pet", "RoomMove", "RoomMoveConsent"]


@labels(
    {
        "citizen_opens": ("Borgeren åbner selv", "The citizen opens the door"),
        "key_box": ("Nøgleboks", "Key box"),
        "staff_key": ("Personalet har nøgle", "Staff hold a key"),
        "relative_opens": ("Pårørende åbner", "A relative opens"),
        "door_open": ("Døren er åben", "The door is left open"),
        "not_applicable": ("Ikke relevant", "Not applicable"),
    }
)
class KeyArrangement(LabelledEnum):
    """How staff get in: the borger opens, a key box, a staff key, a relative opens, an open door,
    or not applicable."""

    CITIZEN_OPENS = "citizen_opens"
    KEY_BOX = "key_box"
    STAFF_KEY = "staff_key"
    RELATIVE_OPENS = "relative_opens"
    DOOR_OPEN = "door_open"
    NOT_APPLICABLE = "not_applicable"


class Pet(CarekitModel):
    """An animal in the home and what staff should know about it."""

    kind: NonEmptyStr = field("Dyr", "Animal", "What animal, e.g. 'kat'.")
    name: NonEmptyStr | None = field("Navn", "Name", "The pet's name.", None)
    note: NonEmptyStr | None = field(
        "Bemærk", "Note", "What staff should know, e.g. 'må ikke komme ud'.", None
    )


@labels(
    {
        "agreed": ("Borgeren siger ja", "The citizen agrees"),
        "declined": ("Borgeren siger nej", "The citizen declines"),
        "not_asked": ("Ikke spurgt endnu", "Not asked yet"),
    }
)
class RoomMoveConsent(LabelledEnum):
    """The resident's answer to a move to another room: yes, no, or not asked yet."""

    AGREED = "agreed"
    DECLINED = "declined"
    NOT_ASKED = "not_asked"


class RoomMove(CarekitModel):
    """A move to another room in the nursing home, and the resident's consent to it (ST-9)."""

    to_room: NonEmptyStr = field("Til", "To", "The room the resident would move to.")
    planned_on: dt.date = field("Dato", "Date", "The day of the move.")
    reason: NonEmptyStr = field("Hvorfor", "Why", "Why the move is suggested, in plain words.")
    consent: RoomMoveConsent = field(
        "Borgerens svar", "The citizen's answer", "Whether the resident agrees.", "not_asked"
    )
    asked_on: dt.date | None = field("Spurgt", "Asked on", "When the resident was asked.", None)
    citizen_words: NonEmptyStr | None = field(
        "Med borgerens ord", "In the citizen's words", "What the resident said.", None
    )


class HomeAgreement(Record):
    """The citizen's rules for their home or room: knock, shoe covers (futter), key, pets,
    what not to move, how the room should look.  ST-8 (own home), ST-9 (nursing home: a homely
    room signals that the citizen matters)."""

    KIND: ClassVar[str] = "home_agreement"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-8", "ST-9")
    LABEL: ClassVar[Text] = Text("Aftale om hjemmet", "Home agreement")

    kind: Literal["home_agreement"] = field("Type", "Kind", "The record kind.", "home_agreement")
    setting: Residence = field("Hvor", "Setting", "Own home, nursing-home room, bosted, …")
    knock: bool = field("Bank på", "Knock", "Knock before entering.", True)
    ring_bell: bool = field("Ring på", "Ring the bell", "Ring the doorbell.", False)
    wait_for_answer: bool = field(
        "Vent på svar", "Wait for an answer", "Wait to be let in after knocking.", True
    )
    key: KeyArrangement = field("Nøgle", "Key", "How staff get in.")
    key_note: NonEmptyStr | None = field(
        "Om nøglen", "About the key", "Where the key box is, etc. (no codes here).", None
    )
    shoe_covers: bool = field("Futter", "Shoe covers", "Use shoe covers indoors.", False)
    pets: list[Pet] = field("Kæledyr", "Pets", "Animals in the home.", default_factory=list)
    do_not_move: list[NonEmptyStr] = field(
        "Må ikke flyttes",
        "Do not move",
        "Things staff must leave where they are.",
        default_factory=list,
    )
    room_wishes: list[NonEmptyStr] = field(
        "Sådan skal rummet se ud",
        "How the room should look",
        "The citizen's wishes for the room: curtains, light, photos, flowers.",
        default_factory=list,
    )
    other: list[NonEmptyStr] = field(
        "Andre aftaler",
        "Other agreements",
        "Anything else staff should respect.",
        default_factory=list,
    )
    agreed_with_citizen_on: dt.date | None = field(
        "Aftalt med borgeren", "Agreed with the citizen on", "When it was agreed.", None
    )
    greeting: NonEmptyStr | None = field(
        "Sådan vil borgeren hilses",
        "How the citizen wants to be greeted",
        "In the citizen's words, e.g. 'Sig godmorgen og brug mit fornavn'.",
        None,
    )
    introduction: NonEmptyStr | None = field(
        "Sådan præsenterer du dig",
        "How to introduce yourself",
        "What a new helper says first, e.g. 'Sig dit navn, og hvorfor du kommer'.",
        None,
    )
    citizen_copy_on: dt.date | None = field(
        "Borgeren fik en kopi",
        "Citizen's copy given on",
        "When the citizen got their own copy of the agreement.",
        None,
    )
    review_date: dt.date | None = field(
        "Tales igennem igen senest",
        "Review by",
        "When to go through the agreement with the citizen again.",
        None,
    )
    room_moves: list[RoomMove] = field(
        "Flytning af stue",
        "Room moves",
        "Moves to another room in the nursing home, each with the resident's answer.",
        default_factory=list,
    )

    def due_on(self) -> dt.date | None:
        return self.review_date

    def moves_without_consent(self) -> list[int]:
        """The indexes of room moves the resident has not agreed to."""
        return [
            i
            for i, move in enumerate(self.room_moves)
            if move.consent is not RoomMoveConsent.AGREED
        ]
