"""Guards of the dream and trial-action workflows and the learning-story guards added for
#19 (DC-1, DC-2, DC-4, DC-5, DC-6).

Each guard is a pure function ``(record, env) -> bool`` named in
:mod:`carekit.lifecycle.tables`, where its Danish and English text says what it asks of
staff.  Texts a guard reads (a hypothesis, its grounds, a prediction, what was learned) must
say something: empty text and placeholders such as "x", "-", "test" or "…" do not count
(:func:`carekit.model.substantive`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from carekit.model import (
    ConsentPurpose,
    Dream,
    LearningStory,
    Record,
    SharingScope,
    TrialAction,
    substantive,
)
from carekit.workflows._trial import adoption_evidence

if TYPE_CHECKING:
    from collections.abc import Callable

    from carekit.workflows._guards import Env

__all__ = ["DREAM_GUARDS"]

_R = TypeVar("_R", bound=Record)


def _as(record: Record, cls: type[_R]) -> _R:
    if not isinstance(record, cls):
        raise TypeError(f"guard expects a {cls.__name__}, got {type(record).__name__}")
    return record


# --------------------------------------------------------------------------- dream
def has_hypothesis(record: Record, env: Env) -> bool:
    """The hypothesis and its professional grounds both say something."""
    dream = _as(record, Dream)
    return substantive(dream.hypothesis) and substantive(dream.professional_grounds)


def grounded_in_foundation(record: Record, env: Env) -> bool:
    """The hypothesis names at least one element of the unit's professional foundation, or
    says why it rests on none; with a foundation configured (the citizen's unit's, else the
    default one), every named key is in it."""
    dream = _as(record, Dream)
    foundation = env.config.foundation_for(env.context.unit_of(dream.citizen_id))
    if dream.foundation_refs:
        return foundation is None or set(dream.foundation_refs) <= foundation.keys
    return substantive(dream.outside_foundation)


def has_trial_action(record: Record, env: Env) -> bool:
    """A trial action of the same citizen in the context lists this dream."""
    dream = _as(record, Dream)
    return any(
        t.citizen_id == dream.citizen_id for t in env.context.trial_actions_for_dream(dream.id)
    )


# --------------------------------------------------------------------------- trial action
def has_prediction_and_signs(record: Record, env: Env) -> bool:
    """A prediction that says something, and at least one sign."""
    trial = _as(record, TrialAction)
    return substantive(trial.prediction) and bool(trial.signs)


def has_evaluation_date(record: Record, env: Env) -> bool:
    """An evaluation date is set, not before the start date."""
    trial = _as(record, TrialAction)
    if trial.evaluation_date is None:
        return False
    return trial.start_date is None or trial.evaluation_date >= trial.start_date


def has_responsible(record: Record, env: Env) -> bool:
    """At least one responsible person."""
    return bool(_as(record, TrialAction).responsible)


def has_baseline(record: Record, env: Env) -> bool:
    """How things were before the change is recorded on the 1-5 scale."""
    return _as(record, TrialAction).baseline is not None


def has_evaluation(record: Record, env: Env) -> bool:
    """At least one evaluation."""
    return bool(_as(record, TrialAction).evaluations)


def positive_evaluation(record: Record, env: Env) -> bool:
    """At least one evaluation as predicted or better."""
    return any(e.result.positive for e in _as(record, TrialAction).evaluations)


def enough_evaluations(record: Record, env: Env) -> bool:
    """At least :data:`~carekit.model.MIN_EVALUATIONS_TO_ADOPT` evaluations."""
    return adoption_evidence(_as(record, TrialAction)).enough_evaluations


def citizen_or_relative_voice(record: Record, env: Env) -> bool:
    """At least one evaluation is rated by the citizen or a relative."""
    return adoption_evidence(_as(record, TrialAction)).citizen_or_relative_voice


def improved_against_baseline(record: Record, env: Env) -> bool:
    """The mean joy score of the evaluations is above the baseline."""
    return adoption_evidence(_as(record, TrialAction)).improved


def learning_recorded(record: Record, env: Env) -> bool:
    """What was learned is written down (and says something)."""
    return substantive(_as(record, TrialAction).learned)


# --------------------------------------------------------------------------- learning story
def narrative_consent_named(record: Record, env: Env) -> bool:
    """Shared beyond the staff group only with a narrative consent that allows that scope."""
    story = _as(record, LearningStory)
    if story.sharing_scope is SharingScope.TEAM:
        return True
    consent = story.narrative_consent
    return consent is not None and story.sharing_scope.within(consent.scope)


def narrative_consented(record: Record, env: Env) -> bool:
    """As :func:`narrative_consent_named`; when the context knows consents, the consent is
    the citizen's, for learning stories, active today, allows sharing as widely as the story
    is shared (when the consent says how widely), and — when a relative, guardian or proxy
    gave it — records the legal basis (:func:`~carekit.model.consent_problems`)."""
    story = _as(record, LearningStory)
    if not narrative_consent_named(story, env):
        return False
    named = story.narrative_consent
    if named is None or not env.context.knows_consents:
        return True
    consent = env.context.consent(named.consent_id)
    if consent is None or consent.citizen_id != story.citizen_id:
        return False
    if consent.purpose is not ConsentPurpose.LEARNING_STORY or not consent.is_active(env.today):
        return False
    allowed = consent.sharing_scope
    if allowed is not None and not story.sharing_scope.within(allowed):
        return False
    return consent.lawfully_given


def has_discussion(record: Record, env: Env) -> bool:
    """The staff group discussed the story: the latest discussion has participants,
    reflections and what next, in real words."""
    story = _as(record, LearningStory)
    if not story.discussions:
        return False
    latest = story.discussions[-1]
    return substantive(latest.reflections) and substantive(latest.what_next)


#: The dream, trial-action and (new) learning-story guards by the names the tables use.
DREAM_GUARDS: dict[str, Callable[[Record, Env], bool]] = {
    fn.__name__: fn
    for fn in (
        has_hypothesis,
        grounded_in_foundation,
        has_trial_action,
        has_prediction_and_signs,
        has_evaluation_date,
        has_responsible,
        has_baseline,
        has_evaluation,
        positive_evaluation,
        enough_evaluations,
        citizen_or_relative_voice,
        improved_against_baseline,
        learning_recorded,
        narrative_consent_named,
        narrative_consented,
        has_discussion,
    )
}
