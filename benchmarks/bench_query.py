"""Page-query benchmark: ``Repository.query`` against raw SQL doing the same work.

Over N citizens and N safety plans (default 100,000 each; a third of the plans are drafts,
the citizens carry Danish first names), each case reads **one page of 50** through
``app.citizens.query(...)`` / ``app.safety_plans.query(...)`` — argument checks, the cursor,
the store's SQL, decoding every row into a validated record — and, as the baseline, runs
**the same SQL statement with the same parameters** through plain ``sqlite3`` / ``psycopg``
and decodes the same rows with ``model_validate_json(data, strict=True)`` (what carekit's
stores do).  Printed per case: median ms per page (carekit, raw) and carekit's speed as a
percentage of raw.  Goal: >= 50 % of raw and < 10 ms per page.

Cases: first page and a deep page (90 % through, via a cursor) of all citizens, by change
and by id; active plans (status filter), first and deep; one citizen's plans; a text search
that matches one citizen in eight ("soren"), and one that matches a single citizen (the
whole kind is scanned: the worst case, reported, not hidden).

Run (SQLite in a temporary folder; PostgreSQL creates and drops its own database)::

    python benchmarks/bench_query.py [--citizens 100000] [--rounds 41]
        [--url postgresql://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

import carekit
from carekit.app import Application
from carekit.app._query import build_query, encode_cursor
from carekit.model import Citizen, SafetyPlan
from carekit.store import PageKey, PutItem, RecordQuery
from carekit.store._sqlite import page_sql
from carekit.testing.records import make_record

NAMES = ("Søren", "Karen", "Åse", "Mette", "Jørgen", "Birthe", "Niels", "Ærø")
NS = uuid.UUID("8f4f3c0e-2b1d-4a77-9d55-3f2f7e0c9a10")
BATCH = 5000


def _fill(app: Application, n: int) -> None:
    """N citizens, then N plans (one per citizen, every third a draft), in batches."""
    started = time.perf_counter()
    citizen_ids = [uuid.uuid5(NS, f"c{i}") for i in range(n)]
    for start in range(0, n, BATCH):
        app.store.put_many(
            [
                PutItem(
                    make_record(
                        "citizen",
                        i,
                        id=citizen_ids[i],
                        citizen_id=citizen_ids[i],
                        display_name=f"{NAMES[i % len(NAMES)]} {i}",
                    )
                )
                for i in range(start, min(n, start + BATCH))
            ]
        )
    for start in range(0, n, BATCH):
        app.store.put_many(
            [
                PutItem(
                    make_record(
                        "safety_plan",
                        i,
                        id=uuid.uuid5(NS, f"p{i}"),
                        citizen_id=citizen_ids[i],
                        status="draft" if i % 3 == 0 else "active",
                    )
                )
                for i in range(start, min(n, start + BATCH))
            ]
        )
    print(f"  filled {n:,} citizens + {n:,} plans in {time.perf_counter() - started:.1f} s")


Case = tuple[str, str, dict[str, Any], float | None]  # name, kind, filters, deep fraction


def _cases(n: int) -> list[Case]:
    rare = f"{NAMES[(n - 7) % len(NAMES)]} {n - 7}"
    return [
        ("citizens, first page", "citizen", {}, None),
        ("citizens, deep page (90 %)", "citizen", {}, 0.9),
        ("citizens by id, deep page", "citizen", {"order": "id"}, 0.9),
        ("active plans, first page", "safety_plan", {"status": "active"}, None),
        ("active plans, deep page", "safety_plan", {"status": "active"}, 0.9),
        ("one citizen's plans", "safety_plan", {"citizen_id": str(uuid.uuid5(NS, "c42"))}, None),
        ("text 'soren' (1 in 8), first", "citizen", {"text": "soren"}, None),
        ("text 'soren', deep page", "citizen", {"text": "soren"}, 0.9),
        (f"text {rare!r} (1 match: scan)", "citizen", {"text": rare}, None),
    ]


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm caches and prepared statements
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _query(kind: str, filters: dict[str, Any]) -> RecordQuery:
    return build_query(
        kind,
        citizen_id=filters.get("citizen_id"),
        status=filters.get("status"),
        changed_since=None,
        text=filters.get("text"),
        due_before=None,
        order=filters.get("order", "changed"),
        limit=50,
        after=None,
    )


def _run_cases(  # noqa: PLR0917 - a benchmark's internal helper
    app: Application,
    n: int,
    rounds: int,
    sql_of: Callable[[RecordQuery], tuple[Any, Sequence[Any]]],
    execute: Callable[[Any, Sequence[Any]], list[Sequence[Any]]],
    key_at: Callable[[RecordQuery, int], PageKey | None],
) -> list[tuple[str, float, float]]:
    classes = {"citizen": Citizen, "safety_plan": SafetyPlan}
    repos = {"citizen": app.citizens, "safety_plan": app.safety_plans}
    out = []
    for name, kind, filters, deep in _cases(n):
        query = _query(kind, filters)
        cursor = None
        if deep is not None:
            matches = n if "text" not in filters else n // len(NAMES)
            if "status" in filters:
                matches = n * 2 // 3
            key = key_at(query, int(matches * deep))
            assert key is not None, name
            cursor = encode_cursor(query, key)
            query = attrs.evolve(query, after=key)
        statement, params = sql_of(attrs.evolve(query, limit=51))
        cls = classes[kind]
        repo: Any = repos[kind]

        def carekit_page(
            repo: Any = repo, filters: dict[str, Any] = filters, c: Any = cursor
        ) -> object:
            return repo.query(limit=50, after=c, **filters)

        def raw_page(statement: Any = statement, params: Any = params, cls: Any = cls) -> object:
            rows = execute(statement, params)
            return [cls.model_validate_json(row[4], strict=True) for row in rows[:50]]

        ours = _median_ms(carekit_page, rounds)
        raw = _median_ms(raw_page, rounds)
        out.append((name, ours, raw))
        print(f"  {name:<34} carekit {ours:7.2f} ms   raw {raw:7.2f} ms   {raw / ours:6.0%} of raw")
    return out


def bench_sqlite(n: int, rounds: int) -> list[tuple[str, float, float]]:
    print(f"SQLite, {n:,} citizens + {n:,} plans, pages of 50 (median of {rounds})")
    folder = Path(tempfile.mkdtemp(prefix="bench-query-"))
    path = folder / "q.sqlite"
    with carekit.open(f"sqlite:///{path}?synchronous=normal") as app:
        _fill(app, n)
        raw = sqlite3.connect(path, isolation_level=None)

        def execute(statement: str, params: Sequence[Any]) -> list[Sequence[Any]]:
            return raw.execute(statement, params).fetchall()

        def key_at(query: RecordQuery, offset: int) -> PageKey | None:
            statement, params = page_sql(attrs.evolve(query, limit=offset + 1))
            rows = raw.execute(statement, params).fetchall()
            return PageKey(dt_of(rows[-1][3]), rows[-1][0]) if rows else None

        plan = raw.execute(
            "EXPLAIN QUERY PLAN " + page_sql(_query("citizen", {}))[0],
            page_sql(_query("citizen", {}))[1],
        ).fetchall()
        print("  plan (citizens):", "; ".join(str(r[-1]) for r in plan))
        gc.collect()
        result = _run_cases(app, n, rounds, page_sql, execute, key_at)
        raw.close()
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    return result


def dt_of(value: Any) -> Any:
    import datetime as dt

    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def bench_postgres(url: str, n: int, rounds: int) -> list[tuple[str, float, float]]:
    import psycopg
    from psycopg import sql

    print(f"PostgreSQL, {n:,} citizens + {n:,} plans, pages of 50 (median of {rounds})")
    name = f"bench_query_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = url.rsplit("/", 1)[0] + "/" + name
    try:
        with carekit.open(db) as app:
            _fill(app, n)
            store: Any = app.store
            with psycopg.connect(store.settings.conninfo, autocommit=True) as raw:
                raw.execute("ANALYZE")

                def execute(statement: Any, params: Sequence[Any]) -> list[Sequence[Any]]:
                    return raw.execute(statement, params, binary=True).fetchall()

                def key_at(query: RecordQuery, offset: int) -> PageKey | None:
                    statement, params = store.page_sql(attrs.evolve(query, limit=offset + 1))
                    rows = raw.execute(statement, params).fetchall()
                    return PageKey(rows[-1][3], rows[-1][0]) if rows else None

                gc.collect()
                return _run_cases(app, n, rounds, store.page_sql, execute, key_at)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _summary(label: str, rows: list[tuple[str, float, float]]) -> None:
    worst_ratio = min(raw / ours for _, ours, raw in rows)
    worst_ms = max(ours for _, ours, _ in rows)
    print(
        f"{label}: slowest page {worst_ms:.2f} ms (goal < 10 ms), "
        f"lowest ratio {worst_ratio:.0%} of raw (goal >= 50 %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    results = {}
    if args.only in (None, "sqlite"):
        results["SQLite"] = bench_sqlite(args.citizens, args.rounds)
    if args.only in (None, "postgres"):
        results["PostgreSQL"] = bench_postgres(args.url, args.citizens, args.rounds)
    for label, rows in results.items():
        _summary(label, rows)


if __name__ == "__main__":
    main()
