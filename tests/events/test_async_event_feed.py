"""``AsyncApplication.events(after=…)``: the same pages as the sync feed (#17)."""

from __future__ import annotations

import pytest

from carekit.aio import open_async
from carekit.demo import DEMO_IMPORTER, demo_records
from carekit.testing.readers import TEST_PURPOSE, TEST_READER

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_async_pages_follow_each_other() -> None:
    async with open_async("memory://", actor=TEST_READER, purpose=TEST_PURPOSE) as app:
        await app.import_records(demo_records(), actor=DEMO_IMPORTER)
        everything = await app.events()
        first = await app.events(limit=5)
        rest = await app.events(after=first.cursor)
    assert [e.id for e in [*first, *rest]] == [e.id for e in everything]
    assert rest.cursor == everything.cursor
