"""The safety plan (sikkerhedsplan) and the citizen's own sense of safety."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, Field

from carekit.i18n import Text
from carekit.lifecycle import SAFETY_PLAN
from carekit.model._base import (
    Actor,
    CarekitModel,
    LabelledEnum,
    NonEmptyStr,
    PhoneNumber,
    Record,
    WorkflowStatus,
    field,
    labels,
    status_field,
)
from carekit.model.network import AnswerTime

__all__ = [
    "Agreement",
    "AgreementMethod",
    "CheckInMethod",
    "PlanContact",
    "PlannedVisit",
    "RelationalApproach",
    "SafetyCheckIn",
    "SafetyPlan",
    "Situation",
    "SituationType",
    "WrittenCopy",
]


@labels(
    {
        "pain": ("Hvis du får ondt", "If you are in pain"),
        "fall": ("Hvis du falder", "If you fall"),
        "more_help": ("Hvis du har brug for mere hjælp", "If you need more help"),
        "anxiety": ("Hvis du bliver utryg eller bange", "If you feel unsafe or afraid"),
        "breathing": ("Hvis du får svært ved at trække vejret", "If you find it hard to breathe"),
        "custom": ("Anden situation", "Other situation"),
    }
)
class SituationType(LabelledEnum):
    """Which 'what do I do if …' situation: pain, a fall, needing more help, anxiety, breathing
    difficulty or a custom one."""

    PAIN = "pain"
    FALL = "fall"
    MORE_HELP = "more_help"
    ANXIETY = "anxiety"
    BREATHING = "breathing"
    CUSTOM = "custom"


@labels(
    {
        "oral": ("Mundtligt", "Orally"),
        "written": ("Skriftligt", "In writing"),
        "both": ("Både mundtligt og skriftligt", "Both orally and in writing"),
    }
)
class AgreementMethod(LabelledEnum):
    """How the sikkerhedsplan was agreed with the borger: orally, in writing, or both."""

    ORAL = "oral"
    WRITTEN = "written"
    BOTH = "both"


class Situation(CarekitModel):
    """'What do I do if …': one situation where the citizen's safety is challenged."""

    type: SituationType = field("Situation", "Situation", "Which situation this is.")
    title: NonEmptyStr | None = field(
        "Overskrift", "Title", "The heading in the citizen's words (required for 'custom').", None
    )
    warning_signs: list[NonEmptyStr] = field(
        "Advarselstegn",
        "Warning signs",
        "Signs that the situation is starting.",
        default_factory=list,
    )
    self_care: list[NonEmptyStr] = field(
        "Det kan du selv gøre",
        "What you can do yourself",
        "What the citizen can do themself.",
        default_factory=list,
    )
    steps: list[NonEmptyStr] = field(
        "Trin for trin",
        "Step by step",
        "Numbered step-by-step instructions, in order.",
        default_factory=list,
    )
    call_contact_ids: list[uuid.UUID] = field(
        "Ring til",
        "Call",
        "Whom to call (network members), in order.",
        default_factory=list,
        schema_extra={"x-references": "network_member"},
    )
    call_when: NonEmptyStr | None = field(
        "Hvornår du skal ringe", "When to call", "When to call rather than wait.", None
    )

    def has_action(self) -> bool:
        """Whether the situation says what to do: self-care, steps or contacts to call."""
        return bool(self.self_care or self.steps or self.call_contact_ids)


class PlanContact(CarekitModel):
    """A number in the safety plan and when to use it."""

    name: NonEmptyStr = field("Navn", "Name", "Who answers, e.g. 'Hjemmeplejens vagttelefon'.")
    phone: PhoneNumber = field("Telefonnummer", "Phone number", "The number to call.")
    answers: list[AnswerTime] = field(
        "Svarer",
        "Answers",
        "When the number is answered.",
        min_length=1,
        default_factory=lambda: [AnswerTime.WEEKDAYS],
    )
    hours: NonEmptyStr | None = field(
        "Åbningstid", "Hours", "Hours in words, e.g. 'kl. 8-15'.", None
    )
    member_id: uuid.UUID | None = field(
        "Person i netværket",
        "Network member",
        "The network member behind the number.",
        None,
        schema_extra={"x-references": "network_member"},
    )
    is_contact_person: bool = field(
        "Kontaktperson", "Contact person", "Whether this is the citizen's contact person.", False
    )


class PlannedVisit(CarekitModel):
    """Who comes, when, and what for (ST-12: making the professionals' decisions visible)."""

    who: NonEmptyStr = field("Hvem kommer", "Who comes", "Name or team of who comes.")
    role: NonEmptyStr | None = field("Rolle", "Role", "Their role, e.g. 'hjemmehjælper'.", None)
    when: NonEmptyStr = field(
        "Hvornår", "When", "When they come, in words, e.g. 'Hver dag kl. 8-9'."
    )
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = field(
        "Ugedage", "Weekdays", "ISO weekdays 1 (Monday) to 7 (Sunday).", default_factory=list
    )
    purpose: NonEmptyStr = field("Hvad skal de", "What for", "What the visit is for.")
    decided_by: NonEmptyStr | None = field(
        "Besluttet af", "Decided by", "Who decided the visit (so the citizen can ask).", None
    )


