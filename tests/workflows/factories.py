"""Small factories for workflow tests: valid records with plain defaults, overridable."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from carekit.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementMethod,
    AnswerTime,
    Baseline,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Discussion,
    Dream,
    DreamWording,
    Evaluation,
    EvaluationResult,
    ExpectationAlignment,
    Gap,
    LearningStory,
    MediaItem,
    MediaType,
    NetworkMember,
    NetworkSide,
    NoticedVia,
    Participant,
    PlanContact,
    Rater,
    Role,
    SafetyPlan,
    Sign,
    SignObservation,
    Situation,
    SituationType,
    TrialAction,
    WrittenCopy,
)
from carekit.workflows import COPENHAGEN

CITIZEN = uuid.UUID("00000000-0000-4000-8000-000000000001")
NURSE = Actor(id="staff-1", kind=ActorKind.STAFF, name="Sofie")
LEADER = Actor(id="staff-2", kind=ActorKind.STAFF, name="Mads")
#: A plain moment: Wednesday 2026-05-13 10:00 in Copenhagen.
AT = dt.datetime(2026, 5, 13, 10, 0, tzinfo=COPENHAGEN)
TODAY = AT.date()


def _base(**overrides: Any) -> dict[str, Any]:
    return {"citizen_id": CITIZEN, "actor": NURSE, "created_at": AT, "updated_at": AT, **overrides}


def agreement() -> Agreement:
    return Agreement(method=AgreementMethod.BOTH, agreed_at=AT, agreed_with="Borgeren")


def situation(*, with_action: bool = True) -> Situation:
    if with_action:
        return Situation(type=SituationType.FALL, steps=["Tryk på nødkaldet"])
    return Situation(type=SituationType.PAIN)


def contact(*answers: AnswerTime) -> PlanContact:
    return PlanContact(name="Vagttelefon", phone="+45 70 11 22 33", answers=list(answers))


def safety_plan(**overrides: Any) -> SafetyPlan:
    return SafetyPlan(**_base(**overrides))


def complete_safety_plan(**overrides: Any) -> SafetyPlan:
    """A draft plan where every safety-plan guard except the review-date ones holds."""
    fields: dict[str, Any] = {
        "situations": [situation()],
        "contacts": [contact(AnswerTime.WEEKDAYS), contact(AnswerTime.WEEKENDS, AnswerTime.NIGHTS)],
        "agreement": agreement(),
        "written_copy": WrittenCopy(handed_over_at=AT, kept_where="på køleskabet"),
        "review_date": TODAY + dt.timedelta(days=90),
        **overrides,
    }
    return safety_plan(**fields)


def alignment(**overrides: Any) -> ExpectationAlignment:
    fields: dict[str, Any] = {"scheduled_for": TODAY, **overrides}
    return ExpectationAlignment(**_base(**fields))


def participant() -> Participant:
    return Participant(name="Else", role="borger")


def gap(*, resolved: bool = False, **overrides: Any) -> Gap:
    return Gap(description="Forventer bad hver dag", resolved=resolved, **overrides)


def dream(**overrides: Any) -> Dream:
    fields: dict[str, Any] = {
        "text": "At komme i haven igen",
        "wording": DreamWording.CITIZEN_WORDS,
        "noticed_via": NoticedVia.SAID,
        "noticed_by": NURSE,
        "noticed_on": TODAY,
        **overrides,
    }
    return Dream(**_base(**fields))


def trial_action(**overrides: Any) -> TrialAction:
    fields: dict[str, Any] = {
        "title": "Kaffe i haven",
        "dream_ids": [uuid.uuid4()],
        "change_of_practice": "Vi drikker formiddagskaffe i haven, når vejret tillader det",
        **overrides,
    }
    return TrialAction(**_base(**fields))


def evaluation(result: EvaluationResult = EvaluationResult.AS_PREDICTED) -> Evaluation:
    return Evaluation(evaluated_at=AT, rated_by=Rater.STAFF, rater=NURSE, result=result)


def sign(description: str = "Smiler") -> Sign:
    return Sign(description=description)


def consent(**overrides: Any) -> Consent:
    fields: dict[str, Any] = {
        "purpose": ConsentPurpose.PHOTOS_AND_FILM,
        "given_by": ConsentGiver.CITIZEN,
        "given_at": AT - dt.timedelta(days=30),
        "recorded_by": NURSE,
        **overrides,
    }
    return Consent(**_base(**fields))


def media(consent_id: uuid.UUID | None = None, *, shared: bool = False) -> MediaItem:
    return MediaItem(
        reference="media://photo/1",
        media_type=MediaType.PHOTO,
        creator=NURSE,
        created_at=AT,
        consent_id=consent_id,
        shared=shared,
    )


def learning_story(**overrides: Any) -> LearningStory:
    fields: dict[str, Any] = {
        "title": "Kaffen i haven",
        "narrative": "Vi prøvede at drikke kaffe i haven.",
        "learned": "Else blomstrer op udenfor.",
        **overrides,
    }
    return LearningStory(**_base(**fields))


def network_member(**overrides: Any) -> NetworkMember:
    fields: dict[str, Any] = {
        "name": "Hjemmeplejen Nord",
        "role": Role.HOME_CARE,
        "side": NetworkSide.PUBLIC,
        **overrides,
    }
    return NetworkMember(**_base(**fields))


# --------------------------------------------------------------------------- trial rigour (#19)
def baseline(joy_score: int = 2) -> Baseline:
    return Baseline(joy_score=joy_score, recorded_on=TODAY, recorded_by=NURSE)


def scored(
    result: EvaluationResult = EvaluationResult.AS_PREDICTED,
    *,
    joy_score: int = 4,
    rated_by: Rater = Rater.STAFF,
) -> Evaluation:
    return Evaluation(
        evaluated_at=AT, rated_by=rated_by, rater=NURSE, result=result, joy_score=joy_score
    )


def ready_trial_action(**overrides: Any) -> TrialAction:
    """A planned trial action that satisfies every guard of ``start``."""
    fields: dict[str, Any] = {
        "prediction": "Hun smiler mere om formiddagen",
        "signs": [sign()],
        "evaluation_date": TODAY + dt.timedelta(days=14),
        "responsible": [NURSE],
        "baseline": baseline(),
        **overrides,
    }
    return trial_action(**fields)


def observation(sign_id: uuid.UUID, by: Actor = NURSE, *, present: bool = True) -> SignObservation:
    return SignObservation(sign_id=sign_id, observed_at=AT, observed_by=by, present=present)


def discussion(**overrides: Any) -> Discussion:
    fields: dict[str, Any] = {
        "held_on": TODAY,
        "participants": [NURSE, LEADER],
        "reflections": "Vi spurgte ikke Mogens først",
        "what_next": "Vi spørger altid borgeren, før vi planlægger noget udenfor",
        **overrides,
    }
    return Discussion(**fields)
