"""The storage contract as pytest tests, for anyone writing a storage backend.

Subclass :class:`StoreConformance` in your test suite and provide **one** fixture,
``store_factory``: a callable returning a fresh, empty store (the kit closes it).  When the
backend declares ``read_audit`` the factory must accept the keyword ``audit_reads=True``::

    import pytest
    from carekit.testing.storage import StoreConformance
    from carekit_postgres import PostgresStore

    class TestPostgresStore(StoreConformance):
        @pytest.fixture
        def store_factory(self, fresh_database_url):
            return lambda audit_reads=False: PostgresStore(fresh_database_url,
                                                           audit_reads=audit_reads)

**Capabilities are declared once, by the store**: its ``capabilities`` attribute (the same
set its :class:`~carekit.store.StorageBackend` descriptor publishes).  Like SQLAlchemy's
requirement flags, every test that needs a capability says so with one mechanism, the
``carekit_capability`` marker (``@requires.history``, ``@requires.outbox`` …, or
``@pytest.mark.carekit_capability("history")`` in your own tests), and is **skipped with the
reason** — ``capability 'outbox' not declared by this backend`` — when the store does not
declare it.  Nothing passes silently.

The contract is composed of one mixin per capability, so the tests of a capability live
together and a suite may compose only the parts it wants:

=========================================  ==============================================
mixin                                      needs
=========================================  ==============================================
:class:`RecordsConformance`                nothing: round trips, not-found, query, errors
:class:`~carekit.testing.query.QueryConformance`  nothing: page queries, text, CPR index
:class:`IntegrityConformance`              nothing: citizens, references, immutable fields
:class:`HistoryConformance`                ``history``
:class:`OptimisticConcurrencyConformance`  ``optimistic_concurrency`` (threads: + history)
:class:`BulkConformance`                   ``bulk`` (+ ``history``/``audit``/``outbox``)
:class:`AuditConformance`                  ``audit``
:class:`ReadAuditConformance`              ``read_audit`` (factory takes ``audit_reads``)
:class:`AccessLogConformance`              ``access_log``: the read-access log, and every
                                           application read path leaving one entry
:class:`OutboxConformance`                 ``outbox``
:class:`~carekit.testing.events.EventFeedConformance`  ``outbox``: the event feed, pages
:class:`ConcurrentProcessesConformance`    ``concurrent_processes`` (+ ``shared_store_opener``)
:class:`FaultInjectionConformance`         a ``fault_hook`` attribute (the seam, see below)
=========================================  ==============================================

The marker is registered by carekit's pytest plugin (entry point ``pytest11: carekit``,
loaded automatically; with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` pass ``-p carekit``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Final, TypeVar

import attrs
import pytest

from carekit.errors import (
    ConflictError,
    ImmutableFieldError,
    RecordNotFoundError,
    RecordValidationError,
    ReferenceIntegrityError,
    StoreError,
)
from carekit.events import DomainEvent
from carekit.model import Actor, ActorKind, Record, kinds
from carekit.store import (
    CAP_ACCESS_LOG,
    CAP_AUDIT,
    CAP_BULK,
    CAP_CONCURRENT_PROCESSES,
    CAP_HISTORY,
    CAP_OPTIMISTIC_CONCURRENCY,
    CAP_OUTBOX,
    CAP_READ_AUDIT,
    EVENT_TOPIC,
    AccessEntry,
    OutboxItemNotFoundError,
    OutboxStateError,
    PutItem,
    Store,
)
from carekit.testing._report import broken, check
from carekit.testing.chain import ChainConformance
from carekit.testing.events import EventFeedConformance
from carekit.testing.plugin import CAPABILITY_MARKER
from carekit.testing.query import QueryConformance
from carekit.testing.records import CITIZEN_ID, make_record, prerequisites, record_id_for, touch

__all__ = [
    "AccessLogConformance",
    "AuditConformance",
    "BulkConformance",
    "ConcurrentProcessesConformance",
    "FaultInjectionConformance",
    "HistoryConformance",
    "InjectedFault",
    "IntegrityConformance",
    "OptimisticConcurrencyConformance",
    "OutboxConformance",
    "ReadAuditConformance",
    "RecordsConformance",
    "StoreConformance",
    "StoreFactory",
    "StoreFixtures",
    "StoreRequirements",
    "broken",
    "check",
    "put_new",
    "refused",
    "requires",
    "seed",
    "skip_reason",
]

StoreFactory = Callable[..., Store]
_F = TypeVar("_F", bound=Callable[..., Any])
READER = Actor(id="reader-7", kind=ActorKind.STAFF, name="Læser")


def skip_reason(capability: str) -> str:
    """The reason a test needing *capability* is skipped when the store does not declare it."""
    return f"capability {capability!r} not declared by this backend"


def _capability_mark(*capabilities: str) -> pytest.MarkDecorator:
    try:
        mark: pytest.MarkDecorator = getattr(pytest.mark, CAPABILITY_MARKER)
    except pytest.fail.Exception as error:  # --strict-markers without carekit's plugin
        raise RuntimeError(
            f"the {CAPABILITY_MARKER!r} marker is not registered: carekit's pytest plugin is "
            "not loaded (plugin autoloading is off?); run pytest with '-p carekit'"
        ) from error
    return mark(*capabilities)


class StoreRequirements:
    """The capability flags of the storage contract, SQLAlchemy-``requirements`` style.

    Each attribute is a decorator marking a test as needing that capability;
    ``requires(a, b)`` marks a test as needing several.  All of them apply the one
    ``carekit_capability`` marker, which is what the kit checks.
    """

    @property
    def history(self) -> pytest.MarkDecorator:
        """Every version is kept: ``get(version=)`` and ``history()``."""
        return _capability_mark(CAP_HISTORY)

    @property
    def optimistic_concurrency(self) -> pytest.MarkDecorator:
        """``put(expected_version=)`` refuses a stale or duplicate write (``ConflictError``)."""
        return _capability_mark(CAP_OPTIMISTIC_CONCURRENCY)

    @property
    def audit(self) -> pytest.MarkDecorator:
        """Every write appends an audit entry (``audit_log()``)."""
        return _capability_mark(CAP_AUDIT)

    @property
    def read_audit(self) -> pytest.MarkDecorator:
        """With ``audit_reads=True`` every read appends an audit entry too."""
        return _capability_mark(CAP_READ_AUDIT)

    @property
    def access_log(self) -> pytest.MarkDecorator:
        """The store keeps the read-access log (``log_access``/``access_log``)."""
        return _capability_mark(CAP_ACCESS_LOG)

    @property
    def outbox(self) -> pytest.MarkDecorator:
        """A transactional outbox: events written with the record; claim/complete/fail/retry."""
        return _capability_mark(CAP_OUTBOX)

    @property
    def bulk(self) -> pytest.MarkDecorator:
        """``put_many`` writes a batch all-or-nothing."""
        return _capability_mark(CAP_BULK)

    @property
    def concurrent_processes(self) -> pytest.MarkDecorator:
        """Several processes may open one store at once and lose or double nothing."""
        return _capability_mark(CAP_CONCURRENT_PROCESSES)

    def __call__(self, *capabilities: str) -> pytest.MarkDecorator:
        """Mark a test as needing every one of *capabilities*."""
        return _capability_mark(*capabilities)


#: The capability flags: ``@requires.outbox``, ``@requires(CAP_BULK, CAP_HISTORY)``.
requires: Final = StoreRequirements()


def _needed(request: pytest.FixtureRequest) -> list[str]:
    return [cap for mark in request.node.iter_markers(CAPABILITY_MARKER) for cap in mark.args]


def _skip_unless_declared(store: Store, request: pytest.FixtureRequest) -> None:
    for cap in _needed(request):
        if cap not in store.capabilities:
            pytest.skip(skip_reason(cap))


def refused(  # noqa: RET503 - broken() never returns (NoReturn)
    error: type[BaseException], call: Callable[[], object], rule: str, fix: str
) -> BaseException:
    """Run *call*, which the contract says must raise *error*; return the error.  Anything
    else (no error, another error) fails with *rule* and *fix*."""
    try:
        result = call()
    except error as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - any other error breaks the rule; name it
        broken(rule, fix, f"{type(exc).__name__} instead of {error.__name__}: {exc}")
    broken(rule, fix, f"no {error.__name__}; the call returned {type(result).__name__}")


def seed(store: Store, *records: Record) -> None:
    """Store what *records* need before they can be written, one ``put`` each: their
    citizens and the records they refer to (:func:`carekit.testing.records.prerequisites`).
    Records already stored are left alone.  Every store checks referential integrity in its
    write transaction (``carekit.store.backend.check_integrity``), so a test that writes a
    record about a citizen the store does not hold fails with ``ReferenceIntegrityError``."""
    for needed in prerequisites(*records):
        try:
            store.get(needed.record_id)
        except RecordNotFoundError:
            store.put(needed, expected_version=None)


def put_new(store: Store, record: Record, *, events: Sequence[DomainEvent] = ()) -> Any:
    """:func:`seed` what *record* needs, then create it (``expected_version=None``)."""
    seed(store, record)
    return store.put(record, expected_version=None, events=events)


def _event(record: Record, name: str = "RecordChanged") -> DomainEvent:
    return DomainEvent(
        name=name,
        kind=record.kind,
        record_id=record.record_id,
        citizen_id=str(record.citizen_id),
        actor_id=record.actor.id,
        at=dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC),
    )


def _future(seconds: float = 60) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def _increment(open_store: Callable[[], Store], record_id: str, wins_wanted: int) -> list[int]:
    """In a child process: read-modify-write *record_id* until *wins_wanted* writes won;
    return the versions won."""
    won: list[int] = []
    with open_store() as store:
        for _ in range(100_000):  # bounded: a broken store may never let a write win
            if len(won) >= wins_wanted:
                break
            current = store.get(record_id)
            changed = touch(current.record, plan_version=current.version + 1)
            try:
                written = store.put(changed, expected_version=current.version)
            except ConflictError:
                continue
            won.append(written.version)
    return won


def _claim_until_empty(open_store: Callable[[], Store]) -> list[str]:
    """In a child process: claim batches until none is left; return the ids claimed."""
    got: list[str] = []
    with open_store() as store:
        for _ in range(1000):  # bounded: a store without leases never runs empty
            batch = store.claim(limit=5, lease_seconds=300)
            if not batch:
                break
            got.extend(item.id for item in batch)
    return got


class StoreFixtures:
    """The fixtures every mixin uses: ``store_factory`` (yours), ``store`` and
    ``reading_store`` (the kit's).  Both open a fresh store, skip the test when the store
    does not declare a capability the test is marked with, and close the store."""

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        """Override: return a callable that makes a fresh, empty store."""
        pytest.fail(
            f"{type(self).__name__} must define a 'store_factory' fixture returning a "
            "callable that opens a fresh, empty store"
        )

    @pytest.fixture
    def store_secret(self) -> str | None:
        """Override when ``store_factory`` opens stores with a password in their URL: return
        that password, and the kit checks that ``url``, ``repr()`` and every error of the
        store never show it.  ``None`` (the default): the store has no password."""
        return None

    @pytest.fixture
    def store(self, store_factory: StoreFactory, request: pytest.FixtureRequest) -> Iterator[Store]:
        opened = store_factory()
        try:
            _skip_unless_declared(opened, request)
            yield opened
        finally:
            opened.close()

    @pytest.fixture
    def reading_store(
        self, store_factory: StoreFactory, request: pytest.FixtureRequest
    ) -> Iterator[Store]:
        """A store opened with read auditing on (``store_factory(audit_reads=True)``)."""
        params = inspect.signature(store_factory).parameters
        takes_flag = "audit_reads" in params or any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
        )
        if not takes_flag:
            probe = store_factory()
            try:
                _skip_unless_declared(probe, request)
            finally:
                probe.close()
            pytest.fail(
                f"the store declares {CAP_READ_AUDIT!r} but {type(self).__name__}'s "
                "store_factory does not accept audit_reads=True, so its reads cannot be tested"
            )
        opened = store_factory(audit_reads=True)
        try:
            _skip_unless_declared(opened, request)
            yield opened
        finally:
            opened.close()


class RecordsConformance(StoreFixtures):
    """What every store does, whatever it declares: the protocol, a URL without a password,
    round trips of every kind, not-found errors, queries and errors without record content."""

    def test_store_satisfies_protocol_and_declares_capabilities(self, store: Store) -> None:
        """The store is a ``Store`` and declares its capabilities as a frozenset of str.

        Fix: give the class every method of carekit.store.Store (docs/reference/protocols.md) and a
        class attribute capabilities = frozenset({...}) of the CAP_* names it really keeps."""
        assert isinstance(store, Store)
        assert isinstance(store.capabilities, frozenset)
        assert all(isinstance(c, str) for c in store.capabilities)

    def test_url_does_not_show_a_password(self, store: Store) -> None:
        """``store.url`` is a string that never shows a password (at most ``:***``).

        Fix: build url with carekit.store.mask_url (a password becomes ``:***``); keep
        the real URL in a private attribute."""
        assert isinstance(store.url, str)
        head = store.url.split("@", 1)[0] if "@" in store.url else ""
        assert ":" not in head.split("://", 1)[-1] or head.endswith(":***")

    def test_url_repr_and_errors_never_show_the_password(
        self, store: Store, store_secret: str | None
    ) -> None:
        """The password of the store's URL is never in ``url``, ``repr()`` or an error text."""
        if not store_secret:
            pytest.skip("the store was opened without a password (store_secret is None)")
        fix = (
            "mask the password (carekit.store.mask_url) in url and repr, and build error "
            "texts from the masked url only"
        )
        seen = {"url": store.url, "repr": repr(store)}
        record = make_record("dream", 3)
        put_new(store, record)
        calls: list[tuple[str, Callable[[], object]]] = [
            ("ConflictError", lambda: store.put(record, expected_version=None)),
            ("RecordNotFoundError", lambda: store.get(str(record_id_for("dream", 998)))),
        ]
        for name, call in calls:
            try:
                call()
            except StoreError as exc:
                seen[name] = f"{exc} | {getattr(exc, 'text', '')!r}"
        for where, text in seen.items():
            check(
                store_secret not in text,
                f"the store's password never shows ({where})",
                fix,
                f"{where} contains the password",
            )

    def test_an_invalid_model_copy_is_refused_and_nothing_is_stored(self, store: Store) -> None:
        """A record changed with ``model_copy`` (which pydantic does not validate) is refused
        with ``RecordValidationError``; nothing is stored."""
        bad = make_record("citizen", 4).model_copy(update={"residence": "castle"})
        refused(
            RecordValidationError,
            lambda: store.put(bad, expected_version=None),
            "every write is validated from its dumped JSON (unvalidated writes are refused)",
            "write only what carekit.store.backend.encode_record(record) returns",
        )
        try:
            store.get(bad.record_id)
        except RecordNotFoundError:
            return
        broken("a refused write stores nothing", "validate before writing", "the record is stored")

    def test_closing_twice_is_allowed(self, store_factory: StoreFactory) -> None:
        """A store may be closed again after its ``with`` block closed it."""
        with store_factory() as opened:
            opened.close()
        opened.close()

    @pytest.mark.parametrize("kind", kinds())
    def test_every_kind_round_trips_equal(self, store: Store, kind: str) -> None:
        """A record of every kind reads back equal, same type, at version 1, stored in UTC.

        Fix: write carekit.store.backend.encode_record(record), read with decode_record(); keep
        stored_at timezone-aware (UTC) and start each record at version 1."""
        record = make_record(kind, 1)
        written = put_new(store, record)
        assert written.version == 1
        assert written.record == record
        assert written.stored_at.utcoffset() == dt.timedelta(0)
        read = store.get(record.record_id)
        assert read.record == record
        assert type(read.record) is type(record)
        assert read.version == 1

    def test_get_of_unknown_record_raises_not_found(self, store: Store) -> None:
        """``get`` of an unknown id raises ``RecordNotFoundError`` naming the id.

        Fix: raise carekit.store.RecordNotFoundError(record_id) when no row has the id, never return
        None or a driver error."""
        missing = str(record_id_for("dream", 999))
        with pytest.raises(RecordNotFoundError) as info:
            store.get(missing)
        assert info.value.record_id == missing

    def test_errors_do_not_show_record_content(self, store: Store) -> None:
        """A store error's message does not show the content of the record it is about.

        Fix: build error messages from ids and versions only, never from the record's fields or its
        JSON."""
        record = make_record("citizen", display_name="Hemmelig Hansen", life_story="Diagnose X")
        store.put(record, expected_version=None)
        with pytest.raises(StoreError) as info:
            store.put(record, expected_version=None)
        assert "Hemmelig" not in str(info.value)
        assert "Diagnose" not in str(info.value)

    # -- query -----------------------------------------------------------------------------
    def _fill(self, store: Store) -> dict[str, Record]:
        other = record_id_for("citizen", 2)
        records = {
            "citizen": make_record("citizen", 0),
            "citizen2": make_record("citizen", 2),
            "plan_a": make_record("safety_plan", 1, review_date=dt.date(2026, 12, 1)),
            "plan_b": make_record(
                "safety_plan", 2, status="draft", review_date=dt.date(2026, 11, 5)
            ),
            "plan_c": make_record(
                "safety_plan", 3, citizen_id=other, review_date=dt.date(2027, 1, 1)
            ),
            "dream": make_record("dream", 1),
            "trial": make_record("trial_action", 1, start_date=dt.date(2026, 11, 20)),
        }
        for record in records.values():
            store.put(record, expected_version=None)
        return records

    def test_query_filters_by_kind_citizen_status_and_due_date(self, store: Store) -> None:
        """``query`` filters by kind, citizen, status and ``due_before`` (drafts never due).

        Fix: apply every filter of the RecordQuery on the latest version of each record; a draft is
        never due (carekit.store.backend has the rules)."""
        r = self._fill(store)

        def ids(found: list[Any]) -> set[str]:
            return {s.record.record_id for s in found}

        assert ids(store.query(kind="safety_plan")) == {
            r["plan_a"].record_id,
            r["plan_b"].record_id,
            r["plan_c"].record_id,
        }
        other = str(record_id_for("citizen", 2))
        assert ids(store.query(citizen_id=other)) == {r["plan_c"].record_id, other}
        assert ids(store.query(kind="safety_plan", status="active")) == {
            r["plan_a"].record_id,
            r["plan_c"].record_id,
        }
        # draft plans are not due; active ones on their review date; trials on start date
        assert ids(store.query(due_before=dt.date(2026, 12, 2))) == {
            r["plan_a"].record_id,
            r["trial"].record_id,
        }
        assert ids(store.query(due_before=dt.date(2026, 12, 1))) == {r["trial"].record_id}
        assert store.query(kind="home_agreement") == []

    def test_query_order_is_deterministic_and_limit_applies(self, store: Store) -> None:
        """``query`` orders by (kind, record id); ``limit`` keeps the first of that order.

        Fix: ORDER BY kind, record_id before LIMIT, on the latest versions only."""
        self._fill(store)
        everything = store.query()
        keys = [(s.record.kind, s.record.record_id) for s in everything]
        assert keys == sorted(keys)
        assert len(everything) == 7
        assert [s.record for s in store.query(limit=3)] == [s.record for s in everything[:3]]

    def test_query_sees_only_the_latest_version(self, store: Store) -> None:
        """``query`` matches and returns only the latest version of each record.

        Fix: match and return only each record's newest version (a head table or MAX(version) per
        record_id), never an older one."""
        plan = make_record("safety_plan", 1)
        put_new(store, plan)
        store.put(touch(plan, status="review_due"), expected_version=1)
        assert store.query(kind="safety_plan", status="active") == []
        found = store.query(kind="safety_plan")
        assert [(s.version, s.record.status) for s in found] == [(2, "review_due")]  # type: ignore[attr-defined]  # the Record base

    def test_citizens_lists_citizen_record_ids(self, store: Store) -> None:
        """``citizens()`` lists the record ids of the citizen records, sorted.

        Fix: return the record ids of records of kind 'citizen', sorted, once each."""
        r = self._fill(store)
        assert store.citizens() == sorted([r["citizen"].record_id, r["citizen2"].record_id])


_INTEGRITY_FIX = (
    "call carekit.store.backend.check_integrity(items, lookup) inside put_many's write "
    "transaction, before anything is written; lookup(ids) returns {id: (kind, citizen_id)} "
    "of the stored records among ids, read in that transaction"
)


class IntegrityConformance(StoreFixtures):
    """Referential integrity, whatever the store declares: a record's citizen exists,
    ``kind`` and ``citizen_id`` never change, every reference (``x-references``) names a
    stored record of its kind about the same citizen; a batch may refer to its own records.
    Checked in the store's write transaction, so direct calls on a store are held to it."""

    def _refused_whole(self, store: Store, record: Record, error: type[BaseException]) -> None:
        audit = store.audit_log() if CAP_AUDIT in store.capabilities else []
        exc = refused(
            error,
            lambda: store.put(record, expected_version=None, events=[_event(record)]),
            f"a {record.kind} whose citizen or references do not resolve is refused with "
            f"{error.__name__}",
            _INTEGRITY_FIX,
        )
        check(
            getattr(exc, "code", None) in ("record.reference", "record.immutable_field"),
            "integrity errors carry the stable code record.reference",
            "raise carekit's own error (check_integrity does)",
            getattr(exc, "code", None),
        )
        try:
            store.get(record.record_id)
        except RecordNotFoundError:
            pass
        else:
            broken(
                "a refused write stores nothing",
                "check integrity before writing the record, in the same transaction",
                f"{record.kind} {record.record_id} was stored",
            )
        if CAP_AUDIT in store.capabilities:
            check(
                store.audit_log() == audit,
                "a refused write appends no audit entry",
                _INTEGRITY_FIX,
            )
        if CAP_OUTBOX in store.capabilities:
            check(
                store.outbox() == [], "a refused write enqueues none of its events", _INTEGRITY_FIX
            )

    def test_a_record_about_a_missing_citizen_is_refused(self, store: Store) -> None:
        """A record whose citizen is not stored is refused (``record.reference``)."""
        self._refused_whole(store, make_record("home_agreement", 1), ReferenceIntegrityError)

    def test_a_reference_to_a_missing_record_is_refused(self, store: Store) -> None:
        """A reference naming no stored record is refused, naming its JSON pointer."""
        store.put(make_record("citizen", 0), expected_version=None)
        trial = make_record("trial_action", 1)  # refers to dream 1, which is not stored
        self._refused_whole(store, trial, ReferenceIntegrityError)
        exc = refused(
            ReferenceIntegrityError,
            lambda: store.put(trial, expected_version=None),
            "a reference to a missing record is refused",
            _INTEGRITY_FIX,
        )
        pointers = [p.pointer for p in getattr(exc, "problems", ())]
        check(
            "/dream_ids/0" in pointers,
            "the integrity error names the JSON pointer of the reference",
            "raise the error check_integrity raises, unchanged",
            pointers,
        )

    def test_a_reference_to_another_citizens_record_is_refused(self, store: Store) -> None:
        """A reference to a record about another citizen is refused."""
        other = record_id_for("citizen", 2)
        store.put(make_record("citizen", 0), expected_version=None)
        store.put(make_record("citizen", 2), expected_version=None)
        store.put(make_record("dream", 1, citizen_id=other), expected_version=None)
        self._refused_whole(store, make_record("trial_action", 1), ReferenceIntegrityError)

    def test_a_reference_to_a_record_of_another_kind_is_refused(self, store: Store) -> None:
        """A reference must name a record of the declared kind."""
        seed(store, make_record("dream", 1))
        wrong = make_record("trial_action", 1, dream_ids=[record_id_for("citizen", 0)])
        self._refused_whole(store, wrong, ReferenceIntegrityError)

    @requires.optimistic_concurrency
    def test_kind_and_citizen_never_change(self, store: Store) -> None:
        """An update that moves a record to another citizen is refused
        (``ImmutableFieldError``) and writes nothing."""
        record = make_record("home_agreement", 1)
        put_new(store, record)
        store.put(make_record("citizen", 2), expected_version=None)
        moved = touch(record, citizen_id=record_id_for("citizen", 2))
        exc = refused(
            ImmutableFieldError,
            lambda: store.put(moved, expected_version=1),
            "citizen_id never changes: an update to another citizen raises ImmutableFieldError",
            _INTEGRITY_FIX,
        )
        check(
            [p.pointer for p in getattr(exc, "problems", ())] == ["/citizen_id"],
            "the error names the field that changed",
            "raise the error check_integrity raises, unchanged",
        )
        check(
            store.get(record.record_id).version == 1,
            "a refused update stores nothing",
            _INTEGRITY_FIX,
        )

    @requires.bulk
    def test_a_batch_may_refer_to_its_own_records(self, store: Store) -> None:
        """In one ``put_many`` a record may refer to records earlier in the batch, its
        citizen included."""
        batch = [
            make_record("citizen", 5),
            make_record("dream", 5, citizen_id=record_id_for("citizen", 5)),
            make_record("trial_action", 5, citizen_id=record_id_for("citizen", 5)),
        ]
        try:
            written = store.put_many([PutItem(r, None) for r in batch])
        except ReferenceIntegrityError as exc:
            broken(
                "references may point to records earlier in the same batch",
                "pass the whole batch to check_integrity (it sees the batch's own records)",
                exc,
            )
        check(
            [w.version for w in written] == [1, 1, 1],
            "every item of the batch is created",
            "write every item",
        )

    @requires.bulk
    def test_a_batch_with_one_dangling_reference_is_refused_whole(self, store: Store) -> None:
        """One dangling reference refuses the whole batch; nothing of it is stored."""
        good = make_record("dream", 6)
        seed(store, good)
        dangling = make_record("perspective", 8)  # refers to dream 8
        refused(
            ReferenceIntegrityError,
            lambda: store.put_many([PutItem(good, None), PutItem(dangling, None)]),
            "a batch with a dangling reference is refused",
            _INTEGRITY_FIX,
        )
        check(
            store.query(kind="dream") == [],
            "a refused batch stores nothing (all or nothing)",
            "check the whole batch before writing any of it",
        )


class HistoryConformance(StoreFixtures):
    """``history``: every version is kept, numbered 1, 2, 3 … without gaps."""

    @requires.history
    def test_versions_increment_without_gaps(self, store: Store) -> None:
        """Each write gets the next version (1, 2, 3 …); ``get(version=)`` reads old ones.

        Fix: write version = current + 1 inside the write transaction and keep every version
        readable with get(version=)."""
        record = make_record("safety_plan")
        versions = [put_new(store, record).version]
        for n in range(1, 6):
            record = touch(record, plan_version=n + 1)
            versions.append(store.put(record, expected_version=n).version)
        assert versions == [1, 2, 3, 4, 5, 6]
        assert store.get(record.record_id).version == 6
        assert store.get(record.record_id, version=3).record.plan_version == 3  # type: ignore[attr-defined]  # get() returns the Record base

    @requires.history
    def test_history_is_oldest_first_and_keeps_every_version(self, store: Store) -> None:
        """``history()`` returns every version, oldest first, with non-decreasing ``stored_at``.

        Fix: never overwrite a version; order history by version ascending."""
        first = make_record("dream")
        second = touch(first, status="hypothesis", hypothesis="Han savner havet.")
        third = touch(second, status="being_tested")
        put_new(store, first)
        store.put(second, expected_version=1)
        store.put(third, expected_version=2)
        history = store.history(first.record_id)
        assert [h.version for h in history] == [1, 2, 3]
        assert [h.record for h in history] == [first, second, third]
        assert history[0].stored_at <= history[1].stored_at <= history[2].stored_at

    @requires.history
    def test_history_and_versions_of_unknown_record_raise_not_found(self, store: Store) -> None:
        """``history`` of an unknown record, ``get`` of a missing version: not found.

        Fix: raise RecordNotFoundError for an unknown record and for a missing version (naming
        the version)."""
        record = make_record("routine")
        with pytest.raises(RecordNotFoundError):
            store.history(record.record_id)
        put_new(store, record)
        with pytest.raises(RecordNotFoundError) as info:
            store.get(record.record_id, version=2)
        assert info.value.version == 2


class OptimisticConcurrencyConformance(StoreFixtures):
    """``optimistic_concurrency``: a write names the version it read; a stale, duplicate or
    dangling write is refused with :class:`~carekit.errors.ConflictError` and writes nothing."""

    @requires.optimistic_concurrency
    def test_stale_update_raises_conflict_and_writes_nothing(self, store: Store) -> None:
        """A write naming a stale version raises ``ConflictError`` and writes nothing.

        Fix: compare expected_version with the current version inside the write transaction (with
        the row locked) and raise ConflictError before writing anything."""
        record = make_record("trial_action")
        put_new(store, record)
        store.put(touch(record, title="Ny titel"), expected_version=1)
        with pytest.raises(ConflictError) as info:
            store.put(touch(record, title="Forældet"), expected_version=1)
        assert (info.value.record_id, info.value.expected, info.value.actual) == (
            record.record_id,
            1,
            2,
        )
        assert store.get(record.record_id).version == 2

    @requires.optimistic_concurrency
    def test_a_stale_update_error_does_not_show_record_content(self, store: Store) -> None:
        """The ``ConflictError`` of a stale update names ids and versions, never content."""
        record = make_record("citizen", 6)
        store.put(record, expected_version=None)
        store.put(touch(record), expected_version=1)
        stale = touch(record, display_name="Hemmelig Hansen", life_story="Diagnose X", minutes=5)
        exc = refused(
            ConflictError,
            lambda: store.put(stale, expected_version=1),
            "a stale update is refused with ConflictError",
            "compare expected_version with the stored version in the write transaction",
        )
        text = f"{exc} {getattr(exc, 'text', '')!r}"
        check(
            "Hemmelig" not in text and "Diagnose" not in text,
            "errors never show record content (personal data)",
            "raise ConflictError(record_id, expected, actual): ids and versions only",
            text[:200],
        )

    @requires.optimistic_concurrency
    def test_duplicate_create_raises_conflict(self, store: Store) -> None:
        """Creating a record that already exists raises ``ConflictError``.

        Fix: treat expected_version=None as 'must not exist': a unique (record_id, version) key, and
        ConflictError when the record exists."""
        record = make_record("citizen")
        store.put(record, expected_version=None)
        with pytest.raises(ConflictError) as info:
            store.put(record, expected_version=None)
        assert (info.value.expected, info.value.actual) == (None, 1)

    @requires.optimistic_concurrency
    def test_update_of_missing_record_raises_conflict(self, store: Store) -> None:
        """Updating a record that does not exist raises ``ConflictError`` (actual ``None``).

        Fix: raise ConflictError(actual=None) when expected_version is given for a record that does
        not exist."""
        missing = make_record("perspective")
        seed(store, missing)
        with pytest.raises(ConflictError) as info:
            store.put(missing, expected_version=1)
        assert (info.value.expected, info.value.actual) == (1, None)

    @requires(CAP_OPTIMISTIC_CONCURRENCY, CAP_HISTORY)
    def test_concurrent_read_modify_write_from_threads_loses_no_update(self, store: Store) -> None:
        """Read-modify-write from several threads loses no update and skips no version.

        Fix: check the expected version and write in one transaction that holds a lock on the record
        (or the store)."""
        record = make_record("safety_plan")
        put_new(store, record)
        wins = Counter[int]()
        lock = threading.Lock()
        unexpected: list[BaseException] = []

        def worker() -> None:
            done = 0
            for _ in range(100_000):  # bounded: a broken store may never let a write win
                if done >= 5:
                    break
                try:
                    current = store.get(record.record_id)
                    changed = touch(current.record, plan_version=current.version + 1)
                    store.put(changed, expected_version=current.version)
                except ConflictError:
                    continue
                except Exception as exc:  # noqa: BLE001 - reported below, not as a thread crash
                    with lock:
                        unexpected.append(exc)
                    return
                done += 1
                with lock:
                    wins[current.version + 1] += 1

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(
            not unexpected,
            "a write that loses a race raises ConflictError, never another error",
            "turn the driver's lock and serialization errors (database is locked, deadlock, "
            "could not serialize) into ConflictError, or wait for the lock inside the store",
            ", ".join(f"{type(e).__name__}: {str(e)[:100]}" for e in unexpected[:3]),
        )
        history = store.history(record.record_id)
        assert [h.version for h in history] == list(range(1, 22))
        assert all(count == 1 for count in wins.values())
        assert sum(wins.values()) == 20


class BulkConformance(StoreFixtures):
    """``bulk``: ``put_many`` writes a batch all-or-nothing — records, audit and outbox."""

    def _refused_batch(self, store: Store) -> Record:
        """Write one record, then a batch of five new records plus a stale update of it
        (with events), which must be refused as a whole; return the existing record."""
        existing = make_record("dream", 7)
        fresh = [make_record("perspective", n) for n in range(5)]
        seed(store, existing, *fresh)
        store.put(existing, expected_version=None)
        bad = PutItem(touch(existing), expected_version=5)
        events = [_event(r) for r in fresh]
        with pytest.raises(ConflictError):
            store.put_many([*(PutItem(r, None) for r in fresh), bad], events=events)
        return existing

    @requires.bulk
    def test_put_many_writes_every_item(self, store: Store) -> None:
        """``put_many`` writes every item of a batch (each new record at version 1).

        Fix: write every PutItem of the batch, each new record at version 1."""
        records = [make_record(kind, 4) for kind in kinds()]
        seed(store, *records)
        written = store.put_many([PutItem(r, None) for r in records])
        assert [w.version for w in written] == [1] * len(records)
        assert [store.get(r.record_id).record for r in records] == records

    @requires.bulk
    def test_put_many_is_all_or_nothing(self, store: Store) -> None:
        """A ``put_many`` batch with one stale item is refused whole: nothing is written.

        Fix: check every item's expected version before writing any, in one transaction; roll back
        on the first failure."""
        existing = self._refused_batch(store)
        assert store.query(kind="perspective") == []
        assert store.get(existing.record_id).version == 1

    @requires(CAP_BULK, CAP_AUDIT)
    def test_refused_put_many_leaves_no_audit_entry(self, store: Store) -> None:
        """A refused ``put_many`` batch appends no audit entry.

        Fix: write the audit rows in the same transaction as the records, after every check has
        passed."""
        existing = self._refused_batch(store)
        assert [e.record_id for e in store.audit_log()][-1:] == [existing.record_id]
        assert [e.record_id for e in store.audit_log(record_id=existing.record_id)] == [
            existing.record_id
        ]
        assert all(e.kind != "perspective" for e in store.audit_log())

    @requires(CAP_BULK, CAP_OUTBOX)
    def test_refused_put_many_leaves_no_outbox_row(self, store: Store) -> None:
        """A refused ``put_many`` batch enqueues none of its events.

        Fix: enqueue the events in the same transaction as the records, after every check has
        passed."""
        self._refused_batch(store)
        assert store.outbox() == []

    @requires(CAP_BULK, CAP_AUDIT)
    def test_put_many_audits_every_item(self, store: Store) -> None:
        """Every item of a ``put_many`` batch gets its own audit entry (not only the first)."""
        records = [make_record("dream", n) for n in range(20, 24)]
        seed(store, *records)
        store.put_many([PutItem(r, None) for r in records])
        audited = [e.record_id for e in store.audit_log() if e.kind == "dream"]
        check(
            audited == [r.record_id for r in records],
            "every write of a batch appends one audit entry, in batch order",
            "append one audit row per item of put_many, in the batch's transaction",
            f"{len(audited)} audit entries for a batch of {len(records)}",
        )

    @requires(CAP_BULK, CAP_HISTORY)
    def test_put_many_may_create_and_update_one_record(self, store: Store) -> None:
        """One ``put_many`` batch may create a record and then update it (versions 1 and 2).

        Fix: check each item against the versions written earlier in the same batch, not only
        against the stored ones."""
        first = make_record("home_agreement")
        seed(store, first)
        second = touch(first, shoe_covers=False)
        written = store.put_many([PutItem(first, None), PutItem(second, 1)])
        assert [w.version for w in written] == [1, 2]
        assert [h.record for h in store.history(first.record_id)] == [first, second]


class AuditConformance(StoreFixtures):
    """``audit``: every write appends an entry to an ordered, append-only audit log."""

    @requires.audit
    def test_every_write_appends_an_audit_entry(self, store: Store) -> None:
        """Every write appends one audit entry (action, version, actor), in ``seq`` order.

        Fix: append one AuditEntry (action 'create' or 'update', the version, record.actor.id) per
        written version, in the write transaction."""
        record = make_record("network_member")
        dream = make_record("dream", 3)
        seed(store, record, dream)
        before = len(store.audit_log())
        store.put(record, expected_version=None)
        store.put(touch(record, status="suspended"), expected_version=1)
        store.put(dream, expected_version=None)
        entries = store.audit_log(record_id=record.record_id)
        assert [(e.action, e.version, e.actor_id) for e in entries] == [
            ("create", 1, record.actor.id),
            ("update", 2, record.actor.id),
        ]
        assert all(e.kind == "network_member" for e in entries)
        assert all(e.citizen_id == str(CITIZEN_ID) for e in entries)
        seqs = [e.seq for e in store.audit_log()]
        assert seqs == sorted(seqs)
        assert len(set(seqs[before:])) == 3
        assert len(store.audit_log(citizen_id=str(CITIZEN_ID))) == before + 3
        assert len(store.audit_log(limit=2)) == 2

    @requires.audit
    def test_refused_write_leaves_no_audit_entry(self, store: Store) -> None:
        """A refused write appends no audit entry.

        Fix: write the audit row only after the version check has passed, in the same
        transaction."""
        record = make_record("consent")
        put_new(store, record)
        before = store.audit_log()
        with pytest.raises(ConflictError):
            store.put(record, expected_version=None)
        assert store.audit_log() == before


class ReadAuditConformance(StoreFixtures):
    """``read_audit``: opened with ``audit_reads=True``, every read is audited, naming the
    reader (``"unknown"`` when none is given)."""

    @requires.read_audit
    def test_reads_are_audited_when_read_auditing_is_on(self, reading_store: Store) -> None:
        """With read auditing on, every ``get`` is audited with the version and reader.

        Fix: when opened with audit_reads, append an AuditEntry(action='read', version, reader) on
        every get."""
        record = make_record("information_record")
        put_new(reading_store, record)
        reading_store.get(record.record_id, reader=READER)
        reading_store.get(record.record_id)
        reads = [
            e for e in reading_store.audit_log(record_id=record.record_id) if e.action == "read"
        ]
        assert [(e.actor_id, e.version) for e in reads] == [(READER.id, 1), ("unknown", 1)]


def _access(
    n: int = 0, *, citizen: str = str(CITIZEN_ID), actor: Actor = READER, purpose: str = "care"
) -> AccessEntry:
    return AccessEntry(
        at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
        actor_id=actor.id,
        actor_name=actor.name,
        actor_role=actor.role,
        actor_kind=actor.kind.value,
        purpose=purpose,
        channel="api",
        operation="get",
        citizen_id=citizen,
        kinds=("citizen", "dream"),
        record_ids=(f"record-{n}", f"other-{n}"),
    )


#: Another reader, for the filters.
OTHER_READER = Actor(id="reader-9", kind=ActorKind.STAFF, name="Bo Madsen", role="sygeplejerske")


def _open_app(store: Store) -> Any:
    """An application over *store* with no entry-point plugins (the kit's own store)."""
    from carekit.app import Application  # noqa: PLC0415 - the kit's app-level checks only
    from carekit.plugins import Plugins, PluginSelection  # noqa: PLC0415

    return Application(store, Plugins.load(selection=PluginSelection(autoload=False)))


class AccessLogConformance(StoreFixtures):
    """``access_log``: the read-access log keeps every entry it is given — buffered in
    memory, written in batches, none lost — returns them in order with the filters, and
    every read path of the application leaves exactly one entry naming the reader and the
    purpose."""

    @requires.access_log
    def test_logged_reads_come_back_in_order_with_every_field(self, store: Store) -> None:
        """Entries come back as given (every field), in order, with increasing ``seq``.

        Fix: store every field of each AccessEntry and return them in the order logged, with an
        increasing seq."""
        entries = [_access(n) for n in range(3)]
        store.log_access(entries)
        found = store.access_log()
        assert [attrs.evolve(e, seq=0) for e in found] == entries
        seqs = [e.seq for e in found]
        assert seqs == sorted(seqs)
        assert len(set(seqs)) == 3
        assert all(seq > 0 for seq in seqs)

    @requires.access_log
    def test_access_log_filters_by_citizen_reader_and_time(self, store: Store) -> None:
        """``citizen_id``, ``actor_id``, ``since`` and ``limit`` filter the entries.

        Fix: apply citizen_id, actor_id, since and limit in access_log() as documented in
        docs/reference/protocols.md."""
        other = "00000000-0000-4000-8000-000000000099"
        store.log_access(
            [_access(0), _access(1, citizen=other), _access(2, actor=OTHER_READER), _access(3)]
        )
        assert [e.record_ids[0] for e in store.access_log(citizen_id=str(CITIZEN_ID))] == [
            "record-0",
            "record-2",
            "record-3",
        ]
        assert [e.citizen_id for e in store.access_log(citizen_id=other)] == [other]
        assert [e.actor_id for e in store.access_log(actor_id=OTHER_READER.id)] == ["reader-9"]
        since = dt.datetime(2026, 11, 2, 9, 2, tzinfo=dt.UTC)
        assert [e.record_ids[0] for e in store.access_log(since=since)] == [
            "record-2",
            "record-3",
        ]
        assert len(store.access_log(limit=2)) == 2

    @requires.access_log
    def test_buffered_entries_are_written_with_the_next_record_write(self, store: Store) -> None:
        """Entries logged before a record write are kept with (or before) it, and a batch
        larger than any buffer loses none.

        Fix: flush any buffered access entries in (or before) the next record write's transaction;
        never drop entries from a full buffer."""
        record = make_record("network_member")
        seed(store, record)
        store.log_access([_access(n) for n in range(1200)])
        store.put(record, expected_version=None)
        store.flush_access_log()
        assert len(store.access_log()) == 1200

    @requires.access_log
    def test_every_application_read_path_leaves_one_entry(self, store: Store) -> None:
        """``get``, ``list``, ``query``, ``history``, ``citizen_records``, ``due`` and the
        citizen's log itself each leave exactly one entry for the citizen, naming the
        reader, the purpose, the channel and what was read.

        Fix: implement log_access() so every entry given is kept once; the application calls it for
        each read path."""
        record = make_record("network_member")
        seed(store, record)
        store.put(record, expected_version=None)
        app = _open_app(store)
        with app.session(actor=READER, purpose="administration", channel="web") as session:
            reads: list[tuple[str, Callable[[], object]]] = [
                ("get", lambda: session.get(record.record_id)),
                ("list", lambda: session.network_members.list(citizen_id=CITIZEN_ID)),
                ("query", lambda: session.network_members.query(citizen_id=CITIZEN_ID)),
                ("history", lambda: session.network_members.history(record.record_id)),
                ("citizen_records", lambda: session.citizen_records(CITIZEN_ID)),
                ("access_log", lambda: session.access_log(CITIZEN_ID)),
            ]
            for operation, read in reads:
                before = len(store.access_log(citizen_id=str(CITIZEN_ID)))
                read()
                new = store.access_log(citizen_id=str(CITIZEN_ID))[before:]
                check(
                    len(new) == 1,
                    f"{operation} leaves one access-log entry",
                    f"{operation} left {len(new)}",
                )
                entry = new[0]
                assert (entry.actor_id, entry.actor_name, entry.actor_role) == (
                    READER.id,
                    READER.name,
                    READER.role,
                ), operation
                assert (entry.purpose, entry.channel, entry.operation) == (
                    "administration",
                    "web",
                    operation,
                )
                if operation != "access_log":
                    assert record.record_id in entry.record_ids, operation
                    assert "network_member" in entry.kinds, operation

    @requires.access_log
    def test_reads_without_a_reader_are_refused_and_log_nothing(self, store: Store) -> None:
        """An application without a reader refuses every read; nothing is logged.

        Fix: log_access() must only keep entries it is given; never invent a reader."""
        from carekit.errors import ReaderRequiredError  # noqa: PLC0415

        record = make_record("network_member")
        seed(store, record)
        store.put(record, expected_version=None)
        app = _open_app(store)
        before = len(store.access_log())
        for read in (
            lambda: app.get(record.record_id),
            app.network_members.list,
            app.network_members.query,
            lambda: app.network_members.history(record.record_id),
            lambda: app.citizen_records(CITIZEN_ID),
            app.due,
        ):
            with pytest.raises(ReaderRequiredError):
                read()
        assert len(store.access_log()) == before


class OutboxConformance(StoreFixtures):
    """``outbox``: events are written in the same transaction as the record; items are
    claimed with a lease, completed, failed (retried later or dead-lettered) and revived."""

    @requires.outbox
    def test_events_are_written_with_the_record(self, store: Store) -> None:
        """Events given to ``put`` are enqueued with the record, payload plus its version.

        Fix: enqueue each event given to put/put_many in the write transaction, its payload plus the
        written version."""
        record = make_record("learning_story")
        event = _event(record, "RecordCreated")
        put_new(store, record, events=[event])
        (item,) = store.outbox()
        assert item.topic == EVENT_TOPIC
        assert item.status == "pending"
        expected = event.to_dict() | {"record_version": 1}
        assert dict(item.payload) == expected
        assert DomainEvent.from_dict(dict(item.payload)).id == event.id

    @requires.outbox
    def test_refused_put_leaves_no_outbox_row(self, store: Store) -> None:
        """A refused ``put`` enqueues none of its events.

        Fix: enqueue the events only after the version check has passed, in the same transaction."""
        record = make_record("dream")
        put_new(store, record)
        with pytest.raises(ConflictError):
            store.put(touch(record), expected_version=4, events=[_event(record)])
        assert store.outbox() == []

    @requires.outbox
    def test_enqueue_is_idempotent_by_key(self, store: Store) -> None:
        """``enqueue`` with a key already used enqueues nothing and returns ``None``.

        Fix: a unique key on the outbox's key column; on a duplicate insert nothing and return None
        (never read-then-insert)."""
        first = store.enqueue("reminder", {"n": 1}, key="reminder:1")
        assert first is not None
        assert store.enqueue("reminder", {"n": 2}, key="reminder:1") is None
        assert store.enqueue("reminder", {"n": 3}) is not None
        assert store.enqueue("reminder", {"n": 3}) is not None
        items = store.outbox()
        assert [dict(i.payload) for i in items] == [{"n": 1}, {"n": 3}, {"n": 3}]
        assert items[0] == first

    @requires.outbox
    def test_claim_leases_due_items_oldest_first(self, store: Store) -> None:
        """``claim`` leases up to ``limit`` due items, oldest first; leased ones are skipped.

        Fix: select due pending items (and in-flight items with an expired lease) oldest first,
        LIMIT, set in_flight with next_attempt_at = now + lease, in one transaction."""
        ids = [store.enqueue("t", {"n": n}) for n in range(5)]
        claimed = store.claim(limit=3, lease_seconds=30)
        assert [c.id for c in claimed] == [i.id for i in ids[:3] if i is not None]
        assert all(c.status == "in_flight" and c.attempts == 1 for c in claimed)
        again = store.claim(limit=10, lease_seconds=30)
        assert [c.id for c in again] == [i.id for i in ids[3:] if i is not None]
        assert store.claim(limit=10, lease_seconds=30) == []
        assert len(store.outbox(status="in_flight")) == 5

    @requires.outbox
    def test_items_are_not_claimed_before_available_at(self, store: Store) -> None:
        """An item is not claimed before its ``available_at``, and is claimed after it.

        Fix: claim only items with next_attempt_at <= now (available_at is the first
        next_attempt_at)."""
        later = _future(3600)
        item = store.enqueue("t", {}, available_at=later)
        assert item is not None
        assert store.claim(limit=5, lease_seconds=30) == []
        (claimed,) = store.claim(limit=5, lease_seconds=30, now=later + dt.timedelta(seconds=1))
        assert claimed.id == item.id

    @requires.outbox
    def test_complete_marks_delivered_and_it_is_not_claimed_again(self, store: Store) -> None:
        """``complete`` marks an item ``delivered``, and it is never claimed again.

        Fix: set status 'delivered' and commit; claim never selects delivered items."""
        store.enqueue("t", {})
        (item,) = store.claim(limit=1, lease_seconds=1)
        store.complete(item.id)
        assert [i.status for i in store.outbox()] == ["delivered"]
        assert store.claim(limit=1, lease_seconds=1, now=_future(3600)) == []

    @requires.outbox
    def test_fail_with_retry_at_reschedules(self, store: Store) -> None:
        """``fail`` with ``retry_at`` makes the item pending again from ``retry_at`` on.

        Fix: set status 'pending', last_error and next_attempt_at = retry_at."""
        store.enqueue("t", {})
        (item,) = store.claim(limit=1, lease_seconds=30)
        retry_at = _future(120)
        store.fail(item.id, error="smtp 451", retry_at=retry_at)
        (failed,) = store.outbox()
        assert (failed.status, failed.last_error, failed.attempts) == ("pending", "smtp 451", 1)
        assert store.claim(limit=1, lease_seconds=30) == []
        (again,) = store.claim(limit=1, lease_seconds=30, now=retry_at)
        assert (again.id, again.attempts) == (item.id, 2)

    @requires.outbox
    def test_fail_without_retry_dead_letters_and_retry_revives(self, store: Store) -> None:
        """``fail`` without ``retry_at`` dead-letters the item; ``retry`` revives it.

        Fix: set status 'dead' when retry_at is None; retry() sets 'pending', due now; claim never
        selects dead items."""
        store.enqueue("t", {})
        (item,) = store.claim(limit=1, lease_seconds=30)
        store.fail(item.id, error="address unknown", retry_at=None)
        assert [i.id for i in store.outbox(status="dead")] == [item.id]
        assert store.claim(limit=1, lease_seconds=30, now=_future(3600)) == []
        store.retry(item.id)
        (revived,) = store.claim(limit=1, lease_seconds=30, now=_future(1))
        assert (revived.id, revived.attempts, revived.status) == (item.id, 2, "in_flight")

    @requires.outbox
    def test_a_pending_item_failed_without_retry_is_never_claimed(self, store: Store) -> None:
        """``fail`` without ``retry_at`` dead-letters a *pending* item too (never claimed, so
        never sent): it is how a message is cancelled (``carekit.notify.cancel``).

        Fix: dead-letter on fail whether the item was claimed or not (pending or in_flight, as
        OUTBOX_RULES says)."""
        item = store.enqueue("t", {})
        assert item is not None
        store.fail(item.id, error="cancelled: the visit was moved", retry_at=None)
        (dead,) = store.outbox()
        check(
            (dead.status, dead.last_error) == ("dead", "cancelled: the visit was moved"),
            "fail(retry_at=None) makes a pending item dead with its error",
            "dead-letter on fail whether the item was claimed or not (status pending or "
            "in_flight, as OUTBOX_RULES says)",
            f"status={dead.status!r}, last_error={dead.last_error!r}",
        )
        check(
            store.claim(limit=10, lease_seconds=30, now=_future(3600)) == [],
            "a cancelled (dead) item is never claimed, so never sent",
            "claim only pending items and in-flight items whose lease expired",
        )

    @requires.outbox
    def test_outbox_operations_check_id_and_status(self, store: Store) -> None:
        """Outbox operations refuse an unknown id or an item in the wrong state.

        Fix: raise OutboxItemNotFoundError for an unknown id and OutboxStateError for a status
        OUTBOX_RULES does not allow (carekit.store.backend.outbox_allowed)."""
        with pytest.raises(OutboxItemNotFoundError):
            store.complete("no-such-item")
        item = store.enqueue("t", {})
        assert item is not None
        with pytest.raises(OutboxStateError):
            store.retry(item.id)
        store.complete(item.id)
        with pytest.raises(OutboxStateError):
            store.fail(item.id, error="late", retry_at=None)

    @requires.outbox
    def test_expired_lease_is_claimed_again(self, store: Store) -> None:
        """An item is claimed again once its lease has expired, not before.

        Fix: claim in-flight items whose next_attempt_at (the lease) has passed, and only those."""
        store.enqueue("t", {})
        t0 = _future(10)
        (first,) = store.claim(limit=1, lease_seconds=30, now=t0)
        assert store.claim(limit=1, lease_seconds=30, now=t0 + dt.timedelta(seconds=29)) == []
        (second,) = store.claim(limit=1, lease_seconds=30, now=t0 + dt.timedelta(seconds=31))
        assert (second.id, second.attempts) == (first.id, 2)

    @requires.outbox
    def test_concurrent_claims_never_hand_out_an_item_twice(self, store: Store) -> None:
        """Claims from several threads at once hand out every item exactly once."""
        for n in range(120):
            store.enqueue("t", {"n": n})
        got: list[str] = []
        lock = threading.Lock()

        def worker() -> None:
            for _ in range(200):  # bounded: a store without leases never runs empty
                batch = store.claim(limit=7, lease_seconds=300)
                if not batch:
                    return
                with lock:
                    got.extend(i.id for i in batch)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(
            len(got) == 120 and len(set(got)) == 120,
            "concurrent claims hand out every item exactly once (a lease keeps it)",
            "claim in one locked step and set next_attempt_at = now + lease_seconds",
            f"{len(got)} hand-outs of {len(set(got))} distinct items, 120 enqueued",
        )


class ConcurrentProcessesConformance(StoreFixtures):
    """``concurrent_processes``: several processes open one store at once; optimistic
    concurrency and outbox claims hold across them.  Provide ``shared_store_opener``."""

    #: How many child processes each test starts (spawned, so each imports your store anew).
    processes: int = 3

    @pytest.fixture
    def shared_store_opener(self, store: Store) -> Callable[[], Store]:
        """Override: a picklable callable (``functools.partial(MyStore, url)``) that opens the
        same one empty store each time it is called, in this process or another."""
        pytest.fail(
            f"the store declares {CAP_CONCURRENT_PROCESSES!r}: {type(self).__name__} must "
            "define a 'shared_store_opener' fixture returning a picklable callable that opens "
            "one shared store"
        )

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))

    @requires(CAP_CONCURRENT_PROCESSES, CAP_OPTIMISTIC_CONCURRENCY, CAP_HISTORY)
    def test_read_modify_write_from_processes_loses_no_update(
        self, store: Store, shared_store_opener: Callable[[], Store]
    ) -> None:
        """Read-modify-write from several processes loses no update and skips no version.

        Fix: lock in the database (a row lock or BEGIN IMMEDIATE), not in the Python process:
        another process does not see a threading.Lock."""
        record = make_record("safety_plan")
        with shared_store_opener() as shared:
            put_new(shared, record)
        rounds = 4
        with self._pool() as pool:
            futures = [
                pool.submit(_increment, shared_store_opener, record.record_id, rounds)
                for _ in range(self.processes)
            ]
            won = [version for f in futures for version in f.result(timeout=300)]
        last = self.processes * rounds + 1
        assert sorted(won) == list(range(2, last + 1))
        with shared_store_opener() as shared:
            history = shared.history(record.record_id)
        assert [h.version for h in history] == list(range(1, last + 1))

    @requires(CAP_CONCURRENT_PROCESSES, CAP_HISTORY)
    def test_a_second_store_object_sees_every_write_of_the_first(
        self, store: Store, shared_store_opener: Callable[[], Store]
    ) -> None:
        """Two store objects on one database (two app servers): each ``get`` and ``query``
        sees the other's latest write; no per-object cache answers with a stale version."""
        record = make_record("safety_plan", 4)
        with shared_store_opener() as one, shared_store_opener() as two:
            put_new(one, record)
            check(two.get(record.record_id).version == 1, "the second object sees a create", "")
            for version in range(1, 4):
                one.put(touch(record, plan_version=version + 1), expected_version=version)
                seen = two.get(record.record_id).version
                listed = [s.version for s in two.query(kind="safety_plan")]
                check(
                    seen == version + 1 and listed == [version + 1],
                    "reads answer the latest committed version, whichever store object wrote it",
                    "do not cache records per store object (or invalidate across processes)",
                    f"get() gave version {seen}, query() {listed}; the latest is {version + 1}",
                )

    @requires(CAP_CONCURRENT_PROCESSES, CAP_OUTBOX)
    def test_claims_from_processes_never_hand_out_an_item_twice(
        self, store: Store, shared_store_opener: Callable[[], Store]
    ) -> None:
        """Claims from several processes on one store hand out every item exactly once.

        Fix: claim with FOR UPDATE SKIP LOCKED or under a store-wide write lock in the database, so
        two processes never get one item."""
        with shared_store_opener() as shared:
            for n in range(60):
                shared.enqueue("t", {"n": n})
        with self._pool() as pool:
            futures = [
                pool.submit(_claim_until_empty, shared_store_opener) for _ in range(self.processes)
            ]
            got = [item for f in futures for item in f.result(timeout=300)]
        assert len(got) == 60
        assert len(set(got)) == 60


