"""The storage contract every backend implements (memory, SQLite, PostgreSQL, vendors' own).

A store keeps **every version** of every record (nothing is overwritten), an append-only
**audit log**, and a transactional **outbox** of messages that are delivered after the change
that produced them has committed.  Writes use **optimistic concurrency**: the caller names
the version its change is based on and the store refuses the write with
:class:`~carekit.errors.ConflictError` when another writer got there first.

Backends are described to the plugin system by a :class:`StorageBackend` descriptor.
The conformance suite in :mod:`carekit.testing.storage` checks this contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Final, Generic, Literal, Protocol, Self, TypeVar, runtime_checkable

import attrs

from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Actor, Record

__all__ = [
    "ALL_CAPABILITIES",
    "CAP_ACCESS_LOG",
    "CAP_AUDIT",
    "CAP_BULK",
    "CAP_CONCURRENT_PROCESSES",
    "CAP_HISTORY",
    "CAP_OPTIMISTIC_CONCURRENCY",
    "CAP_OUTBOX",
    "CAP_READ_AUDIT",
    "EVENT_TOPIC",
    "FAULT_CLAIM_SELECTED",
    "FAULT_ENQUEUE_CHECKED",
    "FAULT_POINTS",
    "FAULT_PUT_CHECKED",
    "FAULT_PUT_RECORDS_WRITTEN",
    "OUTBOX_RULES",
    "OUTBOX_STATUSES",
    "QUERY_ORDERS",
    "AccessEntry",
    "AuditAction",
    "AuditEntry",
    "OutboxItem",
    "OutboxRule",
    "OutboxStatus",
    "PageKey",
    "PutItem",
    "QueryOrder",
    "ReadResult",
    "RecordQuery",
    "StorageBackend",
    "Store",
    "StoredRecord",
    "UnreadableVersion",
    "outbox_allowed",
]

#: Every version of every record is kept; ``history()`` and ``get(version=…)`` work.
CAP_HISTORY: Final = "history"
#: ``expected_version`` is enforced atomically inside the write transaction.
CAP_OPTIMISTIC_CONCURRENCY: Final = "optimistic_concurrency"
#: Every write appends an :class:`AuditEntry`.
CAP_AUDIT: Final = "audit"
#: ``enqueue``/``claim``/``complete``/``fail``/``retry`` and events written with records.
CAP_OUTBOX: Final = "outbox"
#: ``put_many`` is all-or-nothing in one transaction.
CAP_BULK: Final = "bulk"
#: Reads are audited (``get(reader=…)``) when the store was opened with read auditing on.
CAP_READ_AUDIT: Final = "read_audit"
#: Several OS processes may use the same store at once (memory stores cannot).
CAP_CONCURRENT_PROCESSES: Final = "concurrent_processes"
#: Every read of a citizen's data is kept in the read-access log (:class:`AccessEntry`).
CAP_ACCESS_LOG: Final = "access_log"

ALL_CAPABILITIES: Final = frozenset(
    {
        CAP_HISTORY,
        CAP_OPTIMISTIC_CONCURRENCY,
        CAP_AUDIT,
        CAP_OUTBOX,
        CAP_BULK,
        CAP_READ_AUDIT,
        CAP_CONCURRENT_PROCESSES,
        CAP_ACCESS_LOG,
    }
)

#: The outbox topic under which domain events passed to ``put``/``put_many`` are written;
#: the payload is ``DomainEvent.to_dict()``.
EVENT_TOPIC: Final = "event"

# -- the fault-injection seam -------------------------------------------------------------
# A store may expose a settable attribute ``fault_hook`` (``None`` by default; carekit's
# ``StoreBase`` has it).  When set, the store calls ``fault_hook(point)`` at each of these
# points, inside the transaction, once per transaction.  The conformance kit uses it to
# pause one writer there (a deterministic interleaving: a missing lock fails every run) or to
# raise there (atomicity: nothing of the write may remain).  A hook that raises must make
# the whole operation fail and roll back.

#: ``put``/``put_many``: integrity and every expected version checked (locks held), nothing
#: written yet.
FAULT_PUT_CHECKED: Final = "put_many.checked"
#: ``put``/``put_many``: the record rows are written, the audit and outbox rows not yet.
FAULT_PUT_RECORDS_WRITTEN: Final = "put_many.records_written"
#: ``claim``: the due items are chosen, not yet handed out (for one-statement claims: after
#: the statement, before commit).
FAULT_CLAIM_SELECTED: Final = "claim.selected"
#: ``enqueue``: just before the item is inserted (after any idempotency check).
FAULT_ENQUEUE_CHECKED: Final = "enqueue.checked"
#: Every point of the seam, in the order a write reaches them.
FAULT_POINTS: Final = (
    FAULT_PUT_CHECKED,
    FAULT_PUT_RECORDS_WRITTEN,
    FAULT_CLAIM_SELECTED,
    FAULT_ENQUEUE_CHECKED,
)

OutboxStatus = Literal["pending", "in_flight", "delivered", "dead"]
OUTBOX_STATUSES: Final[tuple[OutboxStatus, ...]] = ("pending", "in_flight", "delivered", "dead")


@attrs.frozen
class OutboxRule:
    """One rule of the outbox's state machine: *operation* is allowed on an item in one of
    *allowed* (any other status raises :class:`~carekit.errors.OutboxStateError`) and leaves
    it *result*; *note* says what else changes."""

    operation: str
    allowed: tuple[OutboxStatus, ...]
    result: str
    note: str


#: The outbox's state rules, which every backend follows (the reference stores check the
#: allowed statuses from this table; ``docs/reference/protocols.md`` is generated from it).
OUTBOX_RULES: Final[tuple[OutboxRule, ...]] = (
    OutboxRule(
        "enqueue",
        (),
        "pending",
        "a new item, due now (or at ``available_at``); with a ``key`` that exists, nothing is "
        "added and ``None`` is returned (idempotent: a unique key, never a read-then-insert)",
    ),
    OutboxRule(
        "claim",
        ("pending", "in_flight"),
        "in_flight",
        "due pending items, and in-flight items whose lease expired, oldest first; "
        "``attempts`` + 1, ``next_attempt_at`` = now + the lease; two concurrent claims never "
        "hand out one item (``FOR UPDATE SKIP LOCKED`` or a store-wide write lock)",
    ),
    OutboxRule(
        "complete",
        ("in_flight", "pending", "delivered"),
        "delivered",
        "idempotent: completing a delivered item again changes nothing; a dead item cannot be "
        "completed",
    ),
    OutboxRule(
        "fail",
        ("in_flight", "pending"),
        "pending or dead",
        "``last_error`` set; pending again at ``retry_at``, or dead when ``retry_at`` is None",
    ),
    OutboxRule(
        "retry",
        ("dead",),
        "pending",
        "a dead item due again now (an operator's decision, ``carekit outbox retry``)",
    ),
)


def outbox_allowed(operation: str) -> tuple[OutboxStatus, ...]:
    """The statuses *operation* (``complete``, ``fail``, ``retry`` …) is allowed on."""
    for rule in OUTBOX_RULES:
        if rule.operation == operation:
            return rule.allowed
    raise KeyError(operation)


#: Actions recorded in the audit log.  Backends may add their own (strings), never remove.
AuditAction = Literal["create", "update", "read", "erase"]


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("store timestamps must be timezone-aware")
    return value.astimezone(dt.UTC)


R_co = TypeVar("R_co", bound=Record, covariant=True)


@attrs.frozen
class StoredRecord(Generic[R_co]):
    """One version of one record, as the store keeps it; ``StoredRecord[SafetyPlan]`` when
    the kind is known (``app.safety_plans.add()`` returns one).

    ``version`` counts 1, 2, 3 … per record id without gaps; ``stored_at`` is when the store
    committed it (aware, UTC).
    """

    record: R_co
    version: int
    stored_at: dt.datetime = attrs.field(converter=_utc)

    @property
    def record_id(self) -> str:
        """The stored record's id as a string."""
        return self.record.record_id


