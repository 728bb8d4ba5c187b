"""Storage errors that only this package raises.  Each carries a bilingual :class:`Text`
(``.text``) and its context as attributes; none carries record content or CPR numbers.

::

    StoreError (carekit.errors)
    ├── ConflictError, RecordNotFoundError, …           (carekit.errors)
    ├── StoreSchemaTooNewError     database written by a newer carekit
    ├── StoreCorruptError          a stored row cannot be read back as a valid record
    │   ├── RecordEncryptedError   encrypted, and no (or another) data key was given
    │   └── CitizenErasedError     the citizen's data was erased (crypto-shredded)
    ├── ErasureRefusedError        erasure refused (plaintext versions, no key …); .findings
    ├── ErasureNotSupportedError   the backend cannot encrypt per citizen
    ├── OutboxItemNotFoundError (LookupError)
    └── OutboxStateError           outbox operation not allowed in the item's status
    ConfigurationError (carekit.errors)
    └── DataKeyError               the store's data key is missing, malformed or another one
"""

from __future__ import annotations

from carekit.errors import ConfigurationError, StoreError
from carekit.i18n import Text

__all__ = [
    "CitizenErasedError",
    "DataKeyError",
    "ErasureNotSupportedError",
    "ErasureRefusedError",
    "InvalidStoreURLError",
    "OutboxItemNotFoundError",
    "OutboxStateError",
    "RecordEncryptedError",
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


class DataKeyError(ConfigurationError):
    """The store key that wraps the citizens' data keys is missing, malformed or not the one
    this store's keys were wrapped with (the key itself is never shown)."""

    code = "store.data_key"


class RecordEncryptedError(StoreCorruptError):
    """A stored version is encrypted and cannot be decrypted with the key given (none, or
    another one).  Reads skip it like any unreadable version; content is never shown."""

    code = "store.encrypted"

    def __init__(self, record_id: str, version: int, reason: Text):
        super().__init__(record_id, version, reason)
        self.text = Text(
            f"Post {record_id} version {version} er krypteret og kan ikke læses ({reason.da}). "
            "Angiv lagerets datanøgle ([store] data_key_file i indstillingsfilen eller "
            "CAREKIT_DATA_KEY_FILE).",
            f"Record {record_id} version {version} is encrypted and cannot be read "
            f"({reason.en}). Give the store's data key ([store] data_key_file in the settings "
            "file, or CAREKIT_DATA_KEY_FILE).",
        )
        Exception.__init__(self, self.text.en)


class CitizenErasedError(StoreCorruptError):
    """The record belongs to a citizen whose data was erased (crypto-shredded): the version
    still exists, its content can never be read again.  ``citizen_id`` names the citizen."""

    code = "store.erased"

    def __init__(self, record_id: str, version: int, citizen_id: str):
        self.citizen_id = citizen_id
        super().__init__(record_id, version, Text("borgerens data er slettet", "erased"))
        if version == 0:  # a write, or a second erasure
            self.text = Text(
                f"Data om borger {citizen_id} er slettet (GDPR art. 17); der kan ikke gemmes "
                "eller slettes mere om borgeren.",
                f"Citizen {citizen_id}'s data was erased (GDPR art. 17); nothing more can be "
                "stored or erased about them.",
            )
            Exception.__init__(self, self.text.en)
            return
        self.text = Text(
            f"Post {record_id} version {version} tilhører borger {citizen_id}, hvis data er "
            "slettet (GDPR art. 17). At posten fandtes, og hvem der ændrede den, står stadig "
            "i revisionsloggen; indholdet kan ikke læses igen.",
            f"Record {record_id} version {version} belongs to citizen {citizen_id}, whose data "
            "was erased (GDPR art. 17). That the record existed and who changed it is still "
            "in the audit log; its content can never be read again.",
        )
        Exception.__init__(self, self.text.en)


class ErasureRefusedError(StoreError):
    """The citizen's data cannot be erased (yet); ``findings`` says why, each a bilingual
    text naming what to do.  Nothing was changed."""

    code = "store.erasure_refused"

    def __init__(self, citizen_id: str, findings: tuple[Text, ...]):
        self.citizen_id = citizen_id
        self.findings = findings
        super().__init__(
            Text(
                f"Data om borger {citizen_id} er ikke slettet; intet er ændret:\n"
                + "\n".join(f"- {f.da}" for f in findings),
                f"Citizen {citizen_id}'s data was not erased; nothing was changed:\n"
                + "\n".join(f"- {f.en}" for f in findings),
            )
        )


class ErasureNotSupportedError(StoreError):
    """The storage backend (``backend``) cannot encrypt per citizen or erase by
    crypto-shredding."""

    code = "store.erasure_not_supported"

    def __init__(self, backend: str, what: Text | None = None):
        self.backend = backend
        what = what or Text("sletning af en borgers data", "erasing a citizen's data")
        super().__init__(
            Text(
                f"Lageret {backend} understøtter ikke {what.da} (kryptering pr. borger). "
                "Brug et SQLite- eller PostgreSQL-lager.",
                f"The {backend} store does not support {what.en} (per-citizen encryption). "
                "Use a SQLite or PostgreSQL store.",
            )
        )
