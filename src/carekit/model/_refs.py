"""References between records, declared on the model fields (``x-references`` in the
published JSON Schema) and found in a record by :func:`references`.

A reference names another record by id.  The store refuses a write whose references name no
stored record, a record of another kind, or a record about another citizen (see
``carekit.store`` and docs/write-contract.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import attrs
from pydantic import BaseModel

__all__ = ["Reference", "references"]

#: The JSON Schema annotation naming the kind of record a field refers to.
REFERENCES_KEYWORD = "x-references"


@attrs.frozen
class Reference:
    """``pointer`` (RFC 6901, into the record) names record ``target_id`` of kind
    ``target_kind``."""

    pointer: str
    target_kind: str
    target_id: str


def _target(info: Any) -> str | None:
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        value = extra.get(REFERENCES_KEYWORD)
        return value if isinstance(value, str) else None
    return None


def _walk(model: BaseModel, pointer: str) -> Iterator[Reference]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = f"{pointer}/{name}"
        target = _target(info)
        if target is not None:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield Reference(f"{here}/{i}", target, str(item))
            elif isinstance(value, uuid.UUID | str):
                yield Reference(here, target, str(value))
        elif isinstance(value, BaseModel):
            yield from _walk(value, here)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                yield from _walk(item, f"{here}/{i}")


def references(record: BaseModel) -> list[Reference]:
    """Every reference to another record in *record*, nested models included."""
    return list(_walk(record, ""))
