"""The shortcuts taken for speed give the same answers as the slow ways round."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from carekit.validate import sample_record, validate_paths
from carekit.validate._check import check_task
from carekit.validate._reader import BLOCK, Source, Task, read_tasks
from carekit.validate._schemas import _SURELY_VALID

from .conftest import WriteLines
from .test_reference_equality import mutated_records, reference

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_records(), min_size=1, max_size=12))
def test_ndjson_hot_loop_gives_each_line_the_reference_verdict(
    cases: list[tuple[str, dict[str, Any]]],
) -> None:
    data = b"".join(orjson.dumps(record) + b"\n" for _, record in cases)
    result = check_task(Task("t.ndjson", "lines", data=data))
    rejected = {f.line for f in result.findings if f.severity == "error"}
    for line, (kind, record) in enumerate(cases, start=1):
        expected = record.get("kind") == kind and reference(kind).is_valid(record)
        assert (line not in rejected) == expected, (line, record)


@given(
    st.from_regex(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
)
def test_uuid_shortcut_only_accepts_what_the_reference_accepts(text: str) -> None:
    if _SURELY_VALID["uuid"](text):
        assert FORMAT_CHECKER.conforms(text, "uuid")


@given(
    st.from_regex(
        r"[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,6})?"
        r"([Zz]|[+-][0-2][0-9]:[0-6][0-9])\n?",
        fullmatch=True,
    )
)
def test_date_time_shortcut_only_accepts_what_the_reference_accepts(text: str) -> None:
    if _SURELY_VALID["date-time"](text):
        assert FORMAT_CHECKER.conforms(text, "date-time")


def test_date_time_shortcut_leaves_late_days_and_leap_seconds_to_the_reference() -> None:
    shortcut = _SURELY_VALID["date-time"]
    assert shortcut("2024-05-01T09:30:00+02:00")
    for text in ("2024-02-29T09:30:00Z", "2024-05-31T09:30:00Z", "2024-05-01T23:59:60Z"):
        assert shortcut(text) is None


def _export(path: Path, records: int) -> list[dict[str, Any]]:
    rows = [sample_record("citizen", seed=i) for i in range(records)]
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return rows


def test_tasks_by_reference_carry_no_bytes_but_the_same_lines(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    _export(path, 3 * BLOCK // 600)
    source = Source(str(path), path)
    by_value = list(read_tasks(source))
    by_reference = list(read_tasks(source, by_reference=True))
    assert len(by_reference) == len(by_value) > 1
    for plain, referenced in zip(by_value, by_reference, strict=True):
        assert referenced.data == b""
        assert referenced.first_line == plain.first_line
        assert referenced.lines_data() == plain.data


def test_gzip_and_stdin_are_never_read_by_reference(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "export.ndjson.gz"
    path.write_bytes(gzip.compress(orjson.dumps(sample_record("citizen", seed=1)) + b"\n"))
    tasks = list(read_tasks(Source(str(path), path), by_reference=True))
    assert all(task.path is None for task in tasks)


def test_a_file_changed_after_reading_is_a_read_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    _export(path, 20)
    (task,) = read_tasks(Source(str(path), path), by_reference=True)
    path.write_bytes(b"{}\n")
    result = check_task(task)
    assert [(f.keyword, f.line) for f in result.findings] == [("read-error", 1)]
    assert "changed while it was being read" in result.findings[0].message.en


def test_duplicates_across_chunks_and_workers_name_the_first_location(
    write_lines: WriteLines,
) -> None:
    rows = [sample_record("citizen", seed=i) for i in range(3 * BLOCK // 600)]
    rows.append(dict(rows[0]))  # same id as line 1, several chunks later
    rows.append(dict(rows[0]))  # and again, in the same chunk as the previous one
    path = write_lines(rows)
    one = validate_paths([str(path)])
    two = validate_paths([str(path)], jobs=2)
    duplicates = [(f.line, f.message.en) for f in one.findings if f.keyword == "duplicate-id"]
    assert [line for line, _ in duplicates] == [len(rows) - 1, len(rows)]
    assert all(f"appears at {path}:1." in message for _, message in duplicates)
    assert [(f.line, f.message.en) for f in two.findings] == duplicates
    assert one.duplicates == two.duplicates == 2


def test_a_kind_that_is_a_list_or_object_is_an_unknown_kind_not_a_crash(
    write_lines: WriteLines,
) -> None:
    path = write_lines([{"kind": []}, {"kind": {"a": 1}}, {"kind": None}])
    report = validate_paths([str(path)])
    assert [(f.line, f.keyword) for f in report.findings] == [
        (1, "unknown-kind"),
        (2, "unknown-kind"),
        (3, "unknown-kind"),
    ]
