"""Errors only the MariaDB backend raises.  Each carries a bilingual :class:`Text` (``.text``)
and its context as attributes; none carries a password, record content or a CPR number.

::

    StoreError (carekit.errors)
    ├── StoreUnavailableError (carekit.errors)
    │   └── MariaDBUnavailableError   cannot connect, connection dropped, lock wait timeout
    └── UnstorableValueError (ValueError) a value too long for its column (an outbox topic or key)
"""

from __future__ import annotations

from carekit.errors import StoreError, StoreUnavailableError
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text

__all__ = ["MariaDBUnavailableError", "UnstorableValueError"]


class MariaDBUnavailableError(StoreUnavailableError):
    """The server could not be reached, the connection broke during an operation, or a lock
    was not granted in time.  The transaction was rolled back as a whole; retrying may
    succeed.  ``where`` is ``host:port/database``, ``url`` is masked, ``reason`` is the
    driver's message with every piece of the password removed."""

    def __init__(self, *, url: str, where: str, operation: str, reason: str):
        self.url = url
        self.where = where
        self.operation = operation
        self.reason = mask_cpr_in_text(reason)
        self.text = Text(
            f"MariaDB på {where} svarer ikke ({operation}: {self.reason}). Intet blev gemt "
            "halvt; tjek at serveren kører og kan nås, og prøv igen.",
            f"MariaDB at {where} is unavailable ({operation}: {self.reason}). Nothing was "
            "half-written; check that the server is running and reachable, then retry.",
        )
        super().__init__(self.text)


class UnstorableValueError(StoreError, ValueError):
    """A value MariaDB refuses for its column, such as an outbox topic longer than 255 or a
    key longer than 700 characters.  Nothing was stored; ``reason`` is the server's message
    (it names the column, never the value)."""

    def __init__(self, *, operation: str, reason: str):
        self.operation = operation
        self.reason = mask_cpr_in_text(reason)
        self.text = Text(
            f"MariaDB kan ikke gemme en værdi ({operation}: {self.reason}). Intet blev gemt; "
            "gør værdien kortere (et outbox-emne højst 255 tegn, en nøgle højst 700).",
            f"MariaDB cannot store a value ({operation}: {self.reason}). Nothing was stored; "
            "make the value shorter (an outbox topic at most 255 characters, a key at most 700).",
        )
        super().__init__(self.text)
