"""carekit-webhook: a carekit notification channel posting signed JSON, and what receivers
use to verify it (:class:`WebhookVerifier`, :func:`verify_signature`).

The names below are imported on first use, so that carekit can load the entry point
(``carekit_webhook.plugin``) without importing ``httpx``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carekit_webhook._channel import (
        IDEMPOTENCY_HEADER,
        WebhookChannel,
        WebhookConfig,
        payload_for,
    )
    from carekit_webhook._signature import (
        DELIVERY_ID_HEADER,
        SIGNATURE_HEADER,
        SIGNATURE_VERSION,
        TIMESTAMP_HEADER,
        MemorySeenKeys,
        SeenKeys,
        SignatureError,
        WebhookVerifier,
        sign,
        signed_string,
        verify_signature,
    )
    from carekit_webhook.plugin import make_channel

__all__ = [
    "DELIVERY_ID_HEADER",
    "IDEMPOTENCY_HEADER",
    "SIGNATURE_HEADER",
    "SIGNATURE_VERSION",
    "TIMESTAMP_HEADER",
    "MemorySeenKeys",
    "SeenKeys",
    "SignatureError",
    "WebhookChannel",
    "WebhookConfig",
    "WebhookVerifier",
    "make_channel",
    "payload_for",
    "sign",
    "signed_string",
    "verify_signature",
]

_HOME = {
    "IDEMPOTENCY_HEADER": "_channel",
    "WebhookChannel": "_channel",
    "WebhookConfig": "_channel",
    "payload_for": "_channel",
    "DELIVERY_ID_HEADER": "_signature",
    "SIGNATURE_HEADER": "_signature",
    "SIGNATURE_VERSION": "_signature",
    "TIMESTAMP_HEADER": "_signature",
    "MemorySeenKeys": "_signature",
    "SeenKeys": "_signature",
    "SignatureError": "_signature",
    "WebhookVerifier": "_signature",
    "sign": "_signature",
    "signed_string": "_signature",
    "verify_signature": "_signature",
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
