"""``SQLiteStore``: the embedded default, safe for real care data on one machine.

* **WAL** journal, so readers never block the writer and a crash never corrupts the file.
* ``synchronous=FULL`` by default: every commit is fsynced, so a record the caller saw
  stored survives a power cut too (``NORMAL`` keeps the database consistent but may lose the
  last commits on power loss; choose it with ``?synchronous=normal`` when that is acceptable).
* Every write is one ``BEGIN IMMEDIATE`` transaction: the write lock is taken first, then the
  latest version is compared with ``expected_version``, so two writers can never both win;
  ``PRIMARY KEY (record_id, version)`` is the last line of defence.
* One connection per thread; several processes may open the same file (``busy_timeout``
  makes them queue for the write lock instead of failing).
* Large page cache and a rare ``wal_autocheckpoint`` keep batch writes fast (a checkpoint
  nearly every batch halves throughput, see ``docs/storage.md``).
* ``records`` and ``audit`` are append-only: triggers refuse UPDATE and DELETE.
* Every version and audit row is linked into the store's hash chain in its write
  transaction (:mod:`carekit.store._chain`); ``check()`` and ``carekit audit verify``
  recompute it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs
import orjson

from carekit.errors import (
    ConflictError,
    RecordNotFoundError,
    StoreClosedError,
    StoreUnavailableError,
)
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Actor, Record
from carekit.store._access import ACCESS_COLUMNS, access_values, entry_from_values
from carekit.store._base import StoreBase
from carekit.store._chain import (
    ACCESS_TABLE,
    AUDIT_TABLE,
    RECORDS_TABLE,
    ChainHead,
    ChainReport,
    ChainRow,
    ChainWriter,
    Checkpoint,
    verify,
)
from carekit.store._common import (
    check_integrity,
    decode_record,
    encode_record,
    event_payloads,
    format_time,
    index_columns,
    parse_time,
    readable,
    utcnow,
)
from carekit.store._crypto import (
    is_sealed,
    record_aad,
    seal,
)
from carekit.store._errors import (
    CitizenErasedError,
    ErasureRefusedError,
    InvalidStoreURLError,
    OutboxItemNotFoundError,
    OutboxStateError,
    StoreCorruptError,
)
from carekit.store._keyring import KeyRing
from carekit.store._migrations import CITIZEN_KEYS_TABLE, LATEST, applied_version, migrate
from carekit.store._protocol import (
    ALL_CAPABILITIES,
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
from carekit.store._search import (
    cpr_digest,
    cpr_of_document,
    key_fingerprint,
    search_columns,
    search_text_of_document,
)
from carekit.store._shred import (
    ERASE_ACTION,
    ErasureReport,
    no_key_finding,
    outbox_concerns,
    plaintext_finding,
)
from carekit.store._url import parse_store_url, sqlite_url

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["SQLiteStore"]

Synchronous = Literal["full", "normal"]
_CHUNK = 500  # ids per "IN (...)" lookup, well under SQLite's variable limit
_OUTBOX_COLUMNS = (
    "rowid, id, topic, key, payload, status, attempts, created_at, next_attempt_at, last_error"
)
_SELECT_OUTBOX = (
    "SELECT rowid, id, topic, key, payload, status, attempts, created_at, next_attempt_at, "
    "last_error FROM outbox"
)
_INSERT_RECORD = (
    "INSERT INTO records (record_id, version, kind, citizen_id, status, due_on, stored_at, data,"
    " chain_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_HEAD = (
    "INSERT INTO record_heads (record_id, version, kind, citizen_id, status, due_on, stored_at,"
    " search, cpr_digest, cpr_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (record_id) DO UPDATE SET version = excluded.version,"
    " status = excluded.status, due_on = excluded.due_on, stored_at = excluded.stored_at,"
    " search = excluded.search, cpr_digest = excluded.cpr_digest, cpr_key = excluded.cpr_key"
)
#: The latest version of each head row, with its document.
_SELECT_HEADS = (
    "SELECT h.record_id, h.version, h.kind, h.citizen_id, h.stored_at, r.data FROM record_heads h "
    "JOIN records r ON r.record_id = h.record_id AND r.version = h.version"
)
_INSERT_AUDIT = (
    "INSERT INTO audit (at, actor_id, action, record_id, kind, citizen_id, version, detail,"
    " chain_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHAIN_RECORDS = (
    "SELECT chain_seq, prev_hash, hash, record_id, version, kind, citizen_id, status, due_on, "
    "stored_at, data FROM records"
)
_CHAIN_AUDIT = (
    "SELECT chain_seq, prev_hash, hash, at, actor_id, action, record_id, kind, citizen_id, "
    "version, detail, seq FROM audit"
)
_INSERT_ACCESS = (
    f"INSERT INTO access_log ({', '.join(ACCESS_COLUMNS)}, chain_seq, prev_hash, hash)"  # noqa: S608 - fixed column names
    f" VALUES ({', '.join('?' * (len(ACCESS_COLUMNS) + 3))})"
)
_CHAIN_ACCESS = (
    f"SELECT chain_seq, prev_hash, hash, {', '.join(ACCESS_COLUMNS)}, seq FROM access_log"  # noqa: S608 - fixed column names
)
_INSERT_OUTBOX = (
    "INSERT INTO outbox (id, topic, key, payload, status, attempts, created_at, next_attempt_at)"
    " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (key) DO NOTHING"
)


def _outbox_item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        topic=row["topic"],
        key=row["key"],
        payload=orjson.loads(row["payload"]),
        status=row["status"],
        attempts=row["attempts"],
        created_at=parse_time(row["created_at"]),
        next_attempt_at=parse_time(row["next_attempt_at"]),
        last_error=row["last_error"],
    )


class SQLiteStore(StoreBase):
    """A :class:`~carekit.store.Store` in one SQLite file (``sqlite:///path``)."""

    capabilities = ALL_CAPABILITIES

    def __init__(
        self,
        path: str | Path,
        *,
        audit_reads: bool = False,
        synchronous: Synchronous = "full",
        busy_timeout: float = 30.0,
        cache_mib: int = 64,
        wal_autocheckpoint: int = 20_000,
    ) -> None:
        if "\x00" in str(path):
            raise StoreUnavailableError(
                Text(
                    "Stien til SQLite-filen indeholder et NUL-tegn; vælg en anden fil med --db.",
                    "the SQLite file path contains a NUL character; choose another file with --db",
                )
            )
        if synchronous not in ("full", "normal"):
            raise InvalidStoreURLError(
                str(path),
                Text(
                    f"synchronous={synchronous!r}: vælg full eller normal",
                    f"synchronous={synchronous!r}: choose full or normal",
                ),
            )
        self.path = Path(path)
        self.audit_reads = audit_reads
        self.synchronous = synchronous
        self.url = sqlite_url(self.path)
        self._busy_timeout = busy_timeout
        self._cache_kib = cache_mib * 1024
        self._autocheckpoint = wal_autocheckpoint
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False
        #: The store key and the citizens' ciphers (``store_key`` None: plaintext store).
        self._keys = KeyRing(self.url)
        self._start_access_log()
        try:
            conn = self._conn()
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise StoreUnavailableError(
                    Text(
                        f"{self.url}: kunne ikke skifte til WAL-journal.",
                        f"{self.url}: could not switch to WAL journal mode",
                    )
                )
            migrate(conn, url=self.url)
            self._index_search()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreUnavailableError(_open_problem(self.path, exc)) from None
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> SQLiteStore:
        """Open ``sqlite:///path?audit_reads=1&synchronous=normal&busy_timeout=30``."""
        parsed = parse_store_url(url)
        if parsed.scheme != "sqlite":
            raise InvalidStoreURLError(
                parsed.masked, Text("skemaet skal være sqlite://", "the scheme must be sqlite://")
            )
        sync = parsed.options.get("synchronous", "full").lower()
        try:
            timeout = float(parsed.options.get("busy_timeout", "30"))
        except ValueError:
            raise InvalidStoreURLError(
                parsed.masked,
                Text("busy_timeout skal være sekunder", "busy_timeout must be seconds"),
            ) from None
        return cls(
            parsed.path,
            audit_reads=parsed.flag("audit_reads"),
            synchronous=cast(Synchronous, sync),
            busy_timeout=timeout,
        )

    def __repr__(self) -> str:
        return f"SQLiteStore({self.url!r})"

    # -- connections and transactions ------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreClosedError
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA synchronous = {self.synchronous.upper()}")
            conn.execute(f"PRAGMA cache_size = -{int(self._cache_kib)}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {int(self._autocheckpoint)}")
            conn.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            conn.close()  # not a database (or unreadable): never leak the connection
            raise
        self._local.conn = conn
        with self._all_lock:
            self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction.  A file that cannot be written - read-only, a full disk, an
        I/O error - is :class:`StoreUnavailableError` naming the file, the transaction rolled
        back and nothing stored (never a raw ``sqlite3`` error)."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            problem = _write_problem(self.path, exc)
            if problem is not None:
                raise StoreUnavailableError(problem) from None
            raise StoreUnavailableError(
                Text(
                    f"{self.url}: kunne ikke få skrivelåsen ({exc}); en anden proces holder "
                    "den længere end busy_timeout. Prøv igen, eller hæv busy_timeout.",
                    f"{self.url}: could not get the write lock ({exc}); another process holds "
                    "it longer than busy_timeout. Retry, or raise busy_timeout.",
                )
            ) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            problem = (
                _write_problem(self.path, exc) if isinstance(exc, sqlite3.DatabaseError) else None
            )
            if problem is not None:
                raise StoreUnavailableError(problem) from None
            raise

    # -- records ---------------------------------------------------------------------------

    def _latest_versions(self, conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        if len(ids) == 1:
            row = conn.execute(
                "SELECT MAX(version) FROM records WHERE record_id = ?", (ids[0],)
            ).fetchone()
            if row[0] is not None:
                found[ids[0]] = int(row[0])
            return found
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT record_id, MAX(version) FROM records WHERE record_id IN ({marks}) "  # noqa: S608 - only placeholders are formatted in
                "GROUP BY record_id"
            )
            found.update((rid, int(v)) for rid, v in conn.execute(sql, chunk))
        return found

    @staticmethod
    def _heads(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
        """``{id: (kind, citizen_id)}`` of the stored records among *ids*, read in the write
        transaction (``kind`` and ``citizen_id`` never change, so any version will do)."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT record_id, kind, citizen_id FROM records WHERE record_id IN ({marks}) "  # noqa: S608 - only placeholders are formatted in
                "AND version = 1"
            )
            found.update((rid, (kind, citizen)) for rid, kind, citizen in conn.execute(sql, chunk))
        return found

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        """Store a new version of every item and queue *events* in the outbox, all or nothing (see
        :meth:`StoreBase.put_many`); every write is audited, and referential integrity is
        checked in the transaction (:func:`carekit.store.backend.check_integrity`)."""
        if not items and not events:
            return []
        reads = self._take_access()
        try:
            return self._put_many(items, events, reads)
        except BaseException:
            self._restore_access(reads)
            raise

    def _put_many(
        self,
        items: Sequence[PutItem],
        events: Sequence[DomainEvent],
        reads: list[AccessEntry],
    ) -> list[StoredRecord[Record]]:
        with self._write() as conn:
            check_integrity(items, lambda ids: self._heads(conn, ids))
            at = utcnow()
            at_text = format_time(at)
            ids = list(dict.fromkeys(item.record.record_id for item in items))
            latest: dict[str, int | None] = dict.fromkeys(ids)
            latest.update(self._latest_versions(conn, ids))
            rows = []
            heads = []
            audits = []
            out = []
            chain = ChainWriter(_chain_head(conn))
            keys = self._write_keys(conn, {str(i.record.citizen_id) for i in items}, at_text)
            for item in items:
                record = item.record
                rid, kind, citizen, status, due = index_columns(record)
                actual = latest[rid]
                if actual != item.expected_version:
                    raise ConflictError(rid, item.expected_version, actual)
                version = (actual or 0) + 1
                latest[rid] = version
                data = encode_record(record)
                if keys is not None:
                    data = seal(keys[citizen], data, record_aad(rid, version, citizen))
                row = (rid, version, kind, citizen, status, due, at_text, data)
                rows.append((*row, *chain.link(RECORDS_TABLE, row)))
                text, digest, key = search_columns(record, self.search_key)
                heads.append((rid, version, kind, citizen, status, due, at_text, text, digest, key))
                action = "create" if version == 1 else "update"
                audit = (at_text, record.actor.id, action, rid, kind, citizen, version, None)
                audits.append((*audit, *chain.link(AUDIT_TABLE, audit)))
                out.append(StoredRecord(record, version, at))
            self._fault("put_many.checked")
            try:
                conn.executemany(_INSERT_RECORD, rows)
            except sqlite3.IntegrityError:
                # Unreachable while every writer goes through BEGIN IMMEDIATE + the check
                # above; the primary key still refuses a second version N.
                first = items[0]
                raise ConflictError(first.record.record_id, first.expected_version, None) from None
            conn.executemany(_UPSERT_HEAD, heads)
            self._fault("put_many.records_written")
            conn.executemany(_INSERT_AUDIT, audits)
            _insert_access(conn, chain, reads)
            _store_head(conn, chain.head)
            versions = {s.record_id: s.version for s in out}
            conn.executemany(
                _INSERT_OUTBOX,
                [
                    (str(uuid.uuid4()), EVENT_TOPIC, key, payload, at_text, at_text)
                    for key, payload in event_payloads(events, versions)
                ],
            )
        self._keys.remember(keys)
        return out

    # -- encryption at rest ----------------------------------------------------------------
    def use_data_key(self, key: bytes) -> None:
        """Encrypt every new version under its citizen's data key, wrapped by the store key
        *key* (32 bytes), and decrypt reads (see :mod:`carekit.store._crypto`).  A key other
        than the one this store's data keys were wrapped with raises
        :class:`~carekit.store.DataKeyError` (the key is never shown).  The first time, the
        key table ``citizen_keys`` is created."""
        if not _has_key_table(self._conn()):
            with self._write() as conn:
                conn.execute(CITIZEN_KEYS_TABLE)
        conn = self._conn()
        self._keys.use(
            key,
            other_key_in_store=lambda name: (
                conn.execute(
                    "SELECT 1 FROM citizen_keys WHERE store_key_id != ? LIMIT 1", (name,)
                ).fetchone()
                is not None
            ),
        )

    def _write_keys(
        self, conn: sqlite3.Connection, citizens: set[str], at_text: str
    ) -> dict[str, AESGCM] | None:
        """The cipher of every citizen in a write (new keys stored in the write
        transaction); ``None`` for a plaintext store (see :meth:`KeyRing.for_writes`)."""
        return self._keys.for_writes(
            citizens,
            lookup=lambda citizen: _key_row(conn, citizen),
            insert=lambda citizen, name, wrapped: conn.execute(
                "INSERT INTO citizen_keys (citizen_id, store_key_id, wrapped, created_at) "
                "VALUES (?, ?, ?, ?)",
                (citizen, name, wrapped, at_text),
            ),
            store_has_keys=lambda: (
                _has_key_table(conn)
                and conn.execute("SELECT 1 FROM citizen_keys LIMIT 1").fetchone() is not None
            ),
        )

    def _plain(self, record_id: str, version: int, citizen: str, data: bytes | str) -> bytes | str:
        """The JSON document of a stored version (decrypted when it is an envelope)."""
        if isinstance(data, str) or not is_sealed(data):
            return data
        return self._keys.open(
            record_id, version, citizen, data, lambda c: _key_row(self._conn(), c)
        )

    def _stored(self, row: sqlite3.Row) -> StoredRecord[Record]:
        rid, version = row["record_id"], row["version"]
        data = self._plain(rid, version, row["citizen_id"], row["data"])
        record = decode_record(row["kind"], data, rid, version)
        return StoredRecord(record, row["version"], parse_time(row["stored_at"]))

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        """The latest version of the record, or *version*;
        :class:`~carekit.errors.RecordNotFoundError` if there is none.

        With ``audit_reads`` on, the read is audited under *reader* (``"unknown"`` without one).
        """
        if version is None:
            sql = (
                "SELECT record_id, version, kind, citizen_id, stored_at, data FROM records "
                "WHERE record_id = ? ORDER BY version DESC LIMIT 1"
            )
            params: tuple[Any, ...] = (record_id,)
        else:
            sql = (
                "SELECT record_id, version, kind, citizen_id, stored_at, data FROM records "
                "WHERE record_id = ? AND version = ?"
            )
            params = (record_id, version)
        if not self.audit_reads:
            row = self._conn().execute(sql, params).fetchone()
            if row is None:
                raise RecordNotFoundError(record_id, version)
            return self._stored(row)
        with self._write() as conn:
            row = conn.execute(sql, params).fetchone()
            if row is None:
                raise RecordNotFoundError(record_id, version)
            stored = self._stored(row)
            rec = stored.record
            audit = (
                format_time(utcnow()),
                reader.id if reader is not None else "unknown",
                "read",
                record_id,
                rec.kind,
                str(rec.citizen_id),
                stored.version,
                None,
            )
            chain = ChainWriter(_chain_head(conn))
            conn.execute(_INSERT_AUDIT, (*audit, *chain.link(AUDIT_TABLE, audit)))
            _store_head(conn, chain.head)
        return stored

    def history(self, record_id: str) -> list[StoredRecord[Record]]:
        """Every readable version of the record, oldest first (unreadable ones in ``unreadable``);
        :class:`~carekit.errors.RecordNotFoundError` if it does not exist."""
        rows = (
            self._conn()
            .execute(
                "SELECT record_id, version, kind, citizen_id, stored_at, data FROM records "
                "WHERE record_id = ? ORDER BY version",
                (record_id,),
            )
            .fetchall()
        )
        if not rows:
            raise RecordNotFoundError(record_id)
        result = readable(rows, self._stored)
        if not result and rows and all(u.reason == "erased" for u in result.unreadable):
            first = rows[0]
            raise CitizenErasedError(record_id, first["version"], first["citizen_id"])
        return result

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
        where = ["1 = 1"]
        params: list[Any] = []
        if kind is not None:
            where.append("h.kind = ?")
            params.append(kind)
        if citizen_id is not None:
            where.append("h.citizen_id = ?")
            params.append(str(citizen_id))
        if status is not None:
            where.append("h.status = ?")
            params.append(status)
        if due_before is not None:
            where.append("h.due_on IS NOT NULL AND h.due_on < ?")
            params.append(due_before.isoformat())
        sql = f"{_SELECT_HEADS} WHERE {' AND '.join(where)} ORDER BY h.kind, h.record_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return readable(self._conn().execute(sql, params), self._stored)

    def query_page(self, query: RecordQuery) -> list[StoredRecord[Record]]:
        """One page of the latest versions of ``query.kind`` matching every filter, in
        ``query.order``, strictly after ``query.after``, at most ``query.limit``: one index
        range scan over ``record_heads`` (see :func:`page_sql`)."""
        sql, params = page_sql(query)
        return readable(self._conn().execute(sql, params), self._stored)

    def use_search_key(self, key: bytes) -> None:
        """Hash CPR numbers under *key* from now on; citizens indexed under another key (or
        none) are re-indexed now, in one transaction."""
        name = key_fingerprint(key)
        self.search_key = key
        with self._write() as conn:
            rows = conn.execute(
                "SELECT h.record_id, h.version, h.citizen_id, r.data FROM record_heads h "
                "JOIN records r ON r.record_id = h.record_id AND r.version = h.version "
                "WHERE h.kind = 'citizen' AND h.cpr_key IS NOT ?",
                (name,),
            ).fetchall()
            updates = []
            for rid, version, citizen, data in rows:
                try:
                    cpr = cpr_of_document(self._plain(rid, version, citizen, data))
                except StoreCorruptError:
                    continue  # unreadable (no key, erased): nothing to index
                updates.append((cpr_digest(key, cpr) if cpr else None, name, rid))
            conn.executemany(
                "UPDATE record_heads SET cpr_digest = ?, cpr_key = ? WHERE record_id = ?", updates
            )

    def _index_search(self) -> None:
        """Fill the search column of head rows that have none (rows migrated from a schema
        before version 4), in one transaction."""
        conn = self._conn()
        if (
            conn.execute("SELECT 1 FROM record_heads WHERE search IS NULL LIMIT 1").fetchone()
            is None
        ):
            return
        with self._write() as conn:
            rows = conn.execute(
                "SELECT h.record_id, h.kind, r.data FROM record_heads h JOIN records r "
                "ON r.record_id = h.record_id AND r.version = h.version WHERE h.search IS NULL"
            ).fetchall()
            # only rows migrated from before schema 4 have no search column, and those are
            # never encrypted (encryption came after schema 5)
            conn.executemany(
                "UPDATE record_heads SET search = ? WHERE record_id = ?",
                [
                    (search_text_of_document(kind, orjson.loads(data)), rid)
                    for rid, kind, data in rows
                    if not is_sealed(data)
                ],
            )

    def citizens(self) -> list[str]:
        """The ids of every citizen (borger) record, sorted."""
        rows = self._conn().execute(
            "SELECT record_id FROM record_heads WHERE kind = 'citizen' ORDER BY record_id"
        )
        return [r[0] for r in rows]

    def audit_log(
        self,
        *,
        record_id: str | None = None,
        citizen_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Audit entries in write order, filtered by *record_id* and/or *citizen_id*, at most
        *limit*."""
        where = ["1 = 1"]
        params: list[Any] = []
        if record_id is not None:
            where.append("record_id = ?")
            params.append(record_id)
        if citizen_id is not None:
            where.append("citizen_id = ?")
            params.append(str(citizen_id))
        sql = f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY seq"  # noqa: S608 - fixed fragments, values are parameters
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [
            AuditEntry(
                seq=r["seq"],
                at=parse_time(r["at"]),
                actor_id=r["actor_id"],
                action=r["action"],
                record_id=r["record_id"],
                kind=r["kind"],
                citizen_id=r["citizen_id"],
                version=r["version"],
                detail=r["detail"],
            )
            for r in self._conn().execute(sql, params)
        ]

    # -- the read-access log ---------------------------------------------------------------
    def _write_access(self, entries: list[AccessEntry]) -> None:
        with self._write() as conn:
            chain = ChainWriter(_chain_head(conn))
            _insert_access(conn, chain, entries)
            _store_head(conn, chain.head)

    def access_log(
        self,
        *,
        citizen_id: str | None = None,
        actor_id: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> list[AccessEntry]:
        """Access-log entries in write order (buffered ones written first), filtered by
        citizen, reader and time, at most *limit*."""
        self.flush_access_log()
        where = ["1 = 1"]
        params: list[Any] = []
        if citizen_id is not None:
            where.append("citizen_id = ?")
            params.append(str(citizen_id))
        if actor_id is not None:
            where.append("actor_id = ?")
            params.append(actor_id)
        if since is not None:
            where.append("at >= ?")
            params.append(format_time(since))
        sql = f"SELECT seq, {', '.join(ACCESS_COLUMNS)} FROM access_log WHERE {' AND '.join(where)} ORDER BY seq"  # noqa: S608, E501 - fixed fragments, values are parameters
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [entry_from_values(r[0], tuple(r)[1:]) for r in self._conn().execute(sql, params)]

    # -- outbox ----------------------------------------------------------------------------
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
        data = orjson.dumps(payload)
        at = format_time(utcnow())
        due = format_time(available_at) if available_at is not None else at
        item_id = str(uuid.uuid4())
        with self._write() as conn:
            self._fault("enqueue.checked")
            cur = conn.execute(_INSERT_OUTBOX, (item_id, topic, key, data, at, due))
            if cur.rowcount == 0:
                return None
            row = conn.execute(_SELECT_OUTBOX + " WHERE id = ?", (item_id,)).fetchone()
        return _outbox_item(row)

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        """Lease up to *limit* due outbox items (pending, or in flight with an expired lease) for
        *lease_seconds*.

        Each claimed item is marked ``in_flight``, its ``attempts`` counted up and its next attempt
        set to the lease's end, so another worker may take it if this one dies.
        """
        at = now or utcnow()
        at_text = format_time(at)
        lease = format_time(at + dt.timedelta(seconds=lease_seconds))
        with self._write() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM outbox WHERE status IN ('pending', 'in_flight') "
                    "AND next_attempt_at <= ? ORDER BY rowid LIMIT ?",
                    (at_text, int(limit)),
                )
            ]
            if not ids:
                return []
            self._fault("claim.selected")
            marks = ",".join("?" * len(ids))
            rows = conn.execute(
                "UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, "  # noqa: S608 - only placeholders are formatted in
                f"next_attempt_at = ? WHERE id IN ({marks}) RETURNING {_OUTBOX_COLUMNS}",
                (lease, *ids),
            ).fetchall()
        return [_outbox_item(r) for r in sorted(rows, key=lambda r: r["rowid"])]

    def _check_status(
        self,
        conn: sqlite3.Connection,
        item_id: str,
        operation: str,
        allowed: tuple[OutboxStatus, ...],
    ) -> None:
        row = conn.execute("SELECT status FROM outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise OutboxItemNotFoundError(item_id)
        if row[0] not in allowed:
            raise OutboxStateError(item_id, row[0], operation, allowed)

    def complete(self, item_id: str) -> None:
        """Mark the outbox item delivered; :class:`OutboxItemNotFoundError` or
        :class:`OutboxStateError` if it does not exist or is dead."""
        with self._write() as conn:
            self._check_status(conn, item_id, "complete", outbox_allowed("complete"))
            conn.execute("UPDATE outbox SET status = 'delivered' WHERE id = ?", (item_id,))

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        """Record a failed delivery of the outbox item: pending again at *retry_at*, or dead when it
        is ``None``."""
        with self._write() as conn:
            self._check_status(conn, item_id, "fail", outbox_allowed("fail"))
            if retry_at is None:
                conn.execute(
                    "UPDATE outbox SET status = 'dead', last_error = ? WHERE id = ?",
                    (error, item_id),
                )
            else:
                conn.execute(
                    "UPDATE outbox SET status = 'pending', last_error = ?, next_attempt_at = ? "
                    "WHERE id = ?",
                    (error, format_time(retry_at), item_id),
                )

    def retry(self, item_id: str) -> None:
        """Make a dead outbox item pending again, due now; :class:`OutboxStateError` if it is not
        dead."""
        with self._write() as conn:
            self._check_status(conn, item_id, "retry", outbox_allowed("retry"))
            conn.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ?",
                (format_time(utcnow()), item_id),
            )

    def outbox(
        self, *, status: OutboxStatus | None = None, limit: int | None = None
    ) -> list[OutboxItem]:
        """Outbox items in queue order, optionally only those with *status*, at most *limit*."""
        sql = _SELECT_OUTBOX
        params: list[Any] = []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(status)
        sql += " ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_outbox_item(r) for r in self._conn().execute(sql, params)]

    def event_feed(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, OutboxItem]]:
        """The event items after feed position *after*, at most *limit*: one range scan of
        the ``outbox_feed`` index (migration 6)."""
        sql = (
            f"SELECT {_OUTBOX_COLUMNS}, feed_seq FROM outbox "  # noqa: S608 - a fixed column list
            "WHERE feed_seq > ? ORDER BY feed_seq LIMIT ?"
        )
        params = (int(after), -1 if limit is None else int(limit))
        return [(r["feed_seq"], _outbox_item(r)) for r in self._conn().execute(sql, params)]

    # -- erasure (crypto-shredding) --------------------------------------------------------
    def erase_citizen(self, citizen_id: str, *, actor_id: str, reason: str) -> ErasureReport:
        """Erase the citizen's data by destroying their data key, in one write transaction:
        the wrapped key is overwritten, the citizen's record heads (search text, CPR digest)
        and outbox items are deleted, and an ``erase`` audit row (actor, *reason*) is linked
        into the chain.  The versions stay as ciphertext, so ``audit verify`` still passes.
        Then the freed pages are removed from the file and the WAL (``secure_delete``,
        ``VACUUM``, ``wal_checkpoint(TRUNCATE)``).

        Refused with :class:`~carekit.store.ErasureRefusedError` (nothing changed) without a
        data key or when a version was stored in plaintext; an erased citizen raises
        :class:`~carekit.store.CitizenErasedError`, an unknown one
        :class:`~carekit.errors.RecordNotFoundError`."""
        citizen = str(citizen_id)
        if self._keys.store_key is None:
            raise ErasureRefusedError(citizen, (no_key_finding(),))
        self.flush_access_log()
        conn = self._conn()
        conn.execute("PRAGMA secure_delete = ON")
        try:
            report = self._erase(citizen, actor_id, reason)
        finally:
            conn.execute("PRAGMA secure_delete = OFF")
        self._keys.forget(citizen)
        scrubbed, note = self._scrub()
        return attrs.evolve(report, scrubbed=scrubbed, scrub_note=note)

    def _erase(self, citizen: str, actor_id: str, reason: str) -> ErasureReport:
        with self._write() as conn:
            rows = conn.execute(
                "SELECT record_id, version, kind, data FROM records WHERE citizen_id = ? "
                "ORDER BY record_id, version",
                (citizen,),
            ).fetchall()
            kind_row = conn.execute(
                "SELECT kind FROM records WHERE record_id = ? AND version = 1", (citizen,)
            ).fetchone()
            if not rows or kind_row is None or kind_row[0] != "citizen":
                raise RecordNotFoundError(citizen)
            key = conn.execute(
                "SELECT wrapped FROM citizen_keys WHERE citizen_id = ?", (citizen,)
            ).fetchone()
            if key is not None and key[0] is None:
                raise CitizenErasedError(citizen, 0, citizen)
            plain = [(r[0], int(r[1])) for r in rows if not is_sealed(r[3])]
            if plain:
                raise ErasureRefusedError(citizen, (plaintext_finding(plain),))
            at = utcnow()
            at_text = format_time(at)
            conn.execute(
                "UPDATE citizen_keys SET wrapped = NULL, erased_at = ? WHERE citizen_id = ?",
                (at_text, citizen),
            )
            conn.execute("DELETE FROM record_heads WHERE citizen_id = ?", (citizen,))
            doomed = [
                r[0]
                for r in conn.execute("SELECT id, payload FROM outbox")
                if outbox_concerns(orjson.loads(r[1]), citizen)
            ]
            conn.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in doomed])
            chain = ChainWriter(_chain_head(conn))
            audit = (at_text, actor_id, ERASE_ACTION, citizen, "citizen", citizen, None, reason)
            conn.execute(_INSERT_AUDIT, (*audit, *chain.link(AUDIT_TABLE, audit)))
            _store_head(conn, chain.head)
        kinds: dict[str, int] = {}
        for rid, kind in {(r[0], r[2]) for r in rows}:
            del rid
            kinds[kind] = kinds.get(kind, 0) + 1
        return ErasureReport(
            citizen_id=citizen,
            at=at,
            actor_id=actor_id,
            records=len({r[0] for r in rows}),
            versions=len(rows),
            kinds=dict(sorted(kinds.items())),
            outbox_removed=len(doomed),
            scrubbed=False,
        )

    def _scrub(self) -> tuple[bool, Text | None]:
        """Rewrite the file without free pages (``VACUUM``) and empty the WAL
        (``wal_checkpoint(TRUNCATE)``), so no old page holds erased data.  ``(False, why)``
        when another connection's open read transaction keeps the WAL alive."""
        conn = self._conn()
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.OperationalError as exc:
            busy, problem = 1, str(exc)
        else:
            problem = "another connection is reading"
        if busy:
            return False, Text(
                f"Nøglen er destrueret, men gamle sider i {self.path} og dens WAL-fil kunne "
                f"ikke fjernes endnu ({problem}). Kør 'carekit citizen erase' igen, når ingen "
                "anden proces bruger lageret, eller VACUUM manuelt.",
                f"The key was destroyed, but old pages of {self.path} and its WAL file could "
                f"not be removed yet ({problem}). Run 'carekit citizen erase' again when no "
                "other process uses the store, or VACUUM it by hand.",
            )
        return True, None

    # -- maintenance -----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The applied migration version (equals :data:`LATEST` once opened)."""
        return applied_version(self._conn())

    def check(self) -> list[str]:
        """Integrity problems, empty when all is well: SQLite's ``integrity_check``, gaps in
        version numbers, and outbox events that name a version that was never stored."""
        conn = self._conn()
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        gaps = conn.execute(
            "SELECT record_id, COUNT(*), MAX(version) FROM records GROUP BY record_id "
            "HAVING COUNT(*) != MAX(version) OR MIN(version) != 1"
        ).fetchall()
        problems += [f"record {rid}: {n} versions but highest is {top}" for rid, n, top in gaps]
        if self.schema_version != LATEST:
            problems.append(f"schema version {self.schema_version}, expected {LATEST}")
            return problems
        report = self.chain_verify(self.checkpoints())
        problems += [f.text.en for f in report.findings]
        return problems

    # -- the hash chain --------------------------------------------------------------------
    @contextlib.contextmanager
    def chain_snapshot(self) -> Iterator[tuple[ChainHead, Iterator[ChainRow]]]:
        """The stored chain head and every chained row in ``chain_seq`` order (rows without
        a position last), read in one read transaction (a consistent WAL snapshot)."""
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            head = _chain_head(conn)

            def records(where: str) -> Iterator[ChainRow]:
                for r in conn.execute(f"{_CHAIN_RECORDS} WHERE {where}"):
                    yield ChainRow(RECORDS_TABLE, r[0], r[1], r[2], tuple(r[3:]))

            def audits(where: str) -> Iterator[ChainRow]:
                for r in conn.execute(f"{_CHAIN_AUDIT} WHERE {where}"):
                    yield ChainRow(AUDIT_TABLE, r[0], r[1], r[2], tuple(r[3:11]), audit_seq=r[11])

            def reads(where: str) -> Iterator[ChainRow]:
                for r in conn.execute(f"{_CHAIN_ACCESS} WHERE {where}"):
                    yield ChainRow(ACCESS_TABLE, r[0], r[1], r[2], tuple(r[3:14]), audit_seq=r[14])

            chained = "chain_seq IS NOT NULL ORDER BY chain_seq"
            merged = heapq.merge(
                records(chained), audits(chained), reads(chained), key=lambda row: row.seq or 0
            )
            loose = "chain_seq IS NULL ORDER BY rowid"
            yield head, itertools.chain(merged, records(loose), audits(loose))
        finally:
            conn.execute("COMMIT")

    def chain_verify(self, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
        """Recompute the hash chain and compare it with its head and *checkpoints*
        (:func:`carekit.store._chain.verify`)."""
        with self.chain_snapshot() as (head, rows):
            return verify(head, rows, checkpoints)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Keep *checkpoint* in ``chain_checkpoints`` (append-only)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO chain_checkpoints (seq, chain_id, head, at, public_key, signature) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    checkpoint.seq,
                    checkpoint.chain_id,
                    checkpoint.head,
                    format_time(checkpoint.at),
                    checkpoint.public_key,
                    checkpoint.signature,
                ),
            )

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints kept in the store, oldest first."""
        rows = self._conn().execute(
            "SELECT chain_id, seq, head, at, public_key, signature FROM chain_checkpoints "
            "ORDER BY rowid"
        )
        return [Checkpoint(r[0], r[1], r[2], parse_time(r[3]), r[4], r[5]) for r in rows]

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Write the buffered access-log rows, then close every thread's connection.  Call
        once no thread uses the store any more."""
        if self._closed:
            return
        try:
            self._close_access_log()
        finally:
            self._close_connections()

    def _close_connections(self) -> None:
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()


