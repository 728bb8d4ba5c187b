"""What every storage backend implements the same way, so it is written once."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self

from carekit.events import DomainEvent
from carekit.model import Record
from carekit.store._protocol import PutItem, StoredRecord

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
