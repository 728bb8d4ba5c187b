"""The citizen (borger) and consent."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, StringConstraints

from carekit.i18n import Text
from carekit.model._base import Actor, LabelledEnum, NonEmptyStr, Record, field, labels
from carekit.privacy import CPR_PATTERN, mask_cpr

__all__ = ["Citizen", "Consent", "ConsentGiver", "ConsentPurpose", "Language", "Residence"]

_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@labels(
    {
        "own_home": ("Eget hjem", "Own home"),
        "nursing_home": ("Plejebolig", "Nursing home"),
        "bosted": ("Bosted", "Supported housing (bosted)"),
        "hospice": ("Hospice", "Hospice"),
        "other": ("Andet", "Other"),
    }
)
class Residence(LabelledEnum):
    """Where the borger lives: own home, plejebolig (nursing home), bosted, hospice or elsewhere."""

    OWN_HOME = "own_home"
    NURSING_HOME = "nursing_home"
    BOSTED = "bosted"
    HOSPICE = "hospice"
    OTHER = "other"


@labels({"da": ("Dansk", "Danish"), "en": ("Engelsk", "English")})
class Language(LabelledEnum):
    """The language the borger wants documents in: Danish or English."""

    DA = "da"
    EN = "en"


Cpr = Annotated[str, StringConstraints(pattern=CPR_PATTERN)]


class Citizen(Record):
    """The citizen (borger) at the centre of every other record.  ST-1, ST-12, DC-1.

    Identified by a pseudonymous ``id``; ``citizen_id`` equals ``id`` (rule ``citizen-id``).
    A CPR number may be kept as an optional identifier: its shape is part of the schema, its
    birth date is checked by rule ``cpr-birth-date``; it is never logged, and masked in
    ``repr`` and in :meth:`display_cpr` unless the caller asks for it in full.
    """

    KIND: ClassVar[str] = "citizen"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-1", "ST-12", "DC-1")
    LABEL: ClassVar[Text] = Text("Borger", "Citizen")

    kind: Literal["citizen"] = field("Type", "Kind", "The record kind.", "citizen")
    display_name: NonEmptyStr = field(
        "Navn", "Display name", "The name the citizen wants to be called."
    )
    cpr: Cpr | None = field(
        "CPR-nummer",
        "CPR number",
        "Optional Danish personal identification number, DDMMYY-SSSS. Personal data: never "
        "logged, masked when shown.",
        None,
        repr=False,
    )
    residence: Residence = field("Bor", "Residence", "Where the citizen lives.")
    preferred_language: Language = field(
        "Foretrukket sprog", "Preferred language", "Language for written information.", "da"
    )
    interpreter_needed: bool = field(
        "Behov for tolk", "Interpreter needed", "Whether an interpreter is needed.", False
    )
    contact_person_id: uuid.UUID | None = field(
        "Kontaktperson",
        "Contact person",
        "The network member who is the citizen's contact person (kontaktperson).",
        None,
        schema_extra={"x-references": "network_member"},
    )
    life_story: NonEmptyStr | None = field(
        "Livshistorie",
        "Life story",
        "Short life story, in the citizen's own words where possible.",
        None,
    )
    unit: NonEmptyStr | None = field(
        "Enhed",
        "Unit",
        "The unit or team that cares for the citizen (e.g. 'Bostedet Lyngen, afd. B'): the "
        "shift's watch list can be made for one unit.",
        None,
    )

    def display_cpr(self, *, reveal: bool = False) -> str | None:
        """The CPR number, masked (``010190-XXXX``) unless ``reveal=True`` is asked for."""
        if self.cpr is None:
            return None
        return self.cpr if reveal else mask_cpr(self.cpr)


@labels(
    {
        "share_with_network": ("Deling med netværket", "Sharing with the network"),
        "photos_and_film": ("Fotos og film", "Photos and film"),
        "learning_story": ("Brug i lærerig fortælling", "Use in a learning story"),
        "share_with_volunteers": ("Deling med frivillige", "Sharing with volunteers"),
        "ehr_exchange": ("Udveksling med journalsystemer", "Exchange with health records"),
        "other": ("Andet", "Other"),
    }
)
class ConsentPurpose(LabelledEnum):
    """What a consent covers: sharing with the network or volunteers, photos and film, learning
    stories, health-record exchange, or other."""

    SHARE_WITH_NETWORK = "share_with_network"
    PHOTOS_AND_FILM = "photos_and_film"
    LEARNING_STORY = "learning_story"
    SHARE_WITH_VOLUNTEERS = "share_with_volunteers"
    EHR_EXCHANGE = "ehr_exchange"
    OTHER = "other"


@labels(
    {
        "citizen": ("Borgeren selv", "The citizen"),
        "relative": ("Pårørende", "Relative"),
        "guardian": ("Værge", "Guardian"),
        "proxy": ("Fuldmagtshaver", "Proxy"),
    }
)
class ConsentGiver(LabelledEnum):
    """Who gave a consent: the borger, a relative, a guardian (værge) or a proxy
    (fuldmagtshaver)."""

    CITIZEN = "citizen"
    RELATIVE = "relative"
    GUARDIAN = "guardian"
    PROXY = "proxy"


class Consent(Record):
    """A consent given by (or on behalf of) the citizen.  DC-5, ST-11.

    Active from ``given_at`` until ``withdrawn_at`` or ``valid_until``; ``renew_by`` makes it
    appear in ``due()`` before it lapses.
    """

    KIND: ClassVar[str] = "consent"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-11", "DC-5")
    LABEL: ClassVar[Text] = Text("Samtykke", "Consent")

    kind: Literal["consent"] = field("Type", "Kind", "The record kind.", "consent")
    purpose: ConsentPurpose = field("Formål", "Purpose", "What the consent allows.")
    scope: NonEmptyStr | None = field(
        "Omfang", "Scope", "What exactly is covered, in plain words.", None
    )
    given_by: ConsentGiver = field("Givet af", "Given by", "Who gave the consent.")
    given_by_name: NonEmptyStr | None = field(
        "Givet af (navn)",
        "Given by (name)",
        "Name of the person who gave it, if not the citizen.",
        None,
    )
    given_at: AwareDatetime = field("Givet", "Given at", "When the consent was given.")
    recorded_by: Actor = field("Registreret af", "Recorded by", "Who recorded the consent.")
    valid_until: dt.date | None = field(
        "Gyldig til", "Valid until", "Last day the consent is valid, if limited.", None
    )
    renew_by: dt.date | None = field(
        "Fornyes senest", "Renew by", "When the consent should be renewed with the citizen.", None
    )
    withdrawn_at: AwareDatetime | None = field(
        "Trukket tilbage", "Withdrawn at", "When the consent was withdrawn, if it was.", None
    )

    def due_on(self) -> dt.date | None:
        if self.withdrawn_at is not None:
            return None
        return self.renew_by or self.valid_until

    def is_active(self, on: dt.date) -> bool:
        """True when the consent is given, not withdrawn, and not expired on *on* (calendar
        dates in Europe/Copenhagen, whatever offset the timestamps were stored with)."""
        if self.given_at.astimezone(_COPENHAGEN).date() > on:
            return False
        if self.withdrawn_at is not None and self.withdrawn_at.astimezone(_COPENHAGEN).date() <= on:
            return False
        return self.valid_until is None or on <= self.valid_until
