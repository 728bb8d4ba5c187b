"""The workflow engine: applies the tables in :mod:`carekit.lifecycle` to records.

Pure functions over immutable records; nothing is stored here::

    from carekit.workflows import apply, allowed_actions, due

    transition = apply(trial, "adopt", actor=nurse, at=now, reason="Hun smilede hver gang")
    transition.record      # the trial action, now 'adopted', with decision and routine_id
    transition.created     # (Routine(...),)
    transition.events      # (TrialActionAdopted(...),)

See ``docs/workflows.md`` for each workflow in plain language.
"""

from carekit.workflows._calendar import COPENHAGEN, Cadence, add_months, local_date
from carekit.workflows._config import DEFAULT, Context, WorkflowConfig
from carekit.workflows._consent import ConsentWithdrawal, withdraw_consent
from carekit.workflows._describe import describe, workflow_as_dict
from carekit.workflows._due import DueCategory, DueItem, due, due_window
from carekit.workflows._effects import EFFECTS, Effect, EffectFunction
from carekit.workflows._engine import (
    ActionCheck,
    GuardCheck,
    Transition,
    allowed_actions,
    apply,
    check_implementations,
    status_of,
    workflow_of,
)
from carekit.workflows._errors import (
    ActionGuardFailed,
    ActionNotAllowed,
    UnknownWorkflowError,
    WorkflowDefinitionError,
)
from carekit.workflows._events import (
    EVENT_TYPES,
    ConsentWithdrawn,
    DreamEvent,
    DreamHypothesisFormed,
    DreamRealised,
    DreamRevised,
    DreamSetAside,
    DreamTestingStarted,
    ExpectationAlignmentCancelled,
    ExpectationAlignmentEvent,
    ExpectationAlignmentHeld,
    ExpectationsAligned,
    ExpectationsNotAligned,
    ExpectationsPartlyAligned,
    LearningStoryArchived,
    LearningStoryConsented,
    LearningStoryEvent,
    LearningStoryPrompted,
    LearningStoryShared,
    LearningStoryWithdrawn,
    NetworkMemberActivated,
    NetworkMemberDeactivated,
    NetworkMemberEvent,
    NetworkMemberResumed,
    NetworkMemberSuspended,
    SafetyPlanActivated,
    SafetyPlanAgreed,
    SafetyPlanConfirmed,
    SafetyPlanEvent,
    SafetyPlanRetired,
    SafetyPlanReviewDue,
    SafetyPlanRevised,
    TrialActionAbandoned,
    TrialActionAdapted,
    TrialActionAdopted,
    TrialActionEvaluationStarted,
    TrialActionEvent,
    TrialActionStarted,
    WorkflowEvent,
    event_from_dict,
)
from carekit.workflows._guards import GUARDS, Env, GuardFunction
from carekit.workflows._mermaid import embed_diagrams, to_mermaid, write_diagrams

__all__ = [
    "COPENHAGEN",
    "DEFAULT",
    "EFFECTS",
    "EVENT_TYPES",
    "GUARDS",
    "ActionCheck",
    "ActionGuardFailed",
    "ActionNotAllowed",
    "Cadence",
    "ConsentWithdrawal",
    "ConsentWithdrawn",
    "Context",
    "DreamEvent",
    "DreamHypothesisFormed",
    "DreamRealised",
    "DreamRevised",
    "DreamSetAside",
    "DreamTestingStarted",
    "DueCategory",
    "DueItem",
    "Effect",
    "EffectFunction",
    "Env",
    "ExpectationAlignmentCancelled",
    "ExpectationAlignmentEvent",
    "ExpectationAlignmentHeld",
    "ExpectationsAligned",
    "ExpectationsNotAligned",
    "ExpectationsPartlyAligned",
    "GuardCheck",
    "GuardFunction",
    "LearningStoryArchived",
    "LearningStoryConsented",
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
    "Transition",
    "TrialActionAbandoned",
    "TrialActionAdapted",
    "TrialActionAdopted",
    "TrialActionEvaluationStarted",
    "TrialActionEvent",
    "TrialActionStarted",
    "UnknownWorkflowError",
    "WorkflowConfig",
    "WorkflowDefinitionError",
    "WorkflowEvent",
    "add_months",
    "allowed_actions",
    "apply",
    "check_implementations",
    "describe",
    "due",
    "due_window",
    "embed_diagrams",
    "event_from_dict",
    "local_date",
    "status_of",
    "to_mermaid",
    "withdraw_consent",
    "workflow_as_dict",
    "workflow_of",
    "write_diagrams",
]
