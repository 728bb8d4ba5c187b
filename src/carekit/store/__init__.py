"""Storage: the :class:`Store` protocol, the memory and SQLite backends, audit and outbox.

Start with :func:`open_store` (``memory://`` or ``sqlite:///path``) or construct
:class:`SQLiteStore` / :class:`MemoryStore` directly.  See ``docs/storage.md``.
"""

from carekit.store._protocol import (
    ALL_CAPABILITIES,
    CAP_AUDIT,
    CAP_BULK,
    CAP_CONCURRENT_PROCESSES,
    CAP_HISTORY,
    CAP_OPTIMISTIC_CONCURRENCY,
    CAP_OUTBOX,
    CAP_READ_AUDIT,
    EVENT_TOPIC,
    OUTBOX_STATUSES,
    AuditAction,
    AuditEntry,
    OutboxItem,
    OutboxStatus,
    PutItem,
    StorageBackend,
    Store,
    StoredRecord,
)

__all__ = [
    "ALL_CAPABILITIES",
    "CAP_AUDIT",
    "CAP_BULK",
    "CAP_CONCURRENT_PROCESSES",
    "CAP_HISTORY",
    "CAP_OPTIMISTIC_CONCURRENCY",
    "CAP_OUTBOX",
    "CAP_READ_AUDIT",
    "EVENT_TOPIC",
    "OUTBOX_STATUSES",
    "AuditAction",
    "AuditEntry",
    "OutboxItem",
    "OutboxStatus",
    "PutItem",
    "StorageBackend",
    "Store",
    "StoredRecord",
]
