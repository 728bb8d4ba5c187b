"""Fixtures of the event-feed tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carekit.app import Application
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.testing.readers import open_reading


@pytest.fixture
def demo_app() -> Iterator[Application]:
    with open_reading("memory://") as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
        yield app
