"""Helpers for the MariaDB tests: reaching the server, throw-away databases, and the worker
functions run in spawned processes (they must be importable by name)."""

from __future__ import annotations

import os
import time
import uuid
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pymysql
import pytest
from carekit_mariadb import MariaDBSettings, _schema, parse_url

#: The server the tests use; the user must be allowed to CREATE and DROP databases.
DEFAULT_ADMIN_URL = "mariadb://root@127.0.0.1:3306/mysql"
REQUIRE_ENV = "CAREKIT_REQUIRE_MARIADB"
URL_ENV = "CAREKIT_MARIADB_URL"


def admin_url(env: Mapping[str, str] | None = None) -> str:
    return (env if env is not None else os.environ).get(URL_ENV, DEFAULT_ADMIN_URL)


def required(env: Mapping[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(REQUIRE_ENV, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def connect(settings: MariaDBSettings, timeout: int = 3) -> pymysql.connections.Connection:
    return pymysql.connect(
        host=settings.host,
        port=settings.port,
        user=settings.user or "",
        password=settings.password or "",
        database=settings.database,
        connect_timeout=timeout,
        autocommit=True,
        charset="utf8mb4",
    )


def server_problem(url: str) -> str | None:
    """Why the server at *url* cannot be used (``None`` when it can)."""
    try:
        conn = connect(parse_url(url))
    except pymysql.Error as exc:
        return str(exc.args[-1]) if exc.args else type(exc).__name__
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
    finally:
        conn.close()
    return None


def unreachable(url: str, problem: str, env: Mapping[str, str] | None = None) -> None:
    """Skip loudly — or fail, when ``CAREKIT_REQUIRE_MARIADB=1`` — because the server at
    *url* cannot be used.  Always raises."""
    message = (
        f"MariaDB NOT REACHABLE at {url} ({problem}): the MariaDB backend was NOT tested. "
        f"Start the server or point {URL_ENV} at one"
    )
    if required(env):
        pytest.fail(f"{message}; {REQUIRE_ENV}=1 makes this a failure.", pytrace=False)
    pytest.skip(f"{message} ({REQUIRE_ENV}=1 turns this skip into a failure).")


def with_database(url: str, database: str) -> str:
    base, _, query = url.partition("?")
    root = base.rsplit("/", 1)[0]
    return f"{root}/{database}" + (f"?{query}" if query else "")


def with_password(url: str, user: str, password: str) -> str:
    """*url* connecting as *user* with *password* (written unencoded, as people do)."""
    scheme, _, rest = url.partition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme}://{user}:{password}@{host}"


def new_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def run_admin(admin: str, *statements: str) -> None:
    conn = connect(parse_url(admin))
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
    finally:
        conn.close()


def drop_databases(admin: str, names: list[str]) -> None:
    if not names:
        return
    conn = connect(parse_url(admin))
    try:
        with conn.cursor() as cur:
            for name in names:
                _drop_database(cur, name)
    finally:
        conn.close()


#: MariaDB error 1010: "Error dropping database (can't rmdir …, errno: 39 "Directory not
#: empty")" — under load InnoDB may still hold a dropped table's file for a moment after the
#: connection that used it closed; the drop succeeds when tried again.
_DIRECTORY_NOT_EMPTY = 1010


def _drop_database(cur: Any, name: str, attempts: int = 20) -> None:
    for attempt in range(attempts):
        try:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            return
        except pymysql.err.OperationalError as exc:
            if exc.args[0] != _DIRECTORY_NOT_EMPTY or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


# -- workers for multiprocessing (spawn) ---------------------------------------------------
def dispatch_worker(url: str, batch: int) -> list[str]:
    """Claim and complete until nothing is left; returns the ids this process completed."""
    from carekit_mariadb import MariaDBStore

    done: list[str] = []
    with MariaDBStore(url, pool_size=2) as store:
        while True:
            claimed = store.claim(limit=batch, lease_seconds=300)
            if not claimed:
                return done
            for item in claimed:
                store.complete(item.id)
                done.append(item.id)


class Databases:
    """Fresh, empty databases for the tests, made ahead of time: DDL waits on disk flushes
    (about 0.5 s to create carekit's tables here, 0.2 s to drop a database), so a helper
    thread keeps *ahead* databases ready — created and given carekit's tables by the same
    statements ``MariaDBStore`` runs on first open — and drops used ones in the background
    while the tests run.  ``fresh(prepared=False)`` makes a bare database instead, for tests
    of the first open itself."""

    def __init__(self, admin: str, ahead: int = 6) -> None:
        self.admin = admin
        self._work = ThreadPoolExecutor(6, thread_name_prefix="carekit-mariadb-ddl")
        self._ready: deque[Future[str]] = deque()
        self._drops: list[Future[None]] = []
        self._ahead = ahead
        self._fill()

    def _make(self, prepared: bool) -> str:
        name = new_name("carekit_t")
        statements = [f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"]
        if prepared:
            statements += [f"USE `{name}`", *_schema.STATEMENTS]
        run_admin(self.admin, *statements)
        return name

    def _fill(self) -> None:
        while len(self._ready) < self._ahead:
            self._ready.append(self._work.submit(self._make, True))

    def fresh(self, *, prepared: bool = True) -> str:
        """The name of a new, empty database (with carekit's tables when *prepared*)."""
        if not prepared:
            return self._make(False)
        name = self._ready.popleft().result(timeout=120)
        self._fill()
        return name

    def drop(self, names: list[str]) -> None:
        """Drop *names* in the background (waited for by :meth:`close`)."""
        if names:
            self._drops.append(self._work.submit(drop_databases, self.admin, list(names)))

    def close(self) -> None:
        leftover = [f.result() for f in self._ready]
        self._ready.clear()
        self.drop(leftover)
        self._work.shutdown(wait=True)
        for done in self._drops:
            done.result()
