"""Expectation alignment (forventningsafstemning), held continuously (ST-6, ST-7)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime

from carekit.i18n import Text
from carekit.lifecycle import EXPECTATION_ALIGNMENT
from carekit.model._base import (
    Actor,
    CarekitModel,
    LabelledEnum,
    NonEmptyStr,
    Record,
    WorkflowStatus,
    field,
    labels,
    status_field,
)

__all__ = [
    "AlignmentAgreement",
    "ExpectationAlignment",
    "Gap",
    "Participant",
    "ParticipantKind",
]


@labels(
    {
        "citizen": ("Borgeren", "The citizen"),
        "representative": (
            "Borgerens repræsentant (fx værge eller fuldmagt)",
            "The citizen's representative (e.g. guardian or power of attorney)",
        ),
        "relative": ("Pårørende", "Relative"),
        "staff": ("Personale", "Staff"),
        "other": ("Andet", "Other"),
    }
)
class ParticipantKind(LabelledEnum):
    """In what capacity someone took part in an expectation alignment: as the citizen, as the
    citizen's representative, as a relative, as staff, or otherwise."""

    CITIZEN = "citizen"
    REPRESENTATIVE = "representative"
    RELATIVE = "relative"
    STAFF = "staff"
    OTHER = "other"


#: Role words (free text, before ``takes_part_as`` existed) that name the citizen or their
#: representative.
_CITIZEN_ROLES = frozenset(
    {"borger", "borgeren", "citizen", "the citizen", "værge", "repræsentant", "representative"}
)


class Participant(CarekitModel):
    """Someone who took part in the alignment, optionally linked to a member of the care network."""

    name: NonEmptyStr = field("Navn", "Name", "Who took part.")
    role: NonEmptyStr = field("Rolle", "Role", "Their role: borger, pårørende, kontaktperson, …")
    member_id: uuid.UUID | None = field(
        "Person i netværket",
        "Network member",
        "The network member, if any.",
        None,
        schema_extra={"x-references": "network_member"},
    )
    takes_part_as: ParticipantKind | None = field(
        "Deltager som",
        "Takes part as",
        "The citizen, their representative, a relative, staff or other.  When not set, a role "
        "of 'borger' (or 'værge', 'repræsentant') counts as the citizen or representative.",
        None,
    )

    @property
    def speaks_for_the_citizen(self) -> bool:
        """Whether this participant is the citizen or the citizen's representative."""
        if self.takes_part_as is not None:
            return self.takes_part_as in (ParticipantKind.CITIZEN, ParticipantKind.REPRESENTATIVE)
        return self.role.strip().casefold() in _CITIZEN_ROLES


class Gap(CarekitModel):
    """Where what the citizen expects and what is offered do not meet."""

    description: NonEmptyStr = field("Beskrivelse", "Description", "The gap, in plain words.")
    resolved: bool = field("Løst", "Resolved", "Whether the gap has been resolved.", False)
    follow_up_by: dt.date | None = field(
        "Følges op senest", "Follow up by", "When the gap is to be followed up.", None
    )
    follow_up_owner: Actor | None = field(
        "Ansvarlig for opfølgning", "Follow-up owner", "Who follows the gap up.", None
    )


class AlignmentAgreement(CarekitModel):
    """One agreement from a forventningsafstemning: what, who owns it, and by when."""

    text: NonEmptyStr = field("Aftale", "Agreement", "What was agreed.")
    owner: Actor = field("Ansvarlig", "Owner", "Who is responsible for the agreement.")
    due: dt.date | None = field("Senest", "Due", "When it is to be done.", None)


class ExpectationAlignment(Record):
    """One expectation alignment: what is offered and what is not, the citizen's expectations
    in their own words, the gaps, and the agreements with an owner each (ST-6).  Held again and
    again from a cadence (ST-7)."""

    KIND: ClassVar[str] = "expectation_alignment"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-6", "ST-7")
    LABEL: ClassVar[Text] = Text("Forventningsafstemning", "Expectation alignment")

    kind: Literal["expectation_alignment"] = field(
        "Type", "Kind", "The record kind.", "expectation_alignment"
    )
    status: Annotated[str, WorkflowStatus(EXPECTATION_ALIGNMENT)] = status_field(
        EXPECTATION_ALIGNMENT, "Where the alignment is in its workflow."
    )
    scheduled_for: dt.date = field("Planlagt til", "Scheduled for", "When it is to be held.")
    held_at: AwareDatetime | None = field("Afholdt", "Held at", "When it was held.", None)
    responsible: Actor | None = field(
        "Ansvarlig", "Responsible", "Who is responsible for holding it.", None
    )
    participants: list[Participant] = field(
        "Deltagere", "Participants", "Who took part.", default_factory=list
    )
    offered: list[NonEmptyStr] = field(
        "Det tilbyder vi",
        "What is offered",
        "What the citizen is offered, in plain words.",
        default_factory=list,
    )
    not_offered: list[NonEmptyStr] = field(
        "Det tilbyder vi ikke",
        "What is not offered",
        "What the citizen might expect but is not offered.",
        default_factory=list,
    )
    citizen_expectations: list[NonEmptyStr] = field(
        "Borgerens forventninger",
        "The citizen's expectations",
        "What the citizen expects, in their own words.",
        default_factory=list,
    )
    gaps: list[Gap] = field(
        "Uoverensstemmelser", "Gaps", "Where they do not meet.", default_factory=list
    )
    agreements: list[AlignmentAgreement] = field(
        "Aftaler", "Agreements", "What was agreed, each with an owner.", default_factory=list
    )
    next_alignment_date: dt.date | None = field(
        "Næste afstemning", "Next alignment", "When the next alignment is due.", None
    )
    previous_alignment_id: uuid.UUID | None = field(
        "Forrige afstemning",
        "Previous alignment",
        "The alignment this one follows.",
        None,
        schema_extra={"x-references": "expectation_alignment"},
    )

    @property
    def was_held(self) -> bool:
        """Whether the talk has taken place (held, or concluded after being held)."""
        return self.status in ("held", "aligned", "partly_aligned", "not_aligned")

    def open_gaps(self) -> list[Gap]:
        """The gaps in expectations not yet marked resolved."""
        return [gap for gap in self.gaps if not gap.resolved]

    def due_on(self) -> dt.date | None:
        if self.status == "scheduled":
            return self.scheduled_for
        follow_ups = [g.follow_up_by for g in self.open_gaps() if g.follow_up_by is not None]
        return min(follow_ups) if follow_ups else None
