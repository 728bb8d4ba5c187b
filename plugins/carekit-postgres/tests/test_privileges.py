"""The least-privilege application role: it can use the store (the conformance kit runs
with it in test_conformance.py) and can do nothing else."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from carekit_postgres import (
    GRANTS,
    MigrationRequiredError,
    PostgresStore,
    grant_statements,
    parse_url,
)
from psycopg import sql

from carekit.testing.records import make_record
from carekit.testing.storage import put_new

pytestmark = pytest.mark.postgres


def test_grant_statements_name_only_the_needed_privileges() -> None:
    rendered = [s.as_string() for s in grant_statements(schema="carekit", role="carekit_app")]
    assert rendered[0] == 'GRANT USAGE ON SCHEMA "carekit" TO "carekit_app"'
    assert 'GRANT SELECT, INSERT ON "carekit"."audit" TO "carekit_app"' in rendered
    assert not any("DELETE" in r or "ALL" in r or "CREATE" in r for r in rendered)
    assert {table for _, table in GRANTS} == {
        "carekit_schema_migrations",
        "record_versions",
        "record_heads",
        "audit",
        "access_log",
        "outbox",
        "chain_head",
        "chain_checkpoints",
        "citizen_keys",
    }
    assert 'GRANT SELECT, INSERT ON "carekit"."access_log" TO "carekit_app"' in rendered


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM {s}.audit",
        "UPDATE {s}.audit SET actor_id = 'x'",
        "DELETE FROM {s}.access_log",
        "UPDATE {s}.access_log SET actor_name = 'x'",
        "DELETE FROM {s}.record_versions",
        "UPDATE {s}.record_versions SET version = 9",
        "DELETE FROM {s}.outbox",
        "TRUNCATE {s}.record_heads",
        "CREATE TABLE {s}.intruder (x int)",
        "DROP TABLE {s}.audit",
        "ALTER TABLE {s}.audit DISABLE TRIGGER audit_append_only",
        "CREATE SCHEMA intruder",
    ],
)
def test_app_role_cannot_delete_rewrite_or_change_the_schema(
    restricted_url: Callable[[], str], statement: str
) -> None:
    url = restricted_url()
    settings = parse_url(url)
    with PostgresStore(url) as store:
        put_new(store, make_record("dream"))
    with (
        psycopg.connect(settings.conninfo, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(sql.SQL(statement).format(s=sql.Identifier(settings.schema)))


def test_app_role_on_an_unmigrated_schema_gets_a_clear_error(
    pg_database: str, app_role: str, schema_url: Callable[[], str]
) -> None:
    from _support import with_user

    url = with_user(schema_url(), app_role)
    with pytest.raises(MigrationRequiredError) as info:
        PostgresStore(url)  # tries to migrate, has no right to
    assert "no privilege" in info.value.reason
    with pytest.raises(MigrationRequiredError):
        PostgresStore(url, migrate=False)
