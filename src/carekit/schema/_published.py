"""The published schemas as shipped: ``schemas/`` in a checkout, ``carekit/_schemas`` in a wheel."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from carekit.errors import ConfigurationError, UnknownKindError
from carekit.i18n import Text
from carekit.model import RECORD_TYPES
from carekit.schema._generate import schema_file_name

__all__ = ["published_dir", "published_schema", "published_schemas"]


@functools.cache
def published_dir() -> Path:
    """Where the published schema files are."""
    package = Path(__file__).resolve().parent.parent
    candidates = [package / "_schemas", package.parent.parent / "schemas"]
    for candidate in candidates:
        if (candidate / schema_file_name("citizen")).is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise ConfigurationError(
        Text(
            f"De offentliggjorte JSON-skemaer blev ikke fundet (søgte i {looked}); "
            "geninstallér carekit.",
            f"The published JSON Schemas were not found (looked in {looked}); reinstall carekit.",
        )
    )


@functools.cache
def _load(kind: str) -> dict[str, Any]:
    path = published_dir() / schema_file_name(kind)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def published_schema(kind: str) -> dict[str, Any]:
    """The published schema of *kind* (a copy: callers may change it freely)."""
    if kind not in RECORD_TYPES:
        raise UnknownKindError(kind, RECORD_TYPES)
    return copy.deepcopy(_load(kind))


def published_schemas() -> dict[str, dict[str, Any]]:
    """Kind → published schema, for every kind (copies)."""
    return {kind: copy.deepcopy(_load(kind)) for kind in RECORD_TYPES}
