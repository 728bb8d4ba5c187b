"""The shipped conformance kit run against both built-in backends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from carekit.store import MemoryStore, SQLiteStore, Store
from carekit.testing.storage import StoreConformance, StoreFactory


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


_UNDECLARED = """
import pytest
from carekit.store import MemoryStore
from carekit.testing.storage import StoreConformance

class TestBare(StoreConformance):
    capabilities = frozenset()

    @pytest.fixture
    def store_factory(self):
        return lambda: MemoryStore()
"""


def test_kit_skips_undeclared_capabilities_with_reason_and_fails_without_factory(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_bare.py").write_text(_UNDECLARED, encoding="utf-8")
    (tmp_path / "test_none.py").write_text(
        "from carekit.testing.storage import StoreConformance\n"
        "class TestNone(StoreConformance):\n    pass\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsfE", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    out = result.stdout
    for cap in ("history", "optimistic_concurrency", "bulk", "audit", "outbox"):
        assert f"capability '{cap}' not declared by this backend" in out
    assert "must define a 'store_factory' fixture" in out
    # every failure comes from the class without a factory; the bare backend only skips
    failed = [line for line in out.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert failed
    assert all("test_none.py" in line for line in failed), out
    assert "test_bare.py" not in " ".join(failed)
