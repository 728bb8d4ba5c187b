"""The read-access log and the citizen's "Min log": readers are required, every CLI read
path leaves one entry with its purpose, nothing is lost at close, the rows are append-only
and chained, and ``carekit access-log`` of the demo shows Anna's and Bob's reads."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

import carekit
from carekit.cli import cli
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import InvalidArgumentError, ReaderRequiredError
from carekit.model import Purpose
from carekit.plugins import Plugins
from carekit.render import render_access_log
from carekit.store import AccessEntry, SQLiteStore
from carekit.testing.readers import TEST_READER, open_reading

ELSE, MOGENS = demo_citizens()
ANNA, BOB = demo_staff()["anna"], demo_staff()["bob"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    result = CliRunner().invoke(cli, ["demo", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def _entries(db: str, citizen: str) -> list[AccessEntry]:
    with SQLiteStore(db) as store:
        return store.access_log(citizen_id=citizen)


# --------------------------------------------------------------------------- Min log


@pytest.mark.parametrize(
    ("lang", "read_word", "role_anna", "role_bob"),
    [
        ("da", "så", "social- og sundhedshjælper", "sygeplejerske"),
        ("en", "looked at", "social- og sundhedshjælper", "sygeplejerske"),
    ],
)
def test_the_demo_citizens_log_shows_annas_and_bobs_reads_in_danish_and_english(
    demo_db: str, lang: str, read_word: str, role_anna: str, role_bob: str
) -> None:
    result = _run("access-log", str(ELSE.id), "--db", demo_db, "--lang", lang)
    assert result.exit_code == 0, result.output
    text = result.output
    assert f"Anna Holm ({role_anna}) {read_word}" in text
    assert f"Bob Madsen ({role_bob}) {read_word}" in text
    # grouped by day: a date heading; names and roles, never ids
    assert ("december" if lang == "da" else "December") in text
    assert "staff-anna" not in text
    assert "staff-bob" not in text
    assert str(ELSE.id) not in text
    changed = "ændrede" if lang == "da" else "changed"
    assert changed in text  # who changed the data comes from the audit


def test_the_log_as_json_names_people_by_name_and_role_grouped_by_day(demo_db: str) -> None:
    result = _run("access-log", str(ELSE.id), "--db", demo_db, "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.output)
    events = [e for day in data["days"] for e in day["events"]]
    readers = {(e["who"]["name"], e["who"]["role"]) for e in events if e["event"] == "read"}
    assert ("Anna Holm", ANNA.role) in readers
    assert ("Bob Madsen", BOB.role) in readers
    assert all(set(e["text"]) == {"da", "en"} for e in events)
    assert "staff-anna" not in result.output
    assert [d["date"] for d in data["days"]] == sorted(
        (d["date"] for d in data["days"]), reverse=True
    )


def test_the_html_log_is_a_plain_language_citizen_document(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "log.html"
    result = _run("access-log", str(ELSE.id), "--db", demo_db, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert '<html lang="da"' in html
    assert "Bob Madsen" in html
    assert "010137" not in html  # no CPR number on a citizen document
    with open_reading(demo_db) as app:
        for lang in ("da", "en"):
            doc = render_access_log(app.access_log(ELSE.id), lang=lang)
            assert doc.language_report.passes(), doc.language_report


def test_since_keeps_only_the_days_from_then(demo_db: str) -> None:
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    result = _run("access-log", str(ELSE.id), "--db", demo_db, "--since", tomorrow, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "No one has seen or changed your information" in result.output


def test_staff_look_up_their_own_reads_and_only_their_own(demo_db: str) -> None:
    env = {"CAREKIT_ACTOR": "Karen Lund"}
    _run("records", "list", "citizen", "--db", demo_db, env=env)
    own = _run("access-log", "--actor", "Karen Lund", "--db", demo_db, "--lang", "en", env=env)
    assert own.exit_code == 0, own.output
    assert (
        "Karen Lund looked at your name and address. Purpose: Care and treatment. (Command line)"
        in own.output
    )
    other = _run("access-log", "--actor", "Bob Madsen", "--db", demo_db, env=env)
    assert other.exit_code == 2
    assert "kun se dine egne læsninger" in other.output


# --------------------------------------------------------------------------- CLI read paths


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "care.sqlite")
    with carekit.open(path) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return path


@pytest.mark.parametrize(
    ("args", "purpose", "operation"),
    [
        (["records", "show", str(ELSE.id), "--reveal-cpr"], "reveal", "get"),
        (["records", "show", str(ELSE.id)], "care", "get"),
        (["records", "show", str(ELSE.id), "--history"], "care", "history"),
        (["records", "list", "citizen", "--citizen", str(ELSE.id)], "care", "query"),
        (["render", "safety-plan", "--citizen", str(ELSE.id)], "care", "render"),
        (["export", "fhir", "--citizen", str(ELSE.id)], "export", "export"),
        (["due", "--as-of", "2026-12-31"], "care", "due"),
    ],
)
def test_every_cli_read_leaves_one_entry_with_its_reader_and_purpose(
    db: str, args: list[str], purpose: str, operation: str
) -> None:
    if args[0] == "export":
        pytest.importorskip("carekit_fhir")
    result = _run("--as", "Bob Madsen", "--role", "sygeplejerske", *args, "--db", db)
    assert result.exit_code == 0, result.output
    entries = _entries(db, str(ELSE.id))
    assert len(entries) == 1, entries
    (entry,) = entries
    assert (entry.actor_name, entry.actor_role) == ("Bob Madsen", "sygeplejerske")
    assert (entry.purpose, entry.channel, entry.operation) == (purpose, "cli", operation)


def test_the_cli_reader_defaults_to_the_login_name(db: str) -> None:
    result = _run("records", "show", str(ELSE.id), "--db", db, env={"CAREKIT_ACTOR": ""})
    assert result.exit_code == 0, result.output
    (entry,) = _entries(db, str(ELSE.id))
    assert entry.actor_id.startswith("os:")
    assert entry.actor_name


# --------------------------------------------------------------------------- the API


def test_reads_need_a_reader_and_writes_do_not(tmp_path: Path) -> None:
    with carekit.open(tmp_path / "c.sqlite") as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)  # a write needs no reader
        with pytest.raises(ReaderRequiredError) as caught:
            app.citizens.list()
        assert "hvem der læser" in caught.value.text.da
        assert "who is reading" in caught.value.text.en
        with app.session(actor=ANNA, purpose=Purpose.CARE) as anna:
            assert len(anna.citizens.list()) == 2
        assert app.reader is None
        with pytest.raises(InvalidArgumentError):
            app.session(actor=ANNA, purpose="curiosity")
    with pytest.raises(InvalidArgumentError):
        carekit.open("memory://", actor=ANNA)  # a reader needs a purpose


def test_get_with_reader_still_works_deprecated_and_is_logged(tmp_path: Path) -> None:
    with carekit.open(tmp_path / "c.sqlite") as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        with pytest.deprecated_call():
            stored = app.get(ELSE.id, reader=ANNA)
        assert stored.record.id == ELSE.id
        (entry,) = app.store.access_log(citizen_id=str(ELSE.id))
        assert (entry.actor_id, entry.purpose) == (ANNA.id, "care")


def test_no_read_is_lost_at_close_and_reads_are_batched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with open_reading(path) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    with open_reading(path) as app:
        for _ in range(50):
            app.get(ELSE.id)
        with sqlite3.connect(path) as raw:  # nothing written yet: buffered in memory
            waiting = raw.execute("SELECT COUNT(*) FROM access_log").fetchone()[0]
        raw.close()
        assert waiting < 50
    with SQLiteStore(path) as store:
        entries = store.access_log(citizen_id=str(ELSE.id))
        assert len(entries) == 50
        assert {e.actor_id for e in entries} == {TEST_READER.id}
        assert store.chain_verify().ok


def test_buffered_reads_are_written_on_a_timer(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    store = SQLiteStore(path)
    try:
        store._start_access_log(interval=0.05)  # the default is one second
        app = carekit.Application(store, Plugins.load())
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        with app.session(actor=ANNA, purpose="care") as anna:
            anna.get(ELSE.id)
            deadline = time.monotonic() + 5
            count = 0
            while time.monotonic() < deadline and count == 0:
                time.sleep(0.05)
                raw = sqlite3.connect(path)
                count = raw.execute("SELECT COUNT(*) FROM access_log").fetchone()[0]
                raw.close()
            assert count == 1
    finally:
        store.close()


def test_access_log_rows_are_append_only_and_chained(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with open_reading(path) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        app.get(ELSE.id)
    raw = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE access_log SET actor_name = 'Nobody'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM access_log")
        # someone with the file drops the trigger and rewrites who read
        raw.execute("DROP TRIGGER access_log_no_update")
        raw.execute("UPDATE access_log SET actor_name = 'Nobody'")
        raw.commit()
    finally:
        raw.close()
    with SQLiteStore(path) as store:
        report = store.chain_verify()
    assert not report.ok
    first = report.findings[0]
    assert (first.code, first.table) == ("content", "access_log")
    assert "access_log" in first.text.en


def test_the_chain_encoding_is_unchanged_by_the_faster_link_hash() -> None:
    """``link_hash`` builds the hashed bytes in one piece; they are the bytes the streaming
    encoder feeds SHA-256, so existing chains still verify."""
    import hashlib

    from carekit.store import _chain

    values: list[_chain.Value] = [None, "æøå", b"\x00\x01", 7, -3, "", 2**40]
    streamed = hashlib.sha256(b"carekit-chain/1\n")
    streamed.update(b"p" * 32)
    for value in ("access_log", 5, *values):
        _chain._update(streamed, value)
    assert _chain.link_hash(b"p" * 32, "access_log", 5, values) == streamed.digest()
