"""Encryption at rest benchmark: a store with a data key against the plaintext store.

Over N citizens (default 2,000) with a few records each, prints the median cost per record
of ``put_many`` (batches of 500, one write transaction each), of ``get`` and of a page of
50 (``query_page``), with and without a data key, and the ratio (encrypted / plaintext),
plus the time of one ``erase_citizen`` (a VACUUM of the whole file on SQLite, so it grows
with the store).  Both stores run in the same process, one after the other, on a temporary
SQLite file with the default ``synchronous=FULL``.

Run::

    python benchmarks/bench_erase.py [--citizens 2000] [--reads 3000]
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
from carekit.model import Actor, ActorKind, Record
from carekit.store import PutItem, RecordQuery
from carekit.testing.records import make_record

READER = Actor(id="bench", kind=ActorKind.STAFF, name="Bench Mark", role="måler")
NS = uuid.UUID("0c1f7e4a-2d9b-4f51-8e3c-6a7b5d4c3e21")
KEY = bytes(range(32))
KINDS = ("dream", "information_record", "home_agreement")


def _records(n: int) -> list[Record]:
    out: list[Record] = []
    for i in range(n):
        cid = uuid.uuid5(NS, f"c{i}")
        out.append(make_record("citizen", i).model_copy(update={"id": cid, "citizen_id": cid}))
        for j, kind in enumerate(KINDS):
            rid = uuid.uuid5(NS, f"{kind}{i}")
            out.append(
                make_record(kind, i * 10 + j).model_copy(update={"id": rid, "citizen_id": cid})
            )
    return out


def _per_call(fn: Callable[[int], object], calls: int, rounds: int = 5) -> float:
    """Median over *rounds* of the mean µs per call of *calls* calls."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(calls):
            fn(i)
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(samples)


def _bench(url: str, records: list[Record], reads: int, key: bytes | None) -> dict[str, float]:
    with carekit.open(url, data_key=key, actor=READER, purpose="care") as app:
        started = time.perf_counter()
        for start in range(0, len(records), 500):
            app.store.put_many([PutItem(r, None) for r in records[start : start + 500]])
        put = (time.perf_counter() - started) / len(records) * 1e6
        ids = [r.record_id for r in records]
        n = len(ids)
        query = RecordQuery(kind="citizen", limit=50)
        for fn in (lambda i: app.store.get(ids[i % n]), lambda _i: app.store.query_page(query)):
            _per_call(fn, 50, rounds=1)  # warm up (the key cache too)
        get = _per_call(lambda i: app.store.get(ids[i % n]), reads)
        page = _per_call(lambda _i: app.store.query_page(query), max(reads // 20, 50))
        erase = float("nan")
        if key is not None:
            started = time.perf_counter()
            app.erase_citizen(records[0].record_id, reason="benchmark")
            erase = (time.perf_counter() - started) * 1e3
    return {"put": put, "get": get, "page": page, "erase": erase}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=3000)
    args = parser.parse_args()
    records = _records(args.citizens)
    with tempfile.TemporaryDirectory() as folder:
        plain = _bench(f"sqlite:///{Path(folder) / 'plain.sqlite'}", records, args.reads, None)
        sealed = _bench(f"sqlite:///{Path(folder) / 'sealed.sqlite'}", records, args.reads, KEY)
    for name, label in (("put", "put_many per record"), ("get", "get"), ("page", "page of 50")):
        print(
            f"sqlite: {label:19} plaintext {plain[name]:8.1f} µs  encrypted "
            f"{sealed[name]:8.1f} µs  ratio {sealed[name] / plain[name]:.2f}x"
        )
    print(f"sqlite: erase_citizen (with VACUUM of {len(records)} records) {sealed['erase']:.0f} ms")


if __name__ == "__main__":
    main()
