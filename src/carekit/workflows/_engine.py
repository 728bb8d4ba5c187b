"""The engine: apply an action from a workflow table to a record.

:func:`apply` is pure.  It checks that the action is allowed from the record's status, that
every guard holds, moves the status, stamps ``updated_at``/``actor``, runs the effects and
returns a :class:`Transition` holding the updated record, the records the effects created and
the typed events.  Persisting them (in one transaction, with the events in the outbox) is the
application layer's job.
"""

from __future__ import annotations

import datetime as dt

import attrs

from carekit.errors import InvariantViolated, UnknownActionError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.lifecycle import WORKFLOWS, Action, Guard, Workflow, workflow_for_kind
from carekit.model import Actor, Record
from carekit.workflows._config import DEFAULT, Context, WorkflowConfig
from carekit.workflows._effects import EFFECTS
from carekit.workflows._errors import (
    ActionGuardFailed,
    ActionNotAllowed,
    UnknownWorkflowError,
    WorkflowDefinitionError,
)
from carekit.workflows._events import EVENT_TYPES
from carekit.workflows._guards import GUARDS, Env

__all__ = [
    "ActionCheck",
    "GuardCheck",
    "Transition",
    "allowed_actions",
    "apply",
    "check_implementations",
    "check_invariants",
    "failed_invariants",
    "status_of",
    "workflow_of",
]

_EMPTY = Context()


@attrs.frozen
class GuardCheck:
    """One guard of an action and whether it holds for the record."""

    guard: Guard
    holds: bool

    @property
    def name(self) -> str:
        """The guard's name."""
        return self.guard.name

    @property
    def text(self) -> Text:
        """The guard's Danish and English description."""
        return self.guard.text


@attrs.frozen
class ActionCheck:
    """An action allowed from the record's current state, and whether its guards hold."""

    action: Action
    guards: tuple[GuardCheck, ...]

    @property
    def name(self) -> str:
        """The action's name."""
        return self.action.name

    @property
    def target(self) -> str:
        """The state the action leads to."""
        return self.action.target

    @property
    def allowed(self) -> bool:
        """True when every guard holds: :func:`apply` would succeed."""
        return all(g.holds for g in self.guards)

    @property
    def failed(self) -> tuple[Guard, ...]:
        """The guards that do not hold (empty when the action is ``allowed``)."""
        return tuple(g.guard for g in self.guards if not g.holds)

    @property
    def reasons(self) -> tuple[Text, ...]:
        """Why not, in Danish and English: the texts of the guards that do not hold."""
        return tuple(g.text for g in self.failed)


@attrs.frozen
class Transition:
    """The result of :func:`apply`: persist ``record`` and ``created``, publish ``events``."""

    record: Record
    created: tuple[Record, ...]
    events: tuple[DomainEvent, ...]
    workflow: Workflow
    action: str
    from_state: str
    to_state: str

    @property
    def event(self) -> DomainEvent:
        """The event the table names for the action (always ``events[0]``)."""
        return self.events[0]


def status_of(record: Record) -> str:
    """The record's ``status``; :class:`UnknownWorkflowError` if the record has no status field."""
    status = getattr(record, "status", None)
    if not isinstance(status, str):
        raise UnknownWorkflowError(record.kind, (w.kind for w in WORKFLOWS), by="kind")
    return status


def workflow_of(record: Record) -> Workflow:
    """The workflow driving *record*'s status; :class:`UnknownWorkflowError` if none does."""
    workflow = workflow_for_kind(record.kind)
    if workflow is None:
        raise UnknownWorkflowError(record.kind, (w.kind for w in WORKFLOWS), by="kind")
    return workflow


def _aware(at: dt.datetime) -> dt.datetime:
    if not isinstance(at, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"at={at!r}: pass a timezone-aware datetime, e.g. "
            "datetime.now(zoneinfo.ZoneInfo('Europe/Copenhagen'))"
        )
    return at


def _check(action: Action, record: Record, env: Env) -> ActionCheck:
    return ActionCheck(
        action, tuple(GuardCheck(g, GUARDS[g.name](record, env)) for g in action.guards)
    )


def allowed_actions(
    record: Record,
    *,
    at: dt.datetime | None = None,
    context: Context = _EMPTY,
    config: WorkflowConfig = DEFAULT,
) -> list[ActionCheck]:
    """Every action the table allows from *record*'s status, each saying whether its guards
    hold and, if not, why.  Empty in a final state.  *at* (default: now) is the moment the
    date guards are read at."""
    workflow = workflow_of(record)
    when = _aware(at) if at is not None else dt.datetime.now(dt.UTC)
    env = Env(actor=record.actor, at=when, context=context, config=config)
    return [_check(a, record, env) for a in workflow.allowed(status_of(record))]


