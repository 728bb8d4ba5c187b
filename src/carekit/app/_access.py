"""Who is reading: the reader an application (or one of its sessions) is bound to, and the
read-access log entries its reads leave.

Every public read of a citizen's data (``get``, ``query``, ``list``, ``history``,
``citizen_records``, ``due`` and the CLI's render, export and ``records`` commands) names
a :class:`Reader` — an actor, a purpose and a channel — and leaves **one**
:class:`~carekit.store.AccessEntry` per citizen whose data it returned.  An application
opened without a reader refuses reads (:class:`~carekit.errors.ReaderRequiredError`), so a
read can never be logged as "unknown".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

import attrs

from carekit.errors import InvalidArgumentError
from carekit.i18n import Text
from carekit.model import Actor, Channel, Purpose, Record
from carekit.store import AccessEntry

__all__ = ["Reader", "access_entries", "make_reader"]


@attrs.frozen
class Reader:
    """Who reads (an :class:`~carekit.model.Actor` with a name and role), why (a
    :class:`~carekit.model.Purpose`) and through which :class:`~carekit.model.Channel`."""

    actor: Actor
    purpose: Purpose
    channel: Channel


_E = TypeVar("_E", Purpose, Channel)


def _member(enum: type[_E], parameter: str, value: object, da: str, en: str) -> _E:
    """*value* as a member of *enum*, else ``InvalidArgumentError`` listing the values."""
    try:
        if isinstance(value, str):
            return enum(value)
    except ValueError:
        pass
    choices = ", ".join(m.value for m in enum)
    raise InvalidArgumentError(parameter, Text(f"{da}: {choices}", f"{en}: {choices}"), value)


def make_reader(actor: object, purpose: object, channel: object) -> Reader:
    """A checked :class:`Reader` (``InvalidArgumentError`` for a wrong actor, purpose or
    channel)."""
    if not isinstance(actor, Actor):
        raise InvalidArgumentError(
            "actor", Text("en carekit.model.Actor", "a carekit.model.Actor"), actor
        )
    return Reader(
        actor,
        _member(Purpose, "purpose", purpose, "et formål", "a purpose"),
        _member(Channel, "channel", channel, "en kanal", "a channel"),
    )


def access_entries(
    reader: Reader,
    operation: str,
    records: Sequence[Record],
    *,
    at: dt.datetime,
    citizens: Sequence[str] = (),
) -> list[AccessEntry]:
    """One entry per citizen among *records* (and per citizen in *citizens*, even when none
    of their records was returned: they were looked up), listing the kinds and record ids
    read."""
    actor = reader.actor
    if not citizens and len(records) == 1:  # one record (a get): the common case, kept cheap
        (record,) = records
        return [
            AccessEntry(
                at=at,
                actor_id=actor.id,
                actor_name=actor.name,
                actor_role=actor.role,
                actor_kind=actor.kind.value,
                purpose=reader.purpose.value,
                channel=reader.channel.value,
                operation=operation,
                citizen_id=str(record.citizen_id),
                kinds=(record.kind,),
                record_ids=(str(record.id),),
            )
        ]
    kinds: dict[str, dict[str, None]] = {str(c): {} for c in citizens}
    ids: dict[str, dict[str, None]] = {str(c): {} for c in citizens}
    for record in records:
        citizen = str(record.citizen_id)
        kinds.setdefault(citizen, {})[record.kind] = None
        ids.setdefault(citizen, {})[record.record_id] = None
    return [
        AccessEntry(
            at=at,
            actor_id=actor.id,
            actor_name=actor.name,
            actor_role=actor.role,
            actor_kind=actor.kind.value,
            purpose=reader.purpose.value,
            channel=reader.channel.value,
            operation=operation,
            citizen_id=citizen,
            kinds=tuple(kinds[citizen]),
            record_ids=tuple(ids[citizen]),
        )
        for citizen in kinds
    ]
