"""Errors only the PostgreSQL backend raises.  Each carries a bilingual :class:`Text`
(``.text``) and its context as attributes; none carries a password, record content or a
CPR number.

::

    StoreError (carekit.errors)
    ├── StoreUnavailableError (carekit.errors)
    │   └── PostgresUnavailableError     cannot connect, connection dropped, server busy
    ├── MigrationRequiredError           database behind this carekit-postgres; no rights to migrate
    └── UnstorableValueError (ValueError) a value PostgreSQL cannot keep in jsonb (NUL character)
"""

from __future__ import annotations

from carekit.errors import StoreError, StoreUnavailableError
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text

__all__ = ["MigrationRequiredError", "PostgresUnavailableError", "UnstorableValueError"]


class PostgresUnavailableError(StoreUnavailableError):
    """The server could not be reached, or the connection broke during an operation.

    The operation was rolled back as a whole; retrying it may succeed (the pool replaces
    broken connections).  ``where`` is ``host:port/dbname``, ``url`` is masked, ``reason``
    is the driver's first message line.
    """

    def __init__(self, *, url: str, where: str, operation: str, reason: str):
        self.url = url
        self.where = where
        self.operation = operation
        self.reason = mask_cpr_in_text(reason)
        self.text = Text(
            f"PostgreSQL på {where} svarer ikke ({operation}: {self.reason}). Intet blev "
            "gemt halvt; tjek at serveren kører og kan nås, og prøv igen.",
            f"PostgreSQL at {where} is unavailable ({operation}: {self.reason}). Nothing was "
            "half-written; check that the server is running and reachable, then retry.",
        )
        super().__init__(f"{self.text.en} [{url}]")


class MigrationRequiredError(StoreError):
    """The database schema is older than this carekit-postgres and was not migrated
    (``migrate=0``, or the role may not run DDL)."""

    def __init__(self, *, url: str, schema: str, found: int, needed: int, reason: str = ""):
        self.url = url
        self.schema = schema
        self.found = found
        self.needed = needed
        self.reason = reason
        why = f" ({reason})" if reason else ""
        self.text = Text(
            f"Skemaet {schema!r} i {url} har version {found}, men denne carekit-postgres "
            f"kræver {needed}{why}. Kør migreringen som databasens ejer-rolle: "
            f"python -m carekit_postgres migrate 'postgresql://ejer@…'.",
            f"Schema {schema!r} in {url} is at version {found}, but this carekit-postgres "
            f"needs {needed}{why}. Run the migration as the database owner role: "
            f"python -m carekit_postgres migrate 'postgresql://owner@…'.",
        )
        super().__init__(self.text)


class UnstorableValueError(StoreError, ValueError):
    """A value PostgreSQL refuses in a jsonb document: the NUL character (``\\u0000``)."""

    def __init__(self, *, record_ids: tuple[str, ...], reason: str):
        self.record_ids = record_ids
        self.reason = reason
        ids = ", ".join(record_ids[:5]) + (" …" if len(record_ids) > 5 else "")
        self.text = Text(
            f"PostgreSQL kan ikke gemme tegnet NUL (\\u0000) i tekst ({reason}); poster: "
            f"{ids or '-'}. Fjern tegnet fra teksten og gem igen; intet blev gemt.",
            f"PostgreSQL cannot store the NUL character (\\u0000) in text ({reason}); "
            f"records: {ids or '-'}. Remove the character and save again; nothing was stored.",
        )
        super().__init__(self.text)
