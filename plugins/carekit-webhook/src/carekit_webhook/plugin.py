"""The ``carekit`` entry point: registers the webhook channel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from carekit.hookspecs import hookimpl
from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SIGNED, CAP_SUBJECT, ChannelInfo
from carekit_webhook._channel import WebhookChannel, WebhookConfig

__all__ = ["carekit_notification_channels", "make_channel"]


def make_channel(config: Mapping[str, Any]) -> WebhookChannel:
    """The channel from settings (see :meth:`WebhookConfig.from_mapping`)."""
    return WebhookChannel(
        WebhookConfig.from_mapping(config), name=str(config.get("name", "webhook"))
    )


@hookimpl
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    return [
        ChannelInfo(
            name="webhook",
            description="Signed JSON POST (HMAC-SHA256, timestamp, Idempotency-Key)",
            factory=make_channel,
            capabilities=frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY, CAP_SIGNED}),
        )
    ]
