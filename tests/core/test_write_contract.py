"""The write contract (carekit.testing.contract) on the memory and SQLite stores; the
PostgreSQL store runs the same kit in plugins/carekit-postgres/tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carekit.testing.contract import WriteContractConformance
from carekit.testing.readers import open_reading
from carekit.testing.records import STAFF


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


def test_references_are_checked_by_the_store_in_its_transaction_not_read_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The application leaves referential integrity to the store's write transaction: adding
    a record reads none of the records it refers to through ``get`` first, and a direct
    ``store.put`` is refused the same way ``app.add`` is."""
    from carekit.errors import ReferenceIntegrityError
    from carekit.testing.records import make_record

    with open_reading("memory://") as app:
        app.import_records([make_record("citizen", 0), make_record("dream", 1)], actor=STAFF)
        reads: list[str] = []
        real_get = app.store.get

        def counting_get(record_id: str, **kwargs: Any) -> Any:
            reads.append(record_id)
            return real_get(record_id, **kwargs)

        monkeypatch.setattr(app.store, "get", counting_get)
        app.add(make_record("trial_action", 1, status="planned"))
        assert reads == []
        dangling = make_record("trial_action", 2)  # names dream 2, which is not stored
        with pytest.raises(ReferenceIntegrityError) as via_app:
            app.add(dangling)
        with pytest.raises(ReferenceIntegrityError) as via_store:
            app.store.put(dangling, expected_version=None)
        assert via_app.value.text == via_store.value.text
        assert via_app.value.code == via_store.value.code == "record.reference"
