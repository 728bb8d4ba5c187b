"""A store's data keys in memory: the store key, and one AES-GCM cipher per citizen after
first use.  Backends give it callbacks that read and write their ``citizen_keys`` table in
their own transaction (see :mod:`carekit.store._crypto` for the formats)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from carekit.i18n import Text
from carekit.store._crypto import (
    KEY_BYTES,
    DecryptError,
    cipher,
    open_sealed,
    record_aad,
    store_key_id,
    unwrap_key,
    wrap_key,
)
from carekit.store._errors import (
    CitizenErasedError,
    DataKeyError,
    RecordEncryptedError,
    StoreCorruptError,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["KeyLookup", "KeyRing"]

#: ``lookup(citizen_id)`` -> ``None`` (no key row), ``(None,)`` (erased) or ``(wrapped,)``.
KeyLookup = Callable[[str], "tuple[bytes | None] | None"]


class KeyRing:
    """The store key of one store and the ciphers of the citizens' data keys."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.store_key: bytes | None = None
        self._ciphers: dict[str, AESGCM] = {}
        self._lock = threading.Lock()

    def use(self, key: bytes, *, other_key_in_store: Callable[[str], bool]) -> None:
        """Use *key* from now on; :class:`DataKeyError` when it is not 32 bytes or the store's
        data keys were wrapped with another key (*other_key_in_store(fingerprint)*)."""
        if not isinstance(key, bytes) or len(key) != KEY_BYTES:
            raise DataKeyError(
                Text("datanøglen skal være 32 byte", "the data key must be 32 bytes")
            )
        if other_key_in_store(store_key_id(key)):
            raise DataKeyError(
                Text(
                    f"{self.url}: borgernes nøgler er pakket ind med en anden datanøgle end "
                    "den angivne. Angiv lagerets egen nøgle (den, der blev brugt, da "
                    "krypteringen blev slået til).",
                    f"{self.url}: the citizens' keys are wrapped with another data key than "
                    "the one given. Give the store's own key (the one used when encryption "
                    "was turned on).",
                )
            )
        self.store_key = key
        with self._lock:
            self._ciphers.clear()

    def for_writes(
        self,
        citizens: Iterable[str],
        *,
        lookup: KeyLookup,
        insert: Callable[[str, str, bytes], object],
        store_has_keys: Callable[[], bool],
    ) -> dict[str, AESGCM] | None:
        """The cipher of every citizen in a write (new keys made and *insert* ed as
        ``(citizen, fingerprint, wrapped)`` in the caller's transaction); ``None`` for a
        plaintext store.  Refuses an erased citizen, and a write without the key to a store
        that encrypts."""
        store_key = self.store_key
        if store_key is None:
            if store_has_keys():
                raise DataKeyError(
                    Text(
                        f"{self.url} krypterer borgernes data, men er åbnet uden datanøgle; "
                        "intet er gemt. Angiv nøglen ([store] data_key_file eller "
                        "CAREKIT_DATA_KEY_FILE).",
                        f"{self.url} encrypts the citizens' data but was opened without the "
                        "data key; nothing was stored. Give the key ([store] data_key_file "
                        "or CAREKIT_DATA_KEY_FILE).",
                    )
                )
            return None
        out: dict[str, AESGCM] = {}
        for citizen in sorted(set(citizens)):
            row = lookup(citizen)
            if row is None:
                key = os.urandom(KEY_BYTES)
                insert(citizen, store_key_id(store_key), wrap_key(store_key, key, citizen))
                out[citizen] = cipher(key)
            elif row[0] is None:
                raise CitizenErasedError(citizen, 0, citizen)
            else:
                cached = self._ciphers.get(citizen)
                out[citizen] = cached or cipher(self._unwrap(citizen, row[0], 0))
        return out

    def remember(self, ciphers: dict[str, AESGCM] | None) -> None:
        """Keep the ciphers of a committed write."""
        if ciphers:
            with self._lock:
                self._ciphers.update(ciphers)

    def forget(self, citizen: str) -> None:
        """Drop the citizen's cipher (after erasure)."""
        with self._lock:
            self._ciphers.pop(citizen, None)

    def _unwrap(self, citizen: str, wrapped: bytes, version: int) -> bytes:
        assert self.store_key is not None
        try:
            return unwrap_key(self.store_key, bytes(wrapped), citizen)
        except DecryptError:
            raise RecordEncryptedError(
                citizen,
                version,
                Text(
                    "borgerens nøgle kan ikke pakkes ud med den angivne datanøgle",
                    "the citizen's key does not unwrap under the data key given",
                ),
            ) from None

    def reader(self, record_id: str, version: int, citizen: str, lookup: KeyLookup) -> AESGCM:
        """The cipher to read the citizen's version with (errors name the version)."""
        found = self._ciphers.get(citizen)
        if found is not None:
            return found
        if self.store_key is None:
            raise RecordEncryptedError(
                record_id,
                version,
                Text("lageret er åbnet uden datanøgle", "the store was opened without a data key"),
            )
        row = lookup(citizen)
        if row is None:
            raise StoreCorruptError(
                record_id, version, Text("borgerens nøgle mangler", "the citizen's key is missing")
            )
        if row[0] is None:
            raise CitizenErasedError(record_id, version, citizen)
        found = cipher(self._unwrap(citizen, row[0], version))
        with self._lock:
            self._ciphers[citizen] = found
        return found

    def open(
        self, record_id: str, version: int, citizen: str, envelope: bytes, lookup: KeyLookup
    ) -> bytes:
        """The JSON document in *envelope* (see :meth:`reader`)."""
        aead = self.reader(record_id, version, citizen, lookup)
        try:
            return open_sealed(aead, envelope, record_aad(record_id, version, citizen))
        except DecryptError:
            raise StoreCorruptError(
                record_id,
                version,
                Text(
                    "den krypterede version er ændret eller flyttet",
                    "the encrypted version was modified or moved",
                ),
            ) from None
