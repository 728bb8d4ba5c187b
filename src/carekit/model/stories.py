"""Learning stories (lærerige fortællinger) with photos and film (DC-5)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime

from carekit.i18n import Text
from carekit.lifecycle import LEARNING_STORY
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
from carekit.model.citizen import SharingScope

__all__ = [
    "Discussion",
    "LearningStory",
    "MediaItem",
    "MediaType",
    "NarrativeConsent",
]


@labels(
    {
        "photo": ("Foto", "Photo"),
        "video": ("Film", "Video"),
        "audio": ("Lyd", "Audio"),
        "drawing": ("Tegning", "Drawing"),
        "document": ("Dokument", "Document"),
    }
)
class MediaType(LabelledEnum):
    """The kind of media attached to a lærerig fortælling: photo, video, audio, drawing or
    document."""

    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    DRAWING = "drawing"
    DOCUMENT = "document"


class MediaItem(CarekitModel):
    """A photo, film or other media item; it is only ever shown with a recorded consent."""

    id: uuid.UUID = field("Id", "Id", "The media item's id.", default_factory=uuid.uuid4)
    reference: NonEmptyStr = field(
        "Reference", "Reference", "Where the file is (URI in the vendor's media store)."
    )
    media_type: MediaType = field("Type", "Media type", "Photo, video, …")
    caption: NonEmptyStr | None = field("Billedtekst", "Caption", "What it shows.", None)
    creator: Actor = field("Lavet af", "Creator", "Who made it.")
    created_at: AwareDatetime = field("Lavet", "Created at", "When it was made.")
    consent_id: uuid.UUID | None = field(
        "Samtykke",
        "Consent",
        "The consent that allows using it.",
        None,
        schema_extra={"x-references": "consent"},
    )
    shared: bool = field("Delt", "Shared", "Whether it is currently shared.", False)


class NarrativeConsent(CarekitModel):
    """The citizen's consent to the story itself (the narrative names them), not only to its
    media: which consent, and how widely it allows sharing.  When a representative gave it,
    the legal basis is recorded on the :class:`~carekit.model.Consent` itself
    (``Consent.legal_basis``), where every use of that consent can see it."""

    consent_id: uuid.UUID = field(
        "Samtykke",
        "Consent",
        "The consent (purpose: learning story) that allows sharing the narrative.",
        schema_extra={"x-references": "consent"},
    )
    scope: SharingScope = field(
        "Må deles med", "Allowed scope", "How widely the citizen allows the story to be shared."
    )


class Discussion(CarekitModel):
    """A discussion of a learning story in the staff group (DC-5): who took part, what was
    reflected on, and what happens next — with the citizen's voice when they took part."""

    held_on: dt.date = field("Dato", "Held on", "When the story was discussed.")
    participants: list[Actor] = field("Deltagere", "Participants", "Who took part.", min_length=1)
    reflections: NonEmptyStr = field("Refleksioner", "Reflections", "What the group reflected on.")
    what_next: NonEmptyStr = field("Det gør vi nu", "What next", "What the group will do next.")
    citizen_voice: NonEmptyStr | None = field(
        "Borgerens stemme", "Citizen's voice", "What the citizen said about it, if asked.", None
    )


class LearningStory(Record):
    """A learning story: staff document trial actions — successful or not — in words,
    pictures and film, and share them in the staff group for common learning (DC-5)."""

    KIND: ClassVar[str] = "learning_story"
    PRACTICES: ClassVar[tuple[str, ...]] = ("DC-5", "DC-6")
    LABEL: ClassVar[Text] = Text("Lærerig fortælling", "Learning story")

    kind: Literal["learning_story"] = field("Type", "Kind", "The record kind.", "learning_story")
    status: Annotated[str, WorkflowStatus(LEARNING_STORY)] = status_field(
        LEARNING_STORY, "Where the story is in its workflow."
    )
    title: NonEmptyStr = field("Titel", "Title", "The story's title.")
    narrative: NonEmptyStr = field("Fortælling", "Narrative", "What happened, told as a story.")
    learned: NonEmptyStr = field("Det lærte vi", "What we learned", "What was learned.")
    trial_action_ids: list[uuid.UUID] = field(
        "Prøvehandlinger",
        "Trial actions",
        "The trial actions it tells of (successful or not).",
        default_factory=list,
        schema_extra={"x-references": "trial_action"},
    )
    media: list[MediaItem] = field("Medier", "Media", "Photos, film, …", default_factory=list)
    sharing_scope: SharingScope = field(
        "Deles med", "Sharing scope", "Who it is shared with.", "team"
    )
    authors: list[Actor] = field("Forfattere", "Authors", "Who wrote it.", default_factory=list)
    narrative_consent: NarrativeConsent | None = field(
        "Samtykke til fortællingen",
        "Narrative consent",
        "The citizen's consent to sharing the story beyond the staff group.",
        None,
    )
    discussions: list[Discussion] = field(
        "Drøftelser",
        "Discussions",
        "Each time the staff group discussed the story, oldest first.",
        default_factory=list,
    )
