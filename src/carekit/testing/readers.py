"""Readers for tests: every read of a citizen's data needs one (the read-access log), so a
test that reads opens its application bound to :data:`TEST_READER`::

    from carekit.testing.readers import open_reading

    with open_reading("memory://") as app:
        app.citizens.list()

or binds a reader later with ``app.session(actor=TEST_READER, purpose="care")``.
"""

from __future__ import annotations

import os
from typing import Any

from carekit.app import Application, open_app
from carekit.model import Actor, ActorKind, Channel, Purpose

__all__ = ["TEST_PURPOSE", "TEST_READER", "open_reading", "reading"]

#: The staff member tests read as (it shows in the access log like anyone else).
TEST_READER = Actor(
    id="carekit-test-reader", kind=ActorKind.STAFF, name="Test Læser", role="tester"
)
#: The purpose tests read for.
TEST_PURPOSE = Purpose.CARE


def open_reading(url: str | os.PathLike[str] | None = None, **options: Any) -> Application:
    """``carekit.open(url, **options)`` bound to :data:`TEST_READER` reading for care."""
    options.setdefault("actor", TEST_READER)
    options.setdefault("purpose", TEST_PURPOSE)
    return open_app(url, **options)


def reading(app: Application, channel: Channel | str = Channel.API) -> Application:
    """A session of *app* reading as :data:`TEST_READER`, for care."""
    return app.session(actor=TEST_READER, purpose=TEST_PURPOSE, channel=channel)
