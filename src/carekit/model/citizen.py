"""The citizen (borger) and consent.

A consent given by someone other than the citizen (a relative, a guardian, a proxy) is only
worth something with the legal basis for acting on the citizen's behalf: ``Consent.
legal_basis`` says which (a guardianship or a lasting power of attorney covering personal
matters, a relative as stedfortræder where the law allows it, or another basis described in
``legal_basis_note``).  :func:`consent_problems` says what is missing, in Danish and English;
rule ``consent-legal-basis`` reports it and the learning-story guards refuse such a consent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, StringConstraints

from carekit.i18n import Text
from carekit.model._base import Actor, LabelledEnum, NonEmptyStr, Record, field, labels
from carekit.model.foundation import substantive
from carekit.privacy import CPR_PATTERN, mask_cpr

__all__ = [
    "Citizen",
    "Consent",
    "ConsentBasis",
    "ConsentGiver",
    "ConsentPurpose",
    "Language",
    "Residence",
    "SharingScope",
    "consent_problems",
]

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
        "team": ("Personalegruppen", "The staff group"),
        "unit": ("Hele enheden", "The whole unit"),
        "organisation": ("Hele organisationen", "The whole organisation"),
        "network": ("Borgerens netværk", "The citizen's network"),
    }
)
class SharingScope(LabelledEnum):
    """Who a learning story is shared with: the staff group, the whole unit, the whole
    organisation or the borger's network."""

    TEAM = "team"
    UNIT = "unit"
    ORGANISATION = "organisation"
    NETWORK = "network"

    @property
    def width(self) -> int:
        """How far it reaches: team 0, unit 1, organisation 2 (the network is apart)."""
        return {"team": 0, "unit": 1, "organisation": 2, "network": 1}[self.value]

    def within(self, allowed: SharingScope) -> bool:
        """Whether sharing this widely stays within *allowed*.  The citizen's network is
        not part of the staff's ladder: only a consent for the network covers it (and
        any consent covers the staff group)."""
        if SharingScope.NETWORK in (self, allowed):
            return self is allowed or self is SharingScope.TEAM
        return self.width <= allowed.width


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


@labels(
    {
        "own_consent": ("Borgerens eget samtykke", "The citizen's own consent"),
        "guardianship": (
            "Værge, hvor værgemålet omfatter personlige forhold",
            "Guardian, where the guardianship covers personal matters",
        ),
        "lasting_power_of_attorney": (
            "Fremtidsfuldmagt, der omfatter personlige forhold",
            "Lasting power of attorney (fremtidsfuldmagt) covering personal matters",
        ),
        "relative_as_representative": (
            "Pårørende som stedfortræder, hvor loven giver mulighed for det",
            "A relative as stedfortræder (representative), where the law allows it",
        ),
        "other": ("Anden hjemmel (beskrives)", "Other legal basis (to be described)"),
    }
)
class ConsentBasis(LabelledEnum):
    """The legal basis (hjemmel) for a consent: the citizen's own, a guardian (værge) whose
    guardianship covers personal matters, a lasting power of attorney (fremtidsfuldmagt)
    covering personal matters, a relative as stedfortræder where the law allows it, or another
    basis described in words."""

    OWN_CONSENT = "own_consent"
    GUARDIANSHIP = "guardianship"
    LASTING_POWER_OF_ATTORNEY = "lasting_power_of_attorney"
    RELATIVE_AS_REPRESENTATIVE = "relative_as_representative"
    OTHER = "other"


