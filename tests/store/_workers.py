"""Code run in child processes (spawned, so it must be importable)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from carekit.events import DomainEvent
from carekit.store import PutItem, SQLiteStore
from carekit.testing.records import make_record, touch
from carekit.testing.storage import _increment


def increment(path: str, record_id: str, wins_wanted: int) -> list[int]:
    """Read-modify-write *record_id* until *wins_wanted* writes won; return the versions won."""
    # the conformance kit's own read-modify-write loop, on a SQLite file
    return _increment(lambda: SQLiteStore(path, synchronous="normal"), record_id, wins_wanted)


def _event(record: Any, version: int) -> DomainEvent:
    return DomainEvent(
        name="RecordChanged",
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=record.actor.id,
        at=record.updated_at,
        record_version=version,
    )


def bulk_writer(path: str, started: str, batch: int) -> None:
    """Write forever: batches of new records with one event each, and updates of one plan
    with an event.  *started* holds the number of batches committed so far."""
    n = 0
    with SQLiteStore(path, synchronous="normal") as store:
        plan = make_record("safety_plan", 0)
        citizen = make_record("citizen", 0)  # every record needs its citizen stored first
        store.put(citizen, expected_version=None, events=[_event(citizen, 1)])
        store.put(plan, expected_version=None, events=[_event(plan, 1)])
        version = 1
        Path(started).write_text("0", encoding="utf-8")
        while True:
            records = [make_record("dream", n + i) for i in range(batch)]
            n += batch
            store.put_many(
                [PutItem(r, None) for r in records], events=[_event(r, 1) for r in records]
            )
            plan = touch(plan, plan_version=version + 1)
            store.put(plan, expected_version=version, events=[_event(plan, version + 1)])
            version += 1
            progress = Path(f"{started}.tmp")
            progress.write_text(str(version - 1), encoding="utf-8")
            progress.replace(started)
            time.sleep(0)
