"""Trial actions (prøvehandlinger): one PDSA-like cycle each, ending as routine, adapted or
abandoned (DC-2, DC-6)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime

from carekit.i18n import Text
from carekit.lifecycle import TRIAL_ACTION
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
from carekit.model._calendar import Weekday

__all__ = [
    "MIN_EVALUATIONS_TO_ADOPT",
    "Baseline",
    "Decision",
    "DecisionOutcome",
    "Evaluation",
    "EvaluationResult",
    "Rater",
    "Routine",
    "Shift",
    "Sign",
    "SignObservation",
    "TrialAction",
    "Weekday",
]


class Sign(CarekitModel):
    """A sign (tegn) to watch for: how staff will see whether the change brings joy."""

    id: uuid.UUID = field(
        "Id", "Id", "The sign's id, referred to by observations.", default_factory=uuid.uuid4
    )
    description: NonEmptyStr = field("Tegn", "Sign", "What to watch for, e.g. 'smiler'.")


class SignObservation(CarekitModel):
    """A sign observed by any staff member (DC-6: all staff register)."""

    sign_id: uuid.UUID = field("Tegn", "Sign", "The sign observed.")
    observed_at: AwareDatetime = field("Observeret", "Observed at", "When it was observed.")
    observed_by: Actor = field("Observeret af", "Observed by", "Who observed it.")
    present: bool = field(
        "Set", "Present", "Whether the sign was seen (false: looked, not seen).", True
    )
    note: NonEmptyStr | None = field("Bemærkning", "Note", "What was seen, in words.", None)


@labels(
    {
        "staff": ("Personale", "Staff"),
        "citizen": ("Borgeren", "The citizen"),
        "relative": ("Pårørende", "Relative"),
    }
)
class Rater(LabelledEnum):
    """Who rated an evaluation: staff, the borger or a relative."""

    STAFF = "staff"
    CITIZEN = "citizen"
    RELATIVE = "relative"


@labels(
    {
        "better_than_predicted": ("Bedre end forventet", "Better than predicted"),
        "as_predicted": ("Som forventet", "As predicted"),
        "no_change": ("Ingen forskel", "No change"),
        "worse_than_predicted": ("Dårligere end forventet", "Worse than predicted"),
    }
)
class EvaluationResult(LabelledEnum):
    """How an evaluation of a prøvehandling turned out compared with the prediction."""

    BETTER_THAN_PREDICTED = "better_than_predicted"
    AS_PREDICTED = "as_predicted"
    NO_CHANGE = "no_change"
    WORSE_THAN_PREDICTED = "worse_than_predicted"

    @property
    def positive(self) -> bool:
        """Whether the result was as predicted or better."""
        return self in (EvaluationResult.BETTER_THAN_PREDICTED, EvaluationResult.AS_PREDICTED)


#: The adoption rule (DC-2): a trial action becomes routine on evidence, not on one good day.
#: At least this many evaluations, at least one of them by the citizen or a relative, and the
#: mean joy score of the scored evaluations higher than the baseline.
MIN_EVALUATIONS_TO_ADOPT = 2


class Baseline(CarekitModel):
    """How things were before the change (the starting point evaluations are compared with),
    on the same 1-5 scale as :attr:`Evaluation.joy_score`."""

    joy_score: int = field(
        "Livsglæde før",
        "Joy score before",
        "Joy and well-being before, 1 (low) to 5 (high).",
        ge=1,
        le=5,
    )
    recorded_on: dt.date = field("Registreret", "Recorded on", "When the baseline was noted.")
    recorded_by: Actor = field("Registreret af", "Recorded by", "Who noted it.")
    rated_by: Rater = field(
        "Vurderet af", "Rated by", "Staff, the citizen or a relative.", Rater.STAFF
    )
    note: NonEmptyStr | None = field("Bemærkning", "Note", "What it is like now, in words.", None)


class Evaluation(CarekitModel):
    """An evaluation of the trial action against its prediction, by staff, the citizen or a
    relative, with a joy score on a simple 1-5 scale (compared with the baseline)."""

    evaluated_at: AwareDatetime = field("Evalueret", "Evaluated at", "When it was evaluated.")
    rated_by: Rater = field("Vurderet af", "Rated by", "Staff, the citizen or a relative.")
    rater: Actor = field("Hvem", "Rater", "Who rated.")
    result: EvaluationResult = field("Resultat", "Result", "The result against the prediction.")
    joy_score: int | None = field(
        "Livsglæde", "Joy score", "Joy and well-being, 1 (low) to 5 (high).", None, ge=1, le=5
    )
    note: NonEmptyStr | None = field("Bemærkning", "Note", "What was seen or said.", None)


@labels(
    {
        "adopt": ("Gør til rutine", "Adopt as routine"),
        "adapt": ("Tilpas og prøv igen", "Adapt and try again"),
        "abandon": ("Opgiv", "Abandon"),
    }
)
class DecisionOutcome(LabelledEnum):
    """The outcome of a prøvehandling: adopt as routine, adapt and try again, or abandon."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class Decision(CarekitModel):
    """What was decided after a prøvehandling's evaluations: adopt, adapt or abandon, by whom, when
    and why."""

    outcome: DecisionOutcome = field("Beslutning", "Outcome", "Adopt, adapt or abandon.")
    decided_at: AwareDatetime = field("Besluttet", "Decided at", "When it was decided.")
    decided_by: Actor = field("Besluttet af", "Decided by", "Who decided.")
    reason: NonEmptyStr | None = field("Begrundelse", "Reason", "Why.", None)


