"""For every sequence of writes, a store accepts exactly the writes based on the latest
version, and the memory and SQLite stores agree on every outcome."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.errors import ConflictError
from carekit.store import MemoryStore, SQLiteStore, Store
from carekit.testing.records import make_record, touch
from carekit.testing.storage import seed

_ids = itertools.count(10_000)

# each op: which of 3 records, and how far expected_version is from the truth (0 = right)
ops = st.lists(st.tuples(st.integers(0, 2), st.sampled_from([0, 0, 0, -1, 1, 2])), max_size=25)


def _run(store: Store, base: list[int], script: list[tuple[int, int]]) -> list[object]:
    records = [make_record("dream", n) for n in base]
    seed(store, *records)
    latest: list[int | None] = [None, None, None]
    outcome: list[object] = []
    for which, skew in script:
        truth = latest[which]
        expected = None if truth is None and skew == 0 else (truth or 0) + skew
        if expected is not None and expected <= 0:
            expected = None if truth is not None else 1
        record = touch(records[which], minutes=len(outcome) + 1)
        try:
            written = store.put(record, expected_version=expected)
        except ConflictError as exc:
            outcome.append(("conflict", which, (exc.expected, exc.actual) == (expected, truth)))
            continue
        assert expected == truth
        latest[which] = written.version
        outcome.append(("ok", which, written.version))
    assert all(o[2] for o in outcome if o[0] == "conflict")  # type: ignore[index]  # outcome mixes tuple shapes
    for which, truth in enumerate(latest):
        if truth is not None:
            history = store.history(records[which].record_id)
            assert [h.version for h in history] == list(range(1, truth + 1))
    return outcome


@settings(max_examples=40, deadline=None)
@given(script=ops)
def test_only_writes_based_on_the_latest_version_are_accepted(
    script: list[tuple[int, int]],
) -> None:
    base = [next(_ids) for _ in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        with SQLiteStore(Path(tmp) / "p.sqlite", synchronous="normal") as sqlite_store:
            from_sqlite = _run(sqlite_store, base, script)
        with MemoryStore() as memory_store:
            from_memory = _run(memory_store, base, script)
    assert from_sqlite == from_memory