class InjectedFault(Exception):
    """Raised by the kit's fault hook to simulate a failure inside a store's transaction."""


_Outcome = tuple[str, Any]


class _Pause:
    """A fault hook that pauses the first caller reaching *point* until released (others
    pass); ``second`` is set when another caller reaches *point* while the first is paused."""

    def __init__(self, point: str, timeout: float) -> None:
        self.point = point
        self.timeout = timeout
        self.reached = threading.Event()
        self.second = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, point: str) -> None:
        if point != self.point:
            return
        with self._lock:
            first = not self.reached.is_set()
            if first:
                self.reached.set()
            elif not self.release.is_set():
                self.second.set()
        if first:
            self.release.wait(self.timeout)


def _run(call: Callable[[], Any], into: list[_Outcome]) -> threading.Thread:
    def target() -> None:
        try:
            into.append(("ok", call()))
        except Exception as exc:  # noqa: BLE001 - the outcome is judged by the test
            into.append(("error", exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


_SEAM_FIX = (
    "set fault_hook = None on the store (carekit.store.backend.StoreBase has it) and call "
    "self.fault_hook(point) at each FAULT_* point inside the transaction"
)


class FaultInjectionConformance(StoreFixtures):
    """Deterministic concurrency and atomicity through the fault-injection seam
    (:data:`carekit.store.FAULT_POINTS`): one caller is paused at a documented point while a
    second one runs, so a missing lock fails every run, not by race luck; or a failure is
    raised there, and nothing of the write may remain.  Skipped (with the reason) for a store
    without a ``fault_hook`` attribute."""

    #: How long the paused caller waits for the second one (which a correct store blocks).
    interleave_seconds: float = 2.0

    def _seam(self, store: Store) -> None:
        if not hasattr(store, "fault_hook"):
            pytest.skip("the store exposes no fault_hook seam (see carekit.store.FAULT_POINTS)")

    def _interleave(
        self, store: Store, point: str, first: Callable[[], Any], second: Callable[[], Any]
    ) -> tuple[_Outcome, _Outcome, bool]:
        """Run *first* until it reaches *point*, then *second*; release *first* once *second*
        finished, *second* reached *point* too, or ``interleave_seconds`` passed (a correct
        store keeps *second* waiting for *first*'s lock meanwhile).  Returns both outcomes and
        whether *second* reached *point* itself while *first* was paused (it got past the step
        a lock should have held it before; a deterministic verdict, whatever happens after)."""
        self._seam(store)
        pause = _Pause(point, timeout=30)
        setattr(store, "fault_hook", pause)  # noqa: B010 - the seam is an optional attribute
        a: list[_Outcome] = []
        b: list[_Outcome] = []
        try:
            ta = _run(first, a)
            if not pause.reached.wait(30):
                ta.join(30)
                broken(f"the store reaches the fault point {point!r}", _SEAM_FIX, a)
            tb = _run(second, b)
            deadline = time.monotonic() + self.interleave_seconds
            while tb.is_alive() and not pause.second.is_set() and time.monotonic() < deadline:
                tb.join(0.005)
            with pause._lock:
                passed = pause.second.is_set()
                pause.release.set()
            ta.join(60)
            tb.join(60)
        finally:
            setattr(store, "fault_hook", None)  # noqa: B010 - the seam is an optional attribute
        return a[0], b[0], passed

    @requires(CAP_OPTIMISTIC_CONCURRENCY, CAP_HISTORY)
    def test_a_writer_between_check_and_commit_holds_back_a_second_writer(
        self, store: Store
    ) -> None:
        """While one writer is between its version check and its commit, a second writer of
        the same record cannot pass its own check: exactly one wins, the other gets
        ``ConflictError``, and the history has no lost or doubled version."""
        record = make_record("safety_plan", 5)
        put_new(store, record)
        mine = touch(record, plan_version=2)
        theirs = touch(record, plan_version=3)
        a, b, passed = self._interleave(
            store,
            "put_many.checked",
            lambda: store.put(mine, expected_version=1),
            lambda: store.put(theirs, expected_version=1),
        )
        fix = (
            "lock the record (SELECT ... FOR UPDATE, BEGIN IMMEDIATE, a lock) before comparing "
            "expected_version, hold it until commit, and keep UNIQUE (record_id, version)"
        )
        # Judged on the second writer reaching its own checked point while the first is
        # paused there, not on who wins afterwards: UNIQUE (record_id, version) may still
        # turn the second into a ConflictError, which would hide the missing lock in some
        # runs and not others.
        check(
            not passed,
            "the version check and the write are one atomic step (a row lock): a second "
            "writer of the same version waits for the first",
            fix,
            "the second put passed its version check while the first was paused after its own",
        )
        for who, outcome in (("first", a), ("second", b)):
            check(
                outcome[0] == "ok" or isinstance(outcome[1], ConflictError),
                "a losing writer gets ConflictError (not a driver error)",
                fix,
                f"the {who} writer raised {type(outcome[1]).__name__}: {outcome[1]}",
            )
        wins = [o for o in (a, b) if o[0] == "ok"]
        check(
            len(wins) == 1,
            "of two writers naming one version exactly one wins (no lost update)",
            fix,
            f"{len(wins)} winners",
        )
        versions = [h.version for h in store.history(record.record_id)]
        check(versions == [1, 2], "no version is lost or written twice", fix, versions)

    @requires.outbox
    def test_a_claim_between_choosing_and_handing_out_holds_back_a_second_claim(
        self, store: Store
    ) -> None:
        """While one dispatcher is claiming, a second one never gets the same items."""
        for n in range(3):
            store.enqueue("t", {"n": n})
        a, b, _ = self._interleave(
            store,
            "claim.selected",
            lambda: store.claim(limit=3, lease_seconds=300),
            lambda: store.claim(limit=3, lease_seconds=300),
        )
        fix = (
            "choose and mark the items in one locked step (UPDATE ... WHERE id IN (SELECT ... "
            "FOR UPDATE SKIP LOCKED), BEGIN IMMEDIATE, a lock)"
        )
        for outcome in (a, b):
            check(
                outcome[0] == "ok",
                "a concurrent claim returns items, never a driver error",
                fix,
                outcome[1],
            )
        first = {i.id for i in a[1]}
        second = {i.id for i in b[1]}
        check(
            not first & second,
            "no item is handed to two claimers while its lease runs (two dispatchers)",
            fix,
            f"{len(first & second)} item(s) claimed by both",
        )

    @requires.outbox
    def test_two_enqueues_with_one_key_enqueue_once(self, store: Store) -> None:
        """Two overlapping ``enqueue`` calls with one key (two ``carekit remind`` runs)
        enqueue one item; the other call returns ``None``."""
        a, b, _ = self._interleave(
            store,
            "enqueue.checked",
            lambda: store.enqueue("reminder", {"n": 1}, key="reminder:race"),
            lambda: store.enqueue("reminder", {"n": 2}, key="reminder:race"),
        )
        fix = (
            "make the key unique in the store (UNIQUE index + INSERT ... ON CONFLICT DO "
            "NOTHING) instead of SELECT-then-INSERT"
        )
        check(a[0] == b[0] == "ok", "enqueue never fails with a driver error", fix, (a, b))
        made = [o for o in (a[1], b[1]) if o is not None]
        keyed = [i for i in store.outbox() if i.key == "reminder:race"]
        check(
            len(made) == 1 and len(keyed) == 1,
            "an idempotency key is enqueued once, also by overlapping callers",
            fix,
            f"{len(keyed)} items with the key; {len(made)} calls returned an item",
        )

    def _fail_at(self, store: Store, point: str, write: Callable[[], Any]) -> None:
        self._seam(store)

        def hook(reached: str) -> None:
            if reached == point:
                raise InjectedFault(point)

        setattr(store, "fault_hook", hook)  # noqa: B010 - the seam is an optional attribute
        try:
            refused(
                InjectedFault,
                write,
                f"a failure at {point!r} fails the write",
                _SEAM_FIX + "; let the hook's exception propagate (after rolling back)",
            )
        finally:
            setattr(store, "fault_hook", None)  # noqa: B010 - the seam is an optional attribute

    @pytest.mark.parametrize("point", ["put_many.checked", "put_many.records_written"])
    def test_a_failure_inside_the_write_leaves_nothing(self, store: Store, point: str) -> None:
        """A failure after the record rows and before the audit and outbox rows (or earlier)
        rolls the whole write back: no record, no audit entry, no event."""
        record = make_record("trial_action", 7)
        seed(store, record)
        audit = store.audit_log() if CAP_AUDIT in store.capabilities else []
        outbox = store.outbox() if CAP_OUTBOX in store.capabilities else []
        self._fail_at(
            store,
            point,
            lambda: store.put(record, expected_version=None, events=[_event(record)]),
        )
        fix = (
            "write the record, its audit rows and its outbox rows in one transaction and "
            "commit once, after all of them"
        )
        try:
            store.get(record.record_id)
        except RecordNotFoundError:
            pass
        else:
            broken("a failed write leaves no record (commit after audit and outbox)", fix)
        if CAP_AUDIT in store.capabilities:
            check(store.audit_log() == audit, "a failed write leaves no audit entry", fix)
        if CAP_OUTBOX in store.capabilities:
            check(store.outbox() == outbox, "a failed write leaves no outbox row", fix)

    @requires.bulk
    def test_a_batch_is_one_transaction(self, store: Store) -> None:
        """``put_many`` is one transaction: its fault points are reached once for the whole
        batch, and a failure there leaves none of the batch."""
        records = [make_record("dream", n) for n in range(30, 33)]
        seed(store, *records)
        self._seam(store)
        calls: list[str] = []

        def hook(point: str) -> None:
            calls.append(point)
            if calls.count("put_many.records_written") == 2:
                raise InjectedFault(point)

        setattr(store, "fault_hook", hook)  # noqa: B010 - the seam is an optional attribute
        try:
            store.put_many([PutItem(r, None) for r in records])
        except InjectedFault:
            pass
        finally:
            setattr(store, "fault_hook", None)  # noqa: B010 - the seam is an optional attribute
        stored = [s.record_id for s in store.query(kind="dream")]
        check(
            calls.count("put_many.records_written") == 1,
            "put_many writes the whole batch in one transaction (not one per item)",
            "open one transaction for the batch; check, write, audit and enqueue inside it",
            f"the records_written point was reached {calls.count('put_many.records_written')} "
            f"times for one batch; {len(stored)} of {len(records)} records remain",
        )
        check(len(stored) == len(records), "the batch is written whole", "write every item")


class StoreConformance(
    RecordsConformance,
    QueryConformance,
    ChainConformance,
    IntegrityConformance,
    HistoryConformance,
    OptimisticConcurrencyConformance,
    BulkConformance,
    AuditConformance,
    ReadAuditConformance,
    AccessLogConformance,
    OutboxConformance,
    EventFeedConformance,
    ConcurrentProcessesConformance,
    FaultInjectionConformance,
):
    """The whole contract every :class:`~carekit.store.Store` keeps.  See the module docs."""
