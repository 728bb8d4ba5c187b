"""The GDPR export: the conformance kit (carekit.testing.export) on the memory and SQLite
stores, and ``carekit citizen export`` on the command line."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

import carekit
from carekit.cli import cli
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.language import check_html
from carekit.model import Purpose
from carekit.render import render_citizen_export
from carekit.store import AccessEntry, SQLiteStore
from carekit.testing.export import CitizenExportConformance, seed_export_store

ELSE, MOGENS = demo_citizens()


class TestMemoryCitizenExport(CitizenExportConformance):
    @pytest.fixture
    def store_url(self) -> str:
        return "memory://"


class TestSQLiteCitizenExport(CitizenExportConformance):
    @pytest.fixture
    def store_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'c.sqlite'}"


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "care.sqlite")
    with carekit.open(path) as app:
        seed_export_store(app)
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["--as", "Karen Lund", "--role", "sagsbehandler", *args])


def _entries(db: str, citizen: str) -> list[AccessEntry]:
    with SQLiteStore(db) as store:
        return store.access_log(citizen_id=citizen)


def test_the_cli_writes_the_json_export_and_logs_it_under_the_reader(db: str) -> None:
    before = len(_entries(db, str(ELSE.id)))
    result = _run("citizen", "export", str(ELSE.id), "--db", db)
    assert result.exit_code == 0, result.output
    document = orjson.loads(result.output)
    assert document["format"] == "carekit.citizen-export"
    assert document["generated_by"]["name"] == "Karen Lund"
    assert ELSE.cpr in result.output
    assert str(MOGENS.id) not in result.output
    new = _entries(db, str(ELSE.id))[before:]
    assert sorted((e.actor_name, e.actor_role, e.purpose, e.channel) for e in new) == [
        ("Karen Lund", "sagsbehandler", "citizen_request", "cli"),
        ("Karen Lund", "sagsbehandler", "reveal", "cli"),
    ]


def test_the_cli_never_overwrites_a_file_and_names_a_missing_folder(
    db: str, tmp_path: Path
) -> None:
    out = tmp_path / "else.json"
    first = _run("citizen", "export", str(ELSE.id), "--db", db, "-o", str(out))
    assert first.exit_code == 0, first.output
    kept = out.read_bytes()
    again = _run("citizen", "export", str(ELSE.id), "--db", db, "-o", str(out), "--lang", "en")
    assert again.exit_code == 2
    assert "already exists" in again.output
    assert out.read_bytes() == kept
    missing = _run(
        "citizen", "export", str(ELSE.id), "--db", db, "-o", str(tmp_path / "no" / "x.json")
    )
    assert missing.exit_code == 2
    assert "findes ikke" in missing.output
    assert "Traceback" not in missing.output
    forced = _run("citizen", "export", str(ELSE.id), "--db", db, "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize(
    ("lang", "words"),
    [("da", "Ingen borger med id'et"), ("en", "No citizen with the id")],
)
def test_an_unknown_citizen_is_a_clear_finding_like_other_not_found_errors(
    db: str, lang: str, words: str
) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    result = _run("citizen", "export", unknown, "--db", db, "--lang", lang)
    assert result.exit_code == 2  # as records show of an unknown id
    assert words in result.output
    assert "Traceback" not in result.output
    shown = _run("records", "show", unknown, "--db", db)
    assert shown.exit_code == result.exit_code


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_html_summary_is_a_plain_language_citizen_document_without_cpr(
    db: str, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"else-{lang}.html"
    before = len(_entries(db, str(ELSE.id)))
    result = _run(
        "citizen", "export", str(ELSE.id), "--db", db, "--format", "html", "-o", str(out),
        "--lang", lang,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert f'<html lang="{lang}"' in html
    assert check_html(html, lang).passes()  # type: ignore[arg-type]  # lang from parametrize
    assert "010137" not in html  # no CPR number on a citizen document
    assert str(ELSE.id) not in html  # names, not ids
    assert "Mogens" not in html
    if lang == "da":
        assert "Dit navn og din adresse" in html
        assert "1 oplysning i 2 udgaver" in html  # Else's record has two versions
        assert "Bob Madsen (sygeplejerske)" in html
        assert "har set dine oplysninger 2 gange" in html
    else:
        assert "Your name and address" in html
        assert "1 entry in 2 versions" in html
        assert "looked at your information 2 times" in html
    # the summary shows no CPR number, so nothing was revealed
    assert [e.purpose for e in _entries(db, str(ELSE.id))[before:]] == ["citizen_request"]


def test_the_summary_names_people_never_by_id_and_keeps_cpr_in_capitals(tmp_path: Path) -> None:
    with carekit.open(tmp_path / "c.sqlite") as app:
        seed_export_store(app)
        with app.session(actor=DEMO_IMPORTER, purpose=Purpose.CITIZEN_REQUEST) as reader:
            reader.export_citizen(ELSE.id)  # the JSON export: a reveal of the CPR number
            document = reader.export_citizen(ELSE.id, include_cpr=False)
    nameless = {**document["access_log"][0], "actor_name": None, "actor_role": None}
    document["access_log"] = [*document["access_log"], nameless]
    da = render_citizen_export(document, lang="da").html
    en = render_citizen_export(document, lang="en").html
    assert "visning af fuldt CPR-nummer" in da
    assert "showing the full CPR number" in en
    assert "En medarbejder har set dine oplysninger én gang" in da
    assert "A staff member looked at your information once" in en
    assert nameless["actor_id"] not in da
    assert nameless["actor_id"] not in en


def test_an_unreadable_version_is_named_and_the_readable_ones_are_still_exported(
    tmp_path: Path,
) -> None:
    db = tmp_path / "care.sqlite"
    with carekit.open(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    # version 2 of Else's citizen record no longer decodes (an older or damaged writer)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO records (record_id, version, kind, citizen_id, status, due_on, "
            "stored_at, data) VALUES (?, 2, 'citizen', ?, NULL, NULL, "
            "'2026-12-01T10:00:00.000000+00:00', ?)",
            (str(ELSE.id), str(ELSE.id), b'{"kind": "citizen", "unknown_field": 1}'),
        )
        conn.execute("UPDATE record_heads SET version = 2 WHERE record_id = ?", (str(ELSE.id),))
    with (
        carekit.open(db) as app,
        app.session(actor=DEMO_IMPORTER, purpose=Purpose.CITIZEN_REQUEST) as reader,
    ):
        document = reader.export_citizen(ELSE.id)
    (citizen,) = [r for r in document["records"] if r["kind"] == "citizen"]
    assert [v["version"] for v in citizen["versions"]] == [1]
    assert [(u["record_id"], u["version"]) for u in document["unreadable_versions"]] == [
        (str(ELSE.id), 2)
    ]
    assert "unknown_field" not in orjson.dumps(document).decode()  # content never shown
    assert render_citizen_export(document, lang="da").language_report.passes()


def test_a_missing_store_file_is_a_finding_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    result = _run("citizen", "export", str(ELSE.id), "--db", str(missing), "--lang", "en")
    assert result.exit_code == 2
    assert "does not exist; there is no store to export from" in result.output
    assert not missing.exists()
