"""Versioned, idempotent schema migrations for the PostgreSQL store.

Each :class:`Migration` is a numbered step of SQL statements; ``{s}`` stands for the quoted
schema name.  :func:`migrate` applies the missing steps in **one transaction** (PostgreSQL
DDL is transactional: a step is applied completely or not at all) and records each in
``<schema>.carekit_schema_migrations``.  Several processes opening the store at once are
serialised by ``pg_advisory_xact_lock`` on a key derived from the schema name, so exactly
one of them migrates and the others see the result.  A database that a newer
carekit-postgres migrated past :data:`LATEST` is refused with
:class:`~carekit.store.StoreSchemaTooNewError` and left untouched.

Add a step by appending to :data:`MIGRATIONS`; never edit a released one.

The steps and the runner are carekit's own (:mod:`carekit.store.backend`, shared with the
SQLite store); this module adds the advisory lock, the schema and the bookkeeping table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, LiteralString

import psycopg
from psycopg import sql

from carekit.store.backend import (
    AUDIT_TABLE,
    GENESIS,
    RECORDS_TABLE,
    ChainHead,
    ChainWriter,
    Migration,
    Value,
    apply_steps,
    format_time,
    new_chain_id,
    pending_steps,
)
from carekit_postgres._errors import MigrationRequiredError

__all__ = [
    "LATEST",
    "MIGRATIONS",
    "Migration",
    "access_row_values",
    "applied_version",
    "audit_values",
    "migrate",
    "version_values",
]


def _append_only(table: LiteralString) -> tuple[LiteralString, ...]:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {{s}}.{table} "
        "FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {{s}}.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()",
    )


def version_values(row: Sequence[Any]) -> tuple[Value, ...]:
    """The chained values of a ``record_versions`` row ``(record_id, version, kind,
    citizen_id, status, due_on, stored_at, data)``: dates and times as the fixed text every
    backend hashes, the document as its stored UTF-8 bytes."""
    due: dt.date | None = row[5]
    data = row[7]
    return (
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        due.isoformat() if due is not None else None,
        format_time(row[6]),
        data.encode() if isinstance(data, str) else bytes(data),
    )


def audit_values(row: Sequence[Any]) -> tuple[Value, ...]:
    """The chained values of an ``audit`` row ``(at, actor_id, action, record_id, kind,
    citizen_id, version, detail)``."""
    return (format_time(row[0]), *row[1:8])


def access_row_values(row: Sequence[Any]) -> tuple[Value, ...]:
    """The chained values of an ``access_log`` row (:data:`ACCESS_COLUMNS` order, the time
    as the fixed text every backend hashes)."""
    return (format_time(row[0]), *row[1:11])


def _chain_existing_rows(context: tuple[psycopg.Connection[Any], str]) -> None:
    """Migration 5: link every existing version (in write order) and then every audit row
    into a new chain and store its head.  Runs as the owner, who may switch the append-only
    triggers off inside this transaction (the application role never can)."""
    conn, schema = context

    def q(template: LiteralString) -> sql.Composed:
        return _q(conn, template, schema)

    for table in ("record_versions", "audit"):
        conn.execute(q(f"ALTER TABLE {{s}}.{table} DISABLE TRIGGER {table}_append_only"))
    writer = ChainWriter(ChainHead(new_chain_id(), 0, GENESIS))
    versions = conn.execute(
        q(
            "SELECT record_id, version, kind, citizen_id, status, due_on, stored_at, "
            "convert_to(data, 'UTF8') FROM {s}.record_versions "
            "ORDER BY stored_at, record_id, version"
        )
    ).fetchall()
    links = [writer.link(RECORDS_TABLE, version_values(r)) for r in versions]
    if versions:
        conn.execute(
            q(
                "UPDATE {s}.record_versions v SET chain_seq = b.seq, prev_hash = b.prev, "
                "hash = b.hash FROM unnest(%s::text[], %s::int[], %s::bigint[], %s::bytea[], "
                "%s::bytea[]) AS b(record_id, version, seq, prev, hash) "
                "WHERE v.record_id = b.record_id AND v.version = b.version"
            ),
            (
                [r[0] for r in versions],
                [r[1] for r in versions],
                *(list(column) for column in zip(*links, strict=True)),
            ),
        )
    audits = conn.execute(
        q(
            "SELECT at, actor_id, action, record_id, kind, citizen_id, version, detail, seq "
            "FROM {s}.audit ORDER BY seq"
        )
    ).fetchall()
    links = [writer.link(AUDIT_TABLE, audit_values(r)) for r in audits]
    if audits:
        conn.execute(
            q(
                "UPDATE {s}.audit a SET chain_seq = b.chain_seq, prev_hash = b.prev, "
                "hash = b.hash FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[], "
                "%s::bytea[]) AS b(seq, chain_seq, prev, hash) WHERE a.seq = b.seq"
            ),
            ([r[8] for r in audits], *(list(column) for column in zip(*links, strict=True))),
        )
    for table in ("record_versions", "audit"):
        conn.execute(q(f"ALTER TABLE {{s}}.{table} ENABLE TRIGGER {table}_append_only"))
        conn.execute(
            q(
                f"ALTER TABLE {{s}}.{table} ALTER COLUMN chain_seq SET NOT NULL, "
                "ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL"
            )
        )
    head = writer.head
    conn.execute(
        q("INSERT INTO {s}.chain_head (id, chain_id, seq, hash) VALUES (1, %s, %s, %s)"),
        (head.chain_id, head.seq, head.hash),
    )


MIGRATIONS: tuple[Migration[LiteralString], ...] = (
    Migration(
        1,
        "record versions, record heads, audit log",
        (
            """CREATE FUNCTION {s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '%.% is append-only: rows are never changed or removed',
                    TG_TABLE_SCHEMA, TG_TABLE_NAME
                    USING ERRCODE = 'restrict_violation';
            END $$""",
            # Every version of every record (never changed: append-only trigger).
            # COLLATE "C": byte order, the same order Python sorts ids and kinds in.
            """CREATE TABLE {s}.record_versions (
                record_id text COLLATE "C" NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                kind text COLLATE "C" NOT NULL,
                citizen_id text COLLATE "C" NOT NULL,
                status text COLLATE "C",
                due_on date,
                stored_at timestamptz NOT NULL,
                data jsonb NOT NULL,
                CONSTRAINT record_versions_unique_version UNIQUE (record_id, version)
            )""",
            *_append_only("record_versions"),
            # One row per record: the latest version and its index columns.  Writers lock
            # this row (or insert it, for a create) to check expected_version atomically.
            """CREATE TABLE {s}.record_heads (
                record_id text COLLATE "C" PRIMARY KEY,
                version integer NOT NULL CHECK (version >= 1),
                kind text COLLATE "C" NOT NULL,
                citizen_id text COLLATE "C" NOT NULL,
                status text COLLATE "C",
                due_on date,
                stored_at timestamptz NOT NULL
            )""",
            "CREATE INDEX record_heads_kind ON {s}.record_heads (kind, record_id)",
            "CREATE INDEX record_heads_citizen ON {s}.record_heads (citizen_id, kind, record_id)",
            "CREATE INDEX record_heads_status ON {s}.record_heads (status, kind, record_id)",
            """CREATE TABLE {s}.audit (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                actor_id text NOT NULL,
                action text NOT NULL,
                record_id text COLLATE "C",
                kind text COLLATE "C",
                citizen_id text COLLATE "C",
                version integer,
                detail text
            )""",
            "CREATE INDEX audit_record ON {s}.audit (record_id, seq)",
            "CREATE INDEX audit_citizen ON {s}.audit (citizen_id, seq)",
            *_append_only("audit"),
        ),
    ),
    Migration(
        2,
        "transactional outbox",
        (
            """CREATE TABLE {s}.outbox (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                topic text NOT NULL,
                key text UNIQUE,
                payload jsonb NOT NULL,
                status text NOT NULL
                    CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
                attempts integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL,
                next_attempt_at timestamptz NOT NULL,
                last_error text
            )""",
            # claim() scans only the open items, oldest first.
            """CREATE INDEX outbox_open ON {s}.outbox (seq)
                WHERE status IN ('pending', 'in_flight')""",
            "CREATE INDEX outbox_status ON {s}.outbox (status, seq)",
        ),
    ),
    Migration(
        3,
        "index for due dates",
        (
            """CREATE INDEX record_heads_due ON {s}.record_heads (due_on)
                WHERE due_on IS NOT NULL""",
        ),
    ),
    Migration(
        4,
        "latest document next to the head row",
        (
            # The latest version's document, as text, so that query() and get() read one
            # table with no join and PostgreSQL does not re-serialise jsonb on every read.
            # record_versions keeps every version (jsonb) exactly as before.
            """ALTER TABLE {s}.record_heads
                ADD COLUMN IF NOT EXISTS doc text,
                ADD COLUMN IF NOT EXISTS doc_version integer""",
            """UPDATE {s}.record_heads h SET doc = v.data::text, doc_version = v.version
                FROM {s}.record_versions v
                WHERE v.record_id = h.record_id AND v.version = h.version
                AND h.doc_version IS DISTINCT FROM h.version""",
            # A writer that changes the version without the document (a server still
            # running an older carekit-postgres) fails instead of leaving a stale document.
            """ALTER TABLE {s}.record_heads ADD CONSTRAINT record_heads_doc_is_latest
                CHECK (doc IS NOT NULL AND doc_version = version)""",
        ),
    ),
    Migration(
        5,
        "hash chain over record versions and audit, signed checkpoints",
        (
            # Versions keep the document as the exact text carekit wrote (jsonb would
            # re-serialise it, and the chain hashes the bytes as stored); existing rows keep
            # PostgreSQL's jsonb text, which is what they are hashed as.
            """ALTER TABLE {s}.record_versions
                ALTER COLUMN data TYPE text USING data::text,
                ADD COLUMN chain_seq bigint,
                ADD COLUMN prev_hash bytea,
                ADD COLUMN hash bytea""",
            """ALTER TABLE {s}.audit
                ADD COLUMN chain_seq bigint,
                ADD COLUMN prev_hash bytea,
                ADD COLUMN hash bytea""",
            "CREATE UNIQUE INDEX record_versions_chain ON {s}.record_versions (chain_seq)",
            "CREATE UNIQUE INDEX audit_chain ON {s}.audit (chain_seq)",
            # The end of the chain: every writer locks this row (FOR UPDATE) before it links
            # rows, so concurrent transactions can never fork the chain.
            """CREATE TABLE {s}.chain_head (
                id integer PRIMARY KEY CHECK (id = 1),
                chain_id text NOT NULL,
                seq bigint NOT NULL,
                hash bytea NOT NULL
            )""",
            """CREATE TABLE {s}.chain_checkpoints (
                added bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                seq bigint NOT NULL,
                chain_id text NOT NULL,
                head bytea NOT NULL,
                at timestamptz NOT NULL,
                public_key bytea NOT NULL,
                signature bytea NOT NULL
            )""",
            *_append_only("chain_checkpoints"),
        ),
        after=_chain_existing_rows,
    ),
    Migration(
        6,
        "page queries: search columns and keyset indexes",
        (
            # search: the folded text of the human fields (NULL until the store indexed
            # the row; it does on open); cpr_digest: HMAC of a citizen's CPR number under
            # the application's search key, cpr_key: that key's fingerprint.
            """ALTER TABLE {s}.record_heads
                ADD COLUMN IF NOT EXISTS search text,
                ADD COLUMN IF NOT EXISTS cpr_digest text,
                ADD COLUMN IF NOT EXISTS cpr_key text""",
            """CREATE INDEX record_heads_changed
                ON {s}.record_heads (kind, stored_at, record_id)""",
            """CREATE INDEX record_heads_status_changed
                ON {s}.record_heads (kind, status, stored_at, record_id)""",
            """CREATE INDEX record_heads_citizen_changed
                ON {s}.record_heads (citizen_id, kind, stored_at, record_id)""",
            """CREATE INDEX record_heads_cpr ON {s}.record_heads (cpr_digest)
                WHERE cpr_digest IS NOT NULL""",
        ),
    ),
    Migration(
        7,
        "read-access log",
        (
            # Who read which of a citizen's records, when, why and through which channel;
            # append-only and linked into the hash chain like the audit.
            """CREATE TABLE {s}.access_log (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                actor_id text NOT NULL,
                actor_name text,
                actor_role text,
                actor_kind text,
                purpose text NOT NULL,
                channel text NOT NULL,
                operation text NOT NULL,
                citizen_id text COLLATE "C" NOT NULL,
                kinds text NOT NULL,
                record_ids text NOT NULL,
                chain_seq bigint NOT NULL,
                prev_hash bytea NOT NULL,
                hash bytea NOT NULL
            )""",
            "CREATE INDEX access_log_citizen ON {s}.access_log (citizen_id, seq)",
            "CREATE INDEX access_log_actor ON {s}.access_log (actor_id, seq)",
            "CREATE UNIQUE INDEX access_log_chain ON {s}.access_log (chain_seq)",
            *_append_only("access_log"),
        ),
    ),
    Migration(
        8,
        "per-citizen data keys (encryption at rest, erasure by crypto-shredding)",
        (
            # One wrapped data key per citizen (carekit.store._crypto).  Neither append-only
            # nor chained: erasure overwrites `wrapped` with NULL and keeps when it happened.
            """CREATE TABLE {s}.citizen_keys (
                citizen_id text COLLATE "C" PRIMARY KEY,
                store_key_id text NOT NULL,
                wrapped bytea,
                created_at timestamptz NOT NULL,
                erased_at timestamptz,
                CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
            )""",
        ),
    ),
    Migration(
        9,
        "event feed index",
        (
            # event_feed(): the event items after a position, one index range scan.  Event
            # rows are inserted under the audit lock held until commit, so their seq order is
            # commit order; erasure blanks rows and never deletes them, so seq is not reused.
            "CREATE INDEX outbox_feed ON {s}.outbox (topic, seq)",
        ),
    ),
)

#: The schema version this carekit-postgres writes.
LATEST = MIGRATIONS[-1].version

_TABLE = "carekit_schema_migrations"


def _q(conn: psycopg.Connection[Any], template: LiteralString, schema: str) -> sql.Composed:
    return sql.SQL(template).format(s=sql.Identifier(schema))


def applied_version(conn: psycopg.Connection[Any], schema: str) -> int:
    """The highest applied migration in *schema* (0 when carekit was never installed)."""
    name = sql.Identifier(schema, _TABLE).as_string(conn)
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    if row is None or not row[0]:
        return 0
    found = conn.execute(
        _q(conn, "SELECT COALESCE(MAX(version), 0) FROM {s}.carekit_schema_migrations", schema)
    ).fetchone()
    return int(found[0]) if found is not None else 0


def migrate(
    conn: psycopg.Connection[Any], *, schema: str, url: str, target: int = LATEST
) -> list[int]:
    """Bring *schema* to *target*; returns the versions applied (empty when it was there).

    *conn* must be in autocommit mode.  Without the rights to run DDL this raises
    :class:`MigrationRequiredError` naming the owner-role command.
    """
    current = applied_version(conn, schema)
    if not pending_steps(MIGRATIONS, current=current, target=target, url=url):
        return []
    try:
        with conn.transaction():
            lock_key = f"carekit_postgres.migrate:{schema}"
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (lock_key,))
            conn.execute(_q(conn, "CREATE SCHEMA IF NOT EXISTS {s}", schema))
            conn.execute(
                _q(
                    conn,
                    """CREATE TABLE IF NOT EXISTS {s}.carekit_schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        applied_by text NOT NULL DEFAULT current_user
                    )""",
                    schema,
                )
            )
            current = applied_version(conn, schema)  # another process may have migrated
            steps = pending_steps(MIGRATIONS, current=current, target=target, url=url)
            record = _q(
                conn,
                "INSERT INTO {s}.carekit_schema_migrations (version, name) VALUES (%s, %s)",
                schema,
            )
            applied = apply_steps(
                steps,
                context=(conn, schema),
                execute=lambda statement: conn.execute(_q(conn, statement, schema)),
                record=lambda step: conn.execute(record, (step.version, step.name)),
            )
    except psycopg.errors.InsufficientPrivilege as exc:
        raise MigrationRequiredError(
            url=url,
            schema=schema,
            found=current,
            needed=target,
            reason=f"no privilege to change the schema: {exc.diag.message_primary}",
        ) from None
    return applied
