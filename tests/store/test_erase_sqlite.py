"""Erasure by crypto-shredding on SQLite: the conformance kit (carekit.testing.erasure) with
a byte search of the file, its WAL and shared memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from carekit.testing.erasure import (
    ErasureConformance,
    PlaintextErasureConformance,
    sqlite_files_bytes,
)


class TestSQLiteErasure(ErasureConformance):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'e.sqlite'}"

    def raw_dump(self, store_url: str) -> bytes:
        return sqlite_files_bytes(store_url)


class TestSQLitePlaintextErasure(PlaintextErasureConformance):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'p.sqlite'}"
