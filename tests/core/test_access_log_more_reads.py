"""The reads that used to bypass the read-access log — ``report`` from a store, ``watch`` and
``remind`` — now leave entries under the command's reader (``--as``) with a fitting
purpose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import carekit
from carekit.cli import cli
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.store import AccessEntry, SQLiteStore

ELSE, MOGENS = demo_citizens()
CITIZENS = {str(ELSE.id), str(MOGENS.id)}


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "care.sqlite")
    with carekit.open(path) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["--as", "Bob Madsen", "--role", "sygeplejerske", *args])


def _entries(db: str) -> list[AccessEntry]:
    with SQLiteStore(db) as store:
        return store.access_log()


def _assert_reader(entries: list[AccessEntry], purpose: str, operation: str) -> None:
    assert entries
    for entry in entries:
        assert (entry.actor_name, entry.actor_role) == ("Bob Madsen", "sygeplejerske")
        assert (entry.purpose, entry.channel, entry.operation) == (purpose, "cli", operation)


def test_the_report_from_a_store_logs_one_read_of_each_citizen_for_administration(
    db: str,
) -> None:
    result = _run("report", "--db", db, "--format", "json", "--as-of", "2026-12-31")
    assert result.exit_code == 0, result.output
    entries = _entries(db)
    _assert_reader(entries, "administration", "report")
    assert sorted(e.citizen_id for e in entries) == sorted(CITIZENS)  # one each


def test_watch_logs_the_routines_and_trial_actions_it_read(db: str) -> None:
    result = _run("watch", "--db", db, "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    entries = _entries(db)
    _assert_reader(entries, "care", "shift_watch")
    assert {k for e in entries for k in e.kinds} <= {"routine", "trial_action", "citizen"}


def test_watch_for_one_citizen_reads_only_that_citizen(db: str) -> None:
    result = _run("watch", "--db", db, "--as-of", "2026-12-01", "--citizen", str(ELSE.id))
    assert result.exit_code == 0, result.output
    entries = _entries(db)
    _assert_reader(entries, "care", "shift_watch")
    assert {e.citizen_id for e in entries} == {str(ELSE.id)}


def test_remind_logs_the_records_its_reminders_come_from_for_care(db: str) -> None:
    result = _run("remind", "--db", db, "--as-of", "2026-12-31")
    assert result.exit_code == 0, result.output
    entries = _entries(db)
    _assert_reader(entries, "care", "remind")
    with SQLiteStore(db) as store:
        due = {
            str(s.record.citizen_id)
            for s in store.query(due_before=None)
            if s.record.record_id in {i for e in entries for i in e.record_ids}
        }
    assert due == {e.citizen_id for e in entries}


def test_remind_with_nothing_due_logs_nothing(db: str) -> None:
    result = _run("remind", "--db", db, "--as-of", "2000-01-01")
    assert result.exit_code == 0, result.output
    assert _entries(db) == []
