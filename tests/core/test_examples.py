"""examples/ holds a valid record of every kind: valid by the models and by the schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from carekit.model import RECORD_TYPES, check_rules, parse_record
from carekit.schema import published_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def test_there_is_an_example_of_every_kind() -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in EXAMPLE_FILES}
    assert kinds == set(RECORD_TYPES)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_is_valid_by_model_schema_and_rules(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    schema = published_schema(data["kind"])
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(data)) == []
    record = parse_record(data)
    assert [f for f in check_rules(record) if f.severity == "error"] == []
    assert json.loads(record.model_dump_json()) == data  # round trip keeps every field


def _carekit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "carekit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_carekit_validate_examples_exits_0() -> None:
    result = _carekit("validate", str(EXAMPLES), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "0 duplicate ids" in result.stdout  # one record of each kind, each once


def test_an_example_without_a_required_field_exits_1_naming_its_pointer(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "safety_check_in.json").read_text(encoding="utf-8"))
    del data["asked_by"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = _carekit("validate", str(broken), "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "/asked_by" in result.stdout
    assert "Traceback" not in result.stderr
