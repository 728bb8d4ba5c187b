"""carekit-email: a carekit notification channel that sends e-mail over SMTP."""

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
