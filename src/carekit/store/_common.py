"""Pieces every built-in backend shares: index columns, JSON encoding, timestamps, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import pydantic

from carekit.errors import UnknownKindError
from carekit.events import DomainEvent
from carekit.model import Record, record_type
from carekit.store._errors import StoreCorruptError

__all__ = [
    "IndexColumns",
    "decode_record",
    "encode_record",
    "event_payloads",
    "format_time",
    "index_columns",
    "parse_time",
    "utcnow",
]

IndexColumns = tuple[str, str, str, str | None, str | None]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def format_time(value: dt.datetime) -> str:
    """Fixed-width UTC ISO text, so that text order is time order in SQL."""
    if value.tzinfo is None:
        raise ValueError("store timestamps must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_time(value: str) -> dt.datetime:
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
    return record.__pydantic_serializer__.to_json(record)


def decode_record(kind: str, data: bytes | str, record_id: str, version: int) -> Record:
    """Re-validate a stored document; failures never show the content."""
    try:
        return record_type(kind).model_validate_json(data, strict=True)
    except UnknownKindError:
        raise StoreCorruptError(record_id, version, f"unknown kind {kind!r}") from None
    except pydantic.ValidationError as exc:
        reason = f"{exc.error_count()} validation error(s)"
        raise StoreCorruptError(record_id, version, reason) from None


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
