"""Reads never break: a stored version that no longer decodes is skipped and reported,
never failing list(), citizen_records(), history() or get() of other records."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.store import ReadResult
from carekit.testing.readers import open_reading

mount_all(cli)


def _corrupt(db: Path, record_id: str, citizen_id: str) -> None:
    """Append version 2 of a citizen whose document no longer validates (as an older or
    damaged writer might have left it)."""
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO records (record_id, version, kind, citizen_id, status, due_on, "
            "stored_at, data) VALUES (?, 2, 'citizen', ?, NULL, NULL, "
            "'2026-12-01T10:00:00.000000+00:00', ?)",
            (record_id, citizen_id, b'{"kind": "citizen", "unknown_field": 1}'),
        )
        # the head row names the latest version, as when the store itself wrote it
        conn.execute(
            "UPDATE record_heads SET version = 2, stored_at = '2026-12-01T10:00:00.000000+00:00'"
            " WHERE record_id = ?",
            (record_id,),
        )


def test_one_bad_version_breaks_no_read_and_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "care.sqlite"
    else_, mogens = demo_citizens()
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    _corrupt(db, else_.record_id, str(else_.id))
    with open_reading(db) as app:
        citizens = app.citizens.list()
        assert [c.record.id for c in citizens] == [mogens.id]  # Else's latest version is unreadable
        assert app.citizen_records(mogens.id)
        assert app.citizen_records(else_.id)  # her other records still read
        history = app.store.history(else_.record_id)
        assert [h.version for h in history] == [1]
        assert isinstance(history, ReadResult)
        (bad,) = history.unreadable
        assert (bad.record_id, bad.version) == (else_.record_id, 2)
        assert "kan ikke læses" in bad.text.da
        assert "unknown_field" not in bad.text.en  # the content is never shown
        assert app.get(mogens.id).version == 1
        assert [(u.record_id, u.version) for u in app.unreadable_versions()] == [
            (else_.record_id, 2)
        ]
    result = CliRunner().invoke(cli, ["check", "--db", str(db), "--lang", "en"])
    assert result.exit_code == 1
    assert f"Record {else_.record_id} version 2 cannot be read back" in result.output


def test_check_passes_on_a_healthy_store(tmp_path: Path) -> None:
    db = tmp_path / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        assert app.unreadable_versions() == []
    result = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 0
    assert "Alle gemte versioner kan læses." in result.output


def test_check_never_creates_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    result = CliRunner().invoke(cli, ["check", "--db", str(missing)])
    assert result.exit_code == 2
    assert "findes ikke" in result.output
    assert not missing.exists()
