"""Opening a SQLite store that cannot be opened is a clear StoreUnavailableError."""

from __future__ import annotations

from pathlib import Path

import pytest

from carekit.errors import StoreUnavailableError
from carekit.store import SQLiteStore


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="does not exist; create it first"):
        SQLiteStore(tmp_path / "nope" / "care.sqlite")


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database, but somebody's notes\n" * 100, encoding="utf-8")
    before = other.read_bytes()
    with pytest.raises(StoreUnavailableError, match="is not a SQLite database"):
        SQLiteStore(other)
    assert other.read_bytes() == before  # no data lost
