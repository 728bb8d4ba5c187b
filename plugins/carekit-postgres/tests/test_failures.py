"""Failures: an unreachable server, and a connection killed in the middle of a write."""

from __future__ import annotations

import psycopg
import pytest
from carekit_postgres import PostgresStore, PostgresUnavailableError

from carekit.errors import StoreClosedError, StoreUnavailableError
from carekit.store import PutItem
from carekit.testing.records import make_record
from carekit.testing.storage import put_new, seed

pytestmark = pytest.mark.postgres


def test_unreachable_server_raises_store_unavailable_naming_host_port_db_not_password() -> None:
    with pytest.raises(StoreUnavailableError) as info:
        PostgresStore("postgresql://care:hemmeligt@127.0.0.1:1/care_db?pool_timeout=2")
    error = info.value
    assert isinstance(error, PostgresUnavailableError)
    assert error.where == "127.0.0.1:1/care_db"
    assert "127.0.0.1:1/care_db" in str(error)
    assert "hemmeligt" not in str(error)
    assert error.url == "postgresql://care:***@127.0.0.1:1/care_db?pool_timeout=2"
    assert "svarer ikke" in error.text.da


def test_store_url_masks_the_password(fresh_url: str) -> None:
    url = fresh_url.replace("@", ":hemmeligt@", 1)
    with PostgresStore(url) as store:
        assert "hemmeligt" not in store.url
        assert ":***@" in store.url
        assert "hemmeligt" not in repr(store)


def test_connection_killed_mid_put_many_writes_nothing_and_a_retry_succeeds(
    fresh_url: str, pg_admin_url: str
) -> None:
    batch = [PutItem(make_record("dream", n)) for n in range(300)]
    killed: list[int] = []

    def kill_my_backend(conn: psycopg.Connection[object]) -> None:
        # the version rows (COPY), heads and audit rows are written, not yet committed
        pid = conn.info.backend_pid
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            row = admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone()
        assert row == (True,)
        killed.append(pid)

    with PostgresStore(fresh_url, pool_min_size=1, pool_max_size=2) as store:
        seed(store, *(i.record for i in batch))
        before = store.audit_log()
        store._before_commit = kill_my_backend
        with pytest.raises(StoreUnavailableError) as info:
            store.put_many(batch)
        assert killed
        assert "put_many" in str(info.value)
        store._before_commit = None

        assert store.query(kind="dream") == []
        assert store.audit_log() == before
        assert store.outbox() == []

        stored = store.put_many(batch)  # the pool replaced the dead connection
        assert [s.version for s in stored] == [1] * 300
        assert len(store.query(kind="dream")) == 300
        assert len(store.audit_log()) == len(before) + 300


def test_connection_killed_while_idle_in_the_pool_is_replaced(
    fresh_url: str, pg_admin_url: str
) -> None:
    with PostgresStore(fresh_url, pool_min_size=1, pool_max_size=1) as store:
        put_new(store, make_record("dream", 1))
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = '' AND usename = current_user AND backend_type = "
                "'client backend' AND datname = %s",
                (store.settings.dbname,),
            )
        assert store.get(make_record("dream", 1).record_id).version == 1


def test_closed_store_refuses_every_call(fresh_url: str) -> None:
    store = PostgresStore(fresh_url)
    store.close()
    with pytest.raises(StoreClosedError) as caught:
        store.query()
    assert caught.value.code == "store.closed"
    assert caught.value.text.da.startswith("Lageret er lukket")


def test_no_part_of_a_password_with_an_at_sign_reaches_an_error() -> None:
    from carekit_postgres._store import _scrub_credentials

    reason = "failed to resolve host 'ss@127.0.0.1': Name or service not known"
    scrubbed = _scrub_credentials(reason, "postgresql://care:p@ss@127.0.0.1:5432/care")
    assert "ss@" not in scrubbed
    assert "'***@127.0.0.1'" in scrubbed


def test_opening_with_an_unencoded_at_in_the_password_shows_none_of_it() -> None:
    secret = "hemmelig@kode9"
    with pytest.raises(StoreUnavailableError) as caught:
        PostgresStore(f"postgresql://care:{secret}@127.0.0.1:5432/care?connect_timeout=2")
    for text in (str(caught.value), caught.value.text.da, caught.value.text.en):
        assert "kode9" not in text
        assert "hemmelig" not in text
