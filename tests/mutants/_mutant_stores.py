"""Deliberately broken stores ("mutants"), each with **one** bug an adapter author really
makes.  The storage kit must fail every one of them (``test_mutation.py``).

Memory mutants are :class:`MutantMemoryStore` with one ``bug`` switched on: its methods are
the reference :class:`~carekit.store.MemoryStore` written out once more with a switch at the
one place each bug lives.  SQLite mutants subclass :class:`~carekit.store.SQLiteStore` and
override the one method their bug is in.  Every mutant keeps the fault-injection seam (it
calls ``fault_hook`` at the documented points), as an honest adapter would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import unittest.mock
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs
import orjson

from carekit.errors import ConflictError, RecordNotFoundError, StoreClosedError
from carekit.events import DomainEvent
from carekit.model import Actor, Record
from carekit.store import (
    EVENT_TOPIC,
    AccessEntry,
    MemoryStore,
    OutboxItem,
    PutItem,
    SQLiteStore,
    StoredRecord,
)
from carekit.store._memory import _Row
from carekit.store.backend import (
    AUDIT_TABLE,
    RECORDS_TABLE,
    ChainWriter,
    check_integrity,
    decode_record,
    encode_record,
    event_payloads,
    index_columns,
    search_columns,
    utcnow,
)

SECRET = "hemmeligt-42"
RAW_URL = f"mutant://care:{SECRET}@db.example/care"
MASKED_URL = "mutant://care:***@db.example/care"


class _LeakyConflict(ConflictError):
    """A conflict error that quotes the rejected document (personal data)."""

    def __init__(self, rid: str, expected: int | None, actual: int | None, doc: str) -> None:
        super().__init__(rid, expected, actual)
        self.doc = doc

    def __str__(self) -> str:
        return f"{super().__str__()}: {self.doc}"


class _LeakyNotFound(RecordNotFoundError):
    """A not-found error that names the raw URL (with its password)."""

    def __str__(self) -> str:
        return f"{super().__str__()} in {RAW_URL}"


class MutantMemoryStore(MemoryStore):
    """The memory store with the bug named by ``bug`` ("" = none)."""

    bug: ClassVar[str] = ""

    def __init__(self, *, audit_reads: bool = False) -> None:
        url = {"password_in_url": RAW_URL}.get(self.bug, MASKED_URL)
        super().__init__(audit_reads=audit_reads and self.bug != "missing_read_audit", url=url)

    def __repr__(self) -> str:
        if self.bug == "password_in_repr":
            return f"MutantMemoryStore({RAW_URL!r})"
        return super().__repr__()

    # -- records ---------------------------------------------------------------------------
    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        if self.bug == "per_item_transactions":
            out = []
            for n, item in enumerate(items):
                last = n == len(items) - 1
                out.extend(self._transaction([item], events if last else ()))
            return out
        return self._transaction(items, events)

    def _check(self, items: Sequence[PutItem]) -> tuple[dict[str, list[_Row]], list[Any]]:
        if self.bug != "no_integrity":
            check_integrity(items, self._heads)
        at = utcnow()
        staged: dict[str, list[_Row]] = {}
        out: list[StoredRecord[Record]] = []
        for item in items:
            record = item.record
            rid, kind, citizen, status, due = index_columns(record)
            rows = staged.get(rid, self._rows.get(rid, []))
            actual = rows[-1].version if rows else None
            stale = actual != item.expected_version
            if self.bug == "lost_update" and item.expected_version is not None and rows:
                stale = False
            if self.bug == "duplicate_version" and item.expected_version is None:
                stale = False
            if stale:
                if self.bug == "content_in_conflict_error":
                    raise _LeakyConflict(
                        rid, item.expected_version, actual, record.model_dump_json()
                    )
                raise ConflictError(rid, item.expected_version, actual)
            version = (actual or 0) + 1
            if self.bug == "duplicate_version" and item.expected_version is None:
                version = 1
            if self.bug == "unvalidated_writes":
                data = record.model_dump_json().encode()
            else:
                data = encode_record(record)
            search = search_columns(record, self.search_key)
            staged[rid] = [*rows, _Row(rid, version, kind, citizen, status, due, at, data, *search)]
            if self.bug == "unvalidated_writes":
                out.append(StoredRecord(record, version, at))
            else:
                out.append(StoredRecord(decode_record(kind, data, rid, version), version, at))
        return staged, out

    def _transaction(
        self, items: Sequence[PutItem], events: Sequence[DomainEvent]
    ) -> list[StoredRecord[Record]]:
        if self.bug == "missing_row_lock":
            # the version check runs outside the lock; the lock is taken to write only
            self._check_open()
            staged, out = self._check(items)
            self._fault("put_many.checked")
            with self._lock:
                return self._apply(staged, out, events)
        with self._lock:
            self._check_open()
            staged, out = self._check(items)
            self._fault("put_many.checked")
            return self._apply(staged, out, events)

    def _apply(
        self,
        staged: dict[str, list[_Row]],
        out: list[StoredRecord[Record]],
        events: Sequence[DomainEvent],
    ) -> list[StoredRecord[Record]]:
        if self.bug == "commit_before_audit":
            self._rows.update(staged)  # "committed" before audit and outbox
        self._fault("put_many.records_written")
        self._rows.update(staged)
        at = out[0].stored_at if out else utcnow()
        audited = out[:1] if self.bug == "audit_first_item_only" else out
        if self.bug != "missing_audit":
            for stored in audited:
                action = "create" if stored.version == 1 else "update"
                self._append_audit(at, stored.record.actor.id, action, stored)
        versions = {s.record_id: s.version for s in out}
        for key, payload in event_payloads(events, versions):
            if key not in self._keys:
                self._add_outbox(EVENT_TOPIC, orjson.loads(payload), key, at, at)
        return out

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        if self.bug == "password_in_errors" and record_id not in self._rows:
            raise _LeakyNotFound(record_id, version)
        return super().get(record_id, version=version, reader=reader)

    def query(self, **filters: Any) -> list[StoredRecord[Record]]:
        if self.bug != "stale_version_returned":
            return super().query(**filters)
        # answers from the first version of each record, not the latest
        found = []
        for rows in self._rows.values():
            stored = self._to_stored(rows[0])
            if filters.get("kind") in (None, stored.record.kind):
                found.append(stored)
        return sorted(found, key=lambda s: (s.record.kind, s.record_id))

    # -- outbox ----------------------------------------------------------------------------
    def enqueue(
        self,
        topic: str,
        payload: Any,
        *,
        key: str | None = None,
        available_at: dt.datetime | None = None,
    ) -> OutboxItem | None:
        if self.bug != "enqueue_race":
            return super().enqueue(topic, payload, key=key, available_at=available_at)
        # SELECT-then-INSERT: the key is looked up, then inserted, with no unique key
        if key is not None and any(i.key == key for i in self._outbox.values()):
            return None
        self._fault("enqueue.checked")
        with self._lock:
            at = utcnow()
            return self._add_outbox(topic, payload, key, at, available_at or at)

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        if self.bug not in ("claim_without_lock", "no_lease"):
            return super().claim(limit=limit, lease_seconds=lease_seconds, now=now)
        at = now or utcnow()
        lease = at + dt.timedelta(seconds=lease_seconds)
        if self.bug == "no_lease":
            with self._lock:  # locked as it should be, but the items get no lease
                return self._claim_locked(at, at, limit)
        due = [
            i
            for i in list(self._outbox.values())
            if i.status in ("pending", "in_flight") and i.next_attempt_at <= at
        ][:limit]
        self._fault("claim.selected")
        claimed = []
        with self._lock:
            for item in due:
                new = attrs.evolve(
                    item, status="in_flight", attempts=item.attempts + 1, next_attempt_at=lease
                )
                self._outbox[item.id] = new
                claimed.append(new)
        return claimed

    def _claim_locked(self, at: dt.datetime, lease: dt.datetime, limit: int) -> list[OutboxItem]:
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

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        if self.bug == "sends_after_cancel" and retry_at is None:
            with self._lock:
                item = self._item(item_id, "fail", ("in_flight", "pending"))
                if item.status == "pending":  # "only a claimed item can fail": stays pending
                    self._outbox[item_id] = attrs.evolve(item, last_error=error)
                    return
        super().fail(item_id, error=error, retry_at=retry_at)

    def complete(self, item_id: str) -> None:
        if self.bug == "complete_not_persisted":
            with self._lock:
                self._item(item_id, "complete", ("in_flight", "pending", "delivered"))
            return  # checked, never written
        super().complete(item_id)

    # -- the read-access log ---------------------------------------------------------------
    def log_access(self, entries: Sequence[AccessEntry]) -> None:
        if self.bug == "access_log_first_entry_only":
            entries = list(entries)[:1]
        elif self.bug == "access_log_forgets_the_reader":
            entries = [attrs.evolve(e, actor_id="unknown") for e in entries]
        super().log_access(entries)


def memory_mutant(bug: str) -> type[MutantMemoryStore]:
    """A :class:`MutantMemoryStore` subclass with *bug* (picklable by name)."""
    return type(f"Memory_{bug}", (MutantMemoryStore,), {"bug": bug})


class SQLiteDeferredWrites(SQLiteStore):
    """Missing row lock: every write transaction is a plain (deferred) ``BEGIN``, so two
    writers both pass the version check before either takes the write lock."""

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class SQLitePerInstanceCache(SQLiteStore):
    """``get()`` answers from a cache of this store object; writes of another store object
    (another app server) never invalidate it."""

    def __init__(self, path: str | Path, **options: Any) -> None:
        self._cache: dict[str, StoredRecord[Record]] = {}
        super().__init__(path, **options)

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        out = super().put_many(items, events=events)
        for stored in out:
            self._cache[stored.record_id] = stored
        return out

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        if self._closed:
            raise StoreClosedError
        if version is None and not self.audit_reads and record_id in self._cache:
            return self._cache[record_id]
        stored = super().get(record_id, version=version, reader=reader)
        if version is None:
            self._cache[record_id] = stored
        return stored


class SQLiteClaimWithoutLock(SQLiteStore):
    """``claim()`` chooses the due items in one statement and marks them in another, with
    no write lock between them (two dispatchers claim one item)."""

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        at = now or utcnow()
        conn = self._conn()
        due = [
            item
            for item in self.outbox()
            if item.status in ("pending", "in_flight") and item.next_attempt_at <= at
        ][:limit]
        self._fault("claim.selected")
        lease = at + dt.timedelta(seconds=lease_seconds)
        out = []
        for item in due:
            conn.execute(
                "UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, "
                "next_attempt_at = ? WHERE id = ?",
                (lease.astimezone(dt.UTC).isoformat(timespec="microseconds"), item.id),
            )
            out.append(
                attrs.evolve(
                    item, status="in_flight", attempts=item.attempts + 1, next_attempt_at=lease
                )
            )
        return out


def _link_all_but(table: str) -> Any:
    """``ChainWriter.link`` that leaves the rows of *table* out of the chain."""
    real = ChainWriter.link

    def link(writer: ChainWriter, which: str, values: Sequence[Any]) -> tuple[Any, Any, Any]:
        if which == table:
            return (None, None, None)
        return real(writer, which, values)

    return link


class SQLiteUnchainedAudit(SQLiteStore):
    """The audit rows of a write are stored outside the hash chain (no ``chain_seq``,
    ``prev_hash`` or ``hash``): deleting or rewriting one would go unnoticed."""

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        with unittest.mock.patch.object(ChainWriter, "link", _link_all_but(AUDIT_TABLE)):
            return super().put_many(items, events=events)


class SQLiteUnchainedVersions(SQLiteStore):
    """The record versions of a write are stored outside the hash chain: a forged or
    rewritten version would go unnoticed."""

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        with unittest.mock.patch.object(ChainWriter, "link", _link_all_but(RECORDS_TABLE)):
            return super().put_many(items, events=events)
