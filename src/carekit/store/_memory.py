"""``MemoryStore``: the whole contract in process memory, for tests and demos.

One lock guards everything, so every operation is atomic and the store is thread-safe.
Records are kept as their JSON documents and re-validated on read, exactly as the SQLite
store does, so tests against it catch the same round-trip problems.  Nothing survives the
process; several processes cannot share it.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import orjson

from carekit.errors import ConflictError, RecordNotFoundError, StoreClosedError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Actor, Record
from carekit.store._base import StoreBase
from carekit.store._common import (
    check_integrity,
    decode_record,
    encode_record,
    event_payloads,
    format_time,
    index_columns,
    readable,
    utcnow,
)
from carekit.store._errors import (
    ErasureNotSupportedError,
    OutboxItemNotFoundError,
    OutboxStateError,
)
from carekit.store._protocol import (
    CAP_ACCESS_LOG,
    CAP_AUDIT,
    CAP_BULK,
    CAP_HISTORY,
    CAP_OPTIMISTIC_CONCURRENCY,
    CAP_OUTBOX,
    CAP_READ_AUDIT,
    EVENT_TOPIC,
    AccessEntry,
    AuditEntry,
    OutboxItem,
    OutboxStatus,
    PutItem,
    RecordQuery,
    StoredRecord,
    outbox_allowed,
)
from carekit.store._search import cpr_digest, cpr_of_document, key_fingerprint, search_columns

__all__ = ["MemoryStore"]


@attrs.frozen
class _Row:
    record_id: str
    version: int
    kind: str
    citizen_id: str
    status: str | None
    due_on: str | None
    stored_at: dt.datetime
    data: bytes
    search: str = ""
    cpr_digest: str | None = None
    cpr_key: str | None = None


class MemoryStore(StoreBase):
    """A thread-safe in-memory :class:`~carekit.store.Store` (``memory://``)."""

    capabilities = frozenset(
        {
            CAP_HISTORY,
            CAP_OPTIMISTIC_CONCURRENCY,
            CAP_AUDIT,
            CAP_OUTBOX,
            CAP_BULK,
            CAP_READ_AUDIT,
            CAP_ACCESS_LOG,
        }
    )

    def __init__(self, *, audit_reads: bool = False, url: str = "memory://") -> None:
        self.url = url
        self.audit_reads = audit_reads
        self._lock = threading.RLock()
        self._rows: dict[str, list[_Row]] = {}
        self._audit: list[AuditEntry] = []
        self._reads: list[AccessEntry] = []
        self._outbox: dict[str, OutboxItem] = {}
        #: The event items' ids in feed order; an item's position is its index + 1.
        self._feed: list[str] = []
        self._keys: set[str] = set()
        self._closed = False

    def __repr__(self) -> str:
        return f"MemoryStore({self.url!r})"

    # -- records ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreClosedError

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        """Store a new version of every item and queue *events* in the outbox, all or nothing (see
        :meth:`StoreBase.put_many`); every write is audited."""
        with self._lock:
            self._check_open()
            check_integrity(items, self._heads)
            at = utcnow()
            staged: dict[str, list[_Row]] = {}
            out: list[StoredRecord[Record]] = []
            for item in items:
                record = item.record
                rid, kind, citizen, status, due = index_columns(record)
                rows = staged.get(rid, self._rows.get(rid, []))
                actual = rows[-1].version if rows else None
                if actual != item.expected_version:
                    raise ConflictError(rid, item.expected_version, actual)
                version = (actual or 0) + 1
                data = encode_record(record)
                text, digest, key = search_columns(record, self.search_key)
                row = _Row(rid, version, kind, citizen, status, due, at, data, text, digest, key)
                staged[rid] = [*rows, row]
                out.append(StoredRecord(decode_record(kind, data, rid, version), version, at))
            self._fault("put_many.checked")
            self._fault("put_many.records_written")  # staged; applied below, all at once
            versions = {s.record_id: s.version for s in out}
            payloads = [
                (key, payload)
                for key, payload in event_payloads(events, versions)
                if key not in self._keys
            ]
            # validation done: apply (nothing above changed state)
            self._rows.update(staged)
            for stored in out:
                self._append_audit(
                    at,
                    stored.record.actor.id,
                    "create" if stored.version == 1 else "update",
                    stored,
                )
            for key, payload in payloads:
                self._add_outbox(EVENT_TOPIC, orjson.loads(payload), key, at, at)
            return out

    def _heads(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """``{id: (kind, citizen_id)}`` of the stored records among *ids* (lock held)."""
        found: dict[str, tuple[str, str]] = {}
        for rid in ids:
            rows = self._rows.get(rid)
            if rows:
                found[rid] = (rows[-1].kind, rows[-1].citizen_id)
        return found

    def _append_audit(
        self, at: dt.datetime, actor_id: str, action: str, stored: StoredRecord[Record]
    ) -> None:
        record = stored.record
        self._audit.append(
            AuditEntry(
                seq=len(self._audit) + 1,
                at=at,
                actor_id=actor_id,
                action=action,
                record_id=record.record_id,
                kind=record.kind,
                citizen_id=str(record.citizen_id),
                version=stored.version,
            )
        )

    def _to_stored(self, row: _Row) -> StoredRecord[Record]:
        record = decode_record(row.kind, row.data, row.record_id, row.version)
        return StoredRecord(record, row.version, row.stored_at)

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        """The latest version of the record, or *version*;
        :class:`~carekit.errors.RecordNotFoundError` if there is none.

        With ``audit_reads`` on, the read is audited under *reader* (``"unknown"`` without one).
        """
        with self._lock:
            self._check_open()
            rows = self._rows.get(record_id)
            if not rows:
                raise RecordNotFoundError(record_id, version)
            if version is None:
                row = rows[-1]
            elif 1 <= version <= len(rows):
                row = rows[version - 1]
            else:
                raise RecordNotFoundError(record_id, version)
            stored = self._to_stored(row)
            if self.audit_reads:
                actor = reader.id if reader is not None else "unknown"
                self._append_audit(utcnow(), actor, "read", stored)
            return stored

    def history(self, record_id: str) -> list[StoredRecord[Record]]:
        """Every readable version of the record, oldest first (unreadable ones in ``unreadable``);
        :class:`~carekit.errors.RecordNotFoundError` if it does not exist."""
        with self._lock:
            self._check_open()
            rows = self._rows.get(record_id)
            if not rows:
                raise RecordNotFoundError(record_id)
            return readable(rows, self._to_stored)

    def query(
        self,
        *,
        kind: str | None = None,
        citizen_id: str | None = None,
        status: str | None = None,
        due_before: dt.date | None = None,
        limit: int | None = None,
    ) -> list[StoredRecord[Record]]:
        """The latest version of every record matching all the filters, ordered by kind and id.

        *due_before* keeps records whose due date is before it; versions that cannot be read are
        skipped and listed in the result's ``unreadable``.
        """
        due_text = due_before.isoformat() if due_before is not None else None
        citizen = str(citizen_id) if citizen_id is not None else None
        with self._lock:
            self._check_open()
            heads = sorted(
                (rows[-1] for rows in self._rows.values()), key=lambda r: (r.kind, r.record_id)
            )
        found = [
            r
            for r in heads
            if (kind is None or r.kind == kind)
            and (citizen is None or r.citizen_id == citizen)
            and (status is None or r.status == status)
            and (due_text is None or (r.due_on is not None and r.due_on < due_text))
        ]
        if limit is not None:
            found = found[:limit]
        return readable(found, self._to_stored)

    def query_page(self, query: RecordQuery) -> list[StoredRecord[Record]]:
        """One page of the latest versions of ``query.kind`` matching every filter, in
        ``query.order``, strictly after ``query.after``, at most ``query.limit`` (see
        :class:`~carekit.store.RecordQuery`)."""
        with self._lock:
            self._check_open()
            heads = [rows[-1] for rows in self._rows.values() if rows[-1].kind == query.kind]
        by_id = query.order == "id"
        after = query.after
        due_text = query.due_before.isoformat() if query.due_before is not None else None
        words = query.words

        def key(r: _Row) -> tuple[str, str]:
            return ("", r.record_id) if by_id else (format_time(r.stored_at), r.record_id)

        start: tuple[str, str] | None = None
        if after is not None:
            start = (
                ("", after.record_id) if by_id else (format_time(after.stored_at), after.record_id)
            )
        found = sorted(
            (
                r
                for r in heads
                if (query.citizen_id is None or r.citizen_id == query.citizen_id)
                and (query.status is None or r.status == query.status)
                and (query.changed_since is None or r.stored_at >= query.changed_since)
                and (due_text is None or (r.due_on is not None and r.due_on < due_text))
                and (query.cpr_digest is None or r.cpr_digest == query.cpr_digest)
                and all(w in r.search for w in words)
                and (start is None or key(r) > start)
            ),
            key=key,
        )
        return readable(found[: query.limit], self._to_stored)

    def use_data_key(self, key: bytes) -> None:
        """Refused: the memory store keeps nothing at rest, so it neither encrypts per
        citizen nor erases by crypto-shredding
        (:class:`~carekit.store.ErasureNotSupportedError`)."""
        del key
        raise ErasureNotSupportedError(
            "memory://", Text("kryptering med en datanøgle", "encryption with a data key")
        )

    def use_search_key(self, key: bytes) -> None:
        """Hash CPR numbers under *key* from now on; citizens indexed under another key (or
        none) are re-indexed now."""
        name = key_fingerprint(key)
        with self._lock:
            self._check_open()
            self.search_key = key
            for rid, rows in self._rows.items():
                if rows[0].kind != "citizen":
                    continue
                fixed = []
                for row in rows:
                    if row.cpr_key == name:
                        fixed.append(row)
                        continue
                    cpr = cpr_of_document(row.data)
                    digest = cpr_digest(key, cpr) if cpr is not None else None
                    fixed.append(attrs.evolve(row, cpr_digest=digest, cpr_key=name))
                self._rows[rid] = fixed

    def citizens(self) -> list[str]:
        """The ids of every citizen (borger) record, sorted."""
        return [s.record_id for s in self.query(kind="citizen")]

    def audit_log(
        self,
        *,
        record_id: str | None = None,
        citizen_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Audit entries in write order, filtered by *record_id* and/or *citizen_id*, at most
        *limit*."""
        citizen = str(citizen_id) if citizen_id is not None else None
        with self._lock:
            self._check_open()
            found = [
                e
                for e in self._audit
                if (record_id is None or e.record_id == record_id)
                and (citizen is None or e.citizen_id == citizen)
            ]
        return found[:limit] if limit is not None else found

    # -- the read-access log ---------------------------------------------------------------
    def log_access(self, entries: Sequence[AccessEntry]) -> None:
        """Keep *entries* in the access log (in memory: no buffer needed)."""
        with self._lock:
            self._check_open()
            start = len(self._reads)
            self._reads.extend(attrs.evolve(e, seq=start + i + 1) for i, e in enumerate(entries))

    def flush_access_log(self) -> None:
        """Nothing to write: the memory store keeps every entry at once."""

    def access_log(
        self,
        *,
        citizen_id: str | None = None,
        actor_id: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AccessEntry]:
        """Access-log entries in write order, filtered by citizen, reader and time."""
        citizen = str(citizen_id) if citizen_id is not None else None
        with self._lock:
            self._check_open()
            found = [
                e
                for e in self._reads
                if (citizen is None or e.citizen_id == citizen)
                and (actor_id is None or e.actor_id == actor_id)
                and (since is None or e.at >= since)
            ]
        return found[:limit] if limit is not None else found

    # -- outbox ----------------------------------------------------------------------------
    def _add_outbox(
        self,
        topic: str,
        payload: Mapping[str, Any],
        key: str | None,
        created: dt.datetime,
        due: dt.datetime,
    ) -> OutboxItem:
        item = OutboxItem(
            id=str(uuid.uuid4()),
            topic=topic,
            key=key,
            payload=orjson.loads(orjson.dumps(payload)),
            status="pending",
            attempts=0,
            created_at=created,
            next_attempt_at=due,
        )
        self._outbox[item.id] = item
        if topic == EVENT_TOPIC:
            self._feed.append(item.id)
        if key is not None:
            self._keys.add(key)
        return item

    def enqueue(
        self,
        topic: str,
        payload: Mapping[str, Any],
        *,
        key: str | None = None,
        available_at: dt.datetime | None = None,
    ) -> OutboxItem | None:
        """Queue a message on *topic*; ``None`` (nothing queued) when an item with *key* already
        exists.

        The item is due at *available_at*, or now.
        """
        with self._lock:
            self._check_open()
            if key is not None and key in self._keys:
                return None
            self._fault("enqueue.checked")
            at = utcnow()
            return self._add_outbox(topic, payload, key, at, available_at or at)

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        """Lease up to *limit* due outbox items (pending, or in flight with an expired lease) for
        *lease_seconds*.

        Each claimed item is marked ``in_flight``, its ``attempts`` counted up and its next attempt
        set to the lease's end, so another worker may take it if this one dies.
        """
        at = now or utcnow()
        lease = at + dt.timedelta(seconds=lease_seconds)
        with self._lock:
            self._check_open()
            due = [
                i
                for i in self._outbox.values()
                if i.status in ("pending", "in_flight") and i.next_attempt_at <= at
            ][:limit]
            self._fault("claim.selected")
            claimed = []
            for item in due:
                new = attrs.evolve(
                    item, status="in_flight", attempts=item.attempts + 1, next_attempt_at=lease
                )
                self._outbox[item.id] = new
                claimed.append(new)
            return claimed

    def _item(self, item_id: str, operation: str, allowed: tuple[OutboxStatus, ...]) -> OutboxItem:
        item = self._outbox.get(item_id)
        if item is None:
            raise OutboxItemNotFoundError(item_id)
        if item.status not in allowed:
            raise OutboxStateError(item_id, item.status, operation, allowed)
        return item

    def complete(self, item_id: str) -> None:
        """Mark the outbox item delivered; :class:`OutboxItemNotFoundError` or
        :class:`OutboxStateError` if it does not exist or is dead."""
        with self._lock:
            self._check_open()
            item = self._item(item_id, "complete", outbox_allowed("complete"))
            self._outbox[item_id] = attrs.evolve(item, status="delivered")

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        """Record a failed delivery of the outbox item: pending again at *retry_at*, or dead when it
        is ``None``."""
        with self._lock:
            self._check_open()
            item = self._item(item_id, "fail", outbox_allowed("fail"))
            if retry_at is None:
                new = attrs.evolve(item, status="dead", last_error=error)
            else:
                new = attrs.evolve(
                    item, status="pending", last_error=error, next_attempt_at=retry_at
                )
            self._outbox[item_id] = new

    def retry(self, item_id: str) -> None:
        """Make a dead outbox item pending again, due now; :class:`OutboxStateError` if it is not
        dead."""
        with self._lock:
            self._check_open()
            item = self._item(item_id, "retry", outbox_allowed("retry"))
            self._outbox[item_id] = attrs.evolve(item, status="pending", next_attempt_at=utcnow())

    def outbox(
        self, *, status: OutboxStatus | None = None, limit: int | None = None
    ) -> list[OutboxItem]:
        """Outbox items in queue order, optionally only those with *status*, at most *limit*."""
        with self._lock:
            self._check_open()
            found = [i for i in self._outbox.values() if status is None or i.status == status]
        return found[:limit] if limit is not None else found

    def event_feed(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, OutboxItem]]:
        """The event items after feed position *after* (their index + 1), at most *limit*."""
        start = max(int(after), 0)
        with self._lock:
            self._check_open()
            end = len(self._feed) if limit is None else min(len(self._feed), start + int(limit))
            return [(n + 1, self._outbox[self._feed[n]]) for n in range(start, end)]

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the store; later calls raise :class:`~carekit.errors.StoreClosedError`."""
        self._closed = True
