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
"""

from carekit_postgres._errors import (
    MigrationRequiredError,
    PostgresUnavailableError,
    UnstorableValueError,
)
from carekit_postgres._grants import GRANTS, grant_statements
from carekit_postgres._migrations import LATEST, MIGRATIONS, Migration, applied_version, migrate
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
