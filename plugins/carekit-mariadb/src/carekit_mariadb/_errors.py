"""Errors only the MariaDB backend raises.  Each carries a bilingual :class:`Text` (``.text``)
and its context as attributes; none carries a password, record content or a CPR number.

::

    StoreError (carekit.errors)
    └── StoreUnavailableError (carekit.errors)
        └── MariaDBUnavailableError   cannot connect, connection dropped, lock wait timeout
"""

from __future__ import annotations

from carekit.errors import StoreUnavailableError
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text

__all__ = ["MariaDBUnavailableError"]


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