def _has_key_table(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'citizen_keys'"
    ).fetchone()
    return found is not None


def _key_row(conn: sqlite3.Connection, citizen: str) -> tuple[bytes | None] | None:
    row = conn.execute(
        "SELECT wrapped FROM citizen_keys WHERE citizen_id = ?", (citizen,)
    ).fetchone()
    return None if row is None else (bytes(row[0]) if row[0] is not None else None,)


def _chain_head(conn: sqlite3.Connection) -> ChainHead:
    row = conn.execute("SELECT chain_id, seq, hash FROM chain_head WHERE id = 1").fetchone()
    if row is None:
        raise StoreCorruptError(
            "chain_head",
            0,
            Text("kædens hoved-række mangler", "the chain head row is missing"),
        )
    return ChainHead(row[0], int(row[1]), bytes(row[2]))


def _insert_access(
    conn: sqlite3.Connection, chain: ChainWriter, entries: Sequence[AccessEntry]
) -> None:
    if entries:
        rows = []
        for entry in entries:
            values = access_values(entry)
            rows.append((*values, *chain.link(ACCESS_TABLE, values)))
        conn.executemany(_INSERT_ACCESS, rows)


def _store_head(conn: sqlite3.Connection, head: ChainHead) -> None:
    conn.execute("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", (head.seq, head.hash))


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_sql(query: RecordQuery) -> tuple[str, list[Any]]:
    """The SELECT and parameters :meth:`SQLiteStore.query_page` runs for *query* (the
    benchmark runs the same statement through plain ``sqlite3``)."""
    where = ["h.kind = ?"]
    params: list[Any] = [query.kind]
    if query.citizen_id is not None:
        where.append("h.citizen_id = ?")
        params.append(query.citizen_id)
    if query.status is not None:
        where.append("h.status = ?")
        params.append(query.status)
    if query.changed_since is not None:
        where.append("h.stored_at >= ?")
        params.append(format_time(query.changed_since))
    if query.due_before is not None:
        where.append("h.due_on IS NOT NULL AND h.due_on < ?")
        params.append(query.due_before.isoformat())
    if query.cpr_digest is not None:
        where.append("h.cpr_digest = ?")
        params.append(query.cpr_digest)
    for word in query.words:
        where.append("h.search LIKE ? ESCAPE '\\'")
        params.append(_like(word))
    after = query.after
    if query.order == "id":
        order = "h.record_id"
        if after is not None:
            where.append("h.record_id > ?")
            params.append(after.record_id)
    else:
        order = "h.stored_at, h.record_id"
        if after is not None:
            where.append("(h.stored_at, h.record_id) > (?, ?)")
            params += [format_time(after.stored_at), after.record_id]
    sql = f"{_SELECT_HEADS} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"
    params.append(int(query.limit))
    return sql, params


