"""Issue #21, the report a municipality can act on: one test per fix."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from carekit.errors import RecordValidationError
from carekit.model import parse_record
from carekit.validate import iter_findings, render, sample_record, validate_paths
from carekit.validate._check import _details, _exact_details
from carekit.validate._schemas import validators_for

from .conftest import WriteLines, citizen


def _plan_with_agreement(**changes: object) -> dict[str, object]:
    record = sample_record("safety_plan", seed=1, full=True)
    record["agreement"] = {**record["agreement"], **changes}
    return record


def test_an_error_inside_a_nullable_object_is_reported_at_the_field_not_the_parent() -> None:
    record = _plan_with_agreement(agreed_at=5)
    details = _details(validators_for("safety_plan"), record)
    assert details == _exact_details(validators_for("safety_plan"), record)
    assert [(keyword, path) for keyword, _, path in details] == [
        ("type", ["agreement", "agreed_at"])
    ]
    message = details[0][1]
    assert "expected: string." in message.en
    assert "null" not in message.en  # agreed_at may not be null; only the agreement may


def test_a_bad_date_time_inside_a_nullable_object_is_a_format_error_at_its_field() -> None:
    details = _details(validators_for("safety_plan"), _plan_with_agreement(agreed_at="nope"))
    assert [(keyword, path) for keyword, _, path in details] == [
        ("format", ["agreement", "agreed_at"])
    ]


def test_a_leap_second_says_carekit_cannot_store_it_in_danish_and_english() -> None:
    record = sample_record("citizen", seed=3)
    record["created_at"] = "2016-12-31T23:59:60Z"
    [(keyword, message, path)] = _details(validators_for("citizen"), record)
    assert (keyword, path) == ("pattern", ["created_at"])
    assert "skudsekund" in message.da
    assert "leap second" in message.en
    assert "[0-9]" not in message.da  # no regular expression for the reader to decode


def test_danish_counts_are_singular_for_one(write_lines: WriteLines) -> None:
    path = write_lines([{**citizen(1), "id": "not-a-uuid"}])
    report = validate_paths([str(path)])
    text = render(report, "text", "da")
    summary = next(line for line in text.splitlines() if line.startswith("Opsummering"))
    assert "1 post," in summary
    assert "0 gyldige" in summary
    assert "1 ugyldig," in summary
    assert "1 fejl" in summary
    assert "0 advarsler" in summary
    assert "citizen: 1 post, 0 gyldige, 1 ugyldig" in text
    english = render(report, "text", "en")
    assert "1 record, 0 valid, 1 invalid, 1 error, 0 warnings" in english


def test_severities_are_in_the_readers_language(write_lines: WriteLines) -> None:
    path = write_lines([{**citizen(1), "id": "not-a-uuid"}])
    report = validate_paths([str(path)])
    text = render(report, "text", "da")
    assert re.search(r"^  fejl /id \[format\]", text, flags=re.MULTILINE)
    assert " error " not in text
    html = render(report, "html", "da")
    assert "<td>fejl</td>" in html
    assert "<td>error</td>" not in html


def test_junit_totals_are_the_sums_of_the_suites(write_lines: WriteLines) -> None:
    first = write_lines([citizen(1), {**citizen(2), "id": "x"}], name="a.ndjson")
    second = write_lines([citizen(3), citizen(4), {**citizen(5), "id": "y"}], name="b.ndjson")
    report = validate_paths([str(first), str(second)])
    root = ET.fromstring(render(report, "junit", "en").split("\n", 1)[1])
    suites = root.findall("testsuite")
    assert len(suites) == 2
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites)
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites) == 2
    for suite in suites:  # and each suite counts its own test cases
        assert int(suite.get("tests", "")) == len(suite.findall("testcase"))


def test_html_findings_table_fits_the_page_and_wraps_the_fix_text(
    write_lines: WriteLines,
) -> None:
    path = write_lines([{**citizen(1), "id": "not-a-uuid", "extensions": {"Bad Key": {}}}])
    html = render(validate_paths([str(path)]), "html", "da")
    assert "table.findings{table-layout:fixed;width:100%}" in html
    assert "overflow-wrap:anywhere" in html
    assert '<table class="findings">' in html


def test_the_latin1_hint_says_character_set_in_danish(write_lines: WriteLines) -> None:
    latin1 = '{"kind": "citizen", "display_name": "Søren Ærø"}'.encode("latin-1")
    [finding] = list(iter_findings([str(write_lines([latin1]))]))
    assert "ældre tegnsæt)" in finding.text("da")
    assert "tegnsætning" not in finding.text("da")


def test_empty_input_is_one_empty_file_error_in_every_form(write_lines: WriteLines) -> None:
    import gzip

    forms = {
        "empty.ndjson": b"",
        "blank.ndjson": b"\n\n  \n",
        "array.json": b"[]",
        "spaced-array.json": b"  [ \n ]\n",
        "empty.ndjson.gz": gzip.compress(b""),
        "array.json.gz": gzip.compress(b"[]"),
    }
    for name, data in forms.items():
        path = write_lines([], name=name)
        path.write_bytes(data)
        report = validate_paths([str(path)])
        assert [(f.keyword, f.severity) for f in report.findings] == [("empty-file", "error")], name
        assert not report.ok, name
        assert report.records == 0, name


def test_an_encoding_problem_is_one_finding_per_file_with_every_line_counted(
    write_lines: WriteLines,
) -> None:
    latin1 = '{"kind": "citizen", "display_name": "Søren Ærø"}'.encode("latin-1")
    first = write_lines([citizen(1), *[latin1] * 500], name="a.ndjson")
    second = write_lines([latin1, citizen(2), latin1], name="b.ndjson")
    for jobs in (1, 2):
        report = validate_paths([str(first), str(second)], jobs=jobs)
        shown = [(f.file, f.line) for f in report.findings if f.keyword == "encoding"]
        assert shown == [(str(first), 2), (str(second), 1)]
        assert report.by_keyword["encoding"] == 502  # every line is counted
        assert report.invalid == 502
        assert report.errors == 502
        assert "opsummeringen tæller dem alle" in report.findings[0].text("da")


def test_the_encoding_guess_names_utf16_windows1252_and_latin1(write_lines: WriteLines) -> None:
    record = '{"kind": "citizen", "display_name": "Søren’s “plan”"}'
    cases = {
        "utf16.ndjson": ("\ufeff" + record + "\n").encode("utf-16-le"),
        "utf16-no-bom.ndjson": (record + "\n").encode("utf-16-le"),
        "cp1252.ndjson": (record + "\n").encode("cp1252"),
        "latin1.ndjson": ('{"kind": "citizen", "display_name": "Søren"}\n').encode("latin-1"),
    }
    expected = {
        "utf16.ndjson": "UTF-16",
        "utf16-no-bom.ndjson": "UTF-16",
        "cp1252.ndjson": "Windows-1252",
        "latin1.ndjson": "Latin-1",
    }
    for name, data in cases.items():
        path = write_lines([], name=name)
        path.write_bytes(data)
        report = validate_paths([str(path)])
        encoding = [f for f in report.findings if f.keyword == "encoding"]
        assert len(encoding) == 1, name
        assert expected[name] in encoding[0].text("en"), name
        assert expected[name] in encoding[0].text("da"), name
        others = {"UTF-16", "Windows-1252", "Latin-1"} - {expected[name]}
        assert not any(other in encoding[0].text("en") for other in others), name


def test_a_directory_walk_reads_gz_exports_and_says_what_it_skipped(
    write_lines: WriteLines,
) -> None:
    import gzip

    plain = write_lines([citizen(1)], name="a.ndjson")
    folder = plain.parent
    for name in ("b.ndjson.gz", "c.jsonl.gz", "d.json.gz"):
        (folder / name).write_bytes(gzip.compress(orjson_line(citizen(len(name)))))
    (folder / "e.csv").write_text("id;kind\n", encoding="utf-8")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    report = validate_paths([str(folder)])
    assert report.records == 4
    assert report.ok  # a skipped file is a warning, not an error
    skipped = [(Path(f.file).name, f.severity) for f in report.findings]
    assert skipped == [("e.csv", "warning"), ("notes.txt", "warning")]
    assert report.by_keyword["skipped-file"] == 2
    assert ".ndjson" in report.findings[0].text("da")


def orjson_line(record: dict[str, object]) -> bytes:
    import orjson

    return orjson.dumps(record) + b"\n"


def test_the_summary_has_per_file_statistics(write_lines: WriteLines) -> None:
    import json

    first = write_lines([citizen(1), {**citizen(2), "id": "x"}], name="a.ndjson")
    second = write_lines([citizen(3), citizen(4), citizen(5)], name="b.ndjson")
    report = validate_paths([str(first), str(second)])
    assert (report.by_file[str(first)].records, report.by_file[str(first)].invalid) == (2, 1)
    assert (report.by_file[str(second)].records, report.by_file[str(second)].invalid) == (3, 0)
    assert report.by_file_keyword[str(first)] == {"format": 1}
    text = render(report, "text", "da")
    assert f"  {first}: 2 poster, 1 ugyldig (format: 1)" in text
    assert f"  {second}: 3 poster, 0 ugyldige" in text
    summary = json.loads(render(report, "json", "en"))["summary"]["by_file"]
    assert summary[str(first)] == {
        "records": 2,
        "valid": 1,
        "invalid": 1,
        "by_keyword": {"format": 1},
    }
    html = render(report, "html", "da")
    assert f"<td>{second}</td><td>3</td><td>3</td><td>0</td>" in html


def test_an_unexpected_key_with_a_final_newline_is_shown_escaped() -> None:
    record = sample_record("citizen", seed=3)
    record["extensions"] = {"dk.acme\n": {}}
    [(keyword, message, path)] = _details(validators_for("citizen"), record)
    assert (keyword, path) == ("additionalProperties", ["extensions"])
    assert "'dk.acme\\n'" in message.en
    assert "\n" not in message.da


def test_json_syntax_errors_and_type_names_are_danish_in_danish(write_lines: WriteLines) -> None:
    path = write_lines([b'{"kind": "citizen", "x": tru}', {**citizen(1), "id": 5}])
    report = validate_paths([str(path)])
    danish = render(report, "text", "da")
    assert "et ukendt ord; kun true, false og null står uden anførselstegn: linje 1, kolonne" in (
        danish
    )
    assert "invalid literal" not in danish
    assert "forventet: tekst." in danish
    assert "string" not in danish
    english = render(report, "text", "en")
    assert "invalid literal, expected 'true'" in english
    assert "expected: string." in english


def test_parse_record_says_why_json_is_invalid_in_danish() -> None:
    with pytest.raises(RecordValidationError) as caught:
        parse_record(b'{"kind": "citizen",}')
    (problem,) = caught.value.problems
    assert problem.message.da == (
        "Ikke gyldig JSON: et komma før afslutningen er ikke tilladt: linje 1, kolonne 19"
    )
    assert "trailing comma" in problem.message.en


def test_every_format_is_the_same_from_a_spooled_report(write_lines: WriteLines) -> None:
    """The CLI spools findings to a temporary file: each writer gives the same report from
    the spool as from the list (the elapsed time aside)."""
    records = [citizen(1), {**citizen(2), "id": "x"}, citizen(1), b"{bad"]
    path = write_lines(records)
    listed = validate_paths([str(path)])
    spooled = validate_paths([str(path)], spool=True)
    assert spooled.findings == []
    assert spooled.spool is not None
    assert list(spooled.spool) == listed.findings
    assert list(spooled.spool) == listed.findings  # read back as often as needed
    spooled.elapsed = listed.elapsed
    for fmt in ("text", "json", "junit", "html", "sarif"):
        assert render(spooled, fmt, "da") == render(listed, fmt, "da"), fmt
    spooled.spool.close()


def test_junit_keeps_every_suite_when_a_directory_walk_skipped_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an export", encoding="utf-8")
    (tmp_path / "a.ndjson").write_bytes(b'{"kind":"citizen"}\n')
    report = validate_paths([str(tmp_path)])
    root = ET.fromstring(render(report, "junit", "en").split("\n", 1)[1])
    names = [suite.get("name") for suite in root.findall("testsuite")]
    assert str(tmp_path / "a.ndjson") in names
    assert int(root.get("failures", "")) == 1


def test_the_summary_has_per_field_statistics(write_lines: WriteLines) -> None:
    import json

    plan = sample_record("safety_plan", seed=1, full=True)
    plans = []
    for n in range(3):
        bad = {**plan, "contacts": [{**c, "phone": "x"} for c in plan["contacts"]]}
        plans.append({**bad, "plan_version": 0} if n == 0 else bad)
    path = write_lines([*plans, {**citizen(1), "residence": "mars"}])
    report = validate_paths([str(path)])
    contacts = len(plan["contacts"])
    assert report.by_field == {
        "safety_plan /contacts/*/phone": 3 * contacts,
        "safety_plan /plan_version": 1,
        "safety_plan /id": 2,  # the same plan thrice: duplicate-id warnings
        "citizen /residence": 1,
    }
    text = render(report, "text", "da")
    assert f"  felter med fund: safety_plan /contacts/*/phone: {3 * contacts}, " in text
    english = json.loads(render(report, "json", "en"))["summary"]["by_field"]
    assert english["citizen /residence"] == 1
    assert "<code>safety_plan /contacts/*/phone</code>" in render(report, "html", "da")
