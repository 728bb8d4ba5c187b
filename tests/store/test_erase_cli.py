"""``carekit citizen erase`` and ``carekit store new-key``: confirmation, reason, retention
from the settings file, and clear findings (never a traceback) for bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

import carekit
from carekit.cli import cli
from carekit.demo import demo_citizens
from carekit.store import SQLiteStore
from carekit.testing.erasure import cpr_spellings, sqlite_files_bytes
from carekit.testing.export import seed_export_store

ELSE, MOGENS = demo_citizens()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.key"
    result = CliRunner().invoke(cli, ["store", "new-key", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text().strip() not in result.output  # the key is never printed
    return path


@pytest.fixture
def settings(tmp_path: Path, key_file: Path) -> Path:
    path = tmp_path / "carekit.toml"
    path.write_text(f'[store]\ndata_key_file = "{key_file}"\n', encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, key_file: Path) -> str:
    path = str(tmp_path / "care.sqlite")
    with carekit.open(path, data_key=key_file.read_text()) as app:
        seed_export_store(app)
    return path


def _run(settings: Path | None, *args: str, **env: str) -> Result:
    options = ["--config", str(settings)] if settings is not None else []
    return CliRunner().invoke(
        cli, [*options, "--as", "Karen Lund", "--role", "sagsbehandler", *args], env=env
    )


def _ok(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


def test_erase_prints_what_was_erased_and_leaves_no_cpr_in_the_files(
    settings: Path, db: str
) -> None:
    result = _run(
        settings,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        db,
        "--reason",
        "sag 17",
        "--yes",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert f"Citizen {ELSE.id}'s data was erased" in result.output
    assert "outbox items were removed" in result.output
    data = sqlite_files_bytes(f"sqlite:///{db}")
    assert not [s for s in cpr_spellings(ELSE.cpr or "") if s in data]
    verify = _run(settings, "audit", "verify", "--db", db)
    assert verify.exit_code == 0, verify.output
    with SQLiteStore(db) as store:
        assert [e.actor_id for e in store.audit_log() if e.action == "erase"] == ["Karen Lund"]


def test_erase_as_json_reports_counts(settings: Path, db: str) -> None:
    result = _run(
        settings,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        db,
        "--reason",
        "sag 17",
        "--yes",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = orjson.loads(result.output)
    assert report["citizen_id"] == str(ELSE.id)
    assert report["records"] >= 1
    assert report["versions"] > report["records"] - 1
    assert report["scrubbed"] is True


@pytest.mark.parametrize(
    ("args", "da", "en"),
    [
        ((), "--reason", "--reason"),
        (("--reason", "  "), "--reason", "--reason"),
        (("--reason", "sag 17"), "--yes", "--yes"),
    ],
)
def test_a_missing_reason_or_confirmation_is_a_clear_finding(
    settings: Path, db: str, args: tuple[str, ...], da: str, en: str
) -> None:
    for lang, word in (("da", da), ("en", en)):
        result = _run(settings, "citizen", "erase", str(ELSE.id), "--db", db, *args, "--lang", lang)
        _ok(result)
        assert result.exit_code == 2
        assert word in result.output
    with carekit.open(
        db, data_key=Path(str(settings).replace("carekit.toml", "data.key")).read_text()
    ) as app:
        assert str(ELSE.id) in app.store.citizens()  # nothing erased


def test_an_unknown_citizen_and_a_missing_store_are_named(
    settings: Path, db: str, tmp_path: Path
) -> None:
    result = _run(
        settings,
        "citizen",
        "erase",
        "no-such-id",
        "--db",
        db,
        "--reason",
        "x",
        "--yes",
        "--lang",
        "en",
    )
    _ok(result)
    assert result.exit_code == 2
    assert "No citizen with the id no-such-id" in result.output
    missing = _run(
        settings,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        str(tmp_path / "none.sqlite"),
        "--reason",
        "x",
        "--yes",
    )
    _ok(missing)
    assert missing.exit_code == 2
    assert "findes ikke" in missing.output


def test_without_the_key_erasure_is_refused_and_nothing_changes(db: str) -> None:
    result = _run(
        None,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        db,
        "--reason",
        "sag 17",
        "--yes",
        "--lang",
        "en",
    )
    _ok(result)
    assert result.exit_code == 1
    assert "without a data key" in result.output
    assert "nothing was changed" in result.output


def test_retention_from_the_settings_file_refuses_until_overridden(settings: Path, db: str) -> None:
    settings.write_text(settings.read_text() + "[retention]\ninformation_record = 10\n")
    refused = _run(
        settings, "citizen", "erase", str(ELSE.id), "--db", db, "--reason", "sag 17", "--yes"
    )
    _ok(refused)
    assert refused.exit_code == 1
    assert "information_record" in refused.output
    assert "opbevares til" in refused.output
    done = _run(
        settings,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        db,
        "--reason",
        "sag 17",
        "--yes",
        "--override-retention",
        "byretsdom BS-1/2026",
    )
    assert done.exit_code == 0, done.output


def test_a_bad_retention_setting_is_named(settings: Path, db: str) -> None:
    settings.write_text(settings.read_text() + '[retention]\ndiary = 10\ncitizen = "ten"\n')
    result = _run(
        settings,
        "citizen",
        "erase",
        str(ELSE.id),
        "--db",
        db,
        "--reason",
        "x",
        "--yes",
        "--lang",
        "en",
    )
    _ok(result)
    assert result.exit_code == 2
    assert "unknown record kind 'diary'" in result.output


def test_new_key_never_overwrites_a_file(key_file: Path) -> None:
    before = key_file.read_text()
    result = CliRunner().invoke(cli, ["store", "new-key", "-o", str(key_file), "--lang", "en"])
    _ok(result)
    assert result.exit_code == 2
    assert "never overwritten" in result.output
    assert key_file.read_text() == before
