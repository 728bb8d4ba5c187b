"""The application object vendors use: records, workflow actions, due(), events."""

from __future__ import annotations

import collections
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self, TypeVar

import attrs

from carekit.app._repository import Repository
from carekit.errors import PluginError, Problem, RecordValidationError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import (
    BUILTIN_RULES,
    Actor,
    CareNetwork,
    Citizen,
    Consent,
    Dream,
    ExpectationAlignment,
    HomeAgreement,
    InformationRecord,
    LearningStory,
    NetworkMember,
    Perspective,
    Record,
    Routine,
    Rule,
    RuleFinding,
    SafetyCheckIn,
    SafetyPlan,
    TrialAction,
    now,
)
from carekit.plugins import Plugins, SchemaExtension
from carekit.store import EVENT_TOPIC, PutItem, Store, StoredRecord
from carekit.workflows import (
    DEFAULT,
    ActionCheck,
    Context,
    DueItem,
    Transition,
    WorkflowConfig,
    allowed_actions,
    apply,
    due,
    event_from_dict,
    local_date,
    withdraw_consent,
)

__all__ = ["ActResult", "Application", "Listener"]

R = TypeVar("R", bound=Record)
Listener = Callable[[DomainEvent], None]


@attrs.frozen
class ActResult:
    """What :meth:`Application.act` did: the transition, what was stored, and any listener
    errors (a failing listener never undoes the stored change)."""

    transition: Transition
    stored: tuple[StoredRecord, ...]
    listener_errors: tuple[PluginError, ...] = ()

    @property
    def record(self) -> Record:
        return self.transition.record


def _event(name: str, record: Record, version: int | None, at: dt.datetime) -> DomainEvent:
    return DomainEvent(
        name=name,
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=record.actor.id,
        at=at,
        record_version=version,
    )


