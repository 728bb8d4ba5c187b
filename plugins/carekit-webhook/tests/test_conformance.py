from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence

import pytest
from carekit_webhook import IDEMPOTENCY_HEADER, WebhookChannel, WebhookConfig

from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SIGNED, CAP_SUBJECT
from carekit.testing.notification import (
    ChannelFactory,
    NotificationChannelConformance,
    ReceivedMessage,
)

from .conftest import SECRET, HTTPReceiver


class TestWebhookChannelConformance(NotificationChannelConformance):
    capabilities = frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY, CAP_SIGNED})

    @pytest.fixture
    def channel_factory(self, http_receiver: HTTPReceiver) -> Iterator[ChannelFactory]:
        made: list[WebhookChannel] = []

        def factory(*, reachable: bool = True) -> WebhookChannel:
            url = http_receiver.url if reachable else "http://127.0.0.1:9/hook"
            channel = WebhookChannel(WebhookConfig(url=url, secret=SECRET, timeout=2.0))
            made.append(channel)
            return channel

        yield factory
        for channel in made:
            channel.close()

    @pytest.fixture
    def received(self, http_receiver: HTTPReceiver) -> Callable[[], Sequence[ReceivedMessage]]:
        def seen() -> list[ReceivedMessage]:
            r = http_receiver.receiver
            out = []
            for entry in r.raw:
                data = json.loads(entry["body"])
                key = entry["headers"][IDEMPOTENCY_HEADER]
                out.append(
                    ReceivedMessage(
                        idempotency_key=key,
                        subject=data["subject"],
                        body=data["body"],
                        metadata={k: v for k, v in data.items() if k not in ("subject", "body")}
                        | {"headers": entry["headers"]},
                        raw=entry["body"].decode("utf-8"),
                        signature_valid=key in r.kept,
                    )
                )
            return out

        return seen
