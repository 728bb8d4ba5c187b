"""pydantic's validation errors as carekit :class:`~carekit.errors.Problem` s, in Danish and
English: one JSON pointer, one JSON Schema keyword and one bilingual message per error.

pydantic's English messages are kept for English; Danish messages are carekit's own, built
from the error's type and context (never English text inside Danish output).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

import orjson
import pydantic

from carekit._pointer import json_pointer
from carekit.errors import Problem, RecordValidationError
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "duplicate_key_problems",
    "duplicate_keys",
    "json_error_reason",
    "may_repeat_keys",
    "problem_from_pydantic",
    "validation_error",
]


_KEYWORD_BY_TYPE = {
    "missing": "required",
    "extra_forbidden": "additionalProperties",
    "literal_error": "enum",
    "enum": "enum",
    "string_pattern_mismatch": "pattern",
    "string_too_short": "minLength",
    "string_too_long": "maxLength",
    "too_short": "minItems",
    "too_long": "maxItems",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
    "greater_than": "exclusiveMinimum",
    "less_than": "exclusiveMaximum",
    "uuid_parsing": "format",
    "date_parsing": "format",
    "datetime_parsing": "format",
    "int_from_float": "type",
    "duplicate_key": "duplicate-key",
}

#: Danish messages by pydantic error type; ``{…}`` are filled from the error's context.
_DANISH: dict[str, str] = {
    "string_type": "Skal være en tekst.",
    "string_too_short": "Skal have mindst {min_length} tegn.",
    "string_too_long": "Må højst have {max_length} tegn.",
    "string_pattern_mismatch": "Har ikke den rigtige form (mønster {pattern}).",
    "string_unicode": "Skal være gyldig Unicode-tekst.",
    "int_type": "Skal være et heltal.",
    "int_parsing": "Skal være et heltal.",
    "int_from_float": "Skal være et heltal uden decimaler.",
    "float_type": "Skal være et tal.",
    "float_parsing": "Skal være et tal.",
    "finite_number": "Skal være et endeligt tal.",
    "bool_type": "Skal være true eller false.",
    "bool_parsing": "Skal være true eller false.",
    "literal_error": "Skal være en af: {expected}.",
    "enum": "Skal være en af: {expected}.",
    "too_short": "Skal have mindst {min_length} element(er).",
    "too_long": "Må højst have {max_length} element(er).",
    "greater_than_equal": "Skal være mindst {ge}.",
    "less_than_equal": "Må højst være {le}.",
    "greater_than": "Skal være større end {gt}.",
    "less_than": "Skal være mindre end {lt}.",
    "uuid_type": "Skal være et UUID.",
    "uuid_parsing": "Skal være et UUID (fx 123e4567-e89b-12d3-a456-426614174000).",
    "uuid_version": "Skal være et UUID af en gyldig version.",
    "datetime_type": "Skal være et tidspunkt med tidszone (ISO 8601).",
    "datetime_parsing": "Skal være et tidspunkt med tidszone (ISO 8601), fx 2026-03-01T09:30Z.",
    "datetime_from_date_parsing": "Skal være et tidspunkt med tidszone (ISO 8601).",
    "timezone_aware": "Tidspunktet skal have en tidszone, fx +01:00 eller Z.",
    "date_type": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD), fx 2026-03-01.",
    "date_from_datetime_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD), fx 2026-03-01.",
    "date_from_datetime_inexact": "Skal være en dato uden klokkeslæt (ÅÅÅÅ-MM-DD).",
    "time_type": "Skal være et klokkeslæt (TT:MM).",
    "time_parsing": "Skal være et klokkeslæt (TT:MM).",
    "time_delta_type": "Skal være en varighed (ISO 8601, fx P1D).",
    "time_delta_parsing": "Skal være en varighed (ISO 8601, fx P1D).",
    "list_type": "Skal være en liste.",
    "tuple_type": "Skal være en liste.",
    "set_type": "Skal være en liste.",
    "dict_type": "Skal være et objekt.",
    "model_type": "Skal være et objekt.",
    "model_attributes_type": "Skal være et objekt.",
    "json_invalid": "Ikke gyldig JSON.",
    "json_type": "Ikke gyldig JSON.",
    "union_tag_invalid": "Typen {tag} kendes ikke; gyldige: {expected_tags}.",
    "union_tag_not_found": "Feltet {discriminator} mangler.",
    "is_instance_of": "Har en forkert type.",
    "none_required": "Skal være null.",
    "recursion_loop": "Data er for dybt indlejret.",
    "frozen_instance": "Posten kan ikke ændres; lav en ændret kopi.",
    "frozen_field": "Feltet kan ikke ændres.",
}


def _danish_or(listed: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``'a', 'b' eller 'c'`` (the last " or " only)."""
    head, sep, last = listed.rpartition(" or ")
    return f"{head} eller {last}" if sep else listed


