"""``carekit.open_async``: the application's methods as coroutines, the work off the loop."""

from __future__ import annotations

import inspect
import itertools
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest

import carekit
from carekit.aio import AsyncApplication, AsyncRepository, open_async
from carekit.app import Application, Repository
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records, demo_staff
from carekit.errors import ClosedError, ConflictError, InvalidArgumentError, TransitionNotAllowed
from carekit.events import DomainEvent
from carekit.model import Agreement, AgreementMethod, SafetyPlan, WrittenCopy, now
from carekit.render import render_document
from carekit.testing.readers import TEST_PURPOSE, TEST_READER

pytestmark = pytest.mark.anyio

ANNA = demo_staff()["anna"]
ELSE = demo_citizens()[0]


@pytest.fixture(params=["memory", "sqlite"])
async def app(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncApplication]:
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'a.sqlite'}"
    async with open_async(url, actor=TEST_READER, purpose=TEST_PURPOSE) as application:
        await application.import_records(demo_records(), actor=DEMO_IMPORTER)
        yield application


async def _draft_plan(app: AsyncApplication) -> SafetyPlan:
    plans = await app.safety_plans.list(citizen_id=ELSE.id, status="draft")
    assert plans
    return plans[0].record


def _agreement() -> dict[str, object]:
    return {
        "agreement": Agreement(
            method=AgreementMethod.BOTH, agreed_at=now(), agreed_with="Else", understood=True
        ),
        "written_copy": WrittenCopy(handed_over_at=now(), kept_where="På køleskabet"),
    }


def _public(cls: type) -> set[str]:
    return {n for n, v in vars(cls).items() if not n.startswith("_") and callable(v)}


def test_every_method_of_the_sync_application_has_an_async_twin() -> None:
    for sync_cls, async_cls in ((Application, AsyncApplication), (Repository, AsyncRepository)):
        missing = _public(sync_cls) - _public(async_cls)
        assert missing == set(), f"{async_cls.__name__} lacks {sorted(missing)}"
        for name in _public(sync_cls) - {"subscribe", "session"}:  # no I/O: plain methods
            assert inspect.iscoroutinefunction(getattr(async_cls, name)), name
    assert inspect.iscoroutinefunction(AsyncApplication.render)
    assert carekit.open_async is open_async


async def test_open_async_is_awaitable_and_an_async_context_manager() -> None:
    app = await carekit.open_async("memory://", actor=TEST_READER, purpose=TEST_PURPOSE)
    assert isinstance(app, AsyncApplication)
    assert await app.citizens.list() == []
    await app.close()
    await app.close()  # twice is allowed
    with pytest.raises(ClosedError):
        await app.citizens.list()
    async with carekit.open_async("memory://") as second:
        await second.import_records(demo_records(), actor=DEMO_IMPORTER)
    with pytest.raises(ClosedError):
        await second.get(ELSE.id)


async def test_reads_writes_and_actions_behave_as_in_the_sync_api(app: AsyncApplication) -> None:
    plan = await _draft_plan(app)
    assert (await app.safety_plans.get(plan.id)).record == plan
    assert (await app.get(plan.id)).version == 1
    result = await app.act(plan.id, "agree", actor=ANNA, data=_agreement(), expected_version=1)
    assert result.version == 2
    assert (await app.safety_plans.get(plan.id)).record.status == "agreed"
    history = await app.safety_plans.history(plan.id)
    assert [h.record.status for h in history] == ["draft", "agreed"]
    with pytest.raises(ConflictError):
        await app.act(plan.id, "activate", actor=ANNA, expected_version=1)
    with pytest.raises(TransitionNotAllowed):
        await app.act(plan.id, "agree", actor=ANNA)
    changed = await app.safety_plans.modify(
        plan.id, lambda p: p.model_copy(update={"review_date": None}), actor=ANNA
    )
    assert changed.version == 3
    names = [e.name for e in await app.events()]
    assert "SafetyPlanAgreed" in names
    assert names[-1] == "RecordUpdated"
    assert len(await app.events(limit=2)) == 2
    assert {r.record_id for r in await app.citizen_records(ELSE.id)} >= {plan.record_id}
    assert isinstance(await app.due(), list)
    assert await app.allowed(plan.id)
    assert await app.unreadable_versions() == []


