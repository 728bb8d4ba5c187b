"""The page-query contract (:meth:`Store.query_page <carekit.store.Store.query_page>`) as
pytest tests: part of :class:`~carekit.testing.storage.StoreConformance`, or compose
:class:`QueryConformance` on its own next to :class:`~carekit.testing.storage.StoreFixtures`.

The kit's citizens carry names with Danish letters; a store passes only when it

* pages **exactly once, in order**: 1,000 records in pages of 37 (and any page size, a
  hypothesis property) give every record once, in ``(stored_at, record_id)`` order for
  ``order="changed"`` and record-id order for ``order="id"``; a record changed after its
  page was read comes again later, with its new version, and nothing else moves;
* filters by ``kind``, ``citizen_id``, ``status``, ``changed_since`` and ``due_before`` on
  the latest version only;
* searches ``text`` in the folded column of the human fields
  (:func:`carekit.store.backend.search_columns`): ``Søren`` is found by ``soren`` and
  ``SØREN``, every word must match, and ``%``/``_`` are plain characters;
* finds a citizen by the keyed hash of the CPR number after ``use_search_key`` (also for
  citizens stored before the key was given), never by the number itself.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carekit.model import Record
from carekit.store import PageKey, PutItem, RecordQuery, Store, StoredRecord
from carekit.store.backend import cpr_digest, fold
from carekit.testing._report import check
from carekit.testing.records import make_record, record_id_for, touch

__all__ = ["QueryConformance", "page_through"]

_KEY = b"carekit-kit-search-key-0123456789"


def page_through(store: Store, query: RecordQuery, size: int) -> list[StoredRecord[Record]]:
    """Every record *query* matches, read page by page with pages of *size* (the way
    ``Repository.query`` does: ask for one more to know whether there is a next page)."""
    out: list[StoredRecord[Record]] = []
    after: PageKey | None = None
    for _ in range(100_000):
        rows = store.query_page(attrs.evolve(query, limit=size + 1, after=after))
        out.extend(rows[:size])
        if len(rows) <= size:
            return out
        last = rows[size - 1]
        after = PageKey(last.stored_at, last.record_id)
    raise AssertionError("paging did not end")  # pragma: no cover


def _ids(rows: Sequence[StoredRecord[Record]]) -> list[str]:
    return [s.record_id for s in rows]


def _changed_order(rows: Sequence[StoredRecord[Record]]) -> list[str]:
    return [s.record_id for s in sorted(rows, key=lambda s: (s.stored_at, s.record_id))]


def _citizens(store: Store, n: int, *, batch: int = 250) -> list[str]:
    records = [make_record("citizen", i) for i in range(n)]
    for start in range(0, n, batch):
        store.put_many([PutItem(r) for r in records[start : start + batch]])
    return sorted(r.record_id for r in records)


def _put_all(store: Store, *records: Record) -> None:
    store.put_many([PutItem(r) for r in records])


class QueryConformance:
    """``query_page``: keyset paging, filters, folded text search, CPR blind index.  Uses
    the ``store`` fixture of :class:`~carekit.testing.storage.StoreFixtures`."""

    def test_paging_1000_records_in_pages_of_37_returns_each_once_in_order(
        self, store: Store
    ) -> None:
        """1,000 citizens in pages of 37: each exactly once, in the query's order."""
        ids = _citizens(store, 1000)
        by_id = page_through(store, RecordQuery(kind="citizen", order="id"), 37)
        check(
            _ids(by_id) == ids,
            "order='id' pages give every record once, by record id",
            "ORDER BY record_id with WHERE record_id > after.record_id and LIMIT",
            f"{len(by_id)} rows, {len(set(_ids(by_id)))} distinct",
        )
        changed = page_through(store, RecordQuery(kind="citizen"), 37)
        check(
            sorted(_ids(changed)) == ids and _ids(changed) == _changed_order(changed),
            "order='changed' pages give every record once, by (stored_at, record_id)",
            "ORDER BY stored_at, record_id with WHERE (stored_at, record_id) > after",
            f"{len(changed)} rows, {len(set(_ids(changed)))} distinct",
        )

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(size=st.integers(min_value=1, max_value=80), by_id=st.booleans())
    def test_any_page_size_returns_exactly_the_full_ordered_set(
        self, store: Store, size: int, by_id: bool
    ) -> None:
        """Property: for every page size, paging returns exactly the whole ordered set."""
        if not store.query_page(RecordQuery(kind="citizen", limit=1)):
            _citizens(store, 120)
        order: Any = "id" if by_id else "changed"
        whole = store.query_page(RecordQuery(kind="citizen", order=order, limit=1000))
        paged = page_through(store, RecordQuery(kind="citizen", order=order), size)
        check(
            _ids(paged) == _ids(whole) and len(whole) == 120,
            f"pages of {size} give the same records in the same order as one big page",
            "compare the full sort key (stored_at, record_id) strictly after the cursor",
        )

    def test_a_record_changed_while_paging_comes_again_and_nothing_is_skipped(
        self, store: Store
    ) -> None:
        """Keyset paging under writes: an unchanged record is never seen twice or skipped;
        a changed one moves to the end (order 'changed') with its new version."""
        ids = _citizens(store, 60)
        first = store.query_page(RecordQuery(kind="citizen", limit=20))
        moved = first[0].record
        time.sleep(0.002)
        store.put(touch(moved, display_name="Flyttet"), expected_version=1)
        last = first[-1]
        rest = page_through(
            store,
            RecordQuery(kind="citizen", after=PageKey(last.stored_at, last.record_id)),
            20,
        )
        seen = _ids(first) + _ids(rest)
        check(
            sorted(set(seen)) == ids and seen.count(moved.record_id) == 2,
            "every record is seen; only the changed one twice",
            "order by the head row's stored_at (the latest version) and record_id",
        )
        check(
            rest[-1].record_id == moved.record_id and rest[-1].version == 2,
            "the changed record comes last, with its new version",
            "return the latest version; sort by its stored_at",
        )

    def test_filters_apply_to_the_latest_version_only(self, store: Store) -> None:
        """kind, citizen_id, status and due_before filter on the latest version."""
        other = record_id_for("citizen", 2)
        _put_all(store, make_record("citizen", 0), make_record("citizen", 2))
        plan_a = make_record("safety_plan", 1, review_date=dt.date(2026, 12, 1))
        plan_b = make_record("safety_plan", 2, citizen_id=other, review_date=dt.date(2027, 1, 1))
        for plan in (plan_a, plan_b):
            store.put(plan, expected_version=None)
        store.put(touch(plan_a, status="review_due"), expected_version=1)
        plans = RecordQuery(kind="safety_plan", order="id")

        def found(**filters: Any) -> set[str]:
            return set(_ids(store.query_page(attrs.evolve(plans, **filters))))

        check(
            found() == {plan_a.record_id, plan_b.record_id},
            "kind filters",
            "WHERE kind = query.kind",
        )
        check(
            found(citizen_id=str(other)) == {plan_b.record_id},
            "citizen_id filters",
            "WHERE citizen_id = query.citizen_id",
        )
        check(
            found(status="active") == {plan_b.record_id}
            and found(status="review_due") == {plan_a.record_id},
            "status filters on the latest version",
            "keep one head row per record with its latest status",
        )
        check(
            found(due_before=dt.date(2026, 12, 2)) == {plan_a.record_id},
            "due_before keeps records due strictly before it",
            "WHERE due_on IS NOT NULL AND due_on < query.due_before",
        )
        check(found(kind="dream") == set(), "another kind has none", "filter on kind")

    def test_changed_since_keeps_versions_stored_at_or_after_it(self, store: Store) -> None:
        """changed_since: only records whose latest version was stored at or after it."""
        old = _citizens(store, 5)
        time.sleep(0.002)
        later = [make_record("citizen", 100 + i) for i in range(3)]
        stored = store.put_many([PutItem(r) for r in later])
        since = stored[0].stored_at
        changed = store.get(old[0])
        store.put(touch(changed.record, display_name="Ny"), expected_version=1)
        found = _ids(store.query_page(RecordQuery(kind="citizen", changed_since=since)))
        want = {r.record_id for r in later} | {old[0]}
        check(
            set(found) == want and len(found) == len(want),
            "changed_since keeps what was stored at or after it, including updates",
            "WHERE stored_at >= query.changed_since on the head row",
            sorted(set(found) ^ want),
        )

    def test_text_is_searched_folded_in_the_human_fields(self, store: Store) -> None:
        """'Søren' is found by 'soren' and 'SØREN'; 'Åse' by 'aase'; every word must match;
        % and _ are plain characters; other fields (the CPR number) are not searched."""
        names = {
            0: "Søren Ærø Kierkegaard",
            1: "Åse Mølgaard",
            2: "Karen 100% Blixen",
            3: "Sorensen_Hans",
        }
        _put_all(
            store,
            *(
                make_record("citizen", n, display_name=name, cpr="010190-1234" if n == 1 else None)
                for n, name in names.items()
            ),
        )

        def found(text: str) -> set[str]:
            rows = store.query_page(RecordQuery(kind="citizen", text=fold(text), order="id"))
            return {s.record.display_name for s in rows}  # type: ignore[attr-defined]

        soren = {names[0], names[3]}
        for query in ("soren", "SØREN", "Søren", "sören"):
            check(
                found(query) == soren,
                f"text={query!r} finds 'Søren' (case and accents folded)",
                "store carekit.store.backend.search_columns(record, key)[0] and match "
                "LIKE '%word%' on it",
                found(query),
            )
        check(found("aase mol") == {names[1]}, "'aase mol' finds 'Åse Mølgaard'", "fold å/aa/ø")
        check(found("aero kierkegaard") == {names[0]}, "every word must match", "AND the words")
        check(found("100%") == {names[2]}, "'%' is a plain character", "escape % and _ in LIKE")
        check(found("n_h") == {names[3]}, "'_' is a plain character", "escape % and _ in LIKE")
        check(
            found("0101901234") == set(),
            "the CPR number is not text-searchable",
            "index only the human fields",
        )
        check(
            found("tømrer havnen") == set(names.values()),
            "life_story is searched",
            "index every field of SEARCH_FIELDS",
        )

    def test_cpr_is_found_through_the_keyed_hash_only(self, store: Store) -> None:
        """After use_search_key, cpr_digest finds the citizen — also one stored before the
        key was given; another key's digest finds nothing."""
        before = make_record("citizen", 0, cpr="010190-1234")
        store.put(before, expected_version=None)
        store.use_search_key(_KEY)
        after = make_record("citizen", 1, cpr="020280-4321")
        store.put(after, expected_version=None)

        def found(cpr: str, key: bytes = _KEY) -> list[str]:
            digest = cpr_digest(key, cpr)
            return _ids(store.query_page(RecordQuery(kind="citizen", cpr_digest=digest)))

        check(
            found("0101901234") == [before.record_id],
            "a citizen stored before use_search_key is found by its CPR digest",
            "re-index the citizens hashed under another key (or none) in use_search_key",
        )
        check(
            found("020280-4321") == [after.record_id],
            "a citizen stored after use_search_key is found",
            "store search_columns(record, key)[1] on every write",
        )
        check(
            found("010190-1234", b"another key of enough length") == [],
            "another key's digest finds nothing",
            "hash with the store's key",
        )
