"""Typed domain events: one class per event name in the workflow tables.

Every class subclasses :class:`carekit.events.DomainEvent` through a base class per workflow
(``TrialActionEvent`` …), so listeners can ``isinstance``-check either the precise event or
every event of a workflow.  An event carries ids, states, the actor's id, the time and the
reason - never the record's content.  ``tests/workflows`` checks that every event named in
the tables has a class here.
"""

from __future__ import annotations

from typing import Any, Self

import attrs

from carekit.events import DomainEvent

__all__ = [
    "EVENT_TYPES",
    "ConsentWithdrawn",
    "DreamEvent",
    "DreamHypothesisFormed",
    "DreamRealised",
    "DreamRevised",
    "DreamSetAside",
    "DreamTestingStarted",
    "ExpectationAlignmentCancelled",
    "ExpectationAlignmentEvent",
    "ExpectationAlignmentHeld",
    "ExpectationsAligned",
    "ExpectationsNotAligned",
    "ExpectationsPartlyAligned",
    "LearningStoryArchived",
    "LearningStoryConsented",
    "LearningStoryDiscussed",
    "LearningStoryEvent",
    "LearningStoryPrompted",
    "LearningStoryShared",
    "LearningStoryWithdrawn",
    "NetworkMemberActivated",
    "NetworkMemberDeactivated",
    "NetworkMemberEvent",
    "NetworkMemberResumed",
    "NetworkMemberSuspended",
    "SafetyPlanActivated",
    "SafetyPlanAgreed",
    "SafetyPlanConfirmed",
    "SafetyPlanEvent",
    "SafetyPlanRetired",
    "SafetyPlanReviewDue",
    "SafetyPlanRevised",
    "TrialActionAbandoned",
    "TrialActionAdapted",
    "TrialActionAdopted",
    "TrialActionEvaluationStarted",
    "TrialActionEvent",
    "TrialActionStarted",
    "VisitChanged",
    "WorkflowEvent",
    "event_from_dict",
]

_event = attrs.frozen(kw_only=True)


@_event
class WorkflowEvent(DomainEvent):
    """Base of the typed events.  ``name`` always equals the class name."""

    def __attrs_post_init__(self) -> None:
        if type(self).__name__ in EVENT_TYPES and self.name != type(self).__name__:
            raise ValueError(
                f"{type(self).__name__} must have name={type(self).__name__!r}, "
                f"got {self.name!r}; use {type(self).__name__}.create(...)"
            )

    @classmethod
    def create(cls, **fields: Any) -> Self:
        """The event with ``name`` set from the class."""
        return cls(name=cls.__name__, **fields)


# --------------------------------------------------------------------------- safety plan
@_event
class SafetyPlanEvent(WorkflowEvent):
    """Base of the safety-plan events."""


@_event
class SafetyPlanAgreed(SafetyPlanEvent):
    """The plan was agreed with the citizen."""


@_event
class SafetyPlanActivated(SafetyPlanEvent):
    """The plan was put into use."""


@_event
class SafetyPlanReviewDue(SafetyPlanEvent):
    """The plan's review date was reached."""


@_event
class SafetyPlanConfirmed(SafetyPlanEvent):
    """The plan was reviewed and confirmed unchanged."""


@_event
class SafetyPlanRevised(SafetyPlanEvent):
    """The plan was replaced by a new version (``data["created"]`` names it)."""


@_event
class SafetyPlanRetired(SafetyPlanEvent):
    """The plan is no longer used."""


# --------------------------------------------------------------------------- alignment
@_event
class ExpectationAlignmentEvent(WorkflowEvent):
    """Base of the expectation-alignment events."""


@_event
class ExpectationAlignmentHeld(ExpectationAlignmentEvent):
    """The conversation was held."""


@_event
class ExpectationsAligned(ExpectationAlignmentEvent):
    """Concluded: expectations are aligned."""


@_event
class ExpectationsPartlyAligned(ExpectationAlignmentEvent):
    """Concluded: partly aligned."""


@_event
class ExpectationsNotAligned(ExpectationAlignmentEvent):
    """Concluded: not aligned."""


@_event
class ExpectationAlignmentCancelled(ExpectationAlignmentEvent):
    """The alignment was cancelled (the next one is scheduled)."""


# --------------------------------------------------------------------------- dream
@_event
class DreamEvent(WorkflowEvent):
    """Base of the dream events."""


@_event
class DreamHypothesisFormed(DreamEvent):
    """A hypothesis about the dream was formed."""


