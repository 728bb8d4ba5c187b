"""``carekit validate``'s exit codes (0 valid, 1 invalid data, 2 usage, 3 internal error),
``--fail-on warning``, a record nested too deeply for the validators (a finding, not a crash)
and the SARIF 2.1.0 report."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from carekit.cli import validate as cli
from carekit.cli.validate import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, validate_command
from carekit.validate import sample_record, validate_paths

from .conftest import WriteLines, citizen


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(validate_command, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_fail_on_warning_makes_a_warning_exit_1(write_lines: WriteLines) -> None:
    record = citizen(1)
    path = str(write_lines([record, record]))  # a duplicate id: a warning
    assert run(path)[0] == EXIT_OK
    assert run(path, "--fail-on", "error")[0] == EXIT_OK
    assert run(path, "--fail-on", "warning")[0] == EXIT_INVALID
    assert run(str(write_lines([citizen(2)], name="ok.ndjson")), "--fail-on", "warning")[0] == 0


def test_an_internal_error_exits_3_without_traceback_or_data(
    write_lines: WriteLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("010190-1234")  # a bug whose text holds data

    monkeypatch.setattr(cli, "validate_paths", broken)
    code, out, err = run(str(write_lines([citizen(1)])))
    assert code == EXIT_INTERNAL
    assert "intern fejl i carekit (KeyError)" in err
    assert "010190" not in err + out
    assert "Traceback" not in err


@pytest.mark.parametrize("field", ["display_name", "extensions"])
def test_a_record_too_deep_for_the_validators_is_a_finding_never_a_crash(
    write_lines: WriteLines, field: str
) -> None:
    deep = b"[" * 1000 + b"]" * 1000  # within orjson's limit, beyond jsonschema-rs's
    record = orjson.dumps(citizen(1, residence="mars"))
    value = b'{"dk.a":{"x":' + deep + b"}}" if field == "extensions" else deep
    raw = record[:-1] + b',"' + field.encode() + b'":' + value + b"}"
    path = write_lines([raw, citizen(2)])
    assert run(str(path), "--lang", "en")[0] == EXIT_INVALID
    report = validate_paths([str(path)])
    assert (report.records, report.invalid) == (2, 1)
    keywords = {f.keyword for f in report.findings}  # the field is there twice, too
    assert keywords == {"duplicate-key", "depth" if field == "display_name" else "enum"}


def test_sarif_report_is_sarif_2_1_0_with_a_result_per_finding(write_lines: WriteLines) -> None:
    record = citizen(1)
    bad = citizen(2, residence="mars")
    path = write_lines([record, bad, record])
    code, out, _ = run(str(path), "--format", "sarif")
    assert code == EXIT_INVALID
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-schema-2.1.0.json")
    (only,) = sarif["runs"]
    assert only["tool"]["driver"]["name"] == "carekit validate"
    assert only["language"] == "da-DK"
    rules = [rule["id"] for rule in only["tool"]["driver"]["rules"]]
    results = only["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("enum", "error"),
        ("duplicate-id", "warning"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == str(path)
        assert physical["region"]["startLine"] >= 1
    assert results[0]["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "/residence", "kind": "member"}
    ]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert only["invocations"][0]["exitCode"] == 1


def test_sarif_in_english_says_so(tmp_path: Path) -> None:
    path = tmp_path / "one.ndjson"
    path.write_bytes(orjson.dumps(sample_record("dream", seed=1)) + b"\n")
    code, out, _ = run(str(path), "--format", "sarif", "--lang", "en")
    assert code == EXIT_OK
    run_ = json.loads(out)["runs"][0]
    assert run_["language"] == "en-US"
    assert run_["results"] == []
