"""An event listener: counts domain events by name.

Listeners run *after* a change has been committed, once per event.  They receive a
:class:`~carekit.events.DomainEvent` - ids, the record kind, the workflow action and states -
never the record's content.  A listener that raises never undoes or hides the change: carekit
collects the error (naming the plugin) and carries on with the other listeners.  For delivery
that must not be lost, use a notification channel (it goes through the outbox) instead.
"""

from __future__ import annotations

import threading
from collections import Counter

from carekit.events import DomainEvent
from carekit.hookspecs import hookimpl

__all__ = ["EventCounter"]


class EventCounter:
    """Counts events by name (``RecordCreated``, ``SafetyPlanReviewDue``, …); thread-safe.

    An instance is itself a plugin: ``carekit.open(url, plugins=[EventCounter()])`` counts the
    events of that one application.
    """

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, event: DomainEvent) -> None:
        with self._lock:
            self._counts[event.name] += 1

    def count(self, name: str) -> int:
        """How many events called *name* were seen."""
        with self._lock:
            return self._counts[name]

    def snapshot(self) -> dict[str, int]:
        """Every count so far, by event name."""
        with self._lock:
            return dict(self._counts)

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()

    @hookimpl
    def carekit_on_event(self, event: DomainEvent) -> None:
        self.add(event)
