"""Versioned schema migrations for the SQLite store.

Each migration is a numbered step of SQL statements, applied in order inside one write
transaction (SQLite DDL is transactional, so a step is applied completely or not at all) and
recorded in ``schema_migrations``.  Opening a database runs the missing steps; opening one
that a newer carekit migrated past :data:`LATEST` fails with
:class:`~carekit.store.StoreSchemaTooNewError` and leaves it untouched.

Add a step by appending to :data:`MIGRATIONS`; never edit a released one.
"""

from __future__ import annotations

import sqlite3

import attrs

from carekit.store._common import format_time, utcnow
from carekit.store._errors import StoreSchemaTooNewError

__all__ = ["LATEST", "MIGRATIONS", "Migration", "applied_version", "migrate"]


@attrs.frozen
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_APPEND_ONLY = """
CREATE TRIGGER {table}_no_{op} BEFORE {op_upper} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never changed or removed'); END
"""


def _append_only(table: str) -> tuple[str, ...]:
    return tuple(
        _APPEND_ONLY.format(table=table, op=op.lower(), op_upper=op) for op in ("UPDATE", "DELETE")
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "records, audit log, outbox",
        (
            # Every version of every record; (record_id, version) is the last line of
            # defence for optimistic concurrency.
            """CREATE TABLE records (
                record_id TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version >= 1),
                kind TEXT NOT NULL,
                citizen_id TEXT NOT NULL,
                status TEXT,
                due_on TEXT,
                stored_at TEXT NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (record_id, version)
            )""",
            "CREATE INDEX records_kind_status ON records (kind, status)",
            "CREATE INDEX records_citizen ON records (citizen_id)",
            *_append_only("records"),
            """CREATE TABLE audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                action TEXT NOT NULL,
                record_id TEXT,
                kind TEXT,
                citizen_id TEXT,
                version INTEGER,
                detail TEXT
            )""",
            "CREATE INDEX audit_record ON audit (record_id)",
            "CREATE INDEX audit_citizen ON audit (citizen_id)",
            *_append_only("audit"),
            """CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                topic TEXT NOT NULL,
                key TEXT UNIQUE,
                payload BLOB NOT NULL,
                status TEXT NOT NULL
                    CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT
            )""",
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        ),
    ),
    Migration(
        2,
        "index for due dates",
        ("CREATE INDEX records_due ON records (due_on) WHERE due_on IS NOT NULL",),
    ),
)

#: The schema version this carekit writes.
LATEST = MIGRATIONS[-1].version

_CREATE_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied_version(conn: sqlite3.Connection) -> int:
    """The highest applied migration (0 for an empty database)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, *, url: str, target: int = LATEST) -> list[int]:
    """Bring the database to *target* in one ``BEGIN IMMEDIATE`` transaction; returns the
    versions applied (empty when it was already there).  *conn* must be in autocommit mode
    (``isolation_level=None``)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_CREATE_TABLE)
        current = applied_version(conn)
        if current > LATEST:
            raise StoreSchemaTooNewError(url, current, LATEST)
        applied = []
        for step in MIGRATIONS:
            if current < step.version <= target:
                for statement in step.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (step.version, step.name, format_time(utcnow())),
                )
                applied.append(step.version)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return applied
