"""Signing and verifying webhook deliveries (the scheme of Standard Webhooks / Stripe).

What is signed - the *signed string* - is the delivery id, the timestamp and the raw body,
joined by dots::

    signed = "<delivery id>" + "." + "<timestamp>" + "." + <raw body bytes>

    Idempotency-Key:     <delivery id: the notification key, the same on every retry>
    X-Carekit-Timestamp: <unix seconds, ASCII digits only>
    X-Carekit-Signature: v2=<hex HMAC-SHA256(secret, signed)>

The delivery id is signed, so a receiver that de-duplicates on ``Idempotency-Key`` can trust
it: a replay with a changed header no longer matches its signature.  ``v2`` names this scheme;
the first one (``sha256=``, over timestamp and body only) is neither sent nor accepted.

A receiver (:class:`WebhookVerifier`, or :func:`verify_signature`) recomputes the HMAC over
the *raw* request body (before parsing JSON) with each secret it currently accepts, compares
in constant time, rejects a timestamp more than ``tolerance_seconds`` away from its clock,
and rejects a delivery id it has already processed within its memory (at least the tolerance
window) - a replay, or a repeat it already acted on: answer 2xx to those so the sender stops
retrying.

Rotating the secret: the receiver first accepts both (``secrets=[new, old]``), then the
sender signs with the new one, and once the sender's longest retry delay has passed the
receiver drops the old one (docs/notifications.md, "Rotating the secret").
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Final, Literal, Protocol

from carekit.errors import CarekitError, ConfigurationError
from carekit.i18n import Text

__all__ = [
    "DELIVERY_ID_HEADER",
    "SIGNATURE_HEADER",
    "SIGNATURE_VERSION",
    "TIMESTAMP_HEADER",
    "MemorySeenKeys",
    "SeenKeys",
    "SignatureError",
    "WebhookVerifier",
    "sign",
    "signed_string",
    "verify_signature",
]

SIGNATURE_HEADER: Final = "X-Carekit-Signature"
TIMESTAMP_HEADER: Final = "X-Carekit-Timestamp"
#: The header that carries the delivery id (the notification key).
DELIVERY_ID_HEADER: Final = "Idempotency-Key"
#: The prefix of the signature: the version of the signed string.
SIGNATURE_VERSION: Final = "v2"
_PREFIX = SIGNATURE_VERSION + "="
_HEX = frozenset("0123456789abcdef")

Secret = str | bytes
Reason = Literal["malformed", "mismatch", "too_old", "in_future", "replayed"]

_TEXTS: dict[Reason, Text] = {
    "malformed": Text(
        "Signaturen, tidsstemplet eller leverings-id'et har forkert form (forventet "
        "v2=<hex>, et heltal og en Idempotency-Key).",
        "the signature, timestamp or delivery id is malformed (expected v2=<hex>, an integer "
        "and an Idempotency-Key)",
    ),
    "mismatch": Text(
        "Signaturen passer ikke. Tjek at hemmeligheden er den samme hos afsender og modtager, "
        "og at hverken krop, tidsstempel eller Idempotency-Key er ændret.",
        "the signature does not match; check that sender and receiver share the same secret "
        "and that neither the raw body, the timestamp nor the Idempotency-Key was changed",
    ),
    "too_old": Text(
        "Tidsstemplet er for gammelt. Beskeden kan være en genafspilning.",
        "the timestamp is too old; the message may be a replay",
    ),
    "in_future": Text(
        "Tidsstemplet ligger i fremtiden. Tjek urene hos afsender og modtager.",
        "the timestamp is in the future; check the sender's and receiver's clocks",
    ),
    "replayed": Text(
        "Beskeden med dette leverings-id er allerede modtaget.",
        "a message with this delivery id (Idempotency-Key) was already received",
    ),
}


class SignatureError(CarekitError, ValueError):
    """A webhook delivery failed verification; ``reason`` says which check, ``text`` says
    it in Danish and English, ``key`` is the delivery id as received."""

    code = "webhook.signature"

    def __init__(self, reason: Reason, *, key: str | None = None) -> None:
        self.reason = reason
        self.key = key
        super().__init__(_TEXTS[reason])


class SeenKeys(Protocol):
    """Remembers delivery ids already processed."""

    def add(self, key: str, now: float) -> bool:
        """Remember *key*; ``False`` when it was already there."""
        ...


class MemorySeenKeys:
    """In-memory :class:`SeenKeys` that forgets ids after ``ttl_seconds`` (keep it at least
    the timestamp tolerance plus the sender's longest retry delay; several receiver
    processes need a shared store instead, e.g. a database table with a unique key)."""

    def __init__(self, ttl_seconds: float = 7 * 24 * 3600) -> None:
        self.ttl_seconds = ttl_seconds
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, key: str, now: float) -> bool:
        with self._lock:
            expired = [k for k, t in self._seen.items() if t < now - self.ttl_seconds]
            for k in expired:
                del self._seen[k]
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


def _key(secret: Secret) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def signed_string(delivery_id: str, timestamp: int, body: bytes) -> bytes:
    """The exact bytes that are signed: ``f"{delivery_id}.{timestamp}."`` + *body*."""
    return f"{delivery_id}.{timestamp}.".encode() + body


def sign(secret: Secret, timestamp: int, body: bytes, *, delivery_id: str) -> str:
    """``v2=<hex HMAC-SHA256(secret, delivery_id "." timestamp "." body)>``."""
    mac = hmac.new(_key(secret), signed_string(delivery_id, timestamp, body), hashlib.sha256)
    return _PREFIX + mac.hexdigest()


def _secrets(secrets: Secret | Sequence[Secret]) -> list[bytes]:
    chosen = [secrets] if isinstance(secrets, str | bytes) else list(secrets)
    keys = [_key(s) for s in chosen]
    if not keys or not all(keys):
        raise ConfigurationError(
            Text(
                "Webhook-modtageren skal have mindst én hemmelighed, og ingen må være tom.",
                "the webhook receiver needs at least one secret, and none may be empty",
            )
        )
    if len(keys) > 2:
        raise ConfigurationError(
            Text(
                "Højst to hemmeligheder ad gangen: den nye og den gamle under et skift.",
                "at most two secrets at a time: the new and the old one during a rotation",
            )
        )
    return keys


def _timestamp(value: str | int, key: str | None) -> int:
    if isinstance(value, bool):
        raise SignatureError("malformed", key=key)
    if isinstance(value, int):
        return value
    # ASCII digits only: int() would also take " 12", "+12" and "1_000"
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 15:
        raise SignatureError("malformed", key=key)
    return int(value)


def verify_signature(
    secrets: Secret | Sequence[Secret],
    timestamp: str | int,
    body: bytes,
    signature: str,
    *,
    delivery_id: str | None,
    tolerance_seconds: float = 300,
    now: float | None = None,
    seen: SeenKeys | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Raise :class:`SignatureError` unless *signature* is carekit's signature, under one of
    *secrets* (one, or two during a rotation), of *delivery_id*, *timestamp* and *body*; the
    timestamp is within *tolerance_seconds* of *now*; and (with *seen*) *delivery_id* was not
    processed before.  The id is remembered only when every other check passed.

    Give *seen* in a receiver: without it a replay inside the tolerance window is accepted.
    """
    keys = _secrets(secrets)
    if not isinstance(delivery_id, str) or not delivery_id:
        raise SignatureError("malformed", key=None)
    ts = _timestamp(timestamp, delivery_id)
    if (
        not isinstance(signature, str)
        or not signature.startswith(_PREFIX)
        or len(signature) != len(_PREFIX) + 64
        or not set(signature[len(_PREFIX) :]) <= _HEX
    ):
        raise SignatureError("malformed", key=delivery_id)
    message = signed_string(delivery_id, ts, body)
    expected = signature[len(_PREFIX) :]
    matched = False
    for key in keys:  # every secret is tried: the time taken does not tell which one matched
        mac = hmac.new(key, message, hashlib.sha256).hexdigest()
        matched |= hmac.compare_digest(mac, expected)
    if not matched:
        raise SignatureError("mismatch", key=delivery_id)
    current = clock() if now is None else now
    if ts < current - tolerance_seconds:
        raise SignatureError("too_old", key=delivery_id)
    if ts > current + tolerance_seconds:
        raise SignatureError("in_future", key=delivery_id)
    if seen is not None and not seen.add(delivery_id, current):
        raise SignatureError("replayed", key=delivery_id)


