"""carekit's dialect: the ``$schema`` of every published schema is carekit's meta-schema
(JSON Schema 2020-12 + format assertion + carekit's annotation vocabulary), published in
``schemas/meta/`` and generated with the other schema files."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from carekit.model import kinds
from carekit.schema import (
    ANNOTATION_VOCABULARY,
    BUNDLE_FILE,
    DIALECT,
    DIALECT_FILE,
    JSON_SCHEMA_2020_12,
    build_dialect,
    dumps_schema,
    published_dir,
    published_schema,
    schema_file_name,
)
from carekit.validate import sample_record
from carekit.validate._spec import DialectValidator

_FILES = [*(schema_file_name(kind) for kind in kinds()), BUNDLE_FILE]


def test_the_dialect_is_published_and_declares_format_assertion_and_the_annotations() -> None:
    path = published_dir() / DIALECT_FILE
    assert path.read_text(encoding="utf-8") == dumps_schema(build_dialect())
    dialect = json.loads(path.read_text(encoding="utf-8"))
    assert dialect["$id"] == DIALECT
    assert dialect["$schema"] == JSON_SCHEMA_2020_12
    vocabulary = dialect["$vocabulary"]
    assert vocabulary["https://json-schema.org/draft/2020-12/vocab/format-assertion"] is True
    assert "https://json-schema.org/draft/2020-12/vocab/format-annotation" not in vocabulary
    assert vocabulary[ANNOTATION_VOCABULARY] is False  # optional: may be ignored
    jsonschema.Draft202012Validator.check_schema(dialect)


@pytest.mark.parametrize("name", _FILES)
def test_every_published_schema_is_in_the_dialect_and_valid_against_it(name: str) -> None:
    schema = json.loads((published_dir() / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == DIALECT
    assert jsonschema.validators.validator_for(schema) is DialectValidator
    DialectValidator.check_schema(schema)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("x-label", {"da": "Borger"}),
        ("x-label", {"da": "Borger", "en": 1}),
        ("x-practices", "ST-1"),
        ("x-enumLabels", {"staff": "Medarbejder"}),
        ("x-references", ["citizen"]),
    ],
)
def test_the_dialect_refuses_a_malformed_annotation(keyword: str, value: object) -> None:
    schema = published_schema("safety_plan")
    schema["properties"]["citizen_id"][keyword] = value  # nested: the dialect applies throughout
    with pytest.raises(jsonschema.SchemaError):
        DialectValidator.check_schema(schema)


def test_python_jsonschema_in_the_dialect_asserts_formats_with_its_checker() -> None:
    schema = published_schema("citizen")
    validator = DialectValidator(schema, format_checker=DialectValidator.FORMAT_CHECKER)
    record = sample_record("citizen", seed=3)
    assert validator.is_valid(record)
    for field, bad in [("id", "{" + record["id"] + "}"), ("created_at", "2026-02-30T10:00:00Z")]:
        assert not validator.is_valid(copy.deepcopy(record) | {field: bad})
