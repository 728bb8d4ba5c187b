"""The webhook channel: one signed JSON ``POST`` per notification.

The body is the notification without record content: ids, type, language, the rendered
subject and body (CPR-masked again here), the deep link and the recipient's id, kind and
webhook target.  Headers: ``Idempotency-Key`` (the notification key: the delivery id),
``X-Carekit-Timestamp`` and ``X-Carekit-Signature``, which signs all three together
(see :mod:`carekit_webhook._signature`).

The URL is ``https://``; plain ``http://`` only to this machine (``127.0.0.1``, ``::1``,
``localhost``) or with ``allow_http = true``.  A password in the URL is masked wherever the
URL is shown (:func:`carekit.privacy.mask_url`).
"""

from __future__ import annotations

import ipaddress
import json
import time
import urllib.parse
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self

import attrs
import httpx

from carekit.errors import ConfigurationError
from carekit.i18n import Text
from carekit.notify import ChannelDeliveryError, DeliveryReceipt, Notification
from carekit.privacy import mask_cpr_in_text, mask_url
from carekit_webhook._signature import (
    DELIVERY_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)

__all__ = ["IDEMPOTENCY_HEADER", "WebhookChannel", "WebhookConfig", "payload_for"]

IDEMPOTENCY_HEADER = DELIVERY_ID_HEADER
_RETRYABLE_STATUS = frozenset({408, 425, 429})
_KNOWN = frozenset({"url", "secret", "timeout", "connect_timeout", "allow_http", "name"})


def _config_error(da: str, en: str) -> ConfigurationError:
    return ConfigurationError(Text(f"Webhook-kanalen: {da}", f"webhook channel: {en}"))


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(url: str, *, allow_http: bool) -> None:
    shown = mask_url(url)
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise _config_error(
            f"url {shown} kan ikke læses som en URL", f"url {shown} cannot be read as a URL"
        ) from None
    if parts.scheme not in ("https", "http") or not host:
        raise _config_error(
            f"url skal begynde med https:// og have et værtsnavn ({shown})",
            f"url must start with https:// and name a host ({shown})",
        )
    if parts.scheme == "http" and not (allow_http or _is_loopback(host)):
        raise _config_error(
            f"url {shown} bruger http:// uden kryptering; brug https:// (http:// kun til "
            "denne maskine, eller med allow_http = true)",
            f"url {shown} uses http:// without encryption; use https:// (http:// only to "
            "this machine, or with allow_http = true)",
        )


@attrs.frozen(kw_only=True)
class WebhookConfig:
    """Where to post and the shared secret (never shown in ``repr``; a password in the URL
    is masked there).

    Rotating the secret: set the receiver to accept the new and the old secret, then change
    ``secret`` here to the new one (see docs/notifications.md, "Rotating the secret")."""

    url: str = attrs.field(repr=mask_url)
    secret: str = attrs.field(repr=False)
    timeout: float = 10.0
    connect_timeout: float = 5.0
    #: allow plain ``http://`` to another machine (the body then travels unencrypted)
    allow_http: bool = False

    def __attrs_post_init__(self) -> None:
        _check_url(self.url, allow_http=self.allow_http)
        if not self.secret:
            raise _config_error("secret er tom", "secret is empty")

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> WebhookConfig:
        """Build from settings: ``url``, ``secret``, ``timeout``, ``connect_timeout``."""
        missing = [name for name in ("url", "secret") if not config.get(name)]
        if missing:
            names = ", ".join(missing)
            raise _config_error(
                f"mangler indstilling(er) {names}; angiv url = 'https://…' og en lang, "
                "tilfældig hemmelighed, som modtageren også har",
                f"missing setting(s) {names}; set url = 'https://…' and a long random "
                "secret shared with the receiver",
            )
        unknown = set(config) - _KNOWN
        if unknown:
            names, known = ", ".join(sorted(unknown)), ", ".join(sorted(_KNOWN))
            raise _config_error(
                f"ukendt(e) indstilling(er) {names}; kendte: {known}",
                f"unknown setting(s) {names}; known: {known}",
            )
        allow_http = config.get("allow_http", False)
        if not isinstance(allow_http, bool):
            raise _config_error(
                "allow_http skal være true eller false", "allow_http must be true or false"
            )
        try:
            timeout = float(config.get("timeout", 10.0))
            connect_timeout = float(config.get("connect_timeout", 5.0))
        except (TypeError, ValueError, OverflowError) as exc:
            raise _config_error(
                f"timeouts skal være et antal sekunder ({type(exc).__name__})",
                f"timeouts must be numbers of seconds ({type(exc).__name__})",
            ) from None
        return cls(
            url=str(config["url"]),
            secret=str(config["secret"]),
            timeout=timeout,
            connect_timeout=connect_timeout,
            allow_http=allow_http,
        )


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
        "link": mask_cpr_in_text(notification.link) if notification.link else None,
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
        """The exact body bytes and headers that :meth:`send` posts; the signature covers
        the delivery id (``Idempotency-Key``), the timestamp and the body."""
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
            SIGNATURE_HEADER: sign(
                self.config.secret, timestamp, body, delivery_id=notification.key
            ),
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