@_event
class DreamTestingStarted(DreamEvent):
    """A trial action tests the dream."""


@_event
class DreamRealised(DreamEvent):
    """The dream was realised."""


@_event
class DreamRevised(DreamEvent):
    """The dream was revised; a new dream replaces it."""


@_event
class DreamSetAside(DreamEvent):
    """The dream was set aside."""


# --------------------------------------------------------------------------- trial action
@_event
class TrialActionEvent(WorkflowEvent):
    """Base of the trial-action events."""


@_event
class TrialActionStarted(TrialActionEvent):
    """The trial action started."""


@_event
class TrialActionEvaluationStarted(TrialActionEvent):
    """Evaluation of the trial action began."""


@_event
class TrialActionAdopted(TrialActionEvent):
    """The change became routine (``data["created"]`` names the Routine)."""


@_event
class TrialActionAdapted(TrialActionEvent):
    """The trial action was adapted into a next cycle (``data["created"]`` names it)."""


@_event
class TrialActionAbandoned(TrialActionEvent):
    """The trial action was abandoned."""


@_event
class LearningStoryPrompted(TrialActionEvent):
    """Staff are invited to write a learning story about a trial action that was adopted
    or abandoned (DC-5, DC-6; ``data["after"]`` says which).  Emitted by the
    ``prompt_success_story`` and ``prompt_learning_story`` effects for notification
    channels; no story is created."""


# --------------------------------------------------------------------------- learning story
@_event
class LearningStoryEvent(WorkflowEvent):
    """Base of the learning-story events."""


@_event
class LearningStoryConsented(LearningStoryEvent):
    """Consent for every media item was confirmed."""


@_event
class LearningStoryShared(LearningStoryEvent):
    """The story was shared with the staff group."""


@_event
class LearningStoryDiscussed(LearningStoryEvent):
    """The staff group discussed the story (again): reflections and what next recorded."""


@_event
class LearningStoryArchived(LearningStoryEvent):
    """The story was archived."""


@_event
class LearningStoryWithdrawn(LearningStoryEvent):
    """The story was withdrawn and its media unshared."""


# --------------------------------------------------------------------------- network member
@_event
class NetworkMemberEvent(WorkflowEvent):
    """Base of the network-member events."""


@_event
class NetworkMemberActivated(NetworkMemberEvent):
    """The member became active in the network."""


@_event
class NetworkMemberSuspended(NetworkMemberEvent):
    """The member was suspended."""


@_event
class NetworkMemberResumed(NetworkMemberEvent):
    """The member was resumed."""


@_event
class NetworkMemberDeactivated(NetworkMemberEvent):
    """The member left the network."""


# --------------------------------------------------------------------------- consent
@_event
class ConsentWithdrawn(WorkflowEvent):
    """A consent was withdrawn; ``data["unshared_stories"]`` lists the learning stories whose
    media were unshared because of it (see :func:`carekit.workflows.withdraw_consent`)."""


# --------------------------------------------------------------------------- visits
@_event
class VisitChanged(WorkflowEvent):
    """A planned visit changed (another helper, a new time, cancelled; ST-12).  ``data``
    holds ``visit_id``, ``change``, ``planned_on``, and the visit as it now is:
    ``visit_date``, ``start``, ``end`` (HH:MM) and ``named`` (whether the helper is named) —
    no names, no reason (see :func:`carekit.workflows.change_visit`)."""


_BASES = (
    WorkflowEvent,
    SafetyPlanEvent,
    ExpectationAlignmentEvent,
    DreamEvent,
    TrialActionEvent,
    LearningStoryEvent,
    NetworkMemberEvent,
)

#: Every concrete event class by event name.
EVENT_TYPES: dict[str, type[WorkflowEvent]] = {}


def _collect(cls: type[WorkflowEvent]) -> None:
    for sub in cls.__subclasses__():
        if sub not in _BASES:
            EVENT_TYPES[sub.__name__] = sub
        _collect(sub)


_collect(WorkflowEvent)


def event_from_dict(data: dict[str, Any]) -> DomainEvent:
    """Rebuild an event from :meth:`DomainEvent.to_dict` output, as its typed class when the
    name is one of :data:`EVENT_TYPES` (plain :class:`DomainEvent` otherwise)."""
    event = DomainEvent.from_dict(data)
    cls = EVENT_TYPES.get(event.name)
    if cls is None:
        return event
    return cls(**attrs.asdict(event, recurse=False))
