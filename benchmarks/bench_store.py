"""SQLiteStore against raw sqlite3 doing the same work.

Same JSON documents (``record.model_dump_json()``), same table and indexes, one transaction
per batch, same PRAGMAs (WAL, synchronous, 64 MiB cache, wal_autocheckpoint=20000).  The
store additionally checks versions, writes one audit row per record and re-validates records
on read; the ratio shows what that costs.

    python benchmarks/bench_store.py [--records 20000] [--batch 1000] [--sync normal|full]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from carekit.model import Record, kinds
from carekit.store import PutItem, SQLiteStore
from carekit.store._common import encode_record, format_time, index_columns, utcnow
from carekit.store._migrations import MIGRATIONS
from carekit.testing.records import make_record

_RAW_INDEXES = [s for m in MIGRATIONS for s in m.statements if s.startswith("CREATE INDEX records")]


def make_records(count: int) -> list[Record]:
    names = kinds()
    return [make_record(names[i % len(names)], i) for i in range(count)]


def _raw_conn(path: Path, sync: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {sync.upper()}")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA wal_autocheckpoint = 20000")
    conn.execute(
        "CREATE TABLE records (record_id TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT "
        "NULL, citizen_id TEXT NOT NULL, status TEXT, due_on TEXT, stored_at TEXT NOT NULL, "
        "data BLOB NOT NULL, PRIMARY KEY (record_id, version))"
    )
    for statement in _RAW_INDEXES:
        conn.execute(statement)
    return conn


def raw_batches(path: Path, records: list[Record], batch: int, sync: str) -> float:
    conn = _raw_conn(path, sync)
    start = time.perf_counter()
    for i in range(0, len(records), batch):
        at = format_time(utcnow())
        rows = [
            (*index_columns(r)[:1], 1, *index_columns(r)[1:], at, encode_record(r))
            for r in records[i : i + batch]
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return len(records) / elapsed


def store_batches(path: Path, records: list[Record], batch: int, sync: str) -> float:
    with SQLiteStore(path, synchronous=sync) as store:  # type: ignore[arg-type]
        start = time.perf_counter()
        for i in range(0, len(records), batch):
            store.put_many([PutItem(r, None) for r in records[i : i + batch]])
        return len(records) / (time.perf_counter() - start)


def raw_single(path: Path, records: list[Record], sync: str) -> float:
    conn = _raw_conn(path, sync)
    start = time.perf_counter()
    for r in records:
        rid, kind, citizen, status, due = index_columns(r)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, 1, kind, citizen, status, due, format_time(utcnow()), encode_record(r)),
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return len(records) / elapsed


def store_single(path: Path, records: list[Record], sync: str) -> float:
    with SQLiteStore(path, synchronous=sync) as store:  # type: ignore[arg-type]
        start = time.perf_counter()
        for r in records:
            store.put(r, expected_version=None)
        return len(records) / (time.perf_counter() - start)


def raw_get(path: Path, ids: list[str]) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    for rid in ids:
        conn.execute(
            "SELECT data FROM records WHERE record_id = ? ORDER BY version DESC LIMIT 1", (rid,)
        ).fetchone()
    elapsed = time.perf_counter() - start
    conn.close()
    return len(ids) / elapsed


def store_get(path: Path, ids: list[str]) -> float:
    with SQLiteStore(path) as store:
        start = time.perf_counter()
        for rid in ids:
            store.get(rid)
        return len(ids) / (time.perf_counter() - start)


def raw_query(path: Path) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    rows = conn.execute(
        "SELECT r.data FROM records r WHERE r.version = (SELECT MAX(m.version) FROM records m "
        "WHERE m.record_id = r.record_id) AND r.kind = 'safety_plan' ORDER BY r.record_id"
    ).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return len(rows) / elapsed


def store_query(path: Path) -> float:
    with SQLiteStore(path) as store:
        start = time.perf_counter()
        found = store.query(kind="safety_plan")
        return len(found) / (time.perf_counter() - start)


def median(rounds: int, run: Callable[[Path], float]) -> float:
    results = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run(Path(tmp) / "bench.sqlite"))
    return statistics.median(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--single", type=int, default=2000, help="records for commit-per-put")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sync", choices=["normal", "full"], default="full")
    args = parser.parse_args()
    records = make_records(args.records)
    ids = [r.record_id for r in records[:5000]]
    sync = args.sync
    rows: list[tuple[str, float, float]] = []

    rows.append(
        (
            f"put_many, batches of {args.batch}",
            median(args.rounds, lambda p: store_batches(p, records, args.batch, sync)),
            median(args.rounds, lambda p: raw_batches(p, records, args.batch, sync)),
        )
    )
    single = records[: args.single]
    rows.append(
        (
            "put, one commit each",
            median(args.rounds, lambda p: store_single(p, single, sync)),
            median(args.rounds, lambda p: raw_single(p, single, sync)),
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "read.sqlite"
        store_batches(path, records, args.batch, sync)
        rows.append(("get latest (re-validated)", store_get(path, ids), raw_get(path, ids)))
        rows.append(("query kind=safety_plan", store_query(path), raw_query(path)))

    print(f"records={args.records} batch={args.batch} synchronous={sync} rounds={args.rounds}")
    print(f"{'operation':<28} {'SQLiteStore/s':>14} {'raw sqlite3/s':>14} {'ratio':>7}")
    for name, ours, raw in rows:
        print(f"{name:<28} {ours:>14,.0f} {raw:>14,.0f} {ours / raw:>6.0%}")


if __name__ == "__main__":
    main()
