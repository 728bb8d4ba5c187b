"""Workflow errors with bilingual messages.

They subclass the roots in :mod:`carekit.errors`, so ``except TransitionNotAllowed`` and
``except GuardFailed`` catch them; ``message`` holds the Danish and English text for users::

    WorkflowError
    ├── TransitionNotAllowed
    │   └── ActionNotAllowed        + .message (Text), .kind
    ├── GuardFailed
    │   └── ActionGuardFailed       + .message (Text), .kind, .failed (guard names)
    ├── UnknownWorkflowError (LookupError)  no workflow of that name / for that record kind
    └── WorkflowDefinitionError     a table names a guard or effect with no implementation
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from carekit.errors import GuardFailed, TransitionNotAllowed, WorkflowError
from carekit.i18n import Lang, Text

__all__ = [
    "ActionGuardFailed",
    "ActionNotAllowed",
    "UnknownWorkflowError",
    "WorkflowDefinitionError",
]


class ActionNotAllowed(TransitionNotAllowed):
    """The action is not allowed from the record's current state."""

    def __init__(
        self,
        *,
        workflow: str,
        kind: str,
        record_id: str,
        state: str,
        state_label: Text,
        action: str,
        allowed: Iterable[str],
    ):
        self.kind = kind
        allowed = tuple(allowed)
        if allowed:
            da_allowed = ", ".join(allowed)
            en_allowed = da_allowed
        else:
            da_allowed = "ingen (sluttilstand)"
            en_allowed = "none (final state)"
        self.message = Text(
            f"{workflow} {record_id} er '{state_label.da}' ('{state}'): handlingen '{action}' er "
            f"ikke tilladt. Tilladt nu: {da_allowed}.",
            f"{workflow} {record_id} is '{state_label.en}' ('{state}'): action '{action}' is not "
            f"allowed. Allowed now: {en_allowed}.",
        )
        super().__init__(
            workflow=workflow,
            record_id=record_id,
            state=state,
            action=action,
            allowed=allowed,
            message=self.message,
        )

    def render(self, lang: Lang = "en") -> str:
        return self.message.get(lang)


class ActionGuardFailed(GuardFailed):
    """The action is allowed from this state, but some of its guards do not hold."""

    def __init__(
        self,
        *,
        workflow: str,
        kind: str,
        record_id: str,
        state: str,
        action: str,
        failed: Sequence[str],
        reasons: Sequence[Text],
    ):
        self.kind = kind
        self.failed = tuple(failed)
        self.message = Text(
            f"{workflow} {record_id} ({state}): '{action}' kan ikke udføres endnu. Sørg for: "
            + "; ".join(r.da for r in reasons),
            f"{workflow} {record_id} ({state}): cannot '{action}' yet. Make sure: "
            + "; ".join(r.en for r in reasons),
        )
        super().__init__(
            workflow=workflow,
            record_id=record_id,
            state=state,
            action=action,
            reasons=reasons,
            message=self.message,
        )

    def render(self, lang: Lang = "en") -> str:
        return self.message.get(lang)


class UnknownWorkflowError(WorkflowError, LookupError):
    """No workflow by that name, or none drives records of that kind."""

    code: ClassVar[str] = "workflow.unknown"

    def __init__(self, name: str, known: Iterable[str], *, by: str = "name"):
        self.name = name
        self.known = tuple(known)
        self.by = by
        listing = ", ".join(self.known)
        if by == "kind":
            self.message = Text(
                f"Poster af typen '{name}' har ingen arbejdsgang. Arbejdsgange findes for: "
                f"{listing}.",
                f"Records of kind '{name}' have no workflow. Workflows exist for: {listing}.",
            )
        else:
            self.message = Text(
                f"Ingen arbejdsgang hedder '{name}'. Vælg en af: {listing}.",
                f"No workflow is called '{name}'. Choose one of: {listing}.",
            )
        super().__init__(self.message)


class WorkflowDefinitionError(WorkflowError):
    """A workflow table and the engine disagree: a guard or effect named in a table has no
    implementation, or an implementation is named by no table."""

    code: ClassVar[str] = "workflow.definition"

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        listing = "; ".join(self.problems)
        super().__init__(
            Text(
                f"Arbejdsgangstabellerne og motoren er uenige: {listing} (implementér de "
                "manglende funktioner i carekit/workflows/_guards.py eller _effects.py, eller "
                "fjern de overflødige)",
                f"workflow tables and engine disagree: {listing} (implement the missing "
                "functions in carekit/workflows/_guards.py or _effects.py, or remove the extra "
                "ones)",
            )
        )
