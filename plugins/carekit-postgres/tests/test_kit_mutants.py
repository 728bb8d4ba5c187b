"""PostgreSQL mutants: the store with its row lock or its claim lock taken out.  The kit's
deterministic interleavings (the fault-injection seam) must fail both, every run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from carekit_postgres import PostgresStore
from psycopg import sql

from carekit.testing.storage import FaultInjectionConformance

pytestmark = pytest.mark.postgres


class _NoRowLock(PostgresStore):
    """Compares versions with a plain SELECT: no ``FOR UPDATE`` on the head rows, and the
    chain head read without its lock too.  (Since the hash chain, every PostgreSQL write
    locks the single ``chain_head`` row before its version check, which serialises writers
    by itself: a store that drops only the head-row lock is still correct, and the kit
    rightly passes it.  The mutant therefore drops every lock a writer takes before the
    check.)"""

    def __init__(self, url: str) -> None:
        super().__init__(url, pool_max_size=4)
        self._sql["lock_heads"] = sql.SQL(
            "SELECT record_id, version FROM {s}.record_heads WHERE record_id = ANY(%s)"
        ).format(s=self._schema_id)
        self._sql["chain_lock"] = sql.SQL(
            "SELECT chain_id, seq, hash FROM {s}.chain_head WHERE id = 1"
        ).format(s=self._schema_id)


class _ClaimWithoutSkipLocked(PostgresStore):
    """Chooses the due items without ``FOR UPDATE SKIP LOCKED``."""

    def __init__(self, url: str) -> None:
        super().__init__(url, pool_max_size=4)
        self._sql["claim"] = sql.SQL(
            "WITH due AS (SELECT seq FROM {s}.outbox "
            "WHERE status IN ('pending', 'in_flight') AND next_attempt_at <= %s "
            "ORDER BY seq LIMIT %s) "
            "UPDATE {s}.outbox o SET status = 'in_flight', attempts = o.attempts + 1, "
            "next_attempt_at = %s FROM due WHERE o.seq = due.seq "
            "RETURNING o.seq, o.id, o.topic, o.key, o.payload, o.status, o.attempts, "
            "o.created_at, o.next_attempt_at, o.last_error"
        ).format(s=self._schema_id)


@pytest.fixture
def kit() -> FaultInjectionConformance:
    return FaultInjectionConformance()


@pytest.fixture
def no_row_lock(fresh_url: str) -> Iterator[PostgresStore]:
    with _NoRowLock(fresh_url) as store:
        yield store


@pytest.fixture
def no_skip_locked(fresh_url: str) -> Iterator[PostgresStore]:
    with _ClaimWithoutSkipLocked(fresh_url) as store:
        yield store


@pytest.mark.parametrize("run", range(5))
def test_the_kit_fails_a_store_without_its_row_lock(
    kit: FaultInjectionConformance, no_row_lock: PostgresStore, run: int
) -> None:
    with pytest.raises(pytest.fail.Exception, match="row lock"):
        kit.test_a_writer_between_check_and_commit_holds_back_a_second_writer(no_row_lock)


@pytest.mark.parametrize("run", range(3))
def test_the_kit_fails_a_claim_without_skip_locked(
    kit: FaultInjectionConformance, no_skip_locked: PostgresStore, run: int
) -> None:
    with pytest.raises(pytest.fail.Exception, match="two claimers"):
        kit.test_a_claim_between_choosing_and_handing_out_holds_back_a_second_claim(no_skip_locked)
