"""The write contract (carekit.testing.contract) on the memory and SQLite stores; the
PostgreSQL store runs the same kit in plugins/carekit-postgres/tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from carekit.testing.contract import WriteContractConformance


class TestMemoryWriteContract(WriteContractConformance):
    @pytest.fixture
    def store_url(self) -> str:
        return "memory://"


class TestSQLiteWriteContract(WriteContractConformance):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'contract.sqlite'}"

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> Callable[[], str]:
        counter = itertools.count()
        return lambda: f"sqlite:///{tmp_path / f'machine-{next(counter)}.sqlite'}"
