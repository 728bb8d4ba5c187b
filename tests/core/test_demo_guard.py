"""``carekit demo --db X`` never destroys data it did not create: only a SQLite file the demo
made (it carries the demo's marker) is replaced; anything else is refused with exit code 2,
in Danish and English, and the file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.demo import (
    DEMO_IMPORTER,
    DEMO_MARKER_TABLE,
    DemoStoreRefusedError,
    check_replaceable,
    demo_citizens,
    demo_records,
)
from carekit.store import PutItem, SQLiteStore
from carekit.testing.readers import open_reading

mount_all(cli)

DEMO_IDS = {c.record_id for c in demo_citizens()}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and the names in its folder (no -wal/-shm/-journal appeared)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.iterdir())


def assert_refused(db: Path, reason_en: str, reason_da: str) -> None:
    before = fingerprint(db)
    english = run("demo", "--db", str(db), "--lang", "en")
    assert english.exit_code == 2, english.output
    assert reason_en in english.output
    assert "nothing was changed" in english.output
    assert "Traceback" not in english.output
    danish = run("demo", "--db", str(db))
    assert danish.exit_code == 2
    assert reason_da in danish.output
    assert "intet er ændret" in danish.output
    assert fingerprint(db) == before


def marker_rows(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute(f"SELECT marker FROM {DEMO_MARKER_TABLE}")]


# ------------------------------------------------------------------ refused
def test_a_foreign_sqlite_file_with_1000_rows_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "economy.sqlite"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount TEXT)")
        conn.executemany(
            "INSERT INTO invoices (amount) VALUES (?)", [(f"{i}.00",) for i in range(1000)]
        )
    assert_refused(db, "not made by carekit demo", "ikke lavet af carekit demo")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM invoices").fetchone()[0] == 1000


def test_a_carekit_store_of_50_plans_and_no_citizens_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a store written before stores checked referential integrity (plans without citizens)
    monkeypatch.setattr("carekit.store._sqlite.check_integrity", lambda items, lookup: None)
    db = tmp_path / "plans.sqlite"
    plan = next(r for r in demo_records() if r.kind == "safety_plan")
    plans = [
        plan.model_copy(update={"id": uuid.UUID(int=i + 1), "status": "draft"}) for i in range(50)
    ]
    with SQLiteStore(db) as store:
        store.put_many([PutItem(record=p) for p in plans])
        assert store.citizens() == []
    assert_refused(db, "no demo marker", "demoens mærke")
    with SQLiteStore(db) as store:
        assert len(store.query(kind="safety_plan")) == 50


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("Karens medicin: ...\n" * 100, encoding="utf-8")
    assert_refused(db, "cannot be read as SQLite", "kan ikke læses som SQLite")


def test_an_empty_file_someone_made_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "placeholder.sqlite"
    db.touch()
    assert_refused(db, "no demo marker", "demoens mærke")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "keep.txt").write_text("x", encoding="utf-8")
    result = run("demo", "--db", str(folder), "--lang", "en")
    assert result.exit_code == 2
    assert "not a regular file" in result.output
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_a_demo_store_with_a_real_citizen_added_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db)).exit_code == 0
    other_id = uuid.UUID("00000000-0000-4000-8000-000000000001")
    other = demo_citizens()[0].model_copy(
        update={"id": other_id, "citizen_id": other_id, "contact_person_id": None}
    )
    with open_reading(db) as app:
        app.add(other)
    assert_refused(db, "1 citizen(s) that are not the demo's", "1 borger(e), der ikke er demoens")


def test_a_demo_store_with_a_table_added_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db)).exit_code == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    assert_refused(db, "tables that are not carekit's", "andre tabeller end carekits")


def test_a_changed_marker_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db)).exit_code == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(f"UPDATE {DEMO_MARKER_TABLE} SET marker = 'mine now'")
    assert_refused(db, "marker in the file was changed", "mærke i filen er ændret")


def test_a_store_in_use_is_refused_unread(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db)).exit_code == 0
    with SQLiteStore(db) as store:  # open elsewhere: its write-ahead log is not empty
        store.put(
            demo_citizens()[0].model_copy(update={"display_name": "Else D."}), expected_version=1
        )
        result = run("demo", "--db", str(db), "--lang", "en")
        assert result.exit_code == 2
        assert "open in another program" in result.output
    with open_reading(db) as app:
        assert len(app.store.history(str(demo_citizens()[0].record_id))) == 2


def test_the_refusal_is_a_carekit_error_with_a_stable_code(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(DemoStoreRefusedError) as caught:
        check_replaceable(db, DEMO_IDS)
    assert caught.value.code == "demo.store_refused"
    assert caught.value.reason == "no_marker"
    assert caught.value.path == str(db)


# ------------------------------------------------------------------ what the demo made
def test_the_demo_marks_its_store_and_replaces_only_that(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db)).exit_code == 0
    assert len(marker_rows(db)) == 1
    with closing(sqlite3.connect(db)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    # the guard knows every table a carekit store has; a new migration must add its tables
    assert tables == {
        "records",
        "record_heads",
        "access_log",
        "audit",
        "outbox",
        "schema_migrations",
        "sqlite_sequence",
        "chain_head",
        "chain_checkpoints",
        "outbox_feed_head",
        DEMO_MARKER_TABLE,
    }
    check_replaceable(db, DEMO_IDS)  # no error: the demo may replace it
    again = run("demo", "--db", str(db), "--lang", "en")
    assert again.exit_code == 0, again.output
    assert len(marker_rows(db)) == 1
    with open_reading(db) as app:
        assert set(app.store.citizens()) == DEMO_IDS


def test_the_demo_fills_a_new_file_and_memory(tmp_path: Path) -> None:
    assert run("demo", "--db", str(tmp_path / "new.sqlite")).exit_code == 0
    assert run("demo", "--db", "memory://").exit_code == 0


def test_a_store_the_demo_already_filled_through_the_api_is_refused(tmp_path: Path) -> None:
    """The same demo citizens, imported by hand rather than by `carekit demo`: no marker,
    so the demo does not assume it may throw the file away."""
    db = tmp_path / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    assert_refused(db, "no demo marker", "demoens mærke")


def test_a_file_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("demo", "--db", str(tmp_path / "missing" / "demo.sqlite"), "--lang", "en")
    assert result.exit_code == 2
    assert "cannot create" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "missing").exists()


def test_a_demo_file_that_cannot_be_deleted_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only old demo store: the demo says why, in Danish and English, and the file
    stays as it was (was a PermissionError traceback)."""
    from carekit.demo._marker import DemoStoreRefusedError, remove_demo_file

    demo = tmp_path / "carekit-demo.sqlite"
    demo.write_bytes(b"old demo")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(DemoStoreRefusedError) as caught:
        remove_demo_file(demo)
    assert "Den gamle demofil kan ikke slettes" in caught.value.text.da
    assert "The old demo file cannot be deleted" in caught.value.text.en
    monkeypatch.undo()
    assert demo.read_bytes() == b"old demo"
