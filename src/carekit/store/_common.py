"""Pieces every built-in backend shares: index columns, JSON encoding, timestamps, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import orjson
import pydantic

from carekit.errors import (
    ImmutableFieldError,
    InvalidArgumentError,
    Problem,
    ReferenceIntegrityError,
    UnknownKindError,
)
from carekit.events import DomainEvent
from carekit.i18n import Text
from carekit.model import Record, Reference, dump_validated, record_type, references
from carekit.store._errors import StoreCorruptError
from carekit.store._protocol import PutItem, ReadResult, StoredRecord, UnreadableVersion

__all__ = [
    "HeadLookup",
    "IndexColumns",
    "check_integrity",
    "decode_record",
    "encode_record",
    "event_payloads",
    "format_time",
    "index_columns",
    "parse_time",
    "readable",
    "utcnow",
]

#: ``(record_id, kind, citizen_id, status, due_on)`` of a record, as its index columns hold them.
IndexColumns = tuple[str, str, str, str | None, str | None]


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


def format_time(value: dt.datetime) -> str:
    """Fixed-width UTC ISO text, so that text order is time order in SQL."""
    if value.tzinfo is None:
        raise ValueError("store timestamps must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_time(value: str) -> dt.datetime:
    """Parse an ISO 8601 timestamp as stored by the stores."""
    return dt.datetime.fromisoformat(value)


def index_columns(record: Record) -> IndexColumns:
    """``(record_id, kind, citizen_id, status, due_on)`` as stored in index columns."""
    status = getattr(record, "status", None)
    due = record.due_on()
    return (
        record.record_id,
        record.kind,
        str(record.citizen_id),
        str(status) if status is not None else None,
        due.isoformat() if due is not None else None,
    )


def encode_record(record: Record) -> bytes:
    """The record's JSON document, validated exactly as :func:`~carekit.model.parse_record`
    validates external data: from the dumped JSON, so a ``model_copy(update=...)`` (which
    pydantic does not validate) cannot slip an invalid value into a store.  Raises
    :class:`~carekit.errors.RecordValidationError`; every built-in backend writes only what
    this returns."""
    if not isinstance(record, Record):
        raise InvalidArgumentError(
            "record",
            Text(
                "en carekit-post (carekit.model.Record)", "a carekit record (carekit.model.Record)"
            ),
            record,
        )
    return dump_validated(record)[1]


#: ``lookup(ids)`` -> ``{id: (kind, citizen_id)}`` of the stored records among *ids*, read
#: inside the write transaction.
HeadLookup = Callable[[list[str]], Mapping[str, tuple[str, str]]]


def _label(kind: str) -> Text:
    try:
        return record_type(kind).LABEL
    except UnknownKindError:
        return Text(kind, kind)


def _reference_problem(ref: Reference, found: tuple[str, str] | None, citizen: str) -> Problem:
    want = _label(ref.target_kind)
    if found is None:
        text = Text(
            f"Henvisningen peger på {want.da.lower()} {ref.target_id}, som ikke findes i "
            "lageret. Opret den først, eller ret id'et.",
            f"The reference names {want.en.lower()} {ref.target_id}, which is not in the store. "
            "Create it first, or correct the id.",
        )
    elif found[0] != ref.target_kind:
        got = _label(found[0])
        text = Text(
            f"Henvisningen skal pege på en {want.da.lower()}, men {ref.target_id} er en "
            f"{got.da.lower()}.",
            f"The reference must name a {want.en.lower()}, but {ref.target_id} is a "
            f"{got.en.lower()}.",
        )
    else:
        text = Text(
            f"{want.da} {ref.target_id} handler om en anden borger. En post kan kun henvise "
            f"til poster om samme borger ({citizen}).",
            f"{want.en} {ref.target_id} is about another citizen. A record can only refer to "
            f"records about the same citizen ({citizen}).",
        )
    return Problem(ref.pointer, "x-references", text)


def check_integrity(items: Sequence[PutItem], lookup: HeadLookup) -> None:
    """Referential integrity of a batch, checked inside the store's write transaction
    (identically by every built-in backend).

    - the record's citizen exists (in the store or earlier/later in the batch);
    - an update keeps ``kind`` and ``citizen_id`` (:class:`~carekit.errors.ImmutableFieldError`);
    - every reference (``x-references`` fields) names an existing record of the declared
      kind about the same citizen (:class:`~carekit.errors.ReferenceIntegrityError`).
    """
    batch = {i.record.record_id: (i.record.kind, str(i.record.citizen_id)) for i in items}
    refs = [references(i.record) for i in items]
    wanted: set[str] = set()
    for item, found_refs in zip(items, refs, strict=True):
        if item.expected_version is not None:
            wanted.add(item.record.record_id)
        if item.record.kind != "citizen":
            wanted.add(str(item.record.citizen_id))
        wanted.update(r.target_id for r in found_refs)
    stored = dict(lookup(sorted(wanted))) if wanted else {}
    seen: dict[str, tuple[str, str]] = {}
    for item, found_refs in zip(items, refs, strict=True):
        record = item.record
        rid, kind, citizen = record.record_id, record.kind, str(record.citizen_id)
        before = seen.get(rid) or stored.get(rid)
        if item.expected_version is not None and before is not None:
            changed = [
                Problem(
                    f"/{name}",
                    "const",
                    Text(
                        f"Feltet '{name}' kan ikke ændres (det var {old}). Opret en ny post i "
                        "stedet.",
                        f"The field '{name}' cannot change (it was {old}). Create a new record "
                        "instead.",
                    ),
                )
                for name, old, new in (
                    ("kind", before[0], kind),
                    ("citizen_id", before[1], citizen),
                )
                if old != new
            ]
            if changed:
                raise ImmutableFieldError(kind, changed, record_id=rid)
        problems: list[Problem] = []
        if kind != "citizen":
            owner = batch.get(citizen) or stored.get(citizen)
            if owner is None or owner[0] != "citizen":
                problems.append(
                    Problem(
                        "/citizen_id",
                        "x-references",
                        Text(
                            f"Borgeren {citizen} findes ikke i lageret. Opret borgeren først.",
                            f"The citizen {citizen} is not in the store. Add the citizen first.",
                        ),
                    )
                )
        for ref in found_refs:
            target = batch.get(ref.target_id) or stored.get(ref.target_id)
            if target is None or target[0] != ref.target_kind or target[1] != citizen:
                problems.append(_reference_problem(ref, target, citizen))
        if problems:
            raise ReferenceIntegrityError(kind, problems, record_id=rid)
        seen[rid] = (kind, citizen)


def decode_record(kind: str, data: bytes | str, record_id: str, version: int) -> Record:
    """Re-validate a stored document; failures never show the content."""
    try:
        return record_type(kind).model_validate_json(data, strict=True)
    except UnknownKindError:
        reason = Text(f"ukendt art {kind!r}", f"unknown kind {kind!r}")
        raise StoreCorruptError(record_id, version, reason) from None
    except pydantic.ValidationError as exc:
        count = exc.error_count()
        reason = Text(
            f"{count} valideringsfejl", f"{count} validation error" + ("" if count == 1 else "s")
        )
        raise StoreCorruptError(record_id, version, reason) from None


_Row = TypeVar("_Row")


def readable(rows: Iterable[_Row], to_stored: Callable[[_Row], StoredRecord[Record]]) -> ReadResult:
    """Decode *rows* with *to_stored*; a version that raises
    :class:`~carekit.store.StoreCorruptError` is skipped and listed in ``unreadable``."""
    out = ReadResult()
    bad: list[UnreadableVersion] = []
    for row in rows:
        try:
            out.append(to_stored(row))
        except StoreCorruptError as exc:
            bad.append(UnreadableVersion(exc.record_id, exc.version, exc.reason.en, exc.text))
    out.unreadable = tuple(bad)
    return out


def event_payloads(
    events: Sequence[DomainEvent], versions: Mapping[str, int]
) -> list[tuple[str, bytes]]:
    """``(key, payload JSON)`` per event.  ``record_version`` is filled in from *versions*
    (record id -> version written in this transaction) when the event left it empty."""
    out = []
    for event in events:
        payload: dict[str, Any] = event.to_dict()
        if payload.get("record_version") is None and event.record_id in versions:
            payload["record_version"] = versions[event.record_id]
        out.append((f"event:{event.id}", orjson.dumps(payload)))
    return out
