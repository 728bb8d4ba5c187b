"""Bulk import (COPY path): all or nothing, with ConflictError naming the record."""

from __future__ import annotations

import pytest
from carekit_postgres import COPY_THRESHOLD, PostgresStore, UnstorableValueError

from carekit.errors import ConflictError
from carekit.store import PutItem
from carekit.testing.records import make_record, touch
from carekit.testing.storage import seed

pytestmark = pytest.mark.postgres


def test_bulk_create_of_an_existing_id_conflicts_and_writes_nothing(fresh_url: str) -> None:
    existing = make_record("dream", 7)
    with PostgresStore(fresh_url) as store:
        seed(store, existing)
        store.put(existing, expected_version=None)
        before = store.audit_log()
        batch = [PutItem(make_record("dream", n)) for n in range(COPY_THRESHOLD * 3)]
        assert any(i.record.record_id == existing.record_id for i in batch)
        with pytest.raises(ConflictError) as info:
            store.put_many(batch)
        assert info.value.record_id == existing.record_id
        assert (info.value.expected, info.value.actual) == (None, 1)
        assert [s.record.record_id for s in store.query(kind="dream")] == [existing.record_id]
        assert store.audit_log() == before


def test_bulk_mix_of_creates_and_updates_is_written_in_one_go(fresh_url: str) -> None:
    olds = [make_record("perspective", n) for n in range(COPY_THRESHOLD)]
    with PostgresStore(fresh_url) as store:
        seed(store, *olds)  # the citizen and the dreams the perspectives refer to
        store.put_many([PutItem(r) for r in olds])
        batch = [PutItem(touch(r), expected_version=1) for r in olds] + [
            PutItem(make_record("dream", n)) for n in range(COPY_THRESHOLD, 2 * COPY_THRESHOLD)
        ]
        stored = store.put_many(batch)
        assert [s.version for s in stored] == [2] * COPY_THRESHOLD + [1] * COPY_THRESHOLD
        latest = {s.record.record_id: s.version for s in store.query()}
        assert len(latest) == 3 * COPY_THRESHOLD + 1  # + the seeded dreams and citizen
        assert {latest[r.record_id] for r in olds} == {2}


def test_bulk_stale_update_conflicts_and_writes_nothing(fresh_url: str) -> None:
    olds = [make_record("perspective", n) for n in range(COPY_THRESHOLD)]
    with PostgresStore(fresh_url) as store:
        seed(store, *olds)
        store.put_many([PutItem(r) for r in olds])
        before = store.audit_log()
        batch = [PutItem(touch(r), expected_version=1) for r in olds]
        batch[10] = PutItem(touch(olds[10]), expected_version=2)
        with pytest.raises(ConflictError) as info:
            store.put_many([*batch, PutItem(make_record("dream", 999))])
        assert info.value.record_id == olds[10].record_id
        assert {s.version for s in store.query()} == {1}
        assert store.audit_log() == before


@pytest.mark.parametrize("size", [1, COPY_THRESHOLD * 2], ids=["insert", "copy"])
def test_nul_character_in_a_document_is_refused_and_nothing_is_written(
    fresh_url: str, size: int
) -> None:
    batch = [PutItem(make_record("dream", n)) for n in range(size)]
    bad = batch[size // 2].record
    batch[size // 2] = PutItem(touch(bad, text="før\x00efter"))
    with PostgresStore(fresh_url) as store:
        seed(store, bad)
        before = store.audit_log()
        with pytest.raises(UnstorableValueError) as info:
            store.put_many(batch)
        assert bad.record_id in info.value.record_ids
        assert "\\u0000" in info.value.text.da
        assert "\\u0000" in info.value.text.en
        assert store.query(kind="dream") == []
        assert store.audit_log() == before


def test_bulk_import_stores_the_same_document_in_versions_and_head(fresh_url: str) -> None:
    batch = [PutItem(make_record("dream", n)) for n in range(COPY_THRESHOLD)]
    batch[3] = PutItem(touch(batch[3].record, text="æøå ÆØÅ “citat” \\ \t\n 😀"))
    with PostgresStore(fresh_url) as store:
        seed(store, *(i.record for i in batch))
        store.put_many(batch)
        for item in batch:
            rid = item.record.record_id
            assert store.get(rid).record == item.record
            assert store.get(rid, version=1).record == item.record
        dreams = [e.action for e in store.audit_log() if e.kind == "dream"]
        assert dreams == ["create"] * COPY_THRESHOLD
