"""The tamper-evident history on SQLite: every version and audit row is hash-chained;
``carekit audit verify`` names the first changed, deleted, inserted or reordered row, and
signed checkpoints catch a rewritten or truncated chain.

Tampering happens the way an attacker with the file would do it: raw sqlite3, after
dropping the append-only triggers."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from carekit.cli import cli
from carekit.model import Record
from carekit.store import SQLiteStore
from carekit.store._chain import (
    AUDIT_TABLE,
    GENESIS,
    RECORDS_TABLE,
    ChainFinding,
    ChainHead,
    ChainWriter,
    link_hash,
)
from carekit.store._checkpoint import generate_key_pem
from carekit.store._migrations import migrate
from carekit.testing.records import make_record, touch
from carekit.testing.storage import put_new


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def key_config(tmp_path: Path) -> Path:
    key = tmp_path / "audit.pem"
    key.write_bytes(generate_key_pem())
    config = tmp_path / "settings.toml"
    config.write_text(f'[audit]\nsigning_key_file = "{key}"\n', encoding="utf-8")
    return config


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, Record]:
    """A store with a citizen, a dream in two versions and two audited reads."""
    path = tmp_path / "care.sqlite"
    with SQLiteStore(path, audit_reads=True) as store:
        dream = make_record("dream")
        put_new(store, dream)
        current = store.get(dream.record_id)
        store.put(touch(current.record, text="version 2"), expected_version=current.version)
        store.get(dream.record_id)
    return path, dream


TRIGGERS = [
    f"{t}_no_{op}" for t in ("records", "audit", "chain_checkpoints") for op in ("update", "delete")
]


@contextlib.contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection with the append-only triggers dropped (what an attacker does)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for name in TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        yield conn
    finally:
        conn.close()


def verify(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run("audit", "verify", "--db", str(path), "--format", "json", *extra)
    return result.exit_code, json.loads(result.output)


def first(path: Path) -> ChainFinding:
    with SQLiteStore(path) as store:
        report = store.chain_verify()
    assert not report.ok
    return report.findings[0]


def test_an_untouched_store_verifies(db: tuple[Path, Record]) -> None:
    path, _ = db
    code, out = verify(path)
    assert code == 0
    assert out["verified"] is True
    with SQLiteStore(path) as store:
        assert out["rows"] == 3 + len(store.audit_log())  # citizen, dream v1 and v2, audit
    with SQLiteStore(path) as store:
        assert store.check() == []


def test_the_demo_store_verifies_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(path)).exit_code == 0
    da = run("audit", "verify", "--db", str(path))
    en = run("audit", "verify", "--db", str(path), "--lang", "en")
    assert (da.exit_code, en.exit_code) == (0, 0)
    assert da.output.startswith("Kæden er i orden")
    assert en.output.startswith("The chain verifies")


def test_a_changed_document_byte_is_named(db: tuple[Path, Record]) -> None:
    path, dream = db
    with raw(path) as conn:
        (data,) = conn.execute(
            "SELECT data FROM records WHERE record_id = ? AND version = 1", (dream.record_id,)
        ).fetchone()
        changed = data.replace(b"version", b"versiom", 1) if b"version" in data else None
        changed = changed or bytes([data[0]]) + data[1:-2] + b" }"
        conn.execute(
            "UPDATE records SET data = ? WHERE record_id = ? AND version = 1",
            (changed, dream.record_id),
        )
    found = first(path)
    assert (found.code, found.table, found.record_id, found.version) == (
        "content",
        RECORDS_TABLE,
        dream.record_id,
        1,
    )
    code, out = verify(path)
    assert code == 1
    assert out["first"]["record_id"] == dream.record_id
    text = run("audit", "verify", "--db", str(path), "--lang", "en").output
    assert f"record {dream.record_id} version 1" in text
    assert "content changed" in text
    assert "indholdet er ændret" in run("audit", "verify", "--db", str(path)).output


def test_a_deleted_version_is_named(db: tuple[Path, Record]) -> None:
    path, dream = db
    with raw(path) as conn:
        conn.execute("DELETE FROM records WHERE record_id = ? AND version = 1", (dream.record_id,))
    with SQLiteStore(path) as store:
        report = store.chain_verify()
        assert store.check() != []
    assert report.findings[0].code == "missing"
    named = {(f.code, f.record_id, f.version) for f in report.findings}
    assert ("no_version", dream.record_id, 1) in named  # its audit entry still names it
    assert verify(path)[0] == 1


def test_a_forged_version_is_named(db: tuple[Path, Record]) -> None:
    path, dream = db
    forged = touch(dream, text="forged")
    with raw(path) as conn:
        conn.execute(
            "INSERT INTO records (record_id, version, kind, citizen_id, stored_at, data) "
            "SELECT record_id, 3, kind, citizen_id, stored_at, ? FROM records "
            "WHERE record_id = ? AND version = 2",
            (forged.model_dump_json().encode(), dream.record_id),
        )
    with SQLiteStore(path) as store:
        found = {(f.code, f.record_id, f.version) for f in store.chain_verify().findings}
    assert ("unchained", dream.record_id, 3) in found
    assert ("no_audit", dream.record_id, 3) in found
    assert verify(path)[0] == 1


def test_a_forged_version_chained_correctly_still_lacks_its_audit_entry(
    db: tuple[Path, Record],
) -> None:
    """The attacker knows the algorithm and appends a correctly linked row (and moves the
    head): the chain holds, but the version has no audit entry."""
    path, dream = db
    with raw(path) as conn:
        chain_id, seq, head = conn.execute("SELECT chain_id, seq, hash FROM chain_head").fetchone()
        row = conn.execute(
            "SELECT record_id, 3, kind, citizen_id, status, due_on, stored_at, data FROM records "
            "WHERE record_id = ? AND version = 2",
            (dream.record_id,),
        ).fetchone()
        writer = ChainWriter(ChainHead(chain_id, seq, head))
        link = writer.link(RECORDS_TABLE, row)
        conn.execute(
            "INSERT INTO records (record_id, version, kind, citizen_id, status, due_on, "
            "stored_at, data, chain_seq, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*row, *link),
        )
        conn.execute("UPDATE chain_head SET seq = ?, hash = ?", (writer.seq, writer.hash))
    with SQLiteStore(path) as store:
        findings = store.chain_verify().findings
    assert [(f.code, f.record_id, f.version) for f in findings] == [
        ("no_audit", dream.record_id, 3)
    ]


@pytest.mark.parametrize("with_chain_columns", [False, True], ids=["content", "everything"])
def test_two_swapped_audit_rows_are_named(
    db: tuple[Path, Record], *, with_chain_columns: bool
) -> None:
    path, _ = db
    columns = ["at", "actor_id", "action", "record_id", "kind", "citizen_id", "version", "detail"]
    if with_chain_columns:
        columns += ["chain_seq", "prev_hash", "hash"]
    listed = ", ".join(columns)
    with raw(path) as conn:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM audit ORDER BY seq")]
        a, b = seqs[1], seqs[2]
        row_a = conn.execute(f"SELECT {listed} FROM audit WHERE seq = ?", (a,)).fetchone()
        row_b = conn.execute(f"SELECT {listed} FROM audit WHERE seq = ?", (b,)).fetchone()
        sets = ", ".join(f"{c} = ?" for c in columns)
        if with_chain_columns:  # free the unique positions first
            conn.execute("UPDATE audit SET chain_seq = NULL WHERE seq IN (?, ?)", (a, b))
        conn.execute(f"UPDATE audit SET {sets} WHERE seq = ?", (*row_b, a))
        conn.execute(f"UPDATE audit SET {sets} WHERE seq = ?", (*row_a, b))
    found = first(path)
    assert found.table == AUDIT_TABLE
    assert found.code == ("order" if with_chain_columns else "content")
    assert found.audit_seq in (a, b)
    assert verify(path)[0] == 1


def test_a_migrated_old_database_gets_its_rows_chained(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    citizen = make_record("citizen")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, url="test", target=2)
        conn.execute(
            "INSERT INTO records (record_id, version, kind, citizen_id, stored_at, data) "
            "VALUES (?, 1, 'citizen', ?, '2025-01-01T00:00:00.000000+00:00', ?)",
            (citizen.record_id, citizen.record_id, citizen.model_dump_json().encode()),
        )
        conn.execute(
            "INSERT INTO audit (at, actor_id, action, record_id, kind, citizen_id, version) "
            "VALUES ('2025-01-01T00:00:00.000000+00:00', 'x', 'create', ?, 'citizen', ?, 1)",
            (citizen.record_id, citizen.record_id),
        )
    finally:
        conn.close()
    with SQLiteStore(path) as store:
        report = store.chain_verify()
        assert (report.ok, report.rows, report.head.seq) == (True, 2, 2)
        put_new(store, make_record("dream"))
        assert store.chain_verify().head.seq == 4
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store._conn().execute("UPDATE records SET hash = NULL")


def test_checkpoints_survive_more_writes_and_catch_a_rewritten_chain(
    db: tuple[Path, Record], key_config: Path, tmp_path: Path
) -> None:
    path, dream = db
    old = tmp_path / "cp-old.json"
    result = run(
        "--config", str(key_config), "audit", "checkpoint", "--db", str(path), "-o", str(old)
    )
    assert result.exit_code == 0, result.output
    with SQLiteStore(path) as store:  # more writes after the checkpoint
        put_new(store, make_record("dream", 1))
    args = ("--config", str(key_config), "audit", "verify", "--db", str(path))
    ok = run(*args, "--checkpoint", str(old), "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["checkpoints"]["accepted"] == [str(old)]

    # rewrite history consistently: change the first version and re-hash everything after
    # it, chain head included — the chain alone verifies again, the checkpoint does not
    with raw(path) as conn:
        conn.execute("DELETE FROM chain_checkpoints")
        conn.execute(
            "UPDATE records SET data = CAST(replace(CAST(data AS TEXT), 'version 2', 'rewritten')"
            " AS BLOB) WHERE record_id = ? AND version = 2",
            (dream.record_id,),
        )
        rows = [
            (RECORDS_TABLE, "records", r)
            for r in conn.execute(
                "SELECT chain_seq, record_id, version, kind, citizen_id, status, due_on, "
                "stored_at, data FROM records"
            )
        ] + [
            (AUDIT_TABLE, "audit", r)
            for r in conn.execute(
                "SELECT chain_seq, at, actor_id, action, record_id, kind, citizen_id, version, "
                "detail FROM audit"
            )
        ]
        prev = GENESIS
        for table, sql_table, r in sorted(rows, key=lambda t: t[2][0]):
            new = link_hash(prev, table, r[0], r[1:])
            conn.execute(
                f"UPDATE {sql_table} SET prev_hash = ?, hash = ? WHERE chain_seq = ?",
                (prev, new, r[0]),
            )
            prev = new
        conn.execute("UPDATE chain_head SET hash = ?", (prev,))
    assert verify(path)[0] == 0  # no checkpoint: undetectable
    bad = run(*args, "--checkpoint", str(old), "--lang", "en")
    assert bad.exit_code == 1
    assert "the chain was rewritten since" in bad.output


def test_a_checkpoint_catches_truncation(
    db: tuple[Path, Record], key_config: Path, tmp_path: Path
) -> None:
    path, _ = db
    cp = tmp_path / "cp.json"
    assert (
        run(
            "--config", str(key_config), "audit", "checkpoint", "--db", str(path), "-o", str(cp)
        ).exit_code
        == 0
    )
    with raw(path) as conn:
        conn.execute("DELETE FROM chain_checkpoints")
        last = conn.execute("SELECT MAX(chain_seq) FROM audit").fetchone()[0]
        conn.execute("DELETE FROM audit WHERE chain_seq = ?", (last,))
        prev_seq, prev_hash = conn.execute(
            "SELECT chain_seq, hash FROM records WHERE chain_seq = ? "
            "UNION SELECT chain_seq, hash FROM audit WHERE chain_seq = ?",
            (last - 1, last - 1),
        ).fetchone()
        conn.execute("UPDATE chain_head SET seq = ?, hash = ?", (prev_seq, prev_hash))
    assert verify(path)[0] == 0
    code, out = verify(path, "--checkpoint", str(cp), "--public-key", _public(key_config))
    assert code == 1
    assert out["first"]["code"] == "checkpoint"


def _public(config: Path) -> str:
    return run("--config", str(config), "audit", "public-key").output.strip()


def test_a_checkpoint_by_another_key_or_with_a_forged_head_is_refused(
    db: tuple[Path, Record], key_config: Path, tmp_path: Path
) -> None:
    path, _ = db
    cp = tmp_path / "cp.json"
    assert (
        run(
            "--config", str(key_config), "audit", "checkpoint", "--db", str(path), "-o", str(cp)
        ).exit_code
        == 0
    )
    other = tmp_path / "other.pem"
    other.write_bytes(generate_key_pem())
    other_config = tmp_path / "other.toml"
    other_config.write_text(f'[audit]\nsigning_key_file = "{other}"\n', encoding="utf-8")

    # the right key verifies it; another key refuses it
    assert verify(path, "--checkpoint", str(cp), "--public-key", _public(key_config))[0] == 0
    code, out = verify(path, "--checkpoint", str(cp), "--public-key", _public(other_config))
    assert code == 1
    assert out["checkpoints"]["refused"][0]["source"] == str(cp)

    # a forged head under the real signature is refused
    data = json.loads(cp.read_text())
    data["head"] = "00" * 32
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    code, out = verify(path, "--checkpoint", str(forged), "--public-key", _public(key_config))
    assert code == 1
    assert out["checkpoints"]["refused"]


def test_usage_errors_exit_2(tmp_path: Path, db: tuple[Path, Record]) -> None:
    path, _ = db
    assert run("audit", "verify", "--db", str(tmp_path / "none.sqlite")).exit_code == 2
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    assert run("audit", "verify", "--db", str(path), "--checkpoint", str(junk)).exit_code == 2
    missing_key = run("audit", "checkpoint", "--db", str(path))
    assert missing_key.exit_code == 2
    assert "signing_key_file" in missing_key.output
    assert run("audit", "verify", "--db", "memory://").exit_code == 2


def test_carekit_check_reports_a_broken_chain(db: tuple[Path, Record]) -> None:
    path, _ = db
    assert run("check", "--db", str(path), "--lang", "en").exit_code == 0
    with raw(path) as conn:
        conn.execute("UPDATE audit SET actor_id = 'someone-else' WHERE seq = 2")
    result = run("check", "--db", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "the content changed" in result.output
    as_json = json.loads(run("check", "--db", str(path), "--json").output)
    assert [f["code"] for f in as_json] == ["content"]
