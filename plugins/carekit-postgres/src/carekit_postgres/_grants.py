"""The grants of a least-privilege application role, as SQL.

The owner role runs the migrations (``python -m carekit_postgres migrate URL``); the
application servers connect as a role that can only read and append, and update the few
rows that are meant to change (record heads, outbox status, the chain head).  It cannot run
DDL, cannot UPDATE or DELETE record versions, audit entries or checkpoints, cannot DELETE
anything, and — not owning the tables and not being a superuser — cannot switch the
append-only triggers off (``ALTER TABLE … DISABLE TRIGGER`` needs ownership,
``SET session_replication_role = replica`` needs superuser).
"""

from __future__ import annotations

from psycopg import sql

__all__ = ["GRANTS", "grant_statements"]

#: ``(privileges, table)`` per table; nothing else is granted.
GRANTS: tuple[tuple[str, str], ...] = (
    ("SELECT", "carekit_schema_migrations"),
    ("SELECT, INSERT", "record_versions"),
    ("SELECT, INSERT, UPDATE", "record_heads"),
    ("SELECT, INSERT", "audit"),
    ("SELECT, INSERT", "access_log"),
    ("SELECT, INSERT, UPDATE", "outbox"),
    # the end of the hash chain: read and moved on (locked FOR UPDATE) by every write
    ("SELECT, UPDATE", "chain_head"),
    ("SELECT, INSERT", "chain_checkpoints"),
    # one wrapped data key per citizen; erasure overwrites it (UPDATE, never DELETE)
    ("SELECT, INSERT, UPDATE", "citizen_keys"),
)

_PRIVILEGES = {
    "SELECT": sql.SQL("SELECT"),
    "SELECT, UPDATE": sql.SQL("SELECT, UPDATE"),
    "SELECT, INSERT": sql.SQL("SELECT, INSERT"),
    "SELECT, INSERT, UPDATE": sql.SQL("SELECT, INSERT, UPDATE"),
}


def grant_statements(*, schema: str, role: str) -> list[sql.Composed]:
    """``GRANT`` statements giving *role* exactly what the store needs in *schema*.

    Render them for people with ``statement.as_string()``; ``docs/postgres.md`` shows the
    result for the default schema ``carekit`` and role ``carekit_app``.
    """
    role_id = sql.Identifier(role)
    statements = [sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), role_id)]
    for privileges, table in GRANTS:
        statements.append(
            sql.SQL("GRANT {} ON {} TO {}").format(
                _PRIVILEGES[privileges], sql.Identifier(schema, table), role_id
            )
        )
    return statements
