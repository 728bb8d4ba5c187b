"""Versioned schema migrations for the SQLite store.

Each migration is a numbered step of SQL statements, applied in order inside one write
transaction (SQLite DDL is transactional, so a step is applied completely or not at all) and
recorded in ``schema_migrations``.  Opening a database runs the missing steps; opening one
that a newer carekit migrated past :data:`LATEST` fails with
:class:`~carekit.store.StoreSchemaTooNewError` and leaves it untouched.

Add a step by appending to :data:`MIGRATIONS`; never edit a released one.

The runner's shape is shared with every SQL backend (carekit-postgres uses it too): a tuple of
:class:`Migration` steps, :func:`pending_steps` (refuses a database newer than the code, picks
the missing steps) and :func:`apply_steps` (runs each step's statements, then records it).
Only the transaction, the locking and the bookkeeping table are the backend's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import attrs

from carekit.store._common import format_time, utcnow
from carekit.store._errors import StoreSchemaTooNewError
from carekit.store._url import mask_url

__all__ = [
    "CITIZEN_KEYS_TABLE",
    "LATEST",
    "MIGRATIONS",
    "Migration",
    "applied_version",
    "apply_steps",
    "migrate",
    "pending_steps",
]

#: The type of a step's statements (``str``; ``LiteralString`` for psycopg's ``sql.SQL``).
S = TypeVar("S", bound=str)


@attrs.frozen
class Migration(Generic[S]):
    """One numbered schema step: its statements run in order, in the caller's transaction."""

    version: int
    name: str
    statements: tuple[S, ...]
    #: Python run after the statements, in the same transaction, with the backend's
    #: connection (or what the backend passes as ``context`` to :func:`apply_steps`): data
    #: backfills that SQL alone cannot do, such as hashing existing rows into the chain.
    after: Callable[[Any], object] | None = None


def pending_steps(
    migrations: Sequence[Migration[S]], *, current: int, target: int, url: str
) -> list[Migration[S]]:
    """The steps that bring a database at version *current* to *target*, in order.

    A database a newer release migrated past the last of *migrations* is refused with
    :class:`~carekit.store.StoreSchemaTooNewError`, which shows *url* with its password masked.
    """
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise StoreSchemaTooNewError(mask_url(url), current, latest)
    return [step for step in migrations if current < step.version <= target]


def apply_steps(
    steps: Sequence[Migration[S]],
    *,
    execute: Callable[[S], object],
    record: Callable[[Migration[S]], object],
    context: Any = None,
) -> list[int]:
    """Run every statement of each step with *execute* (then its ``after`` with *context*),
    then *record* the step; returns the versions applied.  The caller holds the transaction
    that makes it all-or-nothing."""
    applied: list[int] = []
    for step in steps:
        for statement in step.statements:
            execute(statement)
        if step.after is not None:
            step.after(context)
        record(step)
        applied.append(step.version)
    return applied


_APPEND_ONLY = """
CREATE TRIGGER {table}_no_{op} BEFORE {op_upper} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never changed or removed'); END
"""


def _append_only(table: str) -> tuple[str, ...]:
    return tuple(
        _APPEND_ONLY.format(table=table, op=op.lower(), op_upper=op) for op in ("UPDATE", "DELETE")
    )


def chain_existing_rows(conn: sqlite3.Connection) -> None:
    """Migration 5: link every existing version (in write order) and then every audit row
    into a new chain, store its head and restore the append-only update triggers."""
    from carekit.store._chain import (  # noqa: PLC0415 - only this migration needs it
        AUDIT_TABLE,
        GENESIS,
        RECORDS_TABLE,
        ChainHead,
        ChainWriter,
        new_chain_id,
    )

    writer = ChainWriter(ChainHead(new_chain_id(), 0, GENESIS))
    rows = conn.execute(
        "SELECT rowid, record_id, version, kind, citizen_id, status, due_on, stored_at, data "
        "FROM records ORDER BY rowid"
    ).fetchall()
    conn.executemany(
        "UPDATE records SET chain_seq = ?, prev_hash = ?, hash = ? WHERE rowid = ?",
        [(*writer.link(RECORDS_TABLE, tuple(r[1:])), r[0]) for r in rows],
    )
    audits = conn.execute(
        "SELECT seq, at, actor_id, action, record_id, kind, citizen_id, version, detail "
        "FROM audit ORDER BY seq"
    ).fetchall()
    conn.executemany(
        "UPDATE audit SET chain_seq = ?, prev_hash = ?, hash = ? WHERE seq = ?",
        [(*writer.link(AUDIT_TABLE, tuple(r[1:])), r[0]) for r in audits],
    )
    head = writer.head
    conn.execute(
        "INSERT INTO chain_head (id, chain_id, seq, hash) VALUES (1, ?, ?, ?)",
        (head.chain_id, head.seq, head.hash),
    )
    for statement in (*_append_only("records"), *_append_only("audit")):
        if "BEFORE UPDATE" in statement:
            conn.execute(statement)


