"""The event feed: pages of domain events read after an opaque cursor, and the table of
CloudEvents types generated from the workflow tables.

A store keeps every event item of its outbox at a *feed position* (``Store.event_feed``),
which grows in commit order and is never reused.  A cursor is that position, wrapped so it
reads as one opaque token (``carekit events tail --after CURSOR``); a page is read from the
store's index in O(limit), at the start of a long outbox as at its end.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from carekit.errors import InvalidCursorError
from carekit.events import DomainEvent, cloudevent_type, to_cloudevent
from carekit.i18n import Text
from carekit.lifecycle import WORKFLOWS
from carekit.model import kinds
from carekit.store import OutboxItem
from carekit.workflows import event_from_dict

__all__ = [
    "RECORD_EVENTS",
    "EventPage",
    "EventType",
    "decode_cursor",
    "default_source",
    "embed_event_types",
    "encode_cursor",
    "event_page",
    "event_types",
    "event_types_table",
]

_PREFIX = "carekit-feed:1:"
#: The events every record kind has besides its workflow's: name and what happened.
RECORD_EVENTS: tuple[tuple[str, Text], ...] = (
    ("RecordCreated", Text("Posten blev oprettet", "The record was created")),
    ("RecordImported", Text("Posten blev importeret", "The record was imported")),
    ("RecordUpdated", Text("Posten blev ændret", "The record was changed")),
)


def encode_cursor(position: int) -> str:
    """The opaque cursor of feed position *position* (0: before the first event)."""
    raw = f"{_PREFIX}{int(position)}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The feed position *cursor* stands for (``None``: the start, 0);
    :class:`~carekit.errors.InvalidCursorError` when carekit did not make it."""
    if cursor is None:
        return 0
    bad = InvalidCursorError(
        Text(
            f"{cursor[:40]!r} er ikke en markør fra carekits hændelsesstrøm; brug den næste "
            "markør, som en side af hændelser gav, eller start forfra uden --after",
            f"{cursor[:40]!r} is not a cursor of carekit's event feed; use the next cursor a "
            "page of events gave, or start from the beginning without --after",
        )
    )
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    number = text.removeprefix(_PREFIX)
    if number == text or not number.isdigit() or not number.isascii():
        raise bad
    return int(number)


def default_source(store_url: str) -> str:
    """The CloudEvents ``source`` of a store: ``urn:carekit:<scheme>:<12 hex digits>``, a
    fingerprint of the (password-masked) URL — stable for one store, and naming no path or
    host, which can hold a person's name."""
    scheme = store_url.split(":", 1)[0] or "store"
    digest = hashlib.sha256(store_url.encode()).hexdigest()[:12]
    return f"urn:carekit:{scheme}:{digest}"


class EventPage(list[DomainEvent]):
    """One page of the event feed: the events (a list, oldest first) and :attr:`cursor`, the
    cursor to read the next page after (the same as the one given when the page is empty,
    so a poller can keep passing it)."""

    cursor: str

    def __init__(self, events: Iterable[DomainEvent], cursor: str) -> None:
        super().__init__(events)
        self.cursor = cursor

    def cloudevents(self, *, source: str) -> list[dict[str, Any]]:
        """The page's events as CloudEvents 1.0 (structured JSON mode)."""
        return [to_cloudevent(e, source=source) for e in self]


def event_page(rows: Sequence[tuple[int, OutboxItem]], after: int) -> EventPage:
    """The page of *rows* (from ``Store.event_feed``) read after position *after*.  An item
    whose payload is no event any more (an erased one) is passed over."""
    events: list[DomainEvent] = []
    last = after
    for position, item in rows:
        last = max(last, position)
        try:
            events.append(event_from_dict(dict(item.payload)))
        except (KeyError, TypeError, ValueError):
            continue
    return EventPage(events, encode_cursor(last))


@attrs.frozen
class EventType:
    """One CloudEvents ``type`` carekit emits, and where it comes from."""

    type: str
    kind: str
    event: str
    action: str | None
    sources: tuple[str, ...]
    target: str | None
    label: Text


def event_types() -> list[EventType]:
    """Every CloudEvents type, generated from the workflow tables (one per workflow action)
    and :data:`RECORD_EVENTS` (for every record kind), sorted by type."""
    out: dict[str, EventType] = {}
    for workflow in WORKFLOWS:
        for action in workflow.actions:
            type_ = cloudevent_type(action.event, workflow.kind)
            if type_ not in out:
                out[type_] = EventType(
                    type_,
                    workflow.kind,
                    action.event,
                    action.name,
                    action.sources,
                    action.target,
                    action.label,
                )
    for kind in kinds():
        for name, label in RECORD_EVENTS:
            type_ = cloudevent_type(name, kind)
            out.setdefault(type_, EventType(type_, kind, name, None, (), None, label))
    return sorted(out.values(), key=lambda t: t.type)


def event_types_table() -> str:
    """The Markdown table of :func:`event_types` (``docs/events.md``)."""
    out = [
        "| type | kind | event | action | from → to | what happened |",
        "|---|---|---|---|---|---|",
    ]
    for t in event_types():
        states = f"{', '.join(t.sources)} → {t.target}" if t.target else ""
        action = f"`{t.action}`" if t.action else ""
        out.append(
            f"| `{t.type}` | `{t.kind}` | `{t.event}` | {action} | {states} | "
            f"{t.label.en} / {t.label.da} |"
        )
    return "\n".join(out) + "\n"


_TABLE_BLOCK = re.compile(r"<!-- cloudevent-types -->.*?<!-- /cloudevent-types -->", re.DOTALL)


def embed_event_types(markdown: str) -> str:
    """*markdown* with its ``<!-- cloudevent-types -->`` block replaced by the table."""
    return _TABLE_BLOCK.sub(
        lambda _: f"<!-- cloudevent-types -->\n{event_types_table()}<!-- /cloudevent-types -->",
        markdown,
    )
