"""The published JSON Schemas: valid draft 2020-12, generated from the models, labelled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from carekit.lifecycle import WORKFLOWS
from carekit.model import RECORD_TYPES
from carekit.schema import (
    BUNDLE_FILE,
    DIALECT,
    build_all,
    build_schema,
    dumps_schema,
    published_dir,
    schema_file_name,
    schema_id,
)
from carekit.validate._spec import spec_validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
FILES = sorted(SCHEMAS.glob("*.json"))


def stale_files(directory: Path, generated: dict[str, dict[str, Any]]) -> list[str]:
    """The drift check: files in *directory* that differ from what the models generate."""
    names = {p.name for p in directory.glob("*.json")}
    stale = [
        n
        for n, s in generated.items()
        if not (directory / n).is_file()
        or (directory / n).read_text(encoding="utf-8") != dumps_schema(s)
    ]
    return sorted(stale + sorted(names - set(generated)))


def test_there_is_one_schema_file_per_kind_plus_the_bundle() -> None:
    expected = {schema_file_name(k) for k in RECORD_TYPES} | {BUNDLE_FILE}
    assert {p.name for p in FILES} == expected
    assert len(RECORD_TYPES) >= 12


def test_committed_schemas_equal_what_the_models_generate() -> None:
    assert stale_files(SCHEMAS, build_all()) == [], (
        "schemas/ is out of date: run `carekit schema export schemas` and commit"
    )


def test_drift_check_fails_when_a_model_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from carekit.model import Routine

    class ChangedRoutine(Routine):
        note: str | None = None  # a field the published schema lacks

    monkeypatch.setitem(RECORD_TYPES, "routine", ChangedRoutine)
    assert stale_files(SCHEMAS, build_all()) == [
        "carekit.bundle.schema.json",
        "routine.schema.json",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_schema_file_is_valid_against_the_2020_12_metaschema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == DIALECT
    Draft202012Validator.check_schema(schema)


def test_ids_are_stable_and_unique() -> None:
    ids = [json.loads(p.read_text(encoding="utf-8"))["$id"] for p in FILES]
    assert len(set(ids)) == len(ids)
    for kind in RECORD_TYPES:
        assert build_schema(kind)["$id"] == schema_id(kind)
        assert schema_id(kind) == f"https://schemas.carekit.dk/v1/{kind}.schema.json"


def test_published_dir_is_the_repository_schemas_in_a_checkout() -> None:
    assert published_dir().resolve() == SCHEMAS.resolve()


def _walk(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{path}/{name}", prop))
        for key, value in node.items():
            if key != "properties":
                found.extend(_walk(value, f"{path}/{key}"))
        for name, prop in node.get("properties", {}).items():
            found.extend(_walk(prop, f"{path}/{name}"))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found.extend(_walk(item, f"{path}/{i}"))
    return found


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_every_field_has_a_danish_and_english_label_and_a_description(kind: str) -> None:
    schema = build_schema(kind)
    assert schema["title"]
    assert schema["description"]
    assert set(schema["x-label"]) == {"da", "en"}
    for where, prop in _walk(schema):
        assert prop.get("x-label", {}).get("da"), f"{kind}{where}: no Danish label"
        assert prop.get("x-label", {}).get("en"), f"{kind}{where}: no English label"
        assert prop.get("description"), f"{kind}{where}: no description"


def _enums(node: Any) -> list[dict[str, Any]]:
    out = []
    if isinstance(node, dict):
        if "enum" in node and node.get("type") == "string":
            out.append(node)
        for value in node.values():
            out.extend(_enums(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(_enums(item))
    return out


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_every_enum_value_has_danish_and_english_labels(kind: str) -> None:
    for enum in _enums(build_schema(kind)):
        labels = enum.get("x-enumLabels", {})
        assert set(labels) == set(enum["enum"]), enum
        for value in enum["enum"]:
            assert labels[value]["da"]
            assert labels[value]["en"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_status_enums_in_the_schemas_come_from_the_workflow_tables(workflow: Any) -> None:
    status = build_schema(workflow.kind)["properties"]["status"]
    assert status["enum"] == list(workflow.state_names)
    assert status["x-workflow"] == workflow.name
    assert status["default"] == workflow.initial
    assert {k: v["da"] for k, v in status["x-enumLabels"].items()} == {
        s.name: s.label.da for s in workflow.states
    }


def test_kind_is_required_in_every_schema() -> None:
    for kind in RECORD_TYPES:
        schema = build_schema(kind)
        assert schema["required"][0] == "kind"
        assert schema["properties"]["kind"]["const"] == kind


def test_bundle_dispatches_on_kind_to_every_schema() -> None:
    bundle = json.loads((SCHEMAS / BUNDLE_FILE).read_text(encoding="utf-8"))
    assert set(bundle["$defs"]) == set(RECORD_TYPES)
    validator = spec_validator(bundle)
    assert not validator.is_valid({"kind": "no_such_kind"})
    assert not validator.is_valid({"kind": "citizen"})  # dispatches: citizen fields missing


def _keywords(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in (
                "properties",
                "$defs",
                "patternProperties",
                "x-enumLabels",
                "x-label",
                "default",
            ):
                found.add(key)
            found |= (
                _keywords(value) if key not in ("x-enumLabels", "x-label", "default") else set()
            )
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    return found


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_per_kind_schemas_use_only_anyof_as_combinator(kind: str) -> None:
    # carekit.validate details rejected records from jsonschema-rs errors and relies on this;
    # adding not/oneOf/if/contains means revisiting carekit/validate/_check.py first.
    used = _keywords(build_schema(kind))
    assert not used & {
        "not",
        "oneOf",
        "allOf",
        "if",
        "then",
        "else",
        "contains",
        "dependentSchemas",
        "unevaluatedProperties",
    }
