"""The ``carekit`` entry point: registers the e-mail channel.

carekit imports this module on every ``carekit.open()``; it imports nothing heavy (no
``smtplib``, ``ssl`` or ``carekit.notify``) until a notification channel is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from carekit.hookspecs import hookimpl

if TYPE_CHECKING:
    from carekit.notify import ChannelInfo
    from carekit_email._channel import EmailChannel

__all__ = ["carekit_notification_channels", "make_channel"]


def make_channel(config: Mapping[str, Any]) -> EmailChannel:
    """The channel from settings (see :meth:`EmailConfig.from_mapping`)."""
    from carekit_email._channel import EmailChannel, EmailConfig  # noqa: PLC0415 - smtplib, ssl

    return EmailChannel(EmailConfig.from_mapping(config), name=str(config.get("name", "email")))


@hookimpl
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, ChannelInfo  # noqa: PLC0415

    return [
        ChannelInfo(
            name="email",
            description="E-mail over SMTP (login only over STARTTLS or implicit TLS)",
            factory=make_channel,
            capabilities=frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY}),
        )
    ]
