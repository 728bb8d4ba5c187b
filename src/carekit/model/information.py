"""Information given to the citizen, whether it made sense, and what it prepares for
(ST-3, ST-4, ST-5).

Preparation is a list of :class:`PreparationItem`: what the citizen is prepared for soon or in
the long run, among them the advance care planning talk (*den forberedende samtale*) with the
citizen's wishes for the last time of life (*ønsker for den sidste tid*).  An item is reviewed
with the citizen at the transitions it names (discharge from hospital, a move to a nursing home,
the start of palliative care; an advance care planning item at all three): a transition recorded
on the record (:class:`TransitionNote`) after the item was last reviewed makes it due on the day
of the transition (:meth:`InformationRecord.preparation_reviews`).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime

from carekit.i18n import Text
from carekit.model._base import (
    Actor,
    CarekitModel,
    LabelledEnum,
    NonEmptyStr,
    Record,
    field,
    labels,
)
from carekit.model.safety import AgreementMethod

__all__ = [
    "RECHECK_DAYS",
    "InformationRecord",
    "LifeTransition",
    "PreparationHorizon",
    "PreparationItem",
    "PreparationReview",
    "PreparationTerm",
    "TransitionNote",
    "Understanding",
]

#: Days after information that was not (fully) understood within which staff check again.
RECHECK_DAYS = 3


@labels(
    {
        "none": ("Ingen forberedelse", "No preparation"),
        "short_term": ("Det der sker snart", "What happens soon"),
        "long_term": ("Det der sker på længere sigt", "What happens in the long run"),
        "both": ("Både snart og på længere sigt", "Both soon and in the long run"),
    }
)
class PreparationHorizon(LabelledEnum):
    """What the information prepared the borger for: nothing, what happens soon, in the long run, or
    both (ST-5)."""

    NONE = "none"
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"
    BOTH = "both"


@labels(
    {
        "short_term": ("Det sker snart", "What happens soon"),
        "long_term": ("På længere sigt", "In the long run"),
    }
)
class PreparationTerm(LabelledEnum):
    """Whether a preparation item is about what happens soon or in the long run (ST-5)."""

    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"


@labels(
    {
        "discharge": ("Udskrivelse fra hospitalet", "Discharge from hospital"),
        "move_to_nursing_home": ("Flytning til plejebolig", "Move to a nursing home"),
        "palliative": ("Start på lindrende pleje", "Start of comfort care"),
    }
)
class LifeTransition(LabelledEnum):
    """A transition in the borger's life at which preparation is reviewed: discharge from
    hospital, a move to a nursing home (plejebolig), or the start of palliative care."""

    DISCHARGE = "discharge"
    MOVE_TO_NURSING_HOME = "move_to_nursing_home"
    PALLIATIVE = "palliative"


class PreparationItem(CarekitModel):
    """One thing the citizen is prepared for, soon or in the long run; an advance care planning
    item (*forberedende samtale*) holds the citizen's wishes for the last time of life."""

    term: PreparationTerm = field("Hvornår", "Term", "Soon or in the long run.")
    text: NonEmptyStr = field(
        "Det forbereder vi", "What we prepare for", "What the citizen is prepared for."
    )
    advance_care_planning: bool = field(
        "Forberedende samtale",
        "Advance care planning",
        "Whether this is the advance care planning talk about the last time of life.",
        False,
    )
    wishes: list[NonEmptyStr] = field(
        "Ønsker",
        "Wishes",
        "The citizen's wishes in their own words (for advance care planning: wishes for the "
        "last time of life, e.g. where they want to be, who should be there).",
        default_factory=list,
    )
    review_at: list[LifeTransition] = field(
        "Tales igen ved",
        "Review at",
        "The transitions at which to go through it again with the citizen; empty for an "
        "advance care planning item means all of them.",
        default_factory=list,
    )
    reviewed_on: dt.date | None = field(
        "Gennemgået", "Reviewed on", "When it was last gone through with the citizen.", None
    )

    @property
    def triggers(self) -> tuple[LifeTransition, ...]:
        """The transitions that make it due for review (all three for advance care planning
        unless others are named)."""
        if self.review_at:
            return tuple(self.review_at)
        return tuple(LifeTransition) if self.advance_care_planning else ()


class TransitionNote(CarekitModel):
    """A transition the citizen went through, recorded so that preparation is reviewed."""

    transition: LifeTransition = field("Overgang", "LifeTransition", "What happened.")
    on: dt.date = field("Dato", "Date", "The day it happened (or will happen).")


class PreparationReview(CarekitModel):
    """One preparation item due for review because of a transition."""

    index: int = field("Nummer", "Index", "The item's index in preparation_items.")
    item: PreparationItem = field("Forberedelse", "Preparation", "The item to review.")
    transition: TransitionNote = field("Overgang", "LifeTransition", "The transition behind it.")


