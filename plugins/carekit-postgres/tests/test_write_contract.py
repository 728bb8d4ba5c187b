"""The write contract (carekit.testing.contract) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from carekit.testing.contract import WriteContractConformance


class TestPostgresWriteContract(WriteContractConformance):
    @pytest.fixture
    def store_url(self, fresh_url: str) -> str:
        return fresh_url

    @pytest.fixture
    def store_factory(self, schema_url: Callable[[], str]) -> Callable[[], str]:
        return schema_url
