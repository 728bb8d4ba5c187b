"""Rejected records are detailed from the fast validator's errors; the exact validator runs only
where the fast one tightened a check the reference might still pass (issue #5)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carekit.validate._check as check_module
from carekit.validate import MAX_DEPTH, sample_record, validate_paths
from carekit.validate._check import _details, _exact_details
from carekit.validate._schemas import KindValidators, validators_for
from carekit.validate._spec import spec_validator

from .conftest import WriteLines, where
from .test_reference_equality import TRICKY_STRINGS, reference

# (kind, field): uuid, date-time, date, and the same formats inside anyOf (nullable fields)
FORMAT_FIELDS = [
    ("citizen", "id"),
    ("citizen", "created_at"),
    ("dream", "noticed_on"),
    ("citizen", "contact_person_id"),
    ("care_network", "next_meeting"),
    ("expectation_alignment", "held_at"),
]
OTHER_ERRORS: list[tuple[str, Any]] = [
    ("none", None),
    ("bad enum", ("kind", "status", "no-such-status")),
    ("missing field", ("drop", "created_at", None)),
    ("extra field", ("set", "unexpected_field", "x")),
    ("wrong type", ("set", "schema_version", 1)),
]


def _mutated(kind: str, field: str, value: str, other: Any, seed: int) -> dict[str, Any]:
    record = sample_record(kind, seed=seed)
    record[field] = value
    if other is not None:
        how, name, bad = other
        if how == "drop" and name != field:
            record.pop(name, None)
        elif how == "kind":
            if name in record:
                record[name] = bad
        elif how == "set":
            record[name] = bad
    return record


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(FORMAT_FIELDS),
    value=st.sampled_from(TRICKY_STRINGS),
    other=st.sampled_from(OTHER_ERRORS),
    seed=st.integers(0, 50),
)
def test_rejected_record_details_equal_the_exact_validators_and_the_reference_verdict(
    field: tuple[str, str], value: str, other: tuple[str, Any], seed: int
) -> None:
    kind, name = field
    record = _mutated(kind, name, value, other[1], seed)
    validators = validators_for(kind)
    details = _details(validators, record)
    assert details == _exact_details(validators, record)
    assert (not details) == reference(kind).is_valid(record)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"format": "date-time"}, "2016-12-31T23:59:60Z"),  # a leap second: RFC 3339 allows it
        ({"format": "date-time"}, "0000-01-01T00:00:00+01:00"),  # so is year 0000
        ({"format": "date"}, "0000-02-29"),
        ({"properties": {"at": {"format": "date-time"}}}, {"at": "2017-01-01T00:59:60+01:00"}),
    ],
)
def test_a_value_only_the_fast_check_rejects_is_no_error(
    schema: dict[str, Any], value: Any
) -> None:
    validators = KindValidators("x", schema)
    assert not validators.fast.is_valid(value)
    assert spec_validator(schema).is_valid(value)
    assert validators.is_valid(value)
    assert _details(validators, value) == []


def test_in_a_record_the_published_schema_refuses_what_the_model_cannot_hold() -> None:
    for value in ("2016-12-31T23:59:60Z", "0000-01-01T00:00:00Z"):
        record = sample_record("citizen", seed=3)
        record["created_at"] = value
        details = _details(validators_for("citizen"), record)
        assert [(keyword, path) for keyword, _, path in details] == [("pattern", ["created_at"])]
        assert not reference("citizen").is_valid(record)


def test_a_bad_date_time_is_one_format_error_not_a_format_and_a_pattern_error() -> None:
    record = sample_record("citizen", seed=3)
    record["created_at"] = "2024-05-01T09:30:00"  # no offset: both fast checks fail
    details = _details(validators_for("citizen"), record)
    assert [(keyword, path) for keyword, _, path in details] == [("format", ["created_at"])]
    assert "date-time" in details[0][1].en


def test_a_bad_uuid_is_reported_as_the_uuid_format_with_its_pointer() -> None:
    record = sample_record("citizen", seed=3)
    record["citizen_id"] = "not-a-uuid"
    details = _details(validators_for("citizen"), record)
    assert [(keyword, path) for keyword, _, path in details] == [("format", ["citizen_id"])]
    assert "UUID" in details[0][1].en
    assert "UUID" in details[0][1].da


@pytest.mark.parametrize(
    ("field", "value", "exact_needed"),
    [
        ("residence", "castle", False),  # bad enum: the fast errors are the reference's
        ("created_at", "2024-02-30T10:00:00+01:00", False),  # tightened, settled per value
        ("contact_person_id", 5, False),  # anyOf fails on types only
        ("contact_person_id", "3f2b8c1e0a4d4c2e9b7a1d2e3f4a5b6c", True),  # tightened in anyOf
    ],
)
def test_the_exact_validator_runs_only_for_a_tightened_check_inside_any_of(
    monkeypatch: pytest.MonkeyPatch, field: str, value: object, exact_needed: bool
) -> None:
    calls: list[object] = []

    def spy(validators: Any, record: Any) -> Any:
        calls.append(record)
        return _exact_details(validators, record)

    monkeypatch.setattr(check_module, "_exact_details", spy)
    record = sample_record("citizen", seed=5)
    record[field] = value
    validators = validators_for("citizen")
    details = check_module._details(validators, record)
    assert bool(calls) == exact_needed
    assert (not details) == reference("citizen").is_valid(record)


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_orjson_refuses_exactly_what_nests_deeper_than_max_depth(opener: bytes) -> None:
    closer = b"]" if opener == b"[" else b"}"
    orjson.loads(opener * MAX_DEPTH + b"1" + closer * MAX_DEPTH)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(opener * (MAX_DEPTH + 1) + b"1" + closer * (MAX_DEPTH + 1))


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        (b"[" * MAX_DEPTH + b"1" + b"]" * MAX_DEPTH, "not-object"),  # deep but allowed
        (b"[" * (MAX_DEPTH + 1) + b"1" + b"]" * (MAX_DEPTH + 1), "depth"),
        (b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), "depth"),
        (b"{x" + b"[" * (MAX_DEPTH + 1) + b" " * MAX_DEPTH, "depth"),  # malformed, then deep
        (b"[" * (MAX_DEPTH - 1) + b"x", "json"),  # malformed and not too deep
        (b" " * (3 * MAX_DEPTH), "json"),  # a long line of blanks is not a blank line
    ],
    ids=[
        "deepest-allowed",
        "too-deep-arrays",
        "too-deep-objects",
        "malformed-then-deep",
        "malformed",
        "long-blank",
    ],
)
def test_ndjson_lines_get_the_depth_finding_exactly_when_too_deep(
    write_lines: WriteLines, line: bytes, keyword: str
) -> None:
    path = write_lines([sample_record("citizen", seed=1), line, sample_record("citizen", seed=2)])
    report = validate_paths([str(path)])
    assert where(report.findings) == [(2, None, keyword)]
    assert report.records == 3
