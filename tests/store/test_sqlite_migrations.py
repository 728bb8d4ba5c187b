"""Versioned migrations: applied once, forward from older databases, refused from newer."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from carekit.store import SCHEMA_VERSION, SQLiteStore, StoreSchemaTooNewError
from carekit.store._migrations import MIGRATIONS, applied_version, migrate
from carekit.testing.records import make_record
from carekit.testing.storage import put_new


def _indexes(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_opening_twice_applies_each_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    SQLiteStore(path).close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == MIGRATIONS[-1].version
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, url="test") == []
        rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    finally:
        conn.close()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]


def test_database_at_version_1_migrates_forward_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, url="test", target=1) == [1]
        assert applied_version(conn) == 1
    finally:
        conn.close()
    assert "records_due" not in _indexes(path)
    plan = make_record("safety_plan")
    with SQLiteStore(path) as store:  # opening applies every later migration
        assert store.schema_version == MIGRATIONS[-1].version
        put_new(store, plan)
    assert "records_due" in _indexes(path)
    with SQLiteStore(path) as store:
        assert store.get(plan.record_id).record == plan


def test_database_from_a_newer_carekit_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    conn.close()
    with pytest.raises(StoreSchemaTooNewError) as info:
        SQLiteStore(path)
    assert (info.value.found, info.value.supported) == (99, SCHEMA_VERSION)
    assert "Upgrade carekit" in str(info.value)
    assert "Opgrader carekit" in info.value.text.da
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 99
    conn.close()


@pytest.mark.parametrize("table", ["records", "audit"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET version = 7", "DELETE FROM {t}"])
def test_records_and_audit_are_append_only(tmp_path: Path, table: str, statement: str) -> None:
    path = tmp_path / "db.sqlite"
    with SQLiteStore(path) as store:
        put_new(store, make_record("dream"))
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement.format(t=table))
    finally:
        conn.close()


def test_sqlite_store_uses_wal_and_full_sync_by_default(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "db.sqlite") as store:
        conn = store._conn()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
