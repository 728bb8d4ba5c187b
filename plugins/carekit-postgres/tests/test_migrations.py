"""Migrations: versioned, idempotent, serialised between concurrent openers, and refusing a
database from a newer carekit-postgres."""

from __future__ import annotations

import threading

import psycopg
import pytest
from carekit_postgres import (
    LATEST,
    MIGRATIONS,
    MigrationRequiredError,
    PostgresStore,
    applied_version,
    migrate,
    parse_url,
)
from psycopg import sql

from carekit.store import StoreSchemaTooNewError
from carekit.testing.records import make_record
from carekit.testing.storage import put_new

pytestmark = pytest.mark.postgres


def _connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(parse_url(url).conninfo, autocommit=True)


def test_migration_numbers_are_consecutive_from_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_opening_migrates_once_and_reopening_changes_nothing(fresh_url: str) -> None:
    schema = parse_url(fresh_url).schema
    with PostgresStore(fresh_url) as store:
        assert store.schema_version == LATEST
    with _connect(fresh_url) as conn:
        assert migrate(conn, schema=schema, url="x") == []
        rows = conn.execute(
            sql.SQL("SELECT version, name FROM {}.carekit_schema_migrations ORDER BY 1").format(
                sql.Identifier(schema)
            )
        ).fetchall()
    assert [r[0] for r in rows] == list(range(1, LATEST + 1))
    with PostgresStore(fresh_url) as store:
        assert store.schema_version == LATEST


def test_steps_apply_in_order_from_an_older_schema(fresh_url: str) -> None:
    schema = parse_url(fresh_url).schema
    with _connect(fresh_url) as conn:
        assert migrate(conn, schema=schema, url="x", target=1) == [1]
        assert applied_version(conn, schema) == 1
        assert migrate(conn, schema=schema, url="x") == list(range(2, LATEST + 1))


def test_concurrent_openers_migrate_exactly_once(fresh_url: str) -> None:
    schema = parse_url(fresh_url).schema
    results: list[list[int]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def open_and_migrate() -> None:
        try:
            with _connect(fresh_url) as conn:
                barrier.wait()
                results.append(migrate(conn, schema=schema, url="x"))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    workers = [threading.Thread(target=open_and_migrate) for _ in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert sorted(results) == [[]] * 5 + [list(range(1, LATEST + 1))]


def test_database_from_a_newer_carekit_postgres_is_refused_and_untouched(fresh_url: str) -> None:
    schema = parse_url(fresh_url).schema
    with PostgresStore(fresh_url) as store:
        put_new(store, make_record("dream"))
    table = sql.Identifier(schema, "carekit_schema_migrations")
    with _connect(fresh_url) as conn:
        conn.execute(
            sql.SQL("INSERT INTO {} (version, name) VALUES (%s, 'from the future')").format(table),
            (LATEST + 1,),
        )
    with pytest.raises(StoreSchemaTooNewError) as info:
        PostgresStore(fresh_url)
    assert info.value.found == LATEST + 1
    assert info.value.supported == LATEST
    with pytest.raises(StoreSchemaTooNewError):
        PostgresStore(fresh_url, migrate=False)
    with _connect(fresh_url) as conn:
        assert applied_version(conn, schema) == LATEST + 1
        count = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, "record_versions"))
        ).fetchone()
    assert count == (2,)  # the dream and its citizen


def test_migrate_off_on_an_empty_schema_says_how_to_migrate(fresh_url: str) -> None:
    with pytest.raises(MigrationRequiredError) as info:
        PostgresStore(fresh_url, migrate=False)
    assert info.value.found == 0
    assert info.value.needed == LATEST
    assert "python -m carekit_postgres migrate" in info.value.text.en
    assert "ejer-rolle" in info.value.text.da


def test_the_migrate_command_migrates_and_reports(
    fresh_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from carekit_postgres.__main__ import main

    assert main(["migrate", fresh_url]) == 0
    assert f"version {LATEST}" in capsys.readouterr().out
    assert main(["status", fresh_url]) == 0
    assert main(["bogus", fresh_url]) == 2


@pytest.mark.parametrize("table", ["audit", "record_versions"])
def test_history_and_audit_are_append_only_even_for_the_owner(fresh_url: str, table: str) -> None:
    schema = parse_url(fresh_url).schema
    with PostgresStore(fresh_url) as store:
        put_new(store, make_record("dream"))
    target = sql.Identifier(schema, table)
    with _connect(fresh_url) as conn:
        for statement in (
            sql.SQL("UPDATE {} SET version = 99").format(target),
            sql.SQL("DELETE FROM {}").format(target),
            sql.SQL("TRUNCATE {}").format(target),
        ):
            with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
                conn.execute(statement)
