from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator

import pytest

from carekit.errors import DeliveryError
from carekit.model import Record
from carekit.notify import DeliveryReceipt, Notification, Recipient, Routing, StaticDirectory
from carekit.store import MemoryStore
from carekit.testing.records import CITIZEN_ID, STAFF, make_record

CITIZEN = str(CITIZEN_ID)


class Clock:
    """A fake clock: starts now (so the store's own "now" is never ahead of it) and moves
    only when told."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class FakeChannel:
    """An in-memory channel; ``faults`` holds what the next sends do: "retry", "fatal",
    "crash"."""

    def __init__(self, name: str, *, requires_address: bool = False) -> None:
        self.name = name
        self.requires_address = requires_address
        self.sent: list[Notification] = []
        self.faults: deque[str] = deque()
        self.always: str | None = None

    def send(self, notification: Notification) -> DeliveryReceipt:
        fault = self.faults.popleft() if self.faults else self.always
        if fault == "retry":
            raise DeliveryError("receiver busy", plugin=self.name, retryable=True)
        if fault == "fatal":
            raise DeliveryError("bad address", plugin=self.name, retryable=False)
        if fault == "crash":
            raise RuntimeError("bug in plugin")
        self.sent.append(notification)
        return DeliveryReceipt(channel=self.name, key=notification.key)

    def keys(self) -> list[str]:
        return [n.key for n in self.sent]


TEAM = Recipient(
    id="team-nord", kind="team", display_name="Team Nord", addresses={"email": "nord@example.dk"}
)
ANNA = Recipient(
    id=STAFF.id, kind="staff", display_name="Anna", addresses={"email": "anna@example.dk"}
)
KAREN = Recipient(
    id=CITIZEN, kind="citizen", display_name="Karen", addresses={"sms": "+4512345678"}
)
SON = Recipient(
    id="rel-1",
    kind="relative",
    display_name="Peter",
    lang="en",
    addresses={"email": "peter@example.com"},
)


@pytest.fixture
def directory() -> StaticDirectory:
    return StaticDirectory(
        recipients=[TEAM, ANNA, KAREN, SON],
        teams={CITIZEN: "team-nord"},
        relatives={CITIZEN: ["rel-1"]},
    )


@pytest.fixture
def routing(directory: StaticDirectory) -> Routing:
    return Routing(
        directory=directory, link_template="https://care.example.dk/{citizen_id}/{record_id}"
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> Iterator[MemoryStore]:
    with MemoryStore() as s:
        # stores check referential integrity: the records of these tests need their citizen
        s.put(make_record("citizen", 0), expected_version=None)
        yield s


@pytest.fixture(scope="module")
def walked_records() -> list[Record]:
    """Every stored record after ``carekit demo`` has walked the workflows."""
    from carekit.demo import run_demo
    from carekit.testing.readers import open_reading

    with open_reading("memory://") as app:
        run_demo(app, echo=lambda _line: None)
        return [row.record for row in app.store.query()]
