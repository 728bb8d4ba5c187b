"""Whether a relative may hear about the citizen: the consent check at routing time (ST-11).

A notice about the citizen (a changed visit, an updated safety plan, a new person) reaches a
relative only when the citizen has an active consent to share with the network
(:class:`~carekit.model.Consent` with purpose ``share_with_network``) on the day the notice is
routed, given by the citizen or with its legal basis recorded (``consent_problems``).  When the
directory's id for the relative is the id of one of the citizen's network
members, that member must also be marked ``consent_to_share``.

Without consent the relative is *skipped*, and the skip is visible: :meth:`Routing.route`
returns a :class:`Skipped` per relative with a reason code (never a name), the dispatcher logs
it and counts it.  A withdrawn or expired consent stops the notices from that day on.

:class:`StoreConsents` reads the records from the store when the notice is routed;
:class:`RecordConsents` takes them from the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

import attrs

from carekit.i18n import Text
from carekit.model import (
    Consent,
    ConsentPurpose,
    NetworkMember,
    Record,
    Role,
    consent_problems,
)
from carekit.notify._model import Recipient
from carekit.store import Store

__all__ = [
    "SKIP_REASONS",
    "RecordConsents",
    "RelativeConsents",
    "SkipReason",
    "Skipped",
    "StoreConsents",
    "local_today",
]

SkipReason = Literal[
    "no_consent",
    "consent_withdrawn",
    "consent_expired",
    "not_shared_with_member",
    "consent_without_legal_basis",
    "consent_not_checked",
]

#: What each reason means, for logs, CLI output and documentation.
SKIP_REASONS: Mapping[SkipReason, Text] = {
    "no_consent": Text(
        "Borgeren har ikke givet samtykke til deling med netværket.",
        "The citizen has not consented to sharing with the network.",
    ),
    "consent_withdrawn": Text(
        "Borgeren har trukket sit samtykke til deling med netværket tilbage.",
        "The citizen has withdrawn their consent to sharing with the network.",
    ),
    "consent_expired": Text(
        "Borgerens samtykke til deling med netværket er udløbet.",
        "The citizen's consent to sharing with the network has expired.",
    ),
    "not_shared_with_member": Text(
        "Borgeren vil ikke dele oplysninger med denne pårørende.",
        "The citizen does not want to share information with this relative.",
    ),
    "consent_without_legal_basis": Text(
        "Samtykket er givet af en anden end borgeren, uden at hjemlen er skrevet.",
        "The consent was given by someone other than the citizen, with no legal basis recorded.",
    ),
    "consent_not_checked": Text(
        "Samtykket kunne ikke tjekkes, fordi der ikke er noget lager at slå op i.",
        "The consent could not be checked because there is no store to look it up in.",
    ),
}

_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_today(now: dt.datetime | None = None) -> dt.date:
    """The calendar date in Europe/Copenhagen at *now* (default: the current time)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(_COPENHAGEN).date()


@attrs.frozen
class Skipped:
    """A relative who did not get a notice, and why (ids and a reason code only)."""

    notification_type: str
    recipient_id: str
    reason: SkipReason

    def describe(self) -> Text:
        """The reason in words, in both languages."""
        return SKIP_REASONS[self.reason]


class RelativeConsents(Protocol):
    """Decides whether *relative* may hear about the citizen on the day *on*."""

    def skip_reason(self, citizen_id: str, relative: Recipient, on: dt.date) -> SkipReason | None:
        """``None`` when the relative may get the notice, else why not."""
        ...


def _withdrawn_on(consent: Consent) -> dt.date | None:
    if consent.withdrawn_at is None:
        return None
    return consent.withdrawn_at.astimezone(_COPENHAGEN).date()


def _reason(
    consents: Sequence[Consent], members: Sequence[NetworkMember], relative: Recipient, on: dt.date
) -> SkipReason | None:
    active = [c for c in consents if c.is_active(on)]
    if active and not any(next(consent_problems(c), None) is None for c in active):
        return "consent_without_legal_basis"
    if not active:
        started = [c for c in consents if c.given_at.astimezone(_COPENHAGEN).date() <= on]
        if not started:
            return "no_consent"
        latest = max(started, key=lambda c: c.given_at)
        withdrawn = _withdrawn_on(latest)
        if withdrawn is not None and withdrawn <= on:
            return "consent_withdrawn"
        return "consent_expired"
    for member in members:
        if str(member.id) == relative.id and not member.consent_to_share:
            return "not_shared_with_member"
    return None


def _as_tuple(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(records)


@attrs.frozen
class RecordConsents:
    """A :class:`RelativeConsents` over records the caller has (consents and network members
    of any citizen; other records are ignored)."""

    records: Sequence[Record] = attrs.field(converter=_as_tuple)

    def skip_reason(self, citizen_id: str, relative: Recipient, on: dt.date) -> SkipReason | None:
        """``None`` when the citizen's share-with-network consent is active on *on* (and the
        relative, when a network member, is shared with), else the reason."""
        return _reason(*_split(self.records, citizen_id), relative, on)


@attrs.frozen
class StoreConsents:
    """A :class:`RelativeConsents` that reads the citizen's consents and network members from
    *store* each time it is asked (so a consent withdrawn a minute ago counts)."""

    store: Store

    def skip_reason(self, citizen_id: str, relative: Recipient, on: dt.date) -> SkipReason | None:
        """As :meth:`RecordConsents.skip_reason`, with the records read from the store."""
        records = [
            row.record
            for kind in ("consent", "network_member")
            for row in self.store.query(kind=kind, citizen_id=citizen_id)
        ]
        return _reason(*_split(records, citizen_id), relative, on)


def _split(records: Iterable[Record], citizen_id: str) -> tuple[list[Consent], list[NetworkMember]]:
    consents: list[Consent] = []
    members: list[NetworkMember] = []
    for record in records:
        if str(record.citizen_id) != citizen_id:
            continue
        if isinstance(record, Consent) and record.purpose is ConsentPurpose.SHARE_WITH_NETWORK:
            consents.append(record)
        elif isinstance(record, NetworkMember) and record.role is Role.RELATIVE:
            members.append(record)
    return consents, members
