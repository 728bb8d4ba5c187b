"""Event-feed benchmark: ``app.events(after=cursor, limit=100)`` at the first, the middle
and the last page of an outbox of N event rows (#17).

The outbox is filled through the store's own write path (``put_many`` with a citizen and a
batch of 10,000 ``RecordUpdated`` events per transaction), then each page is read
``--rounds`` times through ``Application.events`` — cursor decoding, the store's index range
scan, decoding every event — and the median printed in ms per page.  Goal: flat, < 10 ms
per page wherever it is.

Run (SQLite in a temporary folder; PostgreSQL creates and drops its own database)::

    python benchmarks/bench_events.py [--rows 10000 100000] [--rounds 21]
        [--url postgresql://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import carekit
from carekit.app import Application
from carekit.app._events import encode_cursor
from carekit.events import DomainEvent
from carekit.store import PutItem
from carekit.testing.records import make_record

PAGE = 100
BATCH = 10_000


def _fill(app: Application, rows: int) -> None:
    at = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    for batch, start in enumerate(range(0, rows, BATCH)):
        citizen = make_record("citizen", batch)
        events = [
            DomainEvent(
                name="RecordUpdated",
                kind="citizen",
                record_id=citizen.record_id,
                citizen_id=str(citizen.citizen_id),
                actor_id="bench",
                at=at,
                record_version=1,
            )
            for _ in range(min(BATCH, rows - start))
        ]
        app.store.put_many([PutItem(citizen, expected_version=None)], events=events)


def _median_ms(app: Application, cursor: str | None, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        page = app.events(after=cursor, limit=PAGE)
        times.append((time.perf_counter() - start) * 1000)
        assert len(page) == PAGE, len(page)
    return statistics.median(times)


def _bench(app: Application, rows: int, rounds: int) -> list[float]:
    # a fresh store's event positions are 1..rows
    positions = {"first": None, "middle": rows // 2, "last": rows - PAGE}
    out = []
    for label, position in positions.items():
        cursor = None if position is None else encode_cursor(position)
        ms = _median_ms(app, cursor, rounds)
        out.append(ms)
        print(f"  {rows:>9,} rows  {label:<6}  {ms:7.2f} ms/page")
    return out


def bench_sqlite(rows: int, rounds: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'events.sqlite'}"
        with carekit.open(url) as app:
            start = time.perf_counter()
            _fill(app, rows)
            print(f"SQLite: filled {rows:,} event rows in {time.perf_counter() - start:.1f} s")
            return _bench(app, rows, rounds)


def bench_postgres(url: str, rows: int, rounds: int) -> list[float]:
    import psycopg
    from psycopg import sql

    name = f"bench_events_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = url.rsplit("/", 1)[0] + "/" + name
    try:
        with carekit.open(db) as app:
            start = time.perf_counter()
            _fill(app, rows)
            print(f"PostgreSQL: filled {rows:,} event rows in {time.perf_counter() - start:.1f} s")
            with psycopg.connect(db, autocommit=True) as raw:
                raw.execute("ANALYZE")
            return _bench(app, rows, rounds)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    worst = 0.0
    for rows in args.rows:
        if args.only in (None, "sqlite"):
            worst = max(worst, *bench_sqlite(rows, args.rounds))
        if args.only in (None, "postgres"):
            worst = max(worst, *bench_postgres(args.url, rows, args.rounds))
    print(f"slowest page {worst:.2f} ms (goal: flat, < 10 ms)")


if __name__ == "__main__":
    main()
