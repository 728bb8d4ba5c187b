"""Fixtures of the async tests: anyio's pytest plugin on the asyncio backend, and a
throw-away PostgreSQL database."""

from __future__ import annotations

import importlib.metadata
import os
import uuid
from collections.abc import Callable, Iterator
from typing import NoReturn

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """The async tests run on asyncio (the backend web frameworks use)."""
    return "asyncio"


def _unavailable(reason: str, required_by: str) -> NoReturn:
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} ({required_by}=1)")
    pytest.skip(f"POSTGRESQL ASYNC TESTS NOT RUN: {reason}")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throw-away database on the real PostgreSQL server (``CAREKIT_POSTGRES_URL``, default
    ``postgresql://postgres@127.0.0.1:5432/postgres``), dropped at the end of the run.

    Skipped with a loud reason without carekit-postgres or a server, unless
    ``CAREKIT_REQUIRE_PLUGINS=1`` / ``CAREKIT_REQUIRE_POSTGRES=1`` make that a failure."""
    try:
        import psycopg
        from psycopg import sql

        importlib.metadata.distribution("carekit-postgres")
    except (ImportError, importlib.metadata.PackageNotFoundError):
        _unavailable("carekit-postgres is not installed", "CAREKIT_REQUIRE_PLUGINS")
    admin = os.environ.get("CAREKIT_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"carekit_aio_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        _unavailable(f"no PostgreSQL server ({type(exc).__name__})", "CAREKIT_REQUIRE_POSTGRES")
    base, _, _ = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def pg_schema_url(pg_database: str) -> Callable[[], str]:
    """Make URLs of fresh schemas in the run's database (dropped with it)."""
    return lambda: f"{pg_database}?schema=t_{uuid.uuid4().hex[:10]}"
