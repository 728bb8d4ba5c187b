"""Encryption at rest per citizen, and erasure by destroying a key (crypto-shredding).

Every citizen gets a random 256-bit **data key**.  Each version of each of the citizen's
records is stored as an authenticated **envelope** (:func:`seal`)::

    b"CKE1" | nonce (12 bytes) | AES-256-GCM ciphertext and tag

with the associated data ``carekit-record/1|record_id|version|citizen_id``
(:func:`record_aad`), so a ciphertext moved to another row, version or citizen never
decrypts.  The hash chain hashes the ``data`` column as stored, i.e. the envelope: when the
key is destroyed the ciphertext stays, the chain still verifies, and the content is gone.

Data keys are kept **wrapped** (AES-256-GCM under the **store key**, associated data
``carekit-data-key/1|citizen_id``) in a key table that is neither append-only nor chained;
erasure overwrites the wrapped key.  The store key comes from the settings file
(``[store] data_key_file``), ``$CAREKIT_DATA_KEY_FILE`` / ``$CAREKIT_DATA_KEY`` or
``carekit.open(data_key=…)``; it is never stored, printed or logged — only its fingerprint
(:func:`store_key_id`) is kept next to each wrapped key, so a wrong key is named as such.

``cryptography`` is imported only when a key is used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from carekit.i18n import Text
from carekit.store._errors import DataKeyError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "DATA_KEY_ENV",
    "DATA_KEY_FILE_ENV",
    "KEY_BYTES",
    "MAGIC",
    "DecryptError",
    "cipher",
    "generate_store_key",
    "is_sealed",
    "load_store_key",
    "open_sealed",
    "record_aad",
    "seal",
    "store_key_id",
    "unwrap_key",
    "wrap_key",
]

#: The environment variables :func:`carekit.open` reads the store key from (base64 text,
#: or the path of a file holding it).
DATA_KEY_ENV: Final = "CAREKIT_DATA_KEY"
DATA_KEY_FILE_ENV: Final = "CAREKIT_DATA_KEY_FILE"

#: The first bytes of an envelope (a JSON document never starts with them).
MAGIC: Final = b"CKE1"
KEY_BYTES: Final = 32
_NONCE: Final = 12


class DecryptError(Exception):
    """The envelope or wrapped key does not authenticate under this key and associated
    data (wrong key, moved or modified ciphertext).  Internal: stores turn it into a
    bilingual error."""


def record_aad(record_id: str, version: int, citizen_id: str) -> bytes:
    """The associated data binding an envelope to its row."""
    return f"carekit-record/1|{record_id}|{version}|{citizen_id}".encode()


def _key_aad(citizen_id: str) -> bytes:
    return f"carekit-data-key/1|{citizen_id}".encode()


def is_sealed(data: bytes | str | memoryview) -> bool:
    """Whether a stored document is an envelope (``False`` for plaintext JSON)."""
    if isinstance(data, str):
        return False
    return bytes(data[:4]) == MAGIC


def cipher(key: bytes) -> AESGCM:
    """The AES-256-GCM cipher of a 32-byte key (stores keep one per citizen in memory, so
    the key schedule is computed once)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

    return AESGCM(key)


def seal(key: bytes | AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    """*plaintext* encrypted and authenticated under *key* and *aad* (a fresh random nonce)."""
    aead = cipher(key) if isinstance(key, bytes) else key
    nonce = os.urandom(_NONCE)
    return MAGIC + nonce + aead.encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes | AESGCM, envelope: bytes, aad: bytes) -> bytes:
    """The plaintext of *envelope*; :class:`DecryptError` unless it authenticates under
    *key* and *aad*."""
    from cryptography.exceptions import InvalidTag  # noqa: PLC0415

    data = bytes(envelope)
    if data[:4] != MAGIC or len(data) < 4 + _NONCE + 16:
        raise DecryptError("not an envelope")
    aead = cipher(key) if isinstance(key, bytes) else key
    try:
        return aead.decrypt(data[4 : 4 + _NONCE], data[4 + _NONCE :], aad)
    except InvalidTag:
        raise DecryptError("authentication failed") from None


def wrap_key(store_key: bytes, data_key: bytes, citizen_id: str) -> bytes:
    """*data_key* encrypted under the store key, bound to *citizen_id*."""
    return seal(store_key, data_key, _key_aad(citizen_id))


def unwrap_key(store_key: bytes, wrapped: bytes, citizen_id: str) -> bytes:
    """The data key of *citizen_id*; :class:`DecryptError` under another store key."""
    return open_sealed(store_key, wrapped, _key_aad(citizen_id))


def store_key_id(store_key: bytes) -> str:
    """A short fingerprint of the store key, stored next to each wrapped key (the key itself
    never is)."""
    return hmac.new(store_key, b"carekit-store-key", hashlib.sha256).hexdigest()[:16]


def generate_store_key() -> str:
    """A new random store key, as base64 text (what a key file holds)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def _decode(text: str) -> bytes | None:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def load_store_key(value: bytes | str, *, source: str) -> bytes:
    """The 32-byte store key in *value*: raw bytes, base64 text, or the path of a file that
    holds the base64 text (as ``carekit store new-key`` writes it).  *source* names where
    the value came from, for the error; the key is never shown."""
    if isinstance(value, bytes):
        if len(value) == KEY_BYTES:
            return value
        raw = _decode(value.decode("ascii", "replace"))
        if raw is None:
            raise DataKeyError(
                Text(
                    f"{source}: datanøglen skal være 32 byte (eller base64 af 32 byte).",
                    f"{source}: the data key must be 32 bytes (or the base64 of 32 bytes).",
                )
            )
        return raw
    raw = _decode(value)
    if raw is not None:
        return raw
    path = Path(value).expanduser()
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "ikke ASCII / not ASCII"
        raise DataKeyError(
            Text(
                f"{source}: nøglefilen {path} kan ikke læses ({why}); angiv en fil, som "
                "'carekit store new-key' har skrevet, eller base64 af 32 byte.",
                f"{source}: the key file {path} cannot be read ({why}); give a file written "
                "by 'carekit store new-key', or the base64 of 32 bytes.",
            )
        ) from None
    raw = _decode(text)
    if raw is None:
        raise DataKeyError(
            Text(
                f"{source}: {path} indeholder ikke en datanøgle (base64 af 32 byte, som "
                "'carekit store new-key' skriver den).",
                f"{source}: {path} does not hold a data key (the base64 of 32 bytes, as "
                "'carekit store new-key' writes it).",
            )
        )
    return raw
