"""Signing and verifying webhook deliveries.

The scheme (what a receiver must check)::

    X-Carekit-Timestamp: <unix seconds, integer>
    X-Carekit-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body bytes)>
    Idempotency-Key:     <the notification key>

The receiver recomputes the HMAC over the *raw* request body (before parsing JSON), compares
in constant time, rejects timestamps more than ``tolerance_seconds`` away from its clock, and
rejects an idempotency key it has already processed (a replay, or a repeat delivery it has
already acted on - answer 2xx to those so the sender stops retrying).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from typing import Final, Literal, Protocol

from carekit.errors import CarekitError
from carekit.i18n import Text

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "MemorySeenKeys",
    "SeenKeys",
    "SignatureError",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER: Final = "X-Carekit-Signature"
TIMESTAMP_HEADER: Final = "X-Carekit-Timestamp"

Reason = Literal["malformed", "mismatch", "too_old", "in_future", "replayed"]

_TEXTS: dict[Reason, Text] = {
    "malformed": Text(
        "Signaturen eller tidsstemplet har forkert form (forventet sha256=<hex> og heltal).",
        "the signature or timestamp is malformed (expected sha256=<hex> and an integer)",
    ),
    "mismatch": Text(
        "Signaturen passer ikke. Tjek at hemmeligheden er den samme hos afsender og modtager, "
        "og at kroppen ikke er ændret.",
        "the signature does not match; check that sender and receiver share the same secret "
        "and that the raw body was not changed",
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
        "Beskeden med denne nøgle er allerede modtaget.",
        "a message with this idempotency key was already received",
    ),
}


class SignatureError(CarekitError, ValueError):
    """A webhook delivery failed verification; ``reason`` says which check, ``text`` says
    it in Danish and English."""

    def __init__(self, reason: Reason, *, key: str | None = None) -> None:
        self.reason = reason
        self.key = key
        self.text = _TEXTS[reason]
        super().__init__(f"webhook signature check failed ({reason}): {self.text.en}")


class SeenKeys(Protocol):
    """Remembers idempotency keys already processed."""

    def add(self, key: str, now: float) -> bool:
        """Remember *key*; ``False`` when it was already there."""
        ...


class MemorySeenKeys:
    """In-memory :class:`SeenKeys` that forgets keys after ``ttl_seconds`` (keep it at least
    the timestamp tolerance plus the sender's longest retry delay)."""

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


def sign(secret: str | bytes, timestamp: int, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, f"{timestamp}." + body)>``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    mac = hmac.new(key, str(timestamp).encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: str | bytes,
    timestamp: str | int,
    body: bytes,
    signature: str,
    *,
    tolerance_seconds: float = 300,
    now: float | None = None,
    idempotency_key: str | None = None,
    seen: SeenKeys | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Raise :class:`SignatureError` unless *signature* is carekit's signature of *body* at
    *timestamp*, the timestamp is within *tolerance_seconds* of *now*, and (with *seen*)
    *idempotency_key* was not processed before.  The key is remembered only when every other
    check passed."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        raise SignatureError("malformed", key=idempotency_key) from None
    if not signature.startswith("sha256=") or len(signature) != 7 + 64:
        raise SignatureError("malformed", key=idempotency_key)
    if not hmac.compare_digest(sign(secret, ts, body), signature):
        raise SignatureError("mismatch", key=idempotency_key)
    current = clock() if now is None else now
    if ts < current - tolerance_seconds:
        raise SignatureError("too_old", key=idempotency_key)
    if ts > current + tolerance_seconds:
        raise SignatureError("in_future", key=idempotency_key)
    if seen is not None and idempotency_key is not None and not seen.add(idempotency_key, current):
        raise SignatureError("replayed", key=idempotency_key)