class Agreement(CarekitModel):
    """How the plan was agreed with the citizen (ST-4)."""

    method: AgreementMethod = field("Hvordan", "How", "Orally, in writing, or both.")
    agreed_at: AwareDatetime = field("Aftalt", "Agreed at", "When it was agreed.")
    agreed_with: NonEmptyStr = field(
        "Aftalt med", "Agreed with", "The citizen, or who agreed on the citizen's behalf."
    )
    understood: bool = field(
        "Giver mening for borgeren",
        "Makes sense to the citizen",
        "Whether it was checked that the plan makes sense to the citizen.",
        False,
    )


class WrittenCopy(CarekitModel):
    """Where the citizen's written copy is."""

    handed_over_at: AwareDatetime | None = field(
        "Udleveret", "Handed over at", "When the written copy was handed to the citizen.", None
    )
    kept_where: NonEmptyStr | None = field(
        "Ligger", "Kept where", "Where the copy is kept, e.g. 'på køleskabet'.", None
    )
    format: NonEmptyStr | None = field("Form", "Format", "Paper, large print, app, …", None)


class SafetyPlan(Record):
    """A concrete plan for when the citizen's safety is challenged.  ST-10 (pain, fall, need
    for more help; contacts, weekend and emergency numbers; direct instructions), ST-12
    (planned visits: who comes, when, what for), ST-4 (agreed orally and in writing)."""

    KIND: ClassVar[str] = "safety_plan"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-4", "ST-10", "ST-12")
    LABEL: ClassVar[Text] = Text("Sikkerhedsplan", "Safety plan")

    kind: Literal["safety_plan"] = field("Type", "Kind", "The record kind.", "safety_plan")
    status: Annotated[str, WorkflowStatus(SAFETY_PLAN)] = status_field(
        SAFETY_PLAN, "Where the plan is in the safety-plan workflow."
    )
    plan_version: int = field(
        "Version", "Plan version", "1 for the first plan; a revision makes the next.", 1, ge=1
    )
    previous_plan_id: uuid.UUID | None = field(
        "Forrige plan",
        "Previous plan",
        "The plan this version replaces.",
        None,
        schema_extra={"x-references": "safety_plan"},
    )
    contacts: list[PlanContact] = field(
        "Telefonnumre",
        "Contacts",
        "Numbers for weekdays, evenings, nights and weekends.",
        default_factory=list,
    )
    emergency_number: PhoneNumber = field(
        "Alarmnummer", "Emergency number", "The emergency number (112 in Denmark).", "112"
    )
    situations: list[Situation] = field(
        "Situationer",
        "Situations",
        "What to do if … (pain, fall, more help, …).",
        default_factory=list,
    )
    planned_visits: list[PlannedVisit] = field(
        "Planlagte besøg", "Planned visits", "Who comes, when and what for.", default_factory=list
    )
    agreement: Agreement | None = field(
        "Aftale med borgeren", "Agreement", "How the plan was agreed with the citizen.", None
    )
    written_copy: WrittenCopy | None = field(
        "Skriftlig kopi", "Written copy", "Where the citizen's written copy is.", None
    )
    review_date: dt.date | None = field(
        "Opfølgning", "Review date", "When the plan is to be reviewed with the citizen.", None
    )
    responsible: Actor | None = field(
        "Ansvarlig", "Responsible", "Who is responsible for the plan and its review.", None
    )

    def due_on(self) -> dt.date | None:
        return self.review_date if self.status in ("active", "review_due") else None


@labels(
    {
        "in_person": ("Ved besøg", "In person"),
        "phone": ("Telefon", "Phone"),
        "video": ("Video", "Video"),
        "written": ("Skriftligt", "In writing"),
    }
)
class CheckInMethod(LabelledEnum):
    """How staff check in with the borger: in person, by phone, by video or in writing."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    WRITTEN = "written"


@labels(
    {
        "calmer": ("Roligere", "Calmer"),
        "more_responsible": ("Ansvarligere", "More responsible"),
        "mentalizing": ("Mentaliserende", "Mentalizing"),
    }
)
class RelationalApproach(LabelledEnum):
    """The relational stance staff take (ST-1): calmer, more responsible, mentalizing."""

    CALMER = "calmer"
    MORE_RESPONSIBLE = "more_responsible"
    MENTALIZING = "mentalizing"


class SafetyCheckIn(Record):
    """The citizen's own rating of how safe they feel (ST-1 relational safety)."""

    KIND: ClassVar[str] = "safety_check_in"
    PRACTICES: ClassVar[tuple[str, ...]] = ("ST-1",)
    LABEL: ClassVar[Text] = Text("Tryghedsmåling", "Safety check-in")

    kind: Literal["safety_check_in"] = field("Type", "Kind", "The record kind.", "safety_check_in")
    rating: int = field(
        "Tryghed",
        "Rating",
        "How safe the citizen feels, 1 (not at all) to 5 (completely).",
        ge=1,
        le=5,
    )
    citizen_words: NonEmptyStr | None = field(
        "Med borgerens ord",
        "In the citizen's words",
        "What the citizen said, in their words.",
        None,
    )
    asked_by: Actor = field("Spurgt af", "Asked by", "Who asked.")
    method: CheckInMethod = field("Hvordan", "How", "How the citizen was asked.")
    asked_at: AwareDatetime = field("Tidspunkt", "Asked at", "When the citizen was asked.")
    approach: list[RelationalApproach] = field(
        "Tilgang",
        "Approach",
        "How the staff member worked: calmer, more responsible, mentalizing.",
        default_factory=list,
    )
