"""Failures: an unreachable server, a refused password, a connection killed in the middle
of a write, a closed store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from _support import connect
from carekit_mariadb import MariaDBStore, MariaDBUnavailableError, UnstorableValueError, parse_url
from conftest import SECRET

from carekit.errors import StoreClosedError, StoreError, StoreUnavailableError
from carekit.store import PutItem
from carekit.testing.records import make_record
from carekit.testing.storage import seed

pytestmark = pytest.mark.mariadb


def test_unreachable_server_raises_store_unavailable_naming_host_port_db_not_password() -> None:
    with pytest.raises(StoreUnavailableError) as info:
        MariaDBStore("mariadb://care:hemme@ligt@127.0.0.1:1/care_db?connect_timeout=2")
    error = info.value
    assert isinstance(error, MariaDBUnavailableError)
    assert error.where == "127.0.0.1:1/care_db"
    assert "127.0.0.1:1/care_db" in str(error)
    assert "hemme" not in f"{error} {error.text!r}"
    assert error.url == "mariadb://care:***@127.0.0.1:1/care_db?connect_timeout=2"
    assert "svarer ikke" in error.text.da


def test_a_wrong_password_is_refused_without_showing_it(
    secret_url: Callable[[], str],
) -> None:
    url = secret_url().replace(SECRET, "forkert-hemmelighed")
    with pytest.raises(MariaDBUnavailableError) as info:
        MariaDBStore(url)
    text = f"{info.value} {info.value.text!r} {info.value.url}"
    assert "Access denied" in text
    assert "forkert-hemmelighed" not in text
    assert SECRET not in text


def test_connection_killed_mid_put_many_writes_nothing_and_a_retry_succeeds(
    fresh_url: str, mariadb_admin_url: str
) -> None:
    batch = [PutItem(make_record("dream", n)) for n in range(200)]
    killed: list[int] = []
    with MariaDBStore(fresh_url, pool_size=1) as store:
        seed(store, *(i.record for i in batch))
        before = store.audit_log()
        with store._connection("probe", write=False) as cur:
            cur.execute("SELECT CONNECTION_ID()")
            (conn_id,) = cur.fetchone() or (0,)

        def kill(point: str) -> None:
            # the record rows are written, the audit and outbox rows not yet
            if point == "put_many.records_written":
                admin = connect(parse_url(mariadb_admin_url))
                try:
                    with admin.cursor() as cur:
                        cur.execute(f"KILL CONNECTION {int(conn_id)}")
                finally:
                    admin.close()
                killed.append(conn_id)

        store.fault_hook = kill
        with pytest.raises(StoreUnavailableError) as info:
            store.put_many(batch)
        store.fault_hook = None
        assert killed
        assert "put_many" in str(info.value)
        assert store.query(kind="dream") == []
        assert store.audit_log() == before
        assert store.outbox() == []
        stored = store.put_many(batch)  # the pool opened a new connection
        assert [s.version for s in stored] == [1] * 200
        assert len(store.query(kind="dream")) == 200
        assert len(store.audit_log()) == len(before) + 200


def test_a_closed_store_refuses_every_call(fresh_url: str) -> None:
    store = MariaDBStore(fresh_url)
    store.close()
    store.close()
    with pytest.raises(StoreClosedError):
        store.get("x")
    with pytest.raises(StoreClosedError):
        store.claim(limit=1, lease_seconds=1)


def test_a_value_too_long_for_its_column_is_refused_with_a_store_error(fresh_url: str) -> None:
    with MariaDBStore(fresh_url) as store:
        with pytest.raises(UnstorableValueError) as info:
            store.enqueue("t" * 300, {"n": 1})
        error = info.value
        assert isinstance(error, StoreError)
        assert "topic" in error.reason
        assert "t" * 300 not in f"{error} {error.text!r}"
        assert error.text.da.startswith("MariaDB kan ikke gemme")
        assert store.outbox() == []
        long_error = "x" * 100_000  # an error text longer than TEXT's 64 KiB is kept whole
        (item,) = [store.enqueue("t", {"n": 2})]
        assert item is not None
        store.fail(item.id, error=long_error, retry_at=None)
        assert store.outbox(status="dead")[0].last_error == long_error
