"""Repositories: typed access to the records of one kind (``app.safety_plans``, …).

Every read returns what the store keeps — :class:`~carekit.store.StoredRecord` (record,
version, stored_at), typed (``StoredRecord[SafetyPlan]``) — so an update can always be
made from what was read: ``repo.update(new, expected_version=stored.version, …)``.
:meth:`Repository.query` reads one page (:class:`~carekit.app.Page`), filtered, searched
and sorted in the store.  Writes go through the application, so every rule of the write
contract applies.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import attrs

from carekit.app._query import DEFAULT_LIMIT, MAX_LIMIT, Page, build_query, make_page
from carekit.errors import InvalidArgumentError, InvalidQueryError
from carekit.i18n import Text
from carekit.model import Actor, Record
from carekit.store import QueryOrder, StoredRecord

if TYPE_CHECKING:
    from carekit.app._app import Application

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
        self._app._check_open()
        current = self._app.store.get(str(record_id))  # a write's own read: not logged
        self._of_kind(current)  # refuses an id of another kind before fn runs
        return self._app.modify(record_id, fn, actor=actor, retries=retries)

    def get(self, record_id: str | uuid.UUID) -> StoredRecord[R]:
        """The latest version of the record with its version number and when it was stored,
        typed (``stored.record`` is an ``R``); ``InvalidArgumentError`` when the id names a
        record of another kind."""
        return self._of_kind(self._app.get(record_id))

    def _of_kind(self, stored: StoredRecord[Record]) -> StoredRecord[R]:
        if not isinstance(stored.record, self.cls):
            raise InvalidArgumentError(
                "record_id",
                Text(f"id'et på en {self.kind}-post", f"the id of a {self.kind} record"),
                stored.record,
            )
        return cast("StoredRecord[R]", stored)

    def query(
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
        """One page of the latest versions of this kind, filtered and sorted by the store.

        - ``citizen_id``, ``status``: only this citizen's records, only this workflow state;
        - ``changed_since``: versions stored at or after this (aware) time;
        - ``text``: every word occurs in the kind's human fields (names, titles, the
          citizen's own words), case- and accent-insensitively (``"soren"`` finds
          ``Søren``; see ``docs/querying.md``);
        - ``due_before``: records whose next due date is before this date;
        - ``cpr`` (citizens): the citizen with this CPR number, found through a keyed hash
          (``carekit.open(search_key=…)``), never by the number itself;
        - ``order``: ``"changed"`` (oldest change first, for syncing) or ``"id"``;
        - ``limit``: 1 to 1000 records; ``after``: ``page.next`` of the previous page.

        Paging is keyset paging: a page never repeats or skips a record that did not change
        meanwhile.  Bad arguments raise :class:`~carekit.errors.InvalidQueryError`, a
        cursor carekit did not make :class:`~carekit.errors.InvalidCursorError`.  The page
        is logged as one read of each citizen on it.
        """
        reader = self._app._require_reader("query")
        page = self._page(
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
        self._app._log_read(reader, "query", [s.record for s in page.items])
        return page

    def _page(
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
        query = build_query(
            self.kind,
            citizen_id=citizen_id,
            status=status,
            changed_since=changed_since,
            text=text,
            due_before=due_before,
            order=order,
            limit=limit,
            after=after,
            cpr=self._cpr(cpr),
            search_key=self._app.search_key,
        )
        rows = self._app.store.query_page(attrs.evolve(query, limit=query.limit + 1))
        return make_page(query, cast("builtins.list[StoredRecord[R]]", rows))

    def list(
        self, *, citizen_id: str | uuid.UUID | None = None, status: str | None = None
    ) -> builtins.list[StoredRecord[R]]:
        """Latest versions of this kind, optionally of one citizen and one status, in
        record-id order: every page of :meth:`query` (``order="id"``) in one list, logged as
        one read of each citizen in it."""
        reader = self._app._require_reader("list")
        out: builtins.list[StoredRecord[R]] = []
        after: str | None = None
        while True:
            page = self._page(
                citizen_id=citizen_id, status=status, order="id", limit=MAX_LIMIT, after=after
            )
            out.extend(page.items)
            if page.next is None:
                break
            after = page.next
        self._app._log_read(reader, "list", [s.record for s in out])
        return out

    def _cpr(self, cpr: str | None) -> str | None:
        if cpr is not None and self.kind != "citizen":
            raise InvalidQueryError(
                "cpr",
                Text(
                    f"Kun borgere (app.citizens) kan søges på CPR-nummer, ikke {self.kind}.",
                    f"only citizens (app.citizens) can be searched by CPR number, not {self.kind}",
                ),
            )
        return cpr

    def history(self, record_id: str | uuid.UUID) -> builtins.list[StoredRecord[R]]:
        """Every version of the record, oldest first (logged as one read)."""
        reader = self._app._require_reader("history")
        versions = self._app.store.history(str(record_id))
        self._app._log_read(reader, "history", [s.record for s in versions[-1:]])
        return cast(builtins.list["StoredRecord[R]"], versions)

    def _check(self, record: object) -> R:
        if not isinstance(record, self.cls):
            raise InvalidArgumentError(
                "record",
                Text(f"en {self.cls.__name__}-post", f"a {self.cls.__name__} record"),
                record,
            )
        return record
