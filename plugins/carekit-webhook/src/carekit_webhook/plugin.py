"""The ``carekit`` entry point: registers the webhook channel.

carekit imports this module on every ``carekit.open()``; it imports nothing heavy (no
``httpx`` or ``carekit.notify``) until a notification channel is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from carekit.hookspecs import hookimpl

if TYPE_CHECKING:
    from carekit.notify import ChannelInfo
    from carekit_webhook._channel import WebhookChannel

__all__ = ["carekit_notification_channels", "make_channel"]


def make_channel(config: Mapping[str, Any]) -> WebhookChannel:
    """The channel from settings (see :meth:`WebhookConfig.from_mapping`)."""
    from carekit_webhook._channel import WebhookChannel, WebhookConfig  # noqa: PLC0415 - httpx

    return WebhookChannel(
        WebhookConfig.from_mapping(config), name=str(config.get("name", "webhook"))
    )


@hookimpl
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    from carekit.notify import (  # noqa: PLC0415 - keeps the entry point cheap
        CAP_BODY,
        CAP_IDEMPOTENCY_KEY,
        CAP_SIGNED,
        CAP_SUBJECT,
        ChannelInfo,
    )

    return [
        ChannelInfo(
            name="webhook",
            description="Signed JSON POST (HMAC-SHA256, timestamp, Idempotency-Key)",
            factory=make_channel,
            capabilities=frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY, CAP_SIGNED}),
        )
    ]
