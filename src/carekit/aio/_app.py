"""The async application: the sync :class:`~carekit.app.Application`'s work, off the loop."""

from __future__ import annotations

import datetime as dt
import functools
import os
import uuid
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import anyio
import anyio.to_process
import anyio.to_thread

from carekit.aio._render import render_in_worker
from carekit.aio._repository import AsyncRepository
from carekit.app import ActResult, Application, EventPage, Listener, open_app
from carekit.errors import InvalidArgumentError
from carekit.i18n import Text
from carekit.model import (
    Actor,
    CareNetwork,
    Channel,
    Citizen,
    Consent,
    Dream,
    ExpectationAlignment,
    HomeAgreement,
    InformationRecord,
    LearningStory,
    NetworkMember,
    Perspective,
    Purpose,
    Record,
    Routine,
    RuleFinding,
    SafetyCheckIn,
    SafetyPlan,
    ScheduledVisit,
    TrialAction,
    now,
)
from carekit.workflows import DEFAULT, WorkflowConfig

if TYPE_CHECKING:
    from carekit.app import Reader
    from carekit.app._erase import RetentionRules
    from carekit.errors import PluginError
    from carekit.i18n import Lang
    from carekit.language import JargonTerm
    from carekit.model import Shift
    from carekit.plugins import Plugins, PluginSelection
    from carekit.render import AccessReport, Format, RenderedDocument
    from carekit.store import ErasureReport, Store, StoredRecord, UnreadableVersion
    from carekit.workflows import ActionCheck, DueItem, ShiftWatch

__all__ = ["DEFAULT_MAX_THREADS", "AsyncApplication", "OpeningApplication", "open_async"]

R = TypeVar("R", bound=Record)
T = TypeVar("T")

#: Worker threads one async application uses at most at a time (its ``CapacityLimiter``).
DEFAULT_MAX_THREADS = 8


