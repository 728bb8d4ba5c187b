"""What every storage backend implements the same way, so it is written once."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self

from carekit.errors import StoreClosedError
from carekit.events import DomainEvent
from carekit.model import Record
from carekit.store._access import AccessBuffer
from carekit.store._protocol import AccessEntry, PutItem, StoredRecord

__all__ = ["StoreBase"]


class StoreBase(ABC):
    """Base of carekit's backends: ``put`` is a one-item ``put_many`` (one transaction,
    same checks), and a store is a context manager that closes itself.

    ``fault_hook`` is the fault-injection seam (see :data:`~carekit.store.FAULT_POINTS`):
    when set, the backend calls it with the name of each point it reaches, inside the
    transaction.  Tests set it; applications never do."""

    #: Called with a point name (``FAULT_*``) inside the transaction; ``None``: off.
    fault_hook: Callable[[str], None] | None = None
    #: The CPR search key (:meth:`~carekit.store.Store.use_search_key`); memory only.
    search_key: bytes | None = None

    #: The read-access log's buffer (:meth:`_start_access_log`); ``None``: not started.
    _access: AccessBuffer | None = None

    def _start_access_log(self, *, size: int = 4096, interval: float = 1.0) -> None:
        """Batch access-log rows in memory and write them with :meth:`_write_access`."""
        self._access = AccessBuffer(self._write_access, size=size, interval=interval)

    def _write_access(self, entries: list[AccessEntry]) -> None:
        """Write one batch of access-log rows in one transaction (backends override)."""
        raise NotImplementedError

    def log_access(self, entries: Sequence[AccessEntry]) -> None:
        """Buffer *entries*; they are written in batches (see
        :meth:`carekit.store.Store.log_access`)."""
        if self._access is None:
            raise NotImplementedError(f"{type(self).__name__} keeps no access log")
        if getattr(self, "_closed", False):
            raise StoreClosedError
        self._access.add(entries)

    def flush_access_log(self) -> None:
        """Write every buffered access-log entry now."""
        if self._access is not None:
            self._access.flush()

    def _take_access(self) -> list[AccessEntry]:
        """The buffered entries, for a record write to include in its transaction."""
        return self._access.take() if self._access is not None else []

    def _restore_access(self, entries: list[AccessEntry]) -> None:
        if self._access is not None:
            self._access.restore(entries)

    def _close_access_log(self) -> None:
        """Stop the flush timer and write every buffered entry (before closing)."""
        if self._access is not None:
            self._access.close()

    def _fault(self, point: str) -> None:
        hook = self.fault_hook
        if hook is not None:
            hook(point)

    @abstractmethod
    def put_many(
        self, items: Sequence[PutItem], *, events: Sequence[DomainEvent] = ()
    ) -> list[StoredRecord[Record]]:
        """Store a new version of every item and queue *events* in the outbox, all or nothing.

        Raises :class:`~carekit.errors.ConflictError` when an item's ``expected_version`` is not the
        record's current version (``None`` for a new record); nothing is written then. Returns the
        stored versions in the order of *items*.
        """

    @abstractmethod
    def close(self) -> None:
        """Release the store's resources; later calls raise
        :class:`~carekit.errors.StoreClosedError`."""

    def put(
        self,
        record: Record,
        *,
        expected_version: int | None,
        events: Sequence[DomainEvent] = (),
    ) -> StoredRecord[Record]:
        """Store one new version of *record* (see :meth:`put_many`);
        :class:`~carekit.errors.ConflictError` unless *expected_version* is the current version
        (``None`` for a new record)."""
        return self.put_many([PutItem(record, expected_version)], events=events)[0]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
