"""The latest document kept next to the head row (migration 4): reads come from
``record_heads`` alone, the migration backfills existing rows, and a writer that changes
the version without the document is refused instead of leaving a stale document."""

from __future__ import annotations

import datetime as dt
import gc

import psycopg
import pytest
from carekit_postgres import PostgresStore, migrate, parse_url
from carekit_postgres._store import GC_PAUSE_ROWS
from psycopg import sql

from carekit.model import Record
from carekit.store import PutItem, ReadResult, StoreCorruptError
from carekit.testing.records import make_record, touch
from carekit.testing.storage import put_new, seed

pytestmark = pytest.mark.postgres

TODAY = dt.date(2026, 11, 23)


def _connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(parse_url(url).conninfo, autocommit=True)


def _plans(n: int) -> list[Record]:
    return [
        make_record("safety_plan", i, review_date=TODAY + dt.timedelta(days=i % 10))
        for i in range(n)
    ]


def test_migration_backfills_the_latest_document_of_existing_records(fresh_url: str) -> None:
    schema = parse_url(fresh_url).schema
    with _connect(fresh_url) as conn:
        assert migrate(conn, schema=schema, url="x", target=3) == [1, 2, 3]
    # written by the store before migration 4 existed: versions and heads, no document
    plans = _plans(3)
    changed = touch(plans[0], plan_version=2)
    with _connect(fresh_url) as conn:
        for version, record in ((1, plans[0]), (2, changed), (1, plans[1]), (1, plans[2])):
            row = (
                record.record_id,
                version,
                record.kind,
                str(record.citizen_id),
                "active",
                record.due_on(),
                dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC),
            )
            conn.execute(
                sql.SQL(
                    "INSERT INTO {}.record_versions (record_id, version, kind, citizen_id, "
                    "status, due_on, stored_at, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                ).format(sql.Identifier(schema)),
                (*row, record.__pydantic_serializer__.to_json(record).decode()),
            )
            conn.execute(
                sql.SQL(
                    "INSERT INTO {}.record_heads (record_id, version, kind, citizen_id, status, "
                    "due_on, stored_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (record_id) DO UPDATE SET version = EXCLUDED.version"
                ).format(sql.Identifier(schema)),
                row,
            )
    with PostgresStore(fresh_url) as store:
        found = {s.record_id: s for s in store.query()}
        assert found[changed.record_id].record == changed
        assert found[changed.record_id].version == 2
        assert found[plans[1].record_id].record == plans[1]
        assert store.get(changed.record_id).record == changed
        assert store.get(changed.record_id, version=1).record == plans[0]


def test_query_and_get_return_the_latest_version_after_updates(fresh_url: str) -> None:
    plans = _plans(80)  # >= COPY_THRESHOLD: heads are COPYed
    with PostgresStore(fresh_url) as store:
        seed(store, *plans)
        store.put_many([PutItem(r) for r in plans])
        small = [PutItem(touch(r, plan_version=2), 1) for r in plans[:3]]
        store.put_many(small)
        bulk = [PutItem(touch(r, minutes=2, plan_version=3), 1) for r in plans[10:80]]
        store.put_many(bulk)
        latest = {i.record.record_id: i.record for i in (*small, *bulk)}
        for stored in store.query(due_before=TODAY + dt.timedelta(days=30)):
            expected = latest.get(stored.record_id)
            if expected is not None:
                assert stored.version == 2
                assert stored.record == expected
                assert store.get(stored.record_id).record == expected
            else:
                assert stored.version == 1
        assert len(store.query(due_before=TODAY + dt.timedelta(days=30))) == 80


def test_a_writer_that_moves_the_version_without_the_document_is_refused(
    fresh_url: str,
) -> None:
    record = make_record("dream")
    with PostgresStore(fresh_url) as store:
        put_new(store, record)
    schema = parse_url(fresh_url).schema
    with _connect(fresh_url) as conn, pytest.raises(psycopg.errors.CheckViolation):
        # what a server still running carekit-postgres < migration 4 would do
        conn.execute(
            sql.SQL("UPDATE {}.record_heads SET version = 2 WHERE record_id = %s").format(
                sql.Identifier(schema)
            ),
            (record.record_id,),
        )
    with PostgresStore(fresh_url) as store:
        assert store.get(record.record_id).version == 1


def test_large_results_leave_the_garbage_collector_as_they_found_it(fresh_url: str) -> None:
    plans = _plans(GC_PAUSE_ROWS + 10)
    with PostgresStore(fresh_url) as store:
        seed(store, *plans)
        store.put_many([PutItem(r) for r in plans])
        assert gc.isenabled()
        assert len(store.query(kind="safety_plan")) == len(plans)
        assert gc.isenabled()
        gc.disable()
        try:
            assert len(store.query(kind="safety_plan")) == len(plans)
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_a_corrupt_document_in_a_large_result_is_skipped_reported_and_reenables_the_collector(
    fresh_url: str,
) -> None:
    plans = _plans(GC_PAUSE_ROWS + 10)
    schema = parse_url(fresh_url).schema
    with PostgresStore(fresh_url) as store:
        seed(store, *plans)
        store.put_many([PutItem(r) for r in plans])
        with _connect(fresh_url) as conn:
            conn.execute(
                sql.SQL("UPDATE {}.record_heads SET doc = '{{}}' WHERE record_id = %s").format(
                    sql.Identifier(schema)
                ),
                (plans[-1].record_id,),
            )
        found = store.query(kind="safety_plan")  # one bad row never breaks the read of the others
        assert len(found) == len(plans) - 1
        assert isinstance(found, ReadResult)
        assert [u.record_id for u in found.unreadable] == [plans[-1].record_id]
        assert gc.isenabled()
        with pytest.raises(StoreCorruptError):  # reading that record itself says why
            store.get(plans[-1].record_id)
