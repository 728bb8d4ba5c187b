"""The write contract (``carekit.testing.contract``) holds for the async application: the
kit's tests drive ``carekit.open_async`` through a blocking portal (``_bridge``), so every
call is a coroutine awaited on an event loop and run in a worker thread, on memory and
SQLite."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import carekit
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.testing.contract import WriteContractConformance
from carekit.testing.readers import TEST_PURPOSE, TEST_READER

from ._bridge import BlockingAsyncApp, open_through_async


class _ThroughAsync(WriteContractConformance):
    @pytest.fixture
    def app(self, store_url: str) -> Iterator[BlockingAsyncApp]:
        """The kit's application, but the async one behind a blocking face."""
        with BlockingAsyncApp(store_url, actor=TEST_READER, purpose=TEST_PURPOSE) as app:
            app.import_records(demo_records(), actor=DEMO_IMPORTER)
            yield app

    @pytest.fixture(autouse=True)
    def _machine_opens_async(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # the kit's state machine opens its stores with carekit.open: make that async too
        monkeypatch.setattr(carekit, "open", open_through_async)


class TestMemoryAsyncWriteContract(_ThroughAsync):
    @pytest.fixture
    def store_url(self) -> str:
        return "memory://"


class TestSQLiteAsyncWriteContract(_ThroughAsync):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'contract.sqlite'}"

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> Callable[[], str]:
        counter = itertools.count()
        return lambda: f"sqlite:///{tmp_path / f'machine-{next(counter)}.sqlite'}"


def test_the_bridge_really_goes_through_the_async_application() -> None:
    with BlockingAsyncApp("memory://", actor=TEST_READER, purpose=TEST_PURPOSE) as app:
        assert isinstance(app.async_app, carekit.aio.AsyncApplication)
        stored = app.import_records(demo_records(), actor=DEMO_IMPORTER)
        assert len(stored) == len(demo_records())
        assert app.async_app.sync.store is app.store


@pytest.mark.postgres
class TestPostgresAsyncWriteContract(_ThroughAsync):
    """On PostgreSQL the async application also runs in worker threads (psycopg's sync pool;
    docs/async.md); the contract holds there too."""

    @pytest.fixture
    def store_url(self, pg_schema_url: Callable[[], str]) -> str:
        return pg_schema_url()

    @pytest.fixture
    def store_factory(self, pg_schema_url: Callable[[], str]) -> Callable[[], str]:
        return pg_schema_url
