"""carekit's whole storage conformance kit (every capability part, the query kit and the
fault-injection interleavings) against MariaDB, as a user with a password in the URL."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from carekit_mariadb import MariaDBStore
from conftest import SECRET

from carekit.testing.storage import StoreConformance, StoreFactory

pytestmark = pytest.mark.mariadb


class TestMariaDBStoreConformance(StoreConformance):
    @pytest.fixture
    def store_factory(self, secret_url: Callable[[], str]) -> StoreFactory:
        def make(audit_reads: bool = False) -> MariaDBStore:
            url = secret_url()
            assert SECRET in url
            return MariaDBStore(url, audit_reads=audit_reads)

        return make

    @pytest.fixture
    def store_secret(self) -> str:
        return SECRET

    @pytest.fixture
    def shared_store_opener(self, secret_url: Callable[[], str]) -> Callable[[], MariaDBStore]:
        return functools.partial(MariaDBStore, secret_url(), pool_size=2)
