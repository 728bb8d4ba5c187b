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


def test_open_errors_are_in_danish_and_english(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError) as missing:
        SQLiteStore(tmp_path / "nope" / "care.sqlite")
    assert "mappen" in missing.value.text.da
    assert "findes ikke" in missing.value.text.da
    other = tmp_path / "notes.txt"
    other.write_text("not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreUnavailableError) as foreign:
        SQLiteStore(other)
    assert "er ikke en SQLite-database" in foreign.value.text.da
    assert "is not a SQLite database" in foreign.value.text.en
    assert foreign.value.code == "store.unavailable"
