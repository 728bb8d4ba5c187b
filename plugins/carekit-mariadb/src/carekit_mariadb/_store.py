"""``MariaDBStore``: the carekit storage contract on MariaDB 10.6+ (InnoDB, PyMySQL).

* **Records**: ``record_versions`` keeps every version (``PRIMARY KEY (record_id,
  version)``, append-only by trigger) with the document as the exact bytes carekit
  encoded; ``record_heads`` keeps one row per record: the latest version and its indexed
  columns (kind, citizen, status, due date, folded search text, CPR blind index).
* **Optimistic concurrency**: a write locks the head rows of the records it updates
  (``SELECT … FOR UPDATE`` in record-id order, so writers never deadlock) and compares the
  stored version with ``expected_version``; a create inserts the head row, and of two
  concurrent creates of one id the primary key lets exactly one win (the other waits for the
  first to commit, then gets a duplicate key: :class:`~carekit.errors.ConflictError`).
* **Audit** is append-only; audit rows are inserted under the ``locks`` row ``audit``
  (``FOR UPDATE``, held to commit), so ``seq`` order is commit order.
* **Outbox** rows are written in the record's transaction; ``claim`` chooses with
  ``FOR UPDATE SKIP LOCKED`` (MariaDB 10.6+) and a lease, so several dispatchers drain one
  outbox without handing an item to two of them; ``enqueue`` relies on ``UNIQUE (key)``.
* Every connection runs ``READ COMMITTED`` with ``autocommit`` on; a write is one explicit
  transaction.  A pool of connections per store is shared by the process's threads.
* A dropped connection, an unreachable server or a lock wait timeout raises
  :class:`~carekit_mariadb.MariaDBUnavailableError` (a ``StoreUnavailableError``); the
  transaction is rolled back and the connection discarded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import orjson
import pymysql
import pymysql.cursors

from carekit.errors import ConflictError, RecordNotFoundError, StoreClosedError, StoreError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Actor, Record
from carekit.store import (
    ALL_CAPABILITIES,
    EVENT_TOPIC,
    AccessEntry,
    AuditEntry,
    OutboxItem,
    OutboxItemNotFoundError,
    OutboxStateError,
    OutboxStatus,
    PutItem,
    RecordQuery,
    StoredRecord,
)
from carekit.store.backend import (
    StoreBase,
    access_values,
    check_integrity,
    cpr_digest,
    cpr_of_document,
    decode_record,
    encode_record,
    entry_from_values,
    event_payloads,
    format_time,
    index_columns,
    key_fingerprint,
    outbox_allowed,
    readable,
    search_columns,
    utcnow,
)
from carekit_mariadb import _schema
from carekit_mariadb._errors import MariaDBUnavailableError, UnstorableValueError
from carekit_mariadb._settings import MariaDBSettings, parse_url

__all__ = ["MariaDBStore"]

if TYPE_CHECKING:
    from pymysql.connections import Connection

    Conn = Connection[pymysql.cursors.Cursor]

#: MariaDB error numbers the store turns into carekit errors.
ER_DUP_ENTRY = 1062
ER_LOCK_WAIT_TIMEOUT = 1205
ER_LOCK_DEADLOCK = 1213
ER_NO_SUCH_TABLE = 1146
_CHUNK = 500  # ids per IN (...) list

_SELECT_HEADS = (
    "SELECT h.record_id, h.version, h.kind, h.stored_at, v.data FROM record_heads h "
    "JOIN record_versions v ON v.record_id = h.record_id AND v.version = h.version"
)
_OUTBOX_COLUMNS = (
    "seq, id, topic, `key`, payload, status, attempts, created_at, next_attempt_at, last_error"
)
_SQL: dict[str, str] = {
    "lock_heads": "SELECT record_id, version FROM record_heads WHERE record_id IN ({marks}) "
    "ORDER BY record_id FOR UPDATE",
    "integrity": (
        "SELECT record_id, kind, citizen_id FROM record_heads WHERE record_id IN ({marks})"
    ),
    "insert_head": (
        "INSERT INTO record_heads (record_id, version, kind, citizen_id, status, due_on, "
        "stored_at, search, cpr_digest, cpr_key) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "update_head": (
        "UPDATE record_heads SET version = %s, status = %s, due_on = %s, stored_at = %s, "
        "search = %s, cpr_digest = %s, cpr_key = %s WHERE record_id = %s"
    ),
    "insert_version": (
        "INSERT INTO record_versions (record_id, version, kind, citizen_id, status, due_on, "
        "stored_at, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "lock_audit": "SELECT name FROM locks WHERE name = 'audit' FOR UPDATE",
    "insert_audit": (
        "INSERT INTO audit (at, actor_id, action, record_id, kind, citizen_id, version, detail) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "insert_outbox": (
        "INSERT INTO outbox (id, topic, `key`, payload, status, attempts, created_at, "
        "next_attempt_at) VALUES (%s, %s, %s, %s, 'pending', 0, %s, %s)"
    ),
    "claim_select": (
        "SELECT seq FROM outbox WHERE status IN ('pending', 'in_flight') "
        "AND next_attempt_at <= %s ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED"
    ),
    "claim_update": (
        "UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, next_attempt_at = %s "
        "WHERE seq IN ({marks})"
    ),
    "outbox_by_seq": (
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE seq IN ({{marks}}) ORDER BY seq"  # noqa: S608 - a fixed column list
    ),
    "outbox_by_id": f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id = %s",  # noqa: S608 - a fixed column list
    "outbox_status": "SELECT status FROM outbox WHERE id = %s FOR UPDATE",
}


def _naive_utc(value: dt.datetime) -> dt.datetime:
    """A DATETIME(6) value: UTC, without tzinfo (the session time zone is +00:00)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _outbox_item(row: Sequence[Any]) -> OutboxItem:
    return OutboxItem(
        id=row[1],
        topic=row[2],
        key=row[3],
        payload=orjson.loads(row[4]),
        status=cast(OutboxStatus, row[5]),
        attempts=int(row[6]),
        created_at=_aware(row[7]),
        next_attempt_at=_aware(row[8]),
        last_error=row[9],
    )