@labels(
    {
        "understood": ("Forstået", "Understood"),
        "partly": ("Delvist forstået", "Partly understood"),
        "not_understood": ("Ikke forstået", "Not understood"),
        "not_checked": ("Ikke tjekket", "Not checked"),
    }
)
class Understanding(LabelledEnum):
    """Whether the borger understood the information, as checked with them (ST-4)."""

    UNDERSTOOD = "understood"
    PARTLY = "partly"
    NOT_UNDERSTOOD = "not_understood"
    NOT_CHECKED = "not_checked"


class InformationRecord(Record):
    """Information given to the citizen: what happens now, why, and what to expect (ST-3);
    oral and/or written, and checked by teach-back that it made sense (ST-4); preparation for
    what comes soon and in the long run (ST-5)."""

    KIND: ClassVar[str] = "information_record"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-3", "ST-4", "ST-5")
    LABEL: ClassVar[Text] = Text("Information til borgeren", "Information record")

    kind: Literal["information_record"] = field(
        "Type", "Kind", "The record kind.", "information_record"
    )
    topic: NonEmptyStr = field("Emne", "Topic", "What the information is about.")
    now: NonEmptyStr = field("Det sker nu", "What happens now", "What will happen now.")
    why: NonEmptyStr = field("Hvorfor", "Why", "Why staff act as they do.")
    what_next: NonEmptyStr = field(
        "Det kan du forvente", "What to expect", "What the citizen can expect from here on."
    )
    preparation: PreparationHorizon = field(
        "Forberedelse",
        "Preparation",
        "Whether it prepares for soon, the long run, or both.",
        "none",
    )
    preparation_text: NonEmptyStr | None = field(
        "Om forberedelsen", "About the preparation", "What the citizen was prepared for.", None
    )
    preparation_items: list[PreparationItem] = field(
        "Forberedelse, punkt for punkt",
        "Preparation items",
        "What the citizen is prepared for, soon and in the long run, including the advance "
        "care planning talk and the citizen's wishes for the last time of life.",
        default_factory=list,
    )
    transitions: list[TransitionNote] = field(
        "Overgange",
        "Transitions",
        "Transitions the citizen went through (discharge, a move to a nursing home, palliative "
        "care): each makes the items that name it due for review.",
        default_factory=list,
    )
    given_how: AgreementMethod = field(
        "Givet", "Given", "Orally, in writing, or both (preferably both)."
    )
    given_by: Actor = field("Givet af", "Given by", "Who gave the information.")
    given_at: AwareDatetime = field("Tidspunkt", "Given at", "When it was given.")
    understanding: Understanding = field(
        "Forståelse", "Understanding", "Teach-back result: did it make sense?", "not_checked"
    )
    citizen_words: NonEmptyStr | None = field(
        "Med borgerens ord",
        "In the citizen's words",
        "The citizen's own explanation back (teach-back).",
        None,
    )
    re_explained: bool = field(
        "Forklaret igen", "Re-explained", "Whether it was explained again after the check.", False
    )
    written_material: NonEmptyStr | None = field(
        "Skriftligt materiale", "Written material", "Reference to what was handed over.", None
    )
    recheck_by: dt.date | None = field(
        "Tjek igen senest",
        "Re-check by",
        "When to check again that it makes sense; when not set, 'not understood' or 'partly' "
        f"makes it due {RECHECK_DAYS} days after it was given.",
        None,
    )
    rechecked_at: AwareDatetime | None = field(
        "Tjekket igen",
        "Re-checked at",
        "When it was checked again (record the new understanding with it).",
        None,
    )

    @property
    def needs_recheck(self) -> bool:
        """The citizen did not (fully) understand, and nobody has checked again yet."""
        unclear = self.understanding in (Understanding.NOT_UNDERSTOOD, Understanding.PARTLY)
        return self.rechecked_at is None and (unclear or self.recheck_by is not None)

    def recheck_on(self) -> dt.date | None:
        """When understanding is to be checked again, or ``None``."""
        if not self.needs_recheck:
            return None
        if self.recheck_by is not None:
            return self.recheck_by
        given = self.given_at.astimezone(ZoneInfo("Europe/Copenhagen")).date()
        return given + dt.timedelta(days=RECHECK_DAYS)

    def preparation_reviews(self) -> list[PreparationReview]:
        """The preparation items due for review: for each, the earliest transition it names
        that was recorded after it was last reviewed (due on the day of the transition)."""
        out: list[PreparationReview] = []
        for index, item in enumerate(self.preparation_items):
            pending = [
                note
                for note in self.transitions
                if note.transition in item.triggers
                and (item.reviewed_on is None or item.reviewed_on < note.on)
            ]
            if pending:
                first = min(pending, key=lambda note: note.on)
                out.append(PreparationReview(index=index, item=item, transition=first))
        return out

    def due_on(self) -> dt.date | None:
        days = [review.transition.on for review in self.preparation_reviews()]
        recheck = self.recheck_on()
        if recheck is not None:
            days.append(recheck)
        return min(days, default=None)
