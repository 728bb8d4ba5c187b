"""The hash-chain part of the storage kit: a store that keeps a tamper-evident history
(:class:`carekit.store.backend.ChainedStore`: ``chain_snapshot()`` and ``chain_verify()``, as
the SQLite and PostgreSQL stores do) links every version and every audit row into its chain,
in the write's own transaction, and an untouched store verifies.

Stores without a chain skip this part, saying so.  The mutants it kills are listed in
``docs/kit-mutants.md``.
"""

from __future__ import annotations

import itertools

import pytest

from carekit.errors import RecordNotFoundError
from carekit.model import Record
from carekit.store import PutItem, Store
from carekit.store.backend import ChainedStore
from carekit.testing._report import check
from carekit.testing.records import make_record, prerequisites, touch

__all__ = ["ChainConformance"]

_FIX = (
    "link every record version and every audit row with carekit.store.backend.ChainWriter "
    "inside the write's transaction (lock the chain head first, store the new head before "
    "commit), and read them back in chain order in chain_snapshot()"
)


def _seed(store: Store, *records: Record) -> None:
    for needed in prerequisites(*records):
        try:
            store.get(needed.record_id)
        except RecordNotFoundError:
            store.put(needed, expected_version=None)


def _chained(store: Store) -> ChainedStore:
    if not isinstance(store, ChainedStore):
        pytest.skip("the store keeps no hash chain (carekit.store.backend.ChainedStore)")
    return store


class ChainConformance:
    """Tamper-evident history: every version and audit row is chained; the chain verifies.
    Uses the ``store`` fixture of :class:`~carekit.testing.storage.StoreFixtures`."""

    def test_every_version_and_audit_row_is_linked_and_the_chain_verifies(
        self, store: Store
    ) -> None:
        """After single writes, a batch and an update, ``chain_verify()`` finds nothing, and
        the chain holds exactly one row per stored version and per audit entry."""
        chained = _chained(store)
        first = make_record("dream", 31)
        batch = [make_record("perspective", n) for n in range(31, 35)]
        _seed(store, first, *batch)
        store.put(first, expected_version=None)
        store.put_many([PutItem(r, None) for r in batch])
        store.put(touch(first), expected_version=1)
        report = chained.chain_verify()
        check(
            report.ok,
            "an untouched store's hash chain verifies",
            _FIX,
            [f"{f.code} at {f.record_id or '-'} v{f.version}" for f in report.findings[:3]],
        )
        versions = sum(len(store.history(rid)) for rid in _record_ids(store))
        audits = len(store.audit_log())
        check(
            report.rows == versions + audits,
            "every record version and every audit row is linked into the chain",
            _FIX,
            f"{report.rows} chained rows for {versions} versions and {audits} audit entries",
        )
        check(
            report.head.seq == report.rows,
            "the stored chain head is the last row linked",
            _FIX,
            f"head at {report.head.seq}, {report.rows} rows",
        )

    def test_the_chain_grows_with_every_write_and_never_forks(self, store: Store) -> None:
        """Each write moves the chain head on by the rows it added; two writes in a row
        never start from the same head (no fork)."""
        chained = _chained(store)
        record = make_record("dream", 41)
        _seed(store, record)
        store.put(record, expected_version=None)
        heads = [chained.chain_verify().head]
        for n in range(3):
            store.put(touch(record, text=f"version {n + 2}"), expected_version=n + 1)
            heads.append(chained.chain_verify().head)
        seqs = [h.seq for h in heads]
        check(
            all(b > a for a, b in itertools.pairwise(seqs)),
            "every write moves the stored chain head on",
            _FIX,
            seqs,
        )
        check(
            len({h.hash for h in heads}) == len(heads),
            "no two writes end at the same chain head (the chain never forks)",
            _FIX,
            [h.hash.hex()[:12] for h in heads],
        )
        check(chained.chain_verify().ok, "the chain verifies after every write", _FIX)


def _record_ids(store: Store) -> list[str]:
    return sorted({e.record_id for e in store.audit_log() if e.record_id is not None})
