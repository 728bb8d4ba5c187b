"""How staff enter and behave in the citizen's home or room (ST-8, ST-9)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from carekit.i18n import Text
from carekit.model._base import CarekitModel, LabelledEnum, NonEmptyStr, Record, field, labels
from carekit.model.citizen import Residence

__all__ = ["HomeAgreement", "KeyArrangement", "Pet"]


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
