"""The webhook channel: one signed JSON ``POST`` per notification.

The body is the notification without record content: ids, type, language, the rendered
subject and body (CPR-masked again here), the deep link and the recipient's id, kind and
webhook target.  Headers: ``Idempotency-Key`` (the notification key),
``X-Carekit-Timestamp`` and ``X-Carekit-Signature`` (see :mod:`carekit_webhook._signature`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self

import attrs
import httpx

from carekit.errors import ConfigurationError
from carekit.i18n import Text
from carekit.notify import ChannelDeliveryError, DeliveryReceipt, Notification
from carekit.privacy import mask_cpr_in_text
from carekit_webhook._signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

__all__ = ["IDEMPOTENCY_HEADER", "WebhookChannel", "WebhookConfig", "payload_for"]

IDEMPOTENCY_HEADER = "Idempotency-Key"
_RETRYABLE_STATUS = frozenset({408, 425, 429})
_KNOWN = frozenset({"url", "secret", "timeout", "connect_timeout", "name"})


@attrs.frozen(kw_only=True)
class WebhookConfig:
    """Where to post and the shared secret (never shown in ``repr``)."""

    url: str
    secret: str = attrs.field(repr=False)
    timeout: float = 10.0
    connect_timeout: float = 5.0

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> WebhookConfig:
        """Build from settings: ``url``, ``secret``, ``timeout``, ``connect_timeout``."""
        missing = [name for name in ("url", "secret") if not config.get(name)]
        if missing:
            raise ConfigurationError(
                f"webhook channel: missing setting(s) {', '.join(missing)}; set url = "
                "'https://…' and a long random secret shared with the receiver"
            )
        unknown = set(config) - _KNOWN
        if unknown:
            raise ConfigurationError(
                f"webhook channel: unknown setting(s) {', '.join(sorted(unknown))}; known: "
                f"{', '.join(sorted(_KNOWN))}"
            )
        url = str(config["url"])
        if not url.startswith(("https://", "http://")):
            raise ConfigurationError(f"webhook channel: url must start with https:// ({url!r})")
        try:
            return cls(
                url=url,
                secret=str(config["secret"]),
                timeout=float(config.get("timeout", 10.0)),
                connect_timeout=float(config.get("connect_timeout", 5.0)),
            )
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(
                f"webhook channel: timeouts must be numbers of seconds ({exc})"
            ) from None


def payload_for(notification: Notification, channel: str) -> dict[str, Any]:
    """The JSON body: metadata and rendered texts, never record content."""
    return {
        "key": notification.key,
        "type": notification.type,
        "lang": notification.lang,
        "recipient": {
            "id": notification.recipient.id,
            "kind": notification.recipient.kind,
            "target": notification.recipient.address(channel),
        },
        "record_id": notification.record_id,
        "citizen_id": notification.citizen_id,
        "link": notification.link,
        "subject": mask_cpr_in_text(notification.subject),
        "body": mask_cpr_in_text(notification.body),
    }


class WebhookChannel:
    """Posts every notification to one URL (the vendor's system routes by recipient)."""

    requires_address = False

    def __init__(
        self,
        config: WebhookConfig,
        *,
        name: str = "webhook",
        clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.name = name
        self.clock = clock
        self._client = httpx.Client(
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
            transport=transport,
            headers={"User-Agent": "carekit-webhook/0.1"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def request_for(self, notification: Notification) -> tuple[bytes, dict[str, str]]:
        """The exact body bytes and headers that :meth:`send` posts."""
        body = json.dumps(
            payload_for(notification, self.name),
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        ).encode("utf-8")
        timestamp = int(self.clock())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            IDEMPOTENCY_HEADER: notification.key,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(self.config.secret, timestamp, body),
        }
        return body, headers

    def send(self, notification: Notification) -> DeliveryReceipt:
        body, headers = self.request_for(notification)
        try:
            response = self._client.post(self.config.url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise self._error(
                Text(
                    "Modtageren svarede ikke i tide ({kind}). Prøver igen senere.",
                    "the receiver did not answer in time ({kind}); will retry",
                ).format(kind=type(exc).__name__),
                notification,
                retryable=True,
            ) from None
        except httpx.HTTPError as exc:
            raise self._error(
                Text(
                    "Kan ikke nå modtageren ({kind}). Prøver igen senere.",
                    "cannot reach the receiver ({kind}); will retry",
                ).format(kind=type(exc).__name__),
                notification,
                retryable=True,
            ) from None
        status = response.status_code
        if 200 <= status < 300:
            return DeliveryReceipt(
                channel=self.name,
                key=notification.key,
                message_id=response.headers.get("X-Request-Id"),
                detail=f"HTTP {status}",
            )
        retryable = status >= 500 or status in _RETRYABLE_STATUS
        raise self._error(
            Text(
                "Modtageren svarede HTTP {status}" + (" (prøver igen)." if retryable else "."),
                "the receiver answered HTTP {status}"
                + (" (temporary; will retry)" if retryable else " (permanent)"),
            ).format(status=status),
            notification,
            retryable=retryable,
            code=status,
        )

    def _error(
        self, text: Text, notification: Notification, *, retryable: bool, code: int | None = None
    ) -> ChannelDeliveryError:
        return ChannelDeliveryError(
            text, channel=self.name, retryable=retryable, key=notification.key, code=code
        )
