"""carekit-postgres: the carekit storage contract on PostgreSQL.

Several application servers (processes, machines) share one database::

    import carekit
    app = carekit.open("postgresql://care@db.example:5432/care?schema=carekit")

or, for the store alone::

    from carekit_postgres import PostgresStore
    with PostgresStore("postgresql://care@127.0.0.1:5432/care") as store:
        ...

See ``docs/postgres.md`` for the grants of a least-privilege role, pool and schema options,
migrations and operational notes.

The names below are imported on first use, so that carekit can load the entry point
(``carekit_postgres.plugin``) on every ``carekit.open()`` without importing psycopg.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_postgres._errors import (
        MigrationRequiredError,
        PostgresUnavailableError,
        UnstorableValueError,
    )
    from carekit_postgres._grants import GRANTS, grant_statements
    from carekit_postgres._migrations import (
        LATEST,
        MIGRATIONS,
        Migration,
        applied_version,
        migrate,
    )
    from carekit_postgres._settings import (
        DEFAULT_SCHEMA,
        SCHEMES,
        PostgresSettings,
        mask_password,
        parse_url,
    )
    from carekit_postgres._store import COPY_THRESHOLD, PostgresStore

__version__ = "0.1.0"

__all__ = [
    "COPY_THRESHOLD",
    "DEFAULT_SCHEMA",
    "GRANTS",
    "LATEST",
    "MIGRATIONS",
    "SCHEMES",
    "Migration",
    "MigrationRequiredError",
    "PostgresSettings",
    "PostgresStore",
    "PostgresUnavailableError",
    "UnstorableValueError",
    "__version__",
    "applied_version",
    "grant_statements",
    "mask_password",
    "migrate",
    "parse_url",
]

_HOME = {
    "MigrationRequiredError": "_errors",
    "PostgresUnavailableError": "_errors",
    "UnstorableValueError": "_errors",
    "GRANTS": "_grants",
    "grant_statements": "_grants",
    "LATEST": "_migrations",
    "MIGRATIONS": "_migrations",
    "Migration": "_migrations",
    "applied_version": "_migrations",
    "migrate": "_migrations",
    "DEFAULT_SCHEMA": "_settings",
    "SCHEMES": "_settings",
    "PostgresSettings": "_settings",
    "mask_password": "_settings",
    "parse_url": "_settings",
    "COPY_THRESHOLD": "_store",
    "PostgresStore": "_store",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
