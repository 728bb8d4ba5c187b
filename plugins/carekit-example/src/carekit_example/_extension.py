"""A vendor schema extension: ``record.extensions["dk.example"]`` on citizens.

Vendors keep their own data next to carekit's in ``extensions``, namespaced by a reverse
domain name.  carekit stores it as it is; with a :class:`~carekit.plugins.SchemaExtension`
it also checks it: data that does not match is an ``error`` finding at
``/extensions/dk.example/...`` and the record is not saved.
"""

from __future__ import annotations

from typing import Any, Final

from carekit.plugins import SchemaExtension

__all__ = ["NAMESPACE", "ROOM_NUMBER_EXTENSION", "ROOM_NUMBER_SCHEMA"]

NAMESPACE: Final = "dk.example"

#: The nursing-home room the citizen lives in (ST-9), e.g. ``"12"`` or ``"112B"``.
ROOM_NUMBER_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Example vendor data on a citizen",
    "type": "object",
    "properties": {
        "room_number": {
            "description": "Room number: 1-4 digits, optionally one capital letter (e.g. 112B).",
            "type": "string",
            "pattern": "^[0-9]{1,4}[A-Z]?$",
        },
    },
    "additionalProperties": False,
}

ROOM_NUMBER_EXTENSION: Final = SchemaExtension(
    namespace=NAMESPACE,
    schema=ROOM_NUMBER_SCHEMA,
    kinds=("citizen",),
    description="The citizen's room number in the nursing home",
)
