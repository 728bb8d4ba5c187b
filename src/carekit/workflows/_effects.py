"""Effects: the code behind every effect named in the workflow tables.

An effect is a pure function ``(record, env, target) -> Effect``: it gets the record after
its status changed to *target* and returns the record with the fields it sets, the new
records it creates, and any extra events.  Nothing is stored here; the application layer
persists the :class:`~carekit.workflows.Transition` the engine returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from carekit.events import DomainEvent
from carekit.model import (
    Decision,
    DecisionOutcome,
    ExpectationAlignment,
    LearningStory,
    Record,
    Routine,
    SafetyPlan,
    Sign,
    TrialAction,
)
from carekit.workflows._calendar import local_date
from carekit.workflows._events import LearningStoryPrompted
from carekit.workflows._guards import Env

__all__ = ["EFFECTS", "Effect", "EffectFunction"]

_R = TypeVar("_R", bound=Record)


@attrs.frozen
class Effect:
    """What an effect returns: the record with the fields it set, the new records it creates,
    and any extra events."""

    record: Record
    created: tuple[Record, ...] = ()
    events: tuple[DomainEvent, ...] = ()


EffectFunction = Callable[[Record, Env, str], Effect]


def _as(record: Record, cls: type[_R]) -> _R:
    if not isinstance(record, cls):
        raise TypeError(f"effect expects a {cls.__name__}, got {type(record).__name__}")
    return record


def _new_record_fields(env: Env) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "created_at": env.at, "updated_at": env.at, "actor": env.actor}


def _decision(outcome: DecisionOutcome, env: Env) -> Decision:
    return Decision(outcome=outcome, decided_at=env.at, decided_by=env.actor, reason=env.reason)


# --------------------------------------------------------------------------- safety plan
def create_new_version(record: Record, env: Env, target: str) -> Effect:
    """A draft copy of the plan as the next version; agreement and written copy are cleared
    because the new version must be agreed and handed over again."""
    plan = _as(record, SafetyPlan)
    draft = plan.model_copy(
        update={
            **_new_record_fields(env),
            "status": "draft",
            "plan_version": plan.plan_version + 1,
            "previous_plan_id": plan.id,
            "agreement": None,
            "written_copy": None,
        }
    )
    return Effect(plan, (draft,))


# --------------------------------------------------------------------------- alignment
def schedule_next_alignment(record: Record, env: Env, target: str) -> Effect:
    """The next alignment, scheduled one cadence after today by how this one ended."""
    alignment = _as(record, ExpectationAlignment)
    next_date = env.config.cadence_after(target).after(env.today)
    following = ExpectationAlignment(
        **_new_record_fields(env),
        citizen_id=alignment.citizen_id,
        status="scheduled",
        scheduled_for=next_date,
        responsible=alignment.responsible,
        previous_alignment_id=alignment.id,
    )
    updated = alignment.model_copy(update={"next_alignment_date": next_date})
    return Effect(updated, (following,))


def follow_up_gaps(record: Record, env: Env, target: str) -> Effect:
    """Every unresolved gap without a follow-up date gets one (and an owner: the alignment's
    responsible, else whoever concluded it), so it shows in ``due()``."""
    alignment = _as(record, ExpectationAlignment)
    by = env.config.gap_follow_up.after(env.today)
    owner = alignment.responsible or env.actor
    gaps = [
        gap.model_copy(
            update={
                "follow_up_by": gap.follow_up_by or by,
                "follow_up_owner": gap.follow_up_owner or owner,
            }
        )
        if not gap.resolved
        else gap
        for gap in alignment.gaps
    ]
    return Effect(alignment.model_copy(update={"gaps": gaps}))


# --------------------------------------------------------------------------- trial action
def create_routine(record: Record, env: Env, target: str) -> Effect:
    """The change of practice becomes a Routine from today (Europe/Copenhagen), to be
    reviewed one ``WorkflowConfig.routine_review`` later."""
    trial = _as(record, TrialAction)
    today = local_date(env.at)
    routine = Routine(
        **_new_record_fields(env),
        citizen_id=trial.citizen_id,
        description=trial.change_of_practice,
        trial_action_id=trial.id,
        dream_ids=list(trial.dream_ids),
        since=today,
        review_date=env.config.routine_review.after(today),
    )
    updated = trial.model_copy(
        update={"routine_id": routine.id, "decision": _decision(DecisionOutcome.ADOPT, env)}
    )
    return Effect(updated, (routine,))


def create_next_cycle(record: Record, env: Env, target: str) -> Effect:
    """The next cycle, planned: same dreams, title, change of practice, responsible staff,
    baseline and signs (new sign ids, same descriptions); everything learned so far goes into
    ``carried_learning``.  The prediction, dates, observations, evaluations and ``learned``
    start empty: the new cycle states its own."""
    trial = _as(record, TrialAction)
    carried = [*trial.carried_learning, *([trial.learned] if trial.learned else [])]
    following = TrialAction(
        **_new_record_fields(env),
        citizen_id=trial.citizen_id,
        status="planned",
        title=trial.title,
        dream_ids=list(trial.dream_ids),
        change_of_practice=trial.change_of_practice,
        responsible=list(trial.responsible),
        signs=[Sign(description=s.description) for s in trial.signs],
        baseline=trial.baseline,
        carried_learning=carried,
        cycle=trial.cycle + 1,
        previous_cycle_id=trial.id,
    )
    updated = trial.model_copy(
        update={"next_cycle_id": following.id, "decision": _decision(DecisionOutcome.ADAPT, env)}
    )
    return Effect(updated, (following,))


def _story_prompt(trial: TrialAction, env: Env, after: str) -> LearningStoryPrompted:
    return LearningStoryPrompted.create(
        kind=trial.kind,
        record_id=str(trial.id),
        citizen_id=str(trial.citizen_id),
        actor_id=env.actor.id,
        at=env.at,
        reason=env.reason,
        data={"trial_action_id": str(trial.id), "after": after},
    )


def prompt_success_story(record: Record, env: Env, target: str) -> Effect:
    """Emits :class:`LearningStoryPrompted` (``data["after"] == "adopted"``): what went well
    is worth a story too (DC-5)."""
    trial = _as(record, TrialAction)
    return Effect(trial, (), (_story_prompt(trial, env, "adopted"),))


def prompt_learning_story(record: Record, env: Env, target: str) -> Effect:
    """Records the decision to abandon and emits :class:`LearningStoryPrompted`
    (``data["after"] == "abandoned"``); it does not write the story - that is for staff
    (DC-5)."""
    trial = _as(record, TrialAction)
    updated = trial.model_copy(update={"decision": _decision(DecisionOutcome.ABANDON, env)})
    return Effect(updated, (), (_story_prompt(trial, env, "abandoned"),))


# --------------------------------------------------------------------------- learning story
def unshare_media(record: Record, env: Env, target: str) -> Effect:
    """Every media item of the story stops being shared."""
    story = _as(record, LearningStory)
    media = [m.model_copy(update={"shared": False}) for m in story.media]
    return Effect(story.model_copy(update={"media": media}))


# --------------------------------------------------------------------------- stamps
def stamp_held_at(record: Record, env: Env, target: str) -> Effect:
    """``held_at`` becomes the moment of the action, unless the record already says when."""
    alignment = _as(record, ExpectationAlignment)
    if alignment.held_at is not None:
        return Effect(alignment)
    return Effect(alignment.model_copy(update={"held_at": env.at}))


def stamp_start_date(record: Record, env: Env, target: str) -> Effect:
    """``start_date`` becomes today (Europe/Copenhagen), unless the record already has one."""
    trial = _as(record, TrialAction)
    if trial.start_date is not None:
        return Effect(trial)
    return Effect(trial.model_copy(update={"start_date": env.today}))


#: Every effect by the name the tables use.
EFFECTS: dict[str, EffectFunction] = {
    fn.__name__: fn
    for fn in (
        create_new_version,
        schedule_next_alignment,
        follow_up_gaps,
        create_routine,
        create_next_cycle,
        prompt_learning_story,
        prompt_success_story,
        unshare_media,
        stamp_held_at,
        stamp_start_date,
    )
}