async def test_concurrent_agrees_store_exactly_one_version(app: AsyncApplication) -> None:
    plan = await _draft_plan(app)
    outcomes: list[str] = []

    async def agree() -> None:
        try:
            await app.act(plan.id, "agree", actor=ANNA, data=_agreement(), expected_version=1)
            outcomes.append("ok")
        except (ConflictError, TransitionNotAllowed):
            outcomes.append("refused")

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(agree)
    assert outcomes.count("ok") == 1
    assert len(outcomes) == 20
    assert len(await app.safety_plans.history(plan.id)) == 2


async def test_listeners_run_in_a_worker_thread_not_on_the_loop(app: AsyncApplication) -> None:
    seen: list[tuple[str, bool]] = []
    loop_thread = threading.get_ident()

    def listener(event: DomainEvent) -> None:
        seen.append((event.name, threading.get_ident() == loop_thread))

    app.subscribe(listener)
    plan = await _draft_plan(app)
    await app.act(plan.id, "agree", actor=ANNA, data=_agreement())
    assert seen == [("SafetyPlanAgreed", False)]


async def test_at_most_max_threads_calls_run_at_once() -> None:
    async with open_async("memory://", max_threads=2) as app:
        running = 0
        peak = 0
        lock = threading.Lock()

        def work() -> None:
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.05)
            with lock:
                running -= 1

        async with anyio.create_task_group() as tg:
            for _ in range(6):
                tg.start_soon(app.run_sync, work)
        assert peak == 2


def test_max_threads_must_be_a_positive_int() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        open_async("memory://", max_threads=0)
    assert caught.value.parameter == "max_threads"
    assert "heltal" in caught.value.text.da


async def test_a_cancelled_call_finishes_its_write_in_its_thread(app: AsyncApplication) -> None:
    plan = await _draft_plan(app)
    app.subscribe(lambda event: time.sleep(0.3))  # a slow listener keeps the thread busy
    finished = []
    with anyio.move_on_after(0.05) as scope:
        result = await app.act(plan.id, "agree", actor=ANNA, data=_agreement())
        finished.append(result.version)  # the call is not torn off half-way ...
        await anyio.sleep(1)  # ... the cancellation arrives at the next checkpoint
    assert scope.cancelled_caught
    assert finished == [2]
    assert (await app.get(plan.id)).version == 2  # stored as a whole


async def test_render_is_the_sync_document(app: AsyncApplication) -> None:
    doc = await app.render("safety-plan", citizen_id=ELSE.id)
    records = await app.citizen_records(ELSE.id)
    expected = render_document("safety-plan", records, citizen_id=ELSE.id)
    assert doc.content == expected.content
    assert doc.lang == "da"
    assert "010137" not in str(doc.content)  # a citizen sheet carries no CPR at all


async def test_rendering_three_pdfs_does_not_block_the_event_loop() -> None:
    """An ``async def`` endpoint renders 3 PDFs while a ticker keeps ticking every 10 ms."""
    async with open_async("memory://", actor=TEST_READER, purpose=TEST_PURPOSE) as app:
        await app.import_records(demo_records(), actor=DEMO_IMPORTER)
        ticks: list[float] = []
        done = anyio.Event()

        async def ticker() -> None:
            while not done.is_set():
                ticks.append(time.perf_counter())
                await anyio.sleep(0.01)

        async def endpoint() -> list[bytes]:
            pdfs = []
            for document in ("safety-plan", "network", "home-card"):
                doc = await app.render(document, citizen_id=ELSE.id, format="pdf")
                assert isinstance(doc.content, bytes)
                pdfs.append(doc.content)
            return pdfs

        async with anyio.create_task_group() as tg:
            tg.start_soon(ticker)
            started = time.perf_counter()
            pdfs = await endpoint()
            elapsed = time.perf_counter() - started
            done.set()
        assert [p[:5] for p in pdfs] == [b"%PDF-"] * 3
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        # the loop kept running the whole time: many ticks, none held up for long
        assert len(ticks) >= elapsed / 0.05
        assert max(gaps) < 0.25, f"the loop stalled for {max(gaps):.3f} s"


async def test_the_async_export_of_a_citizen_is_the_sync_one_and_is_logged(
    app: AsyncApplication,
) -> None:
    async with app.session(actor=ANNA, purpose="citizen_request") as anna:
        document = await anna.export_citizen(ELSE.id, include_cpr=False)
    assert document["format"] == "carekit.citizen-export"
    assert document["citizen_id"] == str(ELSE.id)
    assert document["generated_by"]["actor_id"] == ANNA.id
    await app.flush_access_log()
    (entry,) = [e for e in app.store.access_log(citizen_id=str(ELSE.id)) if e.actor_id == ANNA.id]
    assert (entry.purpose, entry.operation) == ("citizen_request", "export_citizen")
