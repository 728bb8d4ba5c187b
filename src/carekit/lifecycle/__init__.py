"""Workflow tables as data: the one source of truth for every record status."""

from carekit.lifecycle._table import Action, Effect, Guard, State, Workflow
from carekit.lifecycle.tables import (
    DREAM,
    EXPECTATION_ALIGNMENT,
    LEARNING_STORY,
    NETWORK_MEMBER,
    SAFETY_PLAN,
    TRIAL_ACTION,
    WORKFLOWS,
    workflow_for_kind,
    workflow_named,
)

__all__ = [
    "DREAM",
    "EXPECTATION_ALIGNMENT",
    "LEARNING_STORY",
    "NETWORK_MEMBER",
    "SAFETY_PLAN",
    "TRIAL_ACTION",
    "WORKFLOWS",
    "Action",
    "Effect",
    "Guard",
    "State",
    "Workflow",
    "workflow_for_kind",
    "workflow_named",
]
