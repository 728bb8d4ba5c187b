"""Generate the published JSON Schemas (draft 2020-12) from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from carekit.model import RECORD_TYPES, SCHEMA_VERSION, record_type

__all__ = [
    "ANNOTATION_KEYWORDS",
    "ANNOTATION_VOCABULARY",
    "BASE_URI",
    "BUNDLE_FILE",
    "DIALECT",
    "DIALECT_FILE",
    "JSON_SCHEMA_2020_12",
    "MODEL_LIMITS",
    "build_all",
    "build_bundle",
    "build_dialect",
    "build_schema",
    "bundled_id",
    "dumps_schema",
    "export_schemas",
    "schema_file_name",
    "schema_id",
]

#: The standard JSON Schema 2020-12 meta-schema (``format`` only an annotation).
JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_MAJOR = SCHEMA_VERSION.split(".")[0]
#: Stable base of every ``$id``; the major version changes only on breaking changes.
BASE_URI = f"https://schemas.carekit.dk/v{_MAJOR}/"
BUNDLE_FILE = "carekit.bundle.schema.json"
#: carekit's dialect: JSON Schema 2020-12 with the format-assertion vocabulary and carekit's
#: annotation vocabulary; the ``$schema`` of every published schema (:func:`build_dialect`).
DIALECT = f"{BASE_URI}meta/carekit.schema.json"
#: Where the dialect's meta-schema is published, relative to ``schemas/``.
DIALECT_FILE = "meta/carekit.schema.json"
#: carekit's annotation vocabulary (never changes a verdict; optional: ``false`` in
#: ``$vocabulary``, so a validator that does not know it may ignore it).
ANNOTATION_VOCABULARY = f"{BASE_URI}vocab/annotations"
_LABEL = {
    "type": "object",
    "required": ["da", "en"],
    "properties": {"da": {"type": "string"}, "en": {"type": "string"}},
    "additionalProperties": False,
}
#: carekit's annotation keywords and the shape of their values.
ANNOTATION_KEYWORDS: dict[str, dict[str, Any]] = {
    "x-label": {"description": "Danish and English label of the record or field.", **_LABEL},
    "x-enumLabels": {
        "description": "Danish and English label of each enum value.",
        "type": "object",
        "additionalProperties": _LABEL,
    },
    "x-practices": {
        "description": "The practices (ST-n, DC-n) a record kind serves.",
        "type": "array",
        "items": {"type": "string"},
    },
    "x-schemaVersion": {"description": "carekit's schema version.", "type": "string"},
    "x-workflow": {"description": "The workflow of a status field.", "type": "string"},
    "x-references": {
        "description": "The kind of record a field names by its id.",
        "type": "string",
    },
}


#: A year other than 0000 (Python's ``date``/``datetime`` start at year 1).
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
#: What the model can hold of what the format allows, said in the schema itself so that every
#: validator gives the model's verdict: RFC 3339 allows year 0000 and a leap second (``:60``),
#: Python's ``datetime`` holds neither.  A prefix only: ``format`` checks the rest.
MODEL_LIMITS: dict[str, dict[str, str]] = {
    "date": {
        "pattern": f"^{_YEAR}-",
        "$comment": "RFC 3339 full-date from year 0001: carekit's model cannot hold year 0000.",
    },
    "date-time": {
        "pattern": f"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}[Tt][0-9]{{2}}:[0-9]{{2}}:[0-5][0-9]",
        "$comment": (
            "RFC 3339 date-time from year 0001 and without a leap second (:60): carekit's "
            "model cannot hold year 0000 or second 60."
        ),
    },
}


def _model_limits(node: Any) -> Any:
    """*node* with :data:`MODEL_LIMITS` beside every ``date``/``date-time`` format."""
    if isinstance(node, list):
        return [_model_limits(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: (value if key in ("const", "enum", "default", "examples") else _model_limits(value))
        for key, value in node.items()
    }
    name = out.get("format")
    limits = MODEL_LIMITS.get(name) if isinstance(name, str) else None
    if limits is not None and "pattern" not in out:
        out.update(limits)
    return out


def schema_file_name(kind: str) -> str:
    """The file name of *kind*'s schema: ``KIND.schema.json``."""
    return f"{kind}.schema.json"