class WebhookVerifier:
    """What a receiver keeps: the accepted secrets, the tolerance and the memory of delivery
    ids, checked together by :meth:`verify` from the request's headers and raw body.

    ``secrets`` is the current secret, or ``[new, old]`` while a rotation runs.  The memory
    (``seen``, default :class:`MemorySeenKeys`) must remember ids at least as long as the
    tolerance window, or a replay inside the window would pass.
    """

    def __init__(
        self,
        secrets: Secret | Sequence[Secret],
        *,
        tolerance_seconds: float = 300,
        seen: SeenKeys | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secrets = _secrets(secrets)
        self.tolerance_seconds = tolerance_seconds
        self.seen: SeenKeys = seen if seen is not None else MemorySeenKeys()
        ttl = getattr(self.seen, "ttl_seconds", None)
        if isinstance(ttl, int | float) and ttl < 2 * tolerance_seconds:
            raise ConfigurationError(
                Text(
                    f"Hukommelsen for leverings-id'er ({ttl} s) skal være mindst to gange "
                    f"tolerancen ({tolerance_seconds} s), ellers slipper en genafspilning igennem.",
                    f"the memory of delivery ids ({ttl} s) must be at least twice the tolerance "
                    f"({tolerance_seconds} s), or a replay inside the window would pass",
                )
            )
        self.clock = clock

    def rotate(self, new_secret: Secret) -> None:
        """Accept *new_secret* beside the current one (step 1 of a rotation)."""
        self._secrets = _secrets([new_secret, self._secrets[0]])

    def retire_old(self) -> None:
        """Accept only the newest secret again (the last step of a rotation)."""
        self._secrets = self._secrets[:1]

    def verify(self, headers: Mapping[str, str], body: bytes, *, now: float | None = None) -> str:
        """Check one request; return its delivery id, or raise :class:`SignatureError`.
        *headers* are looked up case-insensitively."""
        lower = {k.lower(): v for k, v in headers.items()}
        verify_signature(
            self._secrets,
            lower.get(TIMESTAMP_HEADER.lower(), ""),
            body,
            lower.get(SIGNATURE_HEADER.lower(), ""),
            delivery_id=lower.get(DELIVERY_ID_HEADER.lower()),
            tolerance_seconds=self.tolerance_seconds,
            now=now,
            seen=self.seen,
            clock=self.clock,
        )
        return lower[DELIVERY_ID_HEADER.lower()]
