"""The webhook channel against a real HTTP receiver: the signature scheme, replay
protection, and the must-show faults (500, timeout), each ending with every notification
delivered exactly once as the receiver sees it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator

import pytest
from carekit_webhook import (
    MemorySeenKeys,
    SignatureError,
    WebhookChannel,
    WebhookConfig,
    make_channel,
    sign,
    verify_signature,
)
from carekit_webhook.plugin import carekit_notification_channels
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import ConfigurationError, DeliveryError
from carekit.notify import Backoff, Dispatcher, Notification, Recipient, Routing
from carekit.notify import enqueue_notification as enqueue
from carekit.store import MemoryStore

from .conftest import SECRET, HTTPReceiver

CPR = "010190-1234"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def notifications(n: int = 3) -> list[Notification]:
    routing = Routing()
    return [
        routing.notification(
            key=f"event:e-{i}:notice.safety_plan_updated:citizen:c-{i}",
            type="notice.safety_plan_updated",
            recipient=Recipient(
                id=f"c-{i}",
                kind="citizen",
                display_name="Karen",
                addresses={"webhook": f"sms-gateway/{i}"},
            ),
            record_id=f"r-{i}",
            citizen_id=f"c-{i}",
        )
        for i in range(n)
    ]


@pytest.fixture
def channel(http_receiver: HTTPReceiver) -> Iterator[WebhookChannel]:
    with WebhookChannel(WebhookConfig(url=http_receiver.url, secret=SECRET, timeout=0.5)) as ch:
        yield ch


def run(channel: WebhookChannel) -> tuple[MemoryStore, Clock, list[Notification], Dispatcher]:
    store = MemoryStore()
    clock = Clock()
    sent = notifications()
    for n in sent:
        enqueue(store, n, now=clock())
    dispatcher = Dispatcher(
        store, [channel], clock=clock, backoff=Backoff(base_seconds=10, random=lambda: 0.0)
    )
    return store, clock, sent, dispatcher


def assert_exactly_once(
    receiver: HTTPReceiver, store: MemoryStore, sent: list[Notification]
) -> None:
    assert sorted(receiver.receiver.kept) == sorted(n.key for n in sent)
    assert store.outbox(status="dead") == []
    assert store.outbox(status="pending") == []


def test_posts_signed_json_without_record_content(
    channel: WebhookChannel, http_receiver: HTTPReceiver
) -> None:
    n = notifications(1)[0]
    receipt = channel.send(n)
    (kept,) = http_receiver.receiver.kept.values()
    assert receipt.detail == "HTTP 200"
    assert kept["headers"]["Idempotency-Key"] == n.key
    assert kept["json"]["recipient"] == {"id": "c-0", "kind": "citizen", "target": "sms-gateway/0"}
    assert set(kept["json"]) == {
        "key",
        "type",
        "lang",
        "recipient",
        "record_id",
        "citizen_id",
        "link",
        "subject",
        "body",
    }


def test_signature_is_hmac_sha256_of_delivery_id_dot_timestamp_dot_body(
    channel: WebhookChannel,
) -> None:
    n = notifications(1)[0]
    body, headers = channel.request_for(n)
    ts = headers["X-Carekit-Timestamp"]
    assert headers["Idempotency-Key"] == n.key
    signed = f"{n.key}.{ts}.".encode() + body
    expected = hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Carekit-Signature"] == f"v2={expected}"


def test_webhook_500_is_retried_until_accepted_and_seen_once(
    channel: WebhookChannel, http_receiver: HTTPReceiver
) -> None:
    store, clock, sent, dispatcher = run(channel)
    http_receiver.receiver.faults.extend(["500", "500"])
    first = dispatcher.drain()
    assert (first.delivered, first.retried) == (1, 2)
    assert "HTTP 500" in (store.outbox(status="pending")[0].last_error or "")
    clock.advance(11)
    assert dispatcher.drain().delivered == 2
    assert_exactly_once(http_receiver, store, sent)


def test_webhook_timeout_is_retried_and_the_receiver_drops_the_repeat(
    channel: WebhookChannel, http_receiver: HTTPReceiver
) -> None:
    store, clock, sent, dispatcher = run(channel)
    http_receiver.receiver.hang_seconds = 1.0
    http_receiver.receiver.faults.append("hang")
    first = dispatcher.drain()
    assert first.retried == 1
    assert "did not answer in time" in (store.outbox(status="pending")[0].last_error or "")
    clock.advance(11)
    assert dispatcher.drain().delivered == 1
    # The receiver had processed the first attempt; the retry carried the same key and was
    # recognised as a repeat (answered 200, not acted on again).
    assert http_receiver.receiver.rejected == ["replayed"]
    assert len(http_receiver.receiver.raw) == 4
    assert_exactly_once(http_receiver, store, sent)


def test_http_4xx_is_permanent(channel: WebhookChannel, http_receiver: HTTPReceiver) -> None:
    http_receiver.receiver.faults.append("400")
    with pytest.raises(DeliveryError, match="HTTP 400") as info:
        channel.send(notifications(1)[0])
    assert info.value.retryable is False
    assert info.value.plugin == "webhook"


def test_verify_rejects_a_changed_body_an_old_timestamp_and_a_replay() -> None:
    body = b'{"key":"k"}'
    ts = 1_800_000_000
    good = sign(SECRET, ts, body, delivery_id="k")
    verify_signature(SECRET, str(ts), body, good, delivery_id="k", now=ts + 10)
    with pytest.raises(SignatureError) as info:
        verify_signature(SECRET, ts, body + b" ", good, delivery_id="k", now=ts)
    assert info.value.reason == "mismatch"
    with pytest.raises(SignatureError, match="too old"):
        verify_signature(SECRET, ts, body, good, delivery_id="k", now=ts + 301)
    with pytest.raises(SignatureError, match="future"):
        verify_signature(SECRET, ts, body, good, delivery_id="k", now=ts - 301)
    with pytest.raises(SignatureError, match="malformed"):
        verify_signature(SECRET, "yesterday", body, good, delivery_id="k", now=ts)
    seen = MemorySeenKeys()
    verify_signature(SECRET, ts, body, good, now=ts, delivery_id="k", seen=seen)
    with pytest.raises(SignatureError) as replay:
        verify_signature(SECRET, ts, body, good, now=ts, delivery_id="k", seen=seen)
    assert replay.value.reason == "replayed"
    assert replay.value.text.da.startswith("Beskeden")


@given(body=st.binary(max_size=200), ts=st.integers(0, 2**40), flip=st.integers(0, 63))
def test_any_body_verifies_and_any_changed_signature_is_rejected(
    body: bytes, ts: int, flip: int
) -> None:
    signature = sign(SECRET, ts, body, delivery_id="d")
    verify_signature(SECRET, ts, body, signature, delivery_id="d", now=ts)
    hexpart = signature[3:]
    changed = hexpart[:flip] + ("0" if hexpart[flip] != "0" else "1") + hexpart[flip + 1 :]
    with pytest.raises(SignatureError):
        verify_signature(SECRET, ts, body, "v2=" + changed, delivery_id="d", now=ts)


def test_seen_keys_forget_after_their_ttl() -> None:
    seen = MemorySeenKeys(ttl_seconds=10)
    assert seen.add("k", 0)
    assert not seen.add("k", 5)
    assert seen.add("k", 20)


def test_no_cpr_in_the_posted_json(channel: WebhookChannel, http_receiver: HTTPReceiver) -> None:
    n = notifications(1)[0]
    object.__setattr__(n, "subject", f"Borger {CPR}")
    object.__setattr__(n, "body", f"CPR {CPR.replace('-', '')}")
    channel.send(n)
    (entry,) = http_receiver.receiver.raw
    raw = entry["body"].decode()
    assert "1234" not in raw
    assert CPR not in json.dumps(entry["headers"])


def test_config_names_missing_and_bad_settings() -> None:
    with pytest.raises(ConfigurationError, match="secret"):
        WebhookConfig.from_mapping({"url": "https://x"})
    with pytest.raises(ConfigurationError, match="https://"):
        WebhookConfig.from_mapping({"url": "ftp://x", "secret": "s"})
    with make_channel({"url": "https://x.example", "secret": "hemmelig"}) as ch:
        assert "hemmelig" not in repr(ch.config)


def test_plugin_declares_the_webhook_channel() -> None:
    (info,) = carekit_notification_channels()
    assert info.name == "webhook"
    assert "signed" in info.capabilities


def test_timestamp_comes_from_the_clock(http_receiver: HTTPReceiver) -> None:
    with WebhookChannel(
        WebhookConfig(url=http_receiver.url, secret=SECRET), clock=lambda: 1_800_000_000.7
    ) as ch:
        _, headers = ch.request_for(notifications(1)[0])
    assert headers["X-Carekit-Timestamp"] == "1800000000"
