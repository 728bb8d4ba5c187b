"""Repositories: typed access to the records of one kind."""

from __future__ import annotations

import builtins
import uuid
from typing import TYPE_CHECKING, Generic, TypeVar

from carekit.model import Record

if TYPE_CHECKING:
    from carekit.app._app import Application
    from carekit.store import StoredRecord

__all__ = ["Repository"]

R = TypeVar("R", bound=Record)


class Repository(Generic[R]):
    """The records of one kind in an application's store."""

    def __init__(self, app: Application, cls: type[R]):
        self._app = app
        self.cls = cls
        self.kind = cls.KIND

    def add(self, record: R) -> StoredRecord:
        """Store a new record (rules checked; ``RecordCreated`` emitted)."""
        self._check(record)
        return self._app.add(record)

    def update(self, record: R, *, expected_version: int) -> StoredRecord:
        """Store a new version based on *expected_version* (``ConflictError`` if stale)."""
        self._check(record)
        return self._app.update(record, expected_version=expected_version)

    def get(self, record_id: str | uuid.UUID) -> R:
        record = self._app.get(record_id).record
        if not isinstance(record, self.cls):
            raise TypeError(f"record {record_id} is a {record.kind}, not a {self.kind}")
        return record

    def list(
        self, *, citizen_id: str | uuid.UUID | None = None, status: str | None = None
    ) -> builtins.list[R]:
        rows = self._app.store.query(
            kind=self.kind,
            citizen_id=str(citizen_id) if citizen_id is not None else None,
            status=status,
        )
        return [row.record for row in rows if isinstance(row.record, self.cls)]

    def history(self, record_id: str | uuid.UUID) -> builtins.list[StoredRecord]:
        return self._app.store.history(str(record_id))

    def _check(self, record: R) -> None:
        if not isinstance(record, self.cls):
            raise TypeError(f"a {self.kind} repository cannot store a {record.kind} record")
