"""A repeated member name in one JSON object is an error with its pointer, in ``carekit
validate`` (every reader: NDJSON lines, byte ranges, array elements, one document) and in
``parse_record``; never resolved silently (RFC 8259 leaves the choice to the reader)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import RecordValidationError
from carekit.model import parse_record
from carekit.model._problems import duplicate_keys, may_repeat_keys
from carekit.validate import sample_record, validate_paths
from carekit.validate._check import check_task
from carekit.validate._reader import Task

from .conftest import WriteLines


def _with_repeats() -> bytes:
    """A safety plan that ends with ``"kind":"citizen"`` and whose actor repeats ``id``."""
    raw = orjson.dumps(sample_record("safety_plan", seed=2))
    return raw[:-1] + b',"actor":{"id":"a","kind":"staff","id":"b"},"kind":"citizen"}'


def test_parse_record_reports_each_repeated_name_at_its_pointer_in_both_languages() -> None:
    with pytest.raises(RecordValidationError) as caught:
        parse_record(_with_repeats())
    repeated = [p for p in caught.value.problems if p.keyword == "duplicate-key"]
    assert [p.pointer for p in repeated] == ["/actor", "/kind", "/actor/id"]
    assert "2 gange" in repeated[1].message.da
    assert "2 times" in repeated[1].message.en


def test_parse_record_refuses_a_repeat_even_when_both_values_are_valid() -> None:
    raw = orjson.dumps(sample_record("citizen", seed=2))
    record = parse_record(raw)
    again = raw[:-1] + b',"display_name":"Anna"}'
    with pytest.raises(RecordValidationError) as caught:
        parse_record(again)
    assert [(p.pointer, p.keyword) for p in caught.value.problems] == [
        ("/display_name", "duplicate-key")
    ]
    assert parse_record(record.model_dump()).record_id == record.record_id  # a mapping has none


@pytest.mark.parametrize("form", ["lines", "ranges", "array", "document"])
def test_carekit_validate_reports_repeats_in_every_form_of_input(tmp_path: Path, form: str) -> None:
    valid = orjson.dumps(sample_record("citizen", seed=1))
    bad = _with_repeats()
    path = tmp_path / "export.json"
    if form in ("lines", "ranges"):
        path.write_bytes(valid + b"\n" + bad + b"\n")
    elif form == "array":
        path.write_bytes(b"[\n" + valid + b",\n" + bad + b"\n]\n")
    else:
        pretty = json.dumps(json.loads(bad), indent=2).encode()  # json.loads keeps the last
        # the record's own kind, indented one level (a nested actor may be a citizen too)
        own = b'\n  "kind": "citizen"'
        path.write_bytes(pretty.replace(own, own + b',\n  "kind": "x"'))
    report = validate_paths([str(path)], jobs=2 if form == "ranges" else 1)
    found = [(f.pointer, f.keyword) for f in report.findings if f.keyword == "duplicate-key"]
    expected = [("/actor", "duplicate-key"), ("/kind", "duplicate-key"),
                ("/actor/id", "duplicate-key")]  # fmt: skip
    if form == "document":
        expected = [("/kind", "duplicate-key")]
    assert found == expected
    assert all(f.severity == "error" for f in report.findings if f.keyword == "duplicate-key")
    assert not report.ok


def test_a_record_valid_but_for_a_repeat_counts_as_invalid(write_lines: WriteLines) -> None:
    raw = orjson.dumps(sample_record("citizen", seed=2))
    path = write_lines([raw[:-1] + b',"display_name":"Anna"}'])
    report = validate_paths([str(path)])
    assert (report.records, report.valid, report.invalid) == (1, 0, 1)
    assert [f.pointer for f in report.findings] == ["/display_name"]


_names = st.sampled_from(["a", "b", "kind", "a b", 'q"', "q\\", ":", "\u00e6"])
_json = st.recursive(
    st.none() | st.integers() | st.text(alphabet='ab":\\ \u00e6', max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.lists(st.tuples(_names, inner), max_size=4)
    ),  # an object as its members, in order
    max_leaves=12,
)


def _write(value: object, spaced: bool) -> str:
    """*value* as JSON text, lists of pairs as objects (repeats kept), with or without spaces."""
    colon, comma = (" : ", " , ") if spaced else (":", ",")
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        members = (json.dumps(k) + colon + _write(v, spaced) for k, v in value)
        return "{" + comma.join(members) + "}"
    if isinstance(value, list):
        return "[" + comma.join(_write(v, spaced) for v in value) + "]"
    return json.dumps(value)


def _repeats(value: object) -> int:
    """Repeated names in *value* and in the values a last-wins reader keeps (what a repeat
    dropped is reported as its member, not again inside)."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        kept = dict(value)
        return len(value) - len(kept) + sum(_repeats(v) for v in kept.values())
    if isinstance(value, list):
        return sum(_repeats(v) for v in value)
    return 0


@given(_json, st.booleans())
def test_the_cheap_screen_never_misses_a_repeat_and_the_exact_check_finds_each(
    value: object, spaced: bool
) -> None:
    text = _write(value, spaced)
    raw = text.encode()
    found = duplicate_keys(raw)
    assert sum(times - 1 for _, _, times in found) == _repeats(value)
    if found:
        assert may_repeat_keys(raw, orjson.loads(raw))


@given(st.lists(st.tuples(_json, st.sampled_from(["compact", "spaced", "orjson"])), min_size=1))
def test_the_ndjson_hot_loop_reports_a_repeat_on_exactly_the_lines_that_have_one(
    values: list[tuple[object, str]],
) -> None:
    """A line orjson writes back byte for byte skips the quote-count screen (such a line has no
    repeat: orjson never writes one); every other line is screened, compact or spaced."""
    lines, expected = [], set()
    for number, (value, form) in enumerate(values, 1):
        text = _write(value, form == "spaced").encode()
        if form == "orjson":  # what a last-wins reader kept, as orjson writes it
            text = orjson.dumps(orjson.loads(text))
        elif _repeats(value):
            expected.add(number)
        lines.append(text)
    result = check_task(Task("x.ndjson", "lines", data=b"\n".join(lines) + b"\n"))
    assert {f.line for f in result.findings if f.keyword == "duplicate-key"} == expected


def test_a_repeat_beside_a_kind_that_is_not_a_string_is_reported_not_a_crash(
    write_lines: WriteLines,
) -> None:
    path = write_lines([b'{"a":1,"a":2,"kind":[]}', b'{"kind":{},"kind":{}}'])
    report = validate_paths([str(path)])
    assert [(f.line, f.pointer, f.keyword) for f in report.findings] == [
        (1, "/a", "duplicate-key"),
        (1, "/kind", "unknown-kind"),
        (2, "/kind", "duplicate-key"),
        (2, "/kind", "unknown-kind"),
    ]
