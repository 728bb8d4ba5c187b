"""The application object vendors use: records, workflow actions, due(), events."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import attrs

from carekit._pointer import json_pointer
from carekit.app._access import Reader, access_entries, make_reader
from carekit.app._erase import RetentionRules
from carekit.app._erase import erase_citizen as _erase_citizen
from carekit.app._events import EventPage, decode_cursor, event_page
from carekit.app._export_citizen import export_citizen as _export_citizen
from carekit.app._repository import Repository
from carekit.app._shift import read_shift_watch
from carekit.errors import (
    CarekitError,
    ClosedError,
    ConflictError,
    InvalidArgumentError,
    PluginError,
    Problem,
    ReaderRequiredError,
    RecordValidationError,
    StatusChangeRefused,
)
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.lifecycle import workflow_for_kind
from carekit.model import (
    BUILTIN_RULES,
    Actor,
    CareNetwork,
    Channel,
    Citizen,
    Consent,
    Dream,
    ExpectationAlignment,
    HomeAgreement,
    InformationRecord,
    LearningStory,
    NetworkMember,
    Perspective,
    Purpose,
    Record,
    Routine,
    Rule,
    RuleFinding,
    SafetyCheckIn,
    SafetyPlan,
    ScheduledVisit,
    Shift,
    TrialAction,
    now,
    revalidate,
)
from carekit.notify._remind import records_for_due
from carekit.plugins import Plugins, SchemaExtension
from carekit.privacy import masked_logger
from carekit.store import (
    AuditEntry,
    ErasureNotSupportedError,
    ErasureReport,
    PutItem,
    ReadResult,
    Store,
    StoredRecord,
    UnreadableVersion,
    load_store_key,
)
from carekit.workflows import (
    DEFAULT,
    ActionCheck,
    Context,
    DueItem,
    ShiftWatch,
    Transition,
    WorkflowConfig,
    allowed_actions,
    apply,
    check_invariants,
    due,
    local_date,
    status_of,
    withdraw_consent,
)

if TYPE_CHECKING:  # the render layer loads on the first Min log, not on every open()
    from carekit.render import AccessReport, ActorInfo

log = masked_logger("carekit.app")

__all__ = ["ActResult", "Application", "Listener"]

R = TypeVar("R", bound=Record)
Listener = Callable[[DomainEvent], None]


@attrs.frozen
class ActResult(Generic[R]):
    """What :meth:`Application.act` did: the transition, what was stored (the changed
    record first, then the records its effects created), and any listener errors (a failing
    listener never undoes the stored change)."""

    transition: Transition
    stored: tuple[StoredRecord[Record], ...]
    listener_errors: tuple[PluginError, ...] = ()

    @property
    def record(self) -> R:
        """The record after the action (its new version)."""
        return cast(R, self.transition.record)

    @property
    def version(self) -> int:
        """The version the action stored."""
        return self.stored[0].version


#: The fields ``act(data=...)`` and ``update()`` never take from the caller: carekit owns
#: them (identity, workflow state, who and when).
_OWNED_FIELDS = frozenset(
    {"id", "kind", "citizen_id", "status", "schema_version", "created_at", "updated_at", "actor"}
)


def _unreadable(rows: Sequence[StoredRecord[Record]]) -> tuple[UnreadableVersion, ...]:
    return rows.unreadable if isinstance(rows, ReadResult) else ()


def _search_key(key: object) -> bytes | None:
    if key is None:
        return None
    if isinstance(key, str):
        key = key.encode()
    if not isinstance(key, bytes) or len(key) < 16:
        raise InvalidArgumentError(
            "search_key",
            Text(
                "en hemmelig nøgle på mindst 16 byte (bytes eller str)",
                "a secret key of at least 16 bytes (bytes or str)",
            ),
            key,
        )
    return key


def _use_data_key(store: Store, value: bytes | str) -> None:
    """Give *store* the key that wraps the citizens' data keys (see ``docs/privacy.md``)."""
    use = getattr(store, "use_data_key", None)
    if use is None:
        raise ErasureNotSupportedError(
            type(store).__name__, Text("kryptering med en datanøgle", "encryption with a data key")
        )
    use(load_store_key(value, source="data_key"))


