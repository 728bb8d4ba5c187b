"""Record kinds and parsing of external data into records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import orjson
import pydantic

from carekit.errors import Problem, RecordValidationError, UnknownKindError
from carekit.i18n import Text
from carekit.model._base import Record
from carekit.model.alignment import ExpectationAlignment
from carekit.model.citizen import Citizen, Consent
from carekit.model.dreams import Dream, Perspective
from carekit.model.home import HomeAgreement
from carekit.model.information import InformationRecord
from carekit.model.network import CareNetwork, NetworkMember
from carekit.model.safety import SafetyCheckIn, SafetyPlan
from carekit.model.stories import LearningStory
from carekit.model.trial import Routine, TrialAction
from carekit.privacy import mask_cpr_in_text

__all__ = ["RECORD_TYPES", "kinds", "parse_record", "record_type"]

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
    return tuple(RECORD_TYPES)


def record_type(kind: str) -> type[Record]:
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise UnknownKindError(kind, RECORD_TYPES) from None


def _pointer(loc: tuple[int | str, ...]) -> str:
    parts = []
    for part in loc:
        text = str(part).replace("~", "~0").replace("/", "~1")
        parts.append(text)
    return "/" + "/".join(parts) if parts else ""


_KEYWORD_BY_TYPE = {
    "missing": "required",
    "extra_forbidden": "additionalProperties",
    "literal_error": "enum",
    "enum": "enum",
    "string_pattern_mismatch": "pattern",
    "string_too_short": "minLength",
    "string_too_long": "maxLength",
    "too_short": "minItems",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
}


def _problem(error: Mapping[str, Any]) -> Problem:
    loc = tuple(error["loc"])
    # pydantic puts the union member / tagged branch into loc for nullable fields; drop it.
    loc = tuple(p for p in loc if p not in ("function-after[...]",))
    err_type = str(error["type"])
    pointer = _pointer(loc)
    keyword = _KEYWORD_BY_TYPE.get(err_type, "type" if err_type.endswith("_type") else err_type)
    msg_en = mask_cpr_in_text(str(error["msg"]))
    if err_type == "missing":
        name = pointer.rsplit("/", 1)[-1]
        da = f"Feltet '{name}' mangler. Tilføj det."
        en = f"The field '{name}' is missing. Add it."
    elif err_type == "extra_forbidden":
        name = pointer.rsplit("/", 1)[-1]
        da = (
            f"Feltet '{name}' kendes ikke. Fjern det, eller læg leverandørdata under "
            "'extensions' med et navnerum som 'dk.firma'."
        )
        en = (
            f"Unknown field '{name}'. Remove it, or put vendor data under 'extensions' "
            "with a namespace such as 'dk.acme'."
        )
    else:
        da = f"Ugyldig værdi: {msg_en}"
        en = f"Invalid value: {msg_en}"
    return Problem(pointer=pointer, keyword=keyword, message=Text(da, en))


def parse_record(data: Mapping[str, Any] | bytes | str, kind: str | None = None) -> Record:
    """Validate external data (JSON text, bytes or a JSON-like mapping) into a record.

    The record's kind is read from its ``kind`` field unless *kind* is given.  Validation is
    strict, with exactly the rules of the published JSON Schema; on failure a
    :class:`~carekit.errors.RecordValidationError` lists every problem with its JSON pointer.
    """
    if isinstance(data, (bytes, str)):
        raw = data.encode() if isinstance(data, str) else data
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            problem = Problem(
                "", "json", Text(f"Ikke gyldig JSON: {exc}", f"Not valid JSON: {exc}")
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
                raw = json.dumps(obj, allow_nan=False).encode()
            except (TypeError, ValueError) as exc:
                problem = Problem(
                    "", "type", Text(f"Kan ikke skrives som JSON: {exc}", f"Not JSON data: {exc}")
                )
                raise RecordValidationError(found_kind, [problem]) from None
    try:
        return cls.model_validate_json(raw, strict=True)
    except pydantic.ValidationError as exc:
        record_id = obj.get("id") if isinstance(obj.get("id"), str) else None
        problems = [_problem(e) for e in exc.errors(include_url=False, include_input=False)]
        raise RecordValidationError(found_kind, problems, record_id=record_id) from None
