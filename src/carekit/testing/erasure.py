"""GDPR erasure by crypto-shredding (:meth:`~carekit.app.Application.erase_citizen`) as a
conformance kit: on a store that encrypts per citizen, after erasing one citizen **no byte**
of their name, CPR number (in any spelling) or free text is left in the store's raw data,
the other citizens are intact and readable, reads of the erased citizen say so, and the
hash chain still verifies.  Refusals (no key, plaintext versions, retention) change nothing.

Subclass it and provide two things: the ``store_url`` fixture (a fresh, empty store for each
test) and :meth:`ErasureConformance.raw_dump` (every byte the backend keeps: the SQLite file
with its ``-wal`` and ``-shm``, or a ``COPY … TO STDOUT`` of every PostgreSQL table)::

    class TestMyStoreErasure(ErasureConformance):
        @pytest.fixture
        def store_url(self, tmp_path): return f"sqlite:///{tmp_path / 'e.sqlite'}"

        def raw_dump(self, store_url): return sqlite_files_bytes(store_url)

The kit seeds the demo's two citizens (the export kit's seed) and drives the public API.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from carekit.app import Application, RetentionError, RetentionRules
from carekit.demo import demo_citizens, demo_staff
from carekit.model import Purpose, Record
from carekit.store import (
    CitizenErasedError,
    DataKeyError,
    ErasureRefusedError,
    ReadResult,
    parse_store_url,
)
from carekit.store.backend import SEARCH_FIELDS, ChainedStore, fold, text_values
from carekit.testing.export import seed_export_store
from carekit.testing.readers import open_reading, reading

__all__ = [
    "DATA_KEY",
    "ErasureConformance",
    "citizen_secrets",
    "cpr_spellings",
    "sqlite_files_bytes",
]

ELSE, MOGENS = demo_citizens()
ANNA = demo_staff()["anna"]
#: The store key the kit opens stores with (a test key: never use it for real data).
DATA_KEY = bytes(range(32))
_OTHER_KEY = bytes(range(1, 33))


def cpr_spellings(cpr: str) -> list[bytes]:
    """A CPR number as it might be written: with and without the dash, with a space."""
    digits = cpr.replace("-", "").replace(" ", "")
    return [
        f"{digits[:6]}-{digits[6:]}".encode(),
        digits.encode(),
        f"{digits[:6]} {digits[6:]}".encode(),
    ]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


#: Words of staff metadata (names, roles) the audit and access log keep by design.
_STAFF_WORDS = {w for a in demo_staff().values() for w in (a.name, a.role) if w}


def citizen_secrets(records: Sequence[Record]) -> list[bytes]:
    """What must be gone after erasing the citizen *records* are about: every CPR spelling,
    the name, and every string of at least 8 characters in a human field (as written and
    folded for search), except ids and the staff names and roles the logs keep."""
    found: set[bytes] = set()
    for record in records:
        document = record.model_dump(mode="json")
        cpr = document.get("cpr") if record.kind == "citizen" else None
        if isinstance(cpr, str):
            found.update(cpr_spellings(cpr))
        for name in (*SEARCH_FIELDS.get(record.kind, ()), "display_name"):
            for text in text_values(document.get(name)):
                if _is_uuid(text) or text in _STAFF_WORDS:
                    continue
                if len(text) >= 8 or name == "display_name":
                    found.add(text.encode())
                    if len(fold(text)) >= 8:
                        found.add(fold(text).encode())
    return sorted(found)


def sqlite_files_bytes(store_url: str) -> bytes:
    """Every byte of a SQLite store: the file, its ``-wal`` and its ``-shm``."""
    path = Path(parse_store_url(store_url).path)
    parts = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


class ErasureConformance:
    """Tests every store that encrypts per citizen must pass for erasure."""

    @pytest.fixture
    def store_url(self) -> str:
        """A fresh, empty store (override in the subclass)."""
        raise NotImplementedError("override the store_url fixture")

    def raw_dump(self, store_url: str) -> bytes:
        """Every byte the store keeps (override in the subclass)."""
        raise NotImplementedError("override raw_dump")

    @pytest.fixture
    def app(self, store_url: str) -> Iterator[Application]:
        with open_reading(store_url, data_key=DATA_KEY) as app:
            seed_export_store(app)
            yield app

    def _erase(self, app: Application, **options: Any) -> Any:
        with app.session(actor=ANNA, purpose=Purpose.CITIZEN_REQUEST) as anna:
            return anna.erase_citizen(ELSE.id, reason="sag 2026-0417", **options)

    def test_after_erasure_no_byte_of_name_cpr_or_free_text_remains(
        self, app: Application, store_url: str
    ) -> None:
        """A byte search of everything the store keeps finds none of the erased citizen's
        name, CPR number (any spelling) or free text, while the other citizen's search text
        is still there (so the search does see the data).

        Fix: encrypt every version (the `data` column) under the citizen's key, delete or
        blank the head, search and CPR-digest rows and the outbox items about the citizen,
        overwrite the wrapped key, and rewrite the storage so old pages are gone."""
        with reading(app) as r:
            versions = [s.record for s in r.citizens.history(ELSE.id)]
            secrets = citizen_secrets([*r.citizen_records(ELSE.id), *versions])
            others = citizen_secrets(r.citizen_records(MOGENS.id))
        secrets.append(b"Else skal have sin plan fulgt op.")  # the notification's body
        assert b"010137-4002" in secrets
        assert b"Else var syerske" in b"".join(secrets)  # the first version's life story
        app.flush_access_log()
        before = self.raw_dump(store_url)
        assert any(s in before for s in secrets), "the search sees none of it before erasure"
        report = self._erase(app)
        assert report.scrubbed, report.scrub_note
        app.flush_access_log()
        dump = self.raw_dump(store_url)
        left = [s.decode() for s in secrets if s in dump and s not in others]
        assert left == [], f"still in the store after erasure: {left}"
        assert any(s in dump for s in others), "the dump holds no data at all: check raw_dump"

    def test_other_citizens_are_intact_and_readable(self, app: Application) -> None:
        """Mogens's records read back exactly as before Else's erasure."""
        with reading(app) as r:
            before = {s.record_id: s for s in r.citizen_records(MOGENS.id)}
        self._erase(app)
        with reading(app) as r:
            after = {s.record_id: s for s in r.citizen_records(MOGENS.id)}
            assert r.citizens.get(MOGENS.id).record.display_name == MOGENS.display_name
        assert after == before

    def test_the_chain_still_verifies_and_the_audit_keeps_who_erased_why(
        self, app: Application
    ) -> None:
        """``audit verify`` passes after erasure; the audit says who erased, when and why,
        and still lists every version that existed."""
        store = app.store
        assert isinstance(store, ChainedStore)
        versions = [e for e in store.audit_log(citizen_id=str(ELSE.id)) if e.version]
        self._erase(app)
        assert store.chain_verify().findings == ()
        audit = store.audit_log(citizen_id=str(ELSE.id))
        erased = [e for e in audit if e.action == "erase"]
        assert [(e.actor_id, e.detail) for e in erased] == [(ANNA.id, "sag 2026-0417")]
        assert [e for e in audit if e.version] == versions

    def test_reads_of_the_erased_citizen_say_erased_and_lists_leave_them_out(
        self, app: Application
    ) -> None:
        """get and history raise CitizenErasedError (bilingual); lists skip the citizen."""
        self._erase(app)
        with reading(app) as r:
            with pytest.raises(CitizenErasedError) as caught:
                r.citizens.get(ELSE.id)
            assert "slettet" in caught.value.text.da
            assert "erased" in caught.value.text.en
            assert str(ELSE.id) not in {str(s.record.citizen_id) for s in r.citizens.list()}
            assert list(r.citizen_records(ELSE.id)) == []
        with pytest.raises(CitizenErasedError):
            app.store.history(str(ELSE.id))

    def test_nothing_more_is_stored_about_an_erased_citizen(self, app: Application) -> None:
        """A write for an erased citizen is refused; erasing twice says it was erased."""
        self._erase(app)
        with pytest.raises(CitizenErasedError) as caught:
            app.store.put(ELSE, expected_version=2)
        assert "slettet" in caught.value.text.da
        with pytest.raises(CitizenErasedError):
            self._erase(app)

    def test_a_store_opened_with_another_key_is_refused(
        self, app: Application, store_url: str
    ) -> None:
        """Opening with a key other than the one the data keys were wrapped with raises
        DataKeyError (bilingual), never a traceback from the cipher."""
        del app
        with pytest.raises(DataKeyError) as caught:
            open_reading(store_url, data_key=_OTHER_KEY).close()
        assert "datanøgle" in caught.value.text.da

    def test_without_the_key_reads_skip_rows_and_erasure_is_refused(
        self, app: Application, store_url: str
    ) -> None:
        """Without the key each encrypted version is an unreadable row (one row never breaks
        a read of others) and erasure is refused with a finding; nothing changes."""
        app.close()
        with open_reading(store_url) as plain:
            rows = plain.store.query(kind="citizen")
            assert rows == []
            assert isinstance(rows, ReadResult)
            unreadable = rows.unreadable
            assert len(unreadable) == 2
            assert "datanøgle" in unreadable[0].text.da
            with pytest.raises(ErasureRefusedError) as caught:
                self._erase(plain)
            assert "datanøgle" in caught.value.text.da
        with open_reading(store_url, data_key=DATA_KEY) as again, reading(again) as r:
            assert r.citizens.get(ELSE.id).record.display_name == ELSE.display_name

    def test_records_under_retention_are_refused_unless_overridden(self, app: Application) -> None:
        """Retention rules refuse erasure, listing the records; an override with a reason
        erases and keeps the override in the audit."""
        rules = RetentionRules({"information_record": 10})
        with pytest.raises(RetentionError) as caught:
            self._erase(app, retention=rules)
        assert [h.kind for h in caught.value.held] == ["information_record"]
        assert caught.value.held[0].until > dt.datetime.now(dt.UTC).date()
        with reading(app) as r:
            assert r.citizens.get(ELSE.id).record.display_name == ELSE.display_name
        self._erase(app, retention=rules, override_retention="byretsdom BS-1/2026")
        erased = [e for e in app.store.audit_log(citizen_id=str(ELSE.id)) if e.action == "erase"]
        assert erased
        assert "byretsdom BS-1/2026" in (erased[0].detail or "")


class PlaintextErasureConformance:
    """A citizen whose versions were stored before the store had a key cannot be
    crypto-shredded: erasure is refused, naming the versions, and nothing changes."""

    @pytest.fixture
    def store_url(self) -> str:
        """A fresh, empty store (override in the subclass)."""
        raise NotImplementedError("override the store_url fixture")

    def test_plaintext_versions_are_refused_with_a_finding(self, store_url: str) -> None:
        with open_reading(store_url) as plain:
            seed_export_store(plain)
        with open_reading(store_url, data_key=DATA_KEY) as app:
            with pytest.raises(ErasureRefusedError) as caught:
                app.erase_citizen(ELSE.id, reason="sag 2026-0417")
            assert "ukrypteret" in caught.value.text.da
            assert "plaintext" in caught.value.text.en
            with reading(app) as r:
                assert r.citizens.get(ELSE.id).record.display_name == ELSE.display_name
            store = app.store
            assert isinstance(store, ChainedStore)
            assert store.chain_verify().findings == ()
