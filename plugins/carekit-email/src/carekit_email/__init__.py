"""carekit-email: a carekit notification channel that sends e-mail over SMTP.

The names below are imported on first use, so that carekit can load the entry point
(``carekit_email.plugin``) without importing ``smtplib`` and ``ssl``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_email._channel import IDEMPOTENCY_HEADER, EmailChannel, EmailConfig, message_id_for
    from carekit_email.plugin import make_channel

__all__ = ["IDEMPOTENCY_HEADER", "EmailChannel", "EmailConfig", "make_channel", "message_id_for"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = "plugin" if name == "make_channel" else "_channel"
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
