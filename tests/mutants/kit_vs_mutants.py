"""The conformance kits run against every mutant (and against the unbroken controls).

Not collected by default (the file name does not start with ``test_``): ``test_mutation.py``
runs it in a subprocess and reads which kit tests failed for which mutant.  Run it by hand
with ``pytest tests/mutants/kit_vs_mutants.py``: every ``TestMutant_*`` class must have
failures, every ``TestControl_*`` class none.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import _mutant_stores
import pytest
from _catalog import MUTANTS, class_name
from _mutant_app import break_application
from _mutant_channels import MutantChannel, Receiver, channel_mutant
from _mutant_stores import SECRET, MutantMemoryStore, memory_mutant

from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT
from carekit.store import SQLiteStore, Store
from carekit.testing.contract import WriteContractConformance
from carekit.testing.notification import NotificationChannelConformance, ReceivedMessage
from carekit.testing.storage import StoreConformance, StoreFactory


class _MemoryKit(StoreConformance):
    store_class: type[MutantMemoryStore] = MutantMemoryStore

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        cls = self.store_class

        def make(*, audit_reads: bool = False) -> Store:
            return cls(audit_reads=audit_reads)

        return make

    @pytest.fixture
    def store_secret(self) -> str:
        return SECRET


class _SQLiteKit(StoreConformance):
    store_class: type[SQLiteStore] = SQLiteStore

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        counter = iter(range(1000))
        cls = self.store_class

        def make(*, audit_reads: bool = False) -> Store:
            path = tmp_path / f"store-{next(counter)}.sqlite"
            return cls(path, audit_reads=audit_reads, synchronous="normal")

        return make

    @pytest.fixture
    def shared_store_opener(self, tmp_path: Path) -> Callable[[], Store]:
        return functools.partial(self.store_class, tmp_path / "shared.sqlite", synchronous="normal")


class _ChannelKit(NotificationChannelConformance):
    capabilities = frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY})
    rejecting_receiver = True
    channel_class: type[MutantChannel] = MutantChannel

    @pytest.fixture
    def receiver(self) -> Receiver:
        return Receiver()

    @pytest.fixture
    def channel_factory(self, receiver: Receiver) -> Any:
        cls = self.channel_class

        def factory(*, reachable: bool = True, rejecting: bool = False) -> MutantChannel:
            return cls(receiver, reachable=reachable, rejecting=rejecting)

        return factory

    @pytest.fixture
    def received(self, receiver: Receiver) -> Callable[[], Sequence[ReceivedMessage]]:
        return lambda: list(receiver.messages)


class _AppKit(WriteContractConformance):
    """The write-contract kit on the memory store, with carekit's Application broken by
    ``app_bug`` (none for the control)."""

    app_bug = ""

    @pytest.fixture(autouse=True)
    def _broken_application(self, monkeypatch: pytest.MonkeyPatch) -> None:
        if self.app_bug:
            monkeypatch.setattr(*break_application(self.app_bug))

    @pytest.fixture
    def store_url(self) -> str:
        return "memory://"


class TestControl_memory(_MemoryKit):  # noqa: N801 - pairs with TestMutant_<base>_<bug>
    """The memory mutant with no bug: must pass the whole kit."""


class TestControl_sqlite(_SQLiteKit):  # noqa: N801 - pairs with TestMutant_<base>_<bug>
    """The reference SQLite store through the same harness: must pass the whole kit."""


class TestControl_channel(_ChannelKit):  # noqa: N801 - pairs with TestMutant_<base>_<bug>
    """The channel mutant with no bug: must pass the whole kit."""


class TestControl_app(_AppKit):  # noqa: N801 - pairs with TestMutant_<base>_<bug>
    """carekit's Application unbroken: must pass the whole write-contract kit."""


for _mutant in MUTANTS:
    if _mutant.base == "memory":
        _cls: type = type(
            class_name(_mutant), (_MemoryKit,), {"store_class": memory_mutant(_mutant.name)}
        )
    elif _mutant.base == "sqlite":
        _store = getattr(_mutant_stores, _mutant.name)
        _cls = type(class_name(_mutant), (_SQLiteKit,), {"store_class": _store})
    elif _mutant.base == "app":
        _cls = type(class_name(_mutant), (_AppKit,), {"app_bug": _mutant.name})
    else:
        _cls = type(
            class_name(_mutant), (_ChannelKit,), {"channel_class": channel_mutant(_mutant.name)}
        )
    _cls.__doc__ = _mutant.bug
    globals()[_cls.__name__] = _cls
