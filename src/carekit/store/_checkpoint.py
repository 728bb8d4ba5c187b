"""Signed checkpoints of the hash chain (Ed25519, the ``cryptography`` package).

A checkpoint is ``(chain id, position, head hash, time)`` signed with the store operator's
Ed25519 key.  Exported as JSON (:func:`checkpoint_json`), it lets a municipality keep the
head outside the vendor's database: ``carekit audit verify --checkpoint FILE`` later proves
the chain it sees now still begins with exactly the rows that were signed.

Keys: a private key is read from a PEM file (PKCS#8, as ``carekit audit new-key`` writes
it) or from the base64 of its 32 raw bytes; it is never printed.  Public keys are given as
the base64 of their 32 raw bytes (``carekit audit public-key``) or a PEM file.  The
``cryptography`` package is imported only when a key is used.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from carekit.errors import ConfigurationError, StoreError
from carekit.i18n import Text
from carekit.store._chain import ChainHead, Checkpoint, checkpoint_message

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

__all__ = [
    "CHECKPOINT_FORMAT",
    "AuditKeyError",
    "CheckpointFileError",
    "checkpoint_from_json",
    "checkpoint_json",
    "generate_key_pem",
    "key_id",
    "load_private_key",
    "load_public_key",
    "public_key_bytes",
    "sign_head",
    "signature_valid",
]

CHECKPOINT_FORMAT = "carekit-checkpoint/1"


class AuditKeyError(ConfigurationError):
    """A signing or verification key cannot be used (the key itself is never shown)."""

    code = "audit.key"


class CheckpointFileError(StoreError):
    """A checkpoint file is not a carekit checkpoint (names the file, never its content)."""

    code = "audit.checkpoint_file"

    def __init__(self, source: str, why: Text) -> None:
        self.source = source
        super().__init__(
            Text(
                f"{source} er ikke et carekit-kontrolpunkt: {why.da}",
                f"{source} is not a carekit checkpoint: {why.en}",
            )
        )


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def load_private_key(value: str, *, source: str) -> Ed25519PrivateKey:
    """The private key in *value*: a path to a PEM file, or base64 of 32 raw bytes.  *source*
    names where the value came from (a settings key), for the error message."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PrivateKey,
    )

    raw = _b64(value)
    if raw is not None and len(raw) == 32:
        return Ed25519PrivateKey.from_private_bytes(raw)
    path = Path(value).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AuditKeyError(
            Text(
                f"{source}: nøglefilen {path} kan ikke læses ({exc.strerror}); angiv en sti "
                "til en PEM-fil eller en base64-nøgle på 32 byte.",
                f"{source}: the key file {path} cannot be read ({exc.strerror}); give the path "
                "of a PEM file or a base64 key of 32 bytes.",
            )
        ) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raw = _b64(data.decode("ascii", "replace"))
        if raw is not None and len(raw) == 32:
            return Ed25519PrivateKey.from_private_bytes(raw)
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(
            Text(
                f"{source}: {path} er ikke en Ed25519-privatnøgle uden adgangskode (PEM, som "
                "'carekit audit new-key' skriver den).",
                f"{source}: {path} is not an unencrypted Ed25519 private key (PEM, as "
                "'carekit audit new-key' writes it).",
            )
        )
    return key


def load_public_key(value: str) -> Ed25519PublicKey:
    """A public key: base64 of 32 raw bytes, or the path of a PEM file."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PublicKey,
    )

    raw = _b64(value)
    if raw is not None and len(raw) == 32:
        return Ed25519PublicKey.from_public_bytes(raw)
    path = Path(value).expanduser()
    problem = Text(
        f"--public-key {value[:60]!r} er hverken en base64-nøgle på 32 byte eller en læsbar "
        "PEM-fil med en Ed25519-nøgle.",
        f"--public-key {value[:60]!r} is neither a base64 key of 32 bytes nor a readable PEM "
        "file holding an Ed25519 key.",
    )
    try:
        data = path.read_bytes()
    except OSError:
        raise AuditKeyError(problem) from None
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raw = _b64(data.decode("ascii", "replace"))
        if raw is not None and len(raw) == 32:
            return Ed25519PublicKey.from_public_bytes(raw)
        raise AuditKeyError(problem) from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError(problem)
    return key


def public_key_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of the public key (of a private key: its public half)."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PrivateKey,
    )

    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short fingerprint of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def generate_key_pem() -> bytes:
    """A new Ed25519 private key as unencrypted PKCS#8 PEM."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PrivateKey,
    )

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def sign_head(key: Ed25519PrivateKey, head: ChainHead, at: dt.datetime) -> Checkpoint:
    """A checkpoint of *head* at time *at*, signed with *key*."""
    signature = key.sign(checkpoint_message(head.chain_id, head.seq, head.hash, at))
    return Checkpoint(head.chain_id, head.seq, head.hash, at, public_key_bytes(key), signature)


def signature_valid(checkpoint: Checkpoint, trusted: Ed25519PublicKey) -> bool:
    """Whether *checkpoint* is signed by *trusted* (the key in the file is not trusted: a
    forger would put their own there)."""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    try:
        trusted.verify(checkpoint.signature, checkpoint.message())
    except InvalidSignature:
        return False
    return True


def checkpoint_json(checkpoint: Checkpoint) -> dict[str, Any]:
    """The checkpoint as JSON data (hashes hex, key and signature base64)."""
    return {
        "format": CHECKPOINT_FORMAT,
        "chain_id": checkpoint.chain_id,
        "seq": checkpoint.seq,
        "head": checkpoint.head.hex(),
        "at": checkpoint.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "public_key": base64.b64encode(checkpoint.public_key).decode(),
        "key_id": key_id(checkpoint.public_key),
        "signature": base64.b64encode(checkpoint.signature).decode(),
    }


def checkpoint_from_json(data: bytes, *, source: str) -> Checkpoint:
    """Parse a checkpoint file's bytes; :class:`CheckpointFileError` if they are not one."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise CheckpointFileError(source, Text("ikke JSON.", "not JSON.")) from None
    if not isinstance(obj, dict) or obj.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointFileError(
            source,
            Text(
                f"feltet 'format' skal være {CHECKPOINT_FORMAT!r}.",
                f"the field 'format' must be {CHECKPOINT_FORMAT!r}.",
            ),
        )
    try:
        seq = obj["seq"]
        head = bytes.fromhex(obj["head"])
        at = dt.datetime.fromisoformat(obj["at"])
        public = base64.b64decode(obj["public_key"], validate=True)
        signature = base64.b64decode(obj["signature"], validate=True)
        chain_id = obj["chain_id"]
        if (
            not isinstance(seq, int)
            or isinstance(seq, bool)
            or seq < 0
            or not isinstance(chain_id, str)
            or len(head) != 32
            or at.tzinfo is None
        ):
            raise ValueError
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise CheckpointFileError(
            source,
            Text(
                "felterne chain_id, seq, head (64 hex-cifre), at (tid med tidszone), "
                "public_key og signature (base64) skal være der.",
                "the fields chain_id, seq, head (64 hex digits), at (time with time zone), "
                "public_key and signature (base64) must be present.",
            ),
        ) from None
    return Checkpoint(chain_id, seq, head, at, public, signature)
