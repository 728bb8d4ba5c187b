"""``PostgresStore``: the carekit storage contract on PostgreSQL, for several application
servers (processes, machines) sharing one database.

* **Records** are jsonb documents.  ``record_versions`` keeps every version (append-only,
  ``UNIQUE (record_id, version)``); ``record_heads`` keeps one row per record with the
  latest version, the indexed columns (kind, citizen, status, due date) and the latest
  document as text, so ``query()`` and ``get()`` read one table (migration 4).
* **Optimistic concurrency**: a write locks the head rows of the records it changes
  (``SELECT … FOR UPDATE`` in record-id order, so writers never deadlock) and compares the
  stored version with ``expected_version``; a create inserts the head row with
  ``ON CONFLICT DO NOTHING``, so of two concurrent creates of one id exactly one wins and
  the other gets :class:`~carekit.errors.ConflictError`.
* **Bulk import**: ``put_many`` streams the version rows with a binary ``COPY`` while it
  checks and encodes the records (each document encoded once, sent as bytes), then COPYs
  the head rows of the creates and the audit rows; the head checks are one statement for
  the whole batch.  Still one transaction.
* **Hash chain** (migration 5): every version and audit row carries ``chain_seq``,
  ``prev_hash`` and ``hash`` (:mod:`carekit.store._chain`), computed in the write
  transaction after locking the single ``chain_head`` row ``FOR UPDATE`` — after the record
  head rows, so writers still never deadlock — so concurrent writers cannot fork the chain.
  Versions keep the document as the exact text carekit wrote, which is what is hashed.
* **Audit** is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).  Audit rows are
  appended under a transaction-level advisory lock taken just before commit, so ``seq``
  order is commit order — a reader that has seen ``seq = n`` never later finds a smaller one.
* **Outbox** rows are written in the record's transaction; ``claim`` uses
  ``FOR UPDATE SKIP LOCKED`` and a lease, so many dispatcher processes can drain one outbox
  without handing an item to two of them.
* A dropped connection or an unreachable server raises
  :class:`~carekit_postgres.PostgresUnavailableError` (a ``StoreUnavailableError``); the
  transaction is rolled back by the server and the pool replaces the connection.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import gc
import heapq
import re
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, LiteralString, cast

import orjson
import psycopg
import psycopg_pool
from psycopg import sql
from psycopg.rows import TupleRow
from psycopg.types.json import Jsonb

from carekit.errors import ConflictError, RecordNotFoundError, StoreClosedError
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Actor, Record
from carekit.store import (
    ALL_CAPABILITIES,
    EVENT_TOPIC,
    AccessEntry,
    AuditEntry,
    CitizenErasedError,
    ErasureRefusedError,
    OutboxItem,
    OutboxItemNotFoundError,
    OutboxStateError,
    OutboxStatus,
    PutItem,
    RecordQuery,
    StoreCorruptError,
    StoredRecord,
)

# Shared with the built-in backends so that every backend encodes records, re-validates
# them on read, checks referential integrity and builds event payloads identically.
from carekit.store.backend import (
    ACCESS_TABLE,
    AUDIT_TABLE,
    ERASE_ACTION,
    RECORDS_TABLE,
    ChainHead,
    ChainReport,
    ChainRow,
    ChainWriter,
    Checkpoint,
    ErasureReport,
    KeyRing,
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
    key_fingerprint,
    no_key_finding,
    outbox_allowed,
    plaintext_finding,
    readable,
    record_aad,
    seal,
    search_columns,
    search_text_of_document,
    utcnow,
    verify,
)
from carekit_postgres._errors import (
    MigrationRequiredError,
    PostgresUnavailableError,
    UnstorableValueError,
)
from carekit_postgres._migrations import (
    LATEST,
    access_row_values,
    applied_version,
    audit_values,
    migrate,
    version_values,
)
from carekit_postgres._settings import parse_url, with_overrides

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["COPY_THRESHOLD", "PostgresStore"]

#: A document encrypted per citizen, as PostgreSQL's text columns hold it: this prefix and
#: the base64 of the envelope (carekit.store._crypto).  The chain hashes this text.
_SEALED = b"CKE1:"


def _seal_text(aead: AESGCM, data: bytes, aad: bytes) -> bytes:
    return _SEALED + base64.b64encode(seal(aead, data, aad))


#: Batches with at least this many items are written with COPY (smaller ones with INSERT).
COPY_THRESHOLD = 64

Conn = psycopg.Connection[TupleRow]

_SQL: dict[str, LiteralString] = {
    "lock_heads": (
        "SELECT record_id, version FROM {s}.record_heads WHERE record_id = ANY(%s) "
        "ORDER BY record_id FOR UPDATE"
    ),
    "insert_heads": (
        "INSERT INTO {s}.record_heads "
        "(record_id, version, kind, citizen_id, status, due_on, stored_at, doc, search, "
        "cpr_digest, cpr_key, doc_version) "
        "SELECT *, version FROM unnest(%s::text[], %s::int[], %s::text[], %s::text[], "
        "%s::text[], %s::date[], %s::timestamptz[], %s::text[], %s::text[], %s::text[], "
        "%s::text[]) AS b(record_id, version, kind, citizen_id, status, due_on, stored_at, doc, "
        "search, cpr_digest, cpr_key) ORDER BY 1 "
        "ON CONFLICT (record_id) DO NOTHING RETURNING record_id"
    ),
    "update_heads": (
        "UPDATE {s}.record_heads h SET version = b.version, kind = b.kind, "
        "citizen_id = b.citizen_id, status = b.status, due_on = b.due_on, "
        "stored_at = b.stored_at, doc = b.doc, doc_version = b.version, search = b.search, "
        "cpr_digest = b.cpr_digest, cpr_key = b.cpr_key "
        "FROM unnest(%s::text[], %s::int[], %s::text[], %s::text[], %s::text[], "
        "%s::date[], %s::timestamptz[], %s::text[], %s::text[], %s::text[], %s::text[]) "
        "AS b(record_id, version, kind, citizen_id, status, due_on, stored_at, doc, search, "
        "cpr_digest, cpr_key) WHERE h.record_id = b.record_id"
    ),
    "integrity_heads": (
        "SELECT record_id, kind, citizen_id FROM {s}.record_heads WHERE record_id = ANY(%s)"
    ),
    "head_version": "SELECT version FROM {s}.record_heads WHERE record_id = %s",
    "head_versions": ("SELECT record_id, version FROM {s}.record_heads WHERE record_id = ANY(%s)"),
    "copy_heads": (
        "COPY {s}.record_heads "
        "(record_id, version, kind, citizen_id, status, due_on, stored_at, doc, search, "
        "cpr_digest, cpr_key, doc_version) FROM STDIN (FORMAT binary)"
    ),
    "insert_version": (
        "INSERT INTO {s}.record_versions (record_id, version, kind, citizen_id, status, "
        "due_on, stored_at, data, chain_seq, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "copy_versions": (
        "COPY {s}.record_versions (record_id, version, kind, citizen_id, status, due_on, "
        "stored_at, data, chain_seq, prev_hash, hash) FROM STDIN (FORMAT binary)"
    ),
    "chain_lock": "SELECT chain_id, seq, hash FROM {s}.chain_head WHERE id = 1 FOR UPDATE",
    "chain_head": "SELECT chain_id, seq, hash FROM {s}.chain_head WHERE id = 1",
    "chain_store": "UPDATE {s}.chain_head SET seq = %s, hash = %s WHERE id = 1",
    "chain_versions": (
        "SELECT chain_seq, prev_hash, hash, record_id, version, kind, citizen_id, status, "
        "due_on, stored_at, convert_to(data, 'UTF8') FROM {s}.record_versions "
        "ORDER BY chain_seq"
    ),
    "chain_audit": (
        "SELECT chain_seq, prev_hash, hash, at, actor_id, action, record_id, kind, "
        "citizen_id, version, detail, seq FROM {s}.audit ORDER BY chain_seq"
    ),
    "add_checkpoint": (
        "INSERT INTO {s}.chain_checkpoints (seq, chain_id, head, at, public_key, signature) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    ),
    "checkpoints": (
        "SELECT chain_id, seq, head, at, public_key, signature FROM {s}.chain_checkpoints "
        "ORDER BY added"
    ),
    "chain_access": (
        "SELECT chain_seq, prev_hash, hash, at, actor_id, actor_name, actor_role, actor_kind, "
        "purpose, channel, operation, citizen_id, kinds, record_ids, seq FROM {s}.access_log "
        "ORDER BY chain_seq"
    ),
    "insert_access": (
        "INSERT INTO {s}.access_log (at, actor_id, actor_name, actor_role, actor_kind, "
        "purpose, channel, operation, citizen_id, kinds, record_ids, chain_seq, prev_hash, "
        "hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "copy_access": (
        "COPY {s}.access_log (at, actor_id, actor_name, actor_role, actor_kind, purpose, "
        "channel, operation, citizen_id, kinds, record_ids, chain_seq, prev_hash, hash) "
        "FROM STDIN"
    ),
    "access_log": (
        "SELECT seq, at, actor_id, actor_name, actor_role, actor_kind, purpose, channel, "
        "operation, citizen_id, kinds, record_ids FROM {s}.access_log WHERE {where} ORDER BY seq"
    ),
    "audit_lock": "SELECT pg_advisory_xact_lock(hashtext(%s))",
    "insert_audit": (
        "INSERT INTO {s}.audit (at, actor_id, action, record_id, kind, citizen_id, version, "
        "detail, chain_seq, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ),
    "copy_audit": (
        "COPY {s}.audit (at, actor_id, action, record_id, kind, citizen_id, version, detail, "
        "chain_seq, prev_hash, hash) FROM STDIN (FORMAT binary)"
    ),
    "insert_outbox": (
        "INSERT INTO {s}.outbox (id, topic, key, payload, status, attempts, created_at, "
        "next_attempt_at) VALUES (%s, %s, %s, %s, 'pending', 0, %s, %s) "
        "ON CONFLICT DO NOTHING RETURNING seq, id, topic, key, payload, status, attempts, "
        "created_at, next_attempt_at, last_error"
    ),
    # Record reads return the document as bytea (convert_to), which a binary cursor hands
    # over as bytes without decoding: pydantic parses bytes faster than str.
    "get_latest": (
        "SELECT record_id, version, kind, stored_at, convert_to(doc, 'UTF8'), citizen_id "
        "FROM {s}.record_heads WHERE record_id = %s"
    ),
    "get_version": (
        "SELECT record_id, version, kind, stored_at, convert_to(data::text, 'UTF8'), "
        "citizen_id FROM {s}.record_versions "
        "WHERE record_id = %s AND version = %s"
    ),
    "history": (
        "SELECT record_id, version, kind, stored_at, convert_to(data::text, 'UTF8'), "
        "citizen_id FROM {s}.record_versions "
        "WHERE record_id = %s ORDER BY version"
    ),
    "query": (
        "SELECT h.record_id, h.version, h.kind, h.stored_at, convert_to(h.doc, 'UTF8'), "
        "h.citizen_id FROM {s}.record_heads h WHERE {where} ORDER BY h.kind, h.record_id"
    ),
    "page": (
        "SELECT h.record_id, h.version, h.kind, h.stored_at, convert_to(h.doc, 'UTF8'), "
        "h.citizen_id FROM {s}.record_heads h WHERE {where} ORDER BY {order} LIMIT %s"
    ),
    "unindexed": (
        "SELECT record_id, kind, doc FROM {s}.record_heads WHERE search IS NULL "
        "AND doc NOT LIKE 'CKE1:%%' ORDER BY record_id LIMIT 5000"
    ),
    "key_of": "SELECT wrapped FROM {s}.citizen_keys WHERE citizen_id = %s",
    "key_insert": (
        "INSERT INTO {s}.citizen_keys (citizen_id, store_key_id, wrapped, created_at) "
        "VALUES (%s, %s, %s, now())"
    ),
    "any_key": "SELECT 1 FROM {s}.citizen_keys LIMIT 1",
    "other_store_key": "SELECT 1 FROM {s}.citizen_keys WHERE store_key_id <> %s LIMIT 1",
    "erase_versions": (
        "SELECT record_id, version, kind, left(data, 5) FROM {s}.record_versions "
        "WHERE citizen_id = %s ORDER BY record_id, version"
    ),
    "erase_key": (
        "UPDATE {s}.citizen_keys SET wrapped = NULL, erased_at = now() "
        "WHERE citizen_id = %s AND wrapped IS NOT NULL RETURNING 1"
    ),
    "may_vacuum": (
        "SELECT bool_and(pg_has_role(current_user, c.relowner, 'MEMBER')) "
        "OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = ANY(%s)"
    ),
    "erase_key_state": "SELECT wrapped IS NULL FROM {s}.citizen_keys WHERE citizen_id = %s",
    # the head keeps only the ciphertext (doc) and non-personal columns
    "erase_heads": (
        "UPDATE {s}.record_heads SET search = '', cpr_digest = NULL, cpr_key = NULL "
        "WHERE citizen_id = %s"
    ),
    "erase_outbox": (
        "UPDATE {s}.outbox SET payload = '{{\"erased\": true}}'::jsonb, "
        "status = 'delivered', last_error = NULL "
        "WHERE (payload ->> 'citizen_id' = %s "
        "OR payload -> 'notification' ->> 'citizen_id' = %s) "
        "AND NOT payload ? 'erased' RETURNING 1"
    ),
    "set_search": (
        "UPDATE {s}.record_heads h SET search = b.search "
        "FROM unnest(%s::text[], %s::text[]) AS b(record_id, search) "
        "WHERE h.record_id = b.record_id"
    ),
    "other_key": (
        "SELECT record_id, doc, version, citizen_id FROM {s}.record_heads "
        "WHERE kind = 'citizen' AND cpr_key IS DISTINCT FROM %s FOR UPDATE"
    ),
    "set_cpr": (
        "UPDATE {s}.record_heads h SET cpr_digest = b.digest, cpr_key = %s "
        "FROM unnest(%s::text[], %s::text[]) AS b(record_id, digest) "
        "WHERE h.record_id = b.record_id"
    ),
    "citizens": (
        "SELECT record_id FROM {s}.record_heads WHERE kind = 'citizen' ORDER BY record_id"
    ),
    "audit_log": (
        "SELECT seq, at, actor_id, action, record_id, kind, citizen_id, version, detail "
        "FROM {s}.audit WHERE {where} ORDER BY seq"
    ),
    "claim": (
        "WITH due AS (SELECT seq FROM {s}.outbox "
        "WHERE status IN ('pending', 'in_flight') AND next_attempt_at <= %s "
        "ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED) "
        "UPDATE {s}.outbox o SET status = 'in_flight', attempts = o.attempts + 1, "
        "next_attempt_at = %s FROM due WHERE o.seq = due.seq "
        "RETURNING o.seq, o.id, o.topic, o.key, o.payload, o.status, o.attempts, "
        "o.created_at, o.next_attempt_at, o.last_error"
    ),
    "outbox_status": "SELECT status FROM {s}.outbox WHERE id = %s FOR UPDATE",
    "complete": "UPDATE {s}.outbox SET status = 'delivered' WHERE id = %s",
    "dead": "UPDATE {s}.outbox SET status = 'dead', last_error = %s WHERE id = %s",
    "reschedule": (
        "UPDATE {s}.outbox SET status = 'pending', last_error = %s, next_attempt_at = %s "
        "WHERE id = %s"
    ),
    "retry": "UPDATE {s}.outbox SET status = 'pending', next_attempt_at = %s WHERE id = %s",
    "outbox": (
        "SELECT seq, id, topic, key, payload, status, attempts, created_at, next_attempt_at, "
        "last_error FROM {s}.outbox WHERE {where} ORDER BY seq"
    ),
    "event_feed": (
        "SELECT seq, id, topic, key, payload, status, attempts, created_at, next_attempt_at, "
        "last_error FROM {s}.outbox WHERE topic = %s AND seq > %s ORDER BY seq LIMIT %s"
    ),
}


# Column types of the binary COPYs.  A document travels as the UTF-8 bytes it was encoded
# to, once per record: "bytea" only picks psycopg's pass-through dumper (binary COPY sends no
# type oids; the server reads the bytes with the column's own input function, text_recv for
# ``record_heads.doc`` and ``record_versions.data``, validating the encoding).
_CHAIN_TYPES = ("int8", "bytea", "bytea")
_HEAD_TYPES = (
    "text",
    "int4",
    "text",
    "text",
    "text",
    "date",
    "timestamptz",
    "bytea",
    "text",
    "text",
    "text",
    "int4",
)
_VERSION_TYPES = (
    "text",
    "int4",
    "text",
    "text",
    "text",
    "date",
    "timestamptz",
    "bytea",
    *_CHAIN_TYPES,
)
_AUDIT_TYPES = (
    "timestamptz",
    "text",
    "text",
    "text",
    "text",
    "text",
    "int4",
    "text",
    *_CHAIN_TYPES,
)

# A NUL character in a document (JSON "\u0000" not preceded by an escaping backslash):
# PostgreSQL text cannot hold it once decoded, and the outbox's jsonb refuses it, so it is
# refused up front as before (when versions were jsonb).
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


#: Results with at least this many rows are decoded with the garbage collector paused.
GC_PAUSE_ROWS = 256


@contextlib.contextmanager
def _gc_paused(rows: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while *rows* records are decoded.

    Decoding allocates tens of container objects per record that all survive (they are
    the result); with the collector on, every 700 allocations start a collection and every
    few of those a full one that walks every object the process holds, which cost more
    than the decoding itself (``benchmarks/bench_postgres.py``).  Paused, the new objects
    are examined once, at the next allocation after the loop.  Reference counting frees
    memory as usual meanwhile.  A collector that was already off stays off.  (Mercurial's
    ``util.nogc`` does the same for the same reason.)
    """
    if rows < GC_PAUSE_ROWS or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _json_text(value: str) -> str:
    return value


