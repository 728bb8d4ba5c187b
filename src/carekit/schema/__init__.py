"""The published JSON Schemas: generated from the models, committed in ``schemas/``."""

from carekit.schema._generate import (
    ANNOTATION_KEYWORDS,
    ANNOTATION_VOCABULARY,
    BASE_URI,
    BUNDLE_FILE,
    DIALECT,
    DIALECT_FILE,
    JSON_SCHEMA_2020_12,
    MODEL_LIMITS,
    build_all,
    build_bundle,
    build_dialect,
    build_schema,
    dumps_schema,
    export_schemas,
    schema_file_name,
    schema_id,
)
from carekit.schema._published import published_dir, published_schema, published_schemas

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
    "dumps_schema",
    "export_schemas",
    "published_dir",
    "published_schema",
    "published_schemas",
    "schema_file_name",
    "schema_id",
]
