"""carekit-email: a carekit notification channel that sends e-mail over SMTP.

The names below are imported on first use, so that carekit can load the entry point
(``carekit_email.plugin``) without importing ``smtplib`` and ``ssl``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_email._address import AddressProblem, parse_address
    from carekit_email._channel import IDEMPOTENCY_HEADER, EmailChannel, EmailConfig, message_id_for
    from carekit_email.plugin import make_channel

__all__ = [
    "IDEMPOTENCY_HEADER",
    "AddressProblem",
    "EmailChannel",
    "EmailConfig",
    "make_channel",
    "message_id_for",
    "parse_address",
]

_HOME = {
    "IDEMPOTENCY_HEADER": "_channel",
    "EmailChannel": "_channel",
    "EmailConfig": "_channel",
    "message_id_for": "_channel",
    "AddressProblem": "_address",
    "parse_address": "_address",
    "make_channel": "plugin",
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
