from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import carekit
from carekit.app import Application
from carekit.demo import demo_records, demo_staff
from carekit.model import Actor


@pytest.fixture
def app() -> Iterator[carekit.Application]:
    with carekit.open("memory://") as application:
        yield application


@pytest.fixture
def demo_app(app: Application) -> Application:
    app.add_many(demo_records())
    return app


@pytest.fixture
def anna() -> Actor:
    return demo_staff()["anna"]


@pytest.fixture
def at() -> dt.datetime:
    return dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
