"""SQLite's event feed (migration 6): an index range scan, old rows given positions, and
positions never handed out twice."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from carekit.store import EVENT_TOPIC, SQLiteStore
from carekit.store._migrations import migrate

_FEED = "SELECT id FROM outbox WHERE feed_seq > ? ORDER BY feed_seq LIMIT ?"
_ROW = (
    "INSERT INTO outbox (id, topic, key, payload, status, attempts, created_at, "
    "next_attempt_at) VALUES (?, ?, NULL, '{}', 'pending', 0, "
    "'2026-12-03T00:00:00+00:00', '2026-12-03T00:00:00+00:00')"
)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_a_page_is_an_index_range_scan(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "a.sqlite").close()
    with contextlib.closing(_connect(tmp_path / "a.sqlite")) as conn:
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + _FEED, (5, 100)))
    assert "USING INDEX outbox_feed" in plan or "USING COVERING INDEX outbox_feed" in plan
    assert "TEMP B-TREE" not in plan


def test_old_event_rows_get_positions_and_new_ones_follow(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = _connect(path)
    migrate(conn, url="sqlite:///old", target=5)
    for n, topic in enumerate([EVENT_TOPIC, "notification", EVENT_TOPIC]):
        conn.execute(_ROW, (f"old-{n}", topic))
    conn.close()
    with SQLiteStore(path) as store:
        store.enqueue(EVENT_TOPIC, {"n": 3})
        rows = store.event_feed(after=0, limit=None)
    assert [item.id for _, item in rows][:2] == ["old-0", "old-2"]
    positions = [p for p, _ in rows]
    assert positions == sorted(set(positions))
    assert len(rows) == 3


def test_positions_are_not_reused_after_the_newest_rows_are_deleted(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    with SQLiteStore(path) as store:
        for n in range(3):
            store.enqueue(EVENT_TOPIC, {"n": n})
        ((last, _),) = store.event_feed(after=2, limit=1)
    with contextlib.closing(_connect(tmp_path / "b.sqlite")) as conn:
        conn.execute("DELETE FROM outbox WHERE feed_seq = ?", (last,))  # as erasure does
    with SQLiteStore(path) as store:
        store.enqueue(EVENT_TOPIC, {"n": 3})
        ((position, item),) = store.event_feed(after=last - 1, limit=None)
    assert position > last
    assert item.payload == {"n": 3}