def _write_problem(path: Path, exc: sqlite3.DatabaseError) -> Text | None:
    """Why *path* cannot be written, in Danish and English, for the errors of the file and
    the disk (read-only, full, I/O); None for any other error."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return Text(
            f"{path} kan ikke skrives i (skrivebeskyttet fil, mappe eller disk). Intet er "
            "gemt. Giv skriveadgang til filen og dens mappe, eller åbn en kopi.",
            f"{path} cannot be written (a read-only file, folder or disk). Nothing was "
            "stored. Make the file and its folder writable, or open a copy.",
        )
    if "full" in message or "disk i/o" in message or "no space" in message:
        return Text(
            f"{path} kunne ikke skrives: disken er fuld, eller der opstod en I/O-fejl. Intet "
            "er gemt; data, der allerede var gemt, er urørt. Frigør plads, og prøv igen.",
            f"{path} could not be written: the disk is full or an I/O error occurred. "
            "Nothing was stored; data already stored is untouched. Free some space and "
            "retry.",
        )
    return None


def _open_problem(path: Path, exc: sqlite3.DatabaseError) -> Text:
    """Why a SQLite file could not be opened, and what to do, in Danish and English (never
    file content)."""
    if not path.parent.exists():
        return Text(
            f"Kan ikke åbne {path}: mappen {path.parent} findes ikke. Opret den først.",
            f"cannot open {path}: the folder {path.parent} does not exist; create it first",
        )
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
        return Text(
            f"Kan ikke åbne {path}: tjek, at filen og dens mappe må skrives i.",
            f"cannot open {path}: check that the file and its folder are writable",
        )
    if "not a database" in str(exc):
        return Text(
            f"{path} er ikke en SQLite-database (en anden slags fil?). Vælg en anden fil med "
            "--db eller CAREKIT_DB.",
            f"{path} is not a SQLite database (another kind of file?); choose another file "
            "with --db or CAREKIT_DB",
        )
    return Text(f"Kan ikke åbne {path}: {exc}", f"cannot open {path}: {exc}")
