"""Storage errors that only this package raises.  Each carries a bilingual :class:`Text`
(``.text``) and its context as attributes; none carries record content or CPR numbers.

::

    StoreError (carekit.errors)
    ├── ConflictError, RecordNotFoundError, …           (carekit.errors)
    ├── StoreSchemaTooNewError     database written by a newer carekit
    ├── StoreCorruptError          a stored row cannot be read back as a valid record
    ├── OutboxItemNotFoundError (LookupError)
    └── OutboxStateError           outbox operation not allowed in the item's status
"""

from __future__ import annotations

from carekit.errors import ConfigurationError, StoreError
from carekit.i18n import Text

__all__ = [
    "InvalidStoreURLError",
    "OutboxItemNotFoundError",
    "OutboxStateError",
    "StoreCorruptError",
    "StoreSchemaTooNewError",
]


class StoreSchemaTooNewError(StoreError):
    """The database was migrated by a newer carekit than this one."""

    def __init__(self, url: str, found: int, supported: int):
        self.url = url
        self.found = found
        self.supported = supported
        self.text = Text(
            f"Databasen {url} har skemaversion {found}, men denne carekit kender kun op til "
            f"{supported}. Opgrader carekit (pip install -U carekit); databasen er ikke ændret.",
            f"The database {url} is at schema version {found}, but this carekit only knows "
            f"versions up to {supported}. Upgrade carekit (pip install -U carekit); the "
            "database was not changed.",
        )
        super().__init__(self.text)


class StoreCorruptError(StoreError):
    """A stored version cannot be read back as a valid record (content is not shown)."""

    def __init__(self, record_id: str, version: int, reason: Text):
        self.record_id = record_id
        self.version = version
        self.reason = reason
        self.text = Text(
            f"Post {record_id} version {version} kan ikke læses ({reason.da}). Indholdet vises "
            "ikke; gendan fra backup eller kontakt leverandøren.",
            f"Record {record_id} version {version} cannot be read back ({reason.en}). Its content "
            "is not shown; restore from backup or contact your vendor.",
        )
        super().__init__(self.text)


class OutboxItemNotFoundError(StoreError, LookupError):
    """No outbox item has this id (``item_id``)."""

    def __init__(self, item_id: str):
        self.item_id = item_id
        self.text = Text(
            f"Ingen udbakke-besked med id {item_id}; tjek id'et (se store.outbox()).",
            f"No outbox item with id {item_id}; check the id (see store.outbox()).",
        )
        super().__init__(self.text)


class OutboxStateError(StoreError):
    """``complete``/``fail``/``retry`` was called for an item in a status that forbids it."""

    def __init__(self, item_id: str, status: str, operation: str, allowed: tuple[str, ...]):
        self.item_id = item_id
        self.status = status
        self.operation = operation
        self.allowed = allowed
        self.text = Text(
            f"Udbakke-besked {item_id} har status {status!r}; {operation} kræver status "
            f"{' eller '.join(allowed)}.",
            f"Outbox item {item_id} is {status!r}; {operation} needs status "
            f"{' or '.join(allowed)}.",
        )
        super().__init__(self.text)


class InvalidStoreURLError(ConfigurationError):
    """A store URL that cannot be used; ``url`` is masked."""

    def __init__(self, url: str, problem: Text):
        self.url = url
        self.problem = problem
        self.text = Text(
            f"Ugyldig lager-URL {url}: {problem.da}", f"Invalid store URL {url}: {problem.en}"
        )
        super().__init__(self.text)