def apply(
    record: Record,
    action: str,
    *,
    actor: Actor,
    at: dt.datetime,
    reason: str | None = None,
    config: WorkflowConfig = DEFAULT,
    context: Context = _EMPTY,
) -> Transition:
    """Apply *action* to *record* as *actor* at *at* (timezone-aware).

    Raises :class:`~carekit.errors.UnknownActionError` when the workflow has no such action,
    :class:`~carekit.errors.TransitionNotAllowed` (an :class:`ActionNotAllowed`) when
    the action is not allowed from the record's status, naming the actions that are, and
    :class:`~carekit.errors.GuardFailed` (an :class:`ActionGuardFailed`) with the Danish and
    English texts of every guard that does not hold.  The input record is never changed.
    """
    workflow = workflow_of(record)
    _aware(at)
    state = status_of(record)
    allowed = workflow.allowed(state)
    chosen = next((a for a in allowed if a.name == action), None)
    if chosen is None and action not in {a.name for a in workflow.actions}:
        raise UnknownActionError(
            workflow=workflow.name,
            record_id=record.record_id,
            action=action,
            actions=[a.name for a in workflow.actions],
        )
    if chosen is None:
        raise ActionNotAllowed(
            workflow=workflow.name,
            kind=record.kind,
            record_id=record.record_id,
            state=state,
            state_label=workflow.state(state).label,
            action=action,
            allowed=[a.name for a in allowed],
        )
    env = Env(actor=actor, at=at, reason=reason, context=context, config=config)
    check = _check(chosen, record, env)
    if not check.allowed:
        raise ActionGuardFailed(
            workflow=workflow.name,
            kind=record.kind,
            record_id=record.record_id,
            state=state,
            action=action,
            failed=[g.name for g in check.failed],
            reasons=check.reasons,
        )
    updated = record.model_copy(update={"status": chosen.target, "updated_at": at, "actor": actor})
    created: list[Record] = []
    extra: list[DomainEvent] = []
    for name in chosen.effect_names:
        effect = EFFECTS[name](updated, env, chosen.target)
        updated = effect.record
        created.extend(effect.created)
        extra.extend(effect.events)
    event = EVENT_TYPES[chosen.event].create(
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=actor.id,
        at=at,
        action=chosen.name,
        from_state=state,
        to_state=chosen.target,
        reason=reason,
        data={"created": [{"kind": r.kind, "id": r.record_id} for r in created]} if created else {},
    )
    return Transition(
        record=updated,
        created=tuple(created),
        events=(event, *extra),
        workflow=workflow,
        action=chosen.name,
        from_state=state,
        to_state=chosen.target,
    )


def failed_invariants(
    record: Record,
    *,
    context: Context = _EMPTY,
    config: WorkflowConfig = DEFAULT,
    at: dt.datetime | None = None,
) -> list[Guard]:
    """The invariants of *record*'s current state (workflow table) that it does not satisfy;
    empty for records no workflow drives."""
    workflow = workflow_for_kind(record.kind)
    if workflow is None:
        return []
    when = _aware(at) if at is not None else dt.datetime.now(dt.UTC)
    env = Env(actor=record.actor, at=when, context=context, config=config)
    return [g for g in workflow.invariants(status_of(record)) if not GUARDS[g.name](record, env)]


def check_invariants(
    record: Record,
    *,
    context: Context = _EMPTY,
    config: WorkflowConfig = DEFAULT,
    at: dt.datetime | None = None,
) -> None:
    """Raise :class:`~carekit.errors.InvariantViolated` naming every invariant of *record*'s
    state that it does not satisfy."""
    failed = failed_invariants(record, context=context, config=config, at=at)
    if failed:
        workflow = workflow_of(record)
        state = status_of(record)
        raise InvariantViolated(
            kind=record.kind,
            record_id=record.record_id,
            state=state,
            state_label=workflow.state(state).label,
            failed=[g.name for g in failed],
            reasons=[g.text for g in failed],
        )


def check_implementations() -> None:
    """Raise :class:`WorkflowDefinitionError` unless every guard, effect and event the tables
    name is implemented, and nothing extra is."""
    guards = {g.name for w in WORKFLOWS for g in w.guards()}
    effects = {e for w in WORKFLOWS for a in w.actions for e in a.effect_names}
    events = {a.event for w in WORKFLOWS for a in w.actions}
    problems = [
        *(f"guard {n!r} is not implemented" for n in sorted(guards - GUARDS.keys())),
        *(f"guard {n!r} is named by no table" for n in sorted(GUARDS.keys() - guards)),
        *(f"effect {n!r} is not implemented" for n in sorted(effects - EFFECTS.keys())),
        *(f"effect {n!r} is named by no table" for n in sorted(EFFECTS.keys() - effects)),
        *(f"event {n!r} has no class" for n in sorted(events - EVENT_TYPES.keys())),
    ]
    if problems:
        raise WorkflowDefinitionError(problems)


check_implementations()
