"""``carekit validate``: exit codes, formats, output file, stdin, progress bar."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from carekit.cli import validate as cli
from carekit.cli.validate import validate_command

from .conftest import WriteLines, citizen


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(validate_command, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_exit_0_when_all_records_are_valid(write_lines: WriteLines) -> None:
    code, out, _ = run(str(write_lines([citizen(1), citizen(2)])))
    assert code == 0
    assert "2 poster, 2 gyldige, 0 ugyldige" in out


def test_exit_1_when_a_record_is_invalid_with_the_record_and_errors_listed(
    write_lines: WriteLines,
) -> None:
    path = write_lines([citizen(1), citizen(2, residence="mars")])
    code, out, _ = run(str(path), "--lang", "en")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:2 ")
    assert first.endswith(" citizen")
    assert "/residence [enum]" in out
    assert "Invalid data was found." in out


def test_warnings_alone_exit_0(write_lines: WriteLines) -> None:
    record = citizen(1)
    code, out, _ = run(str(write_lines([record, record])))
    assert code == 0
    assert "duplicate-id" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["missing.ndjson"], "missing.ndjson findes ikke"),
        (["{path}", "--kind", "spaceship"], "Ukendt posttype 'spaceship'"),
        (["{path}", "--format", "pdf"], "Invalid value for '--format'"),
        (["{path}", "--jobs", "0"], "Invalid value for '--jobs'"),
        ([], "Missing argument"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(
    write_lines: WriteLines, args: list[str], needle: str
) -> None:
    path = write_lines([citizen(1)])
    code, _, err = run(*[a.format(path=path) for a in args])
    assert code == 2
    assert needle in err
    assert "Traceback" not in err


def test_json_format_parses_and_holds_summary_and_findings(write_lines: WriteLines) -> None:
    code, out, _ = run(
        str(write_lines([citizen(1, actor=None)])), "--format", "json", "--lang", "en"
    )
    data = json.loads(out)
    assert code == 1
    assert data["summary"]["invalid"] == 1
    assert data["findings"][0]["pointer"] == "/actor"
    assert data["findings"][0]["keyword"] == "type"


def test_junit_format_is_xml_with_one_failing_testcase_per_invalid_record(
    write_lines: WriteLines,
) -> None:
    path = write_lines([citizen(1, residence="mars", actor=1), citizen(2), b"{bad"])
    code, out, _ = run(str(path), "--format", "junit")
    root = ET.fromstring(out.encode())
    failures = root.findall(".//testcase/failure")
    assert code == 1
    assert len(failures) == 2
    assert "/residence [enum]" in (failures[0].text or "")
    assert "/actor [type]" in (failures[0].text or "")
    assert root.find("testsuite").get("failures") == "2"  # type: ignore[union-attr]  # find() may give None; the report has it


def test_html_format_escapes_data_from_the_export(write_lines: WriteLines) -> None:
    record = citizen(1, residence="<script>alert(1)</script>")
    code, out, _ = run(str(write_lines([record])), "--format", "html")
    assert code == 1
    assert "<script>alert" not in out
    assert "&lt;script&gt;" in out
    assert "<table>" in out


def test_output_option_writes_the_report_to_a_file(write_lines: WriteLines, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run(str(write_lines([citizen(1)])), "--format", "json", "--output", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["valid"] == 1


def test_stdin_dash(write_lines: WriteLines) -> None:
    data = orjson.dumps(citizen(1)) + b"\n" + b"{oops\n"
    code, out, _ = run("-", "--lang", "en", stdin=data)
    assert code == 1
    assert "<stdin>:2" in out


def test_max_errors_is_reported_in_the_summary(write_lines: WriteLines) -> None:
    path = write_lines([citizen(i, residence="mars") for i in range(5)])
    code, out, _ = run(str(path), "--max-errors", "2", "--lang", "en")
    assert code == 1
    assert out.count("[enum]") == 2
    assert "Only the first 2 findings are shown" in out


def test_no_progress_bar_when_stderr_is_not_a_tty(write_lines: WriteLines) -> None:
    _, _, err = run(str(write_lines([citizen(1)])))
    assert err == ""


def test_progress_bar_on_a_tty_for_large_input(
    write_lines: WriteLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    monkeypatch.setattr(cli, "PROGRESS_MIN_BYTES", 1)
    path = write_lines([citizen(i) for i in range(50)])
    code, _, err = run(str(path), "--lang", "en")
    assert code == 0
    assert "Validating" in err
    code, _, err = run(str(path), "--quiet")
    assert err == ""


def test_report_does_not_leak_cpr_numbers(write_lines: WriteLines) -> None:
    path = write_lines([citizen(1, cpr="3213901234", display_name=["0101901234"])])
    for fmt in ("text", "json", "junit", "html"):
        _, out, _ = run(str(path), "--format", fmt)
        assert "3213901234" not in out
        assert "0101901234" not in out


def test_the_report_never_overwrites_an_input_or_an_existing_file(
    write_lines: WriteLines, tmp_path: Path
) -> None:
    export = write_lines([citizen(1)])
    before = export.read_bytes()
    code, _, err = run(str(export), "-o", str(export), "--lang", "en")
    assert code == 2
    assert "input" in err
    assert export.read_bytes() == before  # the export is untouched

    report = tmp_path / "report.json"
    report.write_text("kept", encoding="utf-8")
    code, _, err = run(str(export), "--format", "json", "-o", str(report))
    assert code == 2
    assert "--force" in err
    assert report.read_text(encoding="utf-8") == "kept"

    code, _, _ = run(str(export), "--format", "json", "-o", str(report), "--force")
    assert code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["records"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no leftovers
