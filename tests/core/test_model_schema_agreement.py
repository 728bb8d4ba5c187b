"""Property tests: the pydantic models and the published JSON Schemas agree.

* records generated from a schema (and valid by the reference validator) are accepted by the
  model;
* what the model accepts and writes back out is valid by the schema;
* mutated records (a required field removed, a wrong type, a value outside an enum, an
  unknown field) are rejected by both.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from carekit.errors import RecordValidationError
from carekit.model import RECORD_TYPES, parse_record
from carekit.schema import published_schema
from carekit.validate._spec import spec_validator

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
FORMATS = {"uuid": st.uuids().map(str)}


def _validator(kind: str) -> Draft202012Validator:
    return spec_validator(published_schema(kind))


def _schema_valid(kind: str, data: Any) -> bool:
    return bool(_validator(kind).is_valid(data))


def _model_valid(data: Any, kind: str | None = None) -> bool:
    try:
        parse_record(data, kind=kind)
    except RecordValidationError:
        return False
    return True


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_records_generated_from_the_schema_are_accepted_by_the_model(kind: str) -> None:
    @SETTINGS
    # hypothesis-jsonschema canonicalises the schema it is given in place: give it a copy
    @given(from_schema(copy.deepcopy(published_schema(kind)), custom_formats=FORMATS))
    def check(data: dict[str, Any]) -> None:
        # hypothesis-jsonschema does not know every format; the reference decides
        assume(_schema_valid(kind, data))
        record = parse_record(data)
        assert record.kind == kind
        # ... and what the model writes back out is valid by the schema again
        assert _schema_valid(kind, json.loads(record.model_dump_json()))

    check()


def _example(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    return data


def _mutations(kind: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    base = _example(kind)
    schema = published_schema(kind)
    required = list(schema["required"])
    props = list(base)

    def drop(name: str) -> tuple[str, dict[str, Any]]:
        data = copy.deepcopy(base)
        data.pop(name, None)
        return f"drop {name}", data

    def wrong_type(name: str, value: Any) -> tuple[str, dict[str, Any]]:
        data = copy.deepcopy(base)
        data[name] = value
        return f"{name}={value!r}", data

    def extra(name: str) -> tuple[str, dict[str, Any]]:
        data = copy.deepcopy(base)
        data[name] = "x"
        return f"extra {name}", data

    wrong_values = st.one_of(
        st.integers(), st.lists(st.integers(), max_size=2), st.just({"nested": True}), st.booleans()
    )
    return st.one_of(
        st.sampled_from(required).map(drop),
        st.tuples(st.sampled_from([p for p in props if p not in ("extensions",)]), wrong_values)
        .filter(lambda t: not isinstance(base[t[0]], type(t[1])) or isinstance(t[1], bool))
        .map(lambda t: wrong_type(*t)),
        st.text(alphabet="abcdefghij_", min_size=3, max_size=12)
        .filter(lambda n: n not in schema["properties"])
        .map(extra),
    )


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_mutated_records_are_rejected_by_both_model_and_schema(kind: str) -> None:
    @SETTINGS
    @given(_mutations(kind))
    def check(mutation: tuple[str, dict[str, Any]]) -> None:
        what, data = mutation
        schema_ok = _schema_valid(kind, data)
        assume(not schema_ok or what.startswith("extra"))
        assert not schema_ok, what
        assert not _model_valid(data), what

    check()


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_an_unknown_enum_value_is_rejected_by_both(kind: str) -> None:
    data = _example(kind)
    data["actor"]["kind"] = "robot"
    assert not _schema_valid(kind, data)
    assert not _model_valid(data)


def test_a_forced_kind_still_requires_the_kind_field() -> None:
    data = _example("citizen")
    del data["kind"]
    assert not _schema_valid("citizen", data)
    assert not _model_valid(data, kind="citizen")


def test_integers_beyond_64_bits_in_extensions_are_accepted_by_both() -> None:
    data = _example("routine")
    data["extensions"] = {"dk.acme": {"big": 2**70}}
    assert _schema_valid("routine", data)
    assert _model_valid(data)


def test_extension_keys_must_be_namespaced_for_both() -> None:
    data = _example("routine")
    data["extensions"] = {"acme": {"x": 1}}
    assert not _schema_valid("routine", data)
    assert not _model_valid(data)
