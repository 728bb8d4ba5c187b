"""The write contract (carekit.testing.contract) on MariaDB, through ``carekit.open()`` and
the plugin's entry point: every write validated, statuses owned by the workflows, bilingual
errors, a closed application refusing every call."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from carekit.testing.contract import WriteContractConformance

pytestmark = pytest.mark.mariadb


class TestMariaDBWriteContract(WriteContractConformance):
    @pytest.fixture
    def store_url(self, fresh_url: str) -> str:
        return fresh_url

    @pytest.fixture
    def store_factory(self, database_url: Callable[..., str]) -> Callable[[], str]:
        return database_url