def _due(record: Record) -> dt.date | None:
    return record.due_on()


def _head_columns(heads: Sequence[tuple[Any, ...]]) -> list[list[Any]]:
    """The head rows (without their create flag) as one list per column, for unnest();
    the document as ``str`` (the arrays are sent as ``text[]``)."""
    columns = [list(col) for col in zip(*(h[1:8] for h in heads), strict=True)]
    columns.append([h[8].decode() for h in heads])
    columns += [list(col) for col in zip(*(h[9:12] for h in heads), strict=True)]
    return columns


def _scrub_credentials(reason: str, conninfo: str) -> str:
    """*reason* (libpq's words) without any part of the password: a password with an
    unencoded ``@`` makes libpq read its tail as the host name (``failed to resolve host
    'ss@127.0.0.1'``), so every piece of it is masked, and so is anything before an ``@``
    in a quoted host."""
    netloc = urllib.parse.urlsplit(conninfo).netloc
    userinfo = netloc.rpartition("@")[0]
    password = urllib.parse.unquote(userinfo.partition(":")[2]) if ":" in userinfo else ""
    pieces = {password, *re.split(r"[@:/]", password)} if password else set()
    for piece in sorted((p for p in pieces if len(p) >= 2), key=len, reverse=True):
        reason = reason.replace(piece, "***")
    return re.sub(r"'[^'\s]*@", "'***@", reason)


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, psycopg.Error) and exc.diag.message_primary:
        return exc.diag.message_primary
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _outbox_item(row: Sequence[Any]) -> OutboxItem:
    return OutboxItem(
        id=row[1],
        topic=row[2],
        key=row[3],
        payload=row[4],
        status=cast(OutboxStatus, row[5]),
        attempts=row[6],
        created_at=row[7],
        next_attempt_at=row[8],
        last_error=row[9],
    )


