"""The ``carekit`` entry point: registers the e-mail channel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from carekit.hookspecs import hookimpl
from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, ChannelInfo
from carekit_email._channel import EmailChannel, EmailConfig

__all__ = ["carekit_notification_channels", "make_channel"]


def make_channel(config: Mapping[str, Any]) -> EmailChannel:
    """The channel from settings (see :meth:`EmailConfig.from_mapping`)."""
    return EmailChannel(EmailConfig.from_mapping(config), name=str(config.get("name", "email")))


@hookimpl
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    return [
        ChannelInfo(
            name="email",
            description="E-mail over SMTP (login only over STARTTLS or implicit TLS)",
            factory=make_channel,
            capabilities=frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY}),
        )
    ]
