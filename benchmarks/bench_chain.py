"""What the hash chain costs on ``put_many``: records per second with and without it.

"Before" is a carekit without the chain: the source tree named by ``--before`` (for example
a checkout of the release before migration 5), run in its own process with the same
records, batch size and settings.  Without ``--before`` the chain's hashing alone is
switched off in this tree (``ChainWriter.link`` returns fixed bytes), which leaves the
extra columns and the head-row update in and so measures the hashing only.  Also the time
of one link (SHA-256 over a typical record row) and of ``audit verify`` per row.

    python benchmarks/bench_chain.py [--records 10000] [--batch 1000] [--repeat 3]
        [--before /path/to/old/src[:/path/to/old/plugins/carekit-postgres/src]]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


#: Kinds whose test records refer to nothing but their citizen.
_KINDS = ("safety_plan", "dream")


def _records(count: int) -> list[object]:
    from carekit.testing.records import make_record

    names = _KINDS
    return [make_record(names[i % len(names)], i) for i in range(count)]


def _put_many(store: object, records: list[object], batch: int) -> float:
    from carekit.store import PutItem
    from carekit.testing.records import make_record

    store.put(make_record("citizen"), expected_version=None)  # type: ignore[attr-defined]
    start = time.perf_counter()
    for i in range(0, len(records), batch):
        store.put_many([PutItem(r, None) for r in records[i : i + batch]])  # type: ignore[attr-defined]
    return len(records) / (time.perf_counter() - start)


def worker(backend: str, records: int, batch: int, url: str, hashing: bool) -> float:
    """Records per second of ``put_many`` in this process's carekit."""
    if not hashing:
        from carekit.store import _chain

        def link(self: _chain.ChainWriter, table: str, values: object) -> tuple[int, bytes, bytes]:
            self.seq += 1
            return self.seq, _chain.GENESIS, _chain.GENESIS

        _chain.ChainWriter.link = link  # type: ignore[method-assign,assignment]
    data = _records(records)
    if backend == "sqlite":
        from carekit.store import SQLiteStore

        with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "b.sqlite") as store:
            return _put_many(store, data, batch)
    import psycopg
    from carekit_postgres import PostgresStore
    from psycopg import sql

    schema = f"bench_chain_{uuid.uuid4().hex[:8]}"
    try:
        with PostgresStore(f"{url}?schema={schema}") as store:
            return _put_many(store, data, batch)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _run(path: str, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": path}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def link_cost(rows: int = 20_000) -> tuple[float, float]:
    """Microseconds per link of a record row, and per row of ``verify``."""
    from carekit.store._chain import (
        GENESIS,
        RECORDS_TABLE,
        ChainHead,
        ChainRow,
        ChainWriter,
        verify,
    )
    from carekit.store._common import encode_record, format_time, index_columns, utcnow

    data = _records(200)
    at = format_time(utcnow())
    values = [(*index_columns(r)[:1], 1, *index_columns(r)[1:], at, encode_record(r)) for r in data]  # type: ignore[arg-type]
    writer = ChainWriter(ChainHead("bench", 0, GENESIS))
    start = time.perf_counter()
    for i in range(rows):
        writer.link(RECORDS_TABLE, values[i % len(values)])
    per_link = (time.perf_counter() - start) / rows * 1e6
    writer = ChainWriter(ChainHead("bench", 0, GENESIS))
    chain = []
    for i in range(rows):
        # distinct record ids, version 1 each, so the order checks pass
        row = (f"r{i}", *values[i % len(values)][1:])
        seq, prev, h = writer.link(RECORDS_TABLE, row)
        chain.append(ChainRow(RECORDS_TABLE, seq, prev, h, row))
    start = time.perf_counter()
    verify(writer.head, chain)
    per_verify = (time.perf_counter() - start) / rows * 1e6
    return per_link, per_verify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=None, help="PYTHONPATH of a carekit without chain")
    parser.add_argument("--postgres", default=None, help="also measure PostgreSQL at this URL")
    parser.add_argument("--worker", nargs=4, metavar=("BACKEND", "RECORDS", "BATCH", "URL"))
    parser.add_argument("--no-hashing", action="store_true")
    args = parser.parse_args()
    if args.worker:
        backend, records, batch, url = args.worker
        print(json.dumps(worker(backend, int(records), int(batch), url, not args.no_hashing)))
        return
    here = os.pathsep.join(
        str(ROOT / p) for p in ("src", "plugins/carekit-postgres/src") if (ROOT / p).exists()
    )
    backends = [("sqlite", "-")] + ([("postgres", args.postgres)] if args.postgres else [])
    print(f"put_many, {args.records} records in batches of {args.batch}, best of {args.repeat}")
    for backend, url in backends:
        common = [backend, str(args.records), str(args.batch), url]
        with_chain = [_run(here, common) for _ in range(args.repeat)]
        if args.before:
            without = [_run(args.before, common) for _ in range(args.repeat)]
            label = f"before ({args.before.split(os.pathsep)[0]})"
        else:
            without = [_run_no_hash(here, common) for _ in range(args.repeat)]
            label = "hashing off"
        best, base = max(with_chain), max(without)
        median = statistics.median(with_chain) / statistics.median(without)
        print(
            f"  {backend:8} chained {best:9,.0f}/s   {label} {base:9,.0f}/s   "
            f"ratio {best / base:.2f} (of medians {median:.2f})"
        )
    per_link, per_verify = link_cost()
    print(
        f"  one link (SHA-256 of a record row): {per_link:.1f} µs; verify: {per_verify:.1f} µs/row"
    )


def _run_no_hash(path: str, common: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": path}
    out = subprocess.run(
        [sys.executable, __file__, "--no-hashing", "--worker", *common],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
