"""The tamper-evident history on PostgreSQL: tampering as the owner (after switching the
append-only triggers off) is found by ``carekit audit verify`` with the row named; the
least-privilege application role cannot switch the triggers off at all; concurrent writers
never fork the chain; an old schema gets its rows chained by the migration."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from carekit_postgres import PostgresStore, migrate, parse_url
from click.testing import CliRunner, Result
from psycopg import sql

from carekit.cli import cli
from carekit.model import Record
from carekit.store._checkpoint import generate_key_pem
from carekit.store.backend import AUDIT_TABLE, RECORDS_TABLE
from carekit.testing.records import make_record, touch
from carekit.testing.storage import put_new

pytestmark = pytest.mark.postgres


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def verify(url: str, *extra: str) -> tuple[int, dict[str, object]]:
    result = run("audit", "verify", "--db", url, "--format", "json", *extra)
    return result.exit_code, json.loads(result.output)


@pytest.fixture
def db(fresh_url: str) -> tuple[str, Record]:
    """A store with a citizen, a dream in two versions and an audited read."""
    with PostgresStore(fresh_url, audit_reads=True) as store:
        dream = make_record("dream")
        put_new(store, dream)
        current = store.get(dream.record_id)
        store.put(touch(current.record, text="version 2"), expected_version=current.version)
    return fresh_url, dream


@contextmanager
def owner(url: str) -> Iterator[tuple[psycopg.Connection[tuple[object, ...]], sql.Identifier]]:
    """A raw owner connection with the append-only triggers off (what an attacker with the
    owner's password does)."""
    settings = parse_url(url)
    s = sql.Identifier(settings.schema)
    with psycopg.connect(settings.conninfo, autocommit=True) as conn:
        for table in ("record_versions", "audit"):
            conn.execute(
                sql.SQL("ALTER TABLE {}.{} DISABLE TRIGGER USER").format(s, sql.Identifier(table))
            )
        yield conn, s


def first_finding(url: str) -> dict[str, object]:
    code, out = verify(url)
    assert code == 1
    assert out["verified"] is False
    first = out["first"]
    assert isinstance(first, dict)
    return first


def test_an_untouched_store_verifies_and_check_is_clean(db: tuple[str, Record]) -> None:
    url, _ = db
    code, out = verify(url)
    assert (code, out["verified"]) == (0, True)
    with PostgresStore(url) as store:
        assert store.check() == []
        assert out["rows"] == 3 + len(store.audit_log())


def test_a_changed_document_byte_is_named(db: tuple[str, Record]) -> None:
    url, dream = db
    with owner(url) as (conn, s):
        conn.execute(
            sql.SQL(
                "UPDATE {}.record_versions SET data = replace(data, 'version 2', 'version 3') "
                "WHERE record_id = %s AND version = 2"
            ).format(s),
            (dream.record_id,),
        )
    first = first_finding(url)
    assert (first["code"], first["table"], first["record_id"], first["version"]) == (
        "content",
        RECORDS_TABLE,
        dream.record_id,
        2,
    )
    text = run("audit", "verify", "--db", url, "--lang", "en").output
    assert f"record {dream.record_id} version 2: the content changed" in text
    with PostgresStore(url) as store:
        assert store.check() != []


def test_a_deleted_version_is_named(db: tuple[str, Record]) -> None:
    url, dream = db
    with owner(url) as (conn, s):
        conn.execute(
            sql.SQL("DELETE FROM {}.record_versions WHERE record_id = %s AND version = 1").format(
                s
            ),
            (dream.record_id,),
        )
    assert first_finding(url)["code"] == "missing"
    _, out = verify(url)
    findings = out["findings"]
    assert isinstance(findings, list)
    assert any(
        f["code"] == "no_version" and f["record_id"] == dream.record_id and f["version"] == 1
        for f in findings
    )


def test_a_forged_version_is_named(db: tuple[str, Record]) -> None:
    url, dream = db
    forged = touch(dream, text="forged").model_dump_json()
    with owner(url) as (conn, s):
        # a plausible row at the next free position, with a made-up hash
        conn.execute(
            sql.SQL(
                "INSERT INTO {s}.record_versions (record_id, version, kind, citizen_id, "
                "stored_at, data, chain_seq, prev_hash, hash) "
                "SELECT record_id, 3, kind, citizen_id, stored_at, %s, "
                "(SELECT seq + 1 FROM {s}.chain_head), hash, hash FROM {s}.record_versions "
                "WHERE record_id = %s AND version = 2"
            ).format(s=s),
            (forged, dream.record_id),
        )
    first = first_finding(url)
    assert (first["table"], first["record_id"], first["version"]) == (
        RECORDS_TABLE,
        dream.record_id,
        3,
    )
    _, out = verify(url)
    findings = out["findings"]
    assert isinstance(findings, list)
    codes = {(f["code"], f["version"]) for f in findings}
    assert {("link", 3), ("content", 3), ("no_audit", 3)} <= codes
    assert "head" in {code for code, _ in codes}


def test_two_swapped_audit_rows_are_named(db: tuple[str, Record]) -> None:
    url, _ = db
    columns = "at, actor_id, action, record_id, kind, citizen_id, version, detail"
    with owner(url) as (conn, s):
        seqs = [
            r[0] for r in conn.execute(sql.SQL("SELECT seq FROM {}.audit ORDER BY seq").format(s))
        ]
        a, b = seqs[1], seqs[2]
        conn.execute(
            sql.SQL(
                "UPDATE {s}.audit t SET (" + columns + ") = (SELECT " + columns + " FROM "
                "{s}.audit o WHERE o.seq = CASE WHEN t.seq = %s THEN %s ELSE %s END) "
                "WHERE t.seq IN (%s, %s)"
            ).format(s=s),
            (a, b, a, a, b),
        )
    first = first_finding(url)
    assert first["table"] == AUDIT_TABLE
    assert first["code"] == "content"
    assert first["audit_seq"] in (a, b)


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE {s}.record_versions DISABLE TRIGGER record_versions_append_only",
        "ALTER TABLE {s}.audit DISABLE TRIGGER USER",
        "ALTER TABLE {s}.audit DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        "UPDATE {s}.record_versions SET hash = prev_hash",
        "UPDATE {s}.audit SET chain_seq = chain_seq + 1000",
        "DELETE FROM {s}.chain_checkpoints",
        "DROP TRIGGER audit_append_only ON {s}.audit",
    ],
)
def test_the_app_role_cannot_switch_the_triggers_off_or_rewrite_the_chain(
    restricted_url: Callable[[], str], statement: str
) -> None:
    url = restricted_url()
    settings = parse_url(url)
    with PostgresStore(url) as store:
        put_new(store, make_record("dream"))
        assert store.chain_verify().ok  # the app role writes the chain itself
    with (
        psycopg.connect(settings.conninfo, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(sql.SQL(statement).format(s=sql.Identifier(settings.schema)))


def test_the_app_role_moving_the_chain_head_is_found(restricted_url: Callable[[], str]) -> None:
    """The one chain row the app role may change is the head; a moved head is named."""
    url = restricted_url()
    settings = parse_url(url)
    with PostgresStore(url) as store:
        put_new(store, make_record("dream"))
    with psycopg.connect(settings.conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL("UPDATE {}.chain_head SET seq = seq - 1").format(
                sql.Identifier(settings.schema)
            )
        )
    assert first_finding(url)["code"] == "head"


def test_concurrent_writers_never_fork_the_chain(fresh_url: str) -> None:
    with PostgresStore(fresh_url, pool_max_size=4, audit_reads=True) as store:
        put_new(store, make_record("citizen"))
        errors: list[BaseException] = []

        def write(worker: int) -> None:
            try:
                for n in range(6):
                    record = make_record("dream", worker * 10 + n)
                    store.put(record, expected_version=None)
                    store.get(record.record_id)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        report = store.chain_verify()
        assert report.ok, report.findings[:3]
        assert report.head.seq == 1 + 1 + 4 * 6 * 3  # citizen + audit, 24 x (version, 2 audit)


def test_an_old_schema_gets_its_rows_chained_by_the_migration(fresh_url: str) -> None:
    settings = parse_url(fresh_url)
    citizen = make_record("citizen")
    with psycopg.connect(settings.conninfo, autocommit=True) as conn:
        migrate(conn, schema=settings.schema, url=settings.masked, target=4)
        s = sql.Identifier(settings.schema)
        doc = citizen.model_dump_json()
        conn.execute(
            sql.SQL(
                "INSERT INTO {}.record_versions (record_id, version, kind, citizen_id, "
                "stored_at, data) VALUES (%s, 1, 'citizen', %s, now(), %s::jsonb)"
            ).format(s),
            (citizen.record_id, citizen.record_id, doc),
        )
        conn.execute(
            sql.SQL(
                "INSERT INTO {}.audit (at, actor_id, action, record_id, kind, citizen_id, "
                "version) VALUES (now(), 'x', 'create', %s, 'citizen', %s, 1)"
            ).format(s),
            (citizen.record_id, citizen.record_id),
        )
    with PostgresStore(fresh_url) as store:
        report = store.chain_verify()
        assert (report.ok, report.rows, report.head.seq) == (True, 2, 2)
        assert store.history(citizen.record_id)[0].record == citizen


def test_a_checkpoint_from_before_more_writes_still_verifies(
    db: tuple[str, Record], tmp_path: Path
) -> None:
    url, _ = db
    key = tmp_path / "k.pem"
    key.write_bytes(generate_key_pem())
    config = tmp_path / "s.toml"
    config.write_text(f'[audit]\nsigning_key_file = "{key}"\n', encoding="utf-8")
    cp = tmp_path / "cp.json"
    made = run("--config", str(config), "audit", "checkpoint", "--db", url, "-o", str(cp))
    assert made.exit_code == 0, made.output
    with PostgresStore(url) as store:
        put_new(store, make_record("dream", 1))
        assert len(store.checkpoints()) == 1
    code, out = verify(url, "--checkpoint", str(cp), "--public-key", _public(config))
    assert code == 0, out
    other = tmp_path / "o.pem"
    other.write_bytes(generate_key_pem())
    other_config = tmp_path / "o.toml"
    other_config.write_text(f'[audit]\nsigning_key_file = "{other}"\n', encoding="utf-8")
    assert verify(url, "--checkpoint", str(cp), "--public-key", _public(other_config))[0] == 1


def _public(config: Path) -> str:
    return run("--config", str(config), "audit", "public-key").output.strip()
