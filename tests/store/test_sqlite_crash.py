"""A writer killed with SIGKILL in the middle of bulk writes leaves a consistent database:
complete records only, contiguous versions, and outbox rows for exactly the committed
changes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from carekit.store import EVENT_TOPIC, SQLiteStore

from ._workers import bulk_writer


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize("delay", [0.05, 0.4])
def test_sigkill_during_bulk_writes_leaves_only_committed_changes(
    tmp_path: Path, delay: float
) -> None:
    path = tmp_path / "crash.sqlite"
    started = tmp_path / "started"
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=bulk_writer, args=(str(path), str(started), 500))
    child.start()
    try:
        deadline = time.monotonic() + 60
        while not started.exists() or int(started.read_text(encoding="utf-8") or "0") < 1:
            assert child.is_alive(), "the writer died before it started"
            assert time.monotonic() < deadline, "the writer committed no batch within 60 s"
            time.sleep(0.01)
        time.sleep(delay)
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    assert child.exitcode == -signal.SIGKILL

    with SQLiteStore(path) as store:
        assert store.check() == []
        committed = {(s.record.record_id, s.version) for s in store.query()}
        every_version: set[tuple[str, int]] = set()
        for stored in store.query():
            history = store.history(stored.record.record_id)
            assert [h.version for h in history] == list(range(1, len(history) + 1))
            every_version.update((h.record.record_id, h.version) for h in history)
        assert committed <= every_version
        assert len(every_version) > 1, "nothing was committed before the kill"

        events = store.outbox()
        assert all(e.topic == EVENT_TOPIC for e in events)
        evented = Counter((e.payload["record_id"], e.payload["record_version"]) for e in events)
        # one event per committed version, none for anything that was rolled back
        assert set(evented) == every_version
        assert set(evented.values()) == {1}
        writes = {(e.record_id, e.version) for e in store.audit_log()}
        assert writes == every_version
