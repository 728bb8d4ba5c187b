"""Fixtures of the core tests, and the rule for tests that need a plugin.

The suite passes with only carekit installed (``tox -e core``).  A test that needs one of the
reference plugins says so with the marker ``needs_plugin("carekit-fhir", ...)`` (distribution
names); without the plugin it is skipped with a reason naming it.  The full environment
(``tox -e py``, which installs every plugin) sets ``CAREKIT_REQUIRE_PLUGINS=1``, which turns
that skip into a failure, so CI always runs these tests (like ``CAREKIT_REQUIRE_POSTGRES``).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
from collections.abc import Iterator

import pytest

import carekit
from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_records, demo_staff
from carekit.model import Actor
from carekit.testing.readers import open_reading


@pytest.fixture
def app() -> Iterator[carekit.Application]:
    with open_reading("memory://") as application:
        yield application


@pytest.fixture
def demo_app(app: Application) -> Application:
    app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return app


@pytest.fixture
def anna() -> Actor:
    return demo_staff()["anna"]


@pytest.fixture
def at() -> dt.datetime:
    return dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)


NEEDS_PLUGIN = "needs_plugin"


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def pytest_runtest_setup(item: pytest.Item) -> None:
    needed = [name for mark in item.iter_markers(NEEDS_PLUGIN) for name in mark.args]
    missing = [name for name in needed if not _installed(name)]
    if not missing:
        return
    reason = (
        f"needs the plugin(s) {', '.join(missing)}, not installed "
        f"(pip install -e {' -e '.join(f'plugins/{name}' for name in missing)})"
    )
    if os.environ.get("CAREKIT_REQUIRE_PLUGINS") == "1":
        pytest.fail(reason + "; CAREKIT_REQUIRE_PLUGINS=1 makes this a failure", pytrace=False)
    pytest.skip(reason)
