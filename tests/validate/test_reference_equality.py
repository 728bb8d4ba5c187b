"""The engine's verdict equals JSON Schema 2020-12's (formats asserted, ECMA-262 patterns), as
python-jsonschema made exact by :func:`carekit.validate._spec.spec_validator` decides it."""

from __future__ import annotations

import copy
import functools
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from carekit.model import kinds
from carekit.schema import published_schema
from carekit.validate import sample_record
from carekit.validate._check import check_task
from carekit.validate._reader import Task
from carekit.validate._spec import spec_validator

TRICKY_STRINGS = [
    # dates
    "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "0000-01-01", "2024-1-01",
    "2024-01-01\n", "２０２４-01-01", "٢٠٢٤-01-01", "20240101", "2024-01-01T00:00:00Z",
    # date-times
    "2024-05-01T09:30:00+02:00", "2024-05-01T09:30:00", "2024-05-01t09:30:00z",
    "2024-05-01T09:30:00.123456Z", "2024-05-01T23:59:60Z", "2024-05-01T24:00:00Z",
    "2024-05-01T09:30:00+24:00", "2024-05-01T09:30:00Z\n", "2024-05-01 09:30:00Z",
    "2024-02-30T09:30:00Z", "0000-05-01T09:30:00Z", "2024-05-01T09:30Z", "2024-05-01T09:30:00+0200",
    "2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00", "2016-12-31T23:59:60+01:00",
    "0000-01-01T00:00:00Z", "0000-02-29",
    # uuids
    "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c", "3F2B8C1E-0A4D-4C2E-9B7A-1D2E3F4A5B6C",
    "3f2b8c1e0a4d4c2e9b7a1d2e3f4a5b6c", "{3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c}",
    "urn:uuid:3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c", "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c}",
    "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6", "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a_b6c",
    "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c\n", "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6 ",
    "+f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c", "3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b-6c",
    "00000000-0000-0000-0000-000000000000", " 3f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c",
    "0x2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c", "３f2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c",
    "3g2b8c1e-0a4d-4c2e-9b7a-1d2e3f4a5b6c",
    # e-mail, phone, CPR, schema version
    "anna@example.org", "anna@example", "an na@example.org", "anna\x1c@example.org",
    "anna\ufeff@example.org", "anna@exa\u3000mple.org", "anna@example.org\n",
    "anna\x85@example.org",
    "anna\u2028@example.org", "a@b@c.dk",
    "+45 12 34 56 78", "12", "123", "+4512345678901234567890", " 12345", "12345\n", "1\u00a0234",
    "010190-1234", "0101901234", "320190-1234", "011390-1234", "010190-1234\n", "010190 1234",
    "1.0", "1.10", "1.0\n", "1.0\r", "1.0\u2028", "2.0", "1.", "1.0.1", "1.٣",
    # plain text edge cases
    "", " ", "x", "\n", "a" * 10_001, "\U0001f600",
]  # fmt: skip

TRICKY_VALUES: list[Any] = [
    *TRICKY_STRINGS,
    None,
    0,
    1,
    -1,
    1.0,
    1.5,
    True,
    False,
    [],
    {},
    ["x"],
    {"a": 1},
]


@functools.cache
def reference(kind: str) -> Draft202012Validator:
    return spec_validator(published_schema(kind))


def engine_is_valid(kind: str, record: Any, *, forced: bool) -> bool:
    task = Task("t.ndjson", "items", items=((1, None, orjson.dumps(record)),))
    result = check_task(task, kind if forced else None)
    assert sum(counts[0] for counts in result.by_kind.values()) == 1
    errors = [f for f in result.findings if f.severity == "error"]
    return not errors


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found += paths(sub, (*prefix, i))
    return found


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
)  # fmt: skip


@st.composite
def mutated_records(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(kinds()))
    record = sample_record(kind, seed=draw(st.integers(0, 10_000)), full=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        record = copy.deepcopy(record)
        path = draw(st.sampled_from(paths(record)))
        target = get(record, path)
        operation = draw(st.sampled_from(["replace", "delete", "extra", "tricky"]))
        if operation == "delete" and path:
            parent = get(record, path[:-1])
            del parent[path[-1]]
        elif operation == "extra" and isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "x", "dk.vendor", "dk.vendor\n", "Kind"]))] = (
                draw(json_scalars)
            )
        elif path:
            parent = get(record, path[:-1])
            strategy = st.sampled_from(TRICKY_VALUES) if operation == "tricky" else json_scalars
            parent[path[-1]] = draw(strategy)
    return kind, record


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_records())
def test_engine_verdict_equals_the_specification(case: tuple[str, dict[str, Any]]) -> None:
    kind, record = case
    expected = reference(kind).is_valid(record)
    assert engine_is_valid(kind, record, forced=True) == expected


@pytest.mark.parametrize("value", TRICKY_STRINGS)
@pytest.mark.parametrize(
    "field",
    [
        ("citizen", ("id",)),  # uuid
        ("citizen", ("created_at",)),  # date-time
        ("dream", ("noticed_on",)),  # date
        ("citizen", ("schema_version",)),  # pattern with $
        ("citizen", ("cpr",)),  # CPR pattern
        ("network_member", ("phones", 0, "number")),  # phone pattern
        ("network_member", ("email",)),  # e-mail pattern with \\s
        ("citizen", ("extensions",)),  # patternProperties keys (value replaced by a string)
    ],
    ids=lambda f: f"{f[0]}:{'/'.join(map(str, f[1]))}",
)
def test_tricky_format_and_pattern_values_get_the_reference_verdict(
    field: tuple[str, tuple[Any, ...]], value: str
) -> None:
    kind, path = field
    record = sample_record(kind, seed=7)
    if path == ("extensions",):
        record["extensions"] = {
            value: "not an object"
        }  # a key matching the pattern must be an object
    elif path[0] == "phones":
        record["phones"] = [{"number": value}]
    else:
        record[path[0]] = value
    expected = reference(kind).is_valid(record)
    assert engine_is_valid(kind, record, forced=False) == expected


def test_tricky_values_exercise_both_verdicts() -> None:
    verdicts = set()
    for value in TRICKY_STRINGS:
        record = sample_record("citizen", seed=7)
        record["created_at"] = value
        verdicts.add(reference("citizen").is_valid(record))
    assert verdicts == {True, False}
