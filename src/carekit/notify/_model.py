"""The notification value types and the channel contract.

A :class:`Notification` says *that* something needs attention and *where* to look (ids and a
deep link), never *what* the record says: no record content, no CPR numbers, no health
details.  Channels (:class:`NotificationChannel`) carry it to people through the vendor's
systems (e-mail, webhook, …) and are described to the plugin system by :class:`ChannelInfo`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final, Literal, Protocol, runtime_checkable

import attrs

from carekit.errors import DeliveryError
from carekit.i18n import Lang, Text, check_lang
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "CAP_BODY",
    "CAP_IDEMPOTENCY_KEY",
    "CAP_SIGNED",
    "CAP_SUBJECT",
    "RECIPIENT_KINDS",
    "ChannelDeliveryError",
    "ChannelInfo",
    "DeliveryReceipt",
    "Notification",
    "NotificationChannel",
    "Recipient",
    "RecipientKind",
]

RecipientKind = Literal["staff", "team", "citizen", "relative"]
RECIPIENT_KINDS: Final[tuple[RecipientKind, ...]] = ("staff", "team", "citizen", "relative")

#: The channel passes the notification's idempotency key to the receiver.
CAP_IDEMPOTENCY_KEY: Final = "idempotency_key"
#: The channel shows a subject line (e-mail) to the receiver.
CAP_SUBJECT: Final = "subject"
#: The channel carries the rendered plain-text body.
CAP_BODY: Final = "body"
#: The receiver can verify that a message came from carekit (a signature).
CAP_SIGNED: Final = "signed"


def _kind(value: str) -> RecipientKind:
    for kind in RECIPIENT_KINDS:
        if value == kind:
            return kind
    raise ValueError(
        f"unknown recipient kind {value!r}; choose one of: {', '.join(RECIPIENT_KINDS)}"
    )


def _copy(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@attrs.frozen(kw_only=True)
class Recipient:
    """Who a notification is for, and where each channel reaches them.

    ``id`` is the vendor's id (a staff id, a team id, the citizen's pseudonymous id) - never a
    CPR number.  ``addresses`` maps a channel name to the address on that channel, e.g.
    ``{"email": "team-nord@example.dk", "webhook": "team-nord"}``.
    """

    id: str
    kind: RecipientKind = attrs.field(converter=_kind)
    #: how the recipient is greeted; a CPR number in it is masked (it reaches the outbox)
    display_name: str = attrs.field(default="", converter=mask_cpr_in_text)
    addresses: Mapping[str, str] = attrs.field(factory=dict, converter=_copy)
    lang: Lang = attrs.field(default="da", converter=check_lang)

    def address(self, channel: str) -> str | None:
        """The recipient's address on *channel*, or ``None`` when they have none there."""
        return self.addresses.get(channel)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that :meth:`from_dict` reads back."""
        return {
            "id": self.id,
            "kind": self.kind,
            "display_name": self.display_name,
            "addresses": dict(self.addresses),
            "lang": self.lang,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipient:
        """The recipient :meth:`to_dict` wrote; ``display_name``, ``addresses`` and ``lang``
        may be left out (empty, none, ``"da"``)."""
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            display_name=str(data.get("display_name", "")),
            addresses=dict(data.get("addresses", {})),
            lang=str(data.get("lang", "da")),
        )


def _masked(value: str) -> str:
    return mask_cpr_in_text(value)


@attrs.frozen(kw_only=True)
class Notification:
    """One message to one recipient.

    ``key`` is the idempotency key: the same reminder or event for the same recipient always
    gets the same key (``reminder:{category}:{record_id}:{due_on}:{recipient}`` or
    ``event:{event_id}:{type}:{recipient}``), so every retry and every re-run is recognisable
    by the receiver.  ``subject`` and ``body`` are rendered plain text; CPR-shaped numbers are
    masked on construction as a last line of defence.  ``link`` is the vendor's deep link
    (built from a template with ids only).
    """

    key: str
    type: str
    recipient: Recipient
    lang: Lang = attrs.field(converter=check_lang)
    subject: str = attrs.field(converter=_masked)
    body: str = attrs.field(converter=_masked)
    record_id: str | None = None
    citizen_id: str | None = None
    link: str | None = None
    created_at: dt.datetime | None = None

    def metadata(self) -> dict[str, Any]:
        """What may travel as machine-readable metadata: ids and types only."""
        return {
            "key": self.key,
            "type": self.type,
            "recipient": {"id": self.recipient.id, "kind": self.recipient.kind},
            "record_id": self.record_id,
            "citizen_id": self.citizen_id,
            "lang": self.lang,
            "link": self.link,
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (``created_at`` as ISO 8601), as the outbox stores it."""
        return {
            "key": self.key,
            "type": self.type,
            "recipient": self.recipient.to_dict(),
            "lang": self.lang,
            "subject": self.subject,
            "body": self.body,
            "record_id": self.record_id,
            "citizen_id": self.citizen_id,
            "link": self.link,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Notification:
        """The notification :meth:`to_dict` wrote (read back from the outbox)."""
        created = data.get("created_at")
        return cls(
            key=str(data["key"]),
            type=str(data["type"]),
            recipient=Recipient.from_dict(data["recipient"]),
            lang=str(data["lang"]),
            subject=str(data["subject"]),
            body=str(data["body"]),
            record_id=data.get("record_id"),
            citizen_id=data.get("citizen_id"),
            link=data.get("link"),
            created_at=dt.datetime.fromisoformat(created) if created else None,
        )


@attrs.frozen(kw_only=True)
class DeliveryReceipt:
    """What a channel reports after handing a notification over.

    ``message_id`` is the receiver-facing id (e-mail ``Message-ID``, HTTP response id, …).
    """

    channel: str
    key: str
    message_id: str | None = None
    detail: str | None = None


@runtime_checkable
class NotificationChannel(Protocol):
    """Carries notifications to people.

    ``send`` delivers one notification and passes ``notification.key`` to the receiver as
    an idempotency key (the dispatcher delivers *at least once*; the key lets the receiver
    make it *exactly once*).  On failure it raises :class:`~carekit.errors.DeliveryError`
    naming the channel, with ``retryable=True`` when trying later may help (timeouts, 4xx SMTP,
    HTTP 5xx) and ``False`` when it will not (bad address, 5xx SMTP, HTTP 4xx).

    ``requires_address``: when true the channel only sends to recipients that have an address
    for ``name`` in :attr:`Recipient.addresses`; otherwise it sends every notification (a
    webhook into the vendor's own system routes by recipient id).
    """

    name: str
    requires_address: bool

    def send(self, notification: Notification) -> DeliveryReceipt:
        """Deliver *notification* once, passing ``notification.key`` to the receiver as the
        idempotency key; raise :class:`~carekit.errors.DeliveryError` naming the channel
        (``retryable`` says whether trying later may help)."""
        ...


@attrs.frozen(kw_only=True)
class ChannelInfo:
    """Describes an installed notification channel to the plugin system.

    ``factory`` builds a channel from a configuration mapping (from the vendor's settings);
    ``capabilities`` are the ``CAP_*`` constants the channel provides.
    """

    name: str
    description: str
    factory: Callable[[Mapping[str, Any]], NotificationChannel]
    capabilities: frozenset[str] = frozenset()


class ChannelDeliveryError(DeliveryError):
    """A channel could not deliver; ``text`` says why in Danish and English, ``channel`` names
    the channel (also as ``plugin``), ``status_code`` is the receiver's status (SMTP or HTTP)
    if any, ``key`` the notification's idempotency key.  ``code`` is carekit's stable error
    code, as on every carekit error.  The message never holds message texts."""

    code: ClassVar[str] = "plugin.delivery.channel"

    def __init__(
        self,
        text: Text,
        *,
        channel: str,
        retryable: bool,
        key: str | None = None,
        code: int | None = None,
    ) -> None:
        self.channel = channel
        self.key = key
        self.status_code = code
        super().__init__(
            Text(mask_cpr_in_text(text.da), mask_cpr_in_text(text.en)),
            plugin=channel,
            retryable=retryable,
        )
        # the channel's own words, not wrapped in "plugin ...": users read them as they are
        self.text = Text(mask_cpr_in_text(text.da), mask_cpr_in_text(text.en))