def _require_actor(actor: object) -> Actor:
    if not isinstance(actor, Actor):
        raise InvalidArgumentError(
            "actor", Text("en carekit.model.Actor", "a carekit.model.Actor"), actor
        )
    return actor


def _require_record(record: object, parameter: str = "record") -> Record:
    if not isinstance(record, Record):
        raise InvalidArgumentError(
            parameter,
            Text(
                "en carekit-post (carekit.model.Record)", "a carekit record (carekit.model.Record)"
            ),
            record,
        )
    return record


def _require_version(value: object, parameter: str = "expected_version") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(
            parameter,
            Text("et versionsnummer (et heltal fra 1)", "a version number (an int from 1)"),
            value,
        )
    return value


def _record_id(value: object) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        return value
    raise InvalidArgumentError(
        "record_id",
        Text("et post-id (str eller uuid.UUID)", "a record id (str or uuid.UUID)"),
        value,
    )


def _event(
    name: str, record: Record, version: int | None, at: dt.datetime, actor: Actor | None = None
) -> DomainEvent:
    return DomainEvent(
        name=name,
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=(actor or record.actor).id,
        at=at,
        record_version=version,
    )


class Application:
    """carekit for one store, with one plugin manager.  Get one from :func:`carekit.open`.

    Every change is validated (schema contract via the model, built-in rules, plugin rules,
    vendor extension schemas), stored with its domain events in one transaction, then
    announced to listeners.

    Every read of a citizen's data is logged (the read-access log): reads need a
    :attr:`reader` — ``carekit.open(url, actor=…, purpose=…)`` or a view from
    :meth:`session` — and raise :class:`~carekit.errors.ReaderRequiredError` without one.
    """

    def __init__(
        self,
        store: Store,
        plugins: Plugins,
        *,
        config: WorkflowConfig = DEFAULT,
        clock: Callable[[], dt.datetime] = now,
        search_key: bytes | str | None = None,
        data_key: bytes | str | None = None,
    ):
        self.store = store
        if data_key is not None:  # before anything reads: every read decrypts
            _use_data_key(store, data_key)
        #: The key of the CPR blind index (``citizens.query(cpr=…)``); ``None``: no CPR
        #: search.  Kept in memory only; see ``docs/querying.md``.
        self.search_key = _search_key(search_key)
        if self.search_key is not None:
            store.use_search_key(self.search_key)
        self.plugins = plugins
        self.config = config
        self.clock = clock
        plugin_rules = plugins.validation_rules_by_plugin()
        self.rules: tuple[Rule, ...] = (*BUILTIN_RULES, *(rule for _, rule in plugin_rules))
        self._rule_owner = {id(rule): plugin for plugin, rule in plugin_rules}
        #: Errors of listeners (``subscribe()`` callables and ``carekit_on_event`` plugins)
        #: since the application was opened, newest last, at most 100.  Every write that
        #: announces events (``add``, ``add_many``, ``update``, ``modify``, ``act``,
        #: ``withdraw_consent``, ``import_records``) reports its listener errors here and logs
        #: each one (plugin and error type only) on the ``carekit`` loggers; ``act()``
        #: also returns that call's own in :attr:`ActResult.listener_errors`.  A failing
        #: listener never undoes a stored change.
        self.listener_errors: collections.deque[PluginError] = collections.deque(maxlen=100)
        self.extensions: dict[str, SchemaExtension] = plugins.schema_extensions()
        self._listeners: list[Listener] = []
        self._closed = False
        #: Who reads through this application (``None``: reads are refused).
        self._reader: Reader | None = None
        #: The application that owns the store (itself, or the one a session came from).
        self._root: Application = self
        self._bind_repositories()

    def _bind_repositories(self) -> None:
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
        """Close the store (buffered access-log rows are written first).  Every later call on
        this application raises :class:`~carekit.errors.ClosedError`.  Closing twice is
        allowed.  Closing a :meth:`session` ends only the session: its access-log rows are
        written and the store stays open for the application it came from."""
        if self._closed:
            return
        self._closed = True
        if self._root is self:
            self.store.close()
        elif not self._root._closed:
            self.store.flush_access_log()

    def _check_open(self) -> None:
        if self._closed or self._root._closed:
            raise ClosedError("application")

    # -- readers -----------------------------------------------------------------------------
    @property
    def reader(self) -> Reader | None:
        """Who reads through this application: actor, purpose and channel (``None``: an
        application opened without one, which refuses reads)."""
        return self._reader

    def session(
        self, *, actor: Actor, purpose: Purpose | str, channel: Channel | str = Channel.API
    ) -> Application:
        """A view of this application bound to a reader: it shares the store, the plugins
        and the listeners, and every read through it is logged under *actor* (name and
        role as the citizen will see them in "Min log"), *purpose* and *channel*.  Use it
        as a context manager or close it; closing it never closes the store."""
        self._check_open()
        view = copy.copy(self)
        view._reader = make_reader(actor, purpose, channel)
        view._root = self._root
        view._closed = False
        view._bind_repositories()
        return view

    def _require_reader(self, operation: str) -> Reader:
        self._check_open()
        if self._reader is None:
            raise ReaderRequiredError(operation)
        return self._reader

    def _log_read(
        self,
        reader: Reader,
        operation: str,
        records: Sequence[Record],
        citizens: Sequence[str] = (),
    ) -> None:
        entries = access_entries(reader, operation, records, at=self.clock(), citizens=citizens)
        if entries:
            self.store.log_access(entries)

    def flush_access_log(self) -> None:
        """Write the buffered read-access log rows now (they are written in batches anyway:
        with the next write, on a timer and at :meth:`close`)."""
        self._check_open()
        self.store.flush_access_log()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- validation --------------------------------------------------------------------------
    def check(self, record: Record) -> list[RuleFinding]:
        """Every rule finding for *record*: built-in rules, plugin rules, extension schemas.
        A rule that raises becomes an ``error`` finding naming it."""
        self._check_open()
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
                pointer = json_pointer(["extensions", namespace, *error.absolute_path])
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

    def _ensure_valid(self, record: Record) -> Record:
        """*record* re-validated from its JSON (so ``model_copy`` cannot slip past), then
        every rule; ``RecordValidationError`` listing every problem."""
        record = revalidate(_require_record(record))
        errors = [f for f in self.check(record) if f.severity == "error"]
        if errors:
            raise RecordValidationError(
                record.kind,
                [Problem(f.pointer, f.rule, f.message) for f in errors],
                record_id=record.record_id,
            )
        return record

    def _context(self, citizen_id: str | uuid.UUID, extra: Sequence[Record] = ()) -> Context:
        """Every stored record of the citizen (with *extra* replacing or adding records):
        a complete context, so consents are known even when there are none."""
        records = {r.record_id: r for r in self._citizen_rows(str(citizen_id))}
        records.update((r.record_id, r) for r in extra)
        return Context(tuple(records.values()), complete=True)

    def _citizen_rows(self, citizen_id: str) -> list[Record]:
        return [row.record for row in self.store.query(citizen_id=citizen_id)]

    def _check_state(self, records: Sequence[Record], at: dt.datetime) -> None:
        """Every record satisfies the invariants of its state (workflow tables)."""
        by_citizen: dict[str, list[Record]] = {}
        for record in records:
            by_citizen.setdefault(str(record.citizen_id), []).append(record)
        for citizen, group in by_citizen.items():
            if not any(workflow_for_kind(r.kind) for r in group):
                continue
            context = self._context(citizen, group)
            for record in group:
                check_invariants(record, context=context, config=self.config, at=at)

    def _check_initial(self, record: Record) -> None:
        workflow = workflow_for_kind(record.kind)
        if workflow is None:
            return
        status = status_of(record)
        if status != workflow.initial:
            raise StatusChangeRefused(
                kind=record.kind,
                record_id=record.record_id,
                current=None,
                requested=status,
                allowed=(workflow.initial,),
            )

    def _write(
        self, items: Sequence[PutItem], events: Sequence[DomainEvent]
    ) -> list[StoredRecord[Record]]:
        # referential integrity (citizen, references, immutable kind/citizen_id) is checked
        # by the store inside its write transaction: carekit.store.backend.check_integrity
        return self.store.put_many(items, events=events)

    # -- records -----------------------------------------------------------------------------
    def add(self, record: R) -> StoredRecord[R]:
        """Store a new record after validation; emits ``RecordCreated``.

        A workflow record must be in its workflow's initial state (statuses change only
        through :meth:`act`; records already in a later state go through
        :meth:`import_records`).  Its citizen and every record it refers to must exist and
        be about the same citizen (:class:`~carekit.errors.ReferenceIntegrityError`).
        """
        return self.add_many([record])[0]

    def add_many(self, records: Sequence[R]) -> list[StoredRecord[R]]:
        """Store many new records in one transaction (all or nothing); the rules of
        :meth:`add` apply to each.  References may point to records in the same batch."""
        self._check_open()
        checked = [self._ensure_valid(r) for r in records]
        for record in checked:
            self._check_initial(record)
        return cast(list[StoredRecord[R]], self._create(checked))

    def import_records(
        self, records: Sequence[Record], *, actor: Actor
    ) -> list[StoredRecord[Record]]:
        """Store records that arrive from elsewhere (a migration, another system, the demo's
        seed data) in whatever workflow state they are in, in one transaction.

        This is the one path for records in a later state: each is validated like
        :meth:`add`, its state's invariants (workflow tables) are checked against the
        citizen's stored records and the batch, and references must resolve.  Each record
        keeps its own ``actor`` and times (who made it in the source system; the audit
        names that actor); the ``RecordImported`` events name *actor*, who imported.
        """
        self._check_open()
        who = _require_actor(actor)
        checked = [self._ensure_valid(_require_record(r)) for r in records]
        self._check_state(checked, self.clock())
        return self._create(checked, name="RecordImported", actor=who)

    def _create(
        self, records: Sequence[Record], name: str = "RecordCreated", actor: Actor | None = None
    ) -> list[StoredRecord[Record]]:
        at = self.clock()
        events = [_event(name, r, 1, at, actor) for r in records]
        stored = self._write([PutItem(r, None) for r in records], events)
        self._announce(events)
        return stored

    def update(
        self,
        record: R,
        *,
        expected_version: int,
        actor: Actor,
        at: dt.datetime | None = None,
    ) -> StoredRecord[R]:
        """Store a new version of a record, changed by *actor*.

        carekit sets ``updated_at`` (*at*, default now) and ``actor``; the audit entry and the
        ``RecordUpdated`` event name *actor*.  Refused: a stale *expected_version*
        (:class:`~carekit.errors.ConflictError`), a change of ``status``
        (:class:`~carekit.errors.StatusChangeRefused`, naming :meth:`act` and the actions
        allowed now), of ``citizen_id`` or ``kind``
        (:class:`~carekit.errors.ImmutableFieldError`), a change that breaks what the
        record's state requires (:class:`~carekit.errors.InvariantViolated`), and references
        that do not resolve.  Use :meth:`modify` to re-read and retry on conflicts.
        """
        self._check_open()
        who = _require_actor(actor)
        version = _require_version(expected_version)
        given = _require_record(record)
        current = self.store.get(given.record_id)
        if current.version != version:
            raise ConflictError(given.record_id, version, current.version)
        when = at or self.clock()
        changed = self._ensure_valid(given.model_copy(update={"actor": who, "updated_at": when}))
        self._check_same_state(current.record, changed)
        self._check_state([changed], when)
        event = _event("RecordUpdated", changed, version + 1, when)
        stored = self._write([PutItem(changed, version)], [event])[0]
        self._announce([event])
        return cast(StoredRecord[R], stored)

    def _check_same_state(self, before: Record, after: Record) -> None:
        workflow = workflow_for_kind(before.kind)
        if workflow is None or before.kind != after.kind:
            return  # a kind change is refused by the integrity check, naming the field
        was, now = status_of(before), status_of(after)
        if was != now:
            raise StatusChangeRefused(
                kind=before.kind,
                record_id=before.record_id,
                current=was,
                requested=now,
                allowed=[a.name for a in workflow.allowed(was)],
            )

    def modify(
        self,
        record_id: str | uuid.UUID,
        fn: Callable[[R], R],
        *,
        actor: Actor,
        retries: int = 5,
    ) -> StoredRecord[R]:
        """Read the latest version, apply *fn* to it and :meth:`update` with that version;
        on :class:`~carekit.errors.ConflictError` (someone wrote meanwhile) read again and
        re-apply, up to *retries* more times.  *fn* gets a validated record and returns the
        changed copy (``record.model_copy(update=...)``); it may run more than once."""
        self._check_open()
        _require_actor(actor)
        rid = _record_id(record_id)
        if not callable(fn):
            raise InvalidArgumentError(
                "fn",
                Text(
                    "en funktion, der får posten og giver den ændrede kopi tilbage",
                    "a function that takes the record and returns its changed copy",
                ),
                fn,
            )
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise InvalidArgumentError(
                "retries", Text("et helt tal fra 0 og op", "a whole number from 0 up"), retries
            )
        attempt = 0
        while True:
            current = self.store.get(rid)
            changed = fn(cast(R, current.record))
            if not isinstance(changed, Record) or str(changed.id) != rid:
                # fn must change the record it was given, not return another one
                raise InvalidArgumentError(
                    "fn",
                    Text(
                        f"en funktion, der giver en ændret kopi af post {rid} tilbage (fx "
                        "record.model_copy(update=…)), ikke en anden post",
                        f"a function that returns a changed copy of record {rid} (e.g. "
                        "record.model_copy(update=…)), not another record",
                    ),
                    changed,
                )
            try:
                return self.update(changed, expected_version=current.version, actor=actor)
            except ConflictError:
                attempt += 1
                if attempt > retries:
                    raise

    def get(
        self,
        record_id: str | uuid.UUID,
        *,
        version: int | None = None,
        reader: Actor | None = None,
    ) -> StoredRecord[Record]:
        """The latest version of a record with its version number and when it was stored
        (:class:`~carekit.store.StoredRecord`).  Repositories' ``get`` returns the same,
        typed (``app.safety_plans.get(id) -> StoredRecord[SafetyPlan]``).  *version*: that
        version instead of the latest.  The read is logged under the application's
        :attr:`reader`.

        *reader* is deprecated: it reads as ``session(actor=reader, purpose="care")``."""
        if reader is not None:
            warnings.warn(
                "get(reader=…) is deprecated; read through app.session(actor=…, purpose=…)",
                DeprecationWarning,
                stacklevel=2,
            )
            with self.session(actor=reader, purpose=Purpose.CARE) as session:
                return session.get(record_id, version=version)
        who = self._require_reader("get")
        if version is not None:
            version = _require_version(version, "version")
        stored = self.store.get(_record_id(record_id), version=version)
        self._log_read(who, "get", [stored.record])
        return stored

    def citizen_records(
        self, citizen_id: str | uuid.UUID, *, operation: str = "citizen_records"
    ) -> list[Record]:
        """Latest versions of every record about one citizen.  A version that cannot be
        read is skipped (see :meth:`unreadable_versions`), never failing the others.
        Logged as one read of the citizen, named *operation* in the access log (the CLI's
        ``render`` and ``export`` say so)."""
        who = self._require_reader(operation)
        cid = _record_id(citizen_id)
        records = self._citizen_rows(cid)
        self._log_read(who, operation, records, citizens=[cid])
        return records

    def access_log(
        self,
        citizen_id: str | uuid.UUID | None = None,
        *,
        since: dt.date | None = None,
        actor_id: str | None = None,
    ) -> AccessReport:
        """ "Min log": who looked at and who changed the citizen's data, by day, with names
        and roles (:class:`~carekit.render.AccessReport`; render it with
        :func:`~carekit.render.access_report_text` or
        :func:`~carekit.render.render_access_log`).  With *actor_id* and no citizen: what
        that reader looked at (staff looking up their own reads).  *since*: from this day
        (Europe/Copenhagen).  Needs a reader, like every read."""
        who = self._require_reader("access_log")
        if citizen_id is None and actor_id is None:
            raise InvalidArgumentError(
                "citizen_id",
                Text("et borger-id eller actor_id", "a citizen id or actor_id"),
                citizen_id,
            )
        if since is not None and not isinstance(since, dt.date):
            raise InvalidArgumentError("since", Text("en dato", "a date"), since)
        start = since.date() if isinstance(since, dt.datetime) else since
        cid = _record_id(citizen_id) if citizen_id is not None else None
        from_time = (
            dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
            if start is not None
            else None
        )
        reads = self.store.access_log(citizen_id=cid, actor_id=actor_id, since=from_time)
        changes: list[AuditEntry] = []
        citizen: Citizen | None = None
        if cid is not None:
            changes = [
                a for a in self.store.audit_log(citizen_id=cid) if actor_id in (None, a.actor_id)
            ]
            try:
                found = self.store.get(cid).record
            except CarekitError:
                found = None
            citizen = found if isinstance(found, Citizen) else None
        from carekit.render import build_access_report  # noqa: PLC0415 - lazy: start-up

        report = build_access_report(
            reads,
            changes,
            who_changed=self._who_changed(),
            citizen_id=cid,
            actor_id=actor_id,
            since=start,
            citizen=citizen,
        )
        # looking at the log is a read about the citizen too (logged after the report is
        # made: this view shows the next time)
        if cid is not None:
            viewed = access_entries(who, "access_log", [], at=self.clock(), citizens=[cid])
            self.store.log_access([attrs.evolve(e, kinds=("access_log",)) for e in viewed])
        return report

    def export_citizen(
        self, citizen_id: str | uuid.UUID, *, include_cpr: bool = True
    ) -> dict[str, Any]:
        """Everything held about one citizen (GDPR articles 15 and 20) as one JSON-ready
        document: every version of every record, the audit, the access log and the outbox
        entries about them, with a format marker, when and by whom it was made (see
        :mod:`carekit.app._export_citizen` and ``docs/privacy.md``).  Needs a reader whose
        purpose is ``citizen_request`` or ``export``; logged as one read of the citizen, and
        the full CPR number (*include_cpr*) as a reveal.  An unknown id raises
        :class:`~carekit.errors.RecordNotFoundError`."""
        who = self._require_reader("export_citizen")
        return _export_citizen(self, who, _record_id(citizen_id), include_cpr=include_cpr)

    def erase_citizen(
        self,
        citizen_id: str | uuid.UUID,
        *,
        reason: str,
        retention: RetentionRules | None = None,
        override_retention: str | None = None,
    ) -> ErasureReport:
        """Erase one citizen's data (GDPR article 17) by destroying their data key, under
        the session's actor and *reason* (kept in the audit: no personal data in it).
        Records still under *retention* are refused (:class:`RetentionError`) unless
        *override_retention* says why.  See :mod:`carekit.app._erase` and
        ``docs/privacy.md``."""
        rules = retention if retention is not None else RetentionRules()
        return _erase_citizen(
            self,
            _record_id(citizen_id),
            reason=reason,
            retention=rules,
            override_retention=override_retention,
        )

    def _who_changed(self) -> Callable[[AuditEntry], ActorInfo]:
        """The name, role and kind of the actor of an audit entry: the actor stored with the
        version it wrote."""
        from carekit.render import ActorInfo  # noqa: PLC0415 - lazy: start-up

        cache: dict[tuple[str, int], ActorInfo] = {}

        def who(entry: AuditEntry) -> ActorInfo:
            if entry.record_id is None or entry.version is None:
                return ActorInfo()
            key = (entry.record_id, entry.version)
            if key not in cache:
                try:
                    actor = self.store.get(entry.record_id, version=entry.version).record.actor
                except CarekitError:
                    cache[key] = ActorInfo()
                else:
                    cache[key] = ActorInfo(actor.name, actor.role, actor.kind.value)
            return cache[key]

        return who

    def unreadable_versions(self) -> list[UnreadableVersion]:
        """Every stored version that no longer decodes (an older schema, a corrupt row), for
        ``carekit check``: reads skip them, this lists them with what to do.  Reads every
        version of every record."""
        self._check_open()
        heads = self.store.query()
        ids = [s.record_id for s in heads] + [u.record_id for u in _unreadable(heads)]
        found = {(u.record_id, u.version): u for u in _unreadable(heads)}
        for rid in dict.fromkeys(ids):
            found.update(
                ((u.record_id, u.version), u) for u in _unreadable(self.store.history(rid))
            )
        return sorted(found.values(), key=lambda u: (u.record_id, u.version))

    # -- workflows ---------------------------------------------------------------------------
    def allowed(self, record_id: str | uuid.UUID) -> list[ActionCheck]:
        """The actions allowed now on a record, each saying whether its guards hold."""
        self._check_open()
        record = self.store.get(_record_id(record_id)).record
        return allowed_actions(
            record, at=self.clock(), context=self._context(record.citizen_id), config=self.config
        )

    def act(
        self,
        record_id: str | uuid.UUID,
        action: str,
        *,
        actor: Actor,
        data: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> ActResult[Record]:
        """Apply a workflow action to the latest version of a record and store the result —
        the changed record, the records its effects create, and its events — in one
        transaction and one new version.

        *data* holds fields to change together with the action (an agreement, a written
        copy, participants …): they are applied first, validated, and the guards are read on
        the changed record.  With *expected_version*, a caller whose version is stale gets
        :class:`~carekit.errors.ConflictError` and nothing is stored.  Raises
        :class:`~carekit.errors.UnknownActionError` (no such action),
        ``TransitionNotAllowed``/``GuardFailed`` (nothing stored), ``InvariantViolated``
        when the result would not satisfy the target state.
        """
        self._check_open()
        who = _require_actor(actor)
        if not isinstance(action, str):
            raise InvalidArgumentError(
                "action", Text("navnet på en handling (str)", "an action name (str)"), action
            )
        current = self.store.get(_record_id(record_id))
        if expected_version is not None:
            version = _require_version(expected_version)
            if current.version != version:
                raise ConflictError(current.record_id, version, current.version)
        base = current.record
        if data:
            base = self._with_data(base, data)
        when = at or self.clock()
        context = self._context(base.citizen_id, [base])
        transition = apply(
            base, action, actor=who, at=when, reason=reason, config=self.config, context=context
        )
        written = [self._ensure_valid(transition.record)]
        created = [self._ensure_valid(r) for r in transition.created]
        self._check_state([*written, *created], when)
        items = [PutItem(written[0], current.version)] + [PutItem(r, None) for r in created]
        stored = self._write(items, transition.events)
        errors = self._announce(transition.events)
        return ActResult(transition, tuple(stored), tuple(errors))

    def _with_data(self, record: Record, data: Mapping[str, Any]) -> Record:
        if not isinstance(data, Mapping):
            raise InvalidArgumentError(
                "data",
                Text("en mapping fra feltnavne til værdier", "a mapping of field names to values"),
                data,
            )
        problems = [
            Problem(
                json_pointer([name]),
                "readOnly",
                Text(
                    f"Feltet '{name}' sættes af carekit og kan ikke ændres med data.",
                    f"The field '{name}' is set by carekit and cannot be changed through data.",
                ),
            )
            for name in data
            if name in _OWNED_FIELDS
        ]
        if problems:
            raise RecordValidationError(record.kind, problems, record_id=record.record_id)
        unknown = [n for n in data if n not in type(record).model_fields]
        if unknown:
            problems = [
                Problem(
                    json_pointer([name]),
                    "additionalProperties",
                    Text(
                        f"Feltet '{name}' findes ikke på en {record.kind}-post.",
                        f"A {record.kind} record has no field '{name}'.",
                    ),
                )
                for name in unknown
            ]
            raise RecordValidationError(record.kind, problems, record_id=record.record_id)
        return self._ensure_valid(record.model_copy(update=dict(data)))

    def withdraw_consent(
        self,
        consent_id: str | uuid.UUID,
        *,
        actor: Actor,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> list[StoredRecord[Record]]:
        """Withdraw a consent; media that depended on it are removed from sharing in the same
        transaction (see ``carekit.workflows.withdraw_consent``)."""
        self._check_open()
        who = _require_actor(actor)
        current = self.store.get(_record_id(consent_id))
        if not isinstance(current.record, Consent):
            raise InvalidArgumentError(
                "consent_id", Text("id'et på et samtykke", "the id of a consent"), current.record
            )
        when = at or self.clock()
        result = withdraw_consent(
            current.record,
            at=when,
            actor=who,
            reason=reason,
            context=self._context(current.record.citizen_id),
        )
        updates: list[PutItem] = [PutItem(self._ensure_valid(result.consent), current.version)]
        for story in result.updated:
            updates.append(
                PutItem(self._ensure_valid(story), self.store.get(story.record_id).version)
            )
        stored = self._write(updates, result.events)
        self._announce(result.events)
        return stored

    def change_visit(
        self,
        plan_id: str | uuid.UUID,
        *,
        actor: Actor,
        at: dt.datetime | None = None,
        **details: Any,
    ) -> StoredRecord[SafetyPlan]:
        """Change one planned visit on one date — ``visit_id``, ``on``, ``change``
        (``other_helper``, ``other_time``, ``cancelled``), ``reason`` and the new helper or
        time — and emit ``VisitChanged`` (see ``carekit.workflows.change_visit``, ST-12)."""
        from carekit.app._visits import change_visit  # noqa: PLC0415 - kept in its module

        self._check_open()
        return change_visit(self, plan_id, actor=_require_actor(actor), at=at, details=details)

    def visits_between(
        self, citizen_id: str | uuid.UUID, start: dt.date, end: dt.date
    ) -> list[ScheduledVisit]:
        """Who comes when, from *start* to *end* (both included): the citizen's current
        safety plan expanded, with its changes (``carekit.model.visits_between``)."""
        from carekit.app._visits import citizen_visits  # noqa: PLC0415 - kept in its module

        return citizen_visits(self, citizen_id, start, end)

    def due(self, as_of: dt.date | None = None) -> list[DueItem]:
        """Everything due or overdue on *as_of* (default: today in Europe/Copenhagen).
        Logged as one read of each citizen with something due."""
        reader = self._require_reader("due")
        day = as_of or local_date(self.clock())
        until = day + dt.timedelta(days=1) if day < dt.date.max else None  # 9999-12-31: all
        records = records_for_due(self.store, until)
        items = due(records, day, config=self.config)
        shown = {item.record_id for item in items}
        self._log_read(reader, "due", [r for r in records if r.record_id in shown])
        return items

    def shift_watch(
        self,
        *,
        day: dt.date | None = None,
        shift: Shift | str | None = None,
        unit: str | None = None,
        citizen_id: str | uuid.UUID | None = None,
    ) -> ShiftWatch:
        """What everyone on *shift* (``"day"``, ``"evening"``, ``"night"``, ``"now"``;
        default: the whole day) should watch on *day* (default: today), per citizen of
        *unit* (default: every citizen) or one citizen: routines and signs (DC-2, DC-6).
        Logged as a read of each citizen it is made for.  See :mod:`carekit.app._shift`."""
        return read_shift_watch(self, day=day, shift=shift, unit=unit, citizen_id=citizen_id)

    # -- events ------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call *listener* after every committed change, once per event.  A listener that
        raises never undoes the change: its error is kept in :attr:`listener_errors` and
        logged (type only), on every write path alike."""
        self._check_open()
        if not callable(listener):
            raise InvalidArgumentError(
                "listener",
                Text("en funktion, der får en hændelse", "a function that takes an event"),
                listener,
            )
        self._listeners.append(listener)

    def events(self, *, after: str | None = None, limit: int | None = None) -> EventPage:
        """The event feed: domain events after the cursor *after* (``None``: from the
        start), oldest first, at most *limit* — read from the store's feed index, so a page
        costs the same wherever it is.  The page is a list with ``.cursor``, the cursor to
        pass as *after* for the next page; ``.cloudevents(source=…)`` gives CloudEvents.
        A cursor carekit did not make raises :class:`~carekit.errors.InvalidCursorError`."""
        self._check_open()
        position = decode_cursor(after)
        return event_page(self.store.event_feed(after=position, limit=limit), position)

    def _announce(self, events: Sequence[DomainEvent]) -> list[PluginError]:
        errors: list[PluginError] = []
        for event in events:
            errors.extend(self.plugins.on_event(event))
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception as exc:  # noqa: BLE001 - collected, never undoes the change
                    name = getattr(listener, "__qualname__", repr(listener))
                    error = PluginError(
                        f"{type(exc).__name__}: {exc}", plugin=name, hook="subscribe"
                    )
                    error.__cause__ = exc
                    # logged like a failing carekit_on_event plugin: type only, never the
                    # message (it may hold personal data)
                    log.warning(
                        "listener failed: plugin=%s hook=subscribe error=%s",
                        name,
                        type(exc).__name__,
                    )
                    errors.append(error)
        self.listener_errors.extend(errors)
        return errors
