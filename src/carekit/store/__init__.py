"""Storage: the :class:`Store` protocol, the memory and SQLite backends, audit and outbox.

Open a built-in store with :func:`open_store` (``memory://``, ``sqlite:///path`` or a file
path) or construct :class:`SQLiteStore` / :class:`MemoryStore` directly; applications
normally use ``carekit.open()``, which also finds backends installed as plugins.  Both choose
the backend with :func:`select_backend`.  See ``docs/storage.md``.
"""

import os

from carekit.errors import UnknownBackendError
from carekit.store._crypto import DATA_KEY_ENV, DATA_KEY_FILE_ENV, load_store_key
from carekit.store._errors import (
    CitizenErasedError,
    DataKeyError,
    ErasureNotSupportedError,
    ErasureRefusedError,
    InvalidStoreURLError,
    OutboxItemNotFoundError,
    OutboxStateError,
    RecordEncryptedError,
    StoreCorruptError,
    StoreSchemaTooNewError,
)
from carekit.store._memory import MemoryStore
from carekit.store._migrations import LATEST as SCHEMA_VERSION
from carekit.store._protocol import (
    ALL_CAPABILITIES,
    CAP_ACCESS_LOG,
    CAP_AUDIT,
    CAP_BULK,
    CAP_CONCURRENT_PROCESSES,
    CAP_HISTORY,
    CAP_OPTIMISTIC_CONCURRENCY,
    CAP_OUTBOX,
    CAP_READ_AUDIT,
    EVENT_TOPIC,
    FAULT_CLAIM_SELECTED,
    FAULT_ENQUEUE_CHECKED,
    FAULT_POINTS,
    FAULT_PUT_CHECKED,
    FAULT_PUT_RECORDS_WRITTEN,
    OUTBOX_RULES,
    OUTBOX_STATUSES,
    QUERY_ORDERS,
    AccessEntry,
    AuditAction,
    AuditEntry,
    OutboxItem,
    OutboxRule,
    OutboxStatus,
    PageKey,
    PutItem,
    QueryOrder,
    ReadResult,
    RecordQuery,
    StorageBackend,
    Store,
    StoredRecord,
    UnreadableVersion,
)
from carekit.store._select import resolve_url, select_backend
from carekit.store._shred import ErasureReport, SupportsErasure
from carekit.store._sqlite import SQLiteStore
from carekit.store._url import (
    StoreURL,
    default_sqlite_path,
    mask_url,
    parse_flag,
    parse_store_url,
    sqlite_url,
)
from carekit.store.sqlite_plugin import memory_backend, sqlite_backend

__all__ = [
    "ALL_CAPABILITIES",
    "CAP_ACCESS_LOG",
    "CAP_AUDIT",
    "CAP_BULK",
    "CAP_CONCURRENT_PROCESSES",
    "CAP_HISTORY",
    "CAP_OPTIMISTIC_CONCURRENCY",
    "CAP_OUTBOX",
    "CAP_READ_AUDIT",
    "DATA_KEY_ENV",
    "DATA_KEY_FILE_ENV",
    "EVENT_TOPIC",
    "FAULT_CLAIM_SELECTED",
    "FAULT_ENQUEUE_CHECKED",
    "FAULT_POINTS",
    "FAULT_PUT_CHECKED",
    "FAULT_PUT_RECORDS_WRITTEN",
    "OUTBOX_RULES",
    "OUTBOX_STATUSES",
    "QUERY_ORDERS",
    "SCHEMA_VERSION",
    "AccessEntry",
    "AuditAction",
    "AuditEntry",
    "CitizenErasedError",
    "DataKeyError",
    "ErasureNotSupportedError",
    "ErasureRefusedError",
    "ErasureReport",
    "InvalidStoreURLError",
    "MemoryStore",
    "OutboxItem",
    "OutboxItemNotFoundError",
    "OutboxRule",
    "OutboxStateError",
    "OutboxStatus",
    "PageKey",
    "PutItem",
    "QueryOrder",
    "ReadResult",
    "RecordEncryptedError",
    "RecordQuery",
    "SQLiteStore",
    "StorageBackend",
    "Store",
    "StoreCorruptError",
    "StoreSchemaTooNewError",
    "StoreURL",
    "StoredRecord",
    "SupportsErasure",
    "UnknownBackendError",
    "UnreadableVersion",
    "builtin_backends",
    "default_sqlite_path",
    "load_store_key",
    "mask_url",
    "memory_backend",
    "open_store",
    "parse_flag",
    "parse_store_url",
    "resolve_url",
    "select_backend",
    "sqlite_backend",
    "sqlite_url",
]


def builtin_backends() -> list[StorageBackend]:
    """The backends that ship with carekit (SQLite, memory)."""
    return [sqlite_backend(), memory_backend()]


def open_store(url: str | os.PathLike[str]) -> Store:
    """Open a built-in store by URL or SQLite file path (see :func:`resolve_url`).
    Plugins' backends are found by ``carekit.open()``; an unknown scheme raises
    :class:`~carekit.errors.UnknownBackendError`."""
    resolved = resolve_url(url)
    return select_backend(resolved, builtin_backends()).factory(resolved)