def _danish(err_type: str, ctx: Mapping[str, Any] | None) -> str:
    template = _DANISH.get(err_type)
    if template is None:
        return "Ugyldig værdi."
    values = dict(ctx or {})
    for name in ("expected", "expected_tags"):
        if isinstance(values.get(name), str):  # pydantic's English list: "'a', 'b' or 'c'"
            values[name] = _danish_or(values[name])
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template.split(":")[0].rstrip(".") + "."


def problem_from_pydantic(error: Mapping[str, Any]) -> Problem:
    """One pydantic error (from ``ValidationError.errors()``) as a bilingual problem."""
    loc = tuple(p for p in error["loc"] if p not in ("function-after[...]",))
    err_type = str(error["type"])
    pointer = json_pointer(loc)
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
        da = "Ugyldig værdi: " + mask_cpr_in_text(_danish(err_type, error.get("ctx")))
        en = f"Invalid value: {msg_en}"
    return Problem(pointer=pointer, keyword=keyword, message=Text(da, en))


def validation_error(
    kind: str | None, exc: pydantic.ValidationError, record_id: str | None = None
) -> RecordValidationError:
    """*exc* as a :class:`~carekit.errors.RecordValidationError` (input values not shown)."""
    problems = [
        problem_from_pydantic(e) for e in exc.errors(include_url=False, include_input=False)
    ]
    return RecordValidationError(kind, problems, record_id=record_id)


# -- repeated member names -------------------------------------------------------------------
#
# RFC 8259 says the names in an object SHOULD be unique and leaves what a reader does with a
# repeated one open: orjson, Python's json and most JavaScript readers keep the last value, some
# keep the first.  carekit refuses such a record (an error with the pointer of the repeated
# member), so no two readers can see different records in the same bytes.


def may_repeat_keys(raw: bytes, parsed: Any) -> bool:
    """Whether the JSON text *raw* (parsed into *parsed* by a last-wins reader) can have a
    repeated member name: a cheap screen, never a false "no".

    A quote in JSON text is a string's start or end, or inside a string written ``\\"`` or
    ``\\u0022``.  orjson writes *parsed* back with the same strings, each inner quote as
    ``\\"``, less the members a repeat dropped (each at least its name's two quotes).  So
    unless *raw* has ``\\u0022`` (then: maybe), equal counts of ``"`` mean nothing was
    dropped.
    """
    if b"\\u0022" in raw:
        return True
    try:
        written = orjson.dumps(parsed)
    except TypeError:  # nested deeper than orjson writes (255): ask the exact check
        return True
    return raw.count(b'"') != written.count(b'"')