@attrs.frozen
class UnreadableVersion:
    """A stored version that no longer decodes (an older schema, a corrupt row): reads skip
    it and report it here instead of failing for every record.  ``text`` says what to do, in
    Danish and English; the content is never shown."""

    record_id: str
    version: int
    reason: str
    text: Text


class ReadResult(list[StoredRecord[Record]]):
    """The versions a read could decode (a plain ``list``), plus ``unreadable``: the
    versions it had to skip.  One bad row never breaks a read of the others."""

    unreadable: tuple[UnreadableVersion, ...] = ()


#: How a page query sorts: ``"changed"`` — oldest change first, by ``(stored_at,
#: record_id)``, so a sync that keeps the last cursor sees every later change; ``"id"`` — by
#: record id, a fixed order that writes never reshuffle.
QueryOrder = Literal["changed", "id"]
QUERY_ORDERS: Final[tuple[QueryOrder, ...]] = ("changed", "id")


@attrs.frozen
class PageKey:
    """Where a page ended: the sort key of its last record.  ``stored_at`` is ignored when
    the order is ``"id"``."""

    stored_at: dt.datetime = attrs.field(converter=_utc)
    record_id: str


@attrs.frozen(kw_only=True)
class RecordQuery:
    """One page of a :meth:`Store.query_page`: the latest versions of one kind matching
    every given filter, in *order*, strictly after *after*, at most *limit*.

    ``text`` is already folded (:func:`carekit.store.backend.fold`); a record matches when
    every space-separated word of it occurs in the record's folded search column.
    ``cpr_digest`` matches the blind index of a citizen's CPR number.  ``changed_since``
    keeps versions stored at or after it; ``due_before`` those whose ``due_on()`` is set and
    strictly before it.
    """

    kind: str
    citizen_id: str | None = None
    status: str | None = None
    changed_since: dt.datetime | None = None
    text: str | None = None
    cpr_digest: str | None = None
    due_before: dt.date | None = None
    order: QueryOrder = "changed"
    limit: int = 50
    after: PageKey | None = None

    @property
    def words(self) -> tuple[str, ...]:
        """The words of ``text`` (each must match), empty without a text filter."""
        return tuple(self.text.split()) if self.text else ()


