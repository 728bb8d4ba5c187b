"""The PostgreSQL backend as a carekit plugin (entry point ``carekit = postgres``).

The application's plugin manager loads this module like any other plugin; the hook
implementation :func:`carekit_storage_backends` describes the backend, and
``carekit.open("postgresql://…")`` picks it by URL scheme.
"""

from __future__ import annotations

from carekit.hookspecs import hookimpl
from carekit.store import StorageBackend
from carekit_postgres._settings import SCHEMES
from carekit_postgres._store import PostgresStore

__all__ = ["carekit_storage_backends", "postgres_backend"]


def postgres_backend() -> StorageBackend:
    """The descriptor of this backend."""
    return StorageBackend(
        name="postgresql",
        schemes=SCHEMES,
        description=(
            "PostgreSQL (psycopg 3, connection pool, jsonb documents, COPY bulk import, "
            "SKIP LOCKED outbox); several application servers share one database"
        ),
        factory=PostgresStore.from_url,
        capabilities=PostgresStore.capabilities,
    )


@hookimpl
def carekit_storage_backends() -> list[StorageBackend]:
    """Hook implementation: the PostgreSQL backend."""
    return [postgres_backend()]
