"""Helpers for the PostgreSQL tests: reaching the server, throw-away databases and schemas,
and the worker functions run in spawned processes (they must be importable by name)."""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Mapping

import psycopg
import pytest

#: The server the tests use; the role must be allowed to CREATE DATABASE and CREATE ROLE.
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REQUIRE_ENV = "CAREKIT_REQUIRE_POSTGRES"
URL_ENV = "CAREKIT_POSTGRES_URL"


def admin_url(env: Mapping[str, str] | None = None) -> str:
    return (env if env is not None else os.environ).get(URL_ENV, DEFAULT_ADMIN_URL)


def required(env: Mapping[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(REQUIRE_ENV, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def server_problem(url: str, timeout: int = 3) -> str | None:
    """Why the server at *url* cannot be used (``None`` when it can)."""
    try:
        with psycopg.connect(url, connect_timeout=timeout, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return exc.diag.message_primary or str(exc).strip().splitlines()[0]
    return None


def unreachable(url: str, problem: str, env: Mapping[str, str] | None = None) -> None:
    """Skip loudly — or fail, when ``CAREKIT_REQUIRE_POSTGRES=1`` — because the server at
    *url* cannot be used.  Always raises."""
    message = (
        f"PostgreSQL NOT REACHABLE at {url} ({problem}): the PostgreSQL backend was NOT "
        f"tested. Start the server or point {URL_ENV} at one"
    )
    if required(env):
        pytest.fail(f"{message}; {REQUIRE_ENV}=1 makes this a failure.", pytrace=False)
    pytest.skip(f"{message} ({REQUIRE_ENV}=1 turns this skip into a failure).")


def with_user(url: str, user: str) -> str:
    """*url* connecting as *user* (no password: the test server trusts 127.0.0.1)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}@{host}"))


def with_path(url: str, dbname: str) -> str:
    base, _, _query = url.partition("?")
    root = base.rsplit("/", 1)[0]
    return f"{root}/{dbname}"


def new_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def drop_database(admin: str, dbname: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        )
        conn.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(dbname)
            )
        )


# -- workers for multiprocessing (spawn) ---------------------------------------------------
def rmw_worker(
    url: str, record_ids: list[str], rounds: int, writer: int
) -> list[tuple[str, int, int]]:
    """Read-modify-write *rounds* times on each of *record_ids*; returns ``(record id,
    version written, marker)`` for every successful write."""
    from carekit_postgres import PostgresStore

    from carekit.errors import ConflictError
    from carekit.testing.records import touch

    wins: list[tuple[str, int, int]] = []
    with PostgresStore(url, pool_max_size=2) as store:
        for i in range(rounds):
            for rid in record_ids:
                marker = writer * 100_000 + i + 1
                while True:
                    current = store.get(rid)
                    changed = touch(current.record, plan_version=marker)
                    try:
                        stored = store.put(changed, expected_version=current.version)
                    except ConflictError:
                        continue
                    wins.append((rid, stored.version, marker))
                    break
    return wins


def dispatch_worker(url: str, batch: int) -> list[str]:
    """Claim and complete until nothing is left; returns the ids this process completed."""
    from carekit_postgres import PostgresStore

    done: list[str] = []
    with PostgresStore(url, pool_max_size=2) as store:
        while True:
            claimed = store.claim(limit=batch, lease_seconds=300)
            if not claimed:
                return done
            for item in claimed:
                store.complete(item.id)
                done.append(item.id)
