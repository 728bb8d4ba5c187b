"""Real concurrency: several OS processes (spawn) and threads against one database."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest
from _support import dispatch_worker, rmw_worker
from carekit_postgres import PostgresStore

from carekit.errors import ConflictError
from carekit.model import Record
from carekit.store import PutItem
from carekit.testing.records import make_record
from carekit.testing.storage import seed

pytestmark = pytest.mark.postgres

PROCESSES = 4


@pytest.fixture(scope="module")
def spawn_pool() -> Iterator[ProcessPoolExecutor]:
    """One pool of spawned processes for the module: starting Python and importing carekit
    is most of the cost, so the process tests share it."""
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def test_read_modify_write_from_several_processes_loses_no_update(
    fresh_url: str, spawn_pool: ProcessPoolExecutor
) -> None:
    records = [make_record("safety_plan", n) for n in range(3)]
    with PostgresStore(fresh_url) as store:
        seed(store, *records)
        store.put_many([PutItem(r) for r in records])
    ids = [r.record_id for r in records]
    rounds = 8
    futures = [
        spawn_pool.submit(rmw_worker, fresh_url, ids, rounds, writer)
        for writer in range(1, PROCESSES + 1)
    ]
    wins = [win for f in futures for win in f.result(timeout=180)]

    with PostgresStore(fresh_url) as store:
        for rid in ids:
            history = store.history(rid)
            mine = [w for w in wins if w[0] == rid]
            # every successful write is one version; no gaps, none lost, none doubled
            assert len(history) == len(mine) + 1 == PROCESSES * rounds + 1
            assert [h.version for h in history] == list(range(1, len(history) + 1))
            assert sorted(version for _, version, _ in mine) == list(range(2, len(history) + 1))
            for _, version, marker in mine:
                assert history[version - 1].record.plan_version == marker  # type: ignore[attr-defined]  # the Record base
        audit = Counter(e.action for e in store.audit_log() if e.kind == "safety_plan")
        assert audit == {"create": 3, "update": len(wins)}


def test_outbox_drained_by_several_processes_delivers_every_item_exactly_once(
    fresh_url: str, spawn_pool: ProcessPoolExecutor
) -> None:
    with PostgresStore(fresh_url) as store:
        made = [store.enqueue("notify", {"n": n}) for n in range(400)]
    expected = {item.id for item in made if item is not None}
    futures = [spawn_pool.submit(dispatch_worker, fresh_url, 7) for _ in range(PROCESSES)]
    per_process = [f.result(timeout=180) for f in futures]

    delivered = [item_id for done in per_process for item_id in done]
    assert len(delivered) == len(set(delivered)), "an item was delivered twice"
    assert set(delivered) == expected
    assert sum(1 for done in per_process if done) >= 2, "only one process got work"
    with PostgresStore(fresh_url) as store:
        items = store.outbox()
        assert {i.status for i in items} == {"delivered"}
        assert {i.attempts for i in items} == {1}


def _race_to_create(store: PostgresStore, record: Record, threads: int) -> Counter[str]:
    barrier = threading.Barrier(threads)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def create() -> None:
        barrier.wait()
        try:
            store.put(record, expected_version=None)
            outcome = "won"
        except ConflictError as exc:
            outcome = f"conflict with version {exc.actual}"
        with lock:
            outcomes[outcome] += 1

    workers = [threading.Thread(target=create) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return outcomes


def test_concurrent_creates_of_one_id_have_exactly_one_winner(fresh_url: str) -> None:
    threads = 8
    with PostgresStore(fresh_url, pool_min_size=threads, pool_max_size=threads) as store:
        seed(store, make_record("dream"))
        for attempt in range(5):
            record = make_record("dream", attempt)
            outcomes = _race_to_create(store, record, threads)
            assert outcomes == {"won": 1, "conflict with version 1": threads - 1}
            assert [h.version for h in store.history(record.record_id)] == [1]


def test_concurrent_bulk_imports_of_overlapping_ids_never_mix(fresh_url: str) -> None:
    """Two batches creating overlapping ids: one commits whole, the other conflicts whole."""
    shared = [make_record("perspective", n) for n in range(200)]
    first = [PutItem(r) for r in shared] + [
        PutItem(make_record("dream", n)) for n in range(1000, 1050)
    ]
    second = [PutItem(r) for r in reversed(shared)] + [
        PutItem(make_record("trial_action", n)) for n in range(50)
    ]
    results: dict[str, str] = {}

    with PostgresStore(fresh_url, pool_max_size=4) as store:
        seed(store, *shared)  # the citizen and the dreams the perspectives refer to
        seeded = len(store.audit_log())

        def run(name: str, batch: list[PutItem]) -> None:
            try:
                store.put_many(batch)
                results[name] = "ok"
            except ConflictError:
                results[name] = "conflict"

        workers = [
            threading.Thread(target=run, args=("first", first)),
            threading.Thread(target=run, args=("second", second)),
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert sorted(results.values()) == ["conflict", "ok"]
        kinds = Counter(s.record.kind for s in store.query() if s.record.kind != "citizen")
        if results["first"] == "ok":
            assert kinds == {"perspective": 200, "dream": 250}
        else:
            assert kinds == {"perspective": 200, "dream": 200, "trial_action": 50}
        assert len(store.audit_log()) == seeded + 250
