"""The safety plan (sikkerhedsplan) and the citizen's own sense of safety."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime

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
from carekit.model.visits import PlannedVisit, VisitChange, VisitRequest

__all__ = [
    "AROUND_THE_CLOCK",
    "FOLLOW_UP_DAYS",
    "LOW_RATING",
    "Agreement",
    "AgreementMethod",
    "CheckInMethod",
    "ContactType",
    "PlanContact",
    "PlannedVisit",
    "RelationalApproach",
    "RelativePart",
    "RelativeRole",
    "SafetyCheckIn",
    "SafetyPlan",
    "SafetyTrend",
    "Situation",
    "SituationType",
    "StaffReflection",
    "TrendDirection",
    "WrittenCopy",
    "safety_trend",
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


@labels(
    {
        "contact_person": ("Din kontaktperson", "Your contact person"),
        "home_care_duty": ("Hjemmeplejens vagttelefon", "Home care duty phone"),
        "nursing_home_unit": ("Afdelingen", "The unit"),
        "gp": ("Egen læge", "Your own doctor"),
        "out_of_hours_doctor": ("Lægevagten", "Out-of-hours doctor"),
        "personal_alarm": ("Nødkald", "Personal alarm"),
        "relative": ("Pårørende", "Relative"),
        "palliative_team": ("Palliativt team", "Palliative team"),
        "other": ("Andet", "Other"),
    }
)
class ContactType(LabelledEnum):
    """What kind of number a contact in the safety plan is: the contact person, the home-care
    duty phone (vagttelefon), the nursing-home unit, the GP, the out-of-hours doctor
    (lægevagten, 1813 in the Capital Region), a personal alarm (nødkald), a relative, the
    palliative team, or another."""

    CONTACT_PERSON = "contact_person"
    HOME_CARE_DUTY = "home_care_duty"
    NURSING_HOME_UNIT = "nursing_home_unit"
    GP = "gp"
    OUT_OF_HOURS_DOCTOR = "out_of_hours_doctor"
    PERSONAL_ALARM = "personal_alarm"
    RELATIVE = "relative"
    PALLIATIVE_TEAM = "palliative_team"
    OTHER = "other"

    @property
    def is_person(self) -> bool:
        """Whether contacts of this type are one person (only a person is "your contact
        person"; a unit, a duty phone or an alarm never is)."""
        return self in (ContactType.CONTACT_PERSON, ContactType.RELATIVE, ContactType.OTHER)


#: The four times of the week a safety plan must answer (ST-10): weekday daytime, evenings,
#: nights, and weekends with public holidays.
AROUND_THE_CLOCK: tuple[AnswerTime, ...] = (
    AnswerTime.WEEKDAYS,
    AnswerTime.EVENINGS,
    AnswerTime.NIGHTS,
    AnswerTime.WEEKENDS,
)


@labels(
    {
        "called_first": ("Ringes op først", "Is called first"),
        "comes_when_called": ("Kommer, når der bliver ringet", "Comes when called"),
        "told_afterwards": ("Får besked bagefter", "Is told afterwards"),
        "not_contacted": ("Skal ikke kontaktes", "Is not to be contacted"),
    }
)
class RelativePart(LabelledEnum):
    """What a relative does in a situation: is called first, comes when called, is told
    afterwards, or is not to be contacted (the citizen's choice)."""

    CALLED_FIRST = "called_first"
    COMES_WHEN_CALLED = "comes_when_called"
    TOLD_AFTERWARDS = "told_afterwards"
    NOT_CONTACTED = "not_contacted"


class RelativeRole(CarekitModel):
    """A relative's part in one situation, as the citizen wants it (ST-11)."""

    member_id: uuid.UUID = field(
        "Pårørende",
        "Relative",
        "The relative (a network member).",
        schema_extra={"x-references": "network_member"},
    )
    part: RelativePart = field("Rolle", "Part", "What the relative does in this situation.")
    note: NonEmptyStr | None = field(
        "Bemærk", "Note", "More in plain words, e.g. 'Kun efter kl. 16'.", None
    )


class Situation(CarekitModel):
    """'What do I do if …': one situation where the citizen's safety is challenged.

    The numbers shown in the situation's box are its own contacts: the plan contacts named in
    ``plan_contact_ids`` and the plan contacts behind the network members in
    ``call_contact_ids``.  ``activate`` requires them to answer around the clock."""

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
    plan_contact_ids: list[uuid.UUID] = field(
        "Numre i boksen",
        "Numbers in the box",
        "The plan's contacts (PlanContact.id) shown in this situation's box, in order.",
        default_factory=list,
    )
    citizen_words: NonEmptyStr | None = field(
        "Med dine ord",
        "In your words",
        "What the citizen says about this situation, in their own words.",
        None,
    )
    medicine: list[NonEmptyStr] = field(
        "Medicin",
        "Medicine",
        "The medicine a step refers to, by name and dose, e.g. 'Panodil 500 mg, 2 stk.'.",
        default_factory=list,
    )
    relative_roles: list[RelativeRole] = field(
        "Pårørendes rolle",
        "Relatives' roles",
        "What each relative does in this situation, as the citizen wants it.",
        default_factory=list,
    )

    def has_action(self) -> bool:
        """Whether the situation says what to do: self-care, steps or contacts to call."""
        return bool(self.self_care or self.steps or self.call_contact_ids)


class PlanContact(CarekitModel):
    """A number in the safety plan, what kind of number it is, and when it answers.

    A personal alarm (``personal_alarm``) may have no number: it is a button; ``how`` then
    says how to use it."""

    id: uuid.UUID = field(
        "Id", "Id", "The contact's id, referred to by situations.", default_factory=uuid.uuid4
    )
    type: ContactType = field("Slags", "Type", "What kind of number this is.", ContactType.OTHER)
    name: NonEmptyStr = field("Navn", "Name", "Who answers, e.g. 'Hjemmeplejens vagttelefon'.")
    phone: PhoneNumber | None = field(
        "Telefonnummer", "Phone number", "The number to call (none for an alarm button).", None
    )
    how: NonEmptyStr | None = field(
        "Sådan gør du",
        "How to use it",
        "How to reach them, in the citizen's words, e.g. 'Tryk på knappen om din hals'.",
        None,
    )
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
        "Kontaktperson",
        "Contact person",
        "Whether this is the citizen's contact person (shown only on a person, never on a "
        "unit, a duty phone or an alarm).",
        False,
    )

    def covers(self, time: AnswerTime) -> bool:
        """Whether the contact answers at *time* (always true when it answers ``always``)."""
        return AnswerTime.ALWAYS in self.answers or time in self.answers

    @property
    def reachable(self) -> bool:
        """Whether there is a way to reach the contact: a number, or an alarm button."""
        return self.phone is not None or self.type is ContactType.PERSONAL_ALARM

    @property
    def shows_contact_person_badge(self) -> bool:
        """The "Din kontaktperson" badge: only on the contact person, and only on a person."""
        return self.is_contact_person and self.type.is_person


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
    large_print: bool = field(
        "Stor skrift",
        "Large print",
        "Whether the citizen's copy is printed in large type.",
        False,
    )


