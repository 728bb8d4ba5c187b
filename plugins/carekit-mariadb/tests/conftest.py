"""Fixtures: a throw-away database on the real MariaDB server per store.

Without a reachable server every MariaDB test is SKIPPED with a loud reason — unless
``CAREKIT_REQUIRE_MARIADB=1`` (set by CI), which makes it a FAILURE.  The server defaults to
``mariadb://root@127.0.0.1:3306/mysql``; set ``CAREKIT_MARIADB_URL`` for another (its user
must be allowed to create and drop databases).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from _support import (
    Databases,
    admin_url,
    new_name,
    run_admin,
    server_problem,
    unreachable,
    with_database,
    with_password,
)


@pytest.fixture(scope="session")
def mariadb_admin_url() -> str:
    """A URL of the server with a user that may create and drop databases."""
    url = admin_url()
    problem = server_problem(url)
    if problem is not None:
        unreachable(url, problem)
    return url


@pytest.fixture(scope="session")
def databases(mariadb_admin_url: str) -> Iterator[Databases]:
    """The run's supply of fresh databases (made ahead, dropped in the background)."""
    supply = Databases(mariadb_admin_url)
    try:
        yield supply
    finally:
        supply.close()


@pytest.fixture
def database_url(databases: Databases) -> Iterator[Callable[..., str]]:
    """Make URLs of fresh, empty databases (``carekit_t_<random>``, dropped after the test);
    ``database_url(prepared=False)`` gives one without carekit's tables."""
    made: list[str] = []

    def make(*, prepared: bool = True) -> str:
        name = databases.fresh(prepared=prepared)
        made.append(name)
        return with_database(databases.admin, name)

    yield make
    databases.drop(made)


@pytest.fixture
def fresh_url(database_url: Callable[[], str]) -> str:
    """The URL of one fresh, empty database."""
    return database_url()


#: The password of :func:`kit_user` (with an ``@`` and a ``:``, which URLs must carry).
SECRET = "kit-hemmeligt-7@x:y"


@pytest.fixture(scope="session")
def kit_user(mariadb_admin_url: str) -> Iterator[str]:
    """A user with a password (``SECRET``) and every right on the test databases
    (``carekit_t_…``), so that the kit can check that no password is ever shown."""
    name = new_name("carekit_kit")
    run_admin(
        mariadb_admin_url,
        f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{SECRET}'",
        f"CREATE USER '{name}'@'localhost' IDENTIFIED BY '{SECRET}'",
        f"GRANT ALL PRIVILEGES ON `carekit\\_t\\_%`.* TO '{name}'@'127.0.0.1'",
        f"GRANT ALL PRIVILEGES ON `carekit\\_t\\_%`.* TO '{name}'@'localhost'",
    )
    try:
        yield name
    finally:
        run_admin(
            mariadb_admin_url,
            f"DROP USER IF EXISTS '{name}'@'127.0.0.1'",
            f"DROP USER IF EXISTS '{name}'@'localhost'",
        )


@pytest.fixture
def secret_url(database_url: Callable[[], str], kit_user: str) -> Callable[[], str]:
    """Make URLs of fresh databases that connect as :func:`kit_user`, password included."""

    def make() -> str:
        return with_password(database_url(), kit_user, SECRET)

    return make