def _stored(row: Sequence[Any]) -> StoredRecord[Record]:
    record = decode_record(row[2], bytes(row[4]), row[0], int(row[1]))
    return StoredRecord(record, int(row[1]), _aware(row[3]))


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _Pool:
    """A small thread-safe pool: at most *size* open connections, idle ones reused.  A
    PyMySQL connection must never be used by two threads at once."""

    def __init__(self, connect: Any, size: int) -> None:
        self._connect = connect
        self._idle: list[Conn] = []
        self._open = 0
        self._size = size
        self._cond = threading.Condition()
        self.closed = False

    def acquire(self) -> Conn:
        with self._cond:
            while True:
                if self.closed:
                    raise StoreClosedError
                if self._idle:
                    return self._idle.pop()
                if self._open < self._size:
                    self._open += 1
                    break
                self._cond.wait()
        try:
            conn: Conn = self._connect()
        except BaseException:
            with self._cond:
                self._open -= 1
                self._cond.notify()
            raise
        return conn

    def release(self, conn: Conn, *, broken: bool = False) -> None:
        with self._cond:
            if broken or self.closed:
                self._open -= 1
                with contextlib.suppress(Exception):
                    conn.close()
            else:
                self._idle.append(conn)
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._cond.notify_all()
        for conn in idle:
            with contextlib.suppress(Exception):
                conn.close()


def _scrub(reason: str, password: str | None) -> str:
    """*reason* without the password or any longer piece of it."""
    if not password:
        return reason
    pieces = {password, *password.replace("@", " ").replace(":", " ").replace("/", " ").split()}
    for piece in sorted((p for p in pieces if len(p) >= 3), key=len, reverse=True):
        reason = reason.replace(piece, "***")
    return reason