def duplicate_keys(raw: bytes | str) -> list[tuple[tuple[str | int, ...], str, int]]:
    """Every repeated member name in the JSON text *raw*: ``(path of the object, name, how
        many times)``, outermost first.  Inside a value a repeat dropped nothing more is reported
    (the repeated member is).  *raw* must be valid JSON nested at most ~4000 levels (a deeper
        text is reported as having none; carekit's readers refuse beyond 1024 first)."""
    marked: dict[int, tuple[dict[str, Any], list[tuple[str, int]]]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            counts: dict[str, int] = {}
            for name, _ in items:
                counts[name] = counts.get(name, 0) + 1
            marked[id(obj)] = (obj, [(n, c) for n, c in counts.items() if c > 1])
        return obj

    try:
        tree = _read_pairs(raw, pairs)
    except (RecursionError, ValueError):
        return []
    if not marked:
        return []
    found: list[tuple[tuple[str | int, ...], str, int]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            hit = marked.get(id(node))
            if hit is not None and hit[0] is node:
                found += [(path, name, times) for name, times in hit[1]]
            stack += [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [((*path, i), value) for i, value in enumerate(node)]
    found.sort(key=lambda hit: (len(hit[0]), [str(p) for p in hit[0]], hit[1]))
    return found


def _read_pairs(raw: bytes | str, pairs: Any) -> Any:
    """``json.loads`` with *pairs* as ``object_pairs_hook``; a text nested deeper than Python's
    recursion limit allows (orjson reads up to 1024 levels) is read again with room for
    :data:`_MAX_NESTING` levels."""
    try:
        return json.loads(raw, object_pairs_hook=pairs)
    except RecursionError:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _MAX_NESTING))
        try:
            return json.loads(raw, object_pairs_hook=pairs)
        finally:
            sys.setrecursionlimit(limit)


_MAX_NESTING = 4 * 1024


def duplicate_key_problems(raw: bytes | str) -> list[Problem]:
    """:func:`duplicate_keys` as bilingual problems, each at the pointer of the repeated
    member (keyword ``duplicate-key``)."""
    problems = []
    for path, name, times in duplicate_keys(raw):
        shown = mask_cpr_in_text(name[:80])
        problems.append(
            Problem(
                pointer=json_pointer((*path, name)),
                keyword="duplicate-key",
                message=Text(
                    f"Feltet '{shown}' står {times} gange i samme objekt. Et felt må kun stå én "
                    "gang: læsere vælger forskellige af værdierne. Behold én.",
                    f"The member '{shown}' appears {times} times in one object. A name may "
                    "appear only once: readers pick different values. Keep one.",
                ),
            )
        )
    return problems


# -- the JSON reader's messages in Danish -----------------------------------------------------

#: orjson's messages (their start) in Danish.
_JSON_REASONS_DA = (
    ("invalid literal", "et ukendt ord; kun true, false og null står uden anførselstegn"),
    ("unexpected character, expected a JSON value", "der mangler en værdi"),
    ("unexpected character, expected a string key", "et feltnavn skal stå i anførselstegn"),
    ("unexpected character, expected ':'", "der mangler et kolon efter feltnavnet"),
    ("unexpected character, expected ','", "der mangler et komma eller en afslutning"),
    ("unexpected end of data", "teksten slutter, før JSON-værdien er afsluttet"),
    ("unexpected content after document", "der står mere efter JSON-værdien"),
    ("unexpected control character", "et kontroltegn (fx tabulator) i en tekst skal escapes"),
    ("invalid escaped sequence", "en ugyldig escape-sekvens (\\) i en tekst"),
    ("number with leading zero", "et tal må ikke starte med 0"),
    ("no digit after sign", "et tal mangler cifre efter fortegnet"),
    ("trailing comma", "et komma før afslutningen er ikke tilladt"),
    ("no low surrogate", "et ufuldstændigt Unicode-escape (surrogat)"),
    ("lone leading surrogate", "et ufuldstændigt Unicode-escape (surrogat)"),
    ("str is not valid UTF-8", "teksten er ikke gyldig UTF-8"),
)


def json_error_reason(error: ValueError) -> Text:
    """Why the JSON reader refused a text, in Danish and English, with where (line, column):
    English is the reader's own message, Danish carekit's translation of it."""
    english = mask_cpr_in_text(str(error))
    message = str(getattr(error, "msg", english))
    danish = next(
        (da for start, da in _JSON_REASONS_DA if message.startswith(start)), "en syntaksfejl"
    )
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        danish += f": linje {line}, kolonne {column}"
    return Text(danish, english)
