"""Strict checks of incoming FHIR JSON that fhir.resources (pydantic, lax mode) lets through.

pydantic accepts ``"active": "yes"`` as ``True`` and ``"gender": "kvinde"`` as a code; FHIR
JSON does not.  :func:`strict_problems` walks the raw JSON beside the fhir.resources model and
reports

- a primitive of the wrong JSON type (a boolean that is a string, a number that is a string,
  a string that is a number),
- a code outside the required binding the model declares (``enum_values``; where the model
  lists only the first codes and ends with ``+``, the complete R4 value set from
  :data:`COMPLETE_BINDINGS` is used),
- nesting deeper than :data:`MAX_DEPTH` (checked before anything else, without recursion, by
  :func:`too_deep`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import typing
from collections.abc import Iterator, Mapping
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

__all__ = ["COMPLETE_BINDINGS", "MAX_DEPTH", "Problem", "strict_problems", "too_deep"]

#: Deepest JSON nesting an import reads (carekit's own exports nest at most ~12 levels).
MAX_DEPTH = 64

#: The required R4 value sets fhir.resources cuts short with ``+`` (for the resources an import
#: reads): (resource model, element) -> every code (FHIR R4 4.0.1 task-status,
#: observation-status, encounter-status).
COMPLETE_BINDINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Task", "status"): (
        "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
        "in-progress", "on-hold", "failed", "completed", "entered-in-error",
    ),
    ("Observation", "status"): (
        "registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown",
    ),
    ("Encounter", "status"): (
        "planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled",
        "entered-in-error", "unknown",
    ),
}  # fmt: skip

#: (FHIR path, code, Danish text, English text)
Problem = tuple[str, str, str, str]


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether *value* nests deeper than *limit* (iterative: never a ``RecursionError``)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, Mapping):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, is a list) of a field annotation."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Union or (origin is not None and type(None) in args):
            annotation = next(a for a in args if a is not type(None))
            continue
        if origin in (list, typing.List):  # noqa: UP006 - fhir.resources uses typing.List
            is_list = True
            annotation = args[0]
            continue
        if origin is typing.Annotated:
            annotation = args[0]
            continue
        return annotation, is_list


def _model_of(inner: Any) -> Any:
    """The fhir.resources model behind an ``abc.XxxType`` annotation, or None."""
    name = getattr(inner, "__name__", "")
    if not name.endswith("Type") or name == "Type":
        return None
    try:
        return get_fhir_model_class(name[: -len("Type")])
    except (ValueError, KeyError):
        return None


_TYPE_TEXT = {
    "boolean": ("en boolsk værdi (true/false)", "a boolean (true/false)"),
    "integer": ("et heltal", "an integer"),
    "decimal": ("et tal", "a number"),
    "string": ("en tekst", "a string"),
}


def _kind_of(inner: Any) -> str | None:
    if inner is bool:
        return "boolean"
    if inner is int:
        return "integer"
    if inner is decimal.Decimal or inner is float:
        return "decimal"
    if inner in (str, dt.date, dt.datetime, dt.time) or (
        isinstance(inner, type) and issubclass(inner, str)
    ):
        return "string"
    return None


def _json_ok(kind: str, value: Any) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "decimal":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def strict_problems(raw: Mapping[str, Any], model: Any, path: str) -> list[Problem]:
    """Every strictness problem of resource or element *raw* (of fhir.resources *model*)."""
    return list(_walk(raw, model, path))


def _walk(raw: Mapping[str, Any], model: Any, path: str) -> Iterator[Problem]:
    fields = {(f.alias or name): f for name, f in model.model_fields.items()}
    for key, value in raw.items():
        field = fields.get(key)
        if field is None or key.startswith("_"):
            continue  # unknown elements are fhir.resources' to report; _x are primitive ext.
        inner, is_list = _unwrap(field.annotation)
        items = list(enumerate(value)) if is_list and isinstance(value, list) else [(None, value)]
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        allowed = extra.get("enum_values")
        if isinstance(allowed, list) and "+" in allowed:
            complete = COMPLETE_BINDINGS.get((model.__name__, key))
            allowed = list(complete) if complete else allowed
        for index, item in items:
            where = f"{path}.{key}" + (f"[{index}]" if index is not None else "")
            kind = _kind_of(inner)
            if kind is not None:
                if not _json_ok(kind, item):
                    da, en = _TYPE_TEXT[kind]
                    yield (
                        where,
                        "type",
                        f"{key} skal være {da} i FHIR JSON, ikke {type(item).__name__}.",
                        f"{key} must be {en} in FHIR JSON, not {type(item).__name__}.",
                    )
                elif isinstance(allowed, list) and "+" not in allowed and item not in allowed:
                    yield (
                        where,
                        "code-invalid",
                        f"Koden '{item}' er ikke tilladt i {key} (bindingen er påkrævet): "
                        f"brug en af {', '.join(map(str, allowed))}.",
                        f"The code '{item}' is not allowed in {key} (required binding): use one "
                        f"of {', '.join(map(str, allowed))}.",
                    )
                continue
            if not isinstance(item, Mapping):
                continue
            sub = _model_of(inner)
            if sub is not None and sub.__name__ in ("Resource", "FHIRAbstractModel"):
                sub = None
            if sub is None or getattr(inner, "__name__", "") == "ResourceType":
                rtype = item.get("resourceType")
                try:
                    sub = get_fhir_model_class(str(rtype)) if rtype else None
                except (ValueError, KeyError):
                    sub = None
            if sub is not None:
                yield from _walk(item, sub, where)
