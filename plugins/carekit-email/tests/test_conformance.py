from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from carekit_email import IDEMPOTENCY_HEADER, EmailChannel, EmailConfig

from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT
from carekit.testing.notification import (
    ChannelFactory,
    NotificationChannelConformance,
    ReceivedMessage,
)

from .conftest import SMTPServer, free_port


class TestEmailChannelConformance(NotificationChannelConformance):
    capabilities = frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY})

    @pytest.fixture
    def channel_factory(self, smtp_server: SMTPServer) -> ChannelFactory:
        def factory(*, reachable: bool = True) -> EmailChannel:
            port = smtp_server.port if reachable else free_port()
            return EmailChannel(
                EmailConfig(host="127.0.0.1", port=port, from_addr="omsorg@example.dk", timeout=2.0)
            )

        return factory

    @pytest.fixture
    def received(self, smtp_server: SMTPServer) -> Callable[[], Sequence[ReceivedMessage]]:
        def seen() -> list[ReceivedMessage]:
            out = []
            for message in smtp_server.handler.messages:
                body = message.get_payload(decode=True)
                assert isinstance(body, bytes)
                out.append(
                    ReceivedMessage(
                        idempotency_key=str(message[IDEMPOTENCY_HEADER]),
                        subject=str(message["Subject"]),
                        body=body.decode("utf-8"),
                        metadata={k: str(v) for k, v in message.items()},
                        raw=message.as_string(),
                    )
                )
            return out

        return seen
