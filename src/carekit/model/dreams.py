"""The citizen's dreams and the perspectives that deepen them (DC-1, DC-3, DC-4)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from carekit.i18n import Text
from carekit.lifecycle import DREAM
from carekit.model._base import (
    Actor,
    LabelledEnum,
    NonEmptyStr,
    Record,
    WorkflowStatus,
    field,
    labels,
    status_field,
)
from carekit.model.foundation import FoundationKey

__all__ = ["Dream", "DreamWording", "NoticedVia", "Perspective", "PerspectiveSource"]


@labels(
    {
        "citizen_words": ("Med borgerens egne ord", "In the citizen's own words"),
        "observed": ("Som personalet har observeret den", "As observed by staff"),
    }
)
class DreamWording(LabelledEnum):
    """Whether a dream is written in the borger's own words or as staff observed it."""

    CITIZEN_WORDS = "citizen_words"
    OBSERVED = "observed"


@labels(
    {
        "said": ("Borgeren sagde det", "The citizen said it"),
        "observed_signs": ("Observerede tegn", "Observed signs"),
        "relative": ("Fra pårørende", "From a relative"),
        "volunteer": ("Fra en frivillig", "From a volunteer"),
        "life_story": ("Fra livshistorien", "From the life story"),
    }
)
class NoticedVia(LabelledEnum):
    """How the dream came to light: the borger said it, observed signs (tegn), a relative, a
    volunteer or the life story."""

    SAID = "said"
    OBSERVED_SIGNS = "observed_signs"
    RELATIVE = "relative"
    VOLUNTEER = "volunteer"
    LIFE_STORY = "life_story"


class Dream(Record):
    """A dream, wish or motivation of the citizen's (DC-1), noticed by anyone, with a hypothesis
    on shared professional grounds (DC-4) that trial actions test (DC-2)."""

    KIND: ClassVar[str] = "dream"
    PRACTICES: ClassVar[tuple[str, ...]] = ("DC-1", "DC-2", "DC-4")
    LABEL: ClassVar[Text] = Text("Drøm", "Dream")

    kind: Literal["dream"] = field("Type", "Kind", "The record kind.", "dream")
    status: Annotated[str, WorkflowStatus(DREAM)] = status_field(
        DREAM, "Where the dream is in its workflow."
    )
    text: NonEmptyStr = field("Drømmen", "The dream", "The dream, wish or motivation.")
    wording: DreamWording = field(
        "Formulering", "Wording", "In the citizen's own words, or as observed."
    )
    noticed_via: NoticedVia = field("Opdaget via", "Noticed via", "How the dream was noticed.")
    noticed_by: Actor = field("Opdaget af", "Noticed by", "Who noticed it.")
    noticed_on: dt.date = field("Opdaget", "Noticed on", "When it was noticed.")
    hypothesis: NonEmptyStr | None = field(
        "Hypotese", "Hypothesis", "What staff believe would bring the citizen joy.", None
    )
    professional_grounds: NonEmptyStr | None = field(
        "Faglig begrundelse",
        "Professional grounds",
        "The shared professional basis for the hypothesis (DC-4).",
        None,
    )
    foundation_refs: list[FoundationKey] = field(
        "Fælles faglighed",
        "Foundation references",
        "Keys of the unit's professional foundation the hypothesis rests on (DC-4).",
        default_factory=list,
    )
    outside_foundation: NonEmptyStr | None = field(
        "Uden for den fælles faglighed",
        "Outside the foundation",
        "Why the hypothesis rests on nothing in the unit's foundation, when it does not.",
        None,
    )
    replaces_dream_id: uuid.UUID | None = field(
        "Afløser drøm",
        "Replaces dream",
        "The dream this one revises.",
        None,
        schema_extra={"x-references": "dream"},
    )


@labels(
    {
        "citizen": ("Borgeren", "The citizen"),
        "relative": ("Pårørende", "Relative"),
        "volunteer": ("Frivillig", "Volunteer"),
        "partner_organisation": ("Samarbejdspartner", "Partner organisation"),
        "staff": ("Personale", "Staff"),
    }
)
class PerspectiveSource(LabelledEnum):
    """Whose perspective on the dream this is: the borger, a relative, a volunteer, a partner
    organisation or staff."""

    CITIZEN = "citizen"
    RELATIVE = "relative"
    VOLUNTEER = "volunteer"
    PARTNER_ORGANISATION = "partner_organisation"
    STAFF = "staff"


class Perspective(Record):
    """A new perspective on the citizen's situation, from the citizen, relatives, volunteers
    (foreningsfrivillige) or partners (DC-3); it may bear on dreams."""

    KIND: ClassVar[str] = "perspective"
    PRACTICES: ClassVar[tuple[str, ...]] = ("DC-3", "DC-1")
    LABEL: ClassVar[Text] = Text("Nyt perspektiv", "Perspective")

    kind: Literal["perspective"] = field("Type", "Kind", "The record kind.", "perspective")
    source: PerspectiveSource = field("Kilde", "Source", "Who the perspective comes from.")
    source_name: NonEmptyStr | None = field(
        "Kildens navn", "Source name", "Name of the person or organisation.", None
    )
    content: NonEmptyStr = field("Perspektiv", "Content", "The perspective in words.")
    dream_ids: list[uuid.UUID] = field(
        "Drømme",
        "Dreams",
        "The dreams it bears on.",
        default_factory=list,
        schema_extra={"x-references": "dream"},
    )
    recorded_on: dt.date = field("Registreret", "Recorded on", "When it was recorded.")
    in_own_words: bool = field(
        "Med egne ord",
        "In their own words",
        "Whether ``content`` is the source's own words (a volunteer's, a relative's), not a "
        "staff summary.",
        False,
    )
    alternative_hypothesis: NonEmptyStr | None = field(
        "Anden hypotese",
        "Alternative hypothesis",
        "Another idea of what the dream is about, or what would bring joy, from this perspective.",
        None,
    )
    trial_action_ids: list[uuid.UUID] = field(
        "Prøvehandlinger",
        "Trial actions",
        "The trial actions it bears on.",
        default_factory=list,
        schema_extra={"x-references": "trial_action"},
    )
