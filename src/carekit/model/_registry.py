"""Record kinds and parsing of external data into records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson
import pydantic
import pydantic_core

from carekit.errors import Problem, RecordValidationError, UnknownKindError
from carekit.i18n import Text
from carekit.model._base import Record
from carekit.model._problems import (
    duplicate_key_problems,
    json_error_reason,
    may_repeat_keys,
    validation_error,
)
from carekit.model.alignment import ExpectationAlignment
from carekit.model.citizen import Citizen, Consent
from carekit.model.dreams import Dream, Perspective
from carekit.model.home import HomeAgreement
from carekit.model.information import InformationRecord
from carekit.model.network import CareNetwork, NetworkMember
from carekit.model.safety import SafetyCheckIn, SafetyPlan
from carekit.model.stories import LearningStory
from carekit.model.trial import Routine, TrialAction

__all__ = ["RECORD_TYPES", "dump_validated", "kinds", "parse_record", "record_type", "revalidate"]

#: Every record kind, in the order the docs present them.
RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        Citizen,
        CareNetwork,
        NetworkMember,
        SafetyPlan,
        HomeAgreement,
        InformationRecord,
        ExpectationAlignment,
        SafetyCheckIn,
        Dream,
        Perspective,
        TrialAction,
        Routine,
        LearningStory,
        Consent,
    )
}


def kinds() -> tuple[str, ...]:
    """The kind names of every registered record type, in registration order."""
    return tuple(RECORD_TYPES)


def record_type(kind: str) -> type[Record]:
    """The record class for *kind*; :class:`~carekit.errors.UnknownKindError` (naming the known
    kinds) if there is none."""
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise UnknownKindError(kind, RECORD_TYPES) from None


def parse_record(data: Mapping[str, Any] | bytes | str, kind: str | None = None) -> Record:
    """Validate external data (JSON text, bytes or a JSON-like mapping) into a record.

    The record's kind is read from its ``kind`` field unless *kind* is given.  Validation is
    strict, with exactly the rules of the published JSON Schema; on failure a
    :class:`~carekit.errors.RecordValidationError` lists every problem with its JSON pointer.
    """
    if isinstance(data, (bytes, str)):
        # a lone surrogate cannot be UTF-8: keep it, so that the JSON reader reports it
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            why = json_error_reason(exc)
            problem = Problem(
                "", "json", Text(f"Ikke gyldig JSON: {why.da}", f"Not valid JSON: {why.en}")
            )
            raise RecordValidationError(kind, [problem]) from None
    else:
        obj = data
        raw = b""
    if not isinstance(obj, Mapping):
        problem = Problem(
            "", "type", Text("En post skal være et JSON-objekt", "A record must be a JSON object")
        )
        raise RecordValidationError(kind, [problem])
    found_kind = kind or obj.get("kind")
    if not isinstance(found_kind, str) or "kind" not in obj:
        problem = Problem(
            "/kind",
            "required",
            Text(
                "Feltet 'kind' mangler; det fortæller, hvilken slags post det er.",
                "The field 'kind' is missing; it says what kind of record this is.",
            ),
        )
        raise RecordValidationError(None, [problem])
    cls = record_type(found_kind)
    if not raw:
        try:
            raw = orjson.dumps(obj)
        except TypeError:  # integers beyond 64 bits, which orjson refuses; JSON allows them
            try:
                raw = json.dumps(obj, allow_nan=False).encode("utf-8", "surrogatepass")
            except RecursionError:
                problem = Problem(
                    "",
                    "json",
                    Text(
                        "Posten er nestet for dybt.",
                        "The record is nested too deeply.",
                    ),
                )
                raise RecordValidationError(found_kind, [problem]) from None
            except (TypeError, ValueError) as exc:
                problem = Problem(
                    "", "type", Text(f"Kan ikke skrives som JSON: {exc}", f"Not JSON data: {exc}")
                )
                raise RecordValidationError(found_kind, [problem]) from None
    # a repeated member name is an error, never resolved silently (JSON text only: a mapping
    # cannot hold one)
    repeated = duplicate_key_problems(raw) if data is not obj and may_repeat_keys(raw, obj) else []
    record_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    try:
        record = cls.model_validate_json(raw, strict=True)
    except pydantic.ValidationError as exc:
        problems = [*repeated, *validation_error(found_kind, exc).problems]
        raise RecordValidationError(found_kind, problems, record_id=record_id) from None
    if repeated:
        raise RecordValidationError(found_kind, repeated, record_id=record_id)
    return record


def revalidate(record: Record) -> Record:
    """*record* validated again from its JSON, exactly as :func:`parse_record` validates
    external data (pydantic does not validate ``model_copy(update=...)``).  Returns the
    validated copy; raises :class:`~carekit.errors.RecordValidationError`."""
    return dump_validated(record)[0]


def dump_validated(record: Record) -> tuple[Record, bytes]:
    """``(validated copy, JSON document)`` of *record*; see :func:`revalidate`."""
    try:
        raw = record.__pydantic_serializer__.to_json(record, warnings=False)
    except pydantic_core.PydanticSerializationError:
        problem = Problem(
            "",
            "type",
            Text(
                "Posten indeholder en værdi, der ikke kan skrives som JSON.",
                "The record holds a value that cannot be written as JSON.",
            ),
        )
        raise RecordValidationError(record.kind, [problem], record_id=record.record_id) from None
    try:
        return record_type(record.kind).model_validate_json(raw, strict=True), raw
    except pydantic.ValidationError as exc:
        raise validation_error(record.kind, exc, record_id=record.record_id) from None
