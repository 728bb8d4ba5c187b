"""`carekit check-language`, invoked through click's CliRunner on the command object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from carekit.cli.language import check_language_command

JARGON = "Vi vil mobilisere dig.\nDu får palliativ behandling.\n"
PLAIN = "Vi kommer i morgen. Du får hjælp til bad.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_hits_are_printed_with_line_column_and_suggestion_and_exit_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "brev.md"
    file.write_text(JARGON, encoding="utf-8")
    result = runner.invoke(check_language_command, [str(file)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f'{file}:1:8: "mobilisere" er fagsprog – skriv hellere: hjælpe dig op at gå'
    assert lines[1] == f'{file}:2:8: "palliativ" er fagsprog – skriv hellere: lindrende'
    assert lines[2] == "LIX 41.5: middel (aviser). Målet er højst 35."
    assert "Ikke bestået: 2 steder med fagsprog." in lines


def test_plain_text_passes_with_exit_0(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "brev.txt"
    file.write_text(PLAIN, encoding="utf-8")
    result = runner.invoke(check_language_command, [str(file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Bestået: teksten er let at læse og uden fagsprog."


def test_lix_above_target_fails_even_without_jargon(runner: CliRunner) -> None:
    result = runner.invoke(check_language_command, ["-", "--target", "3"], input=PLAIN)
    assert result.exit_code == 1
    assert "Ikke bestået: LIX 4.5 er over målet 3." in result.stdout


def test_english_messages_and_json_output(runner: CliRunner) -> None:
    result = runner.invoke(
        check_language_command,
        ["-", "--lang", "en", "--format", "json"],
        input="You will ambulate daily.",
    )
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["file"] == "<stdin>"
    assert payload["passes"] is False
    assert payload["lix"] == 29.0  # 4 words, 1 sentence, 1 long word: 4 + 25
    assert payload["band"] == {"code": "easy", "da": "let", "en": "easy"}
    assert payload["hits"] == [
        {
            "term": "ambulate",
            "matched": "ambulate",
            "start": 9,
            "end": 17,
            "line": 1,
            "column": 10,
            "suggestion": "walk",
        }
    ]


def test_english_text_output(runner: CliRunner) -> None:
    result = runner.invoke(check_language_command, ["-", "--lang", "en"], input="We walk.")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "LIX 2.0: very easy (children's books). The target is at most 35.",
        "2 words, 1 sentences, 0 long words.",
        "Passed: the text is easy to read and has no jargon.",
    ]


def test_html_files_are_read_as_html(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "brev.html"
    file.write_text('<p title="palliativ">Vi kommer i morgen.</p><script>ADL</script>', "utf-8")
    assert runner.invoke(check_language_command, [str(file)]).exit_code == 0
    text_file = tmp_path / "brev.txt"
    text_file.write_text(file.read_text("utf-8"), "utf-8")
    assert runner.invoke(check_language_command, [str(text_file)]).exit_code == 1
    assert runner.invoke(check_language_command, [str(text_file), "--html"]).exit_code == 0


def test_missing_file_is_a_usage_error_in_the_chosen_language(runner: CliRunner) -> None:
    result = runner.invoke(check_language_command, ["nope.md"])
    assert result.exit_code == 2
    assert result.stderr == (
        "carekit check-language: Filen nope.md findes ikke. "
        "Tjek stien, eller brug - for at læse fra standard input.\n"
    )
    result = runner.invoke(check_language_command, ["nope.md", "--lang", "en"])
    assert result.exit_code == 2
    assert "File nope.md does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_directory_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(check_language_command, [str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "is not a file" in result.stderr


def test_undecodable_bytes_are_a_clear_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "latin1.txt"
    file.write_bytes("Vi ses på mandag".encode("latin-1"))
    result = runner.invoke(check_language_command, [str(file)])
    assert result.exit_code == 2
    assert "er ikke UTF-8-tekst (byte 0xe5 på position 8)" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(check_language_command, ["-", "--lang", "sv"], input="x")
    assert result.exit_code == 2
