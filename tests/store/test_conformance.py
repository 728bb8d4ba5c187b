"""The shipped conformance kit run against both built-in backends."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from carekit.store import (
    CAP_AUDIT,
    CAP_BULK,
    CAP_CONCURRENT_PROCESSES,
    CAP_HISTORY,
    CAP_OPTIMISTIC_CONCURRENCY,
    CAP_OUTBOX,
    CAP_READ_AUDIT,
    MemoryStore,
    SQLiteStore,
    Store,
)
from carekit.testing.plugin import CAPABILITY_MARKER
from carekit.testing.storage import (
    AuditConformance,
    BulkConformance,
    ConcurrentProcessesConformance,
    HistoryConformance,
    OptimisticConcurrencyConformance,
    OutboxConformance,
    ReadAuditConformance,
    RecordsConformance,
    StoreConformance,
    StoreFactory,
)


class TestMemoryStoreConformance(StoreConformance):
    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        def make(*, audit_reads: bool = False) -> Store:
            return MemoryStore(audit_reads=audit_reads)

        return make


class TestSQLiteStoreConformance(StoreConformance):
    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        counter = iter(range(1000))

        def make(*, audit_reads: bool = False) -> Store:
            path = tmp_path / f"store-{next(counter)}.sqlite"
            return SQLiteStore(path, audit_reads=audit_reads, synchronous="normal")

        return make

    @pytest.fixture
    def shared_store_opener(self, tmp_path: Path) -> Callable[[], Store]:
        return functools.partial(SQLiteStore, tmp_path / "shared.sqlite", synchronous="normal")


_UNDECLARED = """
import pytest
from carekit.store import MemoryStore
from carekit.testing.storage import StoreConformance

class BareStore(MemoryStore):
    capabilities = frozenset()

class TestBare(StoreConformance):
    @pytest.fixture
    def store_factory(self):
        return lambda: BareStore()

@pytest.mark.carekit_capability("outbox")
class TestOwnOutboxTest(StoreConformance):
    @pytest.fixture
    def store_factory(self):
        return lambda: BareStore()

    def test_own_test_needing_the_outbox(self, store):
        raise AssertionError("must be skipped: the store declares no outbox")
"""

_NO_READ_FLAG = """
import pytest
from carekit.store import MemoryStore
from carekit.testing.storage import ReadAuditConformance

class TestNoFlag(ReadAuditConformance):
    @pytest.fixture
    def store_factory(self):
        return lambda: MemoryStore()
"""


def _pytest(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsfE", "-p", "no:cacheprovider", str(directory)],
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=300,
        check=False,
    )


def test_kit_skips_undeclared_capabilities_with_reason_and_fails_without_factory(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_bare.py").write_text(_UNDECLARED, encoding="utf-8")
    (tmp_path / "test_none.py").write_text(
        "from carekit.testing.storage import StoreConformance\n"
        "class TestNone(StoreConformance):\n    pass\n",
        encoding="utf-8",
    )
    result = _pytest(tmp_path)
    out = result.stdout
    caps = ("history", "optimistic_concurrency", "bulk", "audit", "outbox", "read_audit")
    for cap in (*caps, "concurrent_processes"):
        assert f"capability '{cap}' not declared by this backend" in out
    assert "must define a 'store_factory' fixture" in out
    # every failure comes from the class without a factory; the bare backend only skips
    failed = [line for line in out.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert failed
    assert all("test_none.py" in line for line in failed), out
    assert "test_bare.py" not in " ".join(failed)
    # the records tests need no capability and pass on the bare backend
    passed_on_bare = _pytest_passed(tmp_path / "test_bare.py")
    assert "test_every_kind_round_trips_equal" in passed_on_bare
    assert "test_query_sees_only_the_latest_version" in passed_on_bare
    assert "test_own_test_needing_the_outbox" not in passed_on_bare


def _pytest_passed(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=300,
        check=False,
    )
    return "\n".join(line for line in result.stdout.splitlines() if line.startswith("PASSED"))


def test_each_capability_has_its_own_mixin_composed_into_the_kit() -> None:
    mixins = {
        RecordsConformance: set[str](),
        HistoryConformance: {CAP_HISTORY},
        OptimisticConcurrencyConformance: {CAP_OPTIMISTIC_CONCURRENCY},
        BulkConformance: {CAP_BULK},
        AuditConformance: {CAP_AUDIT},
        ReadAuditConformance: {CAP_READ_AUDIT},
        OutboxConformance: {CAP_OUTBOX},
        ConcurrentProcessesConformance: {CAP_CONCURRENT_PROCESSES},
    }
    assert set(StoreConformance.__mro__) >= set(mixins)
    for mixin, caps in mixins.items():
        tests = [getattr(mixin, name) for name in vars(mixin) if name.startswith("test_")]
        assert tests, mixin
        for test in tests:
            marks = getattr(test, "pytestmark", [])
            needed = {cap for mark in marks if mark.name == CAPABILITY_MARKER for cap in mark.args}
            if caps:
                assert caps <= needed, (mixin.__name__, test.__name__)
            else:
                assert needed == set(), test.__name__


def test_a_store_declaring_read_audit_with_a_factory_without_the_flag_fails(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_no_flag.py").write_text(_NO_READ_FLAG, encoding="utf-8")
    out = _pytest(tmp_path).stdout
    assert "declares 'read_audit' but TestNoFlag's store_factory does not accept" in out
    assert "1 error" in out or "1 failed" in out, out


_LOCKED_UNDER_LOAD = """
import threading
import pytest
from carekit.store import MemoryStore
from carekit.testing.storage import OptimisticConcurrencyConformance

class LockedStore(MemoryStore):
    def put(self, record, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("database is locked")
        return super().put(record, **kwargs)

class TestLocked(OptimisticConcurrencyConformance):
    @pytest.fixture
    def store_factory(self):
        return lambda: LockedStore()
"""


def test_a_wrong_error_type_under_load_is_named_not_a_thread_crash(tmp_path: Path) -> None:
    """A store that raises something other than ConflictError when it loses a race fails the
    kit with that rule and the error seen, not with a thread's unhandled-exception warning."""
    (tmp_path / "test_locked.py").write_text(_LOCKED_UNDER_LOAD, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "from_threads",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 1, out
    assert "storage contract broken: a write that loses a race raises ConflictError" in out
    assert "the kit saw: RuntimeError: database is locked" in out
    assert "how to fix: turn the driver's lock and serialization errors" in out
    assert "PytestUnhandledThreadExceptionWarning" not in out
