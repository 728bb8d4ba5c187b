"""The built-in storage backends as a plugin: carekit's built-in plugin ``sqlite``.

Every plugin manager registers this module itself, under the name ``sqlite``
(:data:`carekit.plugins.BUILTIN_PLUGINS`, like tox's built-in plugins), so the SQLite and
memory stores are there even with ``CAREKIT_DISABLE_PLUGIN_AUTOLOAD=1``; block it with
``CAREKIT_BLOCK_PLUGINS=sqlite`` (or ``pm.set_blocked("sqlite")``).  It implements the hook
like a third-party plugin would: :func:`carekit_storage_backends` returns one
:class:`StorageBackend` per backend.
"""

from __future__ import annotations

from carekit.store._memory import MemoryStore
from carekit.store._protocol import StorageBackend, Store
from carekit.store._sqlite import SQLiteStore
from carekit.store._url import parse_store_url

__all__ = ["carekit_storage_backends", "memory_backend", "open_memory", "sqlite_backend"]


def open_memory(url: str) -> Store:
    """Factory for ``memory://`` (``memory://?audit_reads=1`` turns read auditing on)."""
    parsed = parse_store_url(url)
    return MemoryStore(audit_reads=parsed.flag("audit_reads"), url=parsed.masked)


def sqlite_backend() -> StorageBackend:
    """The descriptor of the embedded SQLite backend (``sqlite:///path``)."""
    return StorageBackend(
        name="sqlite",
        schemes=("sqlite",),
        description="Embedded SQLite file (WAL, versioned migrations); the default",
        factory=SQLiteStore.from_url,
        capabilities=SQLiteStore.capabilities,
    )


def memory_backend() -> StorageBackend:
    """The descriptor of the in-process memory backend (``memory://``)."""
    return StorageBackend(
        name="memory",
        schemes=("memory",),
        description="In-process memory, for tests and demos; nothing is kept",
        factory=open_memory,
        capabilities=MemoryStore.capabilities,
    )


def carekit_storage_backends() -> list[StorageBackend]:
    """Hook implementation: the built-in backends."""
    return [sqlite_backend(), memory_backend()]
