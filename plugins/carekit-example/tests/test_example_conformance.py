"""The file-drop channel against carekit's notification-channel conformance kit.

``signed`` is not declared (a file drop has no sender to verify), so that test is skipped
with its reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from _example_support import DropReceiver
from carekit_example import FileDropChannel, FileDropConfig

from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, DeliveryReceipt, Notification
from carekit.testing.notification import (
    ChannelFactory,
    NotificationChannelConformance,
    ReceivedMessage,
)


class PickedUpChannel:
    """The channel as the kit sees it: after each delivery the receiver polls the directory,
    so every delivery - repeats included - is seen once, in order."""

    requires_address = False

    def __init__(self, channel: FileDropChannel, receiver: DropReceiver) -> None:
        self.channel = channel
        self.receiver = receiver
        self.name = channel.name

    def send(self, notification: Notification) -> DeliveryReceipt:
        receipt = self.channel.send(notification)
        self.receiver.pick_up()
        return receipt


class TestFileDropChannelConformance(NotificationChannelConformance):
    capabilities = frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY})

    @pytest.fixture
    def channel_factory(self, receiver: DropReceiver, tmp_path: Path) -> ChannelFactory:
        def factory(*, reachable: bool = True) -> PickedUpChannel:
            directory = receiver.directory if reachable else tmp_path / "not-mounted"
            return PickedUpChannel(FileDropChannel(FileDropConfig(directory=directory)), receiver)

        return factory

    @pytest.fixture
    def received(self, receiver: DropReceiver) -> Callable[[], Sequence[ReceivedMessage]]:
        def seen() -> list[ReceivedMessage]:
            return [
                ReceivedMessage(
                    idempotency_key=data["key"],
                    subject=data["subject"],
                    body=data["body"],
                    metadata={k: v for k, v in data.items() if k not in ("subject", "body")},
                    raw=raw,
                )
                for data, raw in receiver.seen
            ]

        return seen
