from __future__ import annotations

import datetime as dt

import pytest

import carekit
from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_records, demo_staff
from carekit.model import Actor


@pytest.fixture
def app() -> carekit.Application:
    with carekit.open("memory://") as application:
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
