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

from typing import Any, LiteralString

import psycopg
from psycopg import sql

from carekit.store.backend import Migration, apply_steps, pending_steps
from carekit_postgres._errors import MigrationRequiredError

__all__ = ["LATEST", "MIGRATIONS", "Migration", "applied_version", "migrate"]


def _append_only(table: LiteralString) -> tuple[LiteralString, ...]:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {{s}}.{table} "
        "FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {{s}}.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change()",
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
