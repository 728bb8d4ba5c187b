"""A SQLite file that cannot be written - read-only, a full disk - is a clear
StoreUnavailableError naming the file, in Danish and English; nothing half-written, and what
was stored before stays readable (#15 point 1)."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.errors import StoreUnavailableError
from carekit.store import SQLiteStore
from carekit.testing.readers import open_reading


class _Refusing:
    """A connection whose writes fail as SQLite reports a read-only file or a full disk."""

    def __init__(self, conn: sqlite3.Connection, message: str, on: str) -> None:
        self._conn, self._message, self._on = conn, message, on

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith(self._on):
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("message", "on", "danish", "english"),
    [
        (
            "attempt to write a readonly database",
            "BEGIN",
            "kan ikke skrives i",
            "cannot be written",
        ),
        (
            "attempt to write a readonly database",
            "COMMIT",
            "kan ikke skrives i",
            "cannot be written",
        ),
        ("database or disk is full", "COMMIT", "disken er fuld", "the disk is full"),
        ("disk I/O error", "COMMIT", "I/O-fejl", "an I/O error"),
    ],
)
def test_a_failed_write_is_a_store_error_and_stores_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message: str,
    on: str,
    danish: str,
    english: str,
) -> None:
    db = tmp_path / "care.sqlite"
    records = demo_records()
    with open_reading(db) as app:
        app.import_records(records, actor=DEMO_IMPORTER)
    store = SQLiteStore(db)
    before = len(store.audit_log())
    real = store._conn()
    monkeypatch.setattr(store, "_conn", lambda: _Refusing(real, message, on))
    with pytest.raises(StoreUnavailableError) as caught, store._write() as conn:
        conn.execute("UPDATE chain_head SET seq = seq WHERE id = 1")
    assert danish in caught.value.text.da
    assert english in caught.value.text.en
    assert str(db) in caught.value.text.da
    monkeypatch.undo()
    assert len(store.audit_log()) == before  # nothing half-written, the old data readable
    store.close()


def _fill_the_disk() -> None:  # pragma: no cover - runs in the child process
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500 * 512, 1_500 * 512))


def test_a_full_disk_under_the_command_line_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "carekit", "demo", "--db", str(db)],
        capture_output=True,
        text=True,
        preexec_fn=_fill_the_disk,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "disken er fuld, eller der opstod en I/O-fejl" in result.stderr
    assert str(db) in result.stderr
    # what was stored before the disk filled up is still a readable store
    with SQLiteStore(db) as store:
        assert store.check() == []