class Consent(Record):
    """A consent given by (or on behalf of) the citizen.  DC-5, ST-11.

    Active from ``given_at`` until ``withdrawn_at`` or ``valid_until``; ``renew_by`` makes it
    appear in ``due()`` before it lapses.  Given by anyone but the citizen, it needs its
    ``legal_basis`` (rule ``consent-legal-basis``, :func:`consent_problems`).
    """

    KIND: ClassVar[str] = "consent"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-11", "DC-5")
    LABEL: ClassVar[Text] = Text("Samtykke", "Consent")

    kind: Literal["consent"] = field("Type", "Kind", "The record kind.", "consent")
    purpose: ConsentPurpose = field("Formål", "Purpose", "What the consent allows.")
    scope: NonEmptyStr | None = field(
        "Omfang", "Scope", "What exactly is covered, in plain words.", None
    )
    sharing_scope: SharingScope | None = field(
        "Må deles med",
        "May be shared with",
        "For a learning story or photos and film: how widely the citizen allows sharing (the "
        "staff group, the whole unit, the whole organisation or the network). A learning "
        "story is never shared more widely than this.",
        None,
    )
    given_by: ConsentGiver = field("Givet af", "Given by", "Who gave the consent.")
    given_by_name: NonEmptyStr | None = field(
        "Givet af (navn)",
        "Given by (name)",
        "Name of the person who gave it, if not the citizen.",
        None,
    )
    legal_basis: ConsentBasis | None = field(
        "Hjemmel",
        "Legal basis",
        "On what basis the consent was given: the citizen's own consent, or — when someone "
        "else gave it — the basis for acting on the citizen's behalf.  Required when a "
        "relative, guardian or proxy gave it.",
        None,
    )
    legal_basis_note: NonEmptyStr | None = field(
        "Hjemmel, beskrivelse",
        "Legal basis, described",
        "The basis in words (e.g. what the guardianship or power of attorney covers and since "
        "when); required when the basis is 'other'.",
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

    @property
    def lawfully_given(self) -> bool:
        """Whether the consent says on what basis it was given, as :func:`consent_problems`
        asks (always, for the citizen's own consent without a basis named)."""
        return not any(True for _ in consent_problems(self))

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


def consent_problems(consent: Consent) -> Iterator[tuple[str, Text]]:
    """What is missing or contradictory in *consent*'s legal basis: ``(pointer, message)``
    pairs telling staff what to record (rule ``consent-legal-basis``).

    - given by a relative, guardian or proxy: a legal basis other than the citizen's own
      consent is required;
    - given by the citizen: a representative's basis contradicts it;
    - basis "other": ``legal_basis_note`` must say what the basis is.
    """
    basis = consent.legal_basis
    if consent.given_by is not ConsentGiver.CITIZEN:
        giver = consent.given_by.label
        if basis is None:
            yield (
                "/legal_basis",
                Text(
                    f"Samtykket er givet af en anden end borgeren ({giver.da.lower()}). "
                    "Skriv, hvilken hjemmel vedkommende handler på: værgemål eller "
                    "fremtidsfuldmagt, der omfatter personlige forhold, pårørende som "
                    "stedfortræder, hvor loven giver mulighed for det, eller en anden hjemmel, "
                    "som du beskriver.",
                    f"The consent was given by someone other than the citizen "
                    f"({giver.en.lower()}). Record the legal basis they act on: a guardianship "
                    "or lasting power of attorney covering personal matters, a relative as "
                    "stedfortræder where the law allows it, or another basis that you describe.",
                ),
            )
        elif basis is ConsentBasis.OWN_CONSENT:
            yield (
                "/legal_basis",
                Text(
                    "Hjemlen kan ikke være borgerens eget samtykke, når en anden end borgeren "
                    f"({giver.da.lower()}) har givet det. Vælg den hjemmel, vedkommende handler "
                    "på, eller ret, hvem der gav samtykket.",
                    "The basis cannot be the citizen's own consent when someone other than the "
                    f"citizen ({giver.en.lower()}) gave it. Choose the basis they act on, or "
                    "correct who gave the consent.",
                ),
            )
    elif basis is not None and basis not in (ConsentBasis.OWN_CONSENT, ConsentBasis.OTHER):
        yield (
            "/legal_basis",
            Text(
                f"Samtykket er givet af borgeren selv, men hjemlen er '{basis.label.da}'. Vælg "
                "'Borgerens eget samtykke', eller ret, hvem der gav samtykket.",
                f"The consent was given by the citizen, but the basis is '{basis.label.en}'. "
                "Choose 'The citizen's own consent', or correct who gave the consent.",
            ),
        )
    if basis is ConsentBasis.OTHER and not substantive(consent.legal_basis_note):
        yield (
            "/legal_basis_note",
            Text(
                "Hjemlen er 'Anden hjemmel': beskriv den med ord — hvad den bygger på, og hvad "
                "den omfatter.",
                "The basis is 'Other legal basis': describe it in words — what it rests on and "
                "what it covers.",
            ),
        )
