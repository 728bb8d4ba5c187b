"""Fixtures: a throw-away database on the real PostgreSQL server for the whole run, a fresh
schema per test, and a least-privilege login role.

Without a reachable server every PostgreSQL test is SKIPPED with a loud reason — unless
``CAREKIT_REQUIRE_POSTGRES=1`` (set by CI), which makes it a FAILURE.  The server defaults to
``postgresql://postgres@127.0.0.1:5432/postgres``; set ``CAREKIT_POSTGRES_URL`` for another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from _support import (
    admin_url,
    drop_database,
    new_name,
    server_problem,
    unreachable,
    with_path,
    with_user,
)
from carekit_postgres import grant_statements, migrate, parse_url
from psycopg import sql


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """A URL of the server with a role that may create databases and roles."""
    url = admin_url()
    problem = server_problem(url)
    if problem is not None:
        unreachable(url, problem)
    return url


@pytest.fixture(scope="session")
def pg_database(pg_admin_url: str) -> Iterator[str]:
    """``postgresql://…/carekit_test_<random>``: created for this run, dropped at its end."""
    name = new_name("carekit_test")
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_path(pg_admin_url, name)
    finally:
        drop_database(pg_admin_url, name)


@pytest.fixture
def schema_url(pg_database: str) -> Iterator[Callable[[], str]]:
    """Make URLs of fresh, empty schemas in the run's database (dropped after the test)."""
    made: list[str] = []

    def make() -> str:
        name = new_name("t")
        made.append(name)
        return f"{pg_database}?schema={name}"

    yield make
    with psycopg.connect(pg_database, autocommit=True) as conn:
        for name in made:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture
def fresh_url(schema_url: Callable[[], str]) -> str:
    """The URL of one fresh, empty schema."""
    return schema_url()


@pytest.fixture(scope="session")
def app_role(pg_admin_url: str, pg_database: str) -> Iterator[str]:
    """A LOGIN role with no privileges of its own (granted per schema by ``restricted_url``)."""
    role = new_name("carekit_app")
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    try:
        yield role
    finally:
        with psycopg.connect(pg_database, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def restricted_url(schema_url: Callable[[], str], app_role: str) -> Callable[[], str]:
    """Make a fresh schema migrated by the owner role and granted to :func:`app_role`;
    returns the URL the app role connects with (``migrate=0``)."""

    def make() -> str:
        owner_url = schema_url()
        settings = parse_url(owner_url)
        with psycopg.connect(settings.conninfo, autocommit=True) as conn:
            migrate(conn, schema=settings.schema, url=settings.masked)
            for statement in grant_statements(schema=settings.schema, role=app_role):
                conn.execute(statement)
        base = with_user(settings.conninfo, app_role).partition("?")[0]
        return f"{base}?schema={settings.schema}&migrate=0"

    return make
