"""The shortcuts taken for speed give the same answers as the slow ways round."""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carekit.validate import Finding, _reader, sample_record, validate_paths
from carekit.validate._check import check_task
from carekit.validate._reader import BLOCK, Source, Task, read_tasks
from carekit.validate._schemas import _SURELY_VALID
from carekit.validate._spec import is_date_time, is_uuid

from .conftest import WriteLines
from .test_reference_equality import mutated_records, reference

BOM = b"\xef\xbb\xbf"


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
        assert is_uuid(text)


@given(
    st.from_regex(
        r"[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,6})?"
        r"([Zz]|[+-][0-2][0-9]:[0-6][0-9])\n?",
        fullmatch=True,
    )
)
def test_date_time_shortcut_only_accepts_what_the_reference_accepts(text: str) -> None:
    if _SURELY_VALID["date-time"](text):
        assert is_date_time(text)


def test_date_time_shortcut_leaves_late_days_and_leap_seconds_to_the_reference() -> None:
    shortcut = _SURELY_VALID["date-time"]
    assert shortcut("2024-05-01T09:30:00+02:00")
    for text in ("2024-02-29T09:30:00Z", "2024-05-31T09:30:00Z", "2024-05-01T23:59:60Z"):
        assert shortcut(text) is None


def _export(path: Path, records: int) -> list[dict[str, Any]]:
    rows = [sample_record("citizen", seed=i) for i in range(records)]
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return rows


def test_ranges_cover_the_file_and_end_after_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_reader, "RANGE_BYTES", 5000)
    path = tmp_path / "big.ndjson"
    _export(path, 60)
    data = BOM + path.read_bytes()
    path.write_bytes(data)
    tasks = [t for t in read_tasks(Source(str(path), path), by_reference=True) if t.mode == "range"]
    assert len(tasks) > 3
    assert all(task.data == b"" for task in tasks)
    assert tasks[0].offset == len(BOM)
    for before, after in itertools.pairwise(tasks):
        assert before.offset + before.length == after.offset
        assert data[after.offset - 1 : after.offset] == b"\n"
    assert tasks[-1].offset + tasks[-1].length == len(data)
    assert sum(task.consumed for task in tasks) == len(data)


_LINE_KINDS = st.sampled_from(
    ["valid", "invalid", "blank", "broken", "long", "duplicate", "array", "not-object"]
)


def _line(kind: str, n: int) -> bytes:
    record = sample_record("citizen", seed=n)
    if kind == "invalid":
        record["residence"] = "mars"
    elif kind == "duplicate":
        record = sample_record("citizen", seed=0)
    elif kind == "blank":
        return b"   "
    elif kind == "broken":
        return b'{"kind": "citizen", '
    elif kind == "long":
        return b'{"kind": "citizen", "notes": "' + b"x" * 3000 + b'"}'
    elif kind == "array":
        return b"[1, 2]"
    elif kind == "not-object":
        return b"42"
    return orjson.dumps(record)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_LINE_KINDS, min_size=1, max_size=40),
    st.booleans(),
    st.integers(min_value=300, max_value=4000),
)
def test_two_jobs_in_ranges_give_the_findings_and_line_numbers_of_one(
    kinds: list[str], terminated: bool, range_bytes: int
) -> None:
    """Workers number the lines of their own ranges; placed in the file they must say exactly
    what the parent says when it reads the same bytes as a stream (standard input): long lines,
    blank lines, a last line without a line break and duplicates across ranges included."""
    body = b"\n".join(_line(kind, n) for n, kind in enumerate(kinds, start=1))
    data = body + (b"\n" if terminated else b"")

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(data))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.ndjson"
        path.write_bytes(data)
        with mock.patch.object(_reader, "RANGE_BYTES", range_bytes):
            one = validate_paths([str(path)], max_record_bytes=2000)
            two = validate_paths([str(path)], jobs=2, max_record_bytes=2000)
        with mock.patch("sys.stdin", Stdin):
            streamed = validate_paths(["-"], max_record_bytes=2000)
    assert two.findings == one.findings
    assert [_where(f) for f in one.findings] == [_where(f) for f in streamed.findings]
    summaries = [r.summary_dict() | {"elapsed_seconds": 0, "files": []} for r in (one, two)]
    assert summaries[0] == summaries[1]
    streamed_summary = streamed.summary_dict() | {"elapsed_seconds": 0, "files": []}
    # the same per-file statistics, under the file's name and under <stdin>
    assert list(summaries[0].pop("by_file").values()) == list(
        streamed_summary.pop("by_file").values()
    )
    assert summaries[0] | {"bytes_read": 0} == streamed_summary | {"bytes_read": 0}


def _where(finding: Finding) -> tuple[object, ...]:
    """A finding without its file name (``<stdin>`` when streamed); messages naming the first
    place of a duplicate id name the file too, so they are compared by keyword only."""
    message = "" if finding.keyword == "duplicate-id" else finding.message.en
    return (finding.line, finding.index, finding.keyword, finding.pointer, message)


def test_gzip_and_stdin_are_never_read_by_reference(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "export.ndjson.gz"
    path.write_bytes(gzip.compress(orjson.dumps(sample_record("citizen", seed=1)) + b"\n"))
    tasks = list(read_tasks(Source(str(path), path), by_reference=True))
    assert all(task.path is None and task.mode != "range" for task in tasks)


def test_a_file_cut_short_while_its_start_is_read_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    _export(path, 20)
    shrunk = os.stat_result((0,) * 10)  # the size the file has when the ranges are cut
    with mock.patch.object(os, "fstat", return_value=shrunk):
        tasks = list(read_tasks(Source(str(path), path), by_reference=True))
    assert [task.mode for task in tasks] == ["items"]
    found = [note for note, _ in tasks[0].notes]
    assert [(f.keyword, f.line) for f in found] == [("read-error", 1)]
    assert "changed while it was being read" in found[0].message.en


def test_a_file_changed_after_reading_is_a_read_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    _export(path, 20)
    (task,) = read_tasks(Source(str(path), path), by_reference=True)
    assert task.mode == "range"
    path.write_bytes(orjson.dumps(sample_record("citizen", seed=1)) + b"\n")
    result = check_task(task)
    assert [(f.keyword, f.line) for f in result.findings] == [("read-error", 2)]
    assert "changed while it was being read" in result.findings[0].message.en
    assert result.by_kind["citizen"] == [1, 1, 0]  # what could be read was checked


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
