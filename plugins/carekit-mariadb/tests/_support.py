"""Helpers for the MariaDB tests: reaching the server, throw-away databases, and the worker
functions run in spawned processes (they must be importable by name)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping

import pymysql
import pytest
from carekit_mariadb import MariaDBSettings, parse_url

#: The server the tests use; the user must be allowed to CREATE and DROP databases.
DEFAULT_ADMIN_URL = "mariadb://root@127.0.0.1:3306/mysql"
REQUIRE_ENV = "CAREKIT_REQUIRE_MARIADB"
URL_ENV = "CAREKIT_MARIADB_URL"


def admin_url(env: Mapping[str, str] | None = None) -> str:
    return (env if env is not None else os.environ).get(URL_ENV, DEFAULT_ADMIN_URL)


def required(env: Mapping[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(REQUIRE_ENV, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def connect(settings: MariaDBSettings, timeout: int = 3) -> pymysql.connections.Connection:  # type: ignore[type-arg]
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


def create_database(admin: str, name: str) -> None:
    conn = connect(parse_url(admin))
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    finally:
        conn.close()


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
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        conn.close()


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
