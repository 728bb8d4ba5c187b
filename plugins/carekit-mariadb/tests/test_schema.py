"""The first open creates carekit's tables; the history and the audit log are append-only
in the database itself (triggers), and text columns compare without padding."""

from __future__ import annotations

from collections.abc import Callable

import pymysql
import pytest
from _support import run_admin
from carekit_mariadb import LATEST, MariaDBStore

from carekit.errors import StoreError
from carekit.testing.records import make_record
from carekit.testing.storage import put_new, seed

pytestmark = pytest.mark.mariadb


def test_the_first_open_creates_the_tables_and_a_second_open_keeps_them(
    database_url: Callable[..., str],
) -> None:
    url = database_url(prepared=False)
    record = make_record("dream", 1)
    with MariaDBStore(url) as store:
        assert store.schema_version == LATEST
        seed(store, record)
        put_new(store, record)
    with MariaDBStore(url) as again:
        assert again.schema_version == LATEST
        assert again.get(record.record_id).version == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE record_versions SET version = 9",
        "DELETE FROM record_versions",
        "UPDATE audit SET actor_id = 'someone else'",
        "DELETE FROM audit",
    ],
)
def test_history_and_audit_refuse_update_and_delete(fresh_url: str, statement: str) -> None:
    with MariaDBStore(fresh_url) as store:
        record = make_record("dream", 2)
        seed(store, record)
        put_new(store, record)
        with (
            store._connection("tamper", write=True) as cur,
            pytest.raises(pymysql.err.OperationalError, match="append-only"),
        ):
            cur.execute(statement)
        assert [h.version for h in store.history(record.record_id)] == [1]
        assert len(store.audit_log(record_id=record.record_id)) == 1


def test_text_columns_compare_without_padding(fresh_url: str) -> None:
    with MariaDBStore(fresh_url) as store, store._connection("probe", write=False) as cur:
        cur.execute(
            "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'record_heads' "
            "AND COLLATION_NAME IS NOT NULL"
        )
        collations = dict(cur.fetchall())
        assert set(collations.values()) == {"utf8mb4_nopad_bin"}
        cur.execute("SELECT 'a' = 'a ' COLLATE utf8mb4_nopad_bin")
        assert cur.fetchone() == (0,)


def test_a_database_of_a_newer_schema_version_is_refused_in_both_languages(
    fresh_url: str, mariadb_admin_url: str
) -> None:
    database = fresh_url.rpartition("/")[2]
    run_admin(mariadb_admin_url, f"UPDATE `{database}`.carekit_schema SET version = {LATEST + 1}")
    with pytest.raises(StoreError) as info:
        MariaDBStore(fresh_url)
    assert f"schema version {LATEST + 1}" in info.value.text.en
    assert "skemaversion" in info.value.text.da