class SafetyPlan(Record):
    """A concrete plan for when the citizen's safety is challenged.  ST-10 (pain, fall, need
    for more help; contacts, weekend and emergency numbers; direct instructions), ST-12
    (planned visits: who comes, when, what for, who decided; changes with reasons; the
    citizen's requests — see :mod:`carekit.model.visits`), ST-4 (agreed orally and in writing)."""

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
    visit_changes: list[VisitChange] = field(
        "Ændrede besøg",
        "Visit changes",
        "Changes to planned visits (another helper, a new time, cancelled), with reasons.",
        default_factory=list,
    )
    visit_requests: list[VisitRequest] = field(
        "Ønsker til besøgene",
        "Visit requests",
        "The citizen's wishes about visits (the same helper, a time, the helper's gender).",
        default_factory=list,
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

    def contacts_for(self, situation: Situation) -> list[PlanContact]:
        """The plan contacts shown in *situation*'s box: those named in ``plan_contact_ids``,
        then those behind the network members in ``call_contact_ids``, each once, in order."""
        by_id = {c.id: c for c in self.contacts}
        found: list[PlanContact] = [by_id[i] for i in situation.plan_contact_ids if i in by_id]
        for member_id in situation.call_contact_ids:
            found.extend(c for c in self.contacts if c.member_id == member_id)
        unique: dict[uuid.UUID, PlanContact] = {}
        for contact in found:
            unique.setdefault(contact.id, contact)
        return list(unique.values())

    def unanswered_times(self, situation: Situation) -> list[AnswerTime]:
        """The times of the week (:data:`AROUND_THE_CLOCK`) at which none of *situation*'s own
        contacts answers."""
        own = [c for c in self.contacts_for(situation) if c.reachable]
        return [t for t in AROUND_THE_CLOCK if not any(c.covers(t) for c in own)]

    @property
    def large_print(self) -> bool:
        """Whether the citizen's copy is to be printed in large type."""
        return self.written_copy is not None and self.written_copy.large_print


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


#: A check-in rating at or below this is low and needs a follow-up (ST-1).
LOW_RATING = 2
#: Days after the check-in within which a low rating or worrying words are followed up.
FOLLOW_UP_DAYS = 2
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class StaffReflection(CarekitModel):
    """The staff member's short reflection after a check-in or a hard situation (ST-1: calmer,
    more responsible, mentalizing), in their own words."""

    noticed_in_myself: NonEmptyStr = field(
        "Det mærkede jeg i mig selv",
        "What I noticed in myself",
        "How the staff member felt and reacted (calmer?).",
    )
    citizen_experienced: NonEmptyStr = field(
        "Det tror jeg, borgeren oplevede",
        "What I think the citizen experienced",
        "The staff member's guess at the citizen's experience (mentalizing).",
    )
    my_part: NonEmptyStr | None = field(
        "Det tager jeg ansvar for",
        "What I take responsibility for",
        "What the staff member will do or do differently (more responsible).",
        None,
    )
    hard_situation: SituationType | None = field(
        "Svær situation",
        "Hard situation",
        "The safety-plan situation this was about, if any.",
        None,
    )


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
    flagged_words: bool = field(
        "Ordene skal følges op",
        "Words flagged",
        "Staff flag the citizen's words as worrying (e.g. 'om natten er jeg lidt utryg').",
        False,
    )
    follow_up_by: dt.date | None = field(
        "Følges op senest",
        "Follow up by",
        "When the follow-up is due; when not set, a low rating or flagged words make it due "
        f"{FOLLOW_UP_DAYS} days after the check-in.",
        None,
    )
    follow_up_owner: Actor | None = field(
        "Ansvarlig for opfølgning",
        "Follow-up owner",
        "Who follows up: the citizen's contact person (else whoever asked).",
        None,
    )
    followed_up_at: AwareDatetime | None = field(
        "Fulgt op", "Followed up at", "When the follow-up was done.", None
    )
    follow_up_note: NonEmptyStr | None = field(
        "Om opfølgningen", "About the follow-up", "What was done, in plain words.", None
    )
    reflection: StaffReflection | None = field(
        "Refleksion", "Reflection", "The staff member's short reflection.", None
    )

    @property
    def needs_follow_up(self) -> bool:
        """A low rating (at most :data:`LOW_RATING`), flagged words, or a follow-up date set
        by a stricter configuration."""
        return self.rating <= LOW_RATING or self.flagged_words or self.follow_up_by is not None

    def due_on(self) -> dt.date | None:
        if self.followed_up_at is not None or not self.needs_follow_up:
            return None
        if self.follow_up_by is not None:
            return self.follow_up_by
        asked = self.asked_at.astimezone(_COPENHAGEN).date()
        return asked + dt.timedelta(days=FOLLOW_UP_DAYS)


@labels(
    {
        "rising": ("Mere tryg", "Feeling safer"),
        "falling": ("Mindre tryg", "Feeling less safe"),
        "steady": ("Uændret", "Unchanged"),
        "unknown": ("For få målinger", "Too few check-ins"),
    }
)
class TrendDirection(LabelledEnum):
    """Which way a citizen's sense of safety is going: rising, falling, steady, or unknown."""

    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    UNKNOWN = "unknown"


class SafetyTrend(CarekitModel):
    """How safe one citizen has felt over their check-ins, oldest first (ST-1)."""

    ratings: list[int] = field(
        "Målinger", "Ratings", "The ratings, oldest first.", default_factory=list
    )
    latest: int | None = field("Seneste", "Latest", "The latest rating.", None)
    average: float | None = field("Gennemsnit", "Average", "The average rating.", None)
    direction: TrendDirection = field(
        "Retning", "Direction", "Rising, falling or steady.", TrendDirection.UNKNOWN
    )
    low_count: int = field("Lave målinger", "Low ratings", "How many ratings were low.", 0)


def safety_trend(check_ins: Iterable[SafetyCheckIn], window: int = 3) -> SafetyTrend:
    """The trend of one citizen's check-ins: the latest rating against the average of the
    *window* before it (at least two check-ins are needed for a direction)."""
    ordered = sorted(check_ins, key=lambda c: (c.asked_at, c.updated_at))
    ratings = [c.rating for c in ordered]
    if not ratings:
        return SafetyTrend()
    direction = TrendDirection.UNKNOWN
    if len(ratings) >= 2:
        before = ratings[-1 - window : -1]
        change = ratings[-1] - sum(before) / len(before)
        direction = (
            TrendDirection.RISING
            if change >= 0.5
            else TrendDirection.FALLING
            if change <= -0.5
            else TrendDirection.STEADY
        )
    return SafetyTrend(
        ratings=ratings,
        latest=ratings[-1],
        average=round(sum(ratings) / len(ratings), 2),
        direction=direction,
        low_count=sum(1 for r in ratings if r <= LOW_RATING),
    )
