"""The event-feed contract (``Store.event_feed``) as pytest tests, for storage backends.

Part of :class:`~carekit.testing.storage.StoreConformance`; or compose
:class:`EventFeedConformance` on its own next to :class:`~carekit.testing.storage.StoreFixtures`
(it uses their ``store`` fixture).  Needs the ``outbox`` capability.

The feed is what ``Application.events(after=…)`` and ``carekit events tail`` read: every
event item of the outbox at a position that grows in commit order, read a page at a time
from an index.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carekit.events import DomainEvent
from carekit.model import Record
from carekit.store import CAP_OUTBOX, EVENT_TOPIC, OutboxItem, Store
from carekit.testing._report import check
from carekit.testing.records import make_record

__all__ = ["EventFeedConformance"]

_outbox = pytest.mark.carekit_capability(CAP_OUTBOX)


def _event(record: Record, n: int) -> DomainEvent:
    return DomainEvent(
        name="RecordCreated",
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=record.actor.id,
        at=dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=n),
    )


def _write(store: Store, count: int, start: int = 0) -> list[str]:
    """Create *count* citizens, each with one event; return the event ids in order."""
    ids = []
    for n in range(start, start + count):
        record = make_record("citizen", n)
        event = _event(record, n)
        store.put(record, expected_version=None, events=[event])
        ids.append(event.id)
    return ids


def _event_ids(rows: list[tuple[int, OutboxItem]]) -> list[str]:
    return [str(item.payload["id"]) for _, item in rows]


class EventFeedConformance:
    """``event_feed``: positions grow in commit order, pages follow each other without a gap
    or a repeat, and only event items are in the feed (of every status)."""

    @_outbox
    def test_an_empty_store_has_an_empty_feed(self, store: Store) -> None:
        """A new store's feed is empty.

        Fix: return [] from event_feed when the outbox holds no event items."""
        check(
            store.event_feed(after=0, limit=10) == [],
            "a new store's event feed is empty",
            "return [] from event_feed when no event was written",
            store.event_feed(after=0, limit=10),
        )

    @_outbox
    def test_feed_positions_grow_in_write_order(self, store: Store) -> None:
        """Every event written is in the feed once, in write order, at growing positions.

        Fix: give each event item a position from a counter (a sequence or identity column)
        in the write transaction, and read ``ORDER BY position``."""
        written = _write(store, 5)
        rows = store.event_feed(after=0, limit=None)
        positions = [p for p, _ in rows]
        check(
            _event_ids(rows) == written,
            "the feed holds every event written, once, in write order",
            "select the event items ordered by their feed position",
            _event_ids(rows),
        )
        check(
            positions == sorted(set(positions)) and all(p > 0 for p in positions),
            "feed positions are positive and strictly growing",
            "use a counter that only grows for the feed position",
            positions,
        )
        check(
            all(item.topic == EVENT_TOPIC for _, item in rows),
            "the feed holds only items of topic EVENT_TOPIC",
            "filter the feed on topic = EVENT_TOPIC",
            [item.topic for _, item in rows],
        )

    @_outbox
    def test_pages_follow_each_other_without_gap_or_repeat(self, store: Store) -> None:
        """Reading pages of 2 after the last position seen gives every event exactly once,
        also when events are written between two pages.

        Fix: return the items with position > after, at most limit, in position order."""
        written = _write(store, 5)
        seen: list[str] = []
        after = 0
        for _ in range(10):
            page = store.event_feed(after=after, limit=2)
            check(
                len(page) <= 2,
                "event_feed returns at most limit items",
                "apply LIMIT",
                len(page),
            )
            if not page:
                break
            seen.extend(_event_ids(page))
            after = page[-1][0]
            if len(seen) == 4:
                written += _write(store, 2, start=100)
        check(
            seen == written,
            "pages read after the last position seen give every event once, in order",
            "select position > after ORDER BY position LIMIT limit",
            seen,
        )
        check(
            store.event_feed(after=after, limit=5) == [],
            "the page after the last event is empty",
            "select position > after only",
        )

    @_outbox
    def test_other_topics_and_done_items_stay_out_or_in(self, store: Store) -> None:
        """Items of other topics are not in the feed; a delivered event item still is.

        Fix: filter on topic only, never on status."""
        store.enqueue("notification", {"n": 1})
        written = _write(store, 2)
        for item in store.claim(limit=10, lease_seconds=60):
            store.complete(item.id)
        rows = store.event_feed(after=0, limit=10)
        check(
            _event_ids(rows) == written,
            "the feed holds every event item, delivered or not, and no other topic",
            "filter the feed on topic = EVENT_TOPIC, not on status",
            [(item.topic, item.status) for _, item in rows],
        )
