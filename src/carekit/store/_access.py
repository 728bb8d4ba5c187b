"""The read-access log's shared parts: how an :class:`~carekit.store.AccessEntry` is stored
(and hashed into the chain), and the in-memory buffer every backend batches its rows in.

Reads are frequent and must stay cheap, so a store never writes one transaction (one
fsync) per read.  :class:`AccessBuffer` keeps entries in memory and hands them to the
backend's writer in batches: with the store's next record write (in the same transaction),
when ``size`` entries are waiting, ``interval`` seconds after the first waiting entry (one
background thread per store), on ``flush()`` and at ``close()``.  A failed batch stays in
the buffer and is written with the next one; ``close()`` writes what is left (and raises
if it cannot, never dropping rows silently).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from carekit.privacy import masked_logger
from carekit.store._chain import Value
from carekit.store._common import format_time, parse_time
from carekit.store._protocol import AccessEntry

__all__ = ["ACCESS_COLUMNS", "AccessBuffer", "access_values", "entry_from_values"]

log = masked_logger("carekit.store")

#: The stored (and hashed) columns of an access-log row, in order.
ACCESS_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "actor_kind",
    "purpose",
    "channel",
    "operation",
    "citizen_id",
    "kinds",
    "record_ids",
)


def access_values(entry: AccessEntry) -> tuple[Value, ...]:
    """*entry* as the column values carekit stores and hashes (lists as space-separated
    text, the time as fixed-width UTC text)."""
    return (
        format_time(entry.at),
        entry.actor_id,
        entry.actor_name,
        entry.actor_role,
        entry.actor_kind,
        entry.purpose,
        entry.channel,
        entry.operation,
        entry.citizen_id,
        " ".join(entry.kinds),
        " ".join(entry.record_ids),
    )


def entry_from_values(seq: int, values: Sequence[object]) -> AccessEntry:
    """The entry stored as *values* (:data:`ACCESS_COLUMNS` order) at position *seq*."""
    at, actor, name, role, kind, purpose, channel, operation, citizen, kinds, ids = values
    return AccessEntry(
        seq=seq,
        at=parse_time(str(at)),
        actor_id=str(actor),
        actor_name=None if name is None else str(name),
        actor_role=None if role is None else str(role),
        actor_kind=None if kind is None else str(kind),
        purpose=str(purpose),
        channel=str(channel),
        operation=str(operation),
        citizen_id=str(citizen),
        kinds=tuple(str(kinds).split()),
        record_ids=tuple(str(ids).split()),
    )


class AccessBuffer:
    """Access-log entries waiting to be written, flushed in batches by *write* (which
    writes a batch in one transaction of its own)."""

    def __init__(
        self,
        write: Callable[[list[AccessEntry]], None],
        *,
        size: int = 4096,
        interval: float = 1.0,
    ) -> None:
        self._write = write
        self.size = size
        self.interval = interval
        self._pending: list[AccessEntry] = []
        self._cond = threading.Condition(threading.Lock())
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def add(self, entries: Sequence[AccessEntry]) -> None:
        """Buffer *entries*; write the buffer now when it is full."""
        if not entries:
            return
        with self._cond:
            was_empty = not self._pending
            self._pending.extend(entries)
            full = len(self._pending) >= self.size
            if not full and self._thread is None and not self._stopped:
                self._thread = threading.Thread(
                    target=self._run, name="carekit-access-log", daemon=True
                )
                self._thread.start()
            if was_empty:
                self._cond.notify_all()
        if full:
            self.flush()

    def take(self) -> list[AccessEntry]:
        """Every waiting entry, removed from the buffer (a write transaction that includes
        them calls :meth:`restore` if it fails)."""
        with self._cond:
            taken, self._pending = self._pending, []
        return taken

    def restore(self, entries: Sequence[AccessEntry]) -> None:
        """Put *entries* back in front of the buffer (their transaction failed)."""
        if entries:
            with self._cond:
                self._pending[:0] = entries

    def flush(self) -> None:
        """Write every waiting entry now (one batch); on failure they stay buffered and the
        error is raised."""
        with self._flush_lock:
            batch = self.take()
            if not batch:
                return
            try:
                self._write(batch)
            except BaseException:
                self.restore(batch)
                raise

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopped:
                    self._cond.wait()
                deadline = time.monotonic() + self.interval
                while not self._stopped and (left := deadline - time.monotonic()) > 0:
                    self._cond.wait(timeout=left)
                if self._stopped:
                    return
            try:
                self.flush()
            except Exception as exc:  # noqa: BLE001 - kept buffered, retried next time
                log.warning("access log flush failed, retrying later: %s", type(exc).__name__)

    def close(self) -> None:
        """Stop the timer thread and write what is left (raises if that fails)."""
        with self._cond:
            self._stopped = True
            thread, self._thread = self._thread, None
            self._cond.notify_all()
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self.flush()

    def __len__(self) -> int:
        with self._cond:
            return len(self._pending)
