"""The whole carekit storage conformance kit against PostgreSQL — once as the owner role
(which migrates on open) and once as a least-privilege role on a schema migrated by the
owner."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from carekit_postgres import PostgresStore

from carekit.testing.storage import StoreConformance, StoreFactory

pytestmark = pytest.mark.postgres


#: A password in the URL (the test server trusts local connections, so any password is
#: accepted): the kit checks url, repr() and error texts never show it.
SECRET = "kit-hemmeligt-7"


class TestPostgresStoreConformance(StoreConformance):
    @pytest.fixture
    def store_factory(self, schema_url: Callable[[], str]) -> StoreFactory:
        def make(audit_reads: bool = False) -> PostgresStore:
            url = schema_url().replace("://postgres@", f"://postgres:{SECRET}@", 1)
            assert SECRET in url
            return PostgresStore(url, audit_reads=audit_reads, pool_max_size=8)

        return make

    @pytest.fixture
    def store_secret(self) -> str:
        return SECRET

    @pytest.fixture
    def shared_store_opener(self, schema_url: Callable[[], str]) -> Callable[[], PostgresStore]:
        return functools.partial(PostgresStore, schema_url(), pool_max_size=2)


class TestLeastPrivilegeRoleConformance(StoreConformance):
    @pytest.fixture
    def store_factory(self, restricted_url: Callable[[], str]) -> StoreFactory:
        def make(audit_reads: bool = False) -> PostgresStore:
            return PostgresStore(restricted_url(), audit_reads=audit_reads, pool_max_size=8)

        return make

    @pytest.fixture
    def shared_store_opener(self, restricted_url: Callable[[], str]) -> Callable[[], PostgresStore]:
        return functools.partial(PostgresStore, restricted_url(), pool_max_size=2)
