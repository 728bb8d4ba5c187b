"""carekit-webhook: a carekit notification channel posting signed JSON, and the helper
receivers use to verify it (:func:`verify_signature`)."""

from carekit_webhook._channel import IDEMPOTENCY_HEADER, WebhookChannel, WebhookConfig, payload_for
from carekit_webhook._signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemorySeenKeys,
    SeenKeys,
    SignatureError,
    sign,
    verify_signature,
)
from carekit_webhook.plugin import make_channel

__all__ = [
    "IDEMPOTENCY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "MemorySeenKeys",
    "SeenKeys",
    "SignatureError",
    "WebhookChannel",
    "WebhookConfig",
    "make_channel",
    "payload_for",
    "sign",
    "verify_signature",
]
