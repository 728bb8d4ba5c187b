"""The PostgreSQL backend as a carekit plugin (entry point ``carekit = postgres``).

The application's plugin manager loads this module like any other plugin; the hook
implementation :func:`carekit_storage_backends` describes the backend, and
``carekit.open("postgresql://…")`` picks it by URL scheme.

carekit calls this hook on every ``carekit.open()``, ``memory://`` and ``sqlite://`` too, so
the descriptor names its factory lazily (:func:`carekit.plugins.lazy_callable`): psycopg is
imported only when a PostgreSQL store is opened.  See docs/startup.md.
"""

from __future__ import annotations

from carekit.hookspecs import hookimpl
from carekit.plugins import lazy_callable
from carekit.store import ALL_CAPABILITIES, StorageBackend
from carekit_postgres._settings import SCHEMES

__all__ = ["carekit_storage_backends", "postgres_backend"]

#: ``PostgresStore.from_url``, imported (with psycopg) on the first call
_FROM_URL = lazy_callable("carekit_postgres._store:PostgresStore.from_url")


def postgres_backend() -> StorageBackend:
    """The descriptor of this backend (its factory is ``PostgresStore.from_url``, imported
    on first use; its capabilities are ``PostgresStore.capabilities``, every one)."""
    return StorageBackend(
        name="postgresql",
        schemes=SCHEMES,
        description=(
            "PostgreSQL (psycopg 3, connection pool, jsonb documents, COPY bulk import, "
            "SKIP LOCKED outbox); several application servers share one database"
        ),
        factory=_FROM_URL,
        capabilities=ALL_CAPABILITIES,
    )


@hookimpl
def carekit_storage_backends() -> list[StorageBackend]:
    """Hook implementation: the PostgreSQL backend."""
    return [postgres_backend()]
