"""The MariaDB backend as a carekit plugin (entry point ``carekit = mariadb``).

carekit imports this module on every ``carekit.open()`` (``memory://`` and ``sqlite://``
too), so it imports no driver: the descriptor names its factory lazily
(:func:`carekit.plugins.lazy_callable`), and PyMySQL is imported when a ``mariadb://`` store
is first opened.  See docs/startup.md and docs/mariadb.md.
"""

from __future__ import annotations

from carekit.hookspecs import hookimpl
from carekit.plugins import lazy_callable
from carekit.store import ALL_CAPABILITIES, StorageBackend
from carekit_mariadb._settings import SCHEMES

__all__ = ["CAPABILITIES", "carekit_storage_backends", "mariadb_backend"]

#: What ``MariaDBStore`` declares (its ``capabilities``): every capability of the kit.
CAPABILITIES = ALL_CAPABILITIES

#: ``MariaDBStore.from_url``, imported (with PyMySQL) on the first call
_FROM_URL = lazy_callable("carekit_mariadb._store:MariaDBStore.from_url")


def mariadb_backend() -> StorageBackend:
    """The descriptor of this backend (its factory is ``MariaDBStore.from_url``, imported on
    first use)."""
    return StorageBackend(
        name="mariadb",
        schemes=SCHEMES,
        description=(
            "MariaDB 10.6+ (PyMySQL, InnoDB, row locks, SKIP LOCKED outbox); several "
            "application servers share one database"
        ),
        factory=_FROM_URL,
        capabilities=CAPABILITIES,
    )


@hookimpl
def carekit_storage_backends() -> list[StorageBackend]:
    """Hook implementation: the MariaDB backend."""
    return [mariadb_backend()]