class TrialAction(Record):
    """A trial action (prøvehandling): a change of practice a staff member expects to bring the
    citizen joy, started from a dream (DC-2), registered and evaluated by all staff through
    signs (tegn) and evaluations (DC-6).  It ends adopted (a Routine), adapted (the next
    linked cycle) or abandoned (a learning story, DC-5)."""

    KIND: ClassVar[str] = "trial_action"
    PRACTICES: ClassVar[tuple[str, ...]] = ("DC-2", "DC-5", "DC-6")
    LABEL: ClassVar[Text] = Text("Prøvehandling", "Trial action")

    kind: Literal["trial_action"] = field("Type", "Kind", "The record kind.", "trial_action")
    status: Annotated[str, WorkflowStatus(TRIAL_ACTION)] = status_field(
        TRIAL_ACTION, "Where the cycle is: planned, running, evaluating, or its ending."
    )
    title: NonEmptyStr = field("Titel", "Title", "A short name for the trial action.")
    dream_ids: list[uuid.UUID] = field(
        "Drømme",
        "Dreams",
        "The dreams it pursues.",
        min_length=1,
        schema_extra={"x-references": "dream"},
    )
    change_of_practice: NonEmptyStr = field(
        "Ændring af praksis", "Change of practice", "What staff will do differently."
    )
    prediction: NonEmptyStr | None = field(
        "Forudsigelse", "Prediction", "What staff expect will happen (the P in PDSA).", None
    )
    responsible: list[Actor] = field(
        "Ansvarlige", "Responsible staff", "Who is responsible.", default_factory=list
    )
    start_date: dt.date | None = field("Start", "Start date", "When it starts.", None)
    evaluation_date: dt.date | None = field(
        "Evaluering", "Evaluation date", "When it is to be evaluated.", None
    )
    signs: list[Sign] = field("Tegn", "Signs", "Signs (tegn) to watch for.", default_factory=list)
    baseline: Baseline | None = field(
        "Udgangspunkt",
        "Baseline",
        "How things were before the change, on the evaluations' 1-5 scale.",
        None,
    )
    observations: list[SignObservation] = field(
        "Observationer",
        "Observations",
        "Signs observed by any staff member.",
        default_factory=list,
    )
    evaluations: list[Evaluation] = field(
        "Evalueringer",
        "Evaluations",
        "Evaluations by staff, citizen, relatives.",
        default_factory=list,
    )
    decision: Decision | None = field(
        "Beslutning", "Decision", "Adopt, adapt or abandon, once decided.", None
    )
    learned: NonEmptyStr | None = field(
        "Det lærte vi", "What we learned", "What was learned, carried into the next cycle.", None
    )
    carried_learning: list[NonEmptyStr] = field(
        "Det lærte vi i tidligere runder",
        "Learning carried forward",
        "What earlier cycles learned, oldest first (set when a cycle is adapted).",
        default_factory=list,
    )
    cycle: int = field("Runde", "Cycle", "1 for the first cycle, then 2, 3, …", 1, ge=1)
    previous_cycle_id: uuid.UUID | None = field(
        "Forrige runde",
        "Previous cycle",
        "The cycle this one adapts.",
        None,
        schema_extra={"x-references": "trial_action"},
    )
    next_cycle_id: uuid.UUID | None = field(
        "Næste runde",
        "Next cycle",
        "The follow-up cycle, when adapted.",
        None,
        schema_extra={"x-references": "trial_action"},
    )
    routine_id: uuid.UUID | None = field(
        "Rutine",
        "Routine",
        "The routine it became, when adopted.",
        None,
        schema_extra={"x-references": "routine"},
    )
    learning_story_id: uuid.UUID | None = field(
        "Lærerig fortælling",
        "Learning story",
        "The learning story about it, if any.",
        None,
        schema_extra={"x-references": "learning_story"},
    )

    def due_on(self) -> dt.date | None:
        if self.status in ("running", "evaluating"):
            return self.evaluation_date
        if self.status == "planned":
            return self.start_date
        return None