MIGRATIONS: tuple[Migration[str], ...] = (
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
    Migration(
        3,
        "hash chain over record versions and audit, signed checkpoints",
        (
            *(
                f"ALTER TABLE {table} ADD COLUMN {column}"
                for table in ("records", "audit")
                for column in ("chain_seq INTEGER", "prev_hash BLOB", "hash BLOB")
            ),
            "CREATE UNIQUE INDEX records_chain ON records (chain_seq)",
            "CREATE UNIQUE INDEX audit_chain ON audit (chain_seq)",
            # The end of the chain, read and written in every write transaction.
            """CREATE TABLE chain_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                chain_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                hash BLOB NOT NULL
            )""",
            """CREATE TABLE chain_checkpoints (
                seq INTEGER NOT NULL,
                chain_id TEXT NOT NULL,
                head BLOB NOT NULL,
                at TEXT NOT NULL,
                public_key BLOB NOT NULL,
                signature BLOB NOT NULL
            )""",
            *_append_only("chain_checkpoints"),
            # Existing rows get their chain columns in `after` (the triggers come back there).
            "DROP TRIGGER records_no_update",
            "DROP TRIGGER audit_no_update",
        ),
        after=chain_existing_rows,
    ),
    Migration(
        4,
        "record heads for page queries, search columns",
        (
            # One row per record: its latest version and the columns queries filter and
            # sort on, so a page is one index range scan (records stays append-only).
            # search is the folded text of the human fields (NULL until the store has
            # indexed the row: it does so on open); cpr_digest the keyed hash of a citizen's
            # CPR number and cpr_key the fingerprint of the key it was made with.
            """CREATE TABLE record_heads (
                record_id TEXT PRIMARY KEY,
                version INTEGER NOT NULL CHECK (version >= 1),
                kind TEXT NOT NULL,
                citizen_id TEXT NOT NULL,
                status TEXT,
                due_on TEXT,
                stored_at TEXT NOT NULL,
                search TEXT,
                cpr_digest TEXT,
                cpr_key TEXT
            ) WITHOUT ROWID""",
            """INSERT INTO record_heads
                (record_id, version, kind, citizen_id, status, due_on, stored_at)
                SELECT r.record_id, r.version, r.kind, r.citizen_id, r.status, r.due_on,
                    r.stored_at
                FROM records r JOIN (
                    SELECT record_id, MAX(version) AS version FROM records GROUP BY record_id
                ) m ON m.record_id = r.record_id AND m.version = r.version""",
            "CREATE INDEX record_heads_changed ON record_heads (kind, stored_at, record_id)",
            "CREATE INDEX record_heads_kind ON record_heads (kind, record_id)",
            """CREATE INDEX record_heads_status
                ON record_heads (kind, status, stored_at, record_id)""",
            """CREATE INDEX record_heads_citizen
                ON record_heads (citizen_id, kind, stored_at, record_id)""",
            "CREATE INDEX record_heads_due ON record_heads (due_on) WHERE due_on IS NOT NULL",
            """CREATE INDEX record_heads_cpr ON record_heads (cpr_digest)
                WHERE cpr_digest IS NOT NULL""",
        ),
    ),
    Migration(
        5,
        "read-access log",
        (
            # Who read which of a citizen's records, when, why and through which channel;
            # append-only and linked into the hash chain like the audit.
            """CREATE TABLE access_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                actor_name TEXT,
                actor_role TEXT,
                actor_kind TEXT,
                purpose TEXT NOT NULL,
                channel TEXT NOT NULL,
                operation TEXT NOT NULL,
                citizen_id TEXT NOT NULL,
                kinds TEXT NOT NULL,
                record_ids TEXT NOT NULL,
                chain_seq INTEGER NOT NULL,
                prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            )""",
            "CREATE INDEX access_log_citizen ON access_log (citizen_id, seq)",
            "CREATE INDEX access_log_actor ON access_log (actor_id, seq)",
            "CREATE UNIQUE INDEX access_log_chain ON access_log (chain_seq)",
            *_append_only("access_log"),
        ),
    ),
    Migration(
        6,
        "event feed positions",
        (
            # Every event item gets a feed position that grows in commit order (SQLite has
            # one writer at a time) and is never reused: the counter lives in its own row,
            # so deleting the newest items (erasure) does not hand their positions out again.
            "ALTER TABLE outbox ADD COLUMN feed_seq INTEGER",
            """CREATE TABLE outbox_feed_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                seq INTEGER NOT NULL
            )""",
            "UPDATE outbox SET feed_seq = rowid WHERE topic = 'event'",
            """INSERT INTO outbox_feed_head (id, seq)
                SELECT 1, COALESCE(MAX(feed_seq), 0) FROM outbox""",
            "CREATE UNIQUE INDEX outbox_feed ON outbox (feed_seq) WHERE feed_seq IS NOT NULL",
            """CREATE TRIGGER outbox_feed_position AFTER INSERT ON outbox
                WHEN NEW.topic = 'event'
                BEGIN
                    UPDATE outbox_feed_head SET seq = seq + 1 WHERE id = 1;
                    UPDATE outbox SET feed_seq = (SELECT seq FROM outbox_feed_head WHERE id = 1)
                        WHERE rowid = NEW.rowid;
                END""",
        ),
    ),
)


#: The per-citizen key table (carekit.store._crypto), created by the store the first time
#: it is opened with a data key — not by a migration, so a plaintext store has exactly the
#: tables it had (the demo guard lists them).  Neither append-only nor chained: erasure
#: overwrites ``wrapped`` with NULL and keeps when it happened.
CITIZEN_KEYS_TABLE = """CREATE TABLE IF NOT EXISTS citizen_keys (
    citizen_id TEXT PRIMARY KEY,
    store_key_id TEXT NOT NULL,
    wrapped BLOB,
    created_at TEXT NOT NULL,
    erased_at TEXT,
    CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
)"""

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
        steps = pending_steps(MIGRATIONS, current=applied_version(conn), target=target, url=url)
        applied = apply_steps(
            steps,
            context=conn,
            execute=conn.execute,
            record=lambda step: conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (step.version, step.name, format_time(utcnow())),
            ),
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return applied
