"""Learning stories (lærerige fortællinger) with photos and film (DC-5)."""

from __future__ import annotations

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

__all__ = ["LearningStory", "MediaItem", "MediaType", "SharingScope"]


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


@labels(
    {
        "team": ("Personalegruppen", "The staff group"),
        "organisation": ("Hele organisationen", "The whole organisation"),
        "network": ("Borgerens netværk", "The citizen's network"),
    }
)
class SharingScope(LabelledEnum):
    """Who a learning story is shared with: the staff group, the whole organisation or the borger's
    network."""

    TEAM = "team"
    ORGANISATION = "organisation"
    NETWORK = "network"


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