def _check_threads(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(
            "max_threads",
            Text("et antal tråde (et heltal fra 1)", "a number of threads (an int from 1)"),
            value,
        )


class AsyncApplication:
    """carekit for one store, for ``async`` code: the methods of
    :class:`~carekit.app.Application` as coroutines, each running the sync application's
    work in a worker thread (at most *max_threads* at once).

    Get one with ``await carekit.open_async(url)`` or ``async with carekit.open_async(url)
    as app``; or wrap an application you have: ``AsyncApplication(carekit.open(url))``.
    The rules are the sync application's, because the sync application does the work: the
    write contract, errors, events and listeners are the same.  Listeners
    (:meth:`subscribe`) and ``modify()`` functions run in the worker thread.

    Cancelling a call (a timeout, a client that went away) does not tear it off half-way:
    the call finishes in its thread — a write is stored or refused as a whole, as in the
    sync API — and returns; the cancellation takes effect at the caller's next checkpoint
    (``await``).
    """

    def __init__(self, app: Application, *, max_threads: int = DEFAULT_MAX_THREADS) -> None:
        _check_threads(max_threads)
        #: The sync application doing the work (shared store, plugins, listeners).
        self.sync = app
        #: At most this many of this application's calls run at once, each in a thread.
        self.limiter = anyio.CapacityLimiter(max_threads)
        self.citizens = AsyncRepository(self, app.citizens, Citizen)
        self.care_networks = AsyncRepository(self, app.care_networks, CareNetwork)
        self.network_members = AsyncRepository(self, app.network_members, NetworkMember)
        self.safety_plans = AsyncRepository(self, app.safety_plans, SafetyPlan)
        self.home_agreements = AsyncRepository(self, app.home_agreements, HomeAgreement)
        self.information_records = AsyncRepository(self, app.information_records, InformationRecord)
        self.expectation_alignments = AsyncRepository(
            self, app.expectation_alignments, ExpectationAlignment
        )
        self.safety_check_ins = AsyncRepository(self, app.safety_check_ins, SafetyCheckIn)
        self.dreams = AsyncRepository(self, app.dreams, Dream)
        self.perspectives = AsyncRepository(self, app.perspectives, Perspective)
        self.trial_actions = AsyncRepository(self, app.trial_actions, TrialAction)
        self.routines = AsyncRepository(self, app.routines, Routine)
        self.learning_stories = AsyncRepository(self, app.learning_stories, LearningStory)
        self.consents = AsyncRepository(self, app.consents, Consent)

    async def run_sync(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker thread under this application's limiter: for
        sync work of your own next to carekit's (``await app.run_sync(app.sync.check, r)``)."""
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args, **kwargs), limiter=self.limiter
        )

    # -- what needs no thread ---------------------------------------------------------------
    @property
    def store(self) -> Store:
        """The store (sync: call it through :meth:`run_sync`)."""
        return self.sync.store

    @property
    def plugins(self) -> Plugins:
        """The application's plugins (typed facade)."""
        return self.sync.plugins

    @property
    def config(self) -> WorkflowConfig:
        """The workflow configuration."""
        return self.sync.config

    def subscribe(self, listener: Listener) -> None:
        """Call *listener* after every committed change, once per event, in the worker
        thread that made the change (see :meth:`Application.subscribe`)."""
        self.sync.subscribe(listener)

    @property
    def listener_errors(self) -> Sequence[PluginError]:
        """Errors of listeners since the application was opened (newest last)."""
        return tuple(self.sync.listener_errors)

    @property
    def reader(self) -> Reader | None:
        """Who reads through this application (see :attr:`Application.reader`)."""
        return self.sync.reader

    def session(
        self, *, actor: Actor, purpose: Purpose | str, channel: Channel | str = Channel.API
    ) -> AsyncApplication:
        """A view bound to a reader, sharing the store, the plugins, the listeners and the
        thread limiter (see :meth:`Application.session`); closing it never closes the
        store."""
        view = AsyncApplication(self.sync.session(actor=actor, purpose=purpose, channel=channel))
        view.limiter = self.limiter
        return view

    async def access_log(
        self,
        citizen_id: str | uuid.UUID | None = None,
        *,
        since: dt.date | None = None,
        actor_id: str | None = None,
    ) -> AccessReport:
        """ "Min log" of a citizen (see :meth:`Application.access_log`)."""
        return await self.run_sync(self.sync.access_log, citizen_id, since=since, actor_id=actor_id)

    async def export_citizen(
        self, citizen_id: str | uuid.UUID, *, include_cpr: bool = True
    ) -> dict[str, Any]:
        """The GDPR export of a citizen (see :meth:`Application.export_citizen`)."""
        return await self.run_sync(self.sync.export_citizen, citizen_id, include_cpr=include_cpr)

    async def erase_citizen(
        self,
        citizen_id: str | uuid.UUID,
        *,
        reason: str,
        retention: RetentionRules | None = None,
        override_retention: str | None = None,
    ) -> ErasureReport:
        """Erase a citizen by crypto-shredding (see :meth:`Application.erase_citizen`)."""
        return await self.run_sync(
            self.sync.erase_citizen,
            citizen_id,
            reason=reason,
            retention=retention,
            override_retention=override_retention,
        )

    async def flush_access_log(self) -> None:
        """Write the buffered read-access log rows now."""
        await self.run_sync(self.sync.flush_access_log)

    # -- lifecycle --------------------------------------------------------------------------
    async def close(self) -> None:
        """Close the store (in a thread; waits for nothing else).  Every later call raises
        :class:`~carekit.errors.ClosedError`.  Closing twice is allowed."""
        await self.run_sync(self.sync.close)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with anyio.CancelScope(shield=True):  # close even when the block was cancelled
            await self.close()

    # -- records ----------------------------------------------------------------------------
    async def check(self, record: Record) -> list[RuleFinding]:
        """Every rule finding for *record* (see :meth:`Application.check`)."""
        return await self.run_sync(self.sync.check, record)

    async def add(self, record: R) -> StoredRecord[R]:
        """Store a new record after validation (see :meth:`Application.add`)."""
        return await self.run_sync(self.sync.add, record)

    async def add_many(self, records: Sequence[R]) -> list[StoredRecord[R]]:
        """Store many new records in one transaction (see :meth:`Application.add_many`)."""
        return await self.run_sync(self.sync.add_many, records)

    async def import_records(
        self, records: Sequence[Record], *, actor: Actor
    ) -> list[StoredRecord[Record]]:
        """Store records from elsewhere in their own states, in one transaction (see
        :meth:`Application.import_records`)."""
        return await self.run_sync(self.sync.import_records, records, actor=actor)

    async def update(
        self,
        record: R,
        *,
        expected_version: int,
        actor: Actor,
        at: dt.datetime | None = None,
    ) -> StoredRecord[R]:
        """Store a new version of a record, changed by *actor* (see
        :meth:`Application.update`)."""
        return await self.run_sync(
            self.sync.update, record, expected_version=expected_version, actor=actor, at=at
        )

    async def modify(
        self,
        record_id: str | uuid.UUID,
        fn: Callable[[R], R],
        *,
        actor: Actor,
        retries: int = 5,
    ) -> StoredRecord[R]:
        """Read, apply *fn* (a sync function without side effects, run in the worker
        thread), update; retry on conflicts (see :meth:`Application.modify`)."""
        return await self.run_sync(self.sync.modify, record_id, fn, actor=actor, retries=retries)

    async def get(
        self, record_id: str | uuid.UUID, *, reader: Actor | None = None
    ) -> StoredRecord[Record]:
        """The latest version of a record (see :meth:`Application.get`)."""
        return await self.run_sync(self.sync.get, record_id, reader=reader)

    async def citizen_records(self, citizen_id: str | uuid.UUID) -> list[Record]:
        """Latest versions of every record about one citizen (see
        :meth:`Application.citizen_records`)."""
        return await self.run_sync(self.sync.citizen_records, citizen_id)

    async def unreadable_versions(self) -> list[UnreadableVersion]:
        """Every stored version that no longer decodes (see
        :meth:`Application.unreadable_versions`)."""
        return await self.run_sync(self.sync.unreadable_versions)

    # -- workflows --------------------------------------------------------------------------
    async def allowed(self, record_id: str | uuid.UUID) -> list[ActionCheck]:
        """The actions allowed now on a record (see :meth:`Application.allowed`)."""
        return await self.run_sync(self.sync.allowed, record_id)

    async def act(
        self,
        record_id: str | uuid.UUID,
        action: str,
        *,
        actor: Actor,
        data: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> ActResult[Record]:
        """Apply a workflow action and store the result in one transaction (see
        :meth:`Application.act`)."""
        return await self.run_sync(
            self.sync.act,
            record_id,
            action,
            actor=actor,
            data=data,
            expected_version=expected_version,
            reason=reason,
            at=at,
        )

    async def withdraw_consent(
        self,
        consent_id: str | uuid.UUID,
        *,
        actor: Actor,
        reason: str | None = None,
        at: dt.datetime | None = None,
    ) -> list[StoredRecord[Record]]:
        """Withdraw a consent and what depended on it (see
        :meth:`Application.withdraw_consent`)."""
        return await self.run_sync(
            self.sync.withdraw_consent, consent_id, actor=actor, reason=reason, at=at
        )

    async def change_visit(
        self,
        plan_id: str | uuid.UUID,
        *,
        actor: Actor,
        at: dt.datetime | None = None,
        **details: Any,
    ) -> StoredRecord[SafetyPlan]:
        """Change one planned visit on one date (see :meth:`Application.change_visit`)."""
        return await self.run_sync(self.sync.change_visit, plan_id, actor=actor, at=at, **details)

    async def visits_between(
        self, citizen_id: str | uuid.UUID, start: dt.date, end: dt.date
    ) -> list[ScheduledVisit]:
        """Who comes when (see :meth:`Application.visits_between`)."""
        return await self.run_sync(self.sync.visits_between, citizen_id, start, end)

    async def due(self, as_of: dt.date | None = None) -> list[DueItem]:
        """Everything due or overdue on *as_of* (see :meth:`Application.due`)."""
        return await self.run_sync(self.sync.due, as_of)

    async def shift_watch(
        self,
        *,
        day: dt.date | None = None,
        shift: Shift | str | None = None,
        unit: str | None = None,
        citizen_id: str | uuid.UUID | None = None,
    ) -> ShiftWatch:
        """What to watch on a shift, per citizen (see :meth:`Application.shift_watch`)."""
        return await self.run_sync(
            self.sync.shift_watch, day=day, shift=shift, unit=unit, citizen_id=citizen_id
        )

    async def events(self, *, after: str | None = None, limit: int | None = None) -> EventPage:
        """A page of the event feed, oldest first (see :meth:`Application.events`)."""
        return await self.run_sync(self.sync.events, after=after, limit=limit)

    # -- documents --------------------------------------------------------------------------
    async def render(
        self,
        document: str,
        *,
        citizen_id: str | uuid.UUID,
        lang: Lang | None = None,
        format: Format = "html",
        reveal_cpr: bool = False,
        template_dirs: Iterable[str | os.PathLike[str]] = (),
    ) -> RenderedDocument:
        """Render *document* (``safety-plan``, ``visits``, ``network``, ``alignment``,
        ``home-card``) for a citizen from the stored records, as ``carekit render`` does:
        the plugins' template directories and jargon terms are used, the CPR number is
        masked unless *reveal_cpr* (see :func:`carekit.render.render_document`).

        The records are read in a worker thread; HTML is rendered there too, a PDF in a
        worker *process* (``anyio.to_process``: the garbage collector of a PDF layout
        stops every thread of its process, so a thread would still stall the loop)."""

        def gather() -> tuple[list[Record], tuple[str | os.PathLike[str], ...], list[JargonTerm]]:
            records = self.sync.citizen_records(citizen_id, operation="render")
            terms = self.plugins.jargon_terms(lang or _preferred_lang(records, citizen_id))
            dirs = (*template_dirs, *self.plugins.document_templates())
            return records, dirs, terms

        records, dirs, terms = await self.run_sync(gather)
        args = (document, records, citizen_id, lang, format, dirs, reveal_cpr, terms)
        if format == "pdf":
            return await anyio.to_process.run_sync(render_in_worker, *args)
        return await self.run_sync(render_in_worker, *args)


def _preferred_lang(records: Sequence[Record], citizen_id: str | uuid.UUID) -> Lang:
    for record in records:
        if isinstance(record, Citizen) and str(record.id) == str(citizen_id):
            return "en" if record.preferred_language.value == "en" else "da"
    return "da"


class OpeningApplication(Awaitable[AsyncApplication]):
    """What :func:`open_async` returns: ``await`` it for the application, or use it as
    ``async with carekit.open_async(url) as app:`` (closed at the end of the block)."""

    def __init__(self, opener: Callable[[], Application], max_threads: int) -> None:
        self._opener = opener
        self._max_threads = max_threads
        self._app: AsyncApplication | None = None

    async def _open(self) -> AsyncApplication:
        # Opening reads the plugins and opens (maybe migrates) the store: a thread too.
        sync = await anyio.to_thread.run_sync(self._opener)
        return AsyncApplication(sync, max_threads=self._max_threads)

    def __await__(self) -> Generator[Any, None, AsyncApplication]:
        return self._open().__await__()

    async def __aenter__(self) -> AsyncApplication:
        self._app = await self._open()
        return self._app

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._app is not None:
            await self._app.__aexit__(exc_type, exc, tb)


def open_async(
    url: str | os.PathLike[str] | None = None,
    *,
    plugins: Sequence[object] = (),
    selection: PluginSelection | None = None,
    config: WorkflowConfig = DEFAULT,
    clock: Callable[[], dt.datetime] = now,
    max_threads: int = DEFAULT_MAX_THREADS,
    search_key: bytes | str | None = None,
    actor: Actor | None = None,
    purpose: Purpose | str | None = None,
    channel: Channel | str = Channel.API,
) -> OpeningApplication:
    """Open carekit on the store at *url* for ``async`` code; the arguments are those of
    :func:`carekit.open`, plus *max_threads* (worker threads at once)::

        async with carekit.open_async(url, actor=anna, purpose="care") as app:
            plan = (await app.safety_plans.get(plan_id)).record
            await app.act(plan.id, "agree", actor=anna, data=agreement)

    or ``app = await carekit.open_async(url)`` and ``await app.close()`` yourself.
    """
    _check_threads(max_threads)
    return OpeningApplication(
        functools.partial(
            open_app,
            url,
            plugins=plugins,
            selection=selection,
            config=config,
            clock=clock,
            search_key=search_key,
            actor=actor,
            purpose=purpose,
            channel=channel,
        ),
        max_threads,
    )
