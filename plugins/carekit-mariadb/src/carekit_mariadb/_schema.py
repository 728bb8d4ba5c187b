"""carekit's tables in MariaDB, created (or checked) when a store opens.

Every text column that is compared or sorted uses ``utf8mb4_nopad_bin``: code-point order,
as Python sorts, case-sensitive, and *no padding* — under the default ``PAD SPACE``
collations ``'a'`` and ``'a '`` are equal, which would make two record ids one.  Documents
are kept as the exact bytes carekit encoded (``LONGBLOB``).  ``record_versions`` and
``audit`` are append-only: triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["LATEST", "STATEMENTS", "TABLES", "create"]

#: The schema version this package writes (``carekit_schema.version``).
LATEST: Final = 1

_TEXT = "CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
_TABLE = f"ENGINE=InnoDB DEFAULT {_TEXT}"

TABLES: Final = (
    "carekit_schema",
    "record_versions",
    "record_heads",
    "audit",
    "outbox",
    "locks",
    "access_log",
)

STATEMENTS: Final[tuple[str, ...]] = (
    f"CREATE TABLE IF NOT EXISTS carekit_schema (id TINYINT PRIMARY KEY, version INT NOT NULL) "
    f"{_TABLE}",
    f"""CREATE TABLE IF NOT EXISTS record_versions (
        record_id CHAR(36) NOT NULL,
        version INT NOT NULL,
        kind VARCHAR(64) NOT NULL,
        citizen_id CHAR(36) NOT NULL,
        status VARCHAR(64) NULL,
        due_on DATE NULL,
        stored_at DATETIME(6) NOT NULL,
        data LONGBLOB NOT NULL,
        PRIMARY KEY (record_id, version)
    ) {_TABLE}""",
    f"""CREATE TABLE IF NOT EXISTS record_heads (
        record_id CHAR(36) NOT NULL PRIMARY KEY,
        version INT NOT NULL,
        kind VARCHAR(64) NOT NULL,
        citizen_id CHAR(36) NOT NULL,
        status VARCHAR(64) NULL,
        due_on DATE NULL,
        stored_at DATETIME(6) NOT NULL,
        search MEDIUMTEXT NULL,
        cpr_digest VARCHAR(64) NULL,
        cpr_key VARCHAR(64) NULL,
        KEY heads_kind_id (kind, record_id),
        KEY heads_kind_changed (kind, stored_at, record_id),
        KEY heads_citizen (citizen_id),
        KEY heads_cpr (cpr_digest)
    ) {_TABLE}""",
    f"""CREATE TABLE IF NOT EXISTS audit (
        seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        at DATETIME(6) NOT NULL,
        actor_id TEXT NOT NULL,
        action VARCHAR(32) NOT NULL,
        record_id CHAR(36) NULL,
        kind VARCHAR(64) NULL,
        citizen_id CHAR(36) NULL,
        version INT NULL,
        detail MEDIUMTEXT NULL,
        KEY audit_record (record_id),
        KEY audit_citizen (citizen_id)
    ) {_TABLE}""",
    f"""CREATE TABLE IF NOT EXISTS outbox (
        seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        id CHAR(36) NOT NULL,
        topic VARCHAR(255) NOT NULL,
        `key` VARCHAR(700) NULL,
        payload LONGBLOB NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INT NOT NULL,
        created_at DATETIME(6) NOT NULL,
        next_attempt_at DATETIME(6) NOT NULL,
        last_error MEDIUMTEXT NULL,
        UNIQUE KEY outbox_id (id),
        UNIQUE KEY outbox_key (`key`),
        KEY outbox_due (status, next_attempt_at, seq)
    ) {_TABLE}""",
    # The read-access log: who read which of a citizen's records, when, why and how.
    f"""CREATE TABLE IF NOT EXISTS access_log (
        seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        at DATETIME(6) NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NULL,
        actor_role TEXT NULL,
        actor_kind VARCHAR(32) NULL,
        purpose VARCHAR(32) NOT NULL,
        channel VARCHAR(32) NOT NULL,
        operation VARCHAR(32) NOT NULL,
        citizen_id CHAR(36) NOT NULL,
        kinds TEXT NOT NULL,
        record_ids MEDIUMTEXT NOT NULL,
        KEY access_citizen (citizen_id, seq),
        KEY access_actor (actor_id(64), seq)
    ) {_TABLE}""",
    # One row per lock name: "audit" is held from the first audit insert to commit, so
    # audit seq order is commit order.
    f"CREATE TABLE IF NOT EXISTS locks (name VARCHAR(32) PRIMARY KEY) {_TABLE}",
    "INSERT IGNORE INTO locks (name) VALUES ('audit')",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
        f"'carekit: {table} is append-only ({op} refused)'"
        for table in ("record_versions", "audit", "access_log")
        for op in ("UPDATE", "DELETE")
    ),
    f"INSERT IGNORE INTO carekit_schema (id, version) VALUES (1, {LATEST})",  # noqa: S608 - a constant
)


def create(cursor: Any) -> int:
    """Create what is missing (every statement is idempotent) and return the schema version
    found in the database afterwards."""
    for statement in STATEMENTS:
        cursor.execute(statement)
    cursor.execute("SELECT version FROM carekit_schema WHERE id = 1")
    row = cursor.fetchone()
    return int(row[0]) if row else 0
