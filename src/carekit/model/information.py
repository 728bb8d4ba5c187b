"""Information given to the citizen, and whether it made sense (ST-3, ST-4, ST-5)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime

from carekit.i18n import Text
from carekit.model._base import Actor, LabelledEnum, NonEmptyStr, Record, field, labels
from carekit.model.safety import AgreementMethod

__all__ = ["RECHECK_DAYS", "InformationRecord", "PreparationHorizon", "Understanding"]

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

    def due_on(self) -> dt.date | None:
        if not self.needs_recheck:
            return None
        if self.recheck_by is not None:
            return self.recheck_by
        given = self.given_at.astimezone(ZoneInfo("Europe/Copenhagen")).date()
        return given + dt.timedelta(days=RECHECK_DAYS)
