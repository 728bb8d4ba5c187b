"""The notification-channel contract as pytest tests, for channel authors.

Subclass :class:`NotificationChannelConformance` in your test suite, declare the
capabilities your channel has, and provide two fixtures::

    class TestMyChannel(NotificationChannelConformance):
        capabilities = frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY})

        @pytest.fixture
        def channel_factory(self, my_server):
            def factory(*, reachable: bool = True) -> NotificationChannel:
                return MyChannel(url=my_server.url if reachable else "http://127.0.0.1:9")
            return factory

        @pytest.fixture
        def received(self, my_server):
            return lambda: [ReceivedMessage(idempotency_key=m.key, subject=m.subject,
                                            body=m.body, raw=m.raw) for m in my_server.messages]

``received()`` returns what the receiver saw, in order, one entry per delivery (repeats
included).  A test that needs a capability you did not declare is skipped with its reason,
never passed silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

import attrs
import pytest

from carekit.errors import DeliveryError
from carekit.notify import (
    CAP_BODY,
    CAP_IDEMPOTENCY_KEY,
    CAP_SIGNED,
    CAP_SUBJECT,
    Notification,
    NotificationChannel,
    Recipient,
)
from carekit.testing._report import check

__all__ = [
    "DEMO_CPR",
    "ChannelFactory",
    "NotificationChannelConformance",
    "ReceivedMessage",
    "demo_notification",
]


def _check(ok: object, rule: str, fix: str, seen: object = "") -> None:
    check(ok, rule, fix, seen, contract="channel")


#: A CPR-shaped number used to check that channels never pass one on.
DEMO_CPR = "010190-1234"


@attrs.frozen(kw_only=True)
class ReceivedMessage:
    """One delivery as the receiver saw it.  ``raw`` is everything the receiver got (headers
    and body as text); ``metadata`` any machine-readable part; ``signature_valid`` whether the
    receiver verified the sender (for ``signed`` channels)."""

    idempotency_key: str | None
    subject: str | None = None
    body: str | None = None
    metadata: Mapping[str, Any] | None = None
    raw: str = ""
    signature_valid: bool | None = None


class ChannelFactory(Protocol):
    """The ``channel_factory`` fixture's callable: ``reachable=True`` gives a channel delivering
    to the test receiver, ``reachable=False`` one whose receiver cannot be reached."""

    def __call__(self, *, reachable: bool = True) -> NotificationChannel: ...


def demo_notification(
    channel: str, address: str, *, key: str = "reminder:safety_plan_review:r-1:2026-12-01:staff-1"
) -> Notification:
    """A notification for the recipient reachable at *address* on *channel*."""
    recipient = Recipient(
        id="staff-1", kind="staff", display_name="Anna", addresses={channel: address}
    )
    return Notification(
        key=key,
        type="reminder.safety_plan_review",
        recipient=recipient,
        lang="da",
        subject="Husk: Se planen for tryghed igennem",
        body="Hej Anna.\n\nPlanen skal ses igennem senest 1. december 2026.",
        record_id="r-1",
        citizen_id="c-1",
        link="https://care.example.dk/c-1/r-1",
    )


class NotificationChannelConformance:
    """The contract every :class:`~carekit.notify.NotificationChannel` keeps."""

    #: The ``CAP_*`` constants the channel provides.
    capabilities: ClassVar[frozenset[str]] = frozenset()
    #: The address the test recipient has on the channel (an e-mail address, a target id…).
    recipient_address: ClassVar[str] = "anna@example.dk"
    #: True when ``channel_factory(rejecting=True)`` gives a channel whose receiver refuses
    #: the message for good (unknown address, HTTP 4xx, SMTP 5xx); its test is skipped
    #: otherwise.
    rejecting_receiver: ClassVar[bool] = False

    @pytest.fixture
    def channel_factory(self) -> ChannelFactory:
        """Override: ``factory(reachable=True)`` returns a channel delivering to the test
        receiver; ``reachable=False`` one whose receiver cannot be reached."""
        raise NotImplementedError("provide a channel_factory fixture")

    @pytest.fixture
    def received(self) -> Callable[[], Sequence[ReceivedMessage]]:
        """Override: returns what the receiver saw so far."""
        raise NotImplementedError("provide a received fixture")

    def _require(self, capability: str) -> None:
        if capability not in self.capabilities:
            pytest.skip(f"the channel does not declare capability {capability!r}")

    def _notification(self, channel: NotificationChannel, **kwargs: Any) -> Notification:
        return demo_notification(channel.name, self.recipient_address, **kwargs)

    # -- the contract ----------------------------------------------------------------------
    def test_channel_has_a_name(self, channel_factory: ChannelFactory) -> None:
        """The channel has a non-empty string ``name``."""
        channel = channel_factory()
        _check(
            isinstance(channel.name, str) and channel.name,
            "a channel has a non-empty string name (it routes and names the channel in receipts)",
            "set the class attribute name = 'my-channel' (the entry-point name is a good choice)",
            repr(getattr(channel, "name", None)),
        )

    def test_send_returns_a_receipt_naming_channel_and_key(
        self, channel_factory: ChannelFactory
    ) -> None:
        """``send`` returns a receipt naming the channel and the notification's key."""
        channel = channel_factory()
        notification = self._notification(channel)
        receipt = channel.send(notification)
        _check(
            receipt.channel == channel.name and receipt.key == notification.key,
            "send() returns a Receipt naming this channel and the notification's key",
            "return Receipt(channel=self.name, key=notification.key, …) from send()",
            f"channel={receipt.channel!r}, key={receipt.key!r}; expected "
            f"{channel.name!r}, {notification.key!r}",
        )

    def test_notification_is_delivered_with_its_idempotency_key(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """A sent notification is delivered once, with its key as the idempotency key."""
        self._require(CAP_IDEMPOTENCY_KEY)
        channel = channel_factory()
        notification = self._notification(channel)
        channel.send(notification)
        keys = [m.idempotency_key for m in received()]
        _check(
            keys == [notification.key],
            "a sent notification is delivered once, with its key as the idempotency key",
            "send the notification's key with every delivery (an Idempotency-Key header, a "
            "Message-ID …) and deliver exactly once per send()",
            f"the receiver got keys {keys!r}; expected [{notification.key!r}]",
        )

    def test_a_repeat_carries_the_same_key_so_the_receiver_can_drop_it(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """A repeat is delivered with the same idempotency key, so the receiver can drop it."""
        self._require(CAP_IDEMPOTENCY_KEY)
        channel = channel_factory()
        notification = self._notification(channel)
        channel.send(notification)
        channel.send(notification)
        keys = [m.idempotency_key for m in received()]
        _check(
            keys == [notification.key, notification.key],
            "a repeat carries the same idempotency key, so the receiver can drop it",
            "derive the idempotency key from notification.key only, never from the attempt "
            "or the time",
            f"the receiver got keys {keys!r}",
        )

    def test_subject_and_metadata_never_carry_a_cpr_number(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """The delivered subject and metadata never carry a CPR number, even if given one."""
        self._require(CAP_SUBJECT)
        channel = channel_factory()
        notification = self._notification(channel)
        # Bypass the model's own masking: the channel must mask defensively too.
        object.__setattr__(notification, "subject", f"Husk borger {DEMO_CPR}")
        channel.send(notification)
        (message,) = received()
        _check(
            message.subject is not None,
            "a channel that declares 'subject' delivers the subject",
            "send notification.subject (masked), or do not declare the capability",
        )
        leaked = [
            where
            for where, text in (
                ("subject", message.subject or ""),
                ("metadata", repr(message.metadata)),
            )
            if DEMO_CPR in text or DEMO_CPR.replace("-", "") in text
        ]
        _check(
            not leaked,
            "a CPR number never reaches the receiver in the subject or metadata",
            "mask the subject and every header with carekit.privacy.mask_cpr_in_text before "
            "sending, whatever the notification holds",
            f"a CPR number in: {', '.join(leaked)}",
        )

    def test_body_is_delivered_as_plain_text(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """The body is delivered as plain text, its wording intact."""
        self._require(CAP_BODY)
        channel = channel_factory()
        notification = self._notification(channel)
        channel.send(notification)
        (message,) = received()
        _check(
            message.body is not None and "1. december 2026" in message.body,
            "the body is delivered as plain text with its wording intact",
            "send notification.body unchanged (no HTML escaping, re-wrapping or truncation)",
            repr(message.body)[:200],
        )

    def test_body_and_link_never_carry_a_cpr_number(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """The delivered body, link and everything else the receiver gets never carry a CPR
        number, even if the notification was given one (mask with ``carekit.privacy``)."""
        self._require(CAP_BODY)
        channel = channel_factory()
        notification = self._notification(channel)
        object.__setattr__(notification, "body", f"Borger {DEMO_CPR} skal ringes op.")
        object.__setattr__(notification, "link", f"https://care.example.dk/{DEMO_CPR}/r-1")
        channel.send(notification)
        (message,) = received()
        for where, text in (("body", message.body or ""), ("raw", message.raw)):
            for spelling in (DEMO_CPR, DEMO_CPR.replace("-", "")):
                if spelling in text:
                    pytest.fail(
                        f"channel contract broken: a CPR number reached the receiver ({where}).\n"
                        "  how to fix: mask subject, body and link with "
                        "carekit.privacy.mask_cpr_in_text before sending, whatever the "
                        "notification holds",
                        pytrace=False,
                    )

    def test_a_permanent_failure_is_not_retryable(self, channel_factory: Any) -> None:
        """A receiver that refuses for good (bad address, HTTP 4xx, SMTP 5xx) raises a
        ``DeliveryError`` with ``retryable=False``, so the dispatcher does not retry it."""
        if not self.rejecting_receiver:
            pytest.skip("the suite declares no rejecting receiver (rejecting_receiver = False)")
        channel = channel_factory(rejecting=True)
        try:
            channel.send(self._notification(channel))
        except DeliveryError as exc:
            if exc.retryable:
                pytest.fail(
                    "channel contract broken: a permanent failure was marked retryable, so it "
                    "would be retried forever.\n  how to fix: raise DeliveryError with "
                    "retryable=False for refusals that trying later cannot change",
                    pytrace=False,
                )
            return
        pytest.fail(
            "channel contract broken: a refused delivery raised no DeliveryError",
            pytrace=False,
        )

    def test_receiver_can_verify_the_sender(
        self,
        channel_factory: ChannelFactory,
        received: Callable[[], Sequence[ReceivedMessage]],
    ) -> None:
        """A ``signed`` channel's delivery passes the receiver's signature check."""
        self._require(CAP_SIGNED)
        channel = channel_factory()
        channel.send(self._notification(channel))
        (message,) = received()
        _check(
            message.signature_valid is True,
            "a 'signed' channel's delivery passes the receiver's signature check",
            "sign every delivery with the channel's secret (e.g. an HMAC header over the body) "
            "as the receiver of the suite checks it, or do not declare the capability",
            f"signature_valid={message.signature_valid!r}",
        )

    def test_unreachable_receiver_raises_retryable_delivery_error_naming_the_channel(
        self, channel_factory: ChannelFactory
    ) -> None:
        """An unreachable receiver raises a retryable ``DeliveryError`` naming the channel."""
        channel = channel_factory(reachable=False)
        with pytest.raises(DeliveryError) as info:
            channel.send(self._notification(channel))
        _check(
            info.value.retryable is True
            and info.value.plugin == channel.name
            and channel.name in str(info.value),
            "an unreachable receiver raises a retryable DeliveryError naming the channel",
            "catch connection errors and timeouts and raise "
            "DeliveryError(..., plugin=self.name, retryable=True)",
            f"retryable={info.value.retryable!r}, plugin={info.value.plugin!r}, "
            f"message={str(info.value)[:120]!r}",
        )