class _Staged:
    """A batch checked in memory: versions, head rows and version rows to write.

    Documents are kept as the bytes ``encode_record`` returned; the binary COPYs send those
    bytes as they are (to ``record_versions`` and ``record_heads``), only the INSERT path of
    small batches decodes them to ``str``.  ``version_rows`` is filled for small batches
    only: bulk batches stream their version rows straight into the COPY.
    """

    def __init__(self) -> None:
        self.out: list[StoredRecord[Record]] = []
        self.version_rows: list[tuple[Any, ...]] = []
        self.audit_rows: list[tuple[Any, ...]] = []
        self.heads: dict[str, tuple[Any, ...]] = {}
        self.chain: ChainWriter | None = None
        #: The ciphers of the batch's citizens (``None``: a plaintext store).
        self.ciphers: dict[str, AESGCM] | None = None


class PostgresStore(StoreBase):
    """A :class:`~carekit.store.Store` in PostgreSQL (``postgresql://user@host/db``).

    Open it with a URL; keyword arguments override the URL's options::

        store = PostgresStore("postgresql://care@db.example:5432/care?schema=carekit")

    One store holds one connection pool (``pool_min_size``..``pool_max_size``) and is safe to
    share between the threads of a process; open one store per process.
    """

    capabilities = ALL_CAPABILITIES

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        pool_min_size: int | None = None,
        pool_max_size: int | None = None,
        audit_reads: bool | None = None,
        migrate: bool | None = None,
    ) -> None:
        settings = parse_url(url)
        overrides: dict[str, Any] = {
            "schema": schema,
            "pool_min_size": pool_min_size,
            "pool_max_size": pool_max_size,
            "audit_reads": audit_reads,
            "migrate": migrate,
        }
        settings = with_overrides(settings, **{k: v for k, v in overrides.items() if v is not None})
        self.settings = settings
        self.url = settings.masked
        self.schema = settings.schema
        self.audit_reads = settings.audit_reads
        self._closed = False
        #: The store key and the citizens' ciphers (``store_key`` None: plaintext store).
        self._keys = KeyRing(self.url)
        self._start_access_log()
        self._schema_id = sql.Identifier(settings.schema)
        self._sql = {
            name: sql.SQL(text).format(s=self._schema_id)
            for name, text in _SQL.items()
            if "{where}" not in text and "{order}" not in text
        }
        self._audit_lock_key = f"carekit_postgres.audit:{settings.schema}"
        #: Test hook: called with the connection inside a write transaction, just before
        #: commit.  Used to prove that a connection dropped mid-transaction writes nothing.
        self._before_commit: Callable[[Conn], None] | None = None
        self._prepare_schema()
        self._pool: psycopg_pool.ConnectionPool[Conn] = psycopg_pool.ConnectionPool(
            settings.conninfo,
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            timeout=settings.pool_timeout,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(settings.pool_timeout))},
            check=psycopg_pool.ConnectionPool.check_connection,
            name=f"carekit:{settings.where}",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=settings.pool_timeout)
        except psycopg_pool.PoolTimeout as exc:
            self._pool.close()
            raise self._unavailable("open the connection pool", exc) from None
        try:
            self._index_search()
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> PostgresStore:
        """Factory used by the plugin descriptor."""
        return cls(url)

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"

    # -- connections and transactions ------------------------------------------------------
    def _unavailable(self, operation: str, exc: BaseException) -> PostgresUnavailableError:
        return PostgresUnavailableError(
            url=self.url,
            where=self.settings.where,
            operation=operation,
            reason=_scrub_credentials(_first_line(exc), self.settings.conninfo),
        )

    def _prepare_schema(self) -> None:
        """Connect once, check the schema version and apply missing migrations."""
        s = self.settings
        try:
            conn = psycopg.connect(
                s.conninfo, autocommit=True, connect_timeout=max(1, int(s.pool_timeout))
            )
        except psycopg.OperationalError as exc:
            raise self._unavailable("connect", exc) from None
        with conn:
            try:
                if s.migrate:
                    migrate(conn, schema=s.schema, url=s.masked)
                else:
                    found = applied_version(conn, s.schema)
                    if found < LATEST:
                        raise MigrationRequiredError(
                            url=s.masked, schema=s.schema, found=found, needed=LATEST
                        )
                    if found > LATEST:
                        migrate(conn, schema=s.schema, url=s.masked)  # raises: too new
            except psycopg.OperationalError as exc:
                raise self._unavailable("migrate", exc) from None

    @contextlib.contextmanager
    def _connection(self, operation: str, *, write: bool) -> Iterator[Conn]:
        if self._closed:
            raise StoreClosedError
        try:
            with self._pool.connection() as conn:
                if write:
                    with conn.transaction():
                        yield conn
                else:
                    yield conn
        except psycopg.OperationalError as exc:
            # Connection lost, server shut down, deadlock or serialisation failure: the
            # server rolled the transaction back; the pool discards a broken connection.
            raise self._unavailable(operation, exc) from None
        except psycopg_pool.PoolClosed as exc:
            raise self._unavailable(operation, exc) from None
        except psycopg_pool.PoolTimeout as exc:
            raise self._unavailable(operation, exc) from None

    # -- records ---------------------------------------------------------------------------

    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        if not items and not events:
            return []
        bulk = len(items) >= COPY_THRESHOLD
        first: dict[str, int | None] = {}
        for item in items:
            first.setdefault(item.record.record_id, item.expected_version)
        # Small batches lock every head row they touch, so a conflict is found before
        # anything is written.  Bulk batches lock only the records they update; their
        # creates are COPYed into record_heads, whose primary key refuses an existing id.
        locked = sorted(rid for rid, expected in first.items() if expected is not None or not bulk)
        reads = self._take_access() if items else []
        try:
            with _gc_paused(len(items)), self._connection("put_many", write=True) as conn:
                check_integrity(items, lambda ids: self._integrity_heads(conn, ids))
                at = utcnow()
                staged = _Staged()
                staged.ciphers = self._write_keys(conn, {str(i.record.citizen_id) for i in items})
                rows = self._check_versions(conn, items, locked, at, staged)
                if bulk:
                    # Records are checked and encoded while the COPY streams their version
                    # rows, so the server parses the documents meanwhile; a conflict found
                    # on the way aborts the COPY and the transaction.  Head rows need the
                    # whole batch (the last version of each record), so they come after.
                    self._copy_versions(conn, rows)
                    self._fault("put_many.checked")
                    self._write_heads(conn, staged, bulk=True)
                else:
                    # check everything before writing anything
                    staged.version_rows.extend(rows)
                    self._fault("put_many.checked")
                    self._write_heads(conn, staged, bulk=False)
                    self._insert_versions(conn, staged.version_rows)
                self._fault("put_many.records_written")
                self._lock_audit(conn)
                self._write_audit(conn, staged.audit_rows)
                if staged.chain is not None:
                    self._insert_access(conn, staged.chain, reads)
                    self._store_chain(conn, staged.chain)
                self._write_events(conn, events, staged, at)
                if self._before_commit is not None:
                    self._before_commit(conn)
        except psycopg.errors.UniqueViolation:
            self._restore_access(reads)
            # only a bulk create of an id that exists (or that another transaction created
            # and committed meanwhile) gets here; nothing was written
            raise self._create_conflict([rid for rid, e in first.items() if e is None]) from None
        except psycopg.errors.UntranslatableCharacter as exc:
            self._restore_access(reads)
            raise UnstorableValueError(record_ids=tuple(first), reason=_first_line(exc)) from None
        except BaseException:
            self._restore_access(reads)
            raise
        self._keys.remember(staged.ciphers)
        return staged.out

    # -- encryption at rest ----------------------------------------------------------------
    def use_data_key(self, key: bytes) -> None:
        """Encrypt every new version under its citizen's data key, wrapped by the store key
        *key*, and decrypt reads (see ``docs/privacy.md``); another key than the one this
        store's data keys were wrapped with raises :class:`~carekit.store.DataKeyError`."""

        def other(fingerprint: str) -> bool:
            with self._connection("use_data_key", write=False) as conn:
                return (
                    conn.execute(self._sql["other_store_key"], (fingerprint,)).fetchone()
                    is not None
                )

        self._keys.use(key, other_key_in_store=other)

    def _write_keys(self, conn: Conn, citizens: set[str]) -> dict[str, AESGCM] | None:
        def lookup(citizen: str) -> tuple[bytes | None] | None:
            row = conn.execute(self._sql["key_of"], (citizen,)).fetchone()
            return None if row is None else (bytes(row[0]) if row[0] is not None else None,)

        return self._keys.for_writes(
            citizens,
            lookup=lookup,
            insert=lambda c, name, wrapped: conn.execute(
                self._sql["key_insert"], (c, name, wrapped)
            ),
            store_has_keys=lambda: conn.execute(self._sql["any_key"]).fetchone() is not None,
        )

    def _key_lookup(self, citizen: str) -> tuple[bytes | None] | None:
        with self._connection("read key", write=False) as conn:
            row = conn.execute(self._sql["key_of"], (citizen,)).fetchone()
        return None if row is None else (bytes(row[0]) if row[0] is not None else None,)

    def _plain(self, record_id: str, version: int, citizen: str, data: bytes) -> bytes:
        """The JSON document of a stored version (decrypted when it is sealed)."""
        if not data.startswith(_SEALED):
            return data
        try:
            envelope = base64.b64decode(data[len(_SEALED) :], validate=True)
        except (binascii.Error, ValueError):
            raise StoreCorruptError(
                record_id, version, Text("ugyldig krypteret tekst", "malformed encrypted text")
            ) from None
        return self._keys.open(record_id, version, citizen, envelope, self._key_lookup)

    # -- erasure (crypto-shredding) --------------------------------------------------------
    def erase_citizen(self, citizen_id: str, *, actor_id: str, reason: str) -> ErasureReport:
        """Erase the citizen's data by destroying their data key, in one transaction: the
        wrapped key is overwritten, the citizen's head rows keep only the ciphertext (search
        text and CPR digest blanked), their outbox items are blanked and marked delivered,
        and an ``erase`` audit row is chained.  The application role needs no DELETE right.
        Then ``VACUUM FULL`` rewrites ``citizen_keys``, ``record_heads`` and ``outbox`` so
        the old row versions leave the table files (needs the owner role; otherwise the
        report says so).  Refusals as for SQLite (:class:`~carekit.store.ErasureRefusedError`)."""
        citizen = str(citizen_id)
        if self._keys.store_key is None:
            raise ErasureRefusedError(citizen, (no_key_finding(),))
        self.flush_access_log()
        with self._connection("erase_citizen", write=True) as conn:
            rows = conn.execute(self._sql["erase_versions"], (citizen,)).fetchall()
            kinds_of = {r[0]: r[2] for r in rows}
            if kinds_of.get(citizen) != "citizen":
                raise RecordNotFoundError(citizen)
            state = conn.execute(self._sql["erase_key_state"], (citizen,)).fetchone()
            if state is not None and state[0]:
                raise CitizenErasedError(citizen, 0, citizen)
            plain = [(r[0], int(r[1])) for r in rows if r[3] != _SEALED.decode()]
            if plain:
                raise ErasureRefusedError(citizen, (plaintext_finding(plain),))
            chain = self._lock_chain(conn)
            conn.execute(self._sql["erase_key"], (citizen,))
            conn.execute(self._sql["erase_heads"], (citizen,))
            removed = len(conn.execute(self._sql["erase_outbox"], (citizen, citizen)).fetchall())
            at = utcnow()
            audit = (
                format_time(at),
                actor_id,
                ERASE_ACTION,
                citizen,
                "citizen",
                citizen,
                None,
                reason,
            )
            link = chain.link(AUDIT_TABLE, audit)
            self._lock_audit(conn)
            self._write_audit(conn, [(at, *audit[1:], *link)])
            self._store_chain(conn, chain)
        self._keys.forget(citizen)
        kinds: dict[str, int] = {}
        for kind in kinds_of.values():
            kinds[kind] = kinds.get(kind, 0) + 1
        scrubbed, note = self._vacuum()
        return ErasureReport(
            citizen_id=citizen,
            at=at,
            actor_id=actor_id,
            records=len(kinds_of),
            versions=len(rows),
            kinds=dict(sorted(kinds.items())),
            outbox_removed=removed,
            scrubbed=scrubbed,
            scrub_note=note,
        )

    def _vacuum(self) -> tuple[bool, Text | None]:
        tables = sql.SQL(", ").join(
            sql.Identifier(self.schema, t) for t in ("citizen_keys", "record_heads", "outbox")
        )
        names = ["citizen_keys", "record_heads", "outbox"]
        with self._connection("vacuum", write=False) as conn:
            # a role that does not own the tables gets only a warning from VACUUM
            owner = conn.execute(self._sql["may_vacuum"], (self.schema, names)).fetchone()
            if owner is not None and owner[0]:
                conn.execute(sql.SQL("VACUUM FULL {}").format(tables))
                return True, None
        problem = "not the tables' owner"
        return False, Text(
            "Nøglen er destrueret, men de gamle rækkeversioner kunne ikke fjernes fra "
            f"tabelfilerne ({problem}). Kør som ejerrollen: VACUUM FULL {self.schema}."
            "citizen_keys, record_heads, outbox.",
            "The key was destroyed, but the old row versions could not be removed from the "
            f"table files ({problem}). Run as the owner role: VACUUM FULL {self.schema}."
            "citizen_keys, record_heads, outbox.",
        )

    def _integrity_heads(self, conn: Conn, ids: list[str]) -> dict[str, tuple[str, str]]:
        """``{id: (kind, citizen_id)}`` of the stored records among *ids*, read in the write
        transaction for :func:`~carekit.store.backend.check_integrity`."""
        rows = conn.execute(self._sql["integrity_heads"], (ids,)).fetchall()
        return {rid: (kind, citizen) for rid, kind, citizen in rows}

    def _create_conflict(self, creates: list[str]) -> ConflictError:
        """The first of *creates* (batch order) that exists now."""
        with self._connection("put_many", write=False) as conn:
            rows = conn.execute(self._sql["head_versions"], (creates,)).fetchall()
        found = {rid: int(version) for rid, version in rows}
        for rid in creates:
            if rid in found:
                return ConflictError(rid, None, found[rid])
        return ConflictError(creates[0] if creates else "?", None, None)

    def _check_versions(
        self,
        conn: Conn,
        items: Sequence[PutItem],
        locked: list[str],
        at: dt.datetime,
        staged: _Staged,
    ) -> Iterator[tuple[Any, ...]]:
        """Lock the head rows of *locked* now; then, lazily, check each item's expected
        version (:class:`ConflictError` at the first stale one), encode it, yield its
        version row and add its audit row, head row and result to *staged*."""
        latest: dict[str, int | None] = {}
        if locked:
            rows = conn.execute(self._sql["lock_heads"], (locked,)).fetchall()
            latest.update((rid, int(version)) for rid, version in rows)
        staged.chain = self._lock_chain(conn) if items else None
        return self._stage(items, latest, at, staged, self.search_key)

    def _lock_chain(self, conn: Conn) -> ChainWriter:
        """Lock the chain head row until commit (after the record heads: one lock order)."""
        row = conn.execute(self._sql["chain_lock"]).fetchone()
        if row is None:
            raise RuntimeError(f"{self.url}: the chain_head row is missing")
        return ChainWriter(ChainHead(row[0], int(row[1]), bytes(row[2])))

    def _store_chain(self, conn: Conn, chain: ChainWriter) -> None:
        conn.execute(self._sql["chain_store"], (chain.seq, chain.hash))

    @staticmethod
    def _stage(
        items: Sequence[PutItem],
        latest: dict[str, int | None],
        at: dt.datetime,
        staged: _Staged,
        search_key: bytes | None,
    ) -> Iterator[tuple[Any, ...]]:
        chain = staged.chain
        assert chain is not None
        at_text = format_time(at)
        for item in items:
            record = item.record
            rid = record.record_id
            actual = latest.get(rid)
            if actual != item.expected_version:
                raise ConflictError(rid, item.expected_version, actual)
            version = (actual or 0) + 1
            latest[rid] = version
            kind = record.kind
            citizen = str(record.citizen_id)
            status_value = getattr(record, "status", None)
            status = str(status_value) if status_value is not None else None
            due = _due(record)
            data = encode_record(record)
            if b"\\u0000" in data and _NUL.search(data):
                raise UnstorableValueError(
                    record_ids=(rid,), reason="unsupported Unicode escape sequence"
                )
            if staged.ciphers is not None:
                data = _seal_text(staged.ciphers[citizen], data, record_aad(rid, version, citizen))
            due_text = due.isoformat() if due is not None else None
            values = (rid, version, kind, citizen, status, due_text, at_text, data)
            yield (
                rid,
                version,
                kind,
                citizen,
                status,
                due,
                at,
                data,
                *chain.link(RECORDS_TABLE, values),
            )
            action = "create" if version == 1 else "update"
            audit = (at_text, record.actor.id, action, rid, kind, citizen, version, None)
            staged.audit_rows.append((at, *audit[1:], *chain.link(AUDIT_TABLE, audit)))
            # the last version of each record in the batch becomes its head; remember
            # whether the head row exists already (update) or must be inserted (create)
            previous = staged.heads.get(rid)
            is_new = previous[0] if previous is not None else item.expected_version is None
            search = search_columns(record, search_key)
            staged.heads[rid] = (
                is_new,
                rid,
                version,
                kind,
                citizen,
                status,
                due,
                at,
                data,
                *search,
            )
            staged.out.append(StoredRecord(record, version, at))

    def _write_heads(self, conn: Conn, staged: _Staged, *, bulk: bool) -> None:
        creates = sorted((h for h in staged.heads.values() if h[0]), key=lambda h: h[1])
        updates = [h for h in staged.heads.values() if not h[0]]
        if creates and bulk:
            with conn.cursor() as cur, cur.copy(self._sql["copy_heads"]) as copy:
                copy.set_types(_HEAD_TYPES)
                for head in creates:
                    copy.write_row((*head[1:], head[2]))  # doc_version = version
        elif creates:
            columns = _head_columns(creates)
            inserted = {r[0] for r in conn.execute(self._sql["insert_heads"], columns).fetchall()}
            if len(inserted) != len(creates):
                # another transaction created one of these ids after our check: it won
                for head in creates:
                    if head[1] not in inserted:
                        row = conn.execute(self._sql["head_version"], (head[1],)).fetchone()
                        raise ConflictError(head[1], None, int(row[0]) if row else None)
        if updates:
            columns = _head_columns(updates)
            conn.execute(self._sql["update_heads"], columns)

    def _write_events(
        self, conn: Conn, events: Sequence[DomainEvent], staged: _Staged, at: dt.datetime
    ) -> None:
        if not events:
            return
        versions = {s.record_id: s.version for s in staged.out}
        payloads = event_payloads(events, versions)
        if not payloads:
            return
        rows = [
            (str(uuid.uuid4()), EVENT_TOPIC, key, Jsonb(payload.decode(), dumps=_json_text), at, at)
            for key, payload in payloads
        ]
        with conn.cursor() as cur:
            cur.executemany(self._sql["insert_outbox"], rows)

    def _copy_versions(self, conn: Conn, rows: Iterator[tuple[Any, ...]]) -> None:
        with conn.cursor() as cur, cur.copy(self._sql["copy_versions"]) as copy:
            copy.set_types(_VERSION_TYPES)
            for row in rows:
                copy.write_row(row)

    def _insert_versions(self, conn: Conn, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    self._sql["insert_version"], [(*r[:7], r[7].decode(), *r[8:]) for r in rows]
                )

    def _insert_access(self, conn: Conn, chain: ChainWriter, entries: list[AccessEntry]) -> None:
        if not entries:
            return
        rows = []
        for entry in entries:
            values = access_values(entry)
            rows.append((entry.at, *values[1:], *chain.link(ACCESS_TABLE, values)))
        with conn.cursor() as cur:
            if len(rows) < COPY_THRESHOLD:
                cur.executemany(self._sql["insert_access"], rows)
                return
            with cur.copy(self._sql["copy_access"]) as copy:
                for row in rows:
                    copy.write_row(row)

    def _write_access(self, entries: list[AccessEntry]) -> None:
        with self._connection("access_log", write=True) as conn:
            chain = self._lock_chain(conn)
            self._insert_access(conn, chain, entries)
            self._store_chain(conn, chain)

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
        where: list[sql.Composable] = [sql.SQL("true")]
        params: list[Any] = []
        if citizen_id is not None:
            where.append(sql.SQL("citizen_id = %s"))
            params.append(str(citizen_id))
        if actor_id is not None:
            where.append(sql.SQL("actor_id = %s"))
            params.append(actor_id)
        if since is not None:
            where.append(sql.SQL("at >= %s"))
            params.append(since)
        query = self._where("access_log", where)
        if limit is not None:
            query = query + sql.SQL(" LIMIT %s")
            params.append(int(limit))
        with self._connection("access_log", write=False) as conn:
            rows = conn.execute(query, params).fetchall()
        return [entry_from_values(int(r[0]), (format_time(r[1]), *r[2:])) for r in rows]

    def _lock_audit(self, conn: Conn) -> None:
        """Serialise audit appends until commit, so that ``seq`` order is commit order."""
        conn.execute(self._sql["audit_lock"], (self._audit_lock_key,))

    def _write_audit(self, conn: Conn, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) >= COPY_THRESHOLD:
            with conn.cursor() as cur, cur.copy(self._sql["copy_audit"]) as copy:
                copy.set_types(_AUDIT_TYPES)
                for row in rows:
                    copy.write_row(row)
        elif len(rows) == 1:
            conn.execute(self._sql["insert_audit"], rows[0])
        elif rows:
            with conn.cursor() as cur:
                cur.executemany(self._sql["insert_audit"], rows)

    def _stored(self, row: Sequence[Any]) -> StoredRecord[Record]:
        data = row[4]
        if data.startswith(_SEALED):
            data = self._plain(row[0], row[1], row[5], data)
        record = decode_record(row[2], data, row[0], row[1])
        return StoredRecord(record, row[1], row[3])

    def get(
        self, record_id: str, *, version: int | None = None, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        params: tuple[Any, ...]
        if version is None:
            query, params = self._sql["get_latest"], (record_id,)
        else:
            query, params = self._sql["get_version"], (record_id, version)
        with self._connection("get", write=self.audit_reads) as conn:
            row = conn.execute(query, params, binary=True).fetchone()
            if row is None:
                raise RecordNotFoundError(record_id, version)
            stored = self._stored(row)
            if self.audit_reads:
                rec = stored.record
                actor = reader.id if reader is not None else "unknown"
                at = utcnow()
                row = (at, actor, "read", record_id, rec.kind, str(rec.citizen_id), stored.version)
                chain = self._lock_chain(conn)
                link = chain.link(AUDIT_TABLE, (format_time(at), *row[1:], None))
                self._lock_audit(conn)
                self._write_audit(conn, [(*row, None, *link)])
                self._store_chain(conn, chain)
        return stored

    def history(self, record_id: str) -> list[StoredRecord[Record]]:
        with self._connection("history", write=False) as conn:
            rows = conn.execute(self._sql["history"], (record_id,), binary=True).fetchall()
        if not rows:
            raise RecordNotFoundError(record_id)
        with _gc_paused(len(rows)):
            result = readable(rows, self._stored)
        if not result and all(u.reason == "erased" for u in result.unreadable):
            raise CitizenErasedError(record_id, rows[0][1], rows[0][5])
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
        where: list[sql.Composable] = [sql.SQL("TRUE")]
        params: list[Any] = []
        if kind is not None:
            where.append(sql.SQL("h.kind = %s"))
            params.append(kind)
        if citizen_id is not None:
            where.append(sql.SQL("h.citizen_id = %s"))
            params.append(str(citizen_id))
        if status is not None:
            where.append(sql.SQL("h.status = %s"))
            params.append(str(status))
        if due_before is not None:
            where.append(sql.SQL("h.due_on IS NOT NULL AND h.due_on < %s"))
            params.append(due_before)
        statement = self.query_sql(where)
        if limit is not None:
            statement = sql.Composed([statement, sql.SQL(" LIMIT %s")])
            params.append(int(limit))
        with self._connection("query", write=False) as conn:
            rows = conn.execute(statement, params, binary=True).fetchall()
        with _gc_paused(len(rows)):
            return readable(rows, self._stored)

    def query_page(self, query: RecordQuery) -> list[StoredRecord[Record]]:
        """One page of the latest versions of ``query.kind`` matching every filter, in
        ``query.order``, strictly after ``query.after``, at most ``query.limit``: one index
        range scan of ``record_heads`` (see :meth:`page_sql`)."""
        statement, params = self.page_sql(query)
        with self._connection("query_page", write=False) as conn:
            rows = conn.execute(statement, params, binary=True).fetchall()
        with _gc_paused(len(rows)):
            return readable(rows, self._stored)

    def page_sql(self, query: RecordQuery) -> tuple[sql.Composed, list[Any]]:
        """The SELECT and parameters :meth:`query_page` runs (the benchmark runs the same
        statement through plain psycopg)."""
        where: list[sql.Composable] = [sql.SQL("h.kind = %s")]
        params: list[Any] = [query.kind]
        filters: list[tuple[LiteralString, Any]] = [
            ("h.citizen_id = %s", query.citizen_id),
            ("h.status = %s", query.status),
            ("h.stored_at >= %s", query.changed_since),
            ("h.due_on IS NOT NULL AND h.due_on < %s", query.due_before),
            ("h.cpr_digest = %s", query.cpr_digest),
        ]
        for fragment, value in filters:
            if value is not None:
                where.append(sql.SQL(fragment))
                params.append(value)
        for word in query.words:
            where.append(sql.SQL("h.search LIKE %s"))
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        after = query.after
        if query.order == "id":
            order = sql.SQL("h.record_id")
            if after is not None:
                where.append(sql.SQL("h.record_id > %s"))
                params.append(after.record_id)
        else:
            order = sql.SQL("h.stored_at, h.record_id")
            if after is not None:
                where.append(sql.SQL("(h.stored_at, h.record_id) > (%s, %s)"))
                params += [after.stored_at, after.record_id]
        params.append(int(query.limit))
        statement = sql.SQL(_SQL["page"]).format(
            s=self._schema_id, where=sql.SQL(" AND ").join(where), order=order
        )
        return statement, params

    def use_search_key(self, key: bytes) -> None:
        """Hash CPR numbers under *key* from now on; citizens indexed under another key (or
        none) are re-indexed now, in one transaction."""
        name = key_fingerprint(key)
        self.search_key = key
        with self._connection("use_search_key", write=True) as conn:
            rows = conn.execute(self._sql["other_key"], (name,)).fetchall()
            if not rows:
                return
            ids, digests = [], []
            for rid, doc, version, citizen in rows:
                try:
                    cpr = cpr_of_document(self._plain(rid, version, citizen, doc.encode()))
                except StoreCorruptError:
                    continue  # unreadable (no key, erased): nothing to index
                ids.append(rid)
                digests.append(cpr_digest(key, cpr) if cpr else None)
            conn.execute(self._sql["set_cpr"], (name, ids, digests))

    def _index_search(self) -> None:
        """Fill the search column of head rows that have none (rows written before
        migration 5 added it), a few thousand per transaction."""
        while True:
            with self._connection("index search", write=True) as conn:
                rows = conn.execute(self._sql["unindexed"]).fetchall()
                if not rows:
                    return
                ids = [rid for rid, _, _ in rows]
                texts = [search_text_of_document(k, orjson.loads(doc)) for _, k, doc in rows]
                conn.execute(self._sql["set_search"], (ids, texts))

    def query_sql(self, where: Sequence[sql.Composable]) -> sql.Composed:
        """The SELECT :meth:`query` issues for *where* (used by the benchmark's EXPLAIN)."""
        return self._where("query", where)

    def _where(self, name: str, where: Sequence[sql.Composable]) -> sql.Composed:
        return sql.SQL(_SQL[name]).format(s=self._schema_id, where=sql.SQL(" AND ").join(where))

    def citizens(self) -> list[str]:
        with self._connection("citizens", write=False) as conn:
            return [r[0] for r in conn.execute(self._sql["citizens"]).fetchall()]

    def audit_log(
        self,
        *,
        record_id: str | None = None,
        citizen_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        where: list[sql.Composable] = [sql.SQL("TRUE")]
        params: list[Any] = []
        if record_id is not None:
            where.append(sql.SQL("record_id = %s"))
            params.append(record_id)
        if citizen_id is not None:
            where.append(sql.SQL("citizen_id = %s"))
            params.append(str(citizen_id))
        statement = self._where("audit_log", where)
        if limit is not None:
            statement = sql.Composed([statement, sql.SQL(" LIMIT %s")])
            params.append(int(limit))
        with self._connection("audit_log", write=False) as conn:
            rows = conn.execute(statement, params).fetchall()
        return [
            AuditEntry(
                seq=r[0],
                at=r[1],
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

    # -- outbox ----------------------------------------------------------------------------
    def enqueue(
        self,
        topic: str,
        payload: Mapping[str, Any],
        *,
        key: str | None = None,
        available_at: dt.datetime | None = None,
    ) -> OutboxItem | None:
        data = Jsonb(orjson.dumps(payload).decode(), dumps=_json_text)
        at = utcnow()
        due = available_at if available_at is not None else at
        params = (str(uuid.uuid4()), topic, key, data, at, due)
        try:
            with self._connection("enqueue", write=False) as conn:
                self._fault("enqueue.checked")
                row = conn.execute(self._sql["insert_outbox"], params).fetchone()
        except psycopg.errors.UntranslatableCharacter as exc:
            raise UnstorableValueError(record_ids=(), reason=_first_line(exc)) from None
        return _outbox_item(row) if row is not None else None

    def claim(
        self, *, limit: int, lease_seconds: float, now: dt.datetime | None = None
    ) -> list[OutboxItem]:
        at = now or utcnow()
        lease = at + dt.timedelta(seconds=lease_seconds)
        with self._connection("claim", write=True) as conn:
            rows = conn.execute(self._sql["claim"], (at, int(limit), lease)).fetchall()
            self._fault("claim.selected")
        return [_outbox_item(r) for r in sorted(rows, key=lambda r: int(r[0]))]

    def _check_status(
        self, conn: Conn, item_id: str, operation: str, allowed: tuple[OutboxStatus, ...]
    ) -> None:
        row = conn.execute(self._sql["outbox_status"], (item_id,)).fetchone()
        if row is None:
            raise OutboxItemNotFoundError(item_id)
        if row[0] not in allowed:
            raise OutboxStateError(item_id, row[0], operation, allowed)

    def complete(self, item_id: str) -> None:
        with self._connection("complete", write=True) as conn:
            self._check_status(conn, item_id, "complete", outbox_allowed("complete"))
            conn.execute(self._sql["complete"], (item_id,))

    def fail(self, item_id: str, *, error: str, retry_at: dt.datetime | None) -> None:
        with self._connection("fail", write=True) as conn:
            self._check_status(conn, item_id, "fail", outbox_allowed("fail"))
            if retry_at is None:
                conn.execute(self._sql["dead"], (error, item_id))
            else:
                conn.execute(self._sql["reschedule"], (error, retry_at, item_id))

    def retry(self, item_id: str) -> None:
        with self._connection("retry", write=True) as conn:
            self._check_status(conn, item_id, "retry", outbox_allowed("retry"))
            conn.execute(self._sql["retry"], (utcnow(), item_id))

    def outbox(
        self, *, status: OutboxStatus | None = None, limit: int | None = None
    ) -> list[OutboxItem]:
        where: list[sql.Composable] = [sql.SQL("TRUE")]
        params: list[Any] = []
        if status is not None:
            where.append(sql.SQL("status = %s"))
            params.append(status)
        statement = self._where("outbox", where)
        if limit is not None:
            statement = sql.Composed([statement, sql.SQL(" LIMIT %s")])
            params.append(int(limit))
        with self._connection("outbox", write=False) as conn:
            rows = conn.execute(statement, params).fetchall()
        return [_outbox_item(r) for r in rows]

    def event_feed(
        self, *, after: int = 0, limit: int | None = None
    ) -> list[tuple[int, OutboxItem]]:
        """The event items after position *after* (``seq``), at most *limit*: one range scan
        of ``outbox_feed`` (migration 9)."""
        params = (EVENT_TOPIC, int(after), None if limit is None else int(limit))
        with self._connection("event_feed", write=False) as conn:
            rows = conn.execute(self._sql["event_feed"], params).fetchall()
        return [(int(r[0]), _outbox_item(r)) for r in rows]

    # -- maintenance -----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The applied migration version (equals :data:`LATEST` once opened)."""
        with self._connection("schema_version", write=False) as conn:
            return int(applied_version(conn, self.schema))

    def check(self) -> list[str]:
        """Integrity problems, empty when all is well: the schema version, and the hash
        chain recomputed against the checkpoints kept in the store."""
        found = self.schema_version
        if found != LATEST:
            return [f"schema version {found}, expected {LATEST}"]
        return [f.text.en for f in self.chain_verify(self.checkpoints()).findings]

    # -- the hash chain --------------------------------------------------------------------
    @contextlib.contextmanager
    def chain_snapshot(self) -> Iterator[tuple[ChainHead, Iterator[ChainRow]]]:
        """The stored chain head and every chained row in ``chain_seq`` order, streamed by
        server-side cursors in one ``REPEATABLE READ`` snapshot."""
        if self._closed:
            raise StoreClosedError
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                row = conn.execute(self._sql["chain_head"]).fetchone()
                if row is None:
                    raise RuntimeError(f"{self.url}: the chain_head row is missing")
                head = ChainHead(row[0], int(row[1]), bytes(row[2]))
                with (
                    conn.cursor(name="carekit_chain_versions") as versions,
                    conn.cursor(name="carekit_chain_audit") as audits,
                    conn.cursor(name="carekit_chain_access") as reads,
                ):
                    versions.execute(self._sql["chain_versions"])
                    audits.execute(self._sql["chain_audit"])
                    reads.execute(self._sql["chain_access"])
                    merged = heapq.merge(
                        (
                            ChainRow(RECORDS_TABLE, r[0], r[1], r[2], version_values(r[3:]))
                            for r in versions
                        ),
                        (
                            ChainRow(AUDIT_TABLE, r[0], r[1], r[2], audit_values(r[3:11]), r[11])
                            for r in audits
                        ),
                        (
                            ChainRow(
                                ACCESS_TABLE, r[0], r[1], r[2], access_row_values(r[3:14]), r[14]
                            )
                            for r in reads
                        ),
                        key=lambda r: (r.seq is None, r.seq or 0),
                    )
                    yield head, merged
        except psycopg.OperationalError as exc:
            raise self._unavailable("chain_snapshot", exc) from None

    def chain_verify(self, checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
        """Recompute the hash chain and compare it with its head and *checkpoints*."""
        with self.chain_snapshot() as (head, rows):
            return verify(head, rows, checkpoints)

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Keep *checkpoint* in ``chain_checkpoints`` (append-only)."""
        cp = checkpoint
        with self._connection("add_checkpoint", write=True) as conn:
            conn.execute(
                self._sql["add_checkpoint"],
                (cp.seq, cp.chain_id, cp.head, cp.at, cp.public_key, cp.signature),
            )

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints kept in the store, oldest first."""
        with self._connection("checkpoints", write=False) as conn:
            rows = conn.execute(self._sql["checkpoints"]).fetchall()
        return [
            Checkpoint(r[0], int(r[1]), bytes(r[2]), r[3], bytes(r[4]), bytes(r[5])) for r in rows
        ]

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the pool (waits for connections in use to come back).  Idempotent; every
        later call raises :class:`~carekit.errors.StoreClosedError`.  Buffered access-log
        rows are written first."""
        if self._closed:
            return
        try:
            self._close_access_log()
        finally:
            self._closed = True
            self._pool.close()