@attrs.frozen
class PutItem:
    """One write of a :meth:`Store.put_many` batch.

    ``expected_version`` is the version the change is based on; ``None`` means the record
    must not exist yet (a create).
    """

    record: Record
    expected_version: int | None = None


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One line of the append-only audit log.

    ``seq`` increases strictly in commit order within one store.  ``detail`` never holds
    record content or CPR numbers (backends write ids and versions only).
    """

    seq: int
    at: dt.datetime = attrs.field(converter=_utc)
    actor_id: str
    action: str
    record_id: str | None = None
    kind: str | None = None
    citizen_id: str | None = None
    version: int | None = None
    detail: str | None = None


def _strings(value: Sequence[str]) -> tuple[str, ...]:
    if value.__class__ is tuple and all(v.__class__ is str for v in value):
        return value
    return tuple(str(v) for v in value)


def _utc_fast(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is dt.UTC else _utc(value)


@attrs.frozen(kw_only=True)
class AccessEntry:
    """One row of the read-access log: who read which of one citizen's records, when, why
    and through which channel.

    ``actor_name`` and ``actor_role`` are the reader's display name and role as the
    application knew them (the citizen's "Min log" shows names, not ids); ``purpose`` and
    ``channel`` are :class:`~carekit.model.Purpose` and :class:`~carekit.model.Channel`
    values; ``operation`` names the read (``get``, ``query``, ``history``, ``render`` …).
    ``kinds`` and ``record_ids`` say what was read, never its content.  ``seq`` is the
    store's numbering (0 while the entry waits in the store's buffer).
    """

    seq: int = 0
    at: dt.datetime = attrs.field(converter=_utc_fast)
    actor_id: str
    actor_name: str | None = None
    actor_role: str | None = None
    actor_kind: str | None = None
    purpose: str
    channel: str
    operation: str
    citizen_id: str
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    record_ids: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class OutboxItem:
    """A message waiting in (or done with) the transactional outbox.

    ``key`` is an idempotency key, unique per store when set.  ``next_attempt_at`` is when a
    pending item becomes due, or, for an ``in_flight`` item, when its lease expires.
    """

    id: str
    topic: str
    key: str | None
    payload: Mapping[str, Any]
    status: OutboxStatus
    attempts: int
    created_at: dt.datetime = attrs.field(converter=_utc)
    next_attempt_at: dt.datetime = attrs.field(converter=_utc)
    last_error: str | None = None


@runtime_checkable
class Store(Protocol):
    """What carekit needs from a storage backend.

    Every method is safe to call from several threads.  Errors are subclasses of
    :class:`~carekit.errors.StoreError`; their messages carry ids and versions, never record
    content.
    """

    #: The features this backend provides (see the ``CAP_*`` constants).
    capabilities: frozenset[str]
    #: Where the store lives, with any password masked.
    url: str

    # -- records ---------------------------------------------------------------------------
    def put(
        self,
        record: Record,
        *,
        expected_version: int | None,
        events: Sequence[DomainEvent] = (),
    ) -> StoredRecord[Record]:
        """Write a new version of *record*, its audit entry and one outbox row per event
        (topic :data:`EVENT_TOPIC`, payload ``event.to_dict()``) in one transaction.

        ``expected_version`` is the latest version the change is based on (``None``: the
        record must not exist yet); otherwise :class:`~carekit.errors.ConflictError`.
        """
        ...

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        """Write all *items* (and *events*) in one transaction: all or nothing."""
        ...

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        """The latest (or the given) version of a record, or
        :class:`~carekit.errors.RecordNotFoundError`.  With read auditing on, appends a
        ``read`` audit entry naming *reader* (or ``"unknown"``)."""
        ...

    def history(self, record_id: str) -> list[StoredRecord[Record]]:
        """Every version of a record, oldest first (``RecordNotFoundError`` when none)."""
        ...

    def query(
        self,
        *,
        kind: str | None = None,
        citizen_id: str | None = None,
        status: str | None = None,
        due_before: dt.date | None = None,
        limit: int | None = None,
    ) -> list[StoredRecord[Record]]:
        """Latest versions matching every given filter, ordered by ``(kind, record id)``.

        ``due_before`` keeps records whose ``due_on()`` is set and strictly before it."""
        ...

    def query_page(self, query: RecordQuery) -> list[StoredRecord[Record]]:
        """One page of latest versions (see :class:`RecordQuery`), in SQL on SQL backends:
        at most ``query.limit`` rows, each strictly after ``query.after`` in
        ``query.order``, never one twice.  Versions that do not decode are skipped (listed
        in a :class:`ReadResult`'s ``unreadable``)."""
        ...

    def use_search_key(self, key: bytes) -> None:
        """Hash CPR numbers under *key* from now on (the blind index of
        :attr:`RecordQuery.cpr_digest`), re-indexing the citizens indexed under another key
        or none.  The key is kept in memory only."""
        ...

    def citizens(self) -> list[str]:
        """The ids of the stored records of kind ``citizen``, sorted."""
        ...

    def audit_log(
        self,
        *,
        record_id: str | None = None,
        citizen_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, oldest first (``seq`` order)."""
        ...

    # -- the read-access log ---------------------------------------------------------------
    def log_access(self, entries: Sequence[AccessEntry]) -> None:
        """Keep *entries* in the read-access log.  Stores buffer them in memory and write
        them in batches — with their next record write, when the buffer is full, on a timer,
        at :meth:`flush_access_log` and at :meth:`close` — never one transaction per read.
        No entry is lost at ``close()``."""
        ...

    def flush_access_log(self) -> None:
        """Write every buffered access-log entry now (one transaction)."""
        ...

    def access_log(
        self,
        *,
        citizen_id: str | None = None,
        actor_id: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AccessEntry]:
        """Access-log entries (buffered ones flushed first), oldest first, filtered by
        citizen, reader and time (``at >= since``)."""
        ...

    # -- outbox ----------------------------------------------------------------------------
    def enqueue(
        self,
        topic: str,
        payload: Mapping[str, Any],
        *,
        key: str | None = None,
        available_at: dt.datetime | None = None,
    ) -> OutboxItem | None:
        """Add a message; ``None`` when an item with *key* already exists (idempotent)."""
        ...

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        """Move up to *limit* due items (pending and due, or in flight with an expired lease)
        to ``in_flight`` with ``attempts + 1`` and a lease until ``now + lease_seconds``.
        Oldest first.  No item is handed to two claimers while its lease runs."""
        ...

    def complete(self, item_id: str) -> None:
        """Mark a claimed item delivered."""
        ...

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        """Record a failed delivery: back to ``pending`` due at *retry_at*, or ``dead``
        when *retry_at* is ``None``."""
        ...

    def outbox(
        self, *, status: OutboxStatus | None = None, limit: int | None = None
    ) -> list[OutboxItem]:
        """Outbox items, oldest first, optionally of one status."""
        ...

    def retry(self, item_id: str) -> None:
        """Move a ``dead`` item back to ``pending``, due now."""
        ...

    def event_feed(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, OutboxItem]]:
        """The outbox items of topic :data:`EVENT_TOPIC` after feed position *after*, as
        ``(position, item)`` in position order, at most *limit* — read from an index, so a
        page costs the same at the start and at the end of a long outbox.

        Positions are positive integers that grow in commit order and are never reused (not
        even after an erasure removed items), so a reader that has seen position *n* never
        later finds an event at or before it.  Items of every status are in the feed."""
        ...

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Release connections.  Closing twice is allowed."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@attrs.frozen(kw_only=True)
class StorageBackend:
    """Describes an installed storage backend to the plugin system.

    ``factory`` opens a store for a URL whose scheme is one of ``schemes``.
    """

    name: str
    schemes: tuple[str, ...]
    description: str
    factory: Callable[[str], Store]
    capabilities: frozenset[str] = frozenset()
