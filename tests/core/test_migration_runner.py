"""The one migration runner shape (``carekit.store._migrations``), shared by SQLite and
carekit-postgres."""

from __future__ import annotations

import pytest

from carekit.store import StoreSchemaTooNewError
from carekit.store import _migrations as sqlite_migrations
from carekit.store._migrations import Migration, apply_steps, pending_steps

STEPS = (
    Migration(1, "one", ("a1", "a2")),
    Migration(2, "two", ("b1",)),
    Migration(3, "three", ("c1",)),
)


@pytest.mark.parametrize(
    ("current", "target", "versions"),
    [(0, 3, [1, 2, 3]), (1, 3, [2, 3]), (0, 2, [1, 2]), (3, 3, []), (2, 1, [])],
)
def test_pending_steps(current: int, target: int, versions: list[int]) -> None:
    steps = pending_steps(STEPS, current=current, target=target, url="memory://")
    assert [s.version for s in steps] == versions


def test_a_database_newer_than_the_code_is_refused_and_names_the_masked_url() -> None:
    with pytest.raises(StoreSchemaTooNewError) as caught:
        pending_steps(STEPS, current=4, target=3, url="postgresql://care:s3cret@db/care")
    assert "s3cret" not in str(caught.value)


def test_apply_steps_runs_each_steps_statements_then_records_it() -> None:
    log: list[str] = []
    applied = apply_steps(
        STEPS[1:], execute=log.append, record=lambda step: log.append(f"recorded {step.version}")
    )
    assert applied == [2, 3]
    assert log == ["b1", "recorded 2", "c1", "recorded 3"]


def test_a_failing_statement_stops_before_the_step_is_recorded() -> None:
    recorded: list[int] = []

    def execute(statement: str) -> None:
        if statement == "b1":
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        apply_steps(STEPS, execute=execute, record=lambda step: recorded.append(step.version))
    assert recorded == [1]


def test_both_backends_use_the_one_migration_type() -> None:
    assert all(isinstance(m, Migration) for m in sqlite_migrations.MIGRATIONS)
    postgres = pytest.importorskip("carekit_postgres._migrations")
    assert postgres.Migration is Migration
    assert all(isinstance(m, Migration) for m in postgres.MIGRATIONS)
