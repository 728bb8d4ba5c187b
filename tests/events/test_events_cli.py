"""``carekit events tail``: CloudEvents and the next cursor, bad cursors refused (#17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from carekit.cli import cli
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.store import sqlite_url
from carekit.testing.readers import open_reading


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "care.sqlite")
    with open_reading(url) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        total = len(app.events())
    assert total > 4
    return url


def _total(db: str) -> int:
    with open_reading(db) as app:
        return len(app.events())


def test_json_lines_then_the_cursor_and_the_rest_after_it(db: str) -> None:
    first = run("events", "tail", "--db", db, "--limit", "4", "--json")
    assert first.exit_code == 0, first.output
    *lines, last = [json.loads(line) for line in first.output.splitlines()]
    assert len(lines) == 4
    assert all(e["specversion"] == "1.0" and e["type"].startswith("dk.carekit.") for e in lines)
    rest = run("events", "tail", "--db", db, "--after", last["next_cursor"], "--json")
    assert rest.exit_code == 0, rest.output
    *more, end = [json.loads(line) for line in rest.output.splitlines()]
    assert len(more) == _total(db) - 4
    assert {e["id"] for e in lines}.isdisjoint(e["id"] for e in more)
    again = run("events", "tail", "--db", db, "--after", end["next_cursor"], "--lang", "en")
    assert again.output.splitlines() == ["No new events.", f"Next cursor: {end['next_cursor']}"]


def test_text_lines_name_type_and_record(db: str) -> None:
    result = run("events", "tail", "--db", db, "--limit", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 3
    assert "dk.carekit.citizen.imported" in lines[0]
    assert lines[-1].startswith("Næste markør: ")


@pytest.mark.parametrize(
    ("lang", "word"), [("da", "Fejl: Ugyldig markør"), ("en", "Error: Invalid cursor")]
)
def test_a_bad_cursor_exits_2_without_a_traceback(db: str, lang: str, word: str) -> None:
    result = run("events", "tail", "--db", db, "--after", "not-a-cursor", "--lang", lang)
    assert result.exit_code == 2
    assert word in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
