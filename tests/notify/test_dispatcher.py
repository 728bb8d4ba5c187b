"""The dispatcher: events become notifications, fan-out is idempotent, channels fail
independently, retries back off, and dead letters say why."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import ConfigurationError
from carekit.events import DomainEvent
from carekit.notify import (
    DELIVERY_TOPIC,
    Backoff,
    Dispatcher,
    DispatchStats,
    Routing,
    enqueue_notification,
)
from carekit.store import MemoryStore, OutboxItem
from carekit.testing.records import make_record
from carekit.testing.storage import seed

from .conftest import ANNA, CITIZEN, Clock, FakeChannel

NO_JITTER = Backoff(base_seconds=10, max_seconds=100, max_attempts=4, random=lambda: 0.0)


def event(name: str = "TrialActionAdopted", **kw: Any) -> DomainEvent:
    return DomainEvent(
        name=name,
        kind="trial_action",
        record_id="r-1",
        citizen_id=CITIZEN,
        actor_id=ANNA.id,
        at=dt.datetime.now(dt.UTC),
        **kw,
    )


def make(
    store: MemoryStore,
    routing: Routing,
    clock: Clock,
    *channels: FakeChannel,
    backoff: Backoff = NO_JITTER,
) -> Dispatcher:
    return Dispatcher(store, channels, routing=routing, backoff=backoff, clock=clock)


def test_an_adopted_trial_action_reaches_the_team_on_every_channel(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    email, webhook = FakeChannel("email", requires_address=True), FakeChannel("webhook")
    plan = make_record("trial_action", citizen_id=CITIZEN)
    seed(store, plan)  # its dream (stores check references)
    store.put(plan, expected_version=None, events=[event()])
    stats = make(store, routing, clock, email, webhook).drain()
    assert stats.events_routed == 1
    assert stats.delivered == 2
    (sent,) = email.sent
    assert sent.recipient.id == "team-nord"
    assert sent.type == "event.trial_action_adopted"
    assert sent.link == f"https://care.example.dk/{CITIZEN}/r-1"
    assert webhook.keys() == email.keys()


def test_citizen_notices_go_to_the_citizen_and_relatives_in_their_language(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    sms = FakeChannel("sms", requires_address=True)
    email = FakeChannel("email", requires_address=True)
    store.put(make_record("consent"), expected_version=None)  # the citizen shares with the network
    store.enqueue("event", event("VisitChanged", data={"when": "tirsdag kl. 10"}).to_dict())
    make(store, routing, clock, sms, email).drain()
    (to_citizen,) = sms.sent
    (to_son,) = email.sent
    assert to_citizen.recipient.kind == "citizen"
    assert "tirsdag kl. 10" in to_citizen.body
    assert to_citizen.subject == "Dit besøg er flyttet"
    assert to_son.lang == "en"
    assert to_son.type == "notice.visit_changed"  # the type stays; the text is for a relative
    assert to_son.subject == "A visit has moved"
    assert to_son.body.startswith(
        "Hello Peter.\n\nWe have moved a visit to the person you are close to. "
        "We now come tirsdag kl. 10."
    )


def test_a_new_person_notice_names_the_person_or_is_not_sent(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    sms = FakeChannel("sms", requires_address=True)
    email = FakeChannel("email", requires_address=True)
    store.put(make_record("consent"), expected_version=None)  # the citizen shares with the network
    store.enqueue("event", event("NetworkMemberActivated").to_dict())
    store.enqueue("event", event("NetworkMemberActivated", data={"who": "  "}).to_dict())
    make(store, routing, clock, sms, email).drain()
    assert sms.sent == []
    assert email.sent == []
    store.enqueue("event", event("NetworkMemberActivated", data={"who": "Jonas"}).to_dict())
    make(store, routing, clock, sms, email).drain()
    (to_citizen,) = sms.sent
    (to_son,) = email.sent
    assert to_citizen.body.startswith(
        "Hej Karen.\n\nEn ny person kommer hos dig. Personen hedder Jonas."
    )
    assert "Personen hedder ." not in to_citizen.body
    assert to_son.subject == "A new person will visit"
    assert to_son.body.startswith(
        "Hello Peter.\n\nA new person will visit the person you are close to. Their name is Jonas."
    )


def test_events_without_a_rule_make_no_notifications(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    channel = FakeChannel("webhook")
    store.enqueue("event", event("DreamRealised").to_dict())
    stats = make(store, routing, clock, channel).drain()
    assert stats.events_routed == 1
    assert channel.sent == []
    assert [i.status for i in store.outbox()] == ["delivered"]


def test_fan_out_twice_enqueues_each_channel_once(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    d = make(store, routing, clock, FakeChannel("a"), FakeChannel("b"))
    (n,) = routing.route_event(event())
    assert d.fan_out(n, clock()) == 2
    assert d.fan_out(n, clock()) == 0
    assert sorted(i.key or "" for i in store.outbox()) == [f"{n.key}#a", f"{n.key}#b"]


def test_one_failing_channel_never_blocks_or_undoes_the_others(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    good, bad, broken = FakeChannel("good"), FakeChannel("bad"), FakeChannel("broken")
    bad.always = "retry"
    broken.always = "crash"
    store.enqueue("event", event().to_dict())
    stats = make(store, routing, clock, good, bad, broken).drain()
    assert stats.delivered == 1
    assert stats.retried == 2
    assert len(good.sent) == 1
    errors = " | ".join(i.last_error or "" for i in store.outbox(status="pending"))
    assert "plugin 'bad'" in errors
    assert "channel 'broken' raised RuntimeError" in errors


def test_retryable_failures_back_off_and_then_deliver_once(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    channel = FakeChannel("webhook")
    channel.faults.extend(["retry", "retry"])
    store.enqueue("event", event().to_dict())
    d = make(store, routing, clock, channel)
    assert d.drain().retried == 1
    (pending,) = list(store.outbox(status="pending"))
    assert pending.next_attempt_at == clock() + dt.timedelta(seconds=10)
    clock.advance(10)
    assert d.drain().retried == 1
    assert store.outbox(status="pending")[0].next_attempt_at == clock() + dt.timedelta(seconds=20)
    clock.advance(19)
    assert d.drain().claimed == 0
    clock.advance(1)
    assert d.drain().delivered == 1
    assert len(channel.sent) == 1


def test_after_max_attempts_the_item_is_dead_and_retry_brings_it_back(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    channel = FakeChannel("webhook")
    channel.always = "retry"
    store.enqueue("event", event().to_dict())
    d = make(store, routing, clock, channel)
    for _ in range(4):
        d.drain()
        clock.advance(1000)
    (dead,) = store.outbox(status="dead")
    assert dead.attempts == 4
    assert "gave up after 4 attempts" in (dead.last_error or "")
    channel.always = None
    store.retry(dead.id)
    clock.advance(1)
    assert d.drain().delivered == 1


def test_a_permanent_failure_is_dead_at_once(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    channel = FakeChannel("webhook")
    channel.faults.append("fatal")
    store.enqueue("event", event().to_dict())
    stats = make(store, routing, clock, channel).drain()
    assert stats.dead == 1
    assert "bad address" in (store.outbox(status="dead")[0].last_error or "")


def test_a_channel_that_is_not_configured_is_named_with_the_configured_ones(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    d = make(store, routing, clock, FakeChannel("email"))
    (n,) = routing.route_event(event())
    store.enqueue(
        DELIVERY_TOPIC, {"channel": "sms", "notification": n.to_dict()}, available_at=clock()
    )
    d.drain()
    error = store.outbox(status="pending")[0].last_error or ""
    assert "'sms' is not configured (configured: email)" in error


def test_an_unknown_topic_goes_to_the_dead_letters_saying_how_to_fix_it(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    store.enqueue("ehr-sync", {"x": 1})
    make(store, routing, clock, FakeChannel("email")).drain()
    (dead,) = store.outbox(status="dead")
    assert "no handler for outbox topic 'ehr-sync'" in (dead.last_error or "")


def test_registered_handlers_deliver_other_topics(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    seen: list[OutboxItem] = []
    store.enqueue("ehr-sync", {"x": 1})
    d = Dispatcher(store, [], routing=routing, clock=clock, handlers={"ehr-sync": seen.append})
    assert d.drain().claimed == 1
    assert [i.payload["x"] for i in seen] == [1]


def test_an_abandoned_claim_is_delivered_after_its_lease(
    store: MemoryStore, routing: Routing, clock: Clock
) -> None:
    channel = FakeChannel("webhook")
    (n,) = routing.route_event(event())
    enqueue_notification(store, n, now=clock())
    store.claim(limit=10, lease_seconds=60, now=clock())  # a worker that died
    d = make(store, routing, clock, channel)
    assert d.drain().claimed == 0
    clock.advance(61)
    assert d.drain().delivered == 1


def test_run_forever_stops_when_told_and_finishes_its_work(
    store: MemoryStore, routing: Routing
) -> None:
    channel = FakeChannel("webhook")
    store.enqueue("event", event().to_dict())
    stop = threading.Event()
    d = Dispatcher(store, [channel], routing=routing)
    done: list[DispatchStats] = []
    worker = threading.Thread(target=lambda: done.append(d.run_forever(stop, 0.01)))
    worker.start()
    for _ in range(500):
        if channel.sent:
            break
        threading.Event().wait(0.01)
    stop.set()
    worker.join(5)
    assert not worker.is_alive()
    assert done[0].delivered == 1


def test_stats_add_up() -> None:
    assert DispatchStats(claimed=1, dead=2) + DispatchStats(claimed=3) == DispatchStats(
        claimed=4, dead=2
    )


@given(
    attempt=st.integers(1, 200),
    r=st.floats(0, 1),
    base=st.floats(0.1, 100),
    ceiling=st.floats(1, 10_000),
    jitter=st.floats(0, 1),
)
def test_backoff_delay_is_positive_and_never_above_the_maximum(
    attempt: int, r: float, base: float, ceiling: float, jitter: float
) -> None:
    b = Backoff(
        base_seconds=base, max_seconds=ceiling, max_attempts=500, jitter=jitter, random=lambda: r
    )
    delay = b.delay(attempt)
    assert 0 <= delay <= ceiling
    assert delay >= min(ceiling, base * 2 ** (attempt - 1)) * (1 - jitter) - 1e-9


@given(attempt=st.integers(1, 30))
def test_backoff_without_jitter_doubles_until_the_maximum(attempt: int) -> None:
    b = Backoff(base_seconds=1, max_seconds=60, max_attempts=100, random=lambda: 0.0)
    assert b.delay(attempt + 1) == min(60, 2 * b.delay(attempt))


def test_backoff_gives_up_after_max_attempts() -> None:
    b = Backoff(max_attempts=3)
    now = dt.datetime.now(dt.UTC)
    assert b.retry_at(2, now) is not None
    assert b.retry_at(3, now) is None


def test_bad_backoff_settings_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match="max_attempts"):
        Backoff(max_attempts=0)
    with pytest.raises(ConfigurationError, match="jitter"):
        Backoff(jitter=2)


def test_routing_link_template_with_unknown_placeholder_is_explained() -> None:
    r = Routing(link_template="https://x/{patient}")
    with pytest.raises(ConfigurationError, match="record_id"):
        r.route_event(event()) or r.notification(
            key="k", type="notice.new_person", recipient=ANNA, record_id="r", citizen_id="c"
        )
