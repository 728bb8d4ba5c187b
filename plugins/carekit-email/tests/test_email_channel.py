"""The e-mail channel against a real SMTP server: headers, errors, and the must-show faults
(server down, slow, 4xx, 5xx), each ending with every notification delivered exactly once
as the receiver sees it."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from carekit_email import IDEMPOTENCY_HEADER, EmailChannel, EmailConfig, make_channel
from carekit_email.plugin import carekit_notification_channels

from carekit.errors import ConfigurationError, DeliveryError
from carekit.notify import Backoff, Dispatcher, Notification, Recipient, Routing
from carekit.notify import enqueue_notification as enqueue
from carekit.store import MemoryStore

from .conftest import PASSWORD, USER, SMTPServer


def channel_for(server: SMTPServer, timeout: float = 2.0) -> EmailChannel:
    return EmailChannel(
        EmailConfig(
            host="127.0.0.1", port=server.port, from_addr="omsorg@example.dk", timeout=timeout
        )
    )


def notifications(n: int = 3) -> list[Notification]:
    routing = Routing()
    out = []
    for i in range(n):
        recipient = Recipient(
            id=f"staff-{i}",
            kind="staff",
            display_name=f"Medarbejder {i}",
            addresses={"email": f"staff{i}@example.dk"},
        )
        out.append(
            routing.notification(
                key=f"reminder:safety_plan_review:r-{i}:2026-12-01:staff:staff-{i}",
                type="reminder.safety_plan_review",
                recipient=recipient,
                record_id=f"r-{i}",
                citizen_id="c-1",
                due_on=dt.date(2026, 12, 1),
            )
        )
    return out


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def setup(
    server: SMTPServer, *, timeout: float = 2.0, max_attempts: int = 5
) -> tuple[MemoryStore, Clock, list[Notification], Dispatcher]:
    store = MemoryStore()
    clock = Clock()
    sent = notifications()
    for n in sent:
        enqueue(store, n, now=clock())
    dispatcher = Dispatcher(
        store,
        [channel_for(server, timeout)],
        clock=clock,
        backoff=Backoff(
            base_seconds=10, max_seconds=60, max_attempts=max_attempts, random=lambda: 0.0
        ),
    )
    return store, clock, sent, dispatcher


def assert_exactly_once(server: SMTPServer, store: MemoryStore, sent: list[Notification]) -> None:
    kept = server.handler.deduplicated()
    assert sorted(kept) == sorted(n.key for n in sent)
    assert store.outbox(status="dead") == []
    assert store.outbox(status="pending") == []
    assert len(store.outbox(status="delivered")) == 2 * len(sent)  # notify + per-channel


def test_message_carries_the_idempotency_key_in_a_header_and_the_message_id(
    smtp_server: SMTPServer,
) -> None:
    n = notifications(1)[0]
    receipt = channel_for(smtp_server).send(n)
    (message,) = smtp_server.handler.messages
    assert message[IDEMPOTENCY_HEADER] == n.key
    assert message["Message-ID"] == receipt.message_id
    assert receipt.message_id is not None
    assert receipt.message_id.endswith("@example.dk>")
    assert message["To"] == "staff0@example.dk"
    assert message["Content-Language"] == "da"


def test_same_key_gives_the_same_message_id(smtp_server: SMTPServer) -> None:
    channel = channel_for(smtp_server)
    n = notifications(1)[0]
    assert channel.send(n).message_id == channel.send(n).message_id


def test_recipient_without_address_is_a_permanent_error_naming_the_channel() -> None:
    channel = EmailChannel(EmailConfig(host="127.0.0.1", port=1, from_addr="a@example.dk"))
    n = notifications(1)[0]
    nobody = Notification.from_dict({**n.to_dict(), "recipient": {"id": "x", "kind": "team"}})
    with pytest.raises(DeliveryError, match="no e-mail address") as info:
        channel.send(nobody)
    assert info.value.retryable is False
    assert info.value.plugin == "email"


def test_config_from_mapping_names_missing_and_unknown_settings() -> None:
    with pytest.raises(ConfigurationError, match="host"):
        EmailConfig.from_mapping({"from": "a@example.dk"})
    with pytest.raises(ConfigurationError, match="hots"):
        EmailConfig.from_mapping({"host": "h", "from": "a@example.dk", "hots": "x"})
    channel = make_channel(
        {"host": "h", "from": "a@example.dk", "port": "2525", "password": "hemmelig"}
    )
    assert channel.config.port == 2525
    assert "hemmelig" not in repr(channel.config)


def test_plugin_declares_the_email_channel() -> None:
    (info,) = carekit_notification_channels()
    assert info.name == "email"
    assert "idempotency_key" in info.capabilities


def test_smtp_server_down_then_back_delivers_each_once(smtp_server: SMTPServer) -> None:
    store, clock, sent, dispatcher = setup(smtp_server)
    smtp_server.stop()
    stats = dispatcher.drain()
    assert stats.delivered == 0
    assert stats.retried == 3
    assert "cannot reach the SMTP server" in (store.outbox(status="pending")[0].last_error or "")
    smtp_server.start()
    clock.advance(11)
    assert dispatcher.drain().delivered == 3
    assert_exactly_once(smtp_server, store, sent)
    assert len(smtp_server.handler.messages) == 3


def test_slow_smtp_server_times_out_is_retried_and_the_receiver_drops_the_repeat(
    smtp_server: SMTPServer,
) -> None:
    store, clock, sent, dispatcher = setup(smtp_server, timeout=0.3)
    smtp_server.handler.slow_seconds = 0.8
    smtp_server.handler.faults.extend(["slow"])
    first = dispatcher.drain()
    assert first.retried == 1
    assert first.delivered == 2
    clock.advance(11)
    assert dispatcher.drain().delivered == 1
    deadline = time.monotonic() + 5
    while len(smtp_server.handler.messages) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    # The slow server accepted the first attempt after the client gave up: the receiver got
    # one message twice, and keeps it once.
    assert len(smtp_server.handler.messages) == 4
    assert_exactly_once(smtp_server, store, sent)


def test_smtp_4xx_is_retried_with_backoff_until_accepted(smtp_server: SMTPServer) -> None:
    store, clock, sent, dispatcher = setup(smtp_server)
    smtp_server.handler.faults.extend(["4xx", "4xx"])
    assert dispatcher.drain().retried == 2
    pending = store.outbox(status="pending")
    assert len(pending) == 2
    assert "451" in (pending[0].last_error or "")
    # Nothing is due before the backoff has passed.
    clock.advance(5)
    assert dispatcher.drain().claimed == 0
    clock.advance(6)
    stats = dispatcher.drain()
    assert stats.delivered == 2
    assert_exactly_once(smtp_server, store, sent)


def test_smtp_5xx_goes_to_dead_letters_and_a_manual_retry_delivers_it_once(
    smtp_server: SMTPServer,
) -> None:
    store, clock, sent, dispatcher = setup(smtp_server)
    smtp_server.handler.faults.extend(["5xx"])
    stats = dispatcher.drain()
    assert stats.dead == 1
    assert stats.delivered == 2
    (dead,) = store.outbox(status="dead")
    assert "554" in (dead.last_error or "")
    assert "email" in (dead.last_error or "")
    store.retry(dead.id)  # due at the store's real "now"
    clock.now = max(clock.now, dt.datetime.now(dt.UTC)) + dt.timedelta(seconds=1)
    assert dispatcher.drain().delivered == 1
    assert_exactly_once(smtp_server, store, sent)


def test_retryable_failure_goes_dead_after_max_attempts(smtp_server: SMTPServer) -> None:
    store, clock, _sent, dispatcher = setup(smtp_server, max_attempts=2)
    smtp_server.stop()
    dispatcher.drain()
    clock.advance(61)
    stats = dispatcher.drain()
    assert stats.dead == 3
    assert all(
        "gave up after 2 attempts" in (i.last_error or "") for i in store.outbox(status="dead")
    )


def tls_channel(server: SMTPServer, **settings: object) -> EmailChannel:
    config = {"host": "127.0.0.1", "port": server.port, "from": "omsorg@example.dk"}
    return make_channel(config | {"timeout": 5} | settings)


def test_starttls_with_the_relays_ca_and_a_login_delivers_over_tls(
    tls_smtp_server: SMTPServer, ca_file: Path
) -> None:
    channel = tls_channel(
        tls_smtp_server, starttls=True, ca_file=str(ca_file), username=USER, password=PASSWORD
    )
    (notification,) = notifications(1)
    channel.send(notification)
    assert tls_smtp_server.handler.keys() == [notification.key]
    assert tls_smtp_server.handler.sessions == [{"tls": True, "login": USER.encode()}]


def test_an_untrusted_certificate_is_a_permanent_error_that_names_ca_file(
    tls_smtp_server: SMTPServer,
) -> None:
    channel = tls_channel(tls_smtp_server, starttls=True, username=USER, password=PASSWORD)
    with pytest.raises(DeliveryError) as caught:
        channel.send(notifications(1)[0])
    assert caught.value.retryable is False
    assert "ca_file" in str(caught.value)
    assert "certificate" in str(caught.value)
    assert tls_smtp_server.handler.messages == []


def test_a_relay_that_requires_starttls_refuses_a_plain_session_permanently(
    tls_smtp_server: SMTPServer,
) -> None:
    # (with a username the settings themselves are refused: test_email_secrets.py)
    channel = tls_channel(tls_smtp_server)
    with pytest.raises(DeliveryError) as caught:
        channel.send(notifications(1)[0])
    assert caught.value.retryable is False
    assert tls_smtp_server.handler.messages == []


def test_a_wrong_password_over_tls_is_a_permanent_error(
    tls_smtp_server: SMTPServer, ca_file: Path
) -> None:
    channel = tls_channel(
        tls_smtp_server, starttls=True, ca_file=str(ca_file), username=USER, password="forkert"
    )
    with pytest.raises(DeliveryError) as caught:
        channel.send(notifications(1)[0])
    assert caught.value.retryable is False
    assert "535" in str(caught.value)
    assert PASSWORD not in str(caught.value)
    assert "forkert" not in str(caught.value)


def test_a_missing_ca_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ca_file"):
        EmailConfig.from_mapping(
            {"host": "h", "from": "a@b.dk", "starttls": True, "ca_file": str(tmp_path / "no.pem")}
        )
    with pytest.raises(ConfigurationError, match="ca_file"):  # built in code, not from settings
        EmailConfig(host="h", from_addr="a@b.dk", ca_file=str(tmp_path / "no.pem"))