class Application:
    """carekit for one store, with one plugin manager.  Get one from :func:`carekit.open`.

    Every change is validated (schema contract via the model, built-in rules, plugin rules,
    vendor extension schemas), stored with its domain events in one transaction, then
    announced to listeners.
    """

    def __init__(
        self,
        store: Store,
        plugins: Plugins,
        *,
        config: WorkflowConfig = DEFAULT,
        clock: Callable[[], dt.datetime] = now,
    ):
        self.store = store
        self.plugins = plugins
        self.config = config
        self.clock = clock
        plugin_rules = plugins.validation_rules_by_plugin()
        self.rules: tuple[Rule, ...] = (*BUILTIN_RULES, *(rule for _, rule in plugin_rules))
        self._rule_owner = {id(rule): plugin for plugin, rule in plugin_rules}
        #: Errors of listeners since the application was opened (newest last, at most 100).
        #: ``act()`` also returns its own; a failing listener never undoes a change.
        self.listener_errors: collections.deque[PluginError] = collections.deque(maxlen=100)
        self.extensions: dict[str, SchemaExtension] = plugins.schema_extensions()
        self._listeners: list[Listener] = []
        self.citizens = Repository(self, Citizen)
        self.care_networks = Repository(self, CareNetwork)
        self.network_members = Repository(self, NetworkMember)
        self.safety_plans = Repository(self, SafetyPlan)
        self.home_agreements = Repository(self, HomeAgreement)
        self.information_records = Repository(self, InformationRecord)
        self.expectation_alignments = Repository(self, ExpectationAlignment)
        self.safety_check_ins = Repository(self, SafetyCheckIn)
        self.dreams = Repository(self, Dream)
        self.perspectives = Repository(self, Perspective)
        self.trial_actions = Repository(self, TrialAction)
        self.routines = Repository(self, Routine)
        self.learning_stories = Repository(self, LearningStory)
        self.consents = Repository(self, Consent)

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def repo(self, cls: type[R]) -> Repository[R]:
        return Repository(self, cls)

    # -- validation --------------------------------------------------------------------------
    def check(self, record: Record) -> list[RuleFinding]:
        """Every rule finding for *record*: built-in rules, plugin rules, extension schemas.
        A rule that raises becomes an ``error`` finding naming it."""
        findings: list[RuleFinding] = []
        for rule in self.rules:
            if not rule.applies_to(record.kind):
                continue
            try:
                findings.extend(rule.run(record))
            except Exception as exc:  # noqa: BLE001 - a broken rule must not let data pass
                owner = self._rule_owner.get(id(rule), "carekit")
                findings.append(
                    RuleFinding(
                        rule.name,
                        "error",
                        "",
                        Text(
                            f"Reglen '{rule.name}' fra plugin '{owner}' fejlede: "
                            f"{type(exc).__name__}",
                            f"Rule '{rule.name}' of plugin '{owner}' failed: {type(exc).__name__}",
                        ),
                    )
                )
        if record.extensions and self.extensions:
            findings.extend(self._check_extensions(record))
        return findings

    def _check_extensions(self, record: Record) -> list[RuleFinding]:
        import jsonschema  # noqa: PLC0415 - imported only when vendors declare extensions

        findings: list[RuleFinding] = []
        for namespace, data in record.extensions.items():
            ext = self.extensions.get(namespace)
            if ext is None or (ext.kinds and record.kind not in ext.kinds):
                continue
            for error in jsonschema.Draft202012Validator(ext.schema).iter_errors(data):
                pointer = "/extensions/" + namespace + "".join(f"/{p}" for p in error.absolute_path)
                findings.append(
                    RuleFinding(
                        f"extension:{namespace}",
                        "error",
                        pointer,
                        Text(
                            f"Udvidelsen passer ikke til sit skema: {error.message}",
                            f"The extension does not match its schema: {error.message}",
                        ),
                    )
                )
        return findings

    def _ensure_valid(self, record: Record) -> None:
        errors = [f for f in self.check(record) if f.severity == "error"]
        if errors:
            raise RecordValidationError(
                record.kind,
                [Problem(f.pointer, f.rule, f.message) for f in errors],
                record_id=record.record_id,
            )

    # -- records -----------------------------------------------------------------------------
    def add(self, record: Record) -> StoredRecord:
        """Store a new record after validation; emits ``RecordCreated``."""
        self._ensure_valid(record)
        event = _event("RecordCreated", record, 1, self.clock())
        stored = self.store.put(record, expected_version=None, events=[event])
        self._announce([event])
        return stored

    def update(self, record: Record, *, expected_version: int) -> StoredRecord:
        """Store a new version of a record; ``ConflictError`` when *expected_version* is stale."""
        self._ensure_valid(record)
        event = _event("RecordUpdated", record, expected_version + 1, self.clock())
        stored = self.store.put(record, expected_version=expected_version, events=[event])
        self._announce([event])
        return stored

    def add_many(self, records: Sequence[Record]) -> list[StoredRecord]:
        """Store many new records in one transaction (all or nothing)."""
        for record in records:
            self._ensure_valid(record)
        at = self.clock()
        events = [_event("RecordCreated", r, 1, at) for r in records]
        stored = self.store.put_many([PutItem(r, None) for r in records], events=events)
        self._announce(events)
        return stored

    def get(self, record_id: str | uuid.UUID, *, reader: Actor | None = None) -> StoredRecord:
        return self.store.get(str(record_id), reader=reader)

    def citizen_records(self, citizen_id: str | uuid.UUID) -> list[Record]:
        """Latest versions of every record about one citizen."""
        return [row.record for row in self.store.query(citizen_id=str(citizen_id))]

    # -- workflows ---------------------------------------------------------------------------
    def allowed(self, record_id: str | uuid.UUID) -> list[ActionCheck]:
        """The actions allowed now on a record, each saying whether its guards hold."""
        record = self.get(record_id).record
        return allowed_actions(
            record,
            at=self.clock(),
            context=Context(self.citizen_records(record.citizen_id)),
            config=self.config,
        )

    def act(
        self,
        record_id: str | uuid.UUID,
        action: str,
        *,
        actor: Actor,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> ActResult:
        """Apply a workflow action to the latest version of a record and store the result —
        the changed record, the records its effects create, and its events — in one
        transaction.  Raises ``TransitionNotAllowed``/``GuardFailed`` (nothing stored) or
        ``ConflictError`` when someone changed the record meanwhile."""
        current = self.get(record_id)
        when = at or self.clock()
        transition = apply(
            current.record,
            action,
            actor=actor,
            at=when,
            reason=reason,
            config=self.config,
            context=Context(self.citizen_records(current.record.citizen_id)),
        )
        stored = self._persist(
            [(transition.record, current.version)], transition.created, transition.events
        )
        return ActResult(transition, tuple(stored), tuple(self._announce(transition.events)))

    def withdraw_consent(
        self,
        consent_id: str | uuid.UUID,
        *,
        actor: Actor,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> list[StoredRecord]:
        """Withdraw a consent; media that depended on it are removed from sharing in the same
        transaction (see ``carekit.workflows.withdraw_consent``)."""
        current = self.get(consent_id)
        if not isinstance(current.record, Consent):
            raise TypeError(f"record {consent_id} is a {current.record.kind}, not a consent")
        when = at or self.clock()
        result = withdraw_consent(
            current.record,
            at=when,
            actor=actor,
            reason=reason,
            context=Context(self.citizen_records(current.record.citizen_id)),
        )
        updates: list[tuple[Record, int]] = [(result.consent, current.version)]
        for story in result.updated:
            updates.append((story, self.get(story.id).version))
        stored = self._persist(updates, (), result.events)
        self._announce(result.events)
        return stored

    def _persist(
        self,
        updates: Sequence[tuple[Record, int]],
        created: Sequence[Record],
        events: Sequence[DomainEvent],
    ) -> list[StoredRecord]:
        for record, _ in updates:
            self._ensure_valid(record)
        for record in created:
            self._ensure_valid(record)
        items = [PutItem(r, v) for r, v in updates] + [PutItem(r, None) for r in created]
        return self.store.put_many(items, events=events)

    def due(self, as_of: dt.date | None = None) -> list[DueItem]:
        """Everything due or overdue on *as_of* (default: today in Europe/Copenhagen)."""
        day = as_of or local_date(self.clock())
        records = [row.record for row in self.store.query(due_before=day + dt.timedelta(days=1))]
        return due(records, day, config=self.config)

    # -- events ------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call *listener* after every committed change, once per event.  A listener that
        raises never undoes the change; its error is returned by the operation."""
        self._listeners.append(listener)

    def events(self, *, limit: int | None = None) -> list[DomainEvent]:
        """The event stream: domain events in the outbox, oldest first."""
        items = [i for i in self.store.outbox(limit=None) if i.topic == EVENT_TOPIC]
        events = [event_from_dict(dict(i.payload)) for i in items]
        return events[:limit] if limit is not None else events

    def _announce(self, events: Sequence[DomainEvent]) -> list[PluginError]:
        errors: list[PluginError] = []
        for event in events:
            errors.extend(self.plugins.on_event(event))
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception as exc:  # noqa: BLE001 - collected, never undoes the change
                    name = getattr(listener, "__qualname__", repr(listener))
                    errors.append(
                        PluginError(f"{type(exc).__name__}: {exc}", plugin=name, hook="subscribe")
                    )
        self.listener_errors.extend(errors)
        return errors
