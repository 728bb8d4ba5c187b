"""The citizen's network: who is around the citizen, how to reach them, and when.

Network meetings are recorded on the :class:`CareNetwork` (:class:`NetworkMeeting`: who took
part, whether the citizen did, what was agreed); ``next_meeting`` comes due in ``due()``
(category ``network_meeting``) until the meeting is recorded
(:func:`carekit.workflows.record_network_meeting`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from carekit.i18n import Text
from carekit.lifecycle import NETWORK_MEMBER
from carekit.model._base import (
    CarekitModel,
    Email,
    LabelledEnum,
    NonEmptyStr,
    PhoneNumber,
    Record,
    WorkflowStatus,
    field,
    labels,
    status_field,
)

__all__ = [
    "AnswerTime",
    "CareNetwork",
    "NetworkMeeting",
    "NetworkMember",
    "NetworkSide",
    "Phone",
    "Role",
]


@labels(
    {
        "gp": ("Egen læge", "GP"),
        "home_care": ("Hjemmepleje", "Home care"),
        "home_nursing": ("Hjemmesygepleje", "Home nursing"),
        "contact_person": ("Kontaktperson", "Contact person"),
        "social_worker": ("Socialrådgiver", "Social worker"),
        "relative": ("Pårørende", "Relative"),
        "palliative_team": ("Palliativt team", "Palliative team"),
        "psychiatrist": ("Psykiater", "Psychiatrist"),
        "psychologist": ("Psykolog", "Psychologist"),
        "nurse": ("Sygeplejerske", "Nurse"),
        "volunteer": ("Frivillig", "Volunteer"),
        "co_resident": ("Medbeboer", "Co-resident"),
        "other": ("Andet", "Other"),
    }
)
class Role(LabelledEnum):
    """A network member's role, e.g. egen læge, hjemmepleje, kontaktperson or pårørende."""

    GP = "gp"
    HOME_CARE = "home_care"
    HOME_NURSING = "home_nursing"
    CONTACT_PERSON = "contact_person"
    SOCIAL_WORKER = "social_worker"
    RELATIVE = "relative"
    PALLIATIVE_TEAM = "palliative_team"
    PSYCHIATRIST = "psychiatrist"
    PSYCHOLOGIST = "psychologist"
    NURSE = "nurse"
    VOLUNTEER = "volunteer"
    CO_RESIDENT = "co_resident"
    OTHER = "other"


@labels(
    {
        "weekdays": ("Hverdage i dagtimerne", "Weekdays, daytime"),
        "evenings": ("Aftener", "Evenings"),
        "nights": ("Nætter", "Nights"),
        "weekends": ("Weekender og helligdage", "Weekends and public holidays"),
        "always": ("Hele døgnet", "Around the clock"),
    }
)
class AnswerTime(LabelledEnum):
    """When a phone is answered: weekday daytime, evenings, nights, weekends and holidays, or around
    the clock."""

    WEEKDAYS = "weekdays"
    EVENINGS = "evenings"
    NIGHTS = "nights"
    WEEKENDS = "weekends"
    ALWAYS = "always"


@labels(
    {
        "public": ("Offentligt netværk (personale)", "Public network (professionals)"),
        "private": (
            "Privat netværk (familie, venner, frivillige)",
            "Private network (family, friends, volunteers)",
        ),
    }
)
class NetworkSide(LabelledEnum):
    """Which side of the network someone is on: public (professionals) or private (family, friends,
    volunteers)."""

    PUBLIC = "public"
    PRIVATE = "private"


class Phone(CarekitModel):
    """A phone number and when it is answered."""

    number: PhoneNumber = field("Telefonnummer", "Phone number", "The number to call.")
    answers: list[AnswerTime] = field(
        "Svarer",
        "Answers",
        "When the number is answered.",
        min_length=1,
        default_factory=lambda: [AnswerTime.WEEKDAYS],
    )
    hours: NonEmptyStr | None = field(
        "Åbningstid", "Hours", "Opening hours in words, e.g. 'kl. 8-15'.", None
    )
    label: NonEmptyStr | None = field(
        "Betegnelse", "Label", "What the number is, e.g. 'Vagttelefon'.", None
    )

    def covers(self, time: AnswerTime) -> bool:
        """Whether the phone is answered at *time* (always true for ``ALWAYS``)."""
        return AnswerTime.ALWAYS in self.answers or time in self.answers


