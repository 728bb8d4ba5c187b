"""carekit-webhook: a carekit notification channel posting signed JSON, and what receivers
use to verify it (:class:`WebhookVerifier`, :func:`verify_signature`)."""

from carekit_webhook._channel import IDEMPOTENCY_HEADER, WebhookChannel, WebhookConfig, payload_for
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