@labels(
    {
        "day": ("Dagvagt", "Day shift"),
        "evening": ("Aftenvagt", "Evening shift"),
        "night": ("Nattevagt", "Night shift"),
    }
)
class Shift(LabelledEnum):
    """A shift (vagt): day 07-15, evening 15-23 or night 23-07, local time."""

    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"

    @classmethod
    def at(cls, hour: int) -> Shift:
        """The shift covering *hour* (0-23, local time): day from 7, evening from 15,
        night from 23 until 7."""
        if 7 <= hour < 15:
            return cls.DAY
        if 15 <= hour < 23:
            return cls.EVENING
        return cls.NIGHT


class Routine(Record):
    """A changed practice that became the new routine with the citizen (DC-2)."""

    KIND: ClassVar[str] = "routine"
    PRACTICES: ClassVar[tuple[str, ...]] = ("DC-2",)
    LABEL: ClassVar[Text] = Text("Rutine", "Routine")

    kind: Literal["routine"] = field("Type", "Kind", "The record kind.", "routine")
    description: NonEmptyStr = field("Rutine", "Routine", "What staff now do, every time.")
    trial_action_id: uuid.UUID = field(
        "Fra prøvehandling",
        "From trial action",
        "The trial action it came from.",
        schema_extra={"x-references": "trial_action"},
    )
    dream_ids: list[uuid.UUID] = field(
        "Drømme",
        "Dreams",
        "The dreams it serves.",
        default_factory=list,
        schema_extra={"x-references": "dream"},
    )
    since: dt.date = field("Siden", "Since", "When it became routine.")
    active: bool = field("Aktiv", "Active", "Whether it is still the routine.", True)
    review_date: dt.date | None = field(
        "Opfølgning",
        "Review date",
        "When the team looks at whether the routine still brings joy.",
        None,
    )
    retired_on: dt.date | None = field(
        "Stoppet", "Retired on", "When the routine stopped (then it is no longer active).", None
    )
    retired_reason: NonEmptyStr | None = field(
        "Hvorfor stoppet", "Why retired", "Why the routine stopped.", None
    )
    weekdays: list[Weekday] = field(
        "Ugedage",
        "Weekdays",
        "The days it applies (e.g. the choir on Thursdays); empty: every day.",
        default_factory=list,
    )
    shifts: list[Shift] = field(
        "Vagter",
        "Shifts",
        "The shifts that carry it out; empty: every shift.",
        default_factory=list,
    )

    def applies(
        self, day: dt.date, shift: Shift | None = None, *, any_weekday: bool = False
    ) -> bool:
        """Whether the routine is to be kept on *day* (and on *shift*, when given): active,
        started, on one of its weekdays and shifts (none listed: every one).  *any_weekday*:
        whatever weekday *day* is."""
        if not self.active or self.since > day:
            return False
        if not any_weekday and self.weekdays and Weekday.of(day) not in self.weekdays:
            return False
        return shift is None or not self.shifts or shift in self.shifts

    def due_on(self) -> dt.date | None:
        return self.review_date if self.active else None

    def retire(self, on: dt.date, reason: str) -> Routine:
        """A copy of the routine, retired on *on* for *reason* (store it with ``update``)."""
        return self.model_copy(update={"active": False, "retired_on": on, "retired_reason": reason})