def _first_line(exc: BaseException) -> str:
    args: tuple[object, ...] = getattr(exc, "args", ())
    if len(args) >= 2 and isinstance(args[1], str):
        return f"{args[0]} {args[1]}".splitlines()[0]
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class MariaDBStore(StoreBase):
    """A :class:`~carekit.store.Store` in a MariaDB database (``mariadb://user@host/db``).

    ::

        store = MariaDBStore("mariadb://care:secret@db.example:3306/care?pool_size=8")

    One store holds a pool of up to ``pool_size`` connections and is safe to share between
    the threads of a process; several processes (application servers) may open the same
    database at once.
    """

    capabilities = ALL_CAPABILITIES

    def __init__(
        self,
        url: str,
        *,
        audit_reads: bool | None = None,
        pool_size: int | None = None,
    ) -> None:
        settings = parse_url(url)
        self.settings: MariaDBSettings = settings
        self.url = settings.masked
        self.audit_reads = settings.audit_reads if audit_reads is None else audit_reads
        #: The statements this store runs (a copy: tests take a lock out of one).
        self._sql = dict(_SQL)
        self._start_access_log()
        self._pool = _Pool(self._new_connection, pool_size or settings.pool_size)
        try:
            with self._connection("open", write=False) as cur:
                self._prepare(cur)
        except BaseException:
            self._pool.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> MariaDBStore:
        """Factory used by the plugin descriptor."""
        return cls(url)

    def __repr__(self) -> str:
        return f"MariaDBStore({self.url!r})"

    # -- connections and transactions ------------------------------------------------------
    def _new_connection(self) -> Conn:
        s = self.settings
        try:
            return pymysql.connect(
                host=s.host,
                port=s.port,
                user=s.user or "",
                password=s.password or "",
                database=s.database,
                charset="utf8mb4",
                autocommit=True,
                connect_timeout=s.connect_timeout,
                init_command=(
                    "SET SESSION time_zone = '+00:00', "
                    "SESSION tx_isolation = 'READ-COMMITTED', "
                    f"SESSION innodb_lock_wait_timeout = {int(s.lock_wait_timeout)}, "
                    "SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,"
                    "ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE'"
                ),
            )
        except pymysql.Error as exc:
            raise self._unavailable("connect", exc) from None

    def _unavailable(self, operation: str, exc: BaseException) -> MariaDBUnavailableError:
        return MariaDBUnavailableError(
            url=self.url,
            where=self.settings.where,
            operation=operation,
            reason=_scrub(_first_line(exc), self.settings.password),
        )

    def _prepare(self, cur: pymysql.cursors.Cursor) -> None:
        """Create the tables on first open (every statement is idempotent)."""
        try:
            cur.execute("SELECT version FROM carekit_schema WHERE id = 1")
            row = cur.fetchone()
            found = int(row[0]) if row else 0
        except pymysql.ProgrammingError as exc:
            if exc.args[0] != ER_NO_SUCH_TABLE:
                raise
            found = 0
        if found != _schema.LATEST:
            found = _schema.create(cur)
        if found != _schema.LATEST:
            where, latest = self.settings.where, _schema.LATEST
            raise StoreError(
                Text(
                    f"Databasen {where} har carekit-skemaversion {found}, men denne "
                    f"carekit-mariadb kender version {latest}. Installér den carekit-mariadb, "
                    "der skrev databasen, eller en nyere.",
                    f"The database {where} has carekit schema version {found}, but this "
                    f"carekit-mariadb knows version {latest}. Install the carekit-mariadb "
                    "that wrote the database, or a newer one.",
                )
            )

    @contextlib.contextmanager
    def _connection(self, operation: str, *, write: bool) -> Iterator[pymysql.cursors.Cursor]:
        """A cursor on a pooled connection; with *write*, inside one transaction that
        commits when the block ends and rolls back when it raises."""
        conn = self._pool.acquire()
        broken = False
        try:
            cur = conn.cursor()
            try:
                if write:
                    conn.begin()
                    try:
                        yield cur
                    except BaseException:
                        conn.rollback()
                        raise
                    conn.commit()
                else:
                    yield cur
            finally:
                cur.close()
        except (pymysql.OperationalError, pymysql.InterfaceError) as exc:
            broken = True
            raise self._unavailable(operation, exc) from None
        except pymysql.err.InternalError as exc:
            broken = True
            raise self._unavailable(operation, exc) from None
        except pymysql.DataError as exc:
            # too long for its column (strict sql_mode refuses instead of truncating)
            raise UnstorableValueError(operation=operation, reason=_first_line(exc)) from None
        except BaseException:
            broken = not conn.open
            raise
        finally:
            self._pool.release(conn, broken=broken)

    # -- records ---------------------------------------------------------------------------
    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        """Write every item, its audit rows and one outbox row per event in one transaction
        (all or nothing): integrity checked, head rows locked, versions compared, then
        written."""
        if not items and not events:
            return []
        try:
            with self._connection("put_many", write=True) as cur:
                return self._put_many(cur, items, events)
        except pymysql.IntegrityError as exc:
            if exc.args[0] != ER_DUP_ENTRY:
                raise
            # another transaction created one of these ids (or wrote one of these versions)
            # meanwhile; this one waited for it to commit.  Nothing of this batch was written.
            raise self._conflict(items) from None

    def _put_many(
        self, cur: pymysql.cursors.Cursor, items: Sequence[PutItem], events: Sequence[DomainEvent]
    ) -> list[StoredRecord[Record]]:
        check_integrity(items, lambda ids: self._integrity(cur, ids))
        ids = list(dict.fromkeys(item.record.record_id for item in items))
        latest: dict[str, int | None] = dict.fromkeys(ids)
        latest.update(self._lock_heads(cur, sorted(ids)))
        at = utcnow()
        at_db = _naive_utc(at)
        versions: list[tuple[Any, ...]] = []
        audits: list[tuple[Any, ...]] = []
        heads: dict[str, tuple[bool, tuple[Any, ...]]] = {}
        out: list[StoredRecord[Record]] = []
        for item in items:
            record = item.record
            rid, kind, citizen, status, due = index_columns(record)
            actual = latest[rid]
            if actual != item.expected_version:
                raise ConflictError(rid, item.expected_version, actual)
            version = (actual or 0) + 1
            latest[rid] = version
            data = encode_record(record)
            versions.append((rid, version, kind, citizen, status, due, at_db, data))
            text, digest, key = search_columns(record, self.search_key)
            previous = heads.get(rid)
            is_new = previous[0] if previous is not None else item.expected_version is None
            heads[rid] = (
                is_new,
                (rid, version, kind, citizen, status, due, at_db, text, digest, key),
            )
            action = "create" if version == 1 else "update"
            audits.append((at_db, record.actor.id, action, rid, kind, citizen, version, None))
            out.append(StoredRecord(record, version, at))
        self._fault("put_many.checked")
        new = [h for is_new, h in heads.values() if is_new]
        old = [h for is_new, h in heads.values() if not is_new]
        if new:
            cur.executemany(self._sql["insert_head"], sorted(new))
        if old:
            cur.executemany(
                self._sql["update_head"],
                [(h[1], h[4], h[5], h[6], h[7], h[8], h[9], h[0]) for h in old],
            )
        if versions:
            cur.executemany(self._sql["insert_version"], versions)
        self._fault("put_many.records_written")
        if audits:
            cur.execute(self._sql["lock_audit"])
            cur.executemany(self._sql["insert_audit"], audits)
        written = {s.record_id: s.version for s in out}
        outbox = [
            (str(uuid.uuid4()), EVENT_TOPIC, key, payload, at_db, at_db)
            for key, payload in event_payloads(events, written)
        ]
        if outbox:
            cur.executemany(self._sql["insert_outbox"], outbox)
        return out

    def _integrity(self, cur: pymysql.cursors.Cursor, ids: list[str]) -> dict[str, tuple[str, str]]:
        """``{id: (kind, citizen_id)}`` of the stored records among *ids*, read in the write
        transaction for :func:`~carekit.store.backend.check_integrity`."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(ids):
            cur.execute(self._sql["integrity"].format(marks=_marks(len(chunk))), tuple(chunk))
            found.update((rid, (kind, citizen)) for rid, kind, citizen in cur.fetchall())
        return found

    def _lock_heads(self, cur: pymysql.cursors.Cursor, ids: list[str]) -> dict[str, int]:
        """Lock the head rows of *ids* (sorted: one lock order, no deadlocks) until commit
        and return their versions."""
        found: dict[str, int] = {}
        for chunk in _chunks(ids):
            cur.execute(self._sql["lock_heads"].format(marks=_marks(len(chunk))), tuple(chunk))
            found.update((rid, int(version)) for rid, version in cur.fetchall())
        return found

    def _conflict(self, items: Sequence[PutItem]) -> ConflictError:
        """The conflict of the first item (batch order) whose expected version is not the
        stored one now."""
        ids = list(dict.fromkeys(i.record.record_id for i in items))
        found: dict[str, int] = {}
        with self._connection("put_many", write=False) as cur:
            for chunk in _chunks(ids):
                cur.execute(
                    "SELECT record_id, version FROM record_heads WHERE record_id IN "  # noqa: S608 - only placeholders are formatted in
                    f"({_marks(len(chunk))})",
                    tuple(chunk),
                )
                found.update((rid, int(v)) for rid, v in cur.fetchall())
        for item in items:
            rid = item.record.record_id
            if found.get(rid) != item.expected_version:
                return ConflictError(rid, item.expected_version, found.get(rid))
        first = items[0]
        return ConflictError(first.record.record_id, first.expected_version, None)

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        if version is None:
            sql = f"{_SELECT_HEADS} WHERE h.record_id = %s"
            params: tuple[Any, ...] = (record_id,)
        else:
            sql = (
                "SELECT record_id, version, kind, stored_at, data FROM record_versions "
                "WHERE record_id = %s AND version = %s"
            )
            params = (record_id, version)
        with self._connection("get", write=self.audit_reads) as cur:
            cur.execute(sql, params)
            row = cur.fetchone()
            if row is None:
                raise RecordNotFoundError(record_id, version)
            stored = _stored(row)
            if self.audit_reads:
                rec = stored.record
                actor = reader.id if reader is not None else "unknown"
                cur.execute(self._sql["lock_audit"])
                cur.execute(
                    self._sql["insert_audit"],
                    (
                        _naive_utc(utcnow()),
                        actor,
                        "read",
                        record_id,
                        rec.kind,
                        str(rec.citizen_id),
                        stored.version,
                        None,
                    ),
                )
        return stored

    def history(self, record_id: str) -> list[StoredRecord[Record]]:
        with self._connection("history", write=False) as cur:
            cur.execute(
                "SELECT record_id, version, kind, stored_at, data FROM record_versions "
                "WHERE record_id = %s ORDER BY version",
                (record_id,),
            )
            rows = cur.fetchall()
        if not rows:
            raise RecordNotFoundError(record_id)
        return readable(rows, _stored)

    def query(
        self,
        *,
        kind: str | None = None,
        citizen_id: str | None = None,
        status: str | None = None,
        due_before: dt.date | None = None,
        limit: int | None = None,
    ) -> list[StoredRecord[Record]]:
        where = ["1 = 1"]
        params: list[Any] = []
        for fragment, value in (
            ("h.kind = %s", kind),
            ("h.citizen_id = %s", None if citizen_id is None else str(citizen_id)),
            ("h.status = %s", None if status is None else str(status)),
            ("h.due_on IS NOT NULL AND h.due_on < %s", due_before),
        ):
            if value is not None:
                where.append(fragment)
                params.append(value)
        sql = f"{_SELECT_HEADS} WHERE {' AND '.join(where)} ORDER BY h.kind, h.record_id"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._connection("query", write=False) as cur:
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        return readable(rows, _stored)

    def query_page(self, query: RecordQuery) -> list[StoredRecord[Record]]:
        """One page of the latest versions of ``query.kind`` matching every filter, in
        ``query.order``, strictly after ``query.after``, at most ``query.limit``: one range
        scan of an index of ``record_heads`` (see :func:`page_sql`)."""
        sql, params = page_sql(query)
        with self._connection("query_page", write=False) as cur:
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        return readable(rows, _stored)

    def use_search_key(self, key: bytes) -> None:
        """Hash CPR numbers under *key* from now on; citizens indexed under another key (or
        none) are re-indexed now, in one transaction."""
        name = key_fingerprint(key)
        self.search_key = key
        with self._connection("use_search_key", write=True) as cur:
            cur.execute(
                "SELECT h.record_id, v.data FROM record_heads h JOIN record_versions v "
                "ON v.record_id = h.record_id AND v.version = h.version "
                "WHERE h.kind = 'citizen' AND NOT (h.cpr_key <=> %s) "
                "ORDER BY h.record_id FOR UPDATE",
                (name,),
            )
            updates = []
            for rid, data in cur.fetchall():
                cpr = cpr_of_document(bytes(data))
                updates.append((cpr_digest(key, cpr) if cpr else None, name, rid))
            if updates:
                cur.executemany(
                    "UPDATE record_heads SET cpr_digest = %s, cpr_key = %s WHERE record_id = %s",
                    updates,
                )

    def citizens(self) -> list[str]:
        with self._connection("citizens", write=False) as cur:
            cur.execute(
                "SELECT record_id FROM record_heads WHERE kind = 'citizen' ORDER BY record_id"
            )
            return [r[0] for r in cur.fetchall()]

    def audit_log(
        self,
        *,
        record_id: str | None = None,
        citizen_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        where = ["1 = 1"]
        params: list[Any] = []
        if record_id is not None:
            where.append("record_id = %s")
            params.append(record_id)
        if citizen_id is not None:
            where.append("citizen_id = %s")
            params.append(str(citizen_id))
        sql = (
            "SELECT seq, at, actor_id, action, record_id, kind, citizen_id, version, detail "  # noqa: S608 - fixed fragments, values are parameters
            f"FROM audit WHERE {' AND '.join(where)} ORDER BY seq"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._connection("audit_log", write=False) as cur:
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        return [
            AuditEntry(
                seq=int(r[0]),
                at=_aware(r[1]),
                actor_id=r[2],
                action=r[3],
                record_id=r[4],
                kind=r[5],
                citizen_id=r[6],
                version=r[7],
                detail=r[8],
            )
            for r in rows
        ]

    # -- the read-access log ---------------------------------------------------------------
    def _write_access(self, entries: list[AccessEntry]) -> None:
        rows = [
            (_naive_utc(e.at), *access_values(e)[1:9], " ".join(e.kinds), " ".join(e.record_ids))
            for e in entries
        ]
        with self._connection("access_log", write=True) as cur:
            cur.executemany(
                "INSERT INTO access_log (at, actor_id, actor_name, actor_role, actor_kind, "
                "purpose, channel, operation, citizen_id, kinds, record_ids) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

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
        for column, value in (
            ("citizen_id = %s", None if citizen_id is None else str(citizen_id)),
            ("actor_id = %s", actor_id),
            ("at >= %s", None if since is None else _naive_utc(since)),
        ):
            if value is not None:
                where.append(column)
                params.append(value)
        sql = (
            "SELECT seq, at, actor_id, actor_name, actor_role, actor_kind, purpose, channel, "  # noqa: S608 - fixed fragments, values are parameters
            f"operation, citizen_id, kinds, record_ids FROM access_log WHERE {' AND '.join(where)} "
            "ORDER BY seq"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._connection("access_log", write=False) as cur:
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        return [entry_from_values(int(r[0]), (format_time(_aware(r[1])), *r[2:])) for r in rows]

    # -- outbox ----------------------------------------------------------------------------
    def enqueue(
        self,
        topic: str,
        payload: Mapping[str, Any],
        *,
        key: str | None = None,
        available_at: dt.datetime | None = None,
    ) -> OutboxItem | None:
        """Queue a message; ``None`` when an item with *key* exists.  ``UNIQUE (key)``
        decides: of two overlapping enqueues the second waits for the first to commit,
        then gets a duplicate key."""
        data = orjson.dumps(payload)
        at = _naive_utc(utcnow())
        due = _naive_utc(available_at) if available_at is not None else at
        item_id = str(uuid.uuid4())
        try:
            with self._connection("enqueue", write=True) as cur:
                self._fault("enqueue.checked")
                cur.execute(self._sql["insert_outbox"], (item_id, topic, key, data, at, due))
                cur.execute(self._sql["outbox_by_id"], (item_id,))
                row = cur.fetchone()
        except pymysql.IntegrityError as exc:
            if exc.args[0] != ER_DUP_ENTRY:
                raise
            return None
        assert row is not None
        return _outbox_item(row)

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        at = now or utcnow()
        lease = _naive_utc(at + dt.timedelta(seconds=lease_seconds))
        with self._connection("claim", write=True) as cur:
            cur.execute(self._sql["claim_select"], (_naive_utc(at), int(limit)))
            seqs = [int(r[0]) for r in cur.fetchall()]
            self._fault("claim.selected")
            if not seqs:
                return []
            marks = _marks(len(seqs))
            cur.execute(self._sql["claim_update"].format(marks=marks), (lease, *seqs))
            cur.execute(self._sql["outbox_by_seq"].format(marks=marks), tuple(seqs))
            rows = cur.fetchall()
        return [_outbox_item(r) for r in rows]

    def _check_status(
        self,
        cur: pymysql.cursors.Cursor,
        item_id: str,
        operation: str,
        allowed: tuple[OutboxStatus, ...],
    ) -> None:
        cur.execute(self._sql["outbox_status"], (item_id,))
        row = cur.fetchone()
        if row is None:
            raise OutboxItemNotFoundError(item_id)
        if row[0] not in allowed:
            raise OutboxStateError(item_id, row[0], operation, allowed)

    def complete(self, item_id: str) -> None:
        with self._connection("complete", write=True) as cur:
            self._check_status(cur, item_id, "complete", outbox_allowed("complete"))
            cur.execute("UPDATE outbox SET status = 'delivered' WHERE id = %s", (item_id,))

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        with self._connection("fail", write=True) as cur:
            self._check_status(cur, item_id, "fail", outbox_allowed("fail"))
            if retry_at is None:
                cur.execute(
                    "UPDATE outbox SET status = 'dead', last_error = %s WHERE id = %s",
                    (error, item_id),
                )
            else:
                cur.execute(
                    "UPDATE outbox SET status = 'pending', last_error = %s, "
                    "next_attempt_at = %s WHERE id = %s",
                    (error, _naive_utc(retry_at), item_id),
                )

    def retry(self, item_id: str) -> None:
        with self._connection("retry", write=True) as cur:
            self._check_status(cur, item_id, "retry", outbox_allowed("retry"))
            cur.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = %s WHERE id = %s",
                (_naive_utc(utcnow()), item_id),
            )

    def outbox(
        self, *, status: OutboxStatus | None = None, limit: int | None = None
    ) -> list[OutboxItem]:
        sql = f"SELECT {_OUTBOX_COLUMNS} FROM outbox"  # noqa: S608 - a fixed column list
        params: list[Any] = []
        if status is not None:
            sql += " WHERE status = %s"
            params.append(status)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._connection("outbox", write=False) as cur:
            cur.execute(sql, tuple(params))
            rows = cur.fetchall()
        return [_outbox_item(r) for r in rows]

    def event_feed(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, OutboxItem]]:
        """The event items after position *after* (``seq``, AUTO_INCREMENT, written under the
        audit lock so in commit order), at most *limit*: a range scan of the primary key,
        skipping the (few) non-event items on the way."""
        sql = (
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox "  # noqa: S608 - a fixed column list
            "WHERE seq > %s AND topic = %s ORDER BY seq LIMIT %s"
        )
        params = (int(after), EVENT_TOPIC, 2**62 if limit is None else int(limit))
        with self._connection("event_feed", write=False) as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        return [(int(r[0]), _outbox_item(r)) for r in rows]

    # -- maintenance and lifecycle ---------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The schema version in the database (equals ``LATEST`` once opened)."""
        with self._connection("schema_version", write=False) as cur:
            cur.execute("SELECT version FROM carekit_schema WHERE id = 1")
            row = cur.fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close the pooled connections (those in use close when they come back).
        Idempotent; every later call raises :class:`~carekit.errors.StoreClosedError`.
        Buffered access-log rows are written first."""
        try:
            self._close_access_log()
        finally:
            self._pool.close()


def page_sql(query: RecordQuery) -> tuple[str, list[Any]]:
    """The SELECT and parameters :meth:`MariaDBStore.query_page` runs for *query*."""
    where = ["h.kind = %s"]
    params: list[Any] = [query.kind]
    filters: list[tuple[str, Any]] = [
        ("h.citizen_id = %s", query.citizen_id),
        ("h.status = %s", query.status),
        (
            "h.stored_at >= %s",
            None if query.changed_since is None else _naive_utc(query.changed_since),
        ),
        ("h.due_on IS NOT NULL AND h.due_on < %s", query.due_before),
        ("h.cpr_digest = %s", query.cpr_digest),
    ]
    for fragment, value in filters:
        if value is not None:
            where.append(fragment)
            params.append(value)
    for word in query.words:
        # the driver quotes the parameter; the backslash is LIKE's escape character
        where.append("h.search LIKE %s ESCAPE '\\\\'")
        params.append(_like(word))
    after = query.after
    if query.order == "id":
        order = "h.record_id"
        if after is not None:
            where.append("h.record_id > %s")
            params.append(after.record_id)
    else:
        order = "h.stored_at, h.record_id"
        if after is not None:
            stamp = _naive_utc(after.stored_at)
            where.append("(h.stored_at > %s OR (h.stored_at = %s AND h.record_id > %s))")
            params += [stamp, stamp, after.record_id]
    sql = f"{_SELECT_HEADS} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s"
    params.append(int(query.limit))
    return sql, params
