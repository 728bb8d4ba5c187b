"""Async repositories: ``await app.safety_plans.get(id)`` and the rest of
:class:`~carekit.app.Repository`, each call in a worker thread."""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from carekit.app import DEFAULT_LIMIT
from carekit.model import Actor, Record

if TYPE_CHECKING:
    from carekit.aio._app import AsyncApplication
    from carekit.app import Page, Repository
    from carekit.store import QueryOrder, StoredRecord

__all__ = ["AsyncRepository"]

R = TypeVar("R", bound=Record)


class AsyncRepository(Generic[R]):
    """The records of one kind, for ``async`` code: the methods of
    :class:`~carekit.app.Repository` as coroutines (same rules, same errors)."""

    def __init__(self, app: AsyncApplication, sync: Repository[R], cls: type[R]) -> None:
        self._app = app
        #: the sync repository doing the work
        self.sync = sync
        #: the record class of this kind
        self.cls = cls
        #: the kind name
        self.kind = cls.KIND

    async def add(self, record: R) -> StoredRecord[R]:
        """Store a new record (see :meth:`Repository.add`)."""
        return await self._app.run_sync(self.sync.add, record)

    async def update(
        self,
        record: R,
        *,
        expected_version: int,
        actor: Actor,
        at: dt.datetime | None = None,
    ) -> StoredRecord[R]:
        """Store a new version based on *expected_version* (see :meth:`Repository.update`)."""
        return await self._app.run_sync(
            self.sync.update, record, expected_version=expected_version, actor=actor, at=at
        )

    async def modify(
        self, record_id: str | uuid.UUID, fn: Callable[[R], R], *, actor: Actor, retries: int = 5
    ) -> StoredRecord[R]:
        """Re-read, apply *fn* (sync, in the worker thread), update; retry on conflicts
        (see :meth:`Repository.modify`)."""
        return await self._app.run_sync(
            self.sync.modify, record_id, fn, actor=actor, retries=retries
        )

    async def get(self, record_id: str | uuid.UUID) -> StoredRecord[R]:
        """The latest version of the record, typed (see :meth:`Repository.get`)."""
        return await self._app.run_sync(self.sync.get, record_id)

    async def query(
        self,
        *,
        citizen_id: str | uuid.UUID | None = None,
        status: str | None = None,
        changed_since: dt.datetime | None = None,
        text: str | None = None,
        due_before: dt.date | None = None,
        order: QueryOrder = "changed",
        limit: int = DEFAULT_LIMIT,
        after: str | None = None,
        cpr: str | None = None,
    ) -> Page[StoredRecord[R]]:
        """One page of the latest versions of this kind (see :meth:`Repository.query`)."""
        return await self._app.run_sync(
            self.sync.query,
            citizen_id=citizen_id,
            status=status,
            changed_since=changed_since,
            text=text,
            due_before=due_before,
            order=order,
            limit=limit,
            after=after,
            cpr=cpr,
        )

    async def list(
        self, *, citizen_id: str | uuid.UUID | None = None, status: str | None = None
    ) -> builtins.list[StoredRecord[R]]:
        """Latest versions of this kind (see :meth:`Repository.list`)."""
        return await self._app.run_sync(self.sync.list, citizen_id=citizen_id, status=status)

    async def history(self, record_id: str | uuid.UUID) -> builtins.list[StoredRecord[R]]:
        """Every version of the record, oldest first (see :meth:`Repository.history`)."""
        return await self._app.run_sync(self.sync.history, record_id)
