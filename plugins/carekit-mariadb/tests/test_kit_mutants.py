"""MariaDB mutants: the store with its row lock or its claim lock taken out, and with its
enqueue made SELECT-then-INSERT.  The kit's deterministic interleavings (the
fault-injection seam) must fail each of them, every run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from carekit_mariadb import MariaDBStore

from carekit.testing.storage import FaultInjectionConformance

pytestmark = pytest.mark.mariadb


class _NoRowLock(MariaDBStore):
    """Compares versions with a plain SELECT: no ``FOR UPDATE`` on the head rows."""

    def __init__(self, url: str) -> None:
        super().__init__(url, pool_size=4)
        self._sql["lock_heads"] = self._sql["lock_heads"].replace(" FOR UPDATE", "")


class _ClaimWithoutSkipLocked(MariaDBStore):
    """Chooses the due items without ``FOR UPDATE SKIP LOCKED``."""

    def __init__(self, url: str) -> None:
        super().__init__(url, pool_size=4)
        self._sql["claim_select"] = self._sql["claim_select"].replace(" FOR UPDATE SKIP LOCKED", "")


@pytest.fixture
def kit() -> FaultInjectionConformance:
    return FaultInjectionConformance()


@pytest.fixture
def no_row_lock(fresh_url: str) -> Iterator[MariaDBStore]:
    with _NoRowLock(fresh_url) as store:
        yield store


@pytest.fixture
def no_skip_locked(fresh_url: str) -> Iterator[MariaDBStore]:
    with _ClaimWithoutSkipLocked(fresh_url) as store:
        yield store


def test_the_mutants_really_lack_their_lock(fresh_url: str) -> None:
    with _NoRowLock(fresh_url) as one, _ClaimWithoutSkipLocked(fresh_url) as two:
        assert "FOR UPDATE" not in one._sql["lock_heads"]
        assert "SKIP LOCKED" not in two._sql["claim_select"]
    with MariaDBStore(fresh_url) as store:
        assert store._sql["lock_heads"].endswith("FOR UPDATE")
        assert store._sql["claim_select"].endswith("FOR UPDATE SKIP LOCKED")


@pytest.mark.parametrize("run", range(5))
def test_the_kit_fails_a_store_without_its_row_lock(
    kit: FaultInjectionConformance, no_row_lock: MariaDBStore, run: int
) -> None:
    with pytest.raises(pytest.fail.Exception, match="row lock"):
        kit.test_a_writer_between_check_and_commit_holds_back_a_second_writer(no_row_lock)


@pytest.mark.parametrize("run", range(3))
def test_the_kit_fails_a_claim_without_skip_locked(
    kit: FaultInjectionConformance, no_skip_locked: MariaDBStore, run: int
) -> None:
    with pytest.raises(pytest.fail.Exception, match="two claimers"):
        kit.test_a_claim_between_choosing_and_handing_out_holds_back_a_second_claim(no_skip_locked)
