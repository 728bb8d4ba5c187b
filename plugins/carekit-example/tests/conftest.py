"""Fixtures: a drop directory with a simulated legacy receiver, and applications opened
through carekit's plugin loading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _example_support import ONLY_EXAMPLE, DropReceiver
from carekit_example import EventCounter
from carekit_example import plugin as example_plugin

from carekit.app import Application
from carekit.testing.readers import open_reading


@pytest.fixture
def drop_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "drop"
    directory.mkdir()
    return directory


@pytest.fixture
def receiver(drop_dir: Path) -> DropReceiver:
    return DropReceiver(drop_dir)


@pytest.fixture
def event_counts() -> Iterator[EventCounter]:
    """The plugin's process-wide counter, empty at the start of the test."""
    example_plugin.event_counts.reset()
    yield example_plugin.event_counts
    example_plugin.event_counts.reset()


@pytest.fixture
def app(event_counts: EventCounter) -> Iterator[Application]:
    """carekit on a memory store, with the example plugin loaded from its entry point, reading
    as the kit's test reader (every read is logged and needs a reader)."""
    with open_reading("memory://", selection=ONLY_EXAMPLE) as application:
        yield application
