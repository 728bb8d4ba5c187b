"""Every kind of bad input is a finding with its line, and validation carries on."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import orjson
import pytest

from carekit.errors import UnknownKindError
from carekit.validate import (
    MAX_DEPTH,
    InputNotFoundError,
    iter_findings,
    sample_record,
    validate_paths,
)

from .conftest import WriteLines, citizen, where


def test_valid_ndjson_has_no_findings_and_counts_each_kind(write_lines: WriteLines) -> None:
    records = [
        sample_record(kind, seed=i) for i, kind in enumerate(["citizen", "dream", "consent"])
    ]
    report = validate_paths([str(write_lines(records))])
    assert report.ok
    assert report.findings == []
    assert (report.records, report.valid, report.invalid) == (3, 3, 0)
    assert {k: v.valid for k, v in report.by_kind.items()} == {
        "citizen": 1,
        "dream": 1,
        "consent": 1,
    }


def test_malformed_json_line_is_reported_on_its_line_and_the_rest_is_validated(
    write_lines: WriteLines,
) -> None:
    path = write_lines([citizen(1), b'{"kind": "citizen",, }', citizen(2, residence="mars")])
    findings = list(iter_findings([str(path)]))
    assert where(findings) == [(2, None, "json"), (3, None, "enum")]
    assert findings[1].pointer == "/residence"


def test_truncated_last_line_is_reported_as_truncated(write_lines: WriteLines) -> None:
    line = orjson.dumps(citizen(1))
    path = write_lines([citizen(2), line[: len(line) // 2]], end=b"")
    assert where(iter_findings([str(path)])) == [(2, None, "truncated")]


def test_bom_is_a_warning_and_the_file_is_still_validated(tmp_path: Path) -> None:
    path = tmp_path / "bom.ndjson"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + orjson.dumps(citizen(1))
        + b"\n"
        + orjson.dumps(citizen(2, actor=3))
        + b"\n"
    )
    report = validate_paths([str(path)])
    assert where(report.findings) == [(1, None, "bom"), (2, None, "type")]
    assert report.findings[0].severity == "warning"
    assert report.valid == 1


def test_latin1_export_is_reported_per_line_as_not_utf8(write_lines: WriteLines) -> None:
    latin1 = '{"kind": "citizen", "display_name": "Søren Ærø"}'.encode("latin-1")
    findings = list(iter_findings([str(write_lines([citizen(1), latin1]))]))
    assert where(findings) == [(2, None, "encoding")]
    assert "Latin-1" in findings[0].text("en")
    assert "UTF-8" in findings[0].text("en")
    assert "Latin-1" in findings[0].text("da")


def test_a_100_mb_line_is_reported_as_too_large_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.ndjson"
    with path.open("wb") as out:
        out.write(orjson.dumps(citizen(1)) + b"\n")
        out.write(b'{"kind": "citizen", "display_name": "')
        block = b"a" * (1 << 20)
        for _ in range(100):
            out.write(block)
        out.write(b'"}\n')
        out.write(orjson.dumps(citizen(2)) + b"\n")
    for jobs in (1, 2):  # two jobs: the range boundaries are searched through the long line
        report = validate_paths([str(path)], jobs=jobs)
        assert where(report.findings) == [(2, None, "too-large")]
        assert (report.records, report.valid, report.invalid) == (3, 2, 1)


def test_json_nested_10000_levels_is_reported_as_depth(write_lines: WriteLines) -> None:
    deep = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    findings = list(iter_findings([str(write_lines([deep, citizen(1)]))]))
    assert where(findings) == [(1, None, "depth")]
    assert str(MAX_DEPTH) in findings[0].text("en")


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.ndjson"
    path.write_bytes(b"")
    report = validate_paths([str(path)])
    assert where(report.findings) == [(1, None, "empty-file")]
    assert not report.ok


def test_unknown_kind_and_missing_kind_are_reported(write_lines: WriteLines) -> None:
    path = write_lines([{"kind": "spaceship", "id": "a"}, {"id": "b"}, citizen(1)])
    findings = list(iter_findings([str(path)]))
    assert where(findings) == [(1, None, "unknown-kind"), (2, None, "unknown-kind")]
    assert "citizen" in findings[0].text("en")


def test_a_record_that_is_not_an_object_is_reported(write_lines: WriteLines) -> None:
    assert where(iter_findings([str(write_lines([b"[1, 2]", b"42", citizen(1)]))])) == [
        (1, None, "not-object"),
        (2, None, "not-object"),
    ]


def test_duplicate_ids_are_warnings_naming_both_locations(write_lines: WriteLines) -> None:
    first = citizen(1)
    second = citizen(2, id=first["id"])
    path = write_lines([first, citizen(3), second])
    report = validate_paths([str(path)])
    assert where(report.findings) == [(3, None, "duplicate-id")]
    finding = report.findings[0]
    assert finding.severity == "warning"
    assert f"{path}:1" in finding.text("en")
    assert finding.location == f"{path}:3"
    assert report.ok  # warnings alone do not fail
    assert report.duplicates == 1


def test_duplicates_are_found_across_files(write_lines: WriteLines) -> None:
    record = citizen(1)
    a = write_lines([record], "a.ndjson")
    b = write_lines([citizen(2), record], "b.ndjson")
    findings = list(iter_findings([str(a), str(b)]))
    assert [(f.file, f.line, f.keyword) for f in findings] == [(str(b), 2, "duplicate-id")]


def test_json_array_elements_carry_line_and_index(tmp_path: Path) -> None:
    records = [citizen(1), citizen(2, residence="mars"), citizen(3)]
    text = (
        "[\n"
        + ",\n".join(orjson.dumps(r, option=orjson.OPT_INDENT_2).decode() for r in records)
        + "\n]\n"
    )
    path = tmp_path / "array.json"
    path.write_text(text, encoding="utf-8")
    findings = list(iter_findings([str(path)]))
    expected_line = text.splitlines().index('  "residence": "mars",') + 1
    assert len(findings) == 1
    assert findings[0].index == 1
    assert findings[0].keyword == "enum"
    # the element starts on the line of its "{"; the bad field is inside it
    assert findings[0].line < expected_line
    assert text.splitlines()[findings[0].line - 1].strip() == "{"


def test_json_array_with_tricky_strings_and_truncation(tmp_path: Path) -> None:
    tricky = citizen(1, display_name='a}],[{"\\" \n')
    path = tmp_path / "array.json"
    path.write_bytes(b"[" + orjson.dumps(tricky) + b", 7, " + orjson.dumps(citizen(2))[:40])
    findings = list(iter_findings([str(path)]))
    assert where(findings) == [(1, 1, "not-object"), (1, 2, "truncated")]


def test_single_pretty_printed_document(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_bytes(b"\n" + orjson.dumps(citizen(1, actor={}), option=orjson.OPT_INDENT_2))
    findings = list(iter_findings([str(path)]))
    assert {f.keyword for f in findings} == {"required"}
    assert {f.line for f in findings} == {2}
    assert {f.pointer for f in findings} == {"/actor/id", "/actor/kind"}


def test_gzip_is_detected_by_magic_bytes_not_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"  # no .gz suffix
    path.write_bytes(
        gzip.compress(orjson.dumps(citizen(1)) + b"\n" + orjson.dumps(citizen(2, actor=1)) + b"\n")
    )
    assert where(iter_findings([str(path)])) == [(2, None, "type")]


def test_directory_is_walked_recursively_for_json_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.jsonl").write_bytes(orjson.dumps(citizen(1)) + b"\n")
    (tmp_path / "sub" / "b.ndjson.gz").write_bytes(
        gzip.compress(orjson.dumps(citizen(2, actor=1)) + b"\n")
    )
    (tmp_path / "sub" / "c.json").write_bytes(b"[" + orjson.dumps(citizen(3)) + b"]")
    (tmp_path / "notes.txt").write_text("not an export")
    report = validate_paths([str(tmp_path)])
    assert report.files == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "sub" / "b.ndjson.gz"),
        str(tmp_path / "sub" / "c.json"),
    ]
    assert report.records == 3
    assert [(Path(f.file).name, f.line, f.keyword) for f in report.findings] == [
        ("notes.txt", 0, "skipped-file"),  # said, not silently left out (issue #21)
        ("b.ndjson.gz", 1, "type"),
    ]


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = orjson.dumps(citizen(1)) + b"\n" + orjson.dumps(citizen(2, residence=1)) + b"\n"

    class FakeStdin:
        buffer = io.BufferedReader(io.BytesIO(data))

    monkeypatch.setattr("sys.stdin", FakeStdin)
    findings = list(iter_findings(["-"]))
    assert {(f.file, f.line) for f in findings} == {("<stdin>", 2)}
    assert {f.keyword for f in findings} == {"type", "enum"}


def test_kind_option_forces_the_schema(write_lines: WriteLines) -> None:
    record = citizen(1)
    del record["kind"]
    path = write_lines([record, sample_record("dream", seed=1), citizen(2)])
    findings = list(iter_findings([str(path)], kind="citizen"))
    # without a kind field the record is still checked as a citizen (kind is required there)
    assert [(f.line, f.keyword, f.pointer) for f in findings if f.line == 1] == [
        (1, "required", "/kind")
    ]
    assert 2 in {f.line for f in findings}  # the dream is checked as a citizen and fails
    assert 3 not in {f.line for f in findings}
    assert all(f.kind == "citizen" for f in findings)


def test_max_errors_limits_findings_but_counts_all(write_lines: WriteLines) -> None:
    path = write_lines([citizen(i, residence="mars") for i in range(10)])
    report = validate_paths([str(path)], max_errors=3)
    assert len(report.findings) == 3
    assert report.truncated
    assert report.errors == 10
    assert report.invalid == 10
    assert report.by_keyword["enum"] == 10


def test_cpr_numbers_from_the_data_never_appear_in_messages(write_lines: WriteLines) -> None:
    path = write_lines(
        [citizen(1, cpr="3213901234"), citizen(2, display_name=1234567890, id="0101901234")]
    )
    report = validate_paths([str(path)])
    rendered = " ".join(
        f.text(lang) + str(f.record_id) for f in report.findings for lang in ("da", "en")
    )
    assert report.invalid == 2
    assert "3213901234" not in rendered
    assert "1234567890" not in rendered
    assert "0101901234" not in rendered


def test_missing_path_and_unknown_kind_raise_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError) as missing:
        iter_findings([str(tmp_path / "nope.ndjson")])
    assert missing.value.path.endswith("nope.ndjson")
    with pytest.raises(UnknownKindError):
        iter_findings([str(tmp_path)], kind="spaceship")


def test_two_jobs_give_the_same_findings_and_summary_as_one(write_lines: WriteLines) -> None:
    records: list[object] = []
    for i in range(3000):
        record = citizen(i)
        if i % 97 == 0:
            record["residence"] = "mars"
        records.append(record)
    records[1500] = b"{broken"
    path = write_lines(records)
    one = validate_paths([str(path)])
    two = validate_paths([str(path)], jobs=2)
    assert one.findings == two.findings
    assert one.summary_dict() | {"elapsed_seconds": 0} == two.summary_dict() | {
        "elapsed_seconds": 0
    }
