"""What erasure by crypto-shredding shares between the SQL backends: the report, the
refusal findings, and which outbox payloads concern a citizen.

A backend that supports erasure has ``use_data_key(key)`` and
``erase_citizen(citizen_id, *, actor_id, reason) -> ErasureReport`` (see
:class:`SupportsErasure`); ``carekit.app.Application.erase_citizen`` checks retention and
calls it.  See ``docs/privacy.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from carekit.i18n import Text

__all__ = [
    "ERASE_ACTION",
    "ErasureReport",
    "SupportsErasure",
    "no_key_finding",
    "outbox_concerns",
    "plaintext_finding",
]

#: The audit action of an erasure (record_id = kind's citizen, detail = the reason).
ERASE_ACTION = "erase"


@attrs.frozen(kw_only=True)
class ErasureReport:
    """What :meth:`erase_citizen` did: the citizen, how many records and versions became
    unreadable, by kind, how many outbox items were removed, and whether the old database
    pages were removed from the file too (``scrubbed``; ``False`` names why in
    ``scrub_note``)."""

    citizen_id: str
    at: dt.datetime
    actor_id: str
    records: int
    versions: int
    kinds: Mapping[str, int]
    outbox_removed: int
    scrubbed: bool
    scrub_note: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the CLI's ``--format json``)."""
        return {
            "citizen_id": self.citizen_id,
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "records": self.records,
            "versions": self.versions,
            "kinds": dict(self.kinds),
            "outbox_removed": self.outbox_removed,
            "scrubbed": self.scrubbed,
        }


@runtime_checkable
class SupportsErasure(Protocol):
    """A store that encrypts per citizen and can erase by destroying a citizen's key."""

    def use_data_key(self, key: bytes) -> None:
        """Encrypt new versions under per-citizen keys wrapped by *key*; decrypt reads."""

    def erase_citizen(self, citizen_id: str, *, actor_id: str, reason: str) -> ErasureReport:
        """Destroy the citizen's data key and every clear copy of their data."""


def no_key_finding() -> Text:
    """Erasure without a store key: nothing is encrypted, so nothing can be shredded."""
    return Text(
        "Lageret er åbnet uden datanøgle, så borgerens data er ikke krypteret og kan ikke "
        "slettes ved at destruere en nøgle. Angiv nøglen ([store] data_key_file i "
        "indstillingsfilen eller CAREKIT_DATA_KEY_FILE; lav en med 'carekit store new-key').",
        "The store was opened without a data key, so the citizen's data is not encrypted and "
        "cannot be erased by destroying a key. Give the key ([store] data_key_file in the "
        "settings file, or CAREKIT_DATA_KEY_FILE; make one with 'carekit store new-key').",
    )


def plaintext_finding(versions: Sequence[tuple[str, int]]) -> Text:
    """Some versions were written before the store had a data key: they are in plaintext,
    and the hash chain hashes them as stored, so they cannot be blanked without breaking
    ``carekit audit verify``."""
    shown = ", ".join(f"{rid} v{v}" for rid, v in versions[:5])
    more = len(versions) - 5
    tail_da = f" og {more} flere" if more > 0 else ""
    tail_en = f" and {more} more" if more > 0 else ""
    return Text(
        f"{len(versions)} version(er) blev gemt ukrypteret, før lageret fik en datanøgle "
        f"({shown}{tail_da}). Hashkæden bygger på dem, som de er gemt, så de kan ikke "
        "overskrives, uden at 'carekit audit verify' fejler. Gør så: eksportér borgeren "
        "('carekit citizen export'), og flyt lageret til et nyt, krypteret lager (se "
        "docs/privacy.md, 'Ukrypterede versioner'), eller få juridisk vurdering af, om "
        "kæden må brydes.",
        f"{len(versions)} version(s) were stored in plaintext before the store had a data "
        f"key ({shown}{tail_en}). The hash chain is built on them as stored, so they cannot "
        "be overwritten without 'carekit audit verify' failing. What to do: export the "
        "citizen ('carekit citizen export') and move the store to a new, encrypted store "
        "(see docs/privacy.md, 'Plaintext versions'), or get a legal decision on whether the "
        "chain may be broken.",
    )


def outbox_concerns(payload: Mapping[str, Any], citizen_id: str) -> bool:
    """Whether an outbox payload concerns *citizen_id*: a domain event about them, a
    notification about them, or one delivery of such a notification."""
    if payload.get("citizen_id") == citizen_id:
        return True
    notification = payload.get("notification")
    return isinstance(notification, Mapping) and notification.get("citizen_id") == citizen_id
