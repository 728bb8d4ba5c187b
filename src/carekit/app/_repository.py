"""Repositories: typed access to the records of one kind (``app.safety_plans``, …).

``Repository.get`` returns the record itself (typed); :meth:`Application.get` returns the
stored version (:class:`~carekit.store.StoredRecord`: record, version, stored_at).
Writes go through the application, so every rule of the write contract applies.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from carekit.errors import InvalidArgumentError
from carekit.i18n import Text
from carekit.model import Actor, Record

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

    def add(self, record: R) -> StoredRecord[R]:
        """Store a new record (see :meth:`Application.add`)."""
        return self._app.add(self._check(record))

    def update(
        self,
        record: R,
        *,
        expected_version: int,
        actor: Actor,
        at: dt.datetime | None = None,
    ) -> StoredRecord[R]:
        """Store a new version based on *expected_version*, changed by *actor* (see
        :meth:`Application.update`)."""
        return self._app.update(
            self._check(record), expected_version=expected_version, actor=actor, at=at
        )

    def modify(
        self, record_id: str | uuid.UUID, fn: Callable[[R], R], *, actor: Actor, retries: int = 5
    ) -> StoredRecord[R]:
        """Re-read, apply *fn*, update; retry on conflicts (see :meth:`Application.modify`)."""
        self.get(record_id)  # refuses an id of another kind before fn runs
        return self._app.modify(record_id, fn, actor=actor, retries=retries)

    def get(self, record_id: str | uuid.UUID) -> R:
        """The latest version of the record, typed; ``InvalidArgumentError`` when the id
        names a record of another kind."""
        record = self._app.get(record_id).record
        if not isinstance(record, self.cls):
            raise InvalidArgumentError(
                "record_id",
                Text(f"id'et på en {self.kind}-post", f"the id of a {self.kind} record"),
                record,
            )
        return record

    def list(
        self, *, citizen_id: str | uuid.UUID | None = None, status: str | None = None
    ) -> builtins.list[R]:
        """Latest versions of this kind, optionally of one citizen and one status."""
        self._app._check_open()
        rows = self._app.store.query(
            kind=self.kind,
            citizen_id=str(citizen_id) if citizen_id is not None else None,
            status=status,
        )
        return [row.record for row in rows if isinstance(row.record, self.cls)]

    def history(self, record_id: str | uuid.UUID) -> builtins.list[StoredRecord[R]]:
        """Every version of the record, oldest first."""
        self._app._check_open()
        return cast(builtins.list["StoredRecord[R]"], self._app.store.history(str(record_id)))

    def _check(self, record: object) -> R:
        if not isinstance(record, self.cls):
            raise InvalidArgumentError(
                "record",
                Text(f"en {self.cls.__name__}-post", f"a {self.cls.__name__} record"),
                record,
            )
        return record