class NetworkMember(Record):
    """A person or team in the citizen's network.  ST-11 (coordinated network), DC-1 (relations
    with relatives, volunteers, co-residents), DC-3 (new perspectives)."""

    KIND: ClassVar[str] = "network_member"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-11", "DC-1", "DC-3")
    LABEL: ClassVar[Text] = Text("Person i netværket", "Network member")

    kind: Literal["network_member"] = field("Type", "Kind", "The record kind.", "network_member")
    status: Annotated[str, WorkflowStatus(NETWORK_MEMBER)] = status_field(
        NETWORK_MEMBER, "Where the member is in the network-member workflow."
    )
    name: NonEmptyStr = field("Navn", "Name", "Name of the person or team.")
    role: Role = field("Rolle", "Role", "The member's role around the citizen.")
    role_text: NonEmptyStr | None = field(
        "Rolle (fritekst)",
        "Role (free text)",
        "The role in words when 'other' or more precise.",
        None,
    )
    side: NetworkSide = field("Netværk", "Network", "Public (professional) or private network.")
    organisation: NonEmptyStr | None = field(
        "Organisation", "Organisation", "The organisation, e.g. 'Hjemmeplejen Nord'.", None
    )
    phones: list[Phone] = field(
        "Telefonnumre",
        "Phone numbers",
        "Numbers and when they are answered.",
        default_factory=list,
    )
    email: Email | None = field(
        "E-mail", "E-mail", "E-mail address, if the member wants to be reached that way.", None
    )
    consent_to_share: bool = field(
        "Samtykke til deling",
        "Consent to share",
        "Whether the citizen consents to sharing information with this member.",
        False,
    )
    is_contact_person: bool = field(
        "Er kontaktperson",
        "Is contact person",
        "Whether this is the citizen's contact person.",
        False,
    )


class NetworkMeeting(CarekitModel):
    """A network meeting that was held: who took part and what was agreed (ST-11)."""

    held_on: dt.date = field("Holdt", "Held on", "The day of the meeting.")
    participant_ids: list[uuid.UUID] = field(
        "Deltagere",
        "Participants",
        "The network members who took part.",
        min_length=1,
        schema_extra={"x-references": "network_member"},
    )
    citizen_took_part: bool = field(
        "Borgeren var med", "Citizen took part", "Whether the citizen took part.", True
    )
    agreed: list[NonEmptyStr] = field(
        "Det aftalte vi",
        "What was agreed",
        "What the meeting agreed, in plain words (who does what).",
        default_factory=list,
    )


class CareNetwork(Record):
    """The citizen's network as a whole, and how it coordinates.  ST-11."""

    KIND: ClassVar[str] = "care_network"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-11", "DC-1")
    LABEL: ClassVar[Text] = Text("Netværk", "Care network")

    kind: Literal["care_network"] = field("Type", "Kind", "The record kind.", "care_network")
    member_ids: list[uuid.UUID] = field(
        "Medlemmer",
        "Members",
        "The network members (records of kind network_member).",
        default_factory=list,
        schema_extra={"x-references": "network_member"},
    )
    coordinator_id: uuid.UUID | None = field(
        "Koordinator",
        "Coordinator",
        "The member who coordinates the network.",
        None,
        schema_extra={"x-references": "network_member"},
    )
    coordination: NonEmptyStr | None = field(
        "Samarbejde",
        "Coordination",
        "How the network works together: meetings, who informs whom.",
        None,
    )
    next_meeting: dt.date | None = field(
        "Næste netværksmøde", "Next network meeting", "Date of the next network meeting.", None
    )
    meetings: list[NetworkMeeting] = field(
        "Netværksmøder",
        "Network meetings",
        "The network meetings held, oldest first.",
        default_factory=list,
    )

    def due_on(self) -> dt.date | None:
        return self.next_meeting

    @property
    def latest_meeting(self) -> NetworkMeeting | None:
        """The meeting held most recently, or ``None``."""
        return max(self.meetings, key=lambda m: m.held_on, default=None)
