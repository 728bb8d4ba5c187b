"""The dispatcher: drains the store's outbox to the configured channels.

Three outbox topics, each step idempotent by key, so a crash anywhere only repeats work::

    "event"        (DomainEvent, written with the record)  ──route──▶  "notify" items
    "notify"       (one Notification, key = notification key) ──fan out──▶  "notification" items
    "notification" (one Notification × one channel, key = "{notification key}#{channel}")
                   ──send──▶  the channel; complete / retry with backoff / dead letter

Delivery is *at least once*: an item is completed only after its channel accepted it, and a
claim that is never completed (the process died) comes back when its lease runs out.  The
notification's key travels with every attempt so the receiver can make it *exactly once*.
One channel failing never blocks or undoes another: each channel has its own outbox item.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from collections.abc import Callable, Iterable, Mapping
from types import FrameType
from typing import Any, Final

import attrs

from carekit.errors import DeliveryError
from carekit.events import DomainEvent
from carekit.notify._backoff import Backoff
from carekit.notify._consent import StoreConsents, local_today
from carekit.notify._model import Notification, NotificationChannel
from carekit.notify._routing import Routing
from carekit.privacy import mask_cpr_in_text, masked_logger
from carekit.store import EVENT_TOPIC, OutboxItem, Store

__all__ = ["DELIVERY_TOPIC", "NOTIFY_TOPIC", "DispatchStats", "Dispatcher", "enqueue_notification"]

#: One routed notification, before it is fanned out to channels.
NOTIFY_TOPIC: Final = "notify"
#: One notification for one channel.
DELIVERY_TOPIC: Final = "notification"

_log = masked_logger("carekit.notify")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.frozen
class DispatchStats:
    """What one or more dispatcher rounds did."""

    claimed: int = 0
    events_routed: int = 0
    notifications_enqueued: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    #: relatives left out of a notice for want of the citizen's consent (ST-11)
    relatives_skipped: int = 0

    def __add__(self, other: DispatchStats) -> DispatchStats:
        return DispatchStats(
            *(a + b for a, b in zip(attrs.astuple(self), attrs.astuple(other), strict=True))
        )

    def as_dict(self) -> dict[str, int]:
        """Each count by its field name (JSON-ready)."""
        return attrs.asdict(self)


def enqueue_notification(
    store: Store, notification: Notification, *, now: dt.datetime | None = None
) -> bool:
    """Put *notification* in the outbox (topic ``notify``); ``False`` when a notification
    with the same key is already there (it was sent or is on its way)."""
    item = store.enqueue(
        NOTIFY_TOPIC, notification.to_dict(), key=notification.key, available_at=now
    )
    return item is not None


class _Outcome:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


class Dispatcher:
    """Delivers what is in the outbox.

    ``channels`` are the configured channels (by their ``name``); ``routing`` turns events
    into notifications; ``backoff`` decides retries and dead letters; ``clock`` gives "now"
    (inject a fake clock in tests); ``handlers`` deliver other outbox topics the application
    uses (an item with a topic nobody handles goes to the dead letters with a message saying
    so).
    """

    def __init__(
        self,
        store: Store,
        channels: Mapping[str, NotificationChannel] | Iterable[NotificationChannel],
        *,
        routing: Routing | None = None,
        backoff: Backoff | None = None,
        batch_size: int = 50,
        lease_seconds: float = 60.0,
        clock: Callable[[], dt.datetime] = _now,
        handlers: Mapping[str, Callable[[OutboxItem], None]] | None = None,
    ) -> None:
        self.store = store
        if isinstance(channels, Mapping):
            self.channels: dict[str, NotificationChannel] = dict(channels)
        else:
            self.channels = {channel.name: channel for channel in channels}
        self.routing = routing or Routing()
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.clock = clock
        self.handlers = dict(handlers or {})

    # -- fan-out ---------------------------------------------------------------------------
    def fan_out(self, notification: Notification, now: dt.datetime) -> int:
        """One ``notification`` outbox item per channel that reaches the recipient; the
        key ``{notification key}#{channel}`` makes a repeat a no-op.  Returns how many were
        new."""
        new = 0
        payload_notification = notification.to_dict()
        for name, channel in sorted(self.channels.items()):
            if channel.requires_address and not notification.recipient.address(name):
                continue
            item = self.store.enqueue(
                DELIVERY_TOPIC,
                {"channel": name, "notification": payload_notification},
                key=f"{notification.key}#{name}",
                available_at=now,
            )
            new += item is not None
        return new

    # -- one round -------------------------------------------------------------------------
    def run_once(
        self, now: dt.datetime | None = None, *, stop: threading.Event | None = None
    ) -> DispatchStats:
        """Claim one batch of due items and handle each.  With *stop* set between items the
        round ends early; the items not yet handled keep their lease and come back when it
        runs out (nothing is half-done)."""
        now = now or self.clock()
        items = self.store.claim(limit=self.batch_size, lease_seconds=self.lease_seconds, now=now)
        outcome = _Outcome()
        outcome.add("claimed", len(items))
        for item in items:
            if stop is not None and stop.is_set():
                break
            self._handle(item, now, outcome)
        return DispatchStats(**outcome.counts)

    def drain(self, now: dt.datetime | None = None, *, max_rounds: int = 1000) -> DispatchStats:
        """Run rounds at *now* until nothing due is left (retries scheduled later stay)."""
        total = DispatchStats()
        for _ in range(max_rounds):
            stats = self.run_once(now)
            total += stats
            if stats.claimed == 0:
                break
        return total

    def _handle(self, item: OutboxItem, now: dt.datetime, outcome: _Outcome) -> None:
        if item.topic == DELIVERY_TOPIC:
            self._deliver(item, now, outcome)
            return
        try:
            if item.topic == EVENT_TOPIC:
                event = DomainEvent.from_dict(dict(item.payload))
                routed = self.routing.route(
                    event,
                    on=local_today(now),
                    consents=self.routing.consents or StoreConsents(self.store),
                )
                for notification in routed.notifications:
                    enqueue_notification(self.store, notification, now=now)
                for skipped in routed.skipped:
                    # ids and a reason code only: never a name
                    _log.info(
                        "event %s: %s not sent to a relative (%s)",
                        event.id,
                        skipped.notification_type,
                        skipped.reason,
                    )
                outcome.add("relatives_skipped", len(routed.skipped))
                outcome.add("events_routed")
            elif item.topic == NOTIFY_TOPIC:
                notification = Notification.from_dict(item.payload)
                outcome.add("notifications_enqueued", self.fan_out(notification, now))
            elif item.topic in self.handlers:
                self.handlers[item.topic](item)
            else:
                known = ", ".join(
                    sorted({EVENT_TOPIC, NOTIFY_TOPIC, DELIVERY_TOPIC, *self.handlers})
                )
                self._give_up(
                    item,
                    f"no handler for outbox topic {item.topic!r} (handled: {known}); register "
                    "one in Dispatcher(handlers=...) and run `carekit outbox retry`",
                    outcome,
                )
                return
        except Exception as exc:  # noqa: BLE001 - routing or a handler failed: retry the item
            self._retry_or_give_up(
                item, f"topic {item.topic!r}: {type(exc).__name__}: {exc}", now, outcome
            )
            return
        self.store.complete(item.id)

    def _deliver(self, item: OutboxItem, now: dt.datetime, outcome: _Outcome) -> None:
        name = str(item.payload.get("channel"))
        notification = Notification.from_dict(item.payload["notification"])
        channel = self.channels.get(name)
        if channel is None:
            installed = ", ".join(sorted(self.channels)) or "none"
            self._retry_or_give_up(
                item,
                f"channel {name!r} is not configured (configured: {installed}); is its plugin "
                "installed and configured?",
                now,
                outcome,
            )
            return
        try:
            receipt = channel.send(notification)
        except DeliveryError as exc:
            message = str(exc) if exc.plugin == name else f"channel {name!r}: {exc}"
            if exc.retryable:
                self._retry_or_give_up(item, message, now, outcome)
            else:
                self._give_up(item, message, outcome)
            return
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the others
            self._retry_or_give_up(
                item, f"channel {name!r} raised {type(exc).__name__}: {exc}", now, outcome
            )
            return
        self.store.complete(item.id)
        outcome.add("delivered")
        _log.info(
            "delivered %s via %s (attempt %d, message id %s)",
            notification.key,
            name,
            item.attempts,
            receipt.message_id,
        )

    def _retry_or_give_up(
        self, item: OutboxItem, error: str, now: dt.datetime, outcome: _Outcome
    ) -> None:
        retry_at = self.backoff.retry_at(item.attempts, now)
        if retry_at is None:
            self._give_up(item, f"{error} (gave up after {item.attempts} attempts)", outcome)
            return
        self.store.fail(item.id, error=mask_cpr_in_text(error), retry_at=retry_at)
        outcome.add("retried")
        _log.warning(
            "outbox item %s attempt %d failed, retry at %s: %s",
            item.id,
            item.attempts,
            retry_at.isoformat(),
            mask_cpr_in_text(error),
        )

    def _give_up(self, item: OutboxItem, error: str, outcome: _Outcome) -> None:
        self.store.fail(item.id, error=mask_cpr_in_text(error), retry_at=None)
        outcome.add("dead")
        _log.error("outbox item %s is dead: %s", item.id, mask_cpr_in_text(error))

    # -- the worker ------------------------------------------------------------------------
    def run_forever(
        self,
        stop_event: threading.Event | None = None,
        poll_interval: float = 5.0,
        *,
        handle_signals: bool = True,
    ) -> DispatchStats:
        """Run rounds until *stop_event* is set (or SIGTERM/SIGINT arrives, when
        *handle_signals* and this is the main thread).  The item being delivered is finished
        first; claimed but unhandled items return after their lease."""
        stop = stop_event or threading.Event()
        previous: dict[signal.Signals, Any] = {}
        if handle_signals and threading.current_thread() is threading.main_thread():

            def _on_signal(signum: int, _frame: FrameType | None) -> None:
                _log.info("signal %d received: finishing the current item, then stopping", signum)
                stop.set()

            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, _on_signal)
        total = DispatchStats()
        try:
            while not stop.is_set():
                stats = self.run_once(stop=stop)
                total += stats
                if stats.claimed == 0:
                    stop.wait(poll_interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return total
