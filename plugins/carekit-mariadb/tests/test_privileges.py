"""The grants docs/mariadb.md gives: CREATE, INDEX and TRIGGER for the first open, then
SELECT, INSERT and UPDATE are all the application's user needs; without DELETE it cannot
remove history even with the triggers gone."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pymysql
import pytest
from _support import new_name, run_admin, with_password
from carekit_mariadb import MariaDBStore

from carekit.testing.records import make_record
from carekit.testing.storage import READER, put_new, seed

pytestmark = pytest.mark.mariadb

PASSWORD = "app-hemmeligt-3"
FIRST_OPEN = "SELECT, INSERT, UPDATE, CREATE, INDEX, TRIGGER"


@pytest.fixture
def app_user(mariadb_admin_url: str) -> Iterator[str]:
    name = new_name("carekit_app")
    run_admin(mariadb_admin_url, f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
    try:
        yield name
    finally:
        run_admin(mariadb_admin_url, f"DROP USER IF EXISTS '{name}'@'127.0.0.1'")


def _grant(admin: str, user: str, url: str, privileges: str) -> str:
    database = url.rpartition("/")[2]
    run_admin(admin, f"GRANT {privileges} ON `{database}`.* TO '{user}'@'127.0.0.1'")
    return with_password(url, user, PASSWORD)


def test_the_documented_grants_open_an_empty_database_and_serve_every_operation(
    database_url: Callable[..., str], mariadb_admin_url: str, app_user: str
) -> None:
    url = _grant(mariadb_admin_url, app_user, database_url(prepared=False), FIRST_OPEN)
    record = make_record("dream", 4)
    with MariaDBStore(url) as store:
        seed(store, record)
        put_new(store, record)
    run_admin(
        mariadb_admin_url,
        f"REVOKE CREATE, INDEX, TRIGGER ON `{url.rpartition('/')[2]}`.* "
        f"FROM '{app_user}'@'127.0.0.1'",
    )
    with MariaDBStore(url + "?audit_reads=1") as store:
        assert store.get(record.record_id, reader=READER).version == 1
        item = store.enqueue("t", {"n": 1}, key="k")
        assert item is not None
        (claimed,) = store.claim(limit=1, lease_seconds=60)
        store.complete(claimed.id)
        assert [e.action for e in store.audit_log(record_id=record.record_id)] == [
            "create",
            "read",
        ]


def test_without_delete_the_user_cannot_remove_history(
    database_url: Callable[..., str], mariadb_admin_url: str, app_user: str
) -> None:
    url = _grant(mariadb_admin_url, app_user, database_url(), "SELECT, INSERT, UPDATE")
    with MariaDBStore(url) as store:
        record = make_record("citizen", 5)
        put_new(store, record)
        for statement in ("DELETE FROM record_versions", "TRUNCATE TABLE audit"):
            with (
                store._connection("tamper", write=False) as cur,
                pytest.raises(pymysql.err.OperationalError, match="command denied"),
            ):
                cur.execute(statement)
        assert [h.version for h in store.history(record.record_id)] == [1]