def schema_id(kind: str) -> str:
    """The ``$id`` of *kind*'s published schema: its file name under :data:`BASE_URI`."""
    return BASE_URI + schema_file_name(kind)


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind, with ``$schema``, ``$id``, title and description."""
    cls = record_type(kind)
    body = cls.model_json_schema(mode="validation")
    head: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": schema_id(kind),
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().replace("\n    ", "\n"),
        "x-label": cls.LABEL.as_dict(),
        "x-practices": list(cls.PRACTICES),
        "x-schemaVersion": SCHEMA_VERSION,
    }
    body.pop("title", None)
    body.pop("description", None)
    # The kind names the schema that applies: required in data even though Python code may
    # leave it to its default.
    body["required"] = ["kind", *[name for name in body.get("required", []) if name != "kind"]]
    limited: dict[str, Any] = _model_limits(body)
    return head | limited


def build_dialect() -> dict[str, Any]:
    """The meta-schema of :data:`DIALECT`: 2020-12's vocabularies with ``format`` asserted
    (the format-assertion vocabulary instead of format-annotation) plus carekit's annotation
    vocabulary, whose meta-schema (embedded, with its own ``$id``) gives each keyword's shape."""
    vocab = "https://json-schema.org/draft/2020-12/vocab/"
    annotations_meta = f"{BASE_URI}meta/annotations.schema.json"
    return {
        "$schema": JSON_SCHEMA_2020_12,
        "$id": DIALECT,
        "$vocabulary": {
            vocab + "core": True,
            vocab + "applicator": True,
            vocab + "unevaluated": True,
            vocab + "validation": True,
            vocab + "meta-data": True,
            vocab + "format-assertion": True,
            vocab + "content": True,
            ANNOTATION_VOCABULARY: False,
        },
        "$dynamicAnchor": "meta",
        "title": "carekit dialect of JSON Schema 2020-12",
        "description": (
            "JSON Schema 2020-12 with format assertion (a uuid, date or date-time that is not "
            "one is invalid) and carekit's annotation keywords (x-label, x-enumLabels, "
            "x-practices, x-schemaVersion, x-workflow, x-references), which never change a "
            "verdict."
        ),
        "allOf": [{"$ref": JSON_SCHEMA_2020_12}, {"$ref": annotations_meta}],
        "$defs": {
            "annotations": {
                "$id": annotations_meta,
                "$dynamicAnchor": "meta",
                "title": "carekit annotation vocabulary meta-schema",
                # a schema is an object or a boolean (``additionalProperties: false``)
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "object", "properties": ANNOTATION_KEYWORDS},
                ],
            }
        },
    }


def bundled_id(kind: str) -> str:
    """The ``$id`` of *kind*'s schema inside the bundle: not the per-kind file's, so that the
    bundle and the per-kind files can be loaded into one validator (ajv refuses two schemas
    with one ``$id``)."""
    return f"{BASE_URI}bundle/{schema_file_name(kind)}"


def build_bundle() -> dict[str, Any]:
    """One schema for any carekit record: dispatches on ``kind`` to the per-kind schemas,
    which it embeds under ``$defs`` (a compound schema document) with their own ``$id``s
    (:func:`bundled_id`)."""
    all_kinds = list(RECORD_TYPES)
    return {
        "$schema": DIALECT,
        "$id": BASE_URI + BUNDLE_FILE,
        "title": "carekit record",
        "description": "Any carekit record; 'kind' selects the schema that applies.",
        "x-schemaVersion": SCHEMA_VERSION,
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": all_kinds}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": bundled_id(kind)},
            }
            for kind in all_kinds
        ],
        "$defs": {kind: build_schema(kind) | {"$id": bundled_id(kind)} for kind in all_kinds},
    }


def build_all() -> dict[str, dict[str, Any]]:
    """File name → schema, for every file published in ``schemas/``."""
    files = {schema_file_name(kind): build_schema(kind) for kind in RECORD_TYPES}
    files[BUNDLE_FILE] = build_bundle()
    files[DIALECT_FILE] = build_dialect()
    return files


def dumps_schema(schema: dict[str, Any]) -> str:
    """The canonical text of a schema file (stable, so that drift shows as a diff)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def export_schemas(directory: Path) -> list[Path]:
    """Write every schema file into *directory* (created if needed); returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build_all().items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)  # the dialect is in meta/
        path.write_text(dumps_schema(schema), encoding="utf-8")
        written.append(path)
    return written
