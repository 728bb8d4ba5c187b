"""Read-access log benchmark: audited reads against unaudited ones.

Over N citizens (default 2,000), each case times many reads and prints the median cost per
read, audited and unaudited, and the ratio (goal: audited <= 1.2 x unaudited):

* ``get``: ``session.get(id)`` — the application's read, logged in the access log (one
  entry, buffered, written in batches) — against the same read without the log
  (``app.store.get(id)``, what ``get`` did before the log);
* ``page``: ``session.citizens.query(limit=50)`` (one page, one entry per citizen on it)
  against the same page unlogged (the repository's own page read);
* for comparison, the old per-read audit (``?audit_reads=1``: one write transaction and
  fsync per ``get``).

Every round includes the flushes its reads cause (the buffer writes a batch every 512
entries), and the store is closed (the last batch written) before the numbers are
printed.  SQLite runs in a temporary folder with the default ``synchronous=FULL``;
PostgreSQL creates and drops its own database.

Run::

    python benchmarks/bench_access_log.py [--citizens 2000] [--reads 3000]
        [--url postgresql://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import carekit
from carekit.app import Application
from carekit.model import Actor, ActorKind
from carekit.store import PutItem
from carekit.testing.records import make_record

READER = Actor(id="bench", kind=ActorKind.STAFF, name="Bench Mark", role="måler")
NS = uuid.UUID("5b0c2a54-4c9e-4d38-9f7c-0a3f6a1d2b77")


def _fill(app: Application, n: int) -> list[str]:
    ids = [uuid.uuid5(NS, f"c{i}") for i in range(n)]
    items = [
        PutItem(make_record("citizen", i).model_copy(update={"id": cid, "citizen_id": cid}), None)
        for i, cid in enumerate(ids)
    ]
    for start in range(0, n, 1000):
        app.store.put_many(items[start : start + 1000])
    return [str(c) for c in ids]


def _per_call(fn: Callable[[int], object], calls: int, rounds: int = 5) -> float:
    """Median over *rounds* of the mean µs per call of *calls* calls."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(calls):
            fn(i)
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(samples)


def _bench(label: str, url: str, n: int, reads: int, audit_url: str | None) -> None:
    with carekit.open(url) as app:
        ids = _fill(app, n)
        with app.session(actor=READER, purpose="care") as session:
            repo = session.citizens

            def plain_get(i: int) -> object:
                return app.store.get(ids[i % n])

            def logged_get(i: int) -> object:
                return session.get(ids[i % n])

            def plain_page(_i: int) -> object:
                return repo._page(limit=50, order="id")

            def logged_page(_i: int) -> object:
                return repo.query(limit=50, order="id")

            for fn in (plain_get, logged_get, plain_page, logged_page):  # warm up
                _per_call(fn, 50, rounds=1)
            get_plain = _per_call(plain_get, reads)
            get_logged = _per_call(logged_get, reads)
            page_plain = _per_call(plain_page, max(reads // 20, 50))
            page_logged = _per_call(logged_page, max(reads // 20, 50))
    print(
        f"{label}: get    unaudited {get_plain:8.1f} µs  audited {get_logged:8.1f} µs  "
        f"ratio {get_logged / get_plain:.2f}x"
    )
    print(
        f"{label}: page50 unaudited {page_plain:8.1f} µs  audited {page_logged:8.1f} µs  "
        f"ratio {page_logged / page_plain:.2f}x"
    )
    if audit_url is not None:
        with carekit.open(audit_url) as old:
            old_get = _per_call(lambda i: old.store.get(ids[i % n], reader=READER), 200, rounds=3)
        print(
            f"{label}: get with the old per-read audit (audit_reads=1) {old_get:8.1f} µs  "
            f"ratio {old_get / get_plain:.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=["sqlite", "postgres"], default=None)
    args = parser.parse_args()
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.sqlite"
            _bench(
                "sqlite",
                f"sqlite:///{path}",
                args.citizens,
                args.reads,
                f"sqlite:///{path}?audit_reads=1",
            )
    if args.only in (None, "postgres"):
        import psycopg

        name = f"carekit_bench_access_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        base = args.url.rsplit("/", 1)[0]
        try:
            _bench(
                "postgres",
                f"{base}/{name}",
                args.citizens,
                args.reads,
                f"{base}/{name}?audit_reads=1",
            )
        finally:
            with psycopg.connect(args.url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
