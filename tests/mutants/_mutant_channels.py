"""Deliberately broken notification channels, each with one bug; the channel kit must fail
every one (``test_mutation.py``).  :class:`MutantChannel` with ``bug = ""`` is a correct
channel delivering to an in-memory receiver (the control)."""

from __future__ import annotations

import uuid
from typing import ClassVar

import orjson

from carekit.i18n import Text
from carekit.notify import ChannelDeliveryError, DeliveryReceipt, Notification
from carekit.privacy import mask_cpr_in_text
from carekit.testing.notification import ReceivedMessage


class Receiver:
    """What the test receiver saw, in order."""

    def __init__(self) -> None:
        self.messages: list[ReceivedMessage] = []


class MutantChannel:
    """A channel into a :class:`Receiver`, with the bug named by ``bug``."""

    name = "mutant"
    requires_address = False
    bug: ClassVar[str] = ""

    def __init__(self, receiver: Receiver, *, reachable: bool = True, rejecting: bool = False):
        self.receiver = receiver
        self.reachable = reachable
        self.rejecting = rejecting

    def _mask(self, value: str | None, where: str) -> str | None:
        if value is None or self.bug == f"cpr_in_{where}":
            return value
        return mask_cpr_in_text(value)

    def send(self, notification: Notification) -> DeliveryReceipt:
        if not self.reachable:
            raise ChannelDeliveryError(
                Text("Modtageren svarer ikke.", "The receiver does not answer."),
                channel=self.name,
                retryable=True,
            )
        if self.rejecting:
            raise ChannelDeliveryError(
                Text("Ukendt modtager.", "Unknown recipient."),
                channel=self.name,
                retryable=self.bug == "retries_permanent_failure",
                code=404,
            )
        key = str(uuid.uuid4()) if self.bug == "ignores_idempotency_key" else notification.key
        subject = self._mask(notification.subject, "subject")
        body = self._mask(notification.body, "body")
        link = self._mask(notification.link, "link")
        raw = orjson.dumps({"key": key, "subject": subject, "body": body, "link": link}).decode()
        self.receiver.messages.append(
            ReceivedMessage(
                idempotency_key=key,
                subject=subject,
                body=body,
                metadata={"key": key, "record_id": notification.record_id},
                raw=raw,
            )
        )
        return DeliveryReceipt(channel=self.name, key=notification.key)


def channel_mutant(bug: str) -> type[MutantChannel]:
    """A :class:`MutantChannel` subclass with *bug*."""
    return type(f"Channel_{bug}", (MutantChannel,), {"bug": bug})
